"""Helpers of the search tests: search as a user, the keys found, the key of an object."""
from flask import current_app, has_request_context

from app.extensions import db
from app.search import documents, queries


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
