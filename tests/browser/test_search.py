"""Search from the header box of any page and land on accessible results — in real Chromium."""
from app.search import sync
from playwright.sync_api import expect

from tests import factories
from tests.browser.conftest import assert_accessible
from tests.forums import factories as ff


def test_search_from_the_header_and_read_the_results(page, in_live_db, live_app):
    with in_live_db():
        sync.ensure_index()  # as init-db leaves a new installation
        writer = factories.make_user(display_name="Halina Pisząca")
        factories.make_org(name="Fundacja Współpraca bez Granic", counties=["nowotarski"])
        thread = ff.make_thread(writer, title="Współpraca szkół z rodzinami z Charkowa",
                                body="Szukamy tłumaczy na zebrania z rodzicami z Kharkiv.")
        for number in range(3):
            ff.make_reply(thread, writer, f"Odpowiedź {number}: współpracujemy z poradnią.")

    page.goto("/events/" if "events.list_events" in live_app.view_functions else "/")
    header_box = page.get_by_role("search").first.get_by_label("Przeszukaj forum")
    header_box.fill("wspolpraca Харків")
    header_box.press("Enter")

    page.wait_for_url("**/search?q=*")
    expect(page.get_by_role("heading", level=1, name="Wyszukiwarka")).to_be_visible()
    assert page.get_by_role("heading", level=2).first.inner_text() == "1 wynik dla „wspolpraca Харків”"
    result = page.get_by_role("link", name="Współpraca szkół z rodzinami z Charkowa")
    assert result.is_visible()
    assert page.locator(".search-hit mark").first.inner_text() == "Współpraca"
    assert_accessible(page)

    page.get_by_label("Szukaj", exact=True).fill("współpraca")
    page.get_by_label("Pokaż").select_option("org")
    page.get_by_role("button", name="Szukaj", exact=True).last.click()
    expect(page.get_by_role("link", name="Fundacja Współpraca bez Granic")).to_be_visible()
    kinds = page.get_by_role("navigation", name="Wyniki według rodzaju")
    assert kinds.get_by_role("link", name="Organizacje (1)").get_attribute("aria-current") == "page"
    assert kinds.get_by_role("link", name="Dyskusje (1)").is_visible()
    assert_accessible(page)

    result = page.get_by_role("link", name="Fundacja Współpraca bez Granic")
    result.click()
    expect(page.get_by_role("heading", level=1, name="Fundacja Współpraca bez Granic")).to_be_visible()
def test_the_help_pages_of_search_are_accessible(page, in_live_db):
    with in_live_db():
        sync.ensure_index()
    for address in ("/search", "/search?q=%28%28%28", "/search?q=zzzzqqq&county=tarnow-city&date_from=2030-02-01"
                    "&date_to=2030-01-01"):
        page.goto(address)
        expect(page.get_by_role("heading", level=1, name="Wyszukiwarka")).to_be_visible()
        assert_accessible(page)
