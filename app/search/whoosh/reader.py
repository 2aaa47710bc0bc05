"""Open searchers kept between requests, and data derived from the index's segments.

Each process keeps its open searchers in a small pool and lends one to each search. Before
each loan the index's version is read: its id (search-meta.json, new at every
rebuild) and its Whoosh generation (the newest _MAIN_<n>.toc, new at every commit), a
directory listing and one small file. When the generation changed, a new reader is built
that keeps the open readers of the segments that did not change: same segment id and same
number of deleted documents (a changed or removed document deletes its old copy, so a
document made private stops matching at the next search; Whoosh's own refresh() reuses a
segment's reader even when documents were deleted from it since). When the id changed (a
rebuild swapped another index in), everything is opened anew.

A searcher is used by one thread at a time (Whoosh's readers seek in shared files): a
thread that finds no idle searcher opens its own, which joins the pool afterwards.

A commit may merge segments and delete their files while another thread searches them.
An open file stays readable after it is deleted, but Whoosh opens a segment's column files
(stored fields, lengths, dates) only when first read, and then finds them gone (a None
reader: the TypeError 500s seen on /search under threaded servers). So a reader opens every
file it will read when it is made (_pin_files), and one made while a commit swapped the
files under it is made again (OPEN_ATTEMPTS).

Data derived from the segments (document sets, weights, lengths, dates) is in segments.py.
"""
import atexit
import os
import threading
from contextlib import contextmanager

from whoosh import index as whoosh_index
from whoosh.filedb.filestore import FileStorage
from whoosh.reading import EmptyReader, MultiReader, SegmentReader
from whoosh.searching import Searcher

from app.search.whoosh import index, segments

MAX_IDLE = 4  # idle searchers kept per index (one per thread that searched at the same time)
OPEN_ATTEMPTS = 3  # a commit replacing the files between listing and opening them: open again

_lock = threading.Lock()
_idle: dict[str, list] = {}  # index folder -> idle _Entry objects


class _Entry:
    def __init__(self, path, version, ix, searcher):
        self.path, self.version, self.ix, self.searcher = path, version, ix, searcher

    def close(self):
        try:
            self.searcher.close()
        finally:
            self.ix.close()


def version_of(path: str):
    """(index id, generation) of the index at path, or None when there is none."""
    meta = index.read_meta(path)
    if meta is None:
        return None
    try:
        generation = whoosh_index.TOC._latest_generation(FileStorage(path), whoosh_index._DEF_INDEX_NAME)
    except OSError:
        return None
    return meta.get("id"), generation


@contextmanager
def borrowed_searcher(weighting, app=None):
    """An up-to-date searcher of the app's index for this block (None when the index is missing)."""
    path = index.index_dir(app)
    entry = _take(path, weighting, app)
    if entry is None:
        yield None
        return
    try:
        yield entry.searcher
    except BaseException:
        entry.close()  # a failure may leave the readers' files half-read: do not lend them again
        raise
    _give_back(entry)


def _take(path, weighting, app):
    version = version_of(path)
    with _lock:
        idle = _idle.get(path, [])
        entry = idle.pop() if idle else None
    if entry is not None and entry.version != version:
        if version is not None and entry.version[0] == version[0]:
            try:
                entry = _refreshed(entry, version, weighting)
            except OSError:  # a commit replaced the files again meanwhile (_refreshed closed the entry)
                entry = None
        else:
            entry.close()
            entry = None
    if entry is None:
        entry = _open_entry(path, weighting, app)
        if entry is None:
            return None
    entry.searcher.weighting = weighting
    return entry


def _open_entry(path, weighting, app):
    """A new searcher of the index with all its files open, or None when there is no index."""
    for attempt in range(OPEN_ATTEMPTS):
        ix = _open_index(app)
        if ix is None:
            return None
        try:
            searcher = ix.searcher(weighting=weighting)
            _pin_files(searcher.reader())
            return _Entry(path, version_of(path), ix, searcher)
        except OSError:  # the files listed a moment ago were merged away: the next listing has the new ones
            ix.close()
            if attempt == OPEN_ATTEMPTS - 1:
                raise
    return None


def _column_names(schema) -> list[str]:
    """The per-document files a search may read: stored fields, field lengths, columns."""
    names = ["_stored"]
    for name, field in schema.items():
        if field.scorable:
            names.append(f"_{name}_len")
        if field.column_type is not None:
            names.append(name)
    return names


def _pin_files(reader) -> None:
    """Open each segment's column files now, while they exist (see the module's docstring).

    Whoosh also asks the folder whether a column exists before each first read of it; a
    segment's files never change once written, so the pinned reader answers from the set
    it opened instead, and goes on reading them after a merge deleted them.
    """
    for leaf, _offset in reader.leaf_readers():
        if not isinstance(leaf, SegmentReader) or getattr(leaf._perdoc, "pinned", False):
            continue
        perdoc = leaf._perdoc
        opened = set()
        for name in _column_names(leaf.schema):
            if perdoc.has_column(name):
                if name not in perdoc._colfiles:
                    perdoc._colfiles[name] = perdoc._get_column_file(name)
                opened.add(name)
        perdoc.has_column = frozenset(opened).__contains__
        perdoc.pinned = True


def _open_index(app):
    """The index, read with ordinary file reads, or None when it is missing or outdated.

    Whoosh's memory-map path copies each segment's files into memory (a BytesIO over the
    map): 360 MB and 0.2 s for each reader of the large index. Read on demand, a reader costs
    a few milliseconds and no memory; the postings it reads are in the system's file cache.
    """
    if index.index_state(app) != "ok":
        return None
    try:
        return FileStorage(index.index_dir(app), supports_mmap=False).open_index(schema=index.SCHEMA)
    except (OSError, whoosh_index.EmptyIndexError):
        return None


def _give_back(entry):
    """Keep entry for the next search; idle searchers of other indexes are closed (a process
    serves one index; tests make a new one each)."""
    with _lock:
        others = [other for path, idle in _idle.items() if path != entry.path for other in idle]
        for path in [path for path in _idle if path != entry.path]:
            del _idle[path]
        idle = _idle.setdefault(entry.path, [])
        kept = len(idle) < MAX_IDLE
        if kept:
            idle.append(entry)
    for other in others if kept else [*others, entry]:
        other.close()


def _segment_key(segment):
    return segment.segment_id(), segment.deleted_count()


def _refreshed(entry, version, weighting):
    """entry with a reader of the index's current segments, reusing unchanged segments' readers."""
    old_reader = entry.searcher.reader()
    reusable = {_segment_key(leaf.segment()): leaf for leaf, _offset in old_reader.leaf_readers()
                if isinstance(leaf, SegmentReader)}
    readers = []
    try:
        toc = entry.ix._read_toc()
        for segment in toc.segments:
            reader = reusable.pop(_segment_key(segment), None)
            readers.append(reader or SegmentReader(entry.ix.storage, toc.schema, segment, generation=toc.generation))
        reader = _combined(readers, toc)
        _pin_files(reader)
    except BaseException:
        entry.close()
        raise
    for leftover in reusable.values():
        leftover.close()
    entry.searcher = Searcher(reader, fromindex=entry.ix, weighting=weighting)
    entry.version = version
    return entry


def _combined(readers, toc):
    if not readers:
        return EmptyReader(toc.schema)
    if len(readers) == 1:
        return readers[0]
    return MultiReader(readers, generation=toc.generation)


def close_all() -> None:
    """Close every idle searcher and forget the segments' data (tests, and at exit)."""
    with _lock:
        entries = [entry for idle in _idle.values() for entry in idle]
        _idle.clear()
    segments.forget_all()
    for entry in entries:
        entry.close()


def _forget_after_fork() -> None:
    """In a forked worker: searchers opened by the parent are not lent (their open files and
    read positions may be shared with it)."""
    global _lock
    _lock = threading.Lock()  # another thread may have held it at the fork
    _idle.clear()


atexit.register(close_all)
os.register_at_fork(after_in_child=_forget_after_fork)
