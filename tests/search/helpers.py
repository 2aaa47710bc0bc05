"""Helpers of the search tests: search as a user, the keys found, the key of an object, and what
the backend in use holds."""
from contextlib import contextmanager
import shutil

from flask import current_app, has_request_context
from sqlalchemy import text

from app.extensions import db
from app.search import backends, documents, queries


def search(user, text, page=1, **filters):
    """queries.search after committing the test's data (commits are what reach the index).

    Run in a request (English) when there is none, as the page runs it: summaries are in the
    reader's language.
    """
    db.session.commit()
    if has_request_context():
        return queries.search(user, text, queries.Filters(**filters), page=page)
    with current_app.test_request_context("/search?lang=en"):
        return queries.search(user, text, queries.Filters(**filters), page=page)


def found(user, text, **filters) -> set[str]:
    """Keys ("thread:3") of every result user gets for text, over all pages."""
    outcome = search(user, text, **filters)
    keys = {f"{hit.kind.name}:{hit.obj.id}" for hit in outcome.hits}
    for page in range(2, outcome.pages + 1):
        keys |= {f"{hit.kind.name}:{hit.obj.id}" for hit in search(user, text, page=page, **filters).hits}
    return keys


def key(obj) -> str:
    """The index key of a searchable object."""
    return documents.kind_of(obj).key(obj.id)


def backend_name() -> str:
    return backends.current().NAME


def indexed() -> dict[str, str]:
    """{key: digest} of what the backend in use holds."""
    return backends.current().indexed_digests()


def pending() -> int:
    """Committed changes not yet searchable (the Whoosh queue; always 0 on the postgres backend)."""
    return backends.current().pending_changes()


def lose_the_documents() -> None:
    """Lose every search document: the Whoosh index folder, or the table's rows."""
    if backend_name() == "whoosh":
        from app.search.whoosh import index

        shutil.rmtree(index.index_dir())
    else:
        db.session.execute(text("DELETE FROM search_document"))
        db.session.commit()


@contextmanager
def rebuild_running():
    """Another process rebuilds meanwhile (holds the backend's rebuild lock)."""
    if backend_name() == "whoosh":
        from app.search.whoosh import index

        with index.rebuild_lock():
            yield
        return
    from app.search.postgres.writing import REBUILD_LOCK

    with db.engine.connect() as other:
        other.execute(text("SELECT pg_advisory_lock(:lock)"), {"lock": REBUILD_LOCK})
        try:
            yield
        finally:
            other.execute(text("SELECT pg_advisory_unlock(:lock)"), {"lock": REBUILD_LOCK})
            other.commit()
