"""Keeping the search documents in step with the database (architecture rule 9), for every backend.

At every flush the keys of the documents that the flushed objects change are recorded on
the session (the kinds' `watches`); a rollback of the whole transaction forgets them. Then the
backend in use takes them (backends.py):

- postgres: just before the transaction commits, after its last flush, the documents of those
  keys are written into the search_document table on the transaction's own connection, so
  they commit (or roll back) with the change itself, on every machine at once;
- whoosh: after a successful commit they are queued (durably) and applied to this machine's
  index by reloading the objects from the committed database.

Rebuilding (search-reindex) and comparing (search-check) go through the backend too; what
the database says the documents should be is worked out here, once.
"""
from flask import current_app, has_app_context
from sqlalchemy import event, inspect
from sqlalchemy.orm import Session

from app.extensions import db
from app.search import backends, documents

PENDING = "search_pending_keys"
_watches: dict | None = None


def watches() -> dict:
    """{model class: [watch functions]} over every kind."""
    global _watches
    if _watches is None:
        found = {}
        for kind in documents.kinds().values():
            for model, watch in kind.watches.items():
                found.setdefault(model, []).append(watch)
        _watches = found
    return _watches


def _changed_attributes(obj) -> set[str]:
    state = inspect(obj)
    return {attr.key for attr in state.attrs if attr.history.has_changes()}


def affected_keys(session) -> set[str]:
    """Keys of the documents that the session's new, changed and deleted objects touch."""
    registry = watches()
    keys = set()
    for group, is_dirty in ((session.new, False), (session.dirty, True), (session.deleted, False)):
        for obj in group:
            functions = registry.get(type(obj))
            if not functions:
                continue
            changed = _changed_attributes(obj) if is_dirty else None
            if changed is not None and not changed:
                continue
            for watch in functions:
                keys.update(watch(obj, changed))
    return keys


@event.listens_for(Session, "after_flush")
def _record_changes(session, flush_context):
    keys = affected_keys(session)
    if keys:
        session.info.setdefault(PENDING, set()).update(keys)


@event.listens_for(Session, "after_transaction_create")
def _forget_on_new_transaction(session, transaction):
    if transaction.parent is None:  # the previous transaction ended without commit (closed)
        session.info.pop(PENDING, None)


@event.listens_for(Session, "after_soft_rollback")
def _forget_on_rollback(session, previous_transaction):
    if previous_transaction.parent is None:
        session.info.pop(PENDING, None)


@event.listens_for(Session, "before_commit")
def _write_before_commit(session):
    """The postgres backend writes the documents here, in the transaction that changed them."""
    if not has_app_context() or current_app.config.get("SEARCH_BACKEND") != "postgres":
        return
    session.flush()  # the last changes' keys are recorded by this flush
    keys = session.info.pop(PENDING, None)
    if keys:
        backends.current().before_commit(session, keys)


@event.listens_for(Session, "after_commit")
def _write_after_commit(session):
    keys = session.info.pop(PENDING, None)
    if keys and has_app_context():
        backends.current().after_commit(keys)


# --- documents from the database ------------------------------------------------------------
def expand(session, keys, indexed_children) -> dict[str, set[int]]:
    """{kind: ids} to refresh, with "~parent" keys replaced by the documents under parent: those
    indexed (indexed_children(parents) -> keys, the backend's own record) and those in the database."""
    wanted: dict[str, set[int]] = {}
    parents = {k[1:] for k in keys if k.startswith("~")}
    for key in set(keys) - {f"~{p}" for p in parents}:
        name, _, value = key.partition(":")
        if value.isdigit():
            wanted.setdefault(name, set()).add(int(value))
    if parents:
        for key in indexed_children(parents):
            name, _, value = key.partition(":")
            wanted.setdefault(name, set()).add(int(value))
        for kind in documents.kinds().values():
            for parent in parents:
                wanted.setdefault(kind.name, set()).update(documents.children_ids(session, kind, parent))
    return wanted


def documents_of(session, keys, indexed_children):
    """(kind, id, document or None when nobody may find it or it is gone) of each key, expanded."""
    registry = documents.kinds()
    for name, ids in expand(session, keys, indexed_children).items():
        kind = registry.get(name)
        if kind is None:
            continue
        found = documents.load(session, kind, ids)
        for obj_id in sorted(ids):
            obj = found.get(obj_id)
            yield kind, obj_id, documents.to_document(obj) if obj is not None else None


def all_documents(session, share=(0, 1), report=None):
    """Every document of share (number, shares: every shares-th object of each kind, by id),
    kind by kind; report(kind name, rows gone through) after each batch."""
    for kind in documents.kinds().values():
        done = 0
        for batch in documents.batches(session, kind, share=share):
            for obj in batch:
                document = documents.to_document(obj)
                if document is not None:
                    yield document
            done += len(batch)
            if report:
                report(kind.name, done)


# --- rebuilding and checking, whatever the backend ------------------------------------------
def rebuild(progress=None, procs: int | None = None) -> int:
    """Rebuild every search document from the database; returns the number of documents.

    progress(kind, rows gone through) is called as the rebuild goes on. procs: worker processes
    of a Whoosh rebuild (default SEARCH_INDEX_PROCS, or up to 2 by the CPU count); 1 in a thread
    of a process that serves requests.
    """
    report = (lambda kind_name, done: progress(documents.kinds()[kind_name], done)) if progress else None
    return backends.current().rebuild(report, procs=procs)


def expected_digests(progress=None) -> dict[str, str]:
    """{key: digest} of the documents the database says the backend should hold."""
    expected = {}
    with Session(bind=db.engine) as session:
        report = (lambda kind_name, done: progress(documents.kinds()[kind_name], done)) if progress else None
        for document in all_documents(session, report=report):
            expected[document["key"]] = document["digest"]
    return expected


def differences(progress=None) -> dict[str, list[str]] | None:
    """{"missing": keys, "extra": keys, "stale": keys} between backend and database; None without index."""
    actual = backends.current().indexed_digests()
    if actual is None:
        return None
    expected = expected_digests(progress)
    return {
        "missing": sorted(set(expected) - set(actual)),
        "extra": sorted(set(actual) - set(expected)),
        "stale": sorted(k for k in set(expected) & set(actual) if expected[k] != actual[k]),
    }


def ensure_index(app=None) -> None:
    """Create an empty index when there is none (tests and a brand-new installation)."""
    backends.current(app).ensure_index(app)


def prepare_index(app=None) -> bool:
    """Build the index from the database when it is missing or outdated (init-db); True if built."""
    return backends.current(app).prepare_index(app)


def start_background_rebuild(app) -> None:
    """Rebuild a missing index in a thread of this process (unless a rebuild runs already)."""
    backends.current(app).start_background_rebuild(app)
