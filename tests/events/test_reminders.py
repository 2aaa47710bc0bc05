"""send-reminders: one reminder per registration and date, at the organiser's time, never for a cancelled date."""
from datetime import timedelta
from zoneinfo import ZoneInfo

import pytest

from app.db import commit, utcnow
from app.events import reminders, services
from app.events.models import SINGLE, ReminderSent
from app.extensions import db
from app.jobs import SITE, job_lock
from tests import factories
from tests.events.factories import make_event
from tests.mailserver import Mailbox

WARSAW = ZoneInfo("Europe/Warsaw")


def starting_in(hours: float) -> dict:
    """make_event's date and times for an event that starts so many hours from now (Warsaw clock)."""
    start = (utcnow() + timedelta(hours=hours)).astimezone(WARSAW).replace(second=0, microsecond=0)
    start = start.replace(minute=start.minute - start.minute % 5)
    end = start + timedelta(hours=1)
    values = {"start_date": start.date(), "start_time": start.time(), "end_time": end.time()}
    if end.date() != start.date():
        values["end_date"] = end.date()
    return values


def run(app):
    return app.test_cli_runner().invoke(args=["send-reminders"])


@pytest.fixture
def person(app):
    return factories.make_user(language="en")


def register(org, organiser, person, **overrides):
    event = make_event(org, author=organiser, title="Konsultacje", registration_enabled=True, **overrides)
    services.register_for_event(person, event, SINGLE)
    commit()
    return event


def reminders_to(mailbox, person) -> list:
    return [m for m in mailbox.to(person.email) if "Reminder of the event" in m["Subject"]]


def test_a_reminder_goes_once_a_day_before_however_often_the_command_runs(app, mailbox, org, organiser, person,
                                                                            request_ctx):
    event = register(org, organiser, person, **starting_in(20))
    first, second = run(app), run(app)
    assert first.exit_code == 0 and "Reminders: 1 sent." in first.output
    assert "Reminders: 0 sent." in second.output
    [message] = reminders_to(mailbox, person)
    text = Mailbox.text_of(message)
    local_start = event.starts_at.astimezone(WARSAW)
    assert "Konsultacje" in message["Subject"] and local_start.strftime("%H:%M") in text
    assert "starts soon" in text
    assert db.session.execute(db.select(db.func.count()).select_from(ReminderSent)).scalar_one() == 1


def test_no_reminder_before_the_organisers_time_nor_after_the_start(app, mailbox, org, organiser, person, request_ctx):
    later = register(org, organiser, person, **starting_in(30))
    assert reminders.send_reminders() == 0  # 30 hours ahead: the day-before reminder is not due yet
    later.reminder_hours = 48
    commit()
    assert reminders.send_reminders(utcnow() + timedelta(hours=31)) == 0  # already started by then
    assert reminders.send_reminders() == 1
    assert len(reminders_to(mailbox, person)) == 1


def test_the_organiser_may_choose_no_reminder(app, mailbox, org, organiser, person, request_ctx):
    register(org, organiser, person, reminder_hours=None, **starting_in(2))
    assert reminders.send_reminders() == 0 and reminders_to(mailbox, person) == []


def test_never_a_reminder_for_a_cancelled_date(app, mailbox, org, organiser, person, request_ctx):
    event = make_event(org, author=organiser, title="Dyżur", registration_enabled=True, repeat="daily",
                       repeat_end="count", repeat_count=3, reminder_hours=48, **starting_in(10))
    first, second = (o.key for o in event_occurrences(event)[:2])
    services.register_for_event(person, event, first)
    services.register_for_event(person, event, second)
    services.cancel_occurrence(organiser, event, first, "Sala zajęta")
    commit()
    assert reminders.send_reminders() == 1  # only the second date's
    [sent] = db.session.execute(db.select(ReminderSent)).scalars()
    assert sent.occurrence_key == second


def event_occurrences(event):
    from app.events.recurrence import occurrences

    return occurrences(event, event.starts_at, event.starts_at + timedelta(days=5))


def test_the_command_does_nothing_while_another_run_holds_the_lock(app, mailbox, org, organiser, person, request_ctx):
    register(org, organiser, person, **starting_in(5))
    with job_lock("send-reminders", SITE) as got:  # another machine is sending reminders right now
        assert got
        result = run(app)
    assert "already running" in result.output and "Reminders:" not in result.output
    assert reminders_to(mailbox, person) == []
    assert "Reminders: 1 sent." in run(app).output


def test_a_reminder_recorded_by_another_run_is_not_sent_again(app, mailbox, org, organiser, person, request_ctx):
    event = register(org, organiser, person, **starting_in(5))
    [(registration, occurrence)] = reminders.due_reminders(utcnow())
    db.session.add(ReminderSent(registration_id=registration.id, occurrence_key=occurrence.key))
    commit()  # as if a run on another machine had just claimed it
    assert reminders.send_reminders() == 0 and reminders_to(mailbox, person) == []
    assert event.reminder_hours == 24  # the default: one day before


def test_an_account_deleted_after_its_reminder_takes_the_record_along(app, mailbox, org, organiser, person,
                                                                      request_ctx):
    from app.notifications.privacy import delete_account

    register(org, organiser, person, **starting_in(5))
    assert reminders.send_reminders() == 1
    delete_account(person, factories.PASSWORD)
    commit()
    assert db.session.execute(db.select(db.func.count()).select_from(ReminderSent)).scalar_one() == 0
