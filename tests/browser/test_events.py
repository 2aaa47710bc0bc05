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
