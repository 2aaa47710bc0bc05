"""The Whoosh backend: an index on each machine's disk (SEARCH_INDEX_DIR), written after each
commit through a durable queue (index.py), searched with searchers kept open (reader.py) and
sets of document numbers per segment (scope.py, segments.py, ranking.py).

The embedded default on SQLite; on PostgreSQL the postgres backend shares one index among every
machine (see backends.py for the door this module is).
"""
import logging

from flask import current_app

from app.search.whoosh import index, reader
from app.search.whoosh.querying import find
from app.search.whoosh.ranking import NewerFirst
from app.search.whoosh.writing import (
    ensure_index, prepare_index, rebuild, start_background_rebuild, write_keys,
)

__all__ = [  # the door (backends.py)
    "NAME", "after_commit", "before_commit", "describe", "ensure_index", "find", "health", "indexed_digests",
    "pending_changes", "prepare_index", "rebuild", "refresh", "start_background_rebuild", "state",
]

NAME = "whoosh"
log = logging.getLogger(__name__)


def state(app=None) -> str:
    return index.index_state(app)


def refresh(keys) -> None:
    """Documents found stale when shown: queued, written by the next writer."""
    index.enqueue(keys)


def before_commit(session, keys) -> None:
    """Nothing: the index never sees what is not committed."""


def after_commit(keys) -> None:
    try:
        index.enqueue(keys)
        index.apply_queue(write_keys)
    except Exception:  # the commit succeeded; the change stays queued for the next writer
        log.exception("search: could not update the index; the change stays queued")


def indexed_digests(app=None):
    return index.indexed_digests(app)


def pending_changes(app=None) -> int:
    return len(index.queued_files(app))


def describe(app=None) -> str:
    return f"the search index in {index.index_dir(app or current_app)}"


def health() -> str:
    """"ok" when the index opens and answers; else "missing", "rebuilding" or "error"."""
    current = index.index_state()
    if current != "ok":
        return current
    try:
        with reader.borrowed_searcher(NewerFirst()) as searcher:
            if searcher is None:
                return "missing"
            searcher.doc_count()
    except Exception:  # any failure of the index is reported, not raised
        return "error"
    return "ok"
