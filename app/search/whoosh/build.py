"""Writing a whole new index (a rebuild), in worker processes that share the work.

Each worker process (forked) reads its own share of the database (every procs-th object of
each kind, by id), builds those documents and writes one segment of the new index; the
parent only passes on progress, then commits the segments together. Whoosh's parallel
writer (MpWriter) builds every document in the parent and hands it to a worker through a
pickled job file, which kept the parent as busy as a worker, and it waits forever for a
worker that died; here a worker that dies fails the rebuild within seconds.

Whoosh's posting pool keeps a tuple per posting, sorts them all and writes them one call per
posting; TermPool gathers them by term and write_postings writes them a block at a time (see
there). Whoosh's per-term length statistics (they let it skip blocks in a search for a
single-form word: 10-15 % of such a search) are kept: SegmentLengths reads each field's lengths
once per segment instead of once per posting.
The private parts of Whoosh used here (a SegmentWriter's pool, _flush_segment, _finalize_segment,
_commit_toc, _finish, a W3PostingsWriter's block buffers and _write_block, the codec's length
column name) are the ones its own MpWriter and codec use, in the version pinned in requirements;
tests/search/test_index_writing.py rebuilds in one and in two processes and compares a rebuilt
segment with the one Whoosh's own writer writes.
"""
import heapq
import marshal
import multiprocessing
import queue
import traceback
from array import array
from itertools import groupby
from operator import itemgetter

from whoosh.codec.whoosh3 import _lenfield
from whoosh.util import random_name
from whoosh.writing import SegmentWriter

from app.extensions import db

RUN_CHUNK = 10_000  # terms marshalled at once
# Bytes a term and a posting take in a TermPool (dict entry, key, arrays; document number,
# weight, a value's reference), for its memory limit; a value's own bytes are added. Measured
# with tracemalloc on 20,000 of the benchmark's documents: 54 MB counted, 52 MB taken.
TERM_BYTES = 400
POSTING_BYTES = 20
POLL_SECONDS = 1.0  # how often the parent looks whether a silent worker is still alive


class IncompleteRebuild(Exception):
    """The new index would not hold every document: a worker process failed or lost some."""


class TermPool:
    """The postings of a new segment, gathered term by term as its documents are added.

    Whoosh's pool keeps a tuple per posting and sorts them all: ten million for half of the
    benchmark's large data, with the runs it spills to stay within its memory limit sorted,
    written, read back and merged posting by posting (a third of a rebuild). A segment's
    documents are added in order, so each term's postings arrive in order already: only the
    terms are sorted, and the runs spilled at limitmb are merged term by term. The postings come
    out in the order Whoosh's pool gives them.
    """

    def __init__(self, tempstore, limitmb: float):
        self._tempstore = tempstore
        self._limit = limitmb * 1024 * 1024
        self._size = 0
        self._terms = {}  # (field name, term bytes) -> (document numbers, weights, values)
        self.runs = []  # names of the spilled runs, oldest first

    def add(self, posting) -> None:
        """One (field name, term bytes, document number, weight, value bytes or None), as Whoosh's
        add_document gives it; documents come in order of their number."""
        fieldname, btext, docnum, weight, value = posting
        postings = self._terms.get((fieldname, btext))
        if postings is None:
            postings = self._terms[fieldname, btext] = (array("I"), array("d"), [])
            self._size += TERM_BYTES + len(btext)
        postings[0].append(docnum)
        postings[1].append(weight)
        postings[2].append(value or b"")  # what Whoosh's add_postings makes of None
        self._size += POSTING_BYTES + len(value or b"")
        if self._size > self._limit:
            self._save()

    def terms(self):
        """((field name, term bytes), (document numbers, weights, values)) of every term, in order."""
        if not self.runs:
            terms = self._terms
            return ((key, terms[key]) for key in sorted(terms))
        self._save()
        return self._merged_runs()

    def cleanup(self) -> None:
        for name in self.runs:
            self._remove_run(name)
        self.runs = []

    def _save(self) -> None:
        terms, self._terms, self._size = self._terms, {}, 0
        name = f"{random_name()}.run"
        with self._tempstore.create_file(name).raw_file() as f:
            keys = sorted(terms)
            for start in range(0, len(keys), RUN_CHUNK):
                marshal.dump([(*key, *_marshallable(terms[key])) for key in keys[start:start + RUN_CHUNK]], f)
        self.runs.append(name)

    def _read_run(self, number: int, name: str):
        with self._tempstore.open_file(name).raw_file() as f:
            while True:
                try:
                    chunk = marshal.load(f)
                except EOFError:
                    break
                for fieldname, btext, docnums, weights, values in chunk:
                    yield (fieldname, btext), number, (array("I", docnums), array("d", weights), values)
        self._remove_run(name)

    def _merged_runs(self):
        runs, self.runs = self.runs, []
        merged = heapq.merge(*(self._read_run(number, name) for number, name in enumerate(runs)))
        for key, group in groupby(merged, key=itemgetter(0)):
            (_key, _number, postings), *later = group  # later runs hold later documents
            for _key, _number, (docnums, weights, values) in later:
                postings[0].extend(docnums)
                postings[1].extend(weights)
                postings[2].extend(values)
            yield key, postings

    def _remove_run(self, name: str) -> None:
        try:
            self._tempstore.delete_file(name)
        except OSError:
            pass


def _marshallable(postings) -> tuple:
    docnums, weights, values = postings
    return docnums.tobytes(), weights.tobytes(), values  # marshal takes bytes, not arrays


class SegmentLengths:
    """Each field's length per document of a segment, read once per field for all its postings
    (Whoosh reads one from disk per posting for its per-term length statistics)."""

    def __init__(self, reader):
        self._reader = reader

    def of_field(self, fieldname: str) -> list[int] | None:
        """[length per document], or None when fieldname keeps no lengths (Whoosh then takes 0)."""
        reader = self._reader
        if not reader.has_column(_lenfield(fieldname)):
            return None
        return [reader.doc_field_length(docnum, fieldname) for docnum in range(reader.doc_count_all())]

    def close(self):
        self._reader.close()


class RebuildSegmentWriter(SegmentWriter):
    """Whoosh's segment writer with a TermPool, whose postings it writes a term at a time."""

    def __init__(self, ix, limitmb=128, **kwargs):
        super().__init__(ix, limitmb=limitmb, **kwargs)
        self.pool = TermPool(self._tempstorage, limitmb)

    def _flush_segment(self):
        # SegmentWriter._flush_segment, with write_postings for the fieldwriter's add_postings
        self.perdocwriter.close()
        lengths = SegmentLengths(self.per_document_reader()) if self.codec.length_stats else None
        write_postings(self.fieldwriter, self.schema, lengths, self.pool.terms())
        self.fieldwriter.close()
        if lengths:
            lengths.close()


def write_postings(fieldwriter, schema, lengths, terms) -> None:
    """What Whoosh's FieldWriter.add_postings writes for the same postings, given a term at a time."""
    current = None
    for (fieldname, btext), postings in terms:
        if fieldname != current:
            if current is not None:
                fieldwriter.finish_field()
            fieldwriter.start_field(fieldname, schema[fieldname])
            field_lengths = lengths.of_field(fieldname) if lengths else None
            current = fieldname
        fieldwriter.start_term(btext)
        _add_term_postings(fieldwriter._postwriter, *postings, field_lengths)
        fieldwriter.finish_term()
    if current is not None:
        fieldwriter.finish_field()


def _add_term_postings(postwriter, docnums, weights, values, field_lengths) -> None:
    """A term's postings into Whoosh's postings writer (W3PostingsWriter), a block at a time:
    its buffers and statistics set as add_posting sets them posting by posting; every block but
    the last written here, the last by its finish_postings."""
    limit = postwriter._blocklimit
    for start in range(0, len(docnums), limit):
        if start:
            postwriter._write_block()
        block = slice(start, start + limit)
        ids, block_weights = docnums[block], weights[block]
        postwriter._ids = ids
        postwriter._weights = array("f", block_weights)
        postwriter._values = [value for value in values[block] if value]
        postwriter._maxweight = max(0, max(block_weights))
        known = [length for length in map(field_lengths.__getitem__, ids) if length] if field_lengths else []
        postwriter._minlength = min(known) if known else None
        postwriter._maxlength = max(known) if known else 0


def build(ix, add_documents, procs: int, limitmb: int, progress=None) -> int:
    """Fill ix (a new, empty index) with add_documents(writer, share, report) -> count in procs
    processes; returns the number of documents.

    share is (number, procs): the worker's part of the data. report(kind name, rows) tells the
    rows of a kind the worker has gone through; progress(kind name, rows) gets the sum.
    """
    if procs > 1:
        results = _in_workers(ix, add_documents, procs, limitmb, progress)
    else:
        results = [_write_segment(ix, add_documents, (0, 1), limitmb, progress)]
    _commit(ix, [segment for segment, _count in results if segment is not None])
    count = sum(count for _segment, count in results)
    with ix.reader() as reader:
        written = reader.doc_count_all()
    if written != count:
        raise IncompleteRebuild(f"the new index holds {written} of {count} documents")
    return count


def _write_segment(ix, add_documents, share, limitmb: int, report):
    """(the new segment or None when share holds no document, the number of documents)."""
    writer = RebuildSegmentWriter(ix, _lk=False, limitmb=limitmb, compound=False)
    count = add_documents(writer, share, report)
    if not count:
        writer._close_segment()
        return None, 0
    return writer._finalize_segment(), count


def _commit(ix, segments) -> None:
    """Make the segments the index's content (a writer of ix of its own writes the table)."""
    writer = ix.writer()
    try:
        writer._close_segment()  # its own segment stays empty
        writer._commit_toc(segments)
    except BaseException:
        writer.cancel()
        raise
    writer._finish()  # also removes the workers' temporary files


def _in_workers(ix, add_documents, procs: int, limitmb: int, progress) -> list:
    """[(segment, count)] of procs forked worker processes, one share each."""
    context = multiprocessing.get_context("fork")  # the workers inherit the app and the loaded stemmers
    messages = context.Queue()
    workers = [context.Process(target=_work, args=(ix, add_documents, (number, procs), limitmb, messages),
                               name=f"search-rebuild-{number}", daemon=True)
               for number in range(procs)]
    for worker in workers:
        worker.start()
    try:
        return _collect(workers, messages, progress)
    finally:
        for worker in workers:
            if worker.is_alive():
                worker.terminate()  # the rebuild failed: stop the others
            worker.join()


def _collect(workers, messages, progress) -> list:
    rows, results, silent_and_dead = {}, {}, set()
    while len(results) < len(workers):
        try:
            what, number, *payload = messages.get(timeout=POLL_SECONDS)
        except queue.Empty:
            # A worker's last message reaches the queue before the worker ends: one that has
            # ended and still said nothing at the next poll was killed (out of memory, a signal).
            dead = {number for number, worker in enumerate(workers)
                    if number not in results and worker.exitcode is not None}
            if dead & silent_and_dead:
                codes = ", ".join(f"{workers[n].name} exit code {workers[n].exitcode}" for n in sorted(dead))
                raise IncompleteRebuild(f"a worker process ended without finishing ({codes})") from None
            silent_and_dead = dead
            continue
        if what == "rows":
            kind_name, done = payload
            rows[kind_name, number] = done
            if progress:
                progress(kind_name, sum(n for (name, _worker), n in rows.items() if name == kind_name))
        elif what == "done":
            results[number] = tuple(payload)
        else:
            raise IncompleteRebuild(f"worker process {number} failed:\n{payload[0]}")
    return [results[number] for number in range(len(workers))]


def _work(ix, add_documents, share, limitmb: int, messages) -> None:
    """A worker process: write share's segment and say how it went."""
    number = share[0]
    try:
        db.engine.dispose(close=False)  # the parent's pooled connections are not this process's
        segment, count = _write_segment(
            ix, add_documents, share, limitmb, lambda kind_name, done: messages.put(("rows", number, kind_name, done)))
        messages.put(("done", number, segment, count))
    except BaseException:
        messages.put(("failed", number, traceback.format_exc()))
