"""Reminders before an event (flask --app app send-reminders, run every few minutes).

Each confirmed registration gets one reminder per occurrence, reminder_hours before it starts
(the organiser's choice), never for a cancelled date nor once the occurrence has started. The
reminder is recorded (ReminderSent, unique per registration and occurrence) in the transaction
that makes the notification, so a second run — or a second machine — finds it and sends nothing.
"""
from datetime import datetime, timedelta

from sqlalchemy import or_, select
from sqlalchemy.exc import IntegrityError

from app.db import commit, utcnow
from app.events import messages
from app.events.models import REMINDER_HOURS, Event, Registration, ReminderSent
from app.events.recurrence import get_occurrence
from app.extensions import db


def due_reminders(now: datetime) -> list[tuple[Registration, object]]:
    """(registration, occurrence) of every reminder due now and not sent yet."""
    not_sent = ~select(ReminderSent.id).where(
        ReminderSent.registration_id == Registration.id, ReminderSent.occurrence_key == Registration.occurrence_key,
    ).exists()
    candidates = db.session.execute(
        select(Registration).join(Event, Event.id == Registration.event_id).where(
            Registration.status == "confirmed", Event.status == "published", Event.reminder_hours.is_not(None),
            # Nothing of a series starting later than the longest reminder can be due yet.
            Event.starts_at <= now + timedelta(hours=max(REMINDER_HOURS)),
            or_(Event.last_ends_at.is_(None), Event.last_ends_at > now), not_sent,
        ).order_by(Registration.id)
    ).scalars()
    due = []
    for registration in candidates:
        occurrence = get_occurrence(registration.event, registration.occurrence_key)
        if occurrence is not None and is_due(registration.event, occurrence, now):
            due.append((registration, occurrence))
    return due


def is_due(event, occurrence, now: datetime) -> bool:
    """Inside the reminder's window: from reminder_hours before the start until the start."""
    if occurrence.is_cancelled or occurrence.has_started(now):
        return False
    return occurrence.starts_at - timedelta(hours=event.reminder_hours) <= now


def send_reminders(now: datetime | None = None) -> int:
    """Record and notify every due reminder; returns how many were sent by this run."""
    sent = 0
    for registration, occurrence in due_reminders(now or utcnow()):
        db.session.add(ReminderSent(registration_id=registration.id, occurrence_key=occurrence.key))
        messages.tell_reminder(registration, occurrence)
        try:
            commit()
        except IntegrityError:  # another run recorded it between our read and our write
            db.session.rollback()
            continue
        sent += 1
    return sent
