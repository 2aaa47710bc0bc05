"""What the applicants are told by e-mail, through the real SMTP server, each in their language:
the submission's confirmation, and the secretariat's answer to a final report."""
import pytest

from app.db import utcnow
from app.directory.models import Membership
from app.extensions import db
from app.grants.models import GrantReport
from app.permissions import forget_principal
from tests import factories
from tests.grants.factories import make_application
from tests.mailserver import Mailbox


@pytest.fixture
def lead_people(lead_org):
    """Another admin of the lead (Ukrainian) and a plain member (English)."""
    admin, member = factories.make_user(language="uk"), factories.make_user(language="en")
    db.session.add_all([Membership(user_id=admin.id, organisation_id=lead_org.id, status="active", role="admin"),
                        Membership(user_id=member.id, organisation_id=lead_org.id, status="active", role="member")])
    db.session.flush()
    for person in (admin, member):
        forget_principal(person)
    return admin, member


def test_the_submission_is_confirmed_to_the_submitter_and_the_leads_admins(
        client, mailbox, call, lead_org, partner_org, applicant, partner_admin, lead_people):
    other_admin, member = lead_people
    application = make_application(call, lead_org, applicant, partners=[partner_org])
    client.login(applicant)
    mailbox.clear()
    assert client.post_form(f"/grants/applications/{application.id}/submit").status_code == 302
    polish = mailbox.last_to(applicant.email)
    assert "Wniosek „Sieć wsparcia w Tarnowie” został złożony" in polish["Subject"]
    text = Mailbox.text_of(polish)
    assert "Konkurs: Małe granty dla sieci lokalnych 2027" in text and "Gmina Testowa" in text
    assert "Wnioskowana kwota: 10\u00a0000,00\u00a0zł" in text and "(czas warszawski)" in text
    ukrainian = Mailbox.text_of(mailbox.last_to(other_admin.email))
    assert "Заявку «Sieć wsparcia w Tarnowie» подано" in ukrainian and "Конкурс: Малі гранти" in ukrainian
    assert mailbox.to(member.email) == [] and mailbox.to(partner_admin.email) == []
    assert len(mailbox.to(applicant.email)) == 1
    [pdf] = [part for part in polish.iter_attachments() if part.get_content_type() == "application/pdf"]
    assert pdf.get_filename() == f"grant-application-{application.id}.pdf"
    assert pdf.get_content().startswith(b"%PDF-")


@pytest.fixture
def granted(call, lead_org, partner_org, applicant):
    application = make_application(call, lead_org, applicant, partners=[partner_org], status="submitted",
                                   submitted_at=utcnow(), decision="granted", awarded_amount=900_000,
                                   decided_at=utcnow())
    application.report = GrantReport(status="submitted", done="Warsztaty.", spent=900_000, own_spent=0,
                                     submitted_at=utcnow())
    application.results[0].reached = 40
    db.session.flush()
    return application


def test_a_returned_report_is_told_to_the_leads_members_who_can_correct_it(
        client, mailbox, granted, applicant, moderator, partner_admin, lead_people):
    other_admin, member = lead_people
    client.login(moderator)
    mailbox.clear()
    client.post_form(f"/grants/applications/{granted.id}/report/review",
                     {"comment": "Brakuje listy obecności.", "return_report": "1"})
    assert db.session.get(GrantReport, granted.report.id).status == "returned"
    polish = mailbox.last_to(applicant.email)
    assert "zwrócone do poprawy" in polish["Subject"] and "Brakuje listy obecności." in polish["Subject"]
    assert "/grants/applications/" in Mailbox.text_of(polish)
    assert "Brakuje listy obecności." in mailbox.last_to(member.email)["Subject"]  # English, a member can correct it
    assert "returned for corrections" in mailbox.last_to(member.email)["Subject"]
    assert "повернуто" in mailbox.last_to(other_admin.email)["Subject"]
    assert mailbox.to(partner_admin.email) == []  # a partner does not write the report


def test_an_accepted_report_is_told_to_the_leads_members(client, mailbox, granted, applicant, moderator,
                                                          partner_admin, lead_people):
    other_admin, member = lead_people
    client.login(moderator)
    mailbox.clear()
    client.post_form(f"/grants/applications/{granted.id}/report/review", {"comment": "", "accept": "1"})
    assert "Sprawozdanie końcowe z „Sieć wsparcia w Tarnowie” zostało przyjęte" in \
        mailbox.last_to(applicant.email)["Subject"]
    assert "is accepted" in mailbox.last_to(member.email)["Subject"]
    assert "прийнято" in mailbox.last_to(other_admin.email)["Subject"]
    assert mailbox.to(partner_admin.email) == []
