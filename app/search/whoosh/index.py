"""The Whoosh index on disk: its schema, the change queue, writing, rebuilding and checking.

Layout next to each other (SEARCH_INDEX_DIR, instance/search-index by default):

    search-index/              the Whoosh index (+ search-meta.json: its id and schema version)
    search-index.queue/        changes committed to the database and not yet in the index
    search-index.rebuild.lock  held (flock) while a rebuild runs

Every committed change is first written to the queue (a small file, atomically), then
applied by whichever process gets the index's write lock: a writer that finds the index
locked waits a little and otherwise leaves its change in the queue for the lock holder or
the next writer, so several processes may write and no change is lost. A rebuild builds a
new index beside the old one (searches keep working meanwhile), swaps it in, then applies
the queue.
"""
import fcntl
import json
import logging
import os
import shutil
import time
import uuid
from collections import defaultdict
from contextlib import contextmanager
from functools import lru_cache

from flask import current_app
from whoosh import index as whoosh_index
from whoosh.analysis import Token, Tokenizer
from whoosh.columns import NumericColumn
from whoosh.filedb.filestore import FileStorage
from whoosh.fields import COLUMN, ID, KEYWORD, STORED, TEXT, Schema
from whoosh.formats import Positions
from whoosh.index import LockError
from whoosh.util import now
from whoosh.writing import MERGE_SMALL

from app.search import backends
from app.search.whoosh import build
from app.search.analysis import analyze, load_analysis_tools

log = logging.getLogger(__name__)

SCHEMA_VERSION = 3  # 3: visibility holds the policy's grants; 2: date is a column only (it was also 16 terms)
META_FILE = "search-meta.json"
TITLE_BOOST = 3.0
SMALL_SEGMENT_DOCS = 5_000  # the largest segment that writing a change may merge (see merge_small_segments)


class FormsTokenizer(Tokenizer):
    """The analysis chain as a Whoosh analyser: every form of a word at the word's position."""

    def __call__(self, value, positions=False, chars=False, keeporiginal=False, removestops=True,
                 start_pos=0, start_char=0, tokenize=True, mode="", **kwargs):
        token = Token(positions, chars, removestops=removestops, mode=mode, **kwargs)
        for position, start, end, forms in analyze(value):
            for form in forms:
                token.text = form
                token.boost = 1.0
                if positions:
                    token.pos = start_pos + position
                if chars:
                    token.startchar = start_char + start
                    token.endchar = start_char + end
                yield token


class FormPositions(Positions):
    """Whoosh's Positions format (the same bytes) for a field analysed by FormsTokenizer, its
    postings made from analyze() directly.

    Whoosh's own way passes every form through a Token, two generators and a filter, and pickles
    each form's positions anew: about a fifth of a rebuild. Most forms occur once in a document,
    so the encoding of a single position is kept (a few thousand small bytes objects, which
    every posting at that position then shares).
    """

    def word_values(self, value, analyzer, **kwargs):
        if not isinstance(analyzer, FormsTokenizer):
            yield from super().word_values(value, analyzer, **kwargs)
            return
        positions = defaultdict(list)
        for position, _start, _end, forms in analyze(value):
            for form in forms:
                positions[form].append(position)
        boost = self.field_boost
        for form, found in positions.items():
            count = len(found)
            yield form, count, count * boost, _one_position(found[0]) if count == 1 else self.encode(found)


@lru_cache(maxsize=65_536)
def _one_position(position: int) -> bytes:
    return Positions().encode([position])


def _text_field(boost: float = 1.0) -> TEXT:
    field = TEXT(analyzer=FormsTokenizer(), field_boost=boost, phrase=True)
    field.format = FormPositions(field_boost=boost)
    return field


def build_schema() -> Schema:
    return Schema(
        key=ID(unique=True, stored=True),  # "<kind>:<id>"
        kind=ID(stored=True, sortable=True),
        digest=STORED(),  # hash of the document: search-check compares it with the database
        title=_text_field(TITLE_BOOST),
        body=_text_field(),
        name=KEYWORD(commas=True, scorable=True),  # an organisation's whole names, folded: exact-name searches
        visibility=KEYWORD(scorable=False),  # who may find it: public, org:<id>, group:<id>, user:<id>, staff
        themes=KEYWORD(scorable=False),
        counties=KEYWORD(scorable=False),
        parents=KEYWORD(scorable=False),  # keys whose change may change this document (thread:<id>, org:<id>)
        # Seconds since 1970, UTC: newer first among equal scores, and the date filter. A column
        # only: indexed as a NUMERIC it cost 16 terms a document (a fifth of all postings) for a
        # filter that reads the column as fast (segments.dates).
        date=COLUMN(NumericColumn("q")),
    )


SCHEMA = build_schema()


# --- places ---------------------------------------------------------------------------------
def index_dir(app=None) -> str:
    return (app or current_app).config["SEARCH_INDEX_DIR"]


def queue_dir(app=None) -> str:
    return index_dir(app).rstrip("/") + ".queue"


def _rebuild_lock_path(app=None) -> str:
    return index_dir(app).rstrip("/") + ".rebuild.lock"


def read_meta(path: str) -> dict | None:
    try:
        with open(os.path.join(path, META_FILE), encoding="utf-8") as f:
            return json.load(f)
    except (OSError, ValueError):
        return None


def has_generation(path: str) -> bool:
    """Whether the folder holds a committed Whoosh index (a _MAIN_<n>.toc).

    Only the folder's listing is read: whoosh.index.exists_in opens the newest table of
    contents, which a writer committing at that moment may just have replaced and deleted
    (the FileNotFoundError behind intermittent 500s on /search under threaded servers).
    """
    try:
        return whoosh_index.TOC._latest_generation(FileStorage(path), whoosh_index._DEF_INDEX_NAME) > -1
    except OSError:
        return False


def index_state(app=None) -> str:
    """"ok", "rebuilding" (missing or outdated, a rebuild runs) or "missing"."""
    path = index_dir(app)
    meta = read_meta(path)
    usable = meta is not None and meta.get("schema") == SCHEMA_VERSION and has_generation(path)
    if usable:
        return "ok"
    return "rebuilding" if is_rebuilding(app) else "missing"


def open_index(app=None):
    """The index, or None when it is missing or was built for another schema."""
    path = index_dir(app)
    if index_state(app) != "ok":
        return None
    try:
        return whoosh_index.open_dir(path, schema=SCHEMA)
    except (OSError, whoosh_index.EmptyIndexError):
        return None


def create_index(path: str):
    """A new empty index at path (created with its meta file)."""
    os.makedirs(path, exist_ok=True)
    ix = whoosh_index.create_in(path, SCHEMA)
    with open(os.path.join(path, META_FILE), "w", encoding="utf-8") as f:
        json.dump({"id": uuid.uuid4().hex, "schema": SCHEMA_VERSION}, f)
    return ix


# --- the queue ------------------------------------------------------------------------------
def enqueue(keys, app=None) -> None:
    """Record keys (of changed documents) durably: written to a new file, then renamed."""
    keys = sorted(set(keys))
    if not keys:
        return
    folder = queue_dir(app)
    os.makedirs(folder, exist_ok=True)
    name = f"{time.time_ns():020d}-{os.getpid()}-{uuid.uuid4().hex[:8]}"
    temporary = os.path.join(folder, "." + name)
    with open(temporary, "w", encoding="utf-8") as f:
        json.dump(keys, f)
    os.replace(temporary, os.path.join(folder, name + ".json"))


def queued_files(app=None) -> list[str]:
    folder = queue_dir(app)
    try:
        names = sorted(n for n in os.listdir(folder) if n.endswith(".json"))
    except FileNotFoundError:
        return []
    return [os.path.join(folder, n) for n in names]


def read_queue_file(path: str) -> list[str]:
    try:
        with open(path, encoding="utf-8") as f:
            return [k for k in json.load(f) if isinstance(k, str)]
    except (OSError, ValueError):
        return []


# --- locks ----------------------------------------------------------------------------------
def is_rebuilding(app=None) -> bool:
    """True while some process holds the rebuild lock."""
    path = _rebuild_lock_path(app)
    if not os.path.exists(path):
        return False
    with open(path, "a") as f:
        try:
            fcntl.flock(f, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError:
            return True
        fcntl.flock(f, fcntl.LOCK_UN)
    return False


RebuildRunning = backends.RebuildRunning  # another process is rebuilding the index


@contextmanager
def rebuild_lock(app=None):
    path = _rebuild_lock_path(app)
    os.makedirs(os.path.dirname(path) or ".", exist_ok=True)
    with open(path, "a") as f:
        try:
            fcntl.flock(f, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError:
            raise RebuildRunning() from None
        try:
            yield
        finally:
            fcntl.flock(f, fcntl.LOCK_UN)


def _acquire(lock, timeout: float) -> bool:
    deadline = now() + timeout
    while True:
        if lock.acquire(blocking=False):
            return True
        if now() >= deadline:
            return False
        time.sleep(0.05)


# --- work folders of rebuilds ---------------------------------------------------------------
WORK_FOLDER_KINDS = (".new-", ".old-")  # <index>.new-<pid> while building, .old-<pid> while swapping


def _work_folder_pid(index_name: str, name: str) -> int | None:
    """The pid in a rebuild's work folder name ("search-index.new-4711"), else None."""
    for kind in WORK_FOLDER_KINDS:
        pid = name.removeprefix(index_name + kind)
        if pid != name and pid.isdigit():
            return int(pid)
    return None


def _is_running(pid: int) -> bool:
    try:
        os.kill(pid, 0)  # signal 0: only asks whether the process exists
    except ProcessLookupError:
        return False
    except PermissionError:  # it exists, under another user
        return True
    return True


def remove_abandoned_work_folders(app=None) -> list[str]:
    """Remove the work folders of rebuilds that were killed (their process runs no more).

    A killed `search-reindex` never reaches its own clean-up, and each run names its folder by
    its pid, so nothing else would ever remove it. Call with the rebuild lock held. Returns the
    names removed.
    """
    parent, index_name = os.path.split(index_dir(app).rstrip("/"))
    parent = parent or "."
    removed = []
    for name in sorted(os.listdir(parent)) if os.path.isdir(parent) else []:
        pid = _work_folder_pid(index_name, name)
        if pid is not None and not _is_running(pid):
            shutil.rmtree(os.path.join(parent, name), ignore_errors=True)
            removed.append(name)
    if removed:
        log.warning("search: removed the work folders of interrupted rebuilds: %s", ", ".join(removed))
    return removed


# --- writing --------------------------------------------------------------------------------
def merge_small_segments(writer, segments):
    """Whoosh merge policy for the commit of a change: merge the small segments of earlier
    changes (Whoosh's MERGE_SMALL among them), never one of SMALL_SEGMENT_DOCS or more.

    Merging a segment built by a rebuild would make the writer of one new post (in the
    request that wrote it) rewrite hundreds of thousands of documents; those large segments
    are rewritten by the next `flask search-reindex` instead.
    """
    small = [segment for segment in segments if segment.doc_count_all() < SMALL_SEGMENT_DOCS]
    large = [segment for segment in segments if segment.doc_count_all() >= SMALL_SEGMENT_DOCS]
    return large + list(MERGE_SMALL(writer, small))


def apply_queue(write_keys, app=None, timeout: float | None = None) -> int:
    """Apply the queued changes with write_keys(writer, keys) under the index's write lock.

    Returns the number of queue files applied; 0 when there is no index, a rebuild runs, or
    the lock stayed taken for timeout seconds (the changes then stay queued for the holder).
    """
    app = app or current_app
    if timeout is None:
        timeout = app.config.get("SEARCH_WRITER_TIMEOUT", 3.0)
    for _attempt in range(3):
        if not queued_files(app) or is_rebuilding(app):
            return 0
        opened = read_meta(index_dir(app))
        ix = open_index(app)
        if ix is None:
            return 0
        try:
            writer = ix.writer(timeout=timeout, delay=0.05, compound=False)
        except LockError:
            ix.close()
            return 0
        if read_meta(index_dir(app)) == opened:
            break
        writer.cancel()  # a rebuild swapped the index in while we waited: write to the new one
        ix.close()
    else:
        return 0
    done = []
    try:
        for _round in range(10):  # also take what other processes queued meanwhile
            files = [f for f in queued_files(app) if f not in done]
            if not files:
                break
            keys = set()
            for path in files:
                keys.update(read_queue_file(path))
            write_keys(writer, keys)
            done += files
        writer.commit(mergetype=merge_small_segments)
    except BaseException:
        writer.cancel()
        raise
    finally:
        ix.close()
    for path in done:
        try:
            os.remove(path)
        except FileNotFoundError:
            pass
    return len(done)


def rebuild(add_documents, write_keys, app=None, procs: int | None = None, progress=None) -> int:
    """Build a fresh index with add_documents(writer, share, report) -> count (see build.build),
    swap it in, apply the queue; returns the number of documents.

    procs > 1 shares the documents among that many worker processes (forked: only from a
    process's main thread, e.g. `flask search-reindex`), each writing a segment of its own.
    """
    app = app or current_app
    path = index_dir(app).rstrip("/")
    if procs is None:
        procs = app.config.get("SEARCH_INDEX_PROCS") or min(2, os.cpu_count() or 1)
    with rebuild_lock(app):
        remove_abandoned_work_folders(app)
        old = open_index(app)
        old_lock = old.lock("WRITELOCK") if old is not None else None
        if old_lock is not None and not _acquire(old_lock, 60.0):
            old_lock = None  # a writer hangs on: go on, its change is in the queue and is re-applied
        try:
            new_path = f"{path}.new-{os.getpid()}"
            shutil.rmtree(new_path, ignore_errors=True)
            try:
                count = _build(new_path, add_documents, procs, app.config.get("SEARCH_INDEX_LIMITMB", 256), progress)
            except BaseException:
                shutil.rmtree(new_path, ignore_errors=True)
                raise
            _swap(path, new_path)
        finally:
            if old_lock is not None:
                old_lock.release()
            if old is not None:
                old.close()
        shutil.rmtree(f"{path}.old-{os.getpid()}", ignore_errors=True)
    apply_queue(write_keys, app, timeout=30.0)
    return count


def _build(path: str, add_documents, procs: int, limitmb: int, progress) -> int:
    """A new index at path holding the documents of add_documents (see build.build)."""
    ix = create_index(path)
    try:
        if procs > 1:
            load_analysis_tools()  # once here, before the workers fork, instead of once in each
        return build.build(ix, add_documents, procs, limitmb, progress)
    finally:
        ix.close()


def _swap(path: str, new_path: str) -> None:
    """Put the index built at new_path in place of path (two renames)."""
    if os.path.exists(path):
        old_path = f"{path}.old-{os.getpid()}"
        shutil.rmtree(old_path, ignore_errors=True)
        os.rename(path, old_path)
    os.rename(new_path, path)


def indexed_digests(app=None) -> dict[str, str] | None:
    """{key: digest} of every document in the index, or None without an index."""
    ix = open_index(app)
    if ix is None:
        return None
    try:
        with ix.searcher() as searcher:
            return {fields["key"]: fields.get("digest") for fields in searcher.all_stored_fields()}
    finally:
        ix.close()
