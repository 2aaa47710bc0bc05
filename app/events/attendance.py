"""Who attended a meeting, and what the meetings reached: the secretariat's figures per county and month.

After a date has started its organisers and co-organisers tick the registrants who came and add
those who came without registering (name and organisation). Everyone sees how many people and
organisations took part; the names are for the organisers and the secretariat (permissions
"events.view_attendance"). An attendee's name and organisation are copied when marked, so the
record of a meeting stays as it was; when a registrant deletes their account, their row stays in
the meeting's figures without their name (`keep_without_names`). Organisations are told apart by
their name (case and spaces aside): a walk-in types it, a registrant gave it or is a member of it.
"""
from dataclasses import dataclass, field
from datetime import date, datetime, timezone

from sqlalchemy import select, update

from app.db import utcnow
from app.events.errors import EventError, NotAllowed
from app.events.models import Attendance, Event, Registration
from app.events.recurrence import get_occurrence, occurrences
from app.extensions import db
from app.i18n import gettext as _
from app.permissions import can
from app.text import clean_input


def _started_occurrence(actor, event, key: str):
    if not can(actor, "events.record_attendance", event):
        raise NotAllowed(_("You may not do this."))
    occurrence = get_occurrence(event, key)
    if occurrence is None:
        raise EventError(_("The event does not take place on this date."))
    if occurrence.is_cancelled:
        raise EventError(_("This date is cancelled."))
    if not occurrence.has_started(utcnow()):
        raise EventError(_("Attendance can be marked once the meeting has started."))
    return occurrence


def set_attendance(actor, event, key: str, registration_ids: list[int]) -> int:
    """Tick exactly these registrants of the date as attended (the others are unticked); returns how many."""
    _started_occurrence(actor, event, key)
    registrations = {r.id: r for r in registrants(event, key)}
    wanted = set(registration_ids)
    if wanted - set(registrations):
        raise EventError(_("Tick people from the list of registrants."), "attended")
    marked = {a.registration_id: a for a in attendees(event, key) if a.registration_id is not None}
    for registration_id in set(marked) - wanted:
        db.session.delete(marked[registration_id])
    organisations = _member_organisations([registrations[i].user_id for i in wanted - set(marked)])
    for registration_id in sorted(wanted - set(marked)):
        registration = registrations[registration_id]
        db.session.add(Attendance(
            event_id=event.id, occurrence_key=key, registration_id=registration.id,
            name=registration.user.display_name, recorded_by_id=actor.id,
            organisation_name=registration.organisation_name or organisations.get(registration.user_id)))
    db.session.flush()
    return len(wanted)


def add_walk_in(actor, event, key: str, name: str, organisation_name: str = "") -> Attendance:
    """Someone who came without registering."""
    _started_occurrence(actor, event, key)
    name, organisation = _one_line(name, 200, "name"), _one_line(organisation_name, 300, "organisation")
    if not name:
        raise EventError(_("Write the person's name."), "name")
    attendee = Attendance(event_id=event.id, occurrence_key=key, name=name, organisation_name=organisation or None,
                          recorded_by_id=actor.id)
    db.session.add(attendee)
    db.session.flush()
    return attendee


def _one_line(text: str | None, length: int, field_name: str) -> str:
    text = " ".join(clean_input(text or "").split())
    if len(text) > length:
        raise EventError(_("At most %(max)d characters, please.", max=length), field_name)
    return text


def remove_walk_in(actor, attendee: Attendance) -> None:
    event = db.session.get(Event, attendee.event_id)
    _started_occurrence(actor, event, attendee.occurrence_key)
    db.session.delete(attendee)
    db.session.flush()


def keep_without_names(user) -> None:
    """Before an account goes: the meetings its person attended keep counting them, without their name.

    The registration rows go with the account (their answers are personal data); the attendance
    row is detached from it first and its name emptied, so the secretariat's past figures (people
    and organisations reached per county and month) do not change when someone leaves.
    """
    their_registrations = select(Registration.id).where(Registration.user_id == user.id)
    db.session.execute(update(Attendance).where(Attendance.registration_id.in_(their_registrations))
                       .values(registration_id=None, name="").execution_options(synchronize_session=False))


def _member_organisations(user_ids: list[int]) -> dict[int, str]:
    """{user id: the first organisation they are an active member of} (one query)."""
    from app.events.export import organisations_of

    return {user_id: names[0] for user_id, names in organisations_of(user_ids).items() if names}


# --- reads ----------------------------------------------------------------------------------------------
def registrants(event, key: str) -> list[Registration]:
    """Those registered for the date (confirmed, then waiting: someone waiting may have come too)."""
    from app.events.queries import registrations_for

    return registrations_for(event, key)


def attendees(event, key: str) -> list[Attendance]:
    return list(db.session.execute(select(Attendance).where(
        Attendance.event_id == event.id, Attendance.occurrence_key == key).order_by(Attendance.name, Attendance.id))
        .scalars())


def attendee_of(event, attendee_id: int) -> Attendance | None:
    attendee = db.session.get(Attendance, attendee_id) if 0 < attendee_id < 2**31 else None
    return attendee if attendee is not None and attendee.event_id == event.id else None


def organisation_key(name: str | None) -> str:
    return " ".join((name or "").split()).casefold()


@dataclass
class Summary:
    people: int
    organisations: int


def summary(event, key: str) -> Summary | None:
    """How many people and organisations attended (None when no attendance is recorded)."""
    names = list(db.session.execute(select(Attendance.organisation_name).where(
        Attendance.event_id == event.id, Attendance.occurrence_key == key)).scalars())
    if not names:
        return None
    return Summary(len(names), len({organisation_key(n) for n in names if organisation_key(n)}))


# --- the secretariat's figures -----------------------------------------------------------------------------
@dataclass
class MeetingRow:
    """One county in one month: meetings held, people who attended, organisations reached."""

    month: date
    county: str  # "" for online or no county
    held: int = 0
    attendance: int = 0
    organisations: set = field(default_factory=set)


def meeting_figures(first_month: date, last_month: date, zone) -> list[MeetingRow]:
    """Rows per (month, county) with at least one meeting held between the two months (both included).

    A meeting held: an occurrence of a published event that is not cancelled and has ended.
    Series are expanded over the period (the secretariat's page, not a list that pages).
    """
    start = datetime.combine(first_month, datetime.min.time(), tzinfo=zone).astimezone(timezone.utc)
    after = date(last_month.year + (last_month.month == 12), last_month.month % 12 + 1, 1)
    end = min(datetime.combine(after, datetime.min.time(), tzinfo=zone).astimezone(timezone.utc), utcnow())
    if end <= start:
        return []
    events = db.session.execute(select(Event).where(
        Event.status == "published", Event.starts_at < end,
        (Event.last_ends_at.is_(None)) | (Event.last_ends_at > start))).scalars().all()
    rows: dict[tuple, MeetingRow] = {}
    held: dict[tuple, MeetingRow] = {}
    for event in events:
        for occurrence in occurrences(event, start, end):
            if occurrence.is_cancelled or occurrence.ends_at > end or occurrence.starts_at < start:
                continue
            local = occurrence.starts_at.astimezone(zone).date().replace(day=1)
            row = rows.setdefault((local, event.county or ""), MeetingRow(local, event.county or ""))
            row.held += 1
            held[(event.id, occurrence.key)] = row
    _add_attendance(held)
    return sorted(rows.values(), key=lambda r: (r.month, r.county))


def _add_attendance(held: dict[tuple, MeetingRow]) -> None:
    event_ids = sorted({event_id for event_id, _key in held})
    for chunk in (event_ids[i:i + 500] for i in range(0, len(event_ids), 500)):
        for event_id, key, organisation in db.session.execute(select(
                Attendance.event_id, Attendance.occurrence_key, Attendance.organisation_name)
                .where(Attendance.event_id.in_(chunk))):
            row = held.get((event_id, key))
            if row is not None:
                row.attendance += 1
                if organisation_key(organisation):
                    row.organisations.add(organisation_key(organisation))
