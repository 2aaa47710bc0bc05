"""Create an organisation (address, NIP), have the secretariat verify it, find it in the directory — in real Chromium."""
from playwright.sync_api import expect

from app.extensions import db
from tests import factories
from tests.browser.conftest import assert_accessible, open_folded_choices

ORG_NAME = "Fundacja Most nad Dunajcem"


def log_in(page, email):
    page.goto("/auth/login")
    page.get_by_label("Adres e-mail").fill(email)
    page.get_by_label("Hasło").fill(factories.PASSWORD)
    page.get_by_role("button", name="Zaloguj się").click()
    expect(page.get_by_text("Zalogowano")).to_be_visible()  # waits for the page after the redirect


def log_out(page):
    page.get_by_role("button", name="Wyloguj się").click()


def test_create_an_organisation_and_find_it_after_verification(page, in_live_db):
    with in_live_db():
        factories.make_user(email="zofia@example.org", display_name="Zofia Założycielka")
        factories.make_user(email="sekretariat@example.org", display_name="Sekretariat Sieci", role="moderator")
        factories.make_org(name="Stowarzyszenie Sąsiedzi Tarnów", counties=["tarnow-city"], themes=["social-relations"])

    log_in(page, "zofia@example.org")
    page.goto("/orgs/")
    assert_accessible(page)
    page.get_by_role("link", name="Dodaj organizację").click()
    expect(page.get_by_role("heading", name="Dodaj organizację")).to_be_visible()
    assert_accessible(page)

    page.get_by_role("button", name="Zapisz").click()  # an empty form: messages next to the fields
    expect(page.get_by_role("alert")).to_be_visible()
    assert_accessible(page)
    page.get_by_label("Nazwa", exact=True).fill(ORG_NAME)
    page.get_by_label("Rodzaj organizacji").select_option("migrant-support-organisation")
    page.get_by_label("mieszkalnictwo", exact=True).check()
    page.get_by_label("powiat dąbrowski", exact=True).check()
    page.get_by_label("ukraiński", exact=True).check()
    page.get_by_label("Telefon").fill("+48 14 642 00 00")
    page.get_by_label("Opis po polsku").fill("Pomagamy rodzinom z Ukrainy w **Dąbrowie Tarnowskiej**.")
    page.get_by_label("Ulica i numer").fill("ul. Berka Joselewicza 1")
    page.get_by_label("Kod pocztowy").fill("33200")
    page.get_by_label("Miejscowość").fill("Dąbrowa Tarnowska")
    page.get_by_label("NIP", exact=True).fill("123-456-32-19")  # one digit wrong
    page.get_by_role("button", name="Zapisz").click()
    expect(page.locator("#nip-error")).to_contain_text("To nie jest poprawny NIP")
    expect(page.get_by_label("NIP", exact=True)).to_have_value("123-456-32-19")
    expect(page.get_by_label("Kod pocztowy")).to_have_value("33-200")
    assert_accessible(page)
    page.get_by_label("NIP", exact=True).fill("123-456-32-18")
    page.get_by_role("button", name="Zapisz").click()

    expect(page.get_by_role("heading", name=ORG_NAME)).to_be_visible()
    expect(page.get_by_text("oczekuje na weryfikację").first).to_be_visible()
    assert page.locator(".user-content strong").inner_text() == "Dąbrowie Tarnowskiej"
    assert_accessible(page)
    log_out(page)

    page.goto("/orgs/?county=dabrowski")
    assert page.get_by_role("link", name=ORG_NAME).count() == 0

    log_in(page, "sekretariat@example.org")
    page.goto("/orgs/")
    page.get_by_role("link", name="Kolejka weryfikacji").click()
    expect(page.locator(".card", has_text=ORG_NAME).get_by_text("1234563218")).to_be_visible()
    assert_accessible(page)
    page.get_by_role("button", name=f"Zweryfikuj: {ORG_NAME}").click()
    expect(page.get_by_text("jest zweryfikowana")).to_be_visible()
    log_out(page)

    page.goto("/orgs/")
    page.get_by_label("powiat dąbrowski").check()
    page.get_by_role("button", name="Pokaż organizacje").click()
    assert "county=dabrowski" in page.url
    expect(page.get_by_role("heading", name="1 organizacja")).to_be_visible()
    assert_accessible(page)
    page.get_by_role("link", name=ORG_NAME).click()
    expect(page.get_by_text("zweryfikowana", exact=True)).to_be_visible()
    assert_accessible(page)


def test_the_organisation_form_folds_its_long_lists_and_keeps_each_box_beside_its_label(page, live_app):
    """The form was 6,142 px tall with its 111 checkboxes, each above its label."""
    with live_app.app_context():
        factories.make_user(email="skladanie@example.org")
        db.session.commit()
    log_in(page, "skladanie@example.org")
    page.goto("/orgs/new")
    height = page.locator("form.org-form").bounding_box()["height"]
    assert height < 6142 / 3, height
    open_folded_choices(page)
    box = page.get_by_label("powiat dąbrowski", exact=True).bounding_box()
    label = page.locator("label", has_text="powiat dąbrowski").first.bounding_box()
    assert abs(box["y"] - label["y"]) < 12 and box["x"] < label["x"]  # beside, not above
    assert box["width"] >= 24 and box["height"] >= 24  # WCAG 2.2 target size
    assert_accessible(page)
