"""Data derived from the index's segments, kept by segment id between searches.

Which documents are not public, which are of which kind, each one's stored length and date,
and the documents and weights of recently searched words and phrases: a segment's documents
never change once written (deletions are applied on top at each search), so none of it
needs invalidating; it is bounded (least recently used out first).
"""
import os
import sys
import threading
from array import array
from collections import OrderedDict
from itertools import accumulate
from pickle import loads

from whoosh.codec.whoosh3 import LENGTHS_COLUMN, W3LeafMatcher
from whoosh.formats import Positions
from whoosh.matching.wrappers import FilterMatcher
from whoosh.reading import TermNotFound

MAX_SEGMENTS_CACHED = 64
MAX_REMEMBERED = 4_000_000  # document numbers of words and phrases kept (16 MB)

_lock = threading.Lock()
_segment_data: OrderedDict = OrderedDict()  # (folder, segment id, what) -> derived data
_remembered_docs: OrderedDict = OrderedDict()  # (segment id, "term"/"phrase", ...) -> array of documents
_remembered_size = 0


def forget_all() -> None:
    global _remembered_size
    with _lock:
        _segment_data.clear()
        _remembered_docs.clear()
        _remembered_size = 0


def _new_lock_after_fork() -> None:
    global _lock
    _lock = threading.Lock()  # another thread may have held it at the fork; the kept data stays valid


os.register_at_fork(after_in_child=_new_lock_after_fork)


# --- documents as sets of numbers -----------------------------------------------------------
def term_docs(leaf, fieldname: str, text: str) -> set[int]:
    """Numbers (in leaf) of the documents holding the term, deleted ones included (a new set)."""
    return set(_remembered(leaf, ("term", fieldname, text), lambda: _read_term_docs(leaf, fieldname, text)))


def term_doc_array(leaf, fieldname: str, text: str) -> array:
    """Numbers (in leaf) of the documents holding the term, in ascending order (kept: do not change)."""
    return _remembered(leaf, ("term", fieldname, text), lambda: _read_term_docs(leaf, fieldname, text))


def _read_term_docs(leaf, fieldname: str, text: str) -> set[int]:
    """Whole posting blocks are added to the set at once (ids only: weights and positions are not
    decoded): many times faster than Whoosh's matcher loop, which costs Python work per document."""
    try:
        matcher = leaf.postings(fieldname, text)
    except TermNotFound:
        return set()
    if isinstance(matcher, FilterMatcher):
        matcher = matcher.child  # the deletions filter: the caller removes deleted documents once
    if not isinstance(matcher, W3LeafMatcher):
        return set(matcher.all_ids())
    found = set()
    while matcher.is_active():
        matcher._read_data()
        ids = matcher._data[0]
        found.update(ids if matcher._byteids else accumulate(ids))  # ids are stored as differences
        matcher._next_block()
    return found


def _remembered(leaf, what: tuple, compute) -> array:
    """compute() (documents of leaf), kept as a compact array in ascending order for the next
    searches.

    Decoding a common word's postings costs ~0.6 µs per document (Whoosh unpickles every
    block with its positions): 60 ms for a word in 100,000 posts. The answer depends only on
    the segment, which never changes once written (deletions are removed by the caller at each
    search), so it is kept without invalidation, least recently used first out, up to
    MAX_REMEMBERED document numbers (4 bytes each) per process.
    """
    global _remembered_size
    segment = leaf.segment()
    if segment is None:
        return array("I", sorted(compute()))
    key = (segment.segment_id(), *what)
    with _lock:
        found = _remembered_docs.get(key)
        if found is not None:
            _remembered_docs.move_to_end(key)
            return found
    found = array("I", sorted(compute()))
    with _lock:
        if key not in _remembered_docs:
            _remembered_docs[key] = found
            _remembered_size += len(found)
        while _remembered_size > MAX_REMEMBERED and len(_remembered_docs) > 1:
            _key, dropped = _remembered_docs.popitem(last=False)
            _remembered_size -= 3 * len(dropped[0]) if isinstance(dropped, tuple) else len(dropped)
    return found


def _cached(path, leaf, what, compute):
    if leaf.segment() is None:  # an empty index: nothing worth keeping
        return compute()
    key = (path, leaf.segment().segment_id(), what)
    with _lock:
        if key in _segment_data:
            _segment_data.move_to_end(key)
            return _segment_data[key]
    value = compute()
    with _lock:
        _segment_data[key] = value
        while len(_segment_data) > MAX_SEGMENTS_CACHED * 8:
            _segment_data.popitem(last=False)
    return value


def not_public(path, leaf) -> frozenset:
    """Documents of leaf that are not public (also any without a visibility: none should exist)."""
    def compute():
        public = term_docs(leaf, "visibility", "public")
        return frozenset(d for d in range(leaf.doc_count_all()) if d not in public)
    return _cached(path, leaf, "not-public", compute)


def kind_numbers(path, leaf, kinds: tuple[str, ...]) -> bytearray:
    """For each document of leaf, 1 + the index of its kind in kinds (0: none of them).

    One byte per document (300 KB for the large index) rather than a set per kind (~20 MB).
    """
    def compute():
        numbers = bytearray(leaf.doc_count_all())
        for number, kind in enumerate(kinds, 1):
            for docnum in term_docs(leaf, "kind", kind):
                numbers[docnum] = number
        return numbers
    return _cached(path, leaf, ("kinds", kinds), compute)


def dates(path, leaf) -> array:
    """Each document's date (seconds since 1970; 0 for none) in leaf, read from its column at once
    (8 bytes a document: 2.6 MB for the large index) rather than 2 µs a document through Whoosh."""
    def compute():
        count = leaf.doc_count_all()
        found = array("q")
        if leaf.has_column("date"):
            column = leaf.column_reader("date", translate=False)
            found.frombytes(column._dbfile.get(column._basepos, column._count * found.itemsize))
            if sys.byteorder == "little":
                found.byteswap()  # Whoosh writes numbers big-endian
        found.extend(bytes(count - len(found)))  # documents after the last one with a date
        return found
    return _cached(path, leaf, "dates", compute)


def deleted(leaf) -> frozenset:
    return leaf.deleted_docs_set if leaf.has_deletions() else frozenset()


def _term_postings(leaf, fieldname: str, text: str) -> dict[int, bytes]:
    """{document number in leaf: encoded value (positions)} of the term, deleted ones included."""
    try:
        matcher = leaf.postings(fieldname, text)
    except TermNotFound:
        return {}
    if isinstance(matcher, FilterMatcher):
        matcher = matcher.child
    found = {}
    while matcher.is_active():
        matcher._read_data()
        ids, _weights, values = matcher._data
        found.update(zip(ids if matcher._byteids else accumulate(ids), values))
        matcher._next_block()
    return found


def _positions(value: bytes):
    # Whoosh's Positions format: a 4-byte count, then the pickled position differences, whose
    # final STOP byte the codec may have dropped (formats.Positions.decode_positions).
    return accumulate(loads(value[4:] if value.endswith(b".") else value[4:] + b"."))


def phrase_docs(leaf, fieldname: str, words: list[str], slop: int) -> set[int] | None:
    """Documents of leaf (deleted ones included) where words follow each other in fieldname,
    each 1..slop positions after the previous one, as Whoosh's Phrase query matches them
    (SpanNear2, ordered, mindist 1); None when the field's postings are not plain positions.

    Whoosh builds Span objects for every position of every candidate document; here the
    candidates are intersected as sets first and each one's positions decoded once.
    """
    if not isinstance(leaf.schema[fieldname].format, Positions):
        return None
    what = ("phrase", fieldname, tuple(words), slop)
    return set(_remembered(leaf, what, lambda: _read_phrase_docs(leaf, fieldname, words, slop)))


def _read_phrase_docs(leaf, fieldname: str, words: list[str], slop: int) -> set[int]:
    if any((fieldname, word) not in leaf for word in words):
        return set()
    postings = [_term_postings(leaf, fieldname, word) for word in words]
    candidates = set(postings[0]).intersection(*postings[1:])
    steps = range(1, slop + 1)
    found = set()
    for docnum in candidates:
        ends = set(_positions(postings[0][docnum]))
        for following in postings[1:]:
            reachable = {end + step for end in ends for step in steps}
            ends = reachable.intersection(_positions(following[docnum]))
            if not ends:
                break
        else:
            found.add(docnum)
    return found


# --- scoring in bulk ------------------------------------------------------------------------
def term_weights(leaf, fieldname: str, text: str) -> tuple[array, array]:
    """(documents, weights) of the term's postings in leaf, deleted documents included; the
    weights as Whoosh's matcher gives them (a block's single weight is a 32-bit float there)."""
    def compute():
        documents, weights = array("I"), array("d")
        try:
            matcher = leaf.postings(fieldname, text)
        except TermNotFound:
            return documents, weights
        if isinstance(matcher, FilterMatcher):
            matcher = matcher.child
        if not isinstance(matcher, W3LeafMatcher):
            raise NotImplementedError("another posting format")
        while matcher.is_active():
            matcher._read_data()
            ids, block_weights, _values = matcher._data
            ids = list(ids if matcher._byteids else accumulate(ids))
            documents.extend(ids)
            if block_weights is None or isinstance(block_weights, float):
                one = 1.0 if block_weights is None else array("f", [block_weights])[0]
                weights.extend([one] * len(ids))
            else:
                weights.extend(block_weights)
            matcher._next_block()
        return documents, weights
    return _remembered_pair(leaf, ("weights", fieldname, text), compute)


def _remembered_pair(leaf, what, compute):
    segment = leaf.segment()
    if segment is None:
        return compute()
    key = (segment.segment_id(), *what)
    with _lock:
        if key in _remembered_docs:
            _remembered_docs.move_to_end(key)
            return _remembered_docs[key]
    pair = compute()
    global _remembered_size
    with _lock:
        if key not in _remembered_docs:
            _remembered_docs[key] = pair
            _remembered_size += 3 * len(pair[0])  # 12 bytes a posting: counted as 3 numbers
        while _remembered_size > MAX_REMEMBERED and len(_remembered_docs) > 1:
            _key, dropped = _remembered_docs.popitem(last=False)
            _remembered_size -= 3 * len(dropped[0]) if isinstance(dropped, tuple) else len(dropped)
    return pair


def length_bytes(path, leaf, fieldname: str) -> bytes:
    """Each document's encoded length of fieldname in leaf (one byte each, as Whoosh stores it)."""
    def compute():
        column = leaf._perdoc._cached_reader(f"_{fieldname}_len", LENGTHS_COLUMN)
        if column is None:
            return bytes(leaf.doc_count_all())
        stored = column._dbfile.get(column._basepos, column._count)
        return bytes(stored) + bytes(leaf.doc_count_all() - len(stored))
    return _cached(path, leaf, ("lengths", fieldname), compute)
