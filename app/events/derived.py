"""Values derived from the events' data, kept per process for one data version.

data_version() reads, in one statement of aggregates over indexed columns, what the feeds, lists
and month grids depend on: any edit, addition or deletion of an event, an exception or an
organisation changes it, in every process alike (it is read from the database on each
request), so a value kept for an older version is never served. Nothing viewer-specific is
kept here: only what is the same for every viewer (published and cancelled events).
"""
import threading
from collections import OrderedDict

from flask import g
from sqlalchemy import func, select

from app.db import on_commit, utcnow
from app.events.models import Event, OccurrenceOverride
from app.extensions import db

MAX_KEPT = 128  # values (upcoming lists, month grids and feeds of the filters asked for)
_kept: OrderedDict = OrderedDict()
_lock = threading.Lock()


def data_version() -> tuple:
    """Counts (they catch deletions) and latest updates (edits; exceptions bump their event too).

    Read once per request (kept in flask.g): a page asks for it for each value it needs.
    """
    if "events_data_version" not in g:
        g.events_data_version = _read_version()
    return g.events_data_version


@on_commit
def _forget_version() -> None:
    """A request that commits and then reads reads the new version."""
    g.pop("events_data_version", None)


def _read_version() -> tuple:
    from app.directory.models import Organisation

    return tuple(db.session.execute(select(
        select(func.count(Event.id)).scalar_subquery(), select(func.max(Event.updated_at)).scalar_subquery(),
        select(func.count(OccurrenceOverride.id)).scalar_subquery(),
        select(func.max(OccurrenceOverride.updated_at)).scalar_subquery(),
        select(func.count(Organisation.id)).scalar_subquery(), select(func.max(Organisation.updated_at)).scalar_subquery(),
    )).one())


def kept(key, version: tuple, compute, expiry=None):
    """compute() once per data version and key (hashable; the latest version only, least recently used dropped).

    expiry(value), if given, is the moment the value goes stale as time passes (None: never).
    """
    now = utcnow()
    with _lock:
        found = _kept.get(key)
        if found is not None and found[0] == version and (found[2] is None or now < found[2]):
            _kept.move_to_end(key)
            return found[1]
    value = compute()
    with _lock:
        _kept[key] = (version, value, expiry(value) if expiry is not None else None)
        _kept.move_to_end(key)
        while len(_kept) > MAX_KEPT:
            _kept.popitem(last=False)
    return value


def forget() -> None:
    """Drop every kept value (tests that compare a fresh computation)."""
    with _lock:
        _kept.clear()
