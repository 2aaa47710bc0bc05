"""Keeping the index in step with the database (architecture rule 9).

At every flush the keys of the documents that the flushed objects change are recorded on
the session; a rollback of the whole transaction forgets them; after a successful commit
they are queued (durably) and applied to the index by reloading the objects from the
database in a session of their own. The index never sees what was not committed, and a
change that cannot be written at once (index locked, being rebuilt, missing) stays queued.
"""
import logging
import threading

from flask import current_app, has_app_context
from sqlalchemy import event, inspect
from sqlalchemy.orm import Session
from whoosh.query import Term

from app.extensions import db
from app.search import documents, index

log = logging.getLogger(__name__)
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


@event.listens_for(Session, "after_commit")
def _write_after_commit(session):
    keys = session.info.pop(PENDING, None)
    if not keys or not has_app_context():
        return
    try:
        index.enqueue(keys)
        index.apply_queue(write_keys)
    except Exception:  # the commit succeeded; the change stays queued for the next writer
        log.exception("search: could not update the index; the change stays queued")


# --- writing documents ----------------------------------------------------------------------
def _expand(session, writer, keys) -> dict[str, set[int]]:
    """{kind: ids} to refresh, with "~parent" keys replaced by the documents under parent."""
    wanted: dict[str, set[int]] = {}
    parents = {k[1:] for k in keys if k.startswith("~")}
    for key in keys - {f"~{p}" for p in parents}:
        name, _, value = key.partition(":")
        if value.isdigit():
            wanted.setdefault(name, set()).add(int(value))
    if parents:
        with writer.searcher() as searcher:
            for parent in parents:
                for docnum in searcher.docs_for_query(Term("parents", parent)):
                    name, _, value = searcher.stored_fields(docnum)["key"].partition(":")
                    wanted.setdefault(name, set()).add(int(value))
        for kind in documents.kinds().values():
            for parent in parents:
                wanted.setdefault(kind.name, set()).update(documents.children_ids(session, kind, parent))
    return wanted


def write_keys(writer, keys) -> int:
    """Bring the documents of keys up to date in writer from the committed database."""
    registry = documents.kinds()
    written = 0
    with Session(bind=db.engine) as session:
        for name, ids in _expand(session, writer, set(keys)).items():
            kind = registry.get(name)
            if kind is None:
                continue
            found = documents.load(session, kind, ids)
            for obj_id in ids:
                obj = found.get(obj_id)
                document = documents.to_document(obj) if obj is not None else None
                if document is None:
                    writer.delete_by_term("key", kind.key(obj_id))
                else:
                    writer.update_document(**document)
                written += 1
    return written


def add_documents(writer, share=(0, 1), report=None) -> int:
    """The searchable objects of share into writer (a new index); returns the count.

    share is (number, shares): every shares-th object of each kind, by id (one worker's part of
    a rebuild); report(kind name, rows gone through) is called after each batch.
    """
    count = 0
    with Session(bind=db.engine) as session:
        for kind in documents.kinds().values():
            done = 0
            for batch in documents.batches(session, kind, share=share):
                for obj in batch:
                    document = documents.to_document(obj)
                    if document is not None:
                        writer.add_document(**document)
                        count += 1
                done += len(batch)
                if report:
                    report(kind.name, done)
    return count


def rebuild(progress=None, procs: int | None = None) -> int:
    """Rebuild the whole index from the database; returns the number of documents.

    progress(kind, rows gone through) is called as the rebuild goes on. procs: worker processes
    that share the documents (default SEARCH_INDEX_PROCS, or up to 2 by the CPU count); 1 in a
    thread of a process that serves requests (see index.rebuild).
    """
    report = (lambda kind_name, done: progress(documents.kinds()[kind_name], done)) if progress else None
    return index.rebuild(add_documents, write_keys, procs=procs, progress=report)


def expected_digests(progress=None) -> dict[str, str]:
    """{key: digest} of the documents the database says the index should hold."""
    expected = {}
    with Session(bind=db.engine) as session:
        for kind in documents.kinds().values():
            done = 0
            for batch in documents.batches(session, kind):
                for obj in batch:
                    document = documents.to_document(obj)
                    if document is not None:
                        expected[document["key"]] = document["digest"]
                done += len(batch)
                if progress:
                    progress(kind, done)
    return expected


def differences(progress=None) -> dict[str, list[str]] | None:
    """{"missing": keys, "extra": keys, "stale": keys} between index and database; None without index."""
    actual = index.indexed_digests()
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
    app = app or current_app
    if index.index_state(app) == "missing":
        index.create_index(index.index_dir(app))


def prepare_index(app=None) -> bool:
    """Build the index from the database when it is missing or outdated (init-db); True if built.

    On a new installation this makes the empty index that later commits write to; where the
    database already has content (the index folder was lost) it is indexed, never hidden
    behind an empty index.
    """
    app = app or current_app
    if index.index_state(app) != "missing":
        _tidy_work_folders(app)
        return False
    try:
        rebuild()  # tidies them itself
    except index.RebuildRunning:
        return False
    return True


def _tidy_work_folders(app) -> None:
    """Remove what killed rebuilds left behind (unless a rebuild runs now: it does so itself)."""
    try:
        with index.rebuild_lock(app):
            index.remove_abandoned_work_folders(app)
    except index.RebuildRunning:
        pass


_background: dict = {}


def start_background_rebuild(app) -> None:
    """Rebuild a missing index in a thread of this process (unless a rebuild runs already)."""
    path = index.index_dir(app)
    running = _background.get(path)
    if (running is not None and running.is_alive()) or index.is_rebuilding(app):
        return

    def run():
        with app.app_context():
            try:
                rebuild(procs=1)  # forking worker processes from a thread of a web worker is unsafe
            except index.RebuildRunning:
                pass
            except Exception:  # reported in the log; /search keeps saying "being rebuilt"
                log.exception("search: the background rebuild failed")
            finally:
                db.session.remove()

    thread = threading.Thread(target=run, name="search-rebuild", daemon=True)
    _background[path] = thread
    thread.start()
