"""Register, confirm through the e-mailed link, log in and switch language in real Chromium."""
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
    assert page.get_by_role("heading", name="Sprawdź skrzynkę").is_visible()
    assert_accessible(page)

    message = mailbox.last_to("nowa.osoba@example.org")
    confirm_link = next(link for link in Mailbox.links_in(message) if "/auth/confirm/" in link)
    page.goto(confirm_link.replace("http://localhost", page.url.split("/auth")[0]))
    assert page.get_by_text("adres e-mail jest potwierdzony").is_visible()
    assert_accessible(page)

    page.get_by_label("Adres e-mail").fill("nowa.osoba@example.org")
    page.get_by_label("Hasło").fill("długie hasło do forum")
    page.get_by_role("button", name="Zaloguj się").click()
    assert page.get_by_text("Zalogowano").is_visible()

    page.get_by_role("link", name="English").click()
    assert page.locator("html").get_attribute("lang") == "en"
    page.get_by_role("link", name="Nowa Osoba").click()
    assert page.get_by_role("heading", name="Your account").is_visible()
    assert_accessible(page)

    page.get_by_role("link", name="Українська").click()
    assert page.locator("html").get_attribute("lang") == "uk"
    assert_accessible(page)
