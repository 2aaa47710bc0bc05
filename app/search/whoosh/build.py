"""Writing a whole new index (a rebuild), in worker processes that share the work.

Each worker process (forked) reads its own share of the database (every procs-th object of
each kind, by id), builds those documents and writes one segment of the new index; the
parent only passes on progress, then commits the segments together. Whoosh's parallel
writer (MpWriter) builds every document in the parent and hands it to a worker through a
pickled job file, which kept the parent as busy as a worker, and it waits forever for a
worker that died; here a worker that dies fails the rebuild within seconds.

Whoosh's posting pool spills sorted runs to disk with one pickle call per posting (two tenths
of a rebuild on the benchmark's 323,000 documents); RunPool writes and reads them as
marshalled chunks. Its per-term length statistics (they let Whoosh skip blocks in a search
for a single-form word: 10-15 % of such a search) read a document's field length from disk
for every posting, and stat() the column file of every field that keeps no lengths
(visibility, themes…) each time: a tenth of a rebuild. SegmentLengths reads each field's
lengths once per segment (the same lengths, so the same index).
The private parts of Whoosh used here (a SegmentWriter's pool, per_document_reader,
_finalize_segment, _commit_toc, _finish, the codec's length column name) are the ones its own
MpWriter and codec use, in the version pinned in requirements; tests/search/test_index_writing.py
rebuilds in one and in two processes.
"""
import marshal
import multiprocessing
import queue
import traceback
from itertools import islice

from whoosh.codec.whoosh3 import _lenfield
from whoosh.writing import PostingPool, SegmentWriter

from app.extensions import db

RUN_CHUNK = 10_000  # postings marshalled at once
POLL_SECONDS = 1.0  # how often the parent looks whether a silent worker is still alive


class IncompleteRebuild(Exception):
    """The new index would not hold every document: a worker process failed or lost some."""


class RunPool(PostingPool):
    """Whoosh's posting pool, its sorted runs written and read as marshalled chunks of
    RUN_CHUNK postings instead of one pickle call per posting (same order, same postings)."""

    def _write_run(self, f, items):
        items = iter(items)  # a sorted list, or a merge of runs when there are very many
        while chunk := list(islice(items, RUN_CHUNK)):
            marshal.dump(chunk, f)
        f.close()

    def _read_run(self, path):
        f = self._open_run(path)
        try:
            while True:
                try:
                    chunk = marshal.load(f)
                except EOFError:
                    return
                yield from chunk
        finally:
            f.close()
            self._remove_run(path)


class SegmentLengths:
    """The per-document reader Whoosh hands to add_postings (as lengths), with each field's
    lengths read once for the whole segment instead of once per posting."""

    def __init__(self, reader):
        self._reader = reader
        self._lengths = {}  # field name → [length per document], None when it keeps no lengths

    def doc_field_length(self, docnum, fieldname, default=0):
        if fieldname not in self._lengths:
            self._lengths[fieldname] = self._read(fieldname)
        lengths = self._lengths[fieldname]
        return default if lengths is None else lengths[docnum]

    def _read(self, fieldname):
        reader = self._reader
        if not reader.has_column(_lenfield(fieldname)):
            return None  # what Whoosh answers for such a field: the default
        return [reader.doc_field_length(docnum, fieldname) for docnum in range(reader.doc_count_all())]

    def close(self):
        self._reader.close()


class RebuildSegmentWriter(SegmentWriter):
    """A segment writer whose postings are written with SegmentLengths."""

    def per_document_reader(self):
        return SegmentLengths(super().per_document_reader())


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
    writer.pool = RunPool(writer._tempstorage, writer.newsegment, limitmb=limitmb)
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
