"""Publish an event with registration, register, find it in the month grid — in real Chromium.

The pages are checked with axe-core; registration is also done in a browser with JavaScript
turned off, since every core flow must work without it.
"""
from datetime import timedelta

import pytest
from playwright.sync_api import expect

from app.db import utcnow
from tests import factories
from tests.browser.conftest import assert_accessible

TITLE = "Spotkanie koordynacyjne: integracja migrantów"
DAY = (utcnow() + timedelta(days=21)).date()


def log_in(page, email):
    page.goto("/auth/login")
    page.get_by_label("Adres e-mail").fill(email)
    page.get_by_label("Hasło").fill(factories.PASSWORD)
    page.get_by_role("button", name="Zaloguj się").click()
    expect(page.get_by_text("Zalogowano")).to_be_visible()


@pytest.fixture(scope="module")
def people(live_app):
    from app.extensions import db

    with live_app.app_context():
        organiser = factories.make_user(email="olga@example.org", display_name="Olga Organizatorka")
        factories.make_org(name="Miejski Ośrodek Pomocy Społecznej w Tarnowie", admin=organiser,
                           counties=["tarnow-city"])
        for email, name in (("maria@example.org", "Maria Mieszkanka"), ("bez.js@example.org", "Bartek Bez Skryptów")):
            factories.make_user(email=email, display_name=name)
        db.session.commit()


def test_publish_register_and_see_it_in_the_month_grid(page, people):
    log_in(page, "olga@example.org")
    page.goto("/events/")
    assert_accessible(page)
    page.get_by_role("link", name="Dodaj wydarzenie").click()
    assert_accessible(page)

    page.get_by_role("button", name="Opublikuj").click()  # empty: messages next to the fields
    expect(page.get_by_role("alert")).to_be_visible()
    assert_accessible(page)

    page.get_by_label("Tytuł").fill(TITLE)
    page.get_by_label("Rodzaj wydarzenia").select_option("coordination-meeting")
    page.get_by_label("Opis").fill("Omówimy **plan działań** na kolejny kwartał.")
    page.get_by_label("Data rozpoczęcia").fill(DAY.isoformat())
    page.get_by_label("Godzina rozpoczęcia").fill("10:00")
    page.get_by_label("Godzina zakończenia").fill("12:00")
    page.get_by_label("Powiat").select_option("tarnow-city")
    page.get_by_label("Adres").fill("Urząd Miasta Tarnowa, sala 12")
    page.get_by_label("Wymagana rejestracja").check()
    page.get_by_label("Liczba miejsc").fill("1")
    page.get_by_role("button", name="Opublikuj").click()
    expect(page.get_by_text("Wydarzenie zostało opublikowane.")).to_be_visible()
    expect(page.get_by_role("heading", name=TITLE)).to_be_visible()
    assert_accessible(page)
    event_url = page.url
    page.get_by_role("button", name="Wyloguj się").click()

    log_in(page, "maria@example.org")
    page.goto(event_url)
    page.get_by_role("button", name="Zarejestruj się").click()
    expect(page.get_by_text("Rejestracja przyjęta. Do zobaczenia!")).to_be_visible()
    expect(page.get_by_text("Masz miejsce – jesteś zarejestrowany(-a).")).to_be_visible()
    assert_accessible(page)

    page.goto(f"/events/calendar?month={DAY:%Y-%m}")
    cell = page.locator("td", has=page.get_by_role("link", name=TITLE))
    expect(cell.locator(".day-number")).to_have_text(str(DAY.day))
    assert_accessible(page)
    page.get_by_role("link", name=TITLE).click()
    expect(page.get_by_role("heading", name=TITLE)).to_be_visible()

    page.goto("/events/mine")
    expect(page.get_by_role("link", name=TITLE)).to_be_visible()
    assert_accessible(page)


def test_registration_works_without_javascript(chromium, live_server, people, in_live_db):
    from app.events.models import Event
    from app.extensions import db

    with in_live_db():
        event_id = db.session.execute(db.select(Event.id).where(Event.title == TITLE)).scalar_one()
    context = chromium.new_context(base_url=live_server.url, locale="pl-PL", java_script_enabled=False)
    context.set_default_timeout(10_000)
    page = context.new_page()
    try:
        log_in(page, "bez.js@example.org")
        page.goto(f"/events/{event_id}")
        # The only place is taken: the button offers the waiting list.
        page.get_by_role("button", name="Zapisz się na listę rezerwową").click()
        expect(page.get_by_text("Wszystkie miejsca są zajęte: jesteś na liście rezerwowej.")).to_be_visible()
        expect(page.get_by_text("Jesteś na liście rezerwowej, na miejscu 1.")).to_be_visible()
        page.get_by_role("button", name="Anuluj moją rejestrację").click()
        expect(page.get_by_text("Twoja rejestracja została anulowana.")).to_be_visible()
        page.goto(f"/events/calendar?month={DAY:%Y-%m}")
        expect(page.get_by_role("link", name=TITLE)).to_be_visible()
    finally:
        context.close()


def test_organiser_pages_are_accessible(page, people, live_app, in_live_db):
    """The registrations list, a series' date page, moving a date, minutes and cancelling, checked by axe."""
    from datetime import date

    from app.auth.models import User
    from app.events import services
    from app.extensions import db
    from tests.events.factories import event_data

    with in_live_db(), live_app.test_request_context("/"):
        olga = db.session.execute(db.select(User).where(User.email == "olga@example.org")).scalar_one()
        org_id = next(iter(olga.member_org_ids()))
        from app.directory.models import Organisation

        series = services.create_event(olga, event_data(
            db.session.get(Organisation, org_id), title="Co pierwszy wtorek w Tarnowie", start_date=date(2031, 1, 7),
            repeat="monthly_weekday", repeat_end="count", repeat_count=6, registration_enabled=True), publish=True)
        services.cancel_occurrence(olga, series, "2031-03-04", "Sala zajęta")
        db.session.flush()
        series_id = series.id

    log_in(page, "olga@example.org")
    page.goto(f"/events/{series_id}")
    assert_accessible(page)
    page.get_by_role("link", name="7 stycznia 2031", exact=False).first.click()
    expect(page.get_by_role("heading", name="Co pierwszy wtorek w Tarnowie")).to_be_visible()
    assert_accessible(page)
    page.get_by_role("link", name="Rejestracje").click()
    assert_accessible(page)
    for path in (f"/events/{series_id}/2031-02-04/manage", f"/events/{series_id}/2031-02-04/minutes",
                 f"/events/{series_id}/2031-03-04", f"/events/{series_id}/cancel"):
        page.goto(path)
        assert_accessible(page)
    page.goto(f"/events/{series_id}/2031-02-04/manage")
    page.get_by_label("Nowa godzina zakończenia").fill("09:00")
    page.get_by_role("button", name="Przenieś ten termin").click()
    expect(page.get_by_role("alert")).to_be_visible()
    assert_accessible(page)


def test_a_busy_day_in_the_month_grid_links_to_all_its_events(page, people, live_app, in_live_db):
    """A cell shows four events; "jeszcze N" opens the list of that day with every one of them."""
    from datetime import date, time

    from app.auth.models import User
    from app.directory.models import Organisation
    from app.events import services
    from app.extensions import db
    from tests.events.factories import event_data

    busy = date(2031, 6, 11)
    with in_live_db(), live_app.test_request_context("/"):
        olga = db.session.execute(db.select(User).where(User.email == "olga@example.org")).scalar_one()
        org = db.session.get(Organisation, next(iter(olga.member_org_ids())))
        for n in range(6):
            services.create_event(olga, event_data(org, title=f"Dyżur doradczy nr {n + 1}", start_date=busy,
                                                   start_time=time(9 + n, 0), end_time=time(9 + n, 45)), publish=True)

    page.goto(f"/events/calendar?month={busy:%Y-%m}")
    expect(page.get_by_role("link", name="Dyżur doradczy nr 4")).to_be_visible()
    expect(page.get_by_role("link", name="Dyżur doradczy nr 5")).to_have_count(0)
    assert_accessible(page)
    page.get_by_role("link", name="jeszcze 2").click()
    for n in range(6):
        expect(page.get_by_role("link", name=f"Dyżur doradczy nr {n + 1}")).to_be_visible()
    assert_accessible(page)



@pytest.fixture(scope="module")
def meetings(live_app, people):
    """(an upcoming event with two questions, one required; a meeting held three days ago with Maria registered)."""
    from app.auth.models import User
    from app.directory.models import Organisation
    from app.events import questions, services
    from app.events.models import Registration
    from app.events.questions import QuestionData
    from app.extensions import db
    from tests.events.factories import event_data

    with live_app.app_context(), live_app.test_request_context("/"):
        olga = db.session.execute(db.select(User).where(User.email == "olga@example.org")).scalar_one()
        maria = db.session.execute(db.select(User).where(User.email == "maria@example.org")).scalar_one()
        org = db.session.get(Organisation, next(iter(olga.member_org_ids())))
        coming = services.create_event(olga, event_data(org, title="Forum z pytaniami", start_date=DAY,
                                                        registration_enabled=True), publish=True)
        db.session.flush()
        questions.add_question(olga, coming, QuestionData("yes_no", True, "Czy potrzebujesz tłumaczenia?"))
        questions.add_question(olga, coming, QuestionData("one_choice", False, "Dieta", choices_pl="zwykła\nwegańska"))
        held = services.create_event(olga, event_data(org, title="Spotkanie, które się odbyło",
                                                      start_date=(utcnow() - timedelta(days=3)).date(),
                                                      registration_enabled=True), publish=True)
        db.session.flush()
        db.session.add(Registration(event_id=held.id, occurrence_key="", user_id=maria.id, status="confirmed",
                                    queued_at=utcnow() - timedelta(days=10), organisation_name="Fundacja Dom"))
        db.session.commit()
        return coming.id, held.id


def _answer_wrongly_then_rightly(page, coming_id) -> None:
    page.goto(f"/events/{coming_id}")
    page.get_by_label("Organizacja, którą reprezentujesz").fill("Stowarzyszenie Bez Skryptów")
    page.get_by_label("wegańska").check()
    page.get_by_role("button", name="Zarejestruj się").click()  # the required question left unanswered
    expect(page.get_by_role("alert")).to_be_visible()
    expect(page.locator(".field-error", has_text="Czy potrzebujesz tłumaczenia?")).to_contain_text(
        "Odpowiedz na to pytanie.")
    expect(page.get_by_label("Organizacja, którą reprezentujesz")).to_have_value("Stowarzyszenie Bez Skryptów")
    expect(page.get_by_label("wegańska")).to_be_checked()


def test_registration_questions_and_the_attendance_checklist_without_javascript(chromium, live_server, meetings):
    """The question form keeps answers and says what is missing next to the field; the organiser ticks
    who came and adds someone who came unregistered — in a browser with JavaScript off."""
    coming_id, held_id = meetings
    context = chromium.new_context(base_url=live_server.url, locale="pl-PL", java_script_enabled=False)
    context.set_default_timeout(10_000)
    page = context.new_page()
    try:
        log_in(page, "bez.js@example.org")
        _answer_wrongly_then_rightly(page, coming_id)
        page.get_by_label("Tak").check()
        page.get_by_role("button", name="Zarejestruj się").click()
        expect(page.get_by_text("Rejestracja przyjęta. Do zobaczenia!")).to_be_visible()
        page.get_by_role("button", name="Wyloguj się").click()

        log_in(page, "olga@example.org")
        page.goto(f"/events/{coming_id}/registrations")
        expect(page.get_by_text("Stowarzyszenie Bez Skryptów")).to_be_visible()
        page.goto(f"/events/{held_id}")
        page.get_by_role("link", name="Obecność").click()
        page.get_by_label("Maria Mieszkanka (Fundacja Dom)").check()
        page.get_by_role("button", name="Zapisz obecność").click()
        expect(page.get_by_text("Zapisano obecność: była 1 zapisana osoba.")).to_be_visible()
        page.get_by_label("Imię i nazwisko").fill("Jan Kowalski")
        page.get_by_label("Organizacja").fill("Gmina Tarnów")
        page.get_by_role("button", name="Dodaj do listy obecności").click()
        expect(page.get_by_text("Jan Kowalski (Gmina Tarnów)")).to_be_visible()
        expect(page.get_by_label("Maria Mieszkanka (Fundacja Dom)")).to_be_checked()
        page.goto(f"/events/{held_id}")
        expect(page.get_by_text("Obecne były 2 osoby")).to_be_visible()
    finally:
        context.close()


def test_question_and_attendance_pages_are_accessible(page, meetings):
    """The same pages, checked by axe (axe needs JavaScript: the pages themselves do not)."""
    coming_id, held_id = meetings
    log_in(page, "maria@example.org")
    _answer_wrongly_then_rightly(page, coming_id)
    assert_accessible(page)
    page.get_by_role("button", name="Wyloguj się").click()
    log_in(page, "olga@example.org")
    for path in (f"/events/{coming_id}/questions", f"/events/{held_id}/attendance", f"/events/{held_id}",
                 f"/events/{coming_id}/write", f"/events/{coming_id}/registrations"):
        page.goto(path)
        assert_accessible(page)
