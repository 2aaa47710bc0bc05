"""The PDF of a submitted application: its content read back with pypdf (Polish and Ukrainian
letters included), the labels in the reader's language, and the same access as the application."""
import io
from datetime import datetime, timezone
from zoneinfo import ZoneInfo

import pytest
from pypdf import PdfReader

from app.extensions import db
from app.files import samples
from app.files import services as file_services
from app.grants.models import GrantBudgetLine, GrantRequiredDocument
from tests.grants.factories import make_application

SUBMITTED = datetime(2026, 11, 30, 22, 45, tzinfo=timezone.utc)  # 23:45 in Warsaw, still 30 November


@pytest.fixture
def submitted(call, lead_org, partner_org, applicant):
    call.documents = [GrantRequiredDocument(position=0, name="Umowa partnerska")]
    db.session.flush()
    application = make_application(call, lead_org, applicant, partners=[partner_org], title="Żółta ścieżka",
                                   own_contribution=25_050)
    application.summary = "Допомога родинам з Тарнова у пошуку житла."
    application.problem = "Rodziny nie wiedzą, gdzie szukać pomocy."
    application.budget_lines.append(GrantBudgetLine(position=1, category="materials", description="Papier",
                                                    quantity=3, unit_cost=10_000))
    document = file_services.add_attachment(applicant, application, samples.make_pdf("Umowa", ["Treść."]),
                                            "umowa-partnerska.pdf")
    document.grant_document_id = call.documents[0].id
    application.status, application.submitted_at = "submitted", SUBMITTED
    db.session.flush()
    return application


def _text(response) -> str:
    reader = PdfReader(io.BytesIO(response.data))
    return " ".join(" ".join(page.extract_text().split()) for page in reader.pages).replace("\xa0", " ")


def test_the_pdf_holds_the_whole_application(client, submitted, applicant):
    client.login(applicant)
    response = client.get(f"/grants/applications/{submitted.id}/application.pdf")
    assert response.status_code == 200 and response.mimetype == "application/pdf"
    assert "attachment" in response.headers["Content-Disposition"]
    text = _text(response)
    assert "Żółta ścieżka" in text and "Допомога родинам з Тарнова у пошуку житла." in text
    assert "Małe granty dla sieci lokalnych 2027" in text  # the call
    assert "Fundacja Dom w Tarnowie" in text and "Gmina Testowa" in text  # the partnership
    assert "Rodziny nie wiedzą, gdzie szukać pomocy." in text and "Warsztaty" in text and "rodziny" in text
    # 10 × 1 000 zł + 3 × 100 zł = 10 300 zł; own contribution 250,50 zł; requested 10 049,50 zł.
    assert "10 300,00 zł" in text and "250,50 zł" in text and "10 049,50 zł" in text
    assert "Umowa partnerska" in text and "umowa-partnerska.pdf" in text  # the attachments
    assert "30 listopada 2026, 23:45 (czas warszawski)" in text


def test_the_labels_follow_the_readers_language(client, submitted, applicant):
    client.login(applicant)
    text = _text(client.get(f"/grants/applications/{submitted.id}/application.pdf?lang=uk"))
    assert "Бюджет" in text and "Партнерство" in text and "Żółta ścieżka" in text
    warsaw = SUBMITTED.astimezone(ZoneInfo("Europe/Warsaw"))
    assert f"{warsaw:%H:%M}" in text


@pytest.mark.parametrize("persona, status", [
    ("applicant", 200), ("partner_admin", 200), ("moderator", 200), ("outsider", 404), (None, 404)])
def test_the_pdf_has_the_applications_readers(client, submitted, request, persona, status):
    if persona is not None:
        client.login(request.getfixturevalue(persona))
    assert client.get(f"/grants/applications/{submitted.id}/application.pdf").status_code == status


def test_a_draft_has_no_pdf(client, call, lead_org, applicant):
    draft = make_application(call, lead_org, applicant)
    client.login(applicant)
    assert client.get(f"/grants/applications/{draft.id}/application.pdf").status_code == 404
