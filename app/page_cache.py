"""Whole pages for anonymous visitors, served from a cache until the data changes.

Most visitors of a regional forum read without signing in, and they all see the same page for
an address and a language. Such a page is kept (Flask-Caching, per worker process) and served
without running the view again, as Discourse does for anonymous visitors.

Why it is safe:
- Only visitors who are not signed in, have no flash message waiting and are not switching
  language (?lang= writes the session) are served from the cache; everyone else gets the page
  rendered for them.
- Only pages that are the same for every such visitor are kept: a 200 answer to GET that set
  no cookie, did not change the session, rendered no CSRF token (which belongs to one
  visitor's session) and was not marked Cache-Control: no-store or private by its view
  (/healthz: the state of the moment).
- The key holds the data's generation: every committed write to the database (whatever wrote
  it: a view, a command, another worker) moves the generation on, so a page is never served
  after the data it shows changed. Pages also depend on the clock (upcoming events, "2 hours
  ago"), so an entry lives ANONYMOUS_PAGE_CACHE_SECONDS at most.

With REDIS_URL the generation is a counter in Redis (one GET per request, one INCR per
commit), so a change committed on any machine stops every machine's cached pages at once.
Without it, the generation is the modification time of a file in the instance folder (one
stat() per request), shared by the workers of one machine only. If Redis does not answer,
pages are neither served from the cache nor kept: a stale page is worse than a slow one.
"""
import logging
import os
import time

from flask import Response, current_app, g, request, session
from flask_babel import get_locale
from flask_login import current_user
from sqlalchemy import event

from app.extensions import cache, db
from app.shared_state import RedisError, redis_client

log = logging.getLogger(__name__)

CACHEABLE_TYPES = frozenset(("text/html", "text/calendar", "application/atom+xml", "application/json"))
MAX_BODY_BYTES = 256 * 1024  # bigger answers (long feeds) are rare; with CACHE_THRESHOLD this bounds memory
WRITE_STATEMENTS = ("INSERT", "UPDATE", "DELETE", "REPLACE", "CREATE", "DROP", "ALTER", "TRUNCATE")
WROTE = "page_cache_wrote"  # flag on a database connection: this transaction wrote something
COMMITTED = "page_cache_committed"  # ...and it committed (the generation moves on again at check-in)
GENERATION_KEY = "forum:page-cache:generation"  # the Redis counter
EXTENSION_KEY = "page-cache-generation"


def init_app(app) -> None:
    if not app.config["ANONYMOUS_PAGE_CACHE_SECONDS"]:
        return
    app.extensions[EXTENSION_KEY] = _make_generation(app)
    cache.init_app(app)
    with app.app_context():
        _watch_writes(db.engine, app.extensions[EXTENSION_KEY])
    app.before_request(serve_cached_page)
    app.after_request(keep_page)


# --- the data's generation ------------------------------------------------------------------------
class FileGeneration:
    """The modification time of a file: shared by the workers of one machine."""

    def __init__(self, path: str):
        self.path = path

    def current(self) -> int:
        try:
            return os.stat(self.path).st_mtime_ns
        except FileNotFoundError:
            return 0

    def move_on(self) -> None:
        try:
            previous = os.stat(self.path).st_mtime_ns
        except FileNotFoundError:
            with open(self.path, "a"):
                previous = 0
        now = max(time.time_ns(), previous + 1)  # strictly later, even within the clock's resolution
        os.utime(self.path, ns=(now, now))


class RedisGeneration:
    """A counter in Redis: shared by every worker of every machine."""

    def __init__(self, client):
        self.client = client

    def current(self) -> int:
        return int(self.client.get(GENERATION_KEY) or 0)

    def move_on(self) -> None:
        self.client.incr(GENERATION_KEY)


def _make_generation(app):
    client = redis_client(app)
    if client is not None:
        return RedisGeneration(client)
    path = app.config.get("PAGE_CACHE_GENERATION_FILE") or os.path.join(app.instance_path, "page-cache-generation")
    return FileGeneration(path)


def generation() -> int | None:
    """The data's generation now, or None when it cannot be read (then nothing is cached)."""
    try:
        return current_app.extensions[EXTENSION_KEY].current()
    except RedisError:
        log.warning("page cache off for this request: Redis does not answer", exc_info=True)
        return None


def _move_on(generation_store) -> None:
    """Move the generation on: pages cached before this moment are not served again."""
    try:
        generation_store.move_on()
    except RedisError:  # the write itself has been made; other machines may serve old pages a while
        log.error("could not move the page cache's generation on in Redis", exc_info=True)


def _watch_writes(engine, generation_store) -> None:
    """Every committed write moves the generation on (engine events see ORM, Core and text SQL alike)."""

    @event.listens_for(engine, "after_cursor_execute")
    def note_write(connection, cursor, statement, parameters, context, executemany):
        if statement.lstrip()[:8].upper().startswith(WRITE_STATEMENTS):
            connection.info[WROTE] = True

    @event.listens_for(engine, "rollback")
    def forget_writes(connection):
        connection.info.pop(WROTE, None)

    @event.listens_for(engine, "commit")
    def before_commit(connection):
        if connection.info.pop(WROTE, None):
            _move_on(generation_store)
            connection.info[COMMITTED] = True

    # The commit event comes just before the database commits: a page rendered by another
    # worker in between could hold the old data under the new generation. Moving on once more
    # when the connection goes back to the pool (right after the commit) drops such a page.
    @event.listens_for(engine, "checkin")
    def after_commit(dbapi_connection, record):
        if record.info.pop(COMMITTED, None):
            _move_on(generation_store)


# --- serving and keeping pages ---------------------------------------------------------------------
def _is_shared_visit() -> bool:
    """A visit whose page is the same for every visitor like it (see the module's docstring)."""
    return (
        request.method == "GET"
        and "lang" not in request.args
        and "_flashes" not in session
        and not current_user.is_authenticated
    )


def _key() -> str | None:
    current = generation()
    if current is None:
        return None
    return f"page:{current}:{get_locale()}:{request.url}"


def serve_cached_page():
    if not _is_shared_visit():
        return None
    key = _key()
    if key is None:
        return None
    kept = _read(key)
    if kept is None:
        g.page_cache_key = key  # the key as it was before the view read the data
        return None
    status, headers, body = kept
    # A kept answer with an ETag (feeds) still gets a 304 for a client that already has it.
    return Response(body, status=status, headers=headers).make_conditional(request)


def _is_shareable(response) -> bool:
    return (
        response.status_code == 200
        and not response.direct_passthrough
        and not response.is_streamed
        and response.mimetype in CACHEABLE_TYPES
        and "Set-Cookie" not in response.headers
        and not ({"no-store", "private"} & set(response.cache_control.keys()))  # the view said so
        and not session.modified
        and "csrf_token" not in g  # Flask-WTF keeps the token it rendered into the page there
        and response.content_length is not None
        and response.content_length <= MAX_BODY_BYTES
    )


def keep_page(response):
    key = g.pop("page_cache_key", None)
    if key and _is_shareable(response):
        headers = [(name, value) for name, value in response.headers if name != "Content-Length"]
        try:
            cache.set(key, (response.status_code, headers, response.get_data()),
                      timeout=current_app.config["ANONYMOUS_PAGE_CACHE_SECONDS"])
        except RedisError:  # PAGE_CACHE_STORE = "redis" and Redis is away: the page is simply not kept
            log.warning("page not kept: Redis does not answer", exc_info=True)
    return response


def _read(key: str):
    try:
        return cache.get(key)
    except RedisError:
        log.warning("page cache not read: Redis does not answer", exc_info=True)
        return None
