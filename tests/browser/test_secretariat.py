"""The secretariat's day in real Chromium: dashboard, a report, a verification, the health charts,
an announcement on the home page; then a member reads their notifications. axe-core on every page."""
from datetime import timedelta

from playwright.sync_api import expect

from tests import factories
from tests.browser.conftest import assert_accessible
from tests.browser.test_directory import log_in, log_out

PENDING = "Fundacja Nowy Dom w Gorlicach"
ANNOUNCEMENT = "Spotkanie koordynacyjne sieci w Nowym Sączu"


def tab_to(page, name: str, limit: int = 120) -> None:
    """Press Tab until the focused element's text is name (fails if the keyboard never gets there)."""
    for _ in range(limit):
        page.keyboard.press("Tab")
        focused = page.evaluate("document.activeElement && document.activeElement.innerText || ''")
        if focused.strip() == name:
            return
    raise AssertionError(f"{name!r} cannot be reached with the keyboard on {page.url}")


def seed(in_live_db):
    from app.forums import services as forums
    from app.notifications.services import notify
    from tests.forums.factories import make_category, make_thread

    with in_live_db():
        factories.make_user(email="moderatorka@example.org", display_name="Monika Moderatorka", role="moderator")
        member = factories.make_user(email="maria@example.org", display_name="Maria Członkini")
        spammer = factories.make_user(email="spam@example.org", display_name="Sprzedawca Zegarków")
        admin = factories.make_user(email="gorlice@example.org", display_name="Gabriela Gorlicka")
        factories.make_org(name=PENDING, admin=admin, verified_at=None, counties=["gorlicki"])
        thread = make_thread(author=member, category=make_category(slug="praca"), title="Praca dla tłumaczy")
        post = forums.reply(spammer, thread, "Tanie zegarki na moim blogu!").post
        forums.report_post(member, post, "Reklama, nie na temat.")
        notify(member, "reply", title="Odpowiedź w wątku o tłumaczach", url=f"/forums/p/{post.id}", actor=spammer)


def test_a_moderator_runs_the_secretariat_and_a_member_reads_notifications(page, in_live_db, live_app):
    seed(in_live_db)
    log_in(page, "moderatorka@example.org")
    tab_to(page, "Sekretariat")  # the main navigation, by keyboard
    page.keyboard.press("Enter")
    page.wait_for_url("**/secretariat/")
    expect(page.get_by_role("heading", name="Sekretariat sieci")).to_be_visible()
    expect(page.get_by_text("Reklama, nie na temat.")).to_be_visible()
    assert_accessible(page)

    # A report: warn the author.
    page.get_by_role("link", name="Ukryj, ostrzeż lub odrzuć").click()
    expect(page.get_by_text("Tanie zegarki na moim blogu!")).to_be_visible()
    page.get_by_role("button", name="Rozpatrz zgłoszenie").click()  # nothing chosen: explained
    expect(page.get_by_role("alert")).to_be_visible()
    assert_accessible(page)
    page.get_by_label("Ostrzeż autora").check()
    page.get_by_label("Powód").fill("Proszę nie zamieszczać reklam.")
    page.get_by_role("button", name="Rozpatrz zgłoszenie").click()
    expect(page.get_by_text("Zgłoszenie zostało rozpatrzone.")).to_be_visible()
    # An organisation: verify it.
    page.get_by_role("link", name="Zweryfikuj lub odrzuć organizacje").click()
    assert_accessible(page)
    page.get_by_role("button", name=f"Zweryfikuj: {PENDING}").click()
    expect(page.get_by_text("jest zweryfikowana")).to_be_visible()
    # The health charts.
    page.goto("/secretariat/")
    page.get_by_role("navigation", name="Sekretariat").get_by_role("link", name="Kondycja sieci").click()
    expect(page.get_by_role("heading", name="Kondycja sieci", level=1)).to_be_visible()
    assert page.locator("svg[role=img]").count() >= 4
    expect(page.get_by_role("link", name="Pobierz te dane (CSV)")).to_be_visible()
    assert_accessible(page)
    page.get_by_role("link", name="Dziennik moderacji").click()
    expect(page.get_by_text("Proszę nie zamieszczać reklam.")).to_be_visible()
    assert_accessible(page)
    page.get_by_role("navigation", name="Sekretariat").get_by_role("link", name="Osoby").click()
    page.get_by_text("Zmień rolę").first.click()  # a <details> opens the inline form
    assert_accessible(page)

    # An announcement, by keyboard from the announcements page to the home page.
    page.get_by_role("navigation", name="Sekretariat").get_by_role("link", name="Komunikaty").click()
    assert_accessible(page)
    tab_to(page, "Opublikuj komunikat")
    page.keyboard.press("Enter")
    page.wait_for_url("**/announcements/new")
    page.get_by_role("button", name="Opublikuj").click()  # empty: messages next to the fields
    expect(page.get_by_role("alert")).to_be_visible()
    assert_accessible(page)
    page.get_by_label("Tytuł po polsku").fill(ANNOUNCEMENT)
    page.get_by_label("Treść po polsku").fill("Zapraszamy **wszystkich partnerów** 3 marca o 10:00.")
    page.get_by_label("Tytuł po ukraińsku").fill("Координаційна зустріч мережі")
    page.get_by_label("Treść po ukraińsku").fill("Запрошуємо всіх партнерів.")
    with live_app.app_context():
        from app.secretariat.queries import local_today

        page.get_by_label("Widoczne na stronie głównej do dnia (włącznie)").fill(
            (local_today() + timedelta(days=10)).isoformat())
    page.get_by_role("button", name="Opublikuj").click()
    expect(page.get_by_text("Komunikat został opublikowany na stronie głównej.")).to_be_visible()
    assert_accessible(page)
    page.goto("/")
    announcements = page.get_by_role("region", name="Komunikaty")
    assert announcements.get_by_role("heading", name=ANNOUNCEMENT).is_visible()
    assert announcements.locator("strong").inner_text() == "wszystkich partnerów"
    assert_accessible(page)
    log_out(page)

    # A member: the count and the list of notifications.
    log_in(page, "maria@example.org")
    page.goto("/")
    for_you = page.get_by_role("region", name="Dla Ciebie")
    assert for_you.get_by_text("Odpowiedź w wątku o tłumaczach").is_visible()
    assert "Nieprzeczytane powiadomienia (2)" in for_you.inner_text()  # the reply, and a post where she follows
    assert_accessible(page)
    for_you.get_by_role("link", name="Wszystkie Twoje powiadomienia").click()
    expect(page.get_by_text("Masz 2 nieprzeczytane powiadomienia.")).to_be_visible()
    expect(page.get_by_role("link", name="Odpowiedź w wątku o tłumaczach")).to_be_visible()
    assert_accessible(page)
    page.get_by_role("button", name="Oznacz wszystkie jako przeczytane").click()
    expect(page.get_by_text("Masz 0 nieprzeczytanych powiadomień.")).to_be_visible()
    page.get_by_role("navigation", name="Powiadomienia i Twoje dane").get_by_role(
        "link", name="Ustawienia powiadomień").click()
    expect(page.get_by_role("group", name="Odpowiedzi na moje wpisy")).to_be_visible()
    assert_accessible(page)
    page.get_by_role("navigation", name="Powiadomienia i Twoje dane").get_by_role(
        "link", name="Usuń swoje konto").click()
    assert_accessible(page)
    log_out(page)
    with live_app.app_context(), live_app.test_request_context("/"):
        from app.auth.models import User
        from app.extensions import db
        from app.notifications.delivery import unsubscribe_token

        member = db.session.execute(db.select(User).where(User.email == "maria@example.org")).scalar_one()
        token = unsubscribe_token(member, "digest")
    page.goto(f"/account/unsubscribe/{token}")  # from an e-mail, without logging in
    page.get_by_role("button", name="Wyłącz te e-maile").click()
    expect(page.get_by_role("status").filter(has_text="Gotowe")).to_be_visible()
    assert_accessible(page)
