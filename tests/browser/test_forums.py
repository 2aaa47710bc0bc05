"""Forums in real Chromium: start a thread, reply to a post and to a reply, quote, report, and the
secretariat pins and locks the thread. axe-core checks every page visited; the core flow also
runs with JavaScript switched off."""
from playwright.sync_api import expect

from app.extensions import db
from app.forums.admin import ensure_default_categories
from app.forums.models import Category
from tests import factories
from tests.browser.conftest import assert_accessible
from tests.browser.test_directory import log_in, log_out
from tests.forums import factories as ff

TITLE = "Kto ma wzór umowy dla społecznej agencji najmu?"


def _make_people(in_live_db, *specs):
    with in_live_db():
        ensure_default_categories()
        users = [factories.make_user(email=email, display_name=name, role=role) for email, name, role in specs]
        # A thread elsewhere, committed here: the search index loads its stemmers (seconds) on the
        # first forum write, which must not happen inside a click's time limit.
        education = db.session.execute(db.select(Category).where(Category.slug == "education")).scalar_one()
        ff.make_thread(users[0], education, title=f"Powitanie od {users[0].display_name}")
        return {user.email: user.username for user in users}


def post_article(page, number: int):
    """The <article> of post number `number` of the thread page."""
    return page.locator("ol.posts > li").nth(number - 1).locator("article")


def start_thread(page, title: str, body: str, audit=assert_accessible):
    page.goto("/forums/")
    audit(page)
    page.get_by_role("link", name="Mieszkalnictwo").first.click()
    expect(page.get_by_role("heading", level=1, name="Mieszkalnictwo")).to_be_visible()
    audit(page)
    page.get_by_role("link", name="Rozpocznij nowy wątek").click()
    audit(page)
    page.get_by_role("button", name="Rozpocznij wątek").click()  # empty: messages next to the fields
    expect(page.get_by_text("Wpisz tytuł.").first).to_be_visible()
    audit(page)
    page.get_by_label("Tytuł").fill(title)
    page.get_by_label("Pierwszy wpis").fill(body)
    page.get_by_role("button", name="Rozpocznij wątek").click()
    expect(page.get_by_role("heading", level=1, name=title)).to_be_visible()
    expect(page.get_by_text("Wątek został rozpoczęty.")).to_be_visible()
    audit(page)


def reply_to(page, number: int, body: str, quote: bool = False, audit=assert_accessible):
    """Answer post `number` of the open thread page (optionally quoting it)."""
    link = "Cytuj" if quote else "Odpowiedz"
    page.get_by_role("link", name=f"{link} (wpis nr {number})").click()
    expect(page.get_by_role("heading", name="Odpowiedź w wątku", exact=False)).to_be_visible()
    audit(page)
    field = page.get_by_label("Twoja odpowiedź")
    if quote:
        assert field.input_value().startswith("> ")  # the quoted post pre-fills the form
        field.fill(field.input_value() + body)
    else:
        field.fill(body)
    page.get_by_role("button", name="Wyślij odpowiedź").click()
    expect(page.get_by_text("Odpowiedź została opublikowana.")).to_be_visible()
    audit(page)


def test_threaded_discussion_report_and_moderation(page, in_live_db):
    usernames = _make_people(in_live_db, ("marta@example.org", "Marta Nowak", "member"),
                 ("olena@example.org", "Ołena Kowal", "member"),
                 ("sekretariat@example.org", "Sekretariat Sieci", "moderator"))
    log_in(page, "marta@example.org")
    start_thread(page, TITLE, "Szukamy **wzoru** umowy najmu dla rodzin z Ukrainy.")
    log_out(page)

    log_in(page, "olena@example.org")
    page.goto("/forums/housing/")
    page.get_by_role("link", name=TITLE, exact=True).click()
    assert_accessible(page)
    reply_to(page, 1, "Mamy wzór z Tarnowa, prześlę go jutro.")
    log_out(page)

    log_in(page, "marta@example.org")
    page.goto("/forums/housing/")
    expect(page.get_by_role("link", name="1 nowy wpis", exact=False)).to_be_visible()  # unread marker
    page.get_by_role("link", name=TITLE, exact=True).click()
    second = post_article(page, 2)
    expect(second.get_by_text("W odpowiedzi na")).to_be_visible()
    expect(second.locator(".post-parent blockquote")).to_contain_text("Szukamy wzoru umowy")
    reply_to(page, 2, "Dziękuję! Czy umowa obejmuje kaucję?", quote=True)  # a reply to a reply
    third = post_article(page, 3)
    expect(third.locator(".post-parent")).to_contain_text("Ołena Kowal #2")
    expect(third.locator(".user-content blockquote")).to_contain_text("Mamy wzór z Tarnowa")
    expect(post_article(page, 2).locator(".post-replies")).to_contain_text("Marta Nowak #3")

    page.get_by_role("link", name="Zgłoś (wpis nr 2)").click()
    assert_accessible(page)
    page.get_by_role("button", name="Wyślij zgłoszenie").click()
    expect(page.get_by_text("Podaj powód.").first).to_be_visible()
    assert_accessible(page)
    page.get_by_label("Co jest nie tak z tym wpisem?").fill("W treści jest numer telefonu osoby prywatnej.")
    page.get_by_role("button", name="Wyślij zgłoszenie").click()
    expect(page.get_by_text("Sekretariat sieci zajmie się tym wpisem.")).to_be_visible()
    log_out(page)

    log_in(page, "sekretariat@example.org")
    page.goto("/forums/reports")
    expect(page.get_by_text("W treści jest numer telefonu osoby prywatnej.")).to_be_visible()
    assert_accessible(page)
    page.get_by_role("link", name=TITLE, exact=True).click()
    for action, badge in (("Przypnij na górze", "Przypięty"), ("Zamknij (bez nowych odpowiedzi)", "Zamknięty")):
        page.get_by_role("link", name="Moderuj wątek").click()
        assert_accessible(page)
        page.get_by_label(action).check()
        page.get_by_label("Powód (zapisywany w rejestrze moderacji)").fill(f"{action}: ważny wątek dla sieci.")
        page.get_by_role("button", name="Zastosuj").click()
        expect(page.locator("h1 + p .badge", has_text=badge)).to_be_visible()
        assert_accessible(page)
    log_out(page)

    log_in(page, "olena@example.org")
    page.goto("/forums/housing/")
    expect(page.locator("tbody tr").first).to_contain_text(TITLE)  # pinned first
    page.get_by_role("link", name=TITLE, exact=True).click()
    expect(page.get_by_text("Ten wątek jest zamknięty", exact=False).first).to_be_visible()
    expect(page.get_by_role("button", name="Wyślij odpowiedź")).to_have_count(0)
    assert_accessible(page)
    page.goto(f"/forums/users/{usernames['marta@example.org']}")
    expect(page.get_by_role("link", name=TITLE, exact=True).first).to_be_visible()
    assert_accessible(page)


def _no_audit(page) -> None:
    """axe-core runs as JavaScript in the page, so it cannot check a page with JavaScript off;
    the same templates are audited by the test above."""


def test_core_flow_without_javascript(chromium, live_server, in_live_db, mailbox):
    _make_people(in_live_db, ("jan@example.org", "Jan Bez Skryptów", "member"),
                 ("iryna@example.org", "Iryna Bondar", "member"))
    context = chromium.new_context(base_url=live_server.url, locale="pl-PL", java_script_enabled=False)
    context.set_default_timeout(10_000)
    page = context.new_page()
    try:
        log_in(page, "jan@example.org")
        start_thread(page, "Kurs polskiego bez JavaScriptu", "Czy ktoś prowadzi kurs w soboty?", audit=_no_audit)
        log_out(page)
        log_in(page, "iryna@example.org")
        page.goto("/forums/housing/")
        page.get_by_role("link", name="Kurs polskiego bez JavaScriptu", exact=True).click()
        reply_to(page, 1, "Tak, w bibliotece w Nowym Sączu.", quote=True, audit=_no_audit)
        expect(post_article(page, 2).locator(".post-parent")).to_contain_text("Jan Bez Skryptów #1")
        page.get_by_role("button", name="Obserwuj ten wątek").click()
        expect(page.get_by_role("button", name="Przestań obserwować ten wątek")).to_be_visible()
        page.get_by_role("link", name="Zgłoś (wpis nr 1)").click()
        page.get_by_label("Co jest nie tak z tym wpisem?").fill("Sprawdzam zgłaszanie bez skryptów.")
        page.get_by_role("button", name="Wyślij zgłoszenie").click()
        expect(page.get_by_text("Sekretariat sieci zajmie się tym wpisem.")).to_be_visible()
    finally:
        context.close()
