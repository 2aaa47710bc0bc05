"""Register, confirm through the e-mailed link, log in and switch language in real Chromium."""
from playwright.sync_api import expect

from tests.browser.conftest import assert_accessible
from tests.mailserver import Mailbox


def test_register_confirm_login_and_switch_language(page, mailbox):
    page.goto("/")
    assert_accessible(page)
    page.get_by_role("link", name="Zarejestruj się").click()
    assert_accessible(page)

    page.get_by_label("Adres e-mail").fill("nowa.osoba@example.org")
    page.get_by_label("Imię i nazwisko").fill("Nowa Osoba")
    page.get_by_label("Hasło", exact=True).fill("długie hasło do forum")
    page.get_by_label("Powtórz hasło").fill("długie hasło do forum")
    page.get_by_label("Akceptuję").check()
    page.get_by_role("button", name="Załóż konto").click()
    expect(page.get_by_role("heading", name="Sprawdź skrzynkę")).to_be_visible()
    assert_accessible(page)

    message = mailbox.last_to("nowa.osoba@example.org")
    confirm_link = next(link for link in Mailbox.links_in(message) if "/auth/confirm/" in link)
    page.goto(confirm_link)
    expect(page.get_by_text("adres e-mail został potwierdzony")).to_be_visible()
    assert_accessible(page)

    page.get_by_label("Adres e-mail").fill("nowa.osoba@example.org")
    page.get_by_label("Hasło").fill("długie hasło do forum")
    page.get_by_role("button", name="Zaloguj się").click()
    expect(page.get_by_text("Zalogowano pomyślnie")).to_be_visible()

    page.get_by_role("link", name="English").click()
    expect(page.locator("html")).to_have_attribute("lang", "en")
    page.get_by_role("link", name="Nowa Osoba").click()
    expect(page.get_by_role("heading", name="Your account")).to_be_visible()
    assert_accessible(page)

    page.get_by_role("link", name="Українська").click()
    expect(page.locator("html")).to_have_attribute("lang", "uk")
    assert_accessible(page)
