"""The subscribed calendar feed (feed.ics): a bounded window, cached bytes, conditional answers.

Calendar programs poll the same address every few hours, and one county's feed has thousands
of events whose iCalendar text costs about a second to build. So:

- the feed holds what a calendar needs: events that ended at most FEED_PAST_DAYS ago and start
  within FEED_AHEAD_MONTHS (the events pages say so where they offer the feed); a series that
  has begun by then comes whole, with its rule;
- the bytes are kept per process, keyed by everything they depend on: the filters, the
  language and address of the site, the day (the window moves daily) and the data version,
  read from the database on every request with one cheap query (derived.data_version). Any
  change of an event, an exception or an organisation (name, e-mail: both are in the feed)
  changes the version, in every process alike, so a stale feed is never served; old entries
  simply age out;
- the feed is the same for every viewer (published and cancelled events only, never drafts:
  queries.public_events_statement), so one entry serves everyone;
- the ETag is the key's digest, so a client that already has this version gets 304 before
  anything is built.
"""
import hashlib
import threading
from contextlib import nullcontext
from collections import OrderedDict
from calendar import monthrange
from datetime import date, datetime, time, timedelta, timezone
from zoneinfo import ZoneInfo

from flask import Response, request, url_for
from flask_babel import force_locale, get_locale
from sqlalchemy import select
from sqlalchemy.orm import lazyload, selectinload
from werkzeug.http import is_resource_modified

from app import taxonomy
from app.db import utcnow
from app.events import derived, ical
from app.events.models import DEFAULT_TIMEZONE, Event
from app.extensions import db

FEED_PAST_DAYS = 90
FEED_AHEAD_MONTHS = 12
CACHE_MAX_BYTES = 16 * 1024 * 1024  # per worker; one busy county's feed is a few megabytes
CACHE_MAX_ENTRIES = 64
EVENT_CACHE_MAX_BYTES = 16 * 1024 * 1024  # an event's VEVENT is about 1 kB
LOAD_BATCH = 500


class _BytesCache:
    """A small LRU of feed bodies, bounded by entries and total size; shared by a worker's threads."""

    def __init__(self, max_bytes: int, max_entries: int):
        self.max_bytes, self.max_entries = max_bytes, max_entries
        self._entries: OrderedDict = OrderedDict()
        self._size = 0
        self._lock = threading.Lock()

    def get(self, key):
        with self._lock:
            found = self._entries.get(key)
            if found is not None:
                self._entries.move_to_end(key)
            return found

    def put(self, key, body: bytes, stamp=None) -> None:
        """Keep body (and a stamp that goes with it) under key, dropping the least recently used."""
        if len(body) > self.max_bytes:
            return
        with self._lock:
            if key in self._entries:
                return
            self._entries[key] = (body, stamp)
            self._size += len(body)
            while self._size > self.max_bytes or len(self._entries) > self.max_entries:
                _, (dropped, _) = self._entries.popitem(last=False)
                self._size -= len(dropped)

    def clear(self) -> None:
        with self._lock:
            self._entries.clear()
            self._size = 0


feed_cache = _BytesCache(CACHE_MAX_BYTES, CACHE_MAX_ENTRIES)
# The serialised VEVENTs of each event, keyed by everything they show (see _event_keys): after a
# change, a feed is rebuilt from these, and only the changed events are serialised again.
event_cache = _BytesCache(EVENT_CACHE_MAX_BYTES, 50_000)


def feed_window(now: datetime) -> tuple[datetime, datetime]:
    """(start, end) in UTC of what the feed holds, moved once a day (local midnight)."""
    zone = ZoneInfo(DEFAULT_TIMEZONE)
    today = now.astimezone(zone).date()
    start = datetime.combine(today - timedelta(days=FEED_PAST_DAYS), time(0), tzinfo=zone)
    end = datetime.combine(_months_after(today, FEED_AHEAD_MONTHS) + timedelta(days=1), time(0), tzinfo=zone)
    return start.astimezone(timezone.utc), end.astimezone(timezone.utc)


def _months_after(day: date, months: int) -> date:
    """The same day so many months later (or the month's last day: 31 January + 1 month = 28/29 February)."""
    year, month = divmod(day.month - 1 + months, 12)
    year, month = day.year + year, month + 1
    return date(year, month, min(day.day, monthrange(year, month)[1]))


def window_text_values() -> dict:
    """The window's size, for the sentence the events pages show next to the feed's link."""
    return {"feed_past_days": FEED_PAST_DAYS, "feed_ahead_months": FEED_AHEAD_MONTHS}


# Filter → the vocabulary its values come from (the organiser filter is named from the directory).
_FILTER_VOCABULARIES = {"county": "counties", "theme": "thematic_areas", "type": "event_types",
                        "language": "languages"}


def calendar_name(base: str, filters) -> str:
    """X-WR-CALNAME: the site's name and what the feed is filtered by ("… · Tarnów · Workshop")."""
    from app.directory.models import Organisation

    parts = []
    for name, values in filters.feed_args().items():
        if name == "org":
            parts += db.session.execute(select(Organisation.name).where(Organisation.slug.in_(values))
                                        .order_by(Organisation.sort_key)).scalars()
        else:
            parts += [taxonomy.label(_FILTER_VOCABULARIES[name], value) for value in values]
    return " · ".join([base, *parts])[:250]


def feed_language(lang: str | None):
    """The feed in the language its link carries, without remembering it in a session: calendar
    programs keep no cookies, and a public, cached answer must not set one."""
    from app.i18n import supported_languages

    return force_locale(lang) if lang in supported_languages() else nullcontext()


def subscription_links(filters) -> dict:
    """The feed's address in the page's language, over https and as webcal:// (opens the calendar program)."""
    address = url_for("events.feed", _external=True, lang=str(get_locale()), **filters.feed_args())
    return {"feed_url": address, "webcal_url": "webcal://" + address.split("://", 1)[1]}


def feed_response(filters, name: str) -> Response:
    """The feed for these filters: 304 when the client has this version, else the (cached) bytes."""
    now = utcnow()
    window = feed_window(now)
    key = (tuple((name, tuple(values)) for name, values in sorted(filters.feed_args().items())), str(get_locale()), request.host_url, window[0],
           derived.data_version())
    etag = hashlib.sha1(repr(key).encode()).hexdigest()
    cached = feed_cache.get(key)
    # Last-Modified is when this worker built these bytes: never earlier than the change it shows
    # (a deletion leaves no newer updated_at behind), at worst later than another worker's.
    if not is_resource_modified(request.environ, etag=etag, last_modified=cached[1] if cached else None):
        return _feed(b"", etag, cached[1] if cached else None, status=304)
    if cached is None:
        cached = (build_feed(filters, window, name), now.replace(microsecond=0))
        feed_cache.put(key, *cached)
    return _feed(cached[0], etag, cached[1])


def build_feed(filters, window: tuple[datetime, datetime], name: str) -> bytes:
    """The feed's bytes, from the kept VEVENTs of unchanged events and fresh ones of the others."""
    from app.events.queries import feed_statement

    statement = feed_statement(filters, *window)
    rows = _event_keys(statement)
    bodies = {row.id: event_cache.get(key) for row, key in rows}
    missing = [event_id for event_id, found in bodies.items() if found is None]
    keys = {row.id: key for row, key in rows}
    for start in range(0, len(missing), LOAD_BATCH):
        for event in _load_whole(statement, missing[start:start + LOAD_BATCH]):
            body = ical.event_ical(event)
            event_cache.put(keys[event.id], body)
            bodies[event.id] = (body, None)
    return ical.assemble(name, [row for row, _ in rows], [bodies[row.id][0] for row, _ in rows if bodies[row.id]])


def _event_keys(statement) -> list[tuple]:
    """(row, key) of each event of the feed: the key holds everything its VEVENTs show.

    updated_at and sequence change with every edit of the event and of its exceptions; the
    organiser's name and e-mail are shown too; labels and links depend on language and site.
    """
    from app.directory.models import Organisation

    context = (str(get_locale()), request.host_url)
    rows = db.session.execute(statement.with_only_columns(
        Event.id, Event.updated_at, Event.sequence, Event.timezone, Event.all_day, Event.starts_at, Event.last_ends_at,
        Organisation.name, Organisation.email,
    ).join_from(Event, Organisation, Organisation.id == Event.organisation_id)).all()
    return [(row, (row.id, row.updated_at, row.sequence, row.name, row.email) + context) for row in rows]


def _load_whole(statement, ids: list[int]) -> list[Event]:
    """The events (with their organisation and exceptions, what the VEVENTs show) of these ids."""
    return list(db.session.execute(statement.where(Event.id.in_(ids)).options(
        lazyload(Event.tags), lazyload(Event.co_organiser_links), selectinload(Event.overrides),
    )).unique().scalars())


def _feed(body: bytes, etag: str, last_modified, status: int = 200) -> Response:
    response = Response(body, status=status, mimetype="text/calendar",
                        headers={"Content-Disposition": 'inline; filename="events.ics"'})
    response.set_etag(etag)
    if last_modified is not None:
        response.last_modified = last_modified
    # Calendars may keep it a while; after that they ask again with If-None-Match.
    response.cache_control.public = True
    response.cache_control.max_age = 300
    return response
