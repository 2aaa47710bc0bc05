"""Reads of the events calendar, already filtered by what the viewer may see: the statements
the lists, grid and feeds start from, one event's page, registrations and the views' helpers.
The lists themselves are in lists.py.

Other parts may reuse visible_events_statement(viewer) (e.g. search).
"""
from datetime import datetime, timedelta

from sqlalchemy import or_, select, union
from sqlalchemy.orm import selectinload
from werkzeug.exceptions import HTTPException

from app.db import utcnow
from app.events import attendance
from app.events.letters import sent_messages
from app.events.models import DEFAULT_TIMEZONE, Event, EventCoOrganiser, EventMinutes, EventTag, Registration
from app.events.recurrence import first_occurrence, get_occurrence, last_occurrence, occurrences
from app.events.registration import closed_reason, count_places, registration_closes_at
from app.extensions import db
from app.permissions import access_thread, can, relevant_grants, visible_where
from app.tags import filter_by_tags

PAST_WINDOW = timedelta(days=366 * 2)  # how far back the past list and a series' past dates go
WARSAW = DEFAULT_TIMEZONE


def visible_events_statement(viewer):
    """select(Event) limited to what viewer may see (the policy's grants: drafts of their organisations)."""
    return select(Event).where(visible_where("events", viewer, Event))


def draft_scope(viewer) -> frozenset:
    """What makes one viewer's lists differ from another's (a cache key): their grants for events."""
    return relevant_grants("events", viewer, Event)


def public_events_statement():
    """What feeds and exports show: what everyone may see (published and cancelled, never drafts)."""
    return select(Event).where(visible_where("events", None, Event))


def filtered(statement, filters):
    """Apply the list's filters (AND across fields, OR within one) to a select(Event)."""
    if filters.county:
        statement = statement.where(Event.county.in_(filters.county))
    if filters.type:
        statement = statement.where(Event.event_type.in_(filters.type))
    if filters.org:
        from app.directory.models import Organisation

        # Unknown organisations in the URL are ignored, like unknown taxonomy slugs.
        org_ids = list(db.session.execute(select(Organisation.id).where(Organisation.slug.in_(filters.org))).scalars())
        if org_ids:
            statement = statement.where(Event.id.in_(organised_by(org_ids)))
    return filter_by_tags(statement, EventTag, EventTag.event_id, Event.id,
                          {"thematic_areas": filters.theme, "languages": filters.language})


def organised_by(org_ids):
    """Ids of the events these organisations organise or co-organise.

    A union of two indexed lookups: "organisation_id IN … OR id IN …" made SQLite read every event.
    """
    return union(select(Event.id).where(Event.organisation_id.in_(org_ids)),
                 select(EventCoOrganiser.event_id).where(EventCoOrganiser.organisation_id.in_(org_ids)))


def in_window(statement, start: datetime, end: datetime):
    """Events that may have an occurrence overlapping [start, end) (series are checked later)."""
    return statement.where(Event.starts_at < end, or_(Event.last_ends_at.is_(None), Event.last_ends_at > start))


# --- one event ---------------------------------------------------------------------------------------
def next_occurrences(event, limit: int = 12) -> list:
    """The coming occurrences of a series (cancelled ones included, marked)."""
    now = utcnow()
    return occurrences(event, now, now + timedelta(days=366 * 5), limit=limit)


def past_occurrences(event, limit: int = 6) -> list:
    now = utcnow()
    found = occurrences(event, max(event.starts_at, now - PAST_WINDOW), now)
    return [o for o in found if o.ends_at <= now][-limit:][::-1]


def occurrence_or_first(event, key: str | None):
    """The occurrence with this key, or for a single event its only occurrence; None if not a date of it."""
    if not event.is_recurring:
        return get_occurrence(event, "") if not key else None
    if key:
        return get_occurrence(event, key)
    return first_occurrence(event, utcnow()) or last_occurrence(event, utcnow())


def registration_summary(viewer, event, occurrence) -> dict:
    """What the registration box shows: places, whether it is open, the viewer's own registration."""
    if not event.registration_enabled:
        return {"enabled": False}
    if occurrence is None:  # the page of a whole series: each date has its own registration
        return {"enabled": True}
    counts = count_places(event.id, occurrence.key)
    mine = None
    if viewer.id is not None:
        mine = db.session.execute(select(Registration).where(
            Registration.event_id == event.id, Registration.occurrence_key == occurrence.key,
            Registration.user_id == viewer.id, Registration.status.in_(("confirmed", "waiting")),
        )).scalar_one_or_none()
    free = None if event.capacity is None else max(0, event.capacity - counts["confirmed"])
    return {
        "enabled": True, "counts": counts, "free": free, "mine": mine,
        "position": waiting_position(mine) if mine is not None and mine.status == "waiting" else None,
        "closed_reason": closed_reason(event, occurrence, utcnow()),
        "closes_at": registration_closes_at(event, occurrence),
    }


def waiting_position(registration) -> int:
    """1 for the first person on the waiting list."""
    ahead = db.session.execute(select(db.func.count()).select_from(Registration).where(
        Registration.event_id == registration.event_id, Registration.occurrence_key == registration.occurrence_key,
        Registration.status == "waiting",
        or_(Registration.queued_at < registration.queued_at,
            (Registration.queued_at == registration.queued_at) & (Registration.id < registration.id)),
    )).scalar_one()
    return ahead + 1


def registrations_for(event, key: str) -> list[Registration]:
    """Everyone registered for one occurrence: confirmed first, then the waiting list in order."""
    rows = db.session.execute(select(Registration).where(
        Registration.event_id == event.id, Registration.occurrence_key == key,
        Registration.status.in_(("confirmed", "waiting")),
    ).order_by(Registration.status, Registration.queued_at, Registration.id)).scalars().all()
    return sorted(rows, key=lambda r: (r.status != "confirmed", r.queued_at, r.id))


def registration_of(event, registration_id: int) -> Registration | None:
    """A registration for this event (None for one of another event)."""
    registration = db.session.get(Registration, registration_id) if 0 < registration_id < 2**31 else None
    return registration if registration is not None and registration.event_id == event.id else None


def registered_keys(event) -> list[str]:
    """Occurrence keys of a series that have anyone registered (for the organiser's choice)."""
    return list(db.session.execute(select(Registration.occurrence_key).where(
        Registration.event_id == event.id, Registration.status.in_(("confirmed", "waiting")),
    ).distinct().order_by(Registration.occurrence_key)).scalars())


def my_registrations(user, past: bool = False) -> list[tuple]:
    """(registration, occurrence) of the user's active registrations, coming ones first."""
    rows = db.session.execute(select(Registration).where(
        Registration.user_id == user.id, Registration.status.in_(("confirmed", "waiting")),
    ).options(selectinload(Registration.event).selectinload(Event.overrides))).scalars().all()
    now, result = utcnow(), []
    for registration in rows:
        if not can(user, "events.view", registration.event):
            continue
        occurrence = get_occurrence(registration.event, registration.occurrence_key)
        if occurrence is None or (occurrence.ends_at <= now) != past:
            continue
        result.append((registration, occurrence))
    result.sort(key=lambda pair: pair[1].starts_at, reverse=past)
    return result


def linked_thread(viewer, thread_id: int | None):
    """The forum thread of this id if viewer may see it (the forums' rules); else None."""
    if thread_id is None:
        return None
    try:
        return access_thread(viewer, thread_id)
    except HTTPException:
        return None


def local_zone():
    """The platform's wall clock (Europe/Warsaw): dates people type and see are in it."""
    from zoneinfo import ZoneInfo

    return ZoneInfo(WARSAW)


# --- helpers of the views ---------------------------------------------------------------------------
def current_language() -> str:
    from app.taxonomy import current_language as language

    return language()


def filter_options(viewer, selected_orgs=()) -> dict:
    """The organisers chosen in the address (?org=slug, linked from each organisation's profile),
    with their names, shown as filters that can be unticked.

    There is no list of every organiser to choose from: with thousands of organisations it
    weighed over 300 KB on every events page and is no use as a drop-down.
    """
    from app.directory.models import Organisation

    if not selected_orgs:
        return {"chosen_organisers": []}
    rows = db.session.execute(
        select(Organisation.slug, Organisation.name).where(Organisation.slug.in_(selected_orgs))
        .order_by(Organisation.sort_key)).all()
    return {"chosen_organisers": rows}


def feed_statement(filters, start: datetime, end: datetime):
    """Published and cancelled events for a subscribed calendar with an occurrence in [start, end) (feeds.py)."""
    return in_window(filtered(public_events_statement(), filters), start, end).order_by(Event.starts_at, Event.id)


def event_page(viewer, event, occurrence) -> dict:
    """Everything the event page shows besides the event itself."""
    from app.events.lists import organiser_other_events  # lists.py builds on this module's statements
    from app.events.questions import participating_organisations
    from app.events.recurrence import describe

    minutes = minutes_of(event, occurrence.key) if occurrence is not None else None
    return {
        "thread": linked_thread(viewer, minutes.forum_thread_id) if minutes is not None else None,
        "rule_text": describe(event.recurrence_rule),
        "upcoming": next_occurrences(event) if event.is_recurring else [],
        "past": past_occurrences(event) if event.is_recurring else [],
        "registration": registration_summary(viewer, event, occurrence),
        "others": organiser_other_events(viewer, event) if not event.is_draft else [],
        "minutes": minutes,
        "minutes_keys": minutes_keys(event) if event.is_recurring else set(),
        "sent_messages": _sent_messages(viewer, event, occurrence),
        "participants": participating_organisations(event, occurrence.key) if occurrence is not None else [],
        **_attendance(viewer, event, occurrence),
        "now": utcnow(),
    }


def _attendance(viewer, event, occurrence) -> dict:
    """The counts of who attended (for everyone) and the names (organisers and the secretariat)."""
    if occurrence is None or not occurrence.has_started(utcnow()):
        return {"attendance": None, "attendees": []}
    found = attendance.summary(event, occurrence.key)
    names = attendance.attendees(event, occurrence.key) if found and can(viewer, "events.view_attendance", event) else []
    return {"attendance": found, "attendees": names}


def _sent_messages(viewer, event, occurrence) -> list:
    """The messages to this date's registrants, for the organisers only."""
    if occurrence is None or not can(viewer, "events.write_to_registrants", event):
        return []
    return sent_messages(event, occurrence.key)


def organisation_choices(user, event=None) -> tuple[list, list]:
    """(organisations the user may publish for, organisations that may co-organise)."""
    from app.directory.models import Organisation

    member_of = set(user.member_org_ids())
    if event is not None:
        member_of.add(event.organisation_id)
    # Only verified organisations publish events (permissions "events.create"); an event keeps its own.
    publishing = or_(Organisation.verified_at.is_not(None), Organisation.id == (event.organisation_id if event else 0))
    mine = list(db.session.execute(
        select(Organisation).where(Organisation.id.in_(member_of), publishing).order_by(Organisation.sort_key)
    ).unique().scalars()) if member_of else []
    linked = [link.organisation_id for link in event.co_organiser_links] if event is not None else []
    others = list(db.session.execute(
        select(Organisation).where(or_(Organisation.verified_at.is_not(None), Organisation.id.in_(linked or [0])))
        .order_by(Organisation.sort_key)
    ).unique().scalars())
    return mine, others


def occurrence_form_values(occurrence) -> dict:
    start, end = occurrence.local_start, occurrence.local_end
    return {
        "start_date": start.date().isoformat(), "start_time": start.strftime("%H:%M"),
        "end_date": "" if occurrence.last_day == start.date() else occurrence.last_day.isoformat(),
        "end_time": end.strftime("%H:%M"),
        "note": occurrence.override.note if occurrence.override is not None and occurrence.override.note else "",
    }


def minutes_of(event, key: str):
    return db.session.execute(
        select(EventMinutes).where(EventMinutes.event_id == event.id, EventMinutes.occurrence_key == key)
    ).scalar_one_or_none()


def minutes_keys(event) -> set[str]:
    """The dates of a series that have minutes."""
    return set(db.session.execute(
        select(EventMinutes.occurrence_key).where(EventMinutes.event_id == event.id, EventMinutes.body != "")
    ).scalars())


def minutes_form_values(event, key: str) -> dict:
    minutes = minutes_of(event, key)
    if minutes is None:
        return {}
    return {"minutes": minutes.body, "forum_thread": str(minutes.forum_thread_id or "")}


def registration_url(registration) -> str:
    from flask import url_for

    if registration.occurrence_key:
        return url_for("events.show_occurrence", event_id=registration.event_id, occurrence=registration.occurrence_key)
    return url_for("events.show_event", event_id=registration.event_id)


def registration_dates(event) -> list:
    """Occurrences of a series that have registrations, and the next few (for the organiser)."""
    if not event.is_recurring:
        return []
    found = {key: get_occurrence(event, key) for key in registered_keys(event)}
    for occurrence in next_occurrences(event, limit=6):
        found.setdefault(occurrence.key, occurrence)
    return sorted((o for o in found.values() if o is not None), key=lambda o: o.starts_at)


def my_drafts(user) -> list[Event]:
    """Drafts of the user's organisations (nobody else sees them)."""
    return list(db.session.execute(
        select(Event).where(Event.status == "draft", visible_where("events", user, Event)).order_by(Event.starts_at)
    ).unique().scalars())
