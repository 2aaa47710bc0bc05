"""Shared model pieces and the one commit point of a request.

What follows a commit, in this order (the one place it is written down):

1. Just before the database commits, if the transaction wrote anything: the page cache's
   generation moves on (page_cache._watch_writes, an engine "commit" event; it sees ORM, Core
   and plain SQL writes alike).
2. The database commits.
3. The search documents recorded at each flush are written to the Whoosh index
   (search/sync.py, the Session's "after_commit" event: every commit, also a command's or a
   test's db.session.commit()). A rollback forgets them, so the index never holds what was not
   committed.
4. The connection goes back to the pool: the generation moves on once more (a page rendered
   between 1 and 2 held old data under the new generation).
5. Only when the commit went through commit() below (a request's or a command's unit of
   work): the on_commit hooks, in the order they were registered — the data versions
   are forgotten (app/kept.py), then the notification e-mails queued by the request are
   handed to the mailer (notifications/delivery.py). They may use the database again.
"""
from datetime import datetime, timezone

from sqlalchemy import DateTime, event
from sqlalchemy.engine import Engine
from sqlalchemy.orm import Mapped, mapped_column
from sqlalchemy.types import TypeDecorator

from app.extensions import db

# Functions called, without arguments, after commit() succeeded (step 5 above).
_after_commit_hooks = []


def utcnow() -> datetime:
    return datetime.now(timezone.utc)


class UTCDateTime(TypeDecorator):
    """Timezone-aware UTC datetimes on every backend (SQLite keeps no offset)."""

    impl = DateTime
    cache_ok = True

    def process_bind_param(self, value, dialect):
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetime given where an aware one is required")
        return value.astimezone(timezone.utc).replace(tzinfo=None)

    def process_result_value(self, value, dialect):
        if value is None:
            return None
        return value.replace(tzinfo=timezone.utc)


class TimestampMixin:
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, nullable=False)
    updated_at: Mapped[datetime] = mapped_column(
        UTCDateTime, default=utcnow, onupdate=utcnow, nullable=False
    )


def insert_or_update(model, values: dict, keys: tuple[str, ...], update: dict, where=None):
    """INSERT … ON CONFLICT (keys) DO UPDATE SET update [WHERE where], for SQLite and PostgreSQL.

    For rows two requests may create at the same moment (the same member reading a thread in
    two tabs): a select-then-insert lets both insert, and the second fails on the unique key.
    """
    if db.session.get_bind().dialect.name == "postgresql":
        from sqlalchemy.dialects.postgresql import insert
    else:
        from sqlalchemy.dialects.sqlite import insert
    statement = insert(model).values(**values)
    return statement.on_conflict_do_update(index_elements=list(keys), set_=update, where=where)


def on_commit(hook):
    """Register hook() to run after every successful commit() (step 5 of the module's order)."""
    _after_commit_hooks.append(hook)
    return hook


def commit() -> None:
    """Commit the request's unit of work; on failure roll back and re-raise."""
    try:
        db.session.commit()
    except Exception:
        db.session.rollback()
        raise
    for hook in _after_commit_hooks:
        hook()


@event.listens_for(Engine, "connect")
def _configure_sqlite(dbapi_connection, connection_record):
    """WAL keeps readers and one writer apart; SQLite ignores foreign keys unless asked."""
    import sqlite3

    if not isinstance(dbapi_connection, sqlite3.Connection):
        return
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.execute("PRAGMA busy_timeout=10000")
    cursor.close()
