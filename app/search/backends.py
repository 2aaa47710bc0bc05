"""The one narrow door between the shared search code and a backend (architecture rule 9).

SEARCH_BACKEND chooses the backend: "whoosh" (an index on each machine's disk, written after
each commit) or "postgres" (one table in the shared database, written in the same transaction
as the change). The default is "postgres" when the database is PostgreSQL, else "whoosh".

The shared code parses the query and presents the page once (queries.py); the backend gets one
Request and answers one Found: it matches, counts, ranks and proposes corrections itself, so a
search's data passes through each module once. A backend is a module with:

    NAME                                   "whoosh" / "postgres"
    state(app=None) -> str                 "ok", "rebuilding" or "missing"
    find(request) -> Found                 one search
    refresh(keys)                          documents found stale when shown (loaded and re-checked)
    before_commit(session, keys)           the changed documents' keys, before the transaction commits
    after_commit(keys)                     the same keys, once the transaction committed
    rebuild(progress=None, procs=None) -> int      every document anew (search-reindex)
    indexed_digests(app=None) -> dict | None       {key: digest} of what is indexed (search-check)
    ensure_index(app=None) / prepare_index(app=None) -> bool / start_background_rebuild(app)
    health() -> str                         "ok", "missing", "rebuilding" or "error" (/healthz)
    pending_changes(app=None) -> int        committed changes not yet searchable
"""
import importlib
from dataclasses import dataclass, field
from typing import Callable

from flask import current_app

NAMES = ("whoosh", "postgres")


class RebuildRunning(Exception):
    """Another process is rebuilding the search documents."""


def default_name(database_uri: str) -> str:
    """The backend used when SEARCH_BACKEND is not set: PostgreSQL's own where the data is."""
    return "postgres" if (database_uri or "").startswith("postgresql") else "whoosh"


def configure(config) -> None:
    """Set SEARCH_BACKEND from the database when it is not set; refuse an unusable one."""
    name = (config.get("SEARCH_BACKEND") or "").strip().lower() or default_name(config["SQLALCHEMY_DATABASE_URI"])
    if name not in NAMES:
        raise RuntimeError(f"SEARCH_BACKEND must be one of {', '.join(NAMES)} (got {name!r}).")
    if name == "postgres" and not config["SQLALCHEMY_DATABASE_URI"].startswith("postgresql"):
        raise RuntimeError("SEARCH_BACKEND=postgres needs a PostgreSQL database (DATABASE_URL).")
    config["SEARCH_BACKEND"] = name


def current(app=None):
    """The backend module of the app (default: the current one)."""
    name = (app or current_app).config.get("SEARCH_BACKEND") or "whoosh"
    return importlib.import_module(f"app.search.{name}")


@dataclass
class Request:
    """One search as the backend gets it: everything parsed and decided by the shared code."""

    grants: list  # the viewer's grants (scope.viewer_visibility): a document is found if it holds one
    parsed: object  # queries.ParsedQuery
    filters: object  # scope.Filters
    page: int  # the page asked for (1-based)
    per_page: int
    max_page: int
    # spelt(found [(kind name, key)], folded word) -> the word as a document the viewer may see
    # spells it, or None: the shared check behind "did you mean" (see queries._spelt).
    spelt: Callable = None

    def window(self, total: int) -> tuple[int, int, int]:
        """(pages, page, index of the page's first result) for total results."""
        pages = min(self.max_page, -(-total // self.per_page))
        page = max(1, min(self.page, pages or 1))
        return pages, page, (page - 1) * self.per_page


@dataclass
class Found:
    """A backend's answer: the counts per kind, the page's documents in order, a correction."""

    state: str = "ok"  # ok, rebuilding, missing
    counts: dict = field(default_factory=dict)  # {kind name: matches} with the filters but kind
    total: int = 0  # matches of the chosen kind (or of all kinds)
    # Kinds counted only up to their count: they have more matches (a backend that caps counts).
    capped: set = field(default_factory=set)
    pages: int = 0
    page: int = 1
    keys: list = field(default_factory=list)  # [(kind name, key)] of the page, best first
    correction: tuple | None = None  # (typed word, word as spelt) when nothing was found
    failed: bool = False  # the backend failed even on the plain-terms query
