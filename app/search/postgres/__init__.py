"""The postgres backend: one table of search documents in the database every machine shares
(models.SearchDocument), written in the same transaction as each change (writing.py) and
searched with PostgreSQL's full-text operators over the app's own analysis (vectors.py,
querying.py). The default on PostgreSQL; see backends.py for the door this module is.
"""
import logging

from sqlalchemy import text

from app.extensions import db
from app.search.postgres.querying import find
from app.search.postgres.writing import before_commit, indexed_digests, rebuild, refresh

__all__ = [  # the door (backends.py)
    "NAME", "after_commit", "before_commit", "describe", "ensure_index", "find", "health", "indexed_digests",
    "pending_changes", "prepare_index", "rebuild", "refresh", "start_background_rebuild", "state",
]

NAME = "postgres"
log = logging.getLogger(__name__)


def state(app=None) -> str:
    """Always "ok": the table is part of the schema (init-db), written with every change."""
    return "ok"


def after_commit(keys) -> None:
    """Normally nothing reaches here: the documents committed with the change (before_commit
    took the keys). Keys recorded after that (a flush by a later before_commit listener) are
    written at once in a transaction of their own rather than lost."""
    log.warning("search: %d document(s) changed after the search write of their transaction; written now", len(keys))
    refresh(keys)


def pending_changes(app=None) -> int:
    return 0  # no queue: a committed change is searchable at once


def describe(app=None) -> str:
    return "the search_document table of the database"


def ensure_index(app=None) -> None:
    """Nothing to create: the table is made with the schema."""


def prepare_index(app=None) -> bool:
    """Fill the table from the database when it is empty and there is something to find (init-db
    on a database that was searched with Whoosh until now); True if it was built."""
    if db.session.execute(text("SELECT EXISTS (SELECT 1 FROM search_document)")).scalar():
        return False
    count = rebuild()
    return count > 0


def start_background_rebuild(app) -> None:
    """Never needed: the table is never missing (state() is always "ok")."""


def health() -> str:
    """"ok" when the table answers, else "error"."""
    try:
        db.session.execute(text("SELECT 1 FROM search_document LIMIT 1"))
    except Exception:  # any failure is reported, not raised
        db.session.rollback()
        return "error"
    return "ok"
