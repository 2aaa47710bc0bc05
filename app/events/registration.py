"""Registration for an event or one occurrence: places, waiting list, promotion.

Capacity is never exceeded, even with simultaneous requests: the count of confirmed places
and the insert happen while the event is locked against other registrations — a row lock
(SELECT … FOR UPDATE) on PostgreSQL, the single writer lock (BEGIN IMMEDIATE) on SQLite.
"""
from datetime import datetime

from sqlalchemy import func, select

from app.dates import format_datetime
from app.db import utcnow
from app.events import messages, questions
from app.events.errors import AlreadyRegistered, NotAllowed, RegistrationError
from app.events.models import Event, Registration
from app.events.recurrence import get_occurrence
from app.extensions import db
from app.i18n import gettext as _
from app.permissions import can
from app.text import clean_input
from app.directory.queries import list_admins


def occurrence_path(event, key: str) -> str:
    """The site path of an occurrence (notifications store paths, not full URLs)."""
    return f"/events/{event.id}/{key}" if key else f"/events/{event.id}"


def registration_closes_at(event, occurrence) -> datetime:
    """When registration for this occurrence closes: as long before its start as for the first."""
    if event.registration_deadline is None:
        return occurrence.starts_at
    return occurrence.starts_at - (event.starts_at - event.registration_deadline)


def closed_reason(event, occurrence, now: datetime) -> str | None:
    """Why nobody can register for this occurrence now (a sentence), or None when it is open."""
    if not event.registration_enabled:
        return _("This event does not take registrations.")
    if occurrence is None:
        return _("The event does not take place on this date.")
    if occurrence.is_cancelled:
        return _("This event is cancelled.")
    if occurrence.has_started(now):
        return _("The event has already started.")
    closes = registration_closes_at(event, occurrence)
    if now >= closes:
        return _("Registration closed on %(date)s.", date=format_datetime(closes, "short"))
    return None


def lock_places(event_id: int) -> None:
    """Keep other registrations for this event out until this transaction ends."""
    connection = db.session.connection()
    if connection.dialect.name == "sqlite":
        # Python's sqlite3 opens a transaction only before the first write; open it now, as a
        # writer, so that the count below and the insert see and hold the latest state.
        if not connection.connection.driver_connection.in_transaction:
            connection.exec_driver_sql("BEGIN IMMEDIATE")
    else:
        db.session.execute(select(Event.id).where(Event.id == event_id).with_for_update())


def count_places(event_id: int, key: str) -> dict[str, int]:
    """{"confirmed": n, "waiting": m} for one occurrence."""
    rows = db.session.execute(
        select(Registration.status, func.count()).where(
            Registration.event_id == event_id, Registration.occurrence_key == key,
            Registration.status.in_(("confirmed", "waiting")),
        ).group_by(Registration.status)
    )
    counts = {"confirmed": 0, "waiting": 0}
    counts.update({status: number for status, number in rows})
    return counts


def _registration_of(user_id: int, event_id: int, key: str) -> Registration | None:
    return db.session.execute(
        select(Registration).where(
            Registration.event_id == event_id, Registration.occurrence_key == key, Registration.user_id == user_id,
        ).execution_options(populate_existing=True)
    ).scalar_one_or_none()


def register_for_event(actor, event: Event, key: str, note: str = "", details=None) -> Registration:
    """A place for actor (or a place on the waiting list when full); refuses a second registration.

    details (questions.RegistrationDetails): the answers to the event's questions, the
    organisation represented and the consent to the public list; required answers are checked.
    """
    if not can(actor, "events.register", event):
        raise NotAllowed(_("You cannot register for this event."))
    occurrence = get_occurrence(event, key)
    reason = closed_reason(event, occurrence, utcnow())
    if reason:
        raise RegistrationError(reason)
    details = details or questions.RegistrationDetails(answers={})
    answers = questions.check_answers(questions.questions_of(event), details.answers)
    organisation = _organisation_name(details.organisation_name)
    lock_places(event.id)
    existing = _registration_of(actor.id, event.id, key)
    if existing is not None and existing.is_active:
        raise AlreadyRegistered(
            _("You are already registered for this event.") if existing.status == "confirmed"
            else _("You are already on the waiting list for this event.")
        )
    fill_places(None, event, key, locked=True)  # nobody jumps the queue
    confirmed = count_places(event.id, key)["confirmed"]
    if event.capacity is None or confirmed < event.capacity:
        status = "confirmed"
    elif event.waiting_list:
        status = "waiting"
    else:
        raise RegistrationError(_("Sorry, there are no places left."))
    registration = existing or Registration(event_id=event.id, occurrence_key=key, user_id=actor.id)
    registration.status, registration.queued_at = status, utcnow()
    registration.cancelled_at = registration.promoted_at = None
    registration.note = clean_input(note).strip()[:500] or None
    registration.organisation_name = organisation
    registration.listed = bool(details.listed and organisation and event.public_participants)
    db.session.add(registration)
    db.session.flush()
    questions.store_answers(registration, answers)
    _notify_organisers(actor, event, occurrence)
    messages.tell_registered(registration, occurrence)
    return registration


def _organisation_name(typed: str) -> str | None:
    name = " ".join(clean_input(typed or "").split())
    if len(name) > 300:
        raise RegistrationError(_("At most %(max)d characters, please.", max=300), "organisation")
    return name or None


def cancel_registration(actor, registration: Registration) -> list[Registration]:
    """Give up a place (or a place in the queue); the first waiting person gets it. Returns them."""
    if actor.id != registration.user_id:
        raise NotAllowed(_("You may not do this."))
    return _cancel(actor, registration, tell=False)


def remove_registration(actor, registration: Registration) -> list[Registration]:
    """The organiser cancels someone's registration (they are told); the place goes to the waiting list."""
    if not can(actor, "events.edit", registration.event):
        raise NotAllowed(_("You may not do this."))
    return _cancel(actor, registration, tell=True)


def _cancel(actor, registration: Registration, tell: bool) -> list[Registration]:
    """Cancel before the start, under the lock; returns those promoted into the freed place."""
    event = registration.event
    occurrence = get_occurrence(event, registration.occurrence_key)
    if occurrence is not None and occurrence.has_started(utcnow()):
        raise RegistrationError(_("The event has already started; the registration can no longer be cancelled."))
    lock_places(event.id)
    current = _registration_of(registration.user_id, event.id, registration.occurrence_key)
    if current is None or not current.is_active:
        raise RegistrationError(_("This registration is already cancelled."))
    was_confirmed = current.status == "confirmed"
    current.status, current.cancelled_at = "cancelled", utcnow()
    db.session.flush()
    if tell and occurrence is not None:
        messages.tell_removed(current, occurrence)
    return fill_places(actor, event, current.occurrence_key, locked=True) if was_confirmed else []


def fill_places(actor, event: Event, key: str, locked: bool = False) -> list[Registration]:
    """Give free places to the waiting list, first come first served, and tell those promoted."""
    occurrence = get_occurrence(event, key)
    if occurrence is None or occurrence.is_cancelled or occurrence.has_started(utcnow()):
        return []
    if not locked:
        lock_places(event.id)
    waiting = select(Registration).where(
        Registration.event_id == event.id, Registration.occurrence_key == key, Registration.status == "waiting",
    ).order_by(Registration.queued_at, Registration.id)
    if event.capacity is not None:
        free = event.capacity - count_places(event.id, key)["confirmed"]
        if free <= 0:
            return []
        waiting = waiting.limit(free)
    promoted = list(db.session.execute(waiting.execution_options(populate_existing=True)).scalars())
    for registration in promoted:
        registration.status, registration.promoted_at = "confirmed", utcnow()
    db.session.flush()
    _notify_promoted(occurrence, promoted)
    return promoted


def _notify_promoted(occurrence, promoted) -> None:
    # Not "from" the actor: whoever gave up the place is none of the new registrant's business.
    for registration in promoted:
        messages.tell_promoted(registration, occurrence)


def _notify_organisers(actor, event, occurrence) -> None:
    """Tell the event's author (or, when they left, the organisation's admins) about a registration."""
    from app.notifications.services import notify

    url = f"/events/{event.id}/registrations" + (f"?occurrence={occurrence.key}" if occurrence.key else "")
    for recipient in organisers_to_notify(event):
        notify(recipient, "event_registration", title=messages.occurrence_title(event, occurrence), url=url,
               actor=actor, subject_key=f"event-registrations:{event.id}:{occurrence.key}")


def organisers_to_notify(event) -> list:
    author = event.created_by
    if author is not None and event.organisation_id in author.member_org_ids():
        return [author]
    return list_admins(event.organisation)
