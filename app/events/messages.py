"""What registrants are told: registration recorded, promotion, removal, cancellation, move, reminder.

Each message is a notification (in-app, and e-mail as the registrant chose in their settings);
the e-mail's details — when, where, the waiting-list position — and its .ics are made when it
is sent, in the registrant's language, from the event as it is then. Every subject key starts
with "event:<event id>:<registration id>" (the notifications check the event is still visible)
and ends with what makes the message new, so a repeated request or command says nothing twice.
"""
from datetime import datetime

from sqlalchemy import func, select, tuple_

from app import taxonomy
from app.dates import format_date
from app.db import utcnow
from app.events import invitations
from app.events.invitations import CANCEL, REQUEST
from app.events.models import Registration
from app.events.recurrence import get_occurrence
from app.extensions import db
from app.i18n import gettext as _
from app.inputs import to_id
from app.notifications.kinds import MailDetails, mail_details_for


def _stamp(moment: datetime | None) -> str:
    return str(int(moment.timestamp())) if moment is not None else "0"


def local_zone():
    from app.events.queries import local_zone as platform_zone  # queries builds on registration.py

    return platform_zone()


def occurrence_title(event, occurrence) -> str:
    """The notification's title: the event and the (local) day, the same in every language."""
    return f"{event.title} ({occurrence.local_start.astimezone(local_zone()).date().isoformat()})"


def _notify(registration, kind: str, occurrence, tag: str) -> None:
    from app.events.registration import occurrence_path
    from app.notifications.services import notify

    event = registration.event
    notify(registration.user, kind, title=occurrence_title(event, occurrence),
           url=occurrence_path(event, occurrence.key),
           subject_key=f"event:{event.id}:{registration.id}:{tag}")


# --- the verbs' messages (called by services and registration.py) --------------------------------------
def tell_registered(registration, occurrence) -> None:
    """A place, or a place on the waiting list, is recorded."""
    _notify(registration, "event_registered", occurrence, f"{registration.status}-{_stamp(registration.queued_at)}")


def tell_promoted(registration, occurrence) -> None:
    """A place freed up for someone waiting (never saying whose place it was)."""
    _notify(registration, "waitlist_promotion", occurrence, f"promoted-{_stamp(registration.promoted_at)}")


def tell_removed(registration, occurrence) -> None:
    """The organiser cancelled this registration."""
    _notify(registration, "registration_removed", occurrence, f"removed-{_stamp(registration.cancelled_at)}")


def tell_reminder(registration, occurrence) -> None:
    """The occurrence starts soon (reminders.py decides when)."""
    _notify(registration, "event_reminder", occurrence, f"reminder-{occurrence.key or 'single'}")


def tell_event_cancelled(event) -> None:
    """The whole event is cancelled: everyone registered for a date still to come hears it."""
    now = utcnow()
    for registration in active_registrations(event):
        occurrence = get_occurrence(event, registration.occurrence_key)
        if occurrence is not None and not occurrence.is_past(now):
            _notify(registration, "event_cancelled", occurrence, "event")


def tell_occurrence_changed(event, override) -> None:
    """One date was cancelled or moved (override.sequence tells one change from the next)."""
    key = override.occurrence_date.isoformat()
    occurrence = get_occurrence(event, key)
    kind = "event_cancelled" if override.kind == "cancelled" else "event_moved"
    if occurrence is None or occurrence.is_past(utcnow()):
        return
    for registration in active_registrations(event, key):
        _notify(registration, kind, occurrence, f"{override.kind}-{override.sequence}")


def active_registrations(event, key: str | None = None) -> list[Registration]:
    statement = select(Registration).where(Registration.event_id == event.id,
                                           Registration.status.in_(("confirmed", "waiting")))
    if key is not None:
        statement = statement.where(Registration.occurrence_key == key)
    return list(db.session.execute(statement.order_by(Registration.id)).scalars())


# --- the e-mail's details, at sending time ----------------------------------------------------------------
_INVITATION_OF = {"event_registered": REQUEST, "waitlist_promotion": REQUEST, "event_moved": REQUEST,
                  "registration_removed": CANCEL, "event_cancelled": CANCEL}


@mail_details_for("event_registered", "waitlist_promotion", "registration_removed", "event_cancelled",
                  "event_moved", "event_reminder")
def registrant_mail(notification) -> MailDetails | None:
    """The lines (status, when, where) and the .ics of a registrant's e-mail."""
    registration = _registration_of(notification.subject_key)
    if registration is None:
        return None
    event = registration.event
    occurrence = get_occurrence(event, registration.occurrence_key)
    if occurrence is None:
        return None
    lines = [*_status_lines(notification.kind, registration, occurrence), *when_and_where(event, occurrence)]
    method = _INVITATION_OF.get(notification.kind)
    files = [invitations.attachment(event, occurrence, method, registration.user)] if method else []
    return MailDetails(lines=lines, attachments=files)


def _registration_of(subject_key: str | None) -> Registration | None:
    parts = (subject_key or "").split(":")
    registration_id = to_id(parts[2]) if len(parts) > 2 else None  # the one way to read an id
    return db.session.get(Registration, registration_id) if registration_id else None


def _status_lines(kind: str, registration, occurrence) -> list[str]:
    event = registration.event
    if kind == "event_registered":
        if registration.status == "waiting":
            return [_("The places are taken: you are number %(position)d on the waiting list. "
                      "We will tell you when a place frees up.", position=waiting_position(registration))]
        return [_("Your place is confirmed.")]
    if kind == "waitlist_promotion":
        return [_("A place freed up: you are now registered.")]
    if kind == "registration_removed":
        return [_("The organiser cancelled your registration.")]
    if kind == "event_cancelled":
        reason = event.cancellation_reason if event.is_cancelled else (occurrence.override and occurrence.override.note)
        return [_("The event is cancelled."), *([_("Reason: %(reason)s", reason=reason)] if reason else [])]
    if kind == "event_moved":
        note = occurrence.override.note if occurrence.override is not None else None
        return [_("The event has new times; the calendar entry attached replaces the old one."), *([note] if note else [])]
    return [_("A reminder: you are registered for this event, which starts soon.")]


def waiting_position(registration) -> int:
    """1 for the first person on the waiting list."""
    ahead = db.session.execute(select(func.count()).where(
        Registration.event_id == registration.event_id, Registration.occurrence_key == registration.occurrence_key,
        Registration.status == "waiting",
        tuple_(Registration.queued_at, Registration.id) < tuple_(registration.queued_at, registration.id),
    )).scalar_one()
    return ahead + 1


def when_and_where(event, occurrence) -> list[str]:
    """"When: …" (Warsaw time) and where: the address and county, or the online link, or both."""
    lines = [_("When: %(when)s", when=_when(event, occurrence))]
    place = ", ".join(p for p in (event.address, taxonomy.label("counties", event.county) if event.county else "") if p)
    if place:
        lines.append(_("Where: %(place)s", place=place))
    if event.online_url:
        lines.append(_("Online: %(url)s", url=event.online_url))
    lines.append(_("Organiser: %(name)s", name=event.organisation.name))
    return lines


def _when(event, occurrence) -> str:
    zone = local_zone()  # the region's clock, whatever zone the event was typed in
    start, end = occurrence.starts_at.astimezone(zone), occurrence.ends_at.astimezone(zone)
    if event.all_day:
        first, last = occurrence.local_start.date(), occurrence.last_day
        return format_date(first, "full") + ("" if last == first else " – " + format_date(last, "full"))
    if start.date() == end.date():
        return _("%(day)s, %(start)s–%(end)s (Warsaw time)", day=format_date(start.date(), "full"),
                 start=_clock(start), end=_clock(end))
    return _("%(start)s – %(end)s (Warsaw time)", start=f"{format_date(start.date(), 'full')} {_clock(start)}",
             end=f"{format_date(end.date(), 'full')} {_clock(end)}")


def _clock(moment: datetime) -> str:
    return moment.strftime("%H:%M")  # 24-hour clock in all three languages
