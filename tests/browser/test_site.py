"""The whole demo network in real Chromium: every kind of page, in three languages, passes axe-core;
the layout works by keyboard and without JavaScript, and loads nothing from other hosts."""
import random
from urllib.parse import urlparse

import pytest
from playwright.sync_api import expect

from app.demo import DEMO_PASSWORD, DemoContext, demo_parts
from app.extensions import db
from tests.browser.conftest import assert_accessible


@pytest.fixture(scope="module")
def demo_network(live_app):
    """The seed-demo network in the live server's database (once for the module)."""
    with live_app.app_context():
        context = DemoContext(random=random.Random(2023))
        for _name, seed_part in demo_parts():
            seed_part(context)
        db.session.commit()


def first_link(page, css: str) -> str:
    """The address of the first link matching css on the current page (the test needs real ids)."""
    link = page.locator(css).first
    expect(link).to_be_attached()
    return link.get_attribute("href")


def pages_of_every_kind(page) -> list[str]:
    """Lists, and one detail page of each kind, found by following the site's own links."""
    addresses = ["/", "/orgs/", "/forums/", "/events/", "/events/calendar", "/events/past", "/partnerships/",
                 "/search?q=mieszkania", "/search?q=%22unbalanced", "/privacy", "/accessibility", "/help", "/auth/login",
                 "/auth/register", "/auth/reset", "/no-such-page"]
    page.goto("/orgs/")
    addresses.append(first_link(page, "main a[href^='/orgs/']:not([href*='?']):not([href$='/new'])"))
    page.goto("/forums/")
    category = first_link(page, "main a[href^='/forums/']:not([href^='/forums/t/']):not([href^='/forums/groups'])")
    page.goto(category)
    addresses += [category, first_link(page, "main a[href^='/forums/t/']")]
    page.goto("/events/")
    addresses.append(first_link(page, "main a[href^='/events/'][href*='/2'], main a[href^='/events/1']"))
    page.goto("/partnerships/")
    post = first_link(page, "main a[href^='/partnerships/']:not([href*='?'])")
    addresses += [post, post.rstrip("/") + "/matches"]
    return addresses


@pytest.mark.parametrize("language", ["pl", "en", "uk"])
def test_every_kind_of_page_passes_axe_in_each_language(page, demo_network, language):
    page.goto(f"/?lang={language}")
    for address in pages_of_every_kind(page):
        page.goto(address)
        expect(page.locator("html")).to_have_attribute("lang", language)
        assert_accessible(page)


def test_a_member_sees_the_pages_of_a_logged_in_user_without_violations(page, demo_network):
    page.goto("/auth/login")
    page.get_by_label("Adres e-mail").fill("member@demo.forum.test")
    page.get_by_label("Hasło").fill(DEMO_PASSWORD)
    page.get_by_role("button", name="Zaloguj się").click()
    expect(page.get_by_text("Zalogowano")).to_be_visible()
    for address in ["/", "/account/", "/account/notifications", "/account/notifications/settings", "/forums/groups/",
                    "/events/mine", "/events/new", "/orgs/new", "/partnerships/new", "/partnerships/conversations/",
                    "/users/?q=anna", "/users/?q=a"]:
        page.goto(address)
        assert page.locator("main h1").count() == 1, address
        assert_accessible(page)


def test_the_skip_link_is_the_first_stop_and_moves_to_the_main_content(page, demo_network):
    page.goto("/orgs/")
    page.keyboard.press("Tab")
    skip = page.get_by_role("link", name="Przejdź do treści")
    expect(skip).to_be_focused()
    expect(skip).to_be_visible()  # shown when focused, for sighted keyboard users
    page.keyboard.press("Enter")
    assert page.url.endswith("#content")
    page.keyboard.press("Tab")
    focused_inside_main = page.evaluate("document.activeElement.closest('#content') !== null")
    assert focused_inside_main


def test_search_and_language_switch_work_without_javascript(chromium, live_server, demo_network):
    context = chromium.new_context(base_url=live_server.url, locale="pl-PL", java_script_enabled=False)
    page = context.new_page()
    try:
        page.goto("/")
        page.get_by_role("link", name="Українська", exact=True).click()
        expect(page.locator("html")).to_have_attribute("lang", "uk")
        page.get_by_role("link", name="Polski", exact=True).click()
        page.locator("header").get_by_role("searchbox").fill("Tarnów")
        page.locator("header").get_by_role("button").first.click()
        assert "/search?" in page.url and "q=Tarn" in page.url
        expect(page.locator("main h1")).to_be_visible()
    finally:
        context.close()


def test_no_page_loads_anything_from_another_host(page, demo_network, live_server):
    requested = []
    page.on("request", lambda request: requested.append(request.url))
    page.goto("/?lang=pl")
    for address in pages_of_every_kind(page)[:8]:
        page.goto(address)
    own_host = urlparse(live_server.url).netloc
    elsewhere = {url for url in requested if urlparse(url).netloc not in (own_host, "")}
    assert not elsewhere, f"requests to other hosts (the app must work offline): {sorted(elsewhere)[:5]}"


@pytest.fixture
def phone(chromium, live_server, mailbox):
    """A 375 px phone screen (an iPhone SE's), JavaScript on."""
    context = chromium.new_context(base_url=live_server.url, locale="pl-PL", viewport={"width": 375, "height": 667},
                                   device_scale_factor=2, is_mobile=True, has_touch=True)
    context.set_default_timeout(10_000)
    yield context.new_page()
    context.close()


@pytest.mark.parametrize("address, first_result", [
    ("/orgs/", "main .card"), ("/partnerships/", "main .card"), ("/events/", "main .card, main .event-list li"),
])
def test_on_a_phone_the_first_result_is_on_the_first_screen_and_filters_fold(phone, demo_network, address,
                                                                            first_result):
    phone.goto(address)
    result = phone.locator(first_result).first
    expect(result).to_be_visible()
    assert result.bounding_box()["y"] < 667, f"the first result of {address} starts below the first screen"
    fold = phone.locator("details.filter-fold")
    assert not fold.evaluate("element => element.open")
    fold.locator(":scope > summary").click()  # the filters are one tap away
    expect(fold.locator("button[type=submit]")).to_be_visible()
    assert phone.evaluate("document.documentElement.scrollWidth") <= 375
    assert_accessible(phone)


def test_on_a_phone_the_month_is_a_list_of_days_that_fits_the_screen(phone, demo_network):
    phone.goto("/events/calendar")
    assert phone.evaluate("document.documentElement.scrollWidth") <= 375
    days = phone.locator(".month-grid td:not(.no-events):not(.other-month)")
    if days.count():
        expect(days.first.locator(".day-date")).to_be_visible()  # the whole date, not a bare number
    assert_accessible(phone)


def test_on_a_desktop_the_filters_show_unfolded(page, demo_network):
    page.goto("/orgs/")
    expect(page.locator("details.filter-fold button[type=submit]")).to_be_visible()
