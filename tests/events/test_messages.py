"""What registrants are told, through the real SMTP server: in their language, Warsaw times, a .ics."""
from datetime import date, datetime, time
from zoneinfo import ZoneInfo

import icalendar
import pytest

from app.db import commit
from app.events import services
from app.events.models import SINGLE
from app.extensions import db
from app.notifications.models import Notification
from tests import factories
from tests.events.factories import make_event
from tests.mailserver import Mailbox
from tests.notifications.factories import choose

WARSAW = ZoneInfo("Europe/Warsaw")
DAY = date(2031, 6, 10)  # a Tuesday in summer: 10:00 in Warsaw is 08:00 UTC


def calendar_of(message) -> icalendar.Calendar:
    """The .ics attached to an e-mail, parsed with the icalendar library."""
    [part] = [p for p in message.iter_attachments() if p.get_content_type() == "text/calendar"]
    return icalendar.Calendar.from_ical(part.get_content())


def kinds_of(user) -> list[str]:
    return list(db.session.execute(db.select(Notification.kind).where(Notification.user_id == user.id)
                                   .order_by(Notification.id)).scalars())


@pytest.fixture
def meeting(org, organiser, request_ctx):
    return make_event(org, author=organiser, title="Spotkanie sieci", start_date=DAY, registration_enabled=True,
                      capacity=1, waiting_list=True)


@pytest.mark.parametrize("language, subject, day, status", [
    ("pl", "Twoje zgłoszenie na wydarzenie", "wtorek, 10 czerwca 2031", "Twoje miejsce jest potwierdzone."),
    ("en", "Your registration for the event", "Tuesday, 10 June 2031", "Your place is confirmed."),
    ("uk", "Ваша реєстрація на захід", "вівторок, 10 червня 2031", "Ваше місце підтверджено."),
])
def test_a_registration_is_confirmed_by_email_in_the_registrants_language_with_the_ics(
        app, mailbox, meeting, language, subject, day, status):
    person = factories.make_user(language=language)
    services.register_for_event(person, meeting, SINGLE)
    commit()
    message = mailbox.last_to(person.email)
    assert subject in message["Subject"] and "Spotkanie sieci" in message["Subject"]
    text = Mailbox.text_of(message)
    assert status in text and day in text
    assert "10:00–12:00" in text and "08:00" not in text  # Warsaw time, not UTC
    assert "ul. Mickiewicza 2, Tarnów, sala 12" in text
    calendar = calendar_of(message)
    assert str(calendar["METHOD"]) == "REQUEST"
    [component] = calendar.walk("VEVENT")
    assert str(component["UID"]) == meeting.uid  # the same entry as the feed's
    assert component.decoded("DTSTART") == datetime.combine(DAY, time(10), tzinfo=WARSAW)
    assert person.email in str(component["ATTENDEE"])


def test_the_waiting_list_message_gives_the_position(app, mailbox, meeting):
    first, second, third = (factories.make_user(language="en") for _ in range(3))
    for person in (first, second, third):
        services.register_for_event(person, meeting, SINGLE)
    commit()
    assert "number 2 on the waiting list" in Mailbox.text_of(mailbox.last_to(third.email))
    assert "number 1 on the waiting list" in Mailbox.text_of(mailbox.last_to(second.email))


def test_a_promotion_gives_time_and_place_but_never_who_cancelled(app, mailbox, meeting):
    leaving = factories.make_user(display_name="Oskar Obcy")
    waiting = factories.make_user(language="pl")
    place = services.register_for_event(leaving, meeting, SINGLE)
    services.register_for_event(waiting, meeting, SINGLE)
    commit()
    services.cancel_registration(leaving, place)
    commit()
    message = mailbox.last_to(waiting.email)
    assert "Masz miejsce na wydarzeniu" in message["Subject"]
    text = Mailbox.text_of(message)
    assert "Oskar Obcy" not in text and "Oskar Obcy" not in message["Subject"]
    assert "10:00–12:00" in text and "ul. Mickiewicza 2" in text
    assert str(calendar_of(message)["METHOD"]) == "REQUEST"
    note = db.session.execute(db.select(Notification).where(
        Notification.user_id == waiting.id, Notification.kind == "waitlist_promotion")).scalar_one()
    assert note.actor_id is None


def test_the_organiser_cancels_a_registration_and_the_registrant_hears_it(app, mailbox, meeting, organiser):
    person = factories.make_user(language="en")
    registration = services.register_for_event(person, meeting, SINGLE)
    commit()
    services.remove_registration(organiser, registration)
    commit()
    message = mailbox.last_to(person.email)
    assert "The organiser cancelled your registration" in message["Subject"]
    assert str(calendar_of(message)["METHOD"]) == "CANCEL"
    with pytest.raises(services.NotAllowed):
        services.remove_registration(factories.make_user(), registration)


def test_a_cancelled_event_tells_everyone_registered_with_a_cancel_ics(app, mailbox, meeting, organiser):
    confirmed, waiting = factories.make_user(language="uk"), factories.make_user(language="pl")
    services.register_for_event(confirmed, meeting, SINGLE)
    services.register_for_event(waiting, meeting, SINGLE)
    commit()
    services.cancel_event(organiser, meeting, "Choroba prowadzącej")
    commit()
    message = mailbox.last_to(confirmed.email)
    assert "Захід скасовано" in message["Subject"] and "Choroba prowadzącej" in Mailbox.text_of(message)
    calendar = calendar_of(message)
    assert str(calendar["METHOD"]) == "CANCEL"
    [component] = calendar.walk("VEVENT")
    assert str(component["UID"]) == meeting.uid and str(component["STATUS"]) == "CANCELLED"
    assert "Wydarzenie jest odwołane" in mailbox.last_to(waiting.email)["Subject"]


@pytest.fixture
def series(org, organiser, request_ctx):
    """Every Tuesday of June 2031 at 10:00."""
    return make_event(org, author=organiser, title="Dyżur prawnika", start_date=DAY, registration_enabled=True,
                      repeat="weekly", repeat_end="count", repeat_count=4)


def test_a_cancelled_date_tells_only_those_registered_for_it(app, mailbox, series, organiser):
    that_day, another_day = factories.make_user(language="en"), factories.make_user(language="en")
    services.register_for_event(that_day, series, "2031-06-17")
    services.register_for_event(another_day, series, "2031-06-24")
    commit()
    mailbox.clear()
    services.cancel_occurrence(organiser, series, "2031-06-17", "Sala zajęta")
    commit()
    assert mailbox.to(another_day.email) == []
    message = mailbox.last_to(that_day.email)
    assert "The event is cancelled" in message["Subject"] and "Sala zajęta" in Mailbox.text_of(message)
    calendar = calendar_of(message)
    assert str(calendar["METHOD"]) == "CANCEL"
    [component] = calendar.walk("VEVENT")
    assert component.decoded("RECURRENCE-ID") == datetime(2031, 6, 17, 10, tzinfo=WARSAW)
    assert str(component["STATUS"]) == "CANCELLED"
    # The same cancellation sent again (a second click, a corrected note) mails nobody again.
    services.cancel_occurrence(organiser, series, "2031-06-17", "Sala zajęta do odwołania")
    commit()
    assert len(mailbox.to(that_day.email)) == 1


def test_a_moved_date_sends_the_new_times_once_per_change(app, mailbox, series, organiser):
    person = factories.make_user(language="pl")
    services.register_for_event(person, series, "2031-06-17")
    commit()
    mailbox.clear()
    services.move_occurrence(organiser, series, "2031-06-17", datetime(2031, 6, 18, 16, tzinfo=WARSAW),
                             datetime(2031, 6, 18, 17, 30, tzinfo=WARSAW))
    commit()
    [message] = mailbox.to(person.email)
    assert "Wydarzenie ma nowy termin" in message["Subject"]
    text = Mailbox.text_of(message)
    assert "środa, 18 czerwca 2031" in text and "16:00–17:30" in text
    [component] = calendar_of(message).walk("VEVENT")
    assert component.decoded("DTSTART") == datetime(2031, 6, 18, 16, tzinfo=WARSAW)
    assert component.decoded("RECURRENCE-ID") == datetime(2031, 6, 17, 10, tzinfo=WARSAW)
    # Moved again: a new message with the newer times.
    services.move_occurrence(organiser, series, "2031-06-17", datetime(2031, 6, 19, 9, tzinfo=WARSAW),
                             datetime(2031, 6, 19, 10, tzinfo=WARSAW))
    commit()
    assert len(mailbox.to(person.email)) == 2 and "09:00–10:00" in Mailbox.text_of(mailbox.last_to(person.email))
    services.move_occurrence(organiser, series, "2031-06-17", datetime(2031, 6, 19, 9, tzinfo=WARSAW),
                             datetime(2031, 6, 19, 10, tzinfo=WARSAW))  # the same form sent twice
    commit()
    assert len(mailbox.to(person.email)) == 2


def test_the_messages_follow_the_notification_settings(app, mailbox, meeting):
    person = factories.make_user()
    choose(person, event_registered="app")
    services.register_for_event(person, meeting, SINGLE)
    commit()
    assert mailbox.to(person.email) == [] and kinds_of(person) == ["event_registered"]


def test_registering_twice_through_the_page_mails_once(app, client, mailbox, meeting):
    person = factories.make_user()
    commit()
    client.login(person)
    client.post_form(f"/events/{meeting.id}/register")
    client.post_form(f"/events/{meeting.id}/register")
    assert len(mailbox.to(person.email)) == 1


def test_the_registrations_page_lets_the_organiser_cancel_a_registration(app, client, mailbox, meeting, organiser):
    person = factories.make_user(display_name="Ivan Petrenko", language="uk")
    registration = services.register_for_event(person, meeting, SINGLE)
    commit()
    client.login(organiser)
    page = client.get(f"/events/{meeting.id}/registrations").get_data(as_text=True)
    assert "Anuluj zgłoszenie: Ivan Petrenko" in page
    response = client.post_form(f"/events/{meeting.id}/registrations/{registration.id}/remove")
    assert response.status_code == 302
    assert db.session.get(type(registration), registration.id).status == "cancelled"
    assert "Організатор скасував вашу реєстрацію" in mailbox.last_to(person.email)["Subject"]
    other = make_event(title="Inne wydarzenie", registration_enabled=True)
    commit()
    assert client.post_form(f"/events/{other.id}/registrations/{registration.id}/remove").status_code in (403, 404)


def test_the_invitation_always_has_an_organizer(app, mailbox, org, organiser, request_ctx):
    org.email = None  # an organisation without a public address
    event = make_event(org, author=organiser, title="Bez adresu", start_date=DAY, registration_enabled=True)
    person = factories.make_user()
    services.register_for_event(person, event, SINGLE)
    commit()
    [component] = calendar_of(mailbox.last_to(person.email)).walk("VEVENT")
    assert str(component["ORGANIZER"]).startswith("mailto:") and "@" in str(component["ORGANIZER"])
    assert component["ORGANIZER"].params["CN"] == org.name
