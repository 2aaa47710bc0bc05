"""Writing the Whoosh index: committed changes (from the queue), whole rebuilds, a missing index."""
import logging
import threading

from flask import current_app
from sqlalchemy.orm import Session
from whoosh.query import Term

from app.extensions import db
from app.search import sync
from app.search.whoosh import index

log = logging.getLogger(__name__)


def write_keys(writer, keys) -> int:
    """Bring the documents of keys up to date in writer from the committed database."""
    written = 0

    def indexed_children(parents):
        with writer.searcher() as searcher:
            for parent in parents:
                for docnum in searcher.docs_for_query(Term("parents", parent)):
                    yield searcher.stored_fields(docnum)["key"]

    with Session(bind=db.engine) as session:
        for kind, obj_id, document in sync.documents_of(session, set(keys), lambda ps: list(indexed_children(ps))):
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
        for document in sync.all_documents(session, share, report):
            writer.add_document(**document)
            count += 1
    return count


def rebuild(report=None, procs: int | None = None) -> int:
    """Rebuild the whole index from the database; returns the number of documents (see index.rebuild)."""
    return index.rebuild(add_documents, write_keys, procs=procs, progress=report)


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
