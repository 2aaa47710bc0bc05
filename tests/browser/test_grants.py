"""Write a small-grant application in real Chromium with JavaScript turned off, checked with axe-core.

The form's tables of rows (activities, results, budget lines) grow with an "add a row" button
that re-renders the page: nothing typed may be lost, and a wrong amount gets its message next
to the cell.
"""
import re
from pathlib import Path

import pytest
from playwright.sync_api import expect

from app.files import samples
from tests import factories
from tests.browser.conftest import assert_accessible
from tests.browser.test_events import log_in

STATIC = Path(__file__).resolve().parents[2] / "app" / "static"
STYLESHEET = re.compile(r'<link rel="stylesheet" href="/static/([a-z/]+\.css)[^"]*">')


@pytest.fixture(scope="module")
def call_id(live_app):
    from app.extensions import db
    from tests.grants.factories import make_call

    with live_app.app_context():
        applicant = factories.make_user(email="anna.granty@example.org", display_name="Anna Wnioskodawczyni")
        factories.make_org(name="Fundacja Dom w Tarnowie", admin=applicant, counties=["tarnow-city"])
        factories.make_org(name="Gmina Testowa", org_type="gmina", counties=["tarnowski"])
        call = make_call()
        db.session.commit()
        return call.id


@pytest.fixture
def page_without_js(chromium, live_server):
    context = chromium.new_context(base_url=live_server.url, locale="pl-PL", java_script_enabled=False)
    context.set_default_timeout(10_000)
    yield context.new_page()
    context.close()


@pytest.fixture
def check_accessible(page):
    """axe-core needs JavaScript: the no-JS page's HTML, as it stands, is checked in a page that runs
    it, with the site's style sheets written in (nothing is fetched again from the server)."""

    def inline(match):
        return "<style>" + (STATIC / match.group(1)).read_text(encoding="utf-8") + "</style>"

    def check(no_js_page):
        page.set_content(STYLESHEET.sub(inline, no_js_page.content()), wait_until="load")
        assert_accessible(page)

    return check


def test_an_application_written_without_javascript(page_without_js, check_accessible, call_id):
    page = page_without_js
    log_in(page, "anna.granty@example.org")
    page.goto(f"/grants/{call_id}")
    check_accessible(page)
    page.get_by_label("Tytuł projektu").fill("Sieć wsparcia w Tarnowie")
    page.get_by_role("button", name="Rozpocznij wniosek").click()
    expect(page.get_by_text("Rozpoczęto szkic wniosku.")).to_be_visible()
    check_accessible(page)

    page.get_by_label("Streszczenie").fill("Punkt porad dla rodzin.")
    page.get_by_label("Działanie 1: Działanie").fill("Warsztaty dla rodziców")
    page.get_by_label("Działanie 1: Od").fill("2027-05-01")
    page.get_by_label("Działanie 1: Do").fill("2027-05-02")
    for number in range(1, 6):
        page.get_by_label(f"Pozycja budżetu {number}: Co").fill(f"Pozycja {number}")
        page.get_by_label(f"Pozycja budżetu {number}: Liczba").fill("2")
        page.get_by_label(f"Pozycja budżetu {number}: Koszt jednostkowy (zł)").fill("1000")
    page.get_by_role("button", name="Dodaj wiersz budżetu").click()  # a sixth row, everything kept
    expect(page.get_by_label("Pozycja budżetu 6: Co")).to_have_value("")
    expect(page.get_by_label("Pozycja budżetu 5: Co")).to_have_value("Pozycja 5")
    expect(page.get_by_label("Działanie 1: Działanie")).to_have_value("Warsztaty dla rodziców")
    expect(page.locator("tfoot")).to_contain_text("10\u00a0000,00\u00a0zł")
    check_accessible(page)

    page.get_by_label("Pozycja budżetu 6: Co").fill("Catering")
    page.get_by_label("Pozycja budżetu 6: Liczba").fill("1")
    page.get_by_label("Pozycja budżetu 6: Koszt jednostkowy (zł)").fill("-50")
    page.get_by_role("button", name="Zapisz szkic").click()
    expect(page.get_by_role("alert")).to_be_visible()
    expect(page.locator("#budget-5-unit_cost-error")).to_contain_text("Kwota nie może być ujemna.")
    expect(page.get_by_label("Pozycja budżetu 6: Koszt jednostkowy (zł)")).to_have_value("-50")
    check_accessible(page)

    page.get_by_label("Pozycja budżetu 6: Koszt jednostkowy (zł)").fill("250,50")
    page.get_by_role("button", name="Zapisz szkic").click()
    expect(page.get_by_text("Szkic został zapisany.")).to_be_visible()
    expect(page.locator("tfoot")).to_contain_text("10\u00a0250,50\u00a0zł")
    expect(page.get_by_text("Jeszcze nie").first).to_be_visible()  # the checklist: a partner is missing
    check_accessible(page)

    page.get_by_role("button", name="Złóż wniosek").click()  # refused: the rules do not hold yet
    expect(page.get_by_text("Wniosek nie spełnia jeszcze wszystkich zasad")).to_be_visible()
    check_accessible(page)


def test_the_secretariats_pages_are_accessible(page, call_id, live_app):
    """The call form (with its messages), the application page with the review panel, a review, the ranking."""
    from app.db import utcnow
    from app.directory.models import Organisation
    from app.extensions import db
    from app.grants.models import GrantCall, GrantReview
    from tests.grants.factories import make_application

    with live_app.app_context():
        moderator = factories.make_user(email="monika.granty@example.org", role="moderator")
        lead = db.session.execute(db.select(Organisation).where(Organisation.name == "Gmina Testowa")).scalar_one()
        application = make_application(db.session.get(GrantCall, call_id), lead,
                                       status="submitted", submitted_at=utcnow())
        review = GrantReview(application_id=application.id, reviewer_id=moderator.id, assigned_at=utcnow())
        db.session.add(review)
        db.session.commit()
        application_id, review_id = application.id, review.id
    log_in(page, "monika.granty@example.org")
    page.goto("/grants/new")
    assert_accessible(page)
    page.get_by_role("button", name="Zapisz", exact=True).click()  # empty: messages next to the fields
    expect(page.get_by_role("alert")).to_be_visible()
    assert_accessible(page)
    for url in (f"/grants/applications/{application_id}", f"/grants/reviews/{review_id}",
                f"/grants/{call_id}/ranking", f"/grants/{call_id}/results", "/grants/", "/grants/mine",
                "/secretariat/"):  # the dashboard with its small-grants tables
        page.goto(url)
        assert_accessible(page)


@pytest.fixture
def application_with_documents(live_app, call_id):
    from app.directory.models import Organisation
    from app.extensions import db
    from app.grants.models import GrantRequiredDocument
    from tests.grants.factories import make_application, make_call

    with live_app.app_context():
        call = make_call(title_pl="Konkurs z dokumentami")
        call.documents = [GrantRequiredDocument(position=0, name="Umowa partnerska")]
        lead = db.session.execute(db.select(Organisation).where(
            Organisation.name == "Fundacja Dom w Tarnowie")).scalar_one()
        application = make_application(call, lead, title="Wniosek z załącznikami")
        db.session.commit()
        return application.id


def test_attachments_uploaded_without_javascript(page_without_js, check_accessible, application_with_documents):
    page = page_without_js
    log_in(page, "anna.granty@example.org")
    page.goto(f"/grants/applications/{application_with_documents}")
    expect(page.get_by_text("brakuje: Umowa partnerska")).to_be_visible()
    page.get_by_role("link", name="Dodaj lub zmień załączniki").click()
    check_accessible(page)

    page.get_by_label("Plik: Umowa partnerska").set_input_files(
        files=[{"name": "program.exe", "mimeType": "application/octet-stream", "buffer": b"\x00\x01\x02"}])
    page.get_by_role("button", name="Wyślij plik").first.click()
    expect(page.get_by_role("alert")).to_be_visible()
    expect(page.locator("[id$='-file-error']").first).to_contain_text("Ten rodzaj pliku nie jest przyjmowany")
    check_accessible(page)

    pdf = samples.make_pdf("Umowa partnerska", ["Zażółć gęślą jaźń."])
    page.get_by_label("Plik: Umowa partnerska").set_input_files(
        files=[{"name": "umowa.pdf", "mimeType": "application/pdf", "buffer": pdf}])
    page.get_by_role("button", name="Wyślij plik").first.click()
    expect(page.get_by_text("Plik umowa.pdf jest załączony.")).to_be_visible()
    expect(page.get_by_role("link", name="umowa.pdf")).to_be_visible()
    check_accessible(page)
    for lang in ("en", "uk"):
        page.goto(f"/grants/applications/{application_with_documents}/files?lang={lang}")
        check_accessible(page)
    page.goto(f"/grants/applications/{application_with_documents}?lang=pl")
    expect(page.get_by_text("Wszystkie wymagane dokumenty są załączone.")).to_be_visible()

    page.get_by_label("Nazwa organizacji do zaproszenia").fill("gmina test")  # the partner search, a GET form
    page.get_by_role("button", name="Szukaj organizacji").click()
    expect(page.get_by_role("list", name="Znalezione organizacje")).to_contain_text("Gmina Testowa")
    check_accessible(page)
    page.get_by_role("button", name="Zaproś Gmina Testowa").click()
    expect(page.get_by_text("Zaproszono: Gmina Testowa")).to_be_visible()
    check_accessible(page)


def test_the_reviewer_invitation_page_is_accessible(page, call_id, live_app):
    """The page a reviewer with no account opens from the secretariat's e-mail, in three languages,
    empty and with its messages; the account is then made and the application given to it."""
    from app.db import utcnow
    from app.directory.models import Organisation
    from app.extensions import db
    from app.grants.models import GrantCall, GrantReviewerInvitation
    from app.grants.reviewer_invitations import invitation_token
    from tests.grants.factories import make_application

    with live_app.app_context():
        lead = db.session.execute(db.select(Organisation).where(Organisation.name == "Gmina Testowa")).scalar_one()
        application = make_application(db.session.get(GrantCall, call_id), lead, title="Wniosek do oceny",
                                       status="submitted", submitted_at=utcnow())
        invitation = GrantReviewerInvitation(application_id=application.id, email="recenzent.nowy@example.org")
        db.session.add(invitation)
        db.session.commit()
        link = f"/grants/reviewer-invitations/{invitation_token(invitation)}"
    for lang in ("en", "uk", "pl"):
        page.goto(f"{link}?lang={lang}")
        assert_accessible(page)
    page.get_by_role("button", name="Utwórz moje konto recenzenta").click()
    expect(page.get_by_role("alert")).to_be_visible()
    assert_accessible(page)
    page.get_by_label("Imię i nazwisko").fill("Nowy Recenzent")
    page.get_by_label("Hasło", exact=True).fill("bardzo długie hasło recenzenta")
    page.get_by_label("Powtórz hasło").fill("bardzo długie hasło recenzenta")
    page.get_by_label("Akceptuję regulamin").check()
    page.get_by_role("button", name="Utwórz moje konto recenzenta").click()
    expect(page.get_by_text("Konto recenzenta jest gotowe")).to_be_visible()
    expect(page.get_by_text("Wniosek do oceny")).to_be_visible()
    assert_accessible(page)
