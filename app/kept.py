"""Values derived from the shared database, kept in each process for one data version.

A part that computes the same costly value for many requests (the events' lists and month
grids, a post's ranked matches, the directory's facet counts) keeps it here under a key that
names what the value was computed from: the viewer's visibility (never the viewer alone), the
filters, and the data version. The data version is the number of rows and the latest
updated_at of each table the value reads. It is read from the shared database on every request,
in one statement of aggregates over indexed columns, so an insert, update or delete made by any
process moves it and a value kept for an older version is never served. A change of tags alone
moves its owner's updated_at (tags.py), so tags need no version of their own.

On PostgreSQL two concurrent writers can commit an older updated_at after a newer one; the
version then does not move. MAX_SECONDS bounds how long such a value can be served.

KeptRenderings keeps parts of pages rendered (a post's article, a list's card) under keys that
need no data version: see its docstring.
"""
import threading
import time
from array import array
from collections import OrderedDict

from flask import current_app, g, request
from markupsafe import Markup
from sqlalchemy import func, select

from app.db import on_commit, utcnow
from app.extensions import db
from app.i18n import current_locale, current_timezone

MAX_SECONDS = 60
_lock = threading.Lock()


def data_version(*models) -> tuple:
    """(rows, latest updated_at) of each model's table, read once per request and set of tables."""
    versions = g.setdefault("data_versions", {})
    names = tuple(model.__name__ for model in models)
    if names not in versions:
        columns = []
        for model in models:
            columns += [select(func.count()).select_from(model).scalar_subquery(),
                        select(func.max(model.updated_at)).scalar_subquery()]
        versions[names] = tuple(db.session.execute(select(*columns)).one())
    return versions[names]


@on_commit
def _forget_versions() -> None:
    """A request that commits and then reads reads the new versions."""
    g.pop("data_versions", None)


def id_order(statement) -> array:
    """Every id a select of one id column gives, in its order: a list's order to keep (8 bytes an id)."""
    return array("q", db.session.execute(statement).scalars())


def in_order(rows, ids) -> list:
    """The rows (objects with .id) in the order of ids; ids without a row (deleted, or no longer
    visible, since the order was kept) are left out."""
    found = {row.id: row for row in rows}
    return [found[row_id] for row_id in ids if row_id in found]


class KeptValues:
    """One part's kept values, in each application object: at most `size`, least recently used dropped."""

    def __init__(self, name: str, size: int):
        self.name = name
        self.size = size

    def get(self, key, version: tuple, compute, expiry=None):
        """compute() once per key (hashable) and data version; the latest version only is kept.

        expiry(value), if given, is the moment (UTC) the value goes stale as time passes (None: never).
        """
        store = self._store()
        now = time.monotonic()
        with _lock:
            found = store.get(key)
            if found is not None and found[0] == version and now < found[2] and not _expired(found[3]):
                store.move_to_end(key)
                return found[1]
        value = compute()
        with _lock:
            store[key] = (version, value, now + MAX_SECONDS, expiry(value) if expiry is not None else None)
            store.move_to_end(key)
            while len(store) > self.size:
                store.popitem(last=False)
        return value

    def _store(self) -> OrderedDict:
        stores = current_app.extensions.setdefault("kept_values", {})
        return stores.setdefault(self.name, OrderedDict())


class KeptRenderings(KeptValues):
    """Parts of pages kept rendered, whose key names everything the part shows (the fields, the
    tags) and everything it asks of the viewer (the answers of the permissions it checks); the
    language, the time zone and the site's address prefix are added here. The HTML is then a pure
    function of the key: a kept part is served only where rendering it again gives the same HTML,
    a change to anything it shows changes the key (so it needs no data version), and viewers
    share a part only when everything it asks of them is the same."""

    def macro(self, key, template: str, name: str, *args) -> Markup:
        """The macro name of template called with args, rendered once per key."""
        return self.get((key, _rendering_context()), (),
                        lambda: getattr(current_app.jinja_env.get_template(template).module, name)(*args))

    def template(self, key, template: str, **context) -> Markup:
        """template rendered with context (and the globals only: no request context), once per key."""
        return self.get((key, _rendering_context()), (),
                        lambda: Markup(current_app.jinja_env.get_template(template).render(**context)))


def _rendering_context() -> tuple:
    """What every rendering depends on besides its data: the language, the time zone, and the
    prefix the site's addresses take behind a proxy (X-Forwarded-Prefix)."""
    return str(current_locale()), str(current_timezone()), request.script_root


def _expired(moment) -> bool:
    return moment is not None and utcnow() >= moment


def forget() -> None:
    """Drop every value the current application keeps (tests that compare a fresh computation)."""
    with _lock:
        current_app.extensions.pop("kept_values", None)
