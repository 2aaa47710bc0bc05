"""The lists of events: upcoming and past (filtered, paged) and the next few for the home page.

Lists work on occurrences (recurring series are expanded in Python on the wall clock), but
SQL first narrows the events to those that can have an occurrence in the window, and every
list runs a fixed number of queries whatever its length.

Other parts may reuse upcoming_occurrences(viewer, limit) (e.g. the home page).
"""
from datetime import datetime, time, timedelta, timezone
from math import ceil

from sqlalchemy import func

from app.db import utcnow
from app.events import derived, listing
from app.events.models import Event
from app.events.queries import (PAST_WINDOW, draft_scope, filtered, in_window, local_zone, organised_by,
                                visible_events_statement)
from app.events.recurrence import occurrences
from app.events.services import MAX_DURATION
from app.extensions import db
from app.pagination import PageNumbers

PER_PAGE = 20
PAST_LOOKBACKS = (timedelta(days=35), timedelta(days=366))  # see _latest_ended


class ListPage(PageNumbers):
    """A page of a list computed in Python, with the interface the pagination macro expects."""

    def __init__(self, items: list, page: int, per_page: int, total: int):
        self.items, self.page, self.per_page, self.total = items, page, per_page, total
        self.pages = max(1, ceil(total / per_page))
        self.has_prev, self.has_next = page > 1, page < self.pages
        self.prev_num, self.next_num = page - 1, page + 1

    def __iter__(self):
        return iter(self.items)


def _window(filters, past: bool, now: datetime) -> tuple[datetime, datetime]:
    zone = local_zone()
    start = datetime.combine(filters.date_from, time(0), tzinfo=zone) if filters.date_from else None
    end = datetime.combine(filters.date_to + timedelta(days=1), time(0), tzinfo=zone) if filters.date_to else None
    if past:
        end = min(end, now) if end else now
        start = start or end - PAST_WINDOW
    else:
        start = max(start, now) if start else now
        end = end or start + timedelta(days=366 * 5)
    return start.astimezone(timezone.utc), end.astimezone(timezone.utc)


def list_occurrences(viewer, filters, past: bool = False, page: int = 1, per_page: int = PER_PAGE) -> ListPage:
    """One entry per event, at its next occurrence (upcoming) or its latest one (past), filtered.

    A single event's occurrence is the event itself, so single events are counted, ordered and
    cut to the page in SQL; only series (a small share) are expanded in Python and merged in,
    so the first pages no longer load every upcoming event (page n reads n × per_page singles).
    Candidates are light rows (listing.EventTimes); only the page's events are loaded whole.
    """
    start, end = _window(filters, past, utcnow())
    statement = in_window(filtered(visible_events_statement(viewer), filters), start, end)
    key = None if past else ("series", draft_scope(viewer), filters)
    singles, series_entries = _singles_and_series(statement, start, end, past, key)
    total = _count(singles) + len(series_entries)
    page = min(max(page, 1), max(1, ceil(total / per_page)))
    entries = _first_entries(singles, series_entries, start, end, past, page * per_page)
    return ListPage(listing.load_shown(entries[(page - 1) * per_page:]), page, per_page, total)


def _singles_and_series(statement, start: datetime, end: datetime, past: bool, key: tuple | None = None) -> tuple:
    """(statement of the single events, representative occurrences of the series) in the window.

    With a key (upcoming lists only), the series' entries are kept per data version until the
    first of them ends (derived.py): until then each is still its series' next occurrence.
    """
    # No event lasts longer than MAX_DURATION: a lower bound on starts_at that the index can use.
    singles = statement.where(Event.recurrence_rule.is_(None), Event.starts_at > start - MAX_DURATION)
    if past:
        singles = singles.where(Event.ends_at <= end)  # still running: not yet in the past list

    def series_entries() -> list:
        series = listing.with_overrides(listing.event_times(statement.where(Event.recurrence_rule.is_not(None))))
        return [o for o in (_representative(times, start, end, past) for times in series) if o is not None]

    if key is None:
        return singles, series_entries()
    return singles, derived.VALUES.get(key, derived.data_version(), series_entries, expiry=_first_end)


def _first_entries(singles, series_entries: list, start: datetime, end: datetime, past: bool, count: int) -> list:
    """The first count entries of the list: the series' entries merged with enough single events."""
    newest_first = (Event.starts_at.desc(), Event.id.desc()) if past else (Event.starts_at, Event.id)
    # Enough single events for this page even if no series falls before them.
    first_singles = listing.event_times(singles, order_by=newest_first, limit=count)
    entries = series_entries + [_representative(times, start, end, past) for times in first_singles]
    entries.sort(key=lambda o: (o.starts_at, o.event.id), reverse=past)
    return entries[:count]


def _count(statement) -> int:
    return db.session.execute(statement.with_only_columns(func.count()).order_by(None)).scalar_one()


def _representative(event, start: datetime, end: datetime, past: bool):
    if past:
        return _latest_ended(event, start, end)
    for limit in (1, 50):  # the next date is nearly always the first one (unless cancelled)
        found = occurrences(event, start, end, limit=limit)
        live = [o for o in found if not o.is_cancelled or not event.is_recurring]
        if live or len(found) < limit:
            return live[0] if live else None
    return None


def _latest_ended(event, start: datetime, end: datetime):
    """The latest occurrence in [start, end) that has ended by end and was held (else the latest
    cancelled one), or None.

    Occurrences are generated forwards only, so the last weeks are looked at first: a weekly
    series then costs 5 occurrences instead of the window's 105. Only a series with nothing
    held lately is expanded over a year, then over the whole window.
    """
    for lately in PAST_LOOKBACKS:
        if end - lately <= start:
            break
        held = [o for o in occurrences(event, end - lately, end) if o.ends_at <= end and not o.is_cancelled]
        if held:
            return held[-1]
    found = [o for o in occurrences(event, start, end) if o.ends_at <= end]
    held = [o for o in found if not o.is_cancelled] or found
    return held[-1] if held else None


def upcoming_occurrences(viewer, limit: int = 5) -> list:
    """The next occurrences of published events (each series once), for the home page.

    Like the first page of the list, without counting the whole list.
    """
    return _upcoming(("upcoming", draft_scope(viewer)), visible_events_statement(viewer), limit)


def _upcoming(key: tuple, statement, limit: int) -> list:
    """The first limit entries of the upcoming list of these events (without counting the whole list).

    The entries (light values) are kept per data version (derived.py) until the first of them
    ends: until then, with the same data, no other occurrence can come before them. Only the
    shown events are loaded whole, on every request.
    """
    def compute():
        from app.events.forms import EventFilters

        start, end = _window(EventFilters(), False, utcnow())
        singles, series_entries = _singles_and_series(in_window(statement, start, end), start, end, False)
        return _first_entries(singles, series_entries, start, end, False, limit)

    entries = derived.VALUES.get(key + (limit,), derived.data_version(), compute, expiry=_first_end)
    return listing.load_shown(entries)


def organiser_other_events(viewer, event, limit: int = 5) -> list:
    """The next occurrences of the same organisation's other events (organised or co-organised)."""
    others = visible_events_statement(viewer).where(Event.id.in_(organised_by([event.organisation_id])),
                                                     Event.id != event.id)
    return _upcoming(("others", event.id, event.organisation_id, draft_scope(viewer)), others, limit)


def organisation_occurrences(viewer, organisation_id: int, limit: int = 5) -> list:
    """The next occurrences of the events an organisation organises or co-organises (for its profile)."""
    statement = visible_events_statement(viewer).where(Event.id.in_(organised_by([organisation_id])))
    return _upcoming(("organisation", organisation_id, draft_scope(viewer)), statement, limit)


def _first_end(entries: list) -> datetime:
    """When a kept upcoming list goes stale: its first entry ends (or tomorrow, when it is short or empty)."""
    return min((o.ends_at for o in entries), default=utcnow() + timedelta(days=1))
