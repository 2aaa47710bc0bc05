"""Occurrence lists worked out on light rows, with only the shown events loaded whole.

A list, the home page and the month grid need, for every event that may fall in their window,
only when it happens: its id and a few columns (EventTimes), and the exceptions of the series.
Those are read as plain rows in a fixed number of statements, expanded and ordered in Python,
and only the page's few events are then loaded as Event objects with what their cards show.
Loading every candidate as a full Event (tags, co-organisers, organisation) cost most of the
time of these pages and select-in loads that grew with the data.
"""
from dataclasses import dataclass, field, replace
from datetime import date, datetime

from sqlalchemy import select
from sqlalchemy.orm import joinedload, lazyload

from app.events.models import Event, EventStateMixin, OccurrenceOverride
from app.extensions import db

TIME_COLUMNS = (Event.id, Event.title, Event.status, Event.timezone, Event.all_day, Event.starts_at, Event.ends_at,
                Event.recurrence_rule, Event.county)


@dataclass(eq=False)
class EventTimes(EventStateMixin):
    """When an event happens and what a calendar cell shows of it; reads like an Event for recurrence.py."""

    id: int
    title: str
    status: str
    timezone: str
    all_day: bool
    starts_at: datetime
    ends_at: datetime
    recurrence_rule: str | None
    county: str | None
    overrides: list = field(default_factory=list)


@dataclass(frozen=True)
class OverrideTimes:
    """An exception of a series as a plain value (kept results hold no session-bound objects)."""

    id: int
    occurrence_date: date
    kind: str
    starts_at: datetime | None
    ends_at: datetime | None
    note: str | None


OVERRIDE_COLUMNS = (OccurrenceOverride.id, OccurrenceOverride.occurrence_date, OccurrenceOverride.kind,
                    OccurrenceOverride.starts_at, OccurrenceOverride.ends_at, OccurrenceOverride.note)


def event_times(statement, order_by=(), limit: int | None = None) -> list[EventTimes]:
    """EventTimes of the events a select(Event) finds (exceptions not attached: see with_overrides)."""
    rows = statement.with_only_columns(*TIME_COLUMNS).order_by(*order_by)
    if limit is not None:
        rows = rows.limit(limit)
    return [EventTimes(*row) for row in db.session.execute(rows)]


def with_overrides(series: list[EventTimes]) -> list[EventTimes]:
    """Attach their exceptions to these series: one query (none without series), whatever their number."""
    by_id = {times.id: times for times in series}
    if not by_id:
        return series
    # One IN list of a few hundred ids at most (series are a small share of the events), looked up
    # in the event_id index; not chunked like a select-in load, so always one statement.
    found = db.session.execute(select(OccurrenceOverride.event_id, *OVERRIDE_COLUMNS)
                               .where(OccurrenceOverride.event_id.in_(list(by_id)))
                               .order_by(OccurrenceOverride.occurrence_date))
    for event_id, *columns in found:
        by_id[event_id].overrides.append(OverrideTimes(*columns))
    return series


def load_shown(occurrences: list) -> list:
    """The occurrences with their light event replaced by the Event, loaded with what a card shows."""
    ids = {o.event.id for o in occurrences}
    if not ids:
        return occurrences
    # The card shows the organisation's name, not its tags; tags, co-organisers and exceptions of
    # the shown events load only if a page asks for them.
    statement = select(Event).where(Event.id.in_(ids)).options(
        joinedload(Event.organisation).lazyload("*"), lazyload(Event.tags), lazyload(Event.co_organiser_links),
        lazyload(Event.overrides))
    events = {event.id: event for event in db.session.execute(statement).unique().scalars()}
    return [replace(o, event=events[o.event.id]) for o in occurrences if o.event.id in events]
