"""How the index is written: a rebuild in worker processes, a rebuild that refuses to swap in
an incomplete index, and the commits of single changes that merge only small segments."""
import os
import subprocess
import sys

import pytest
from whoosh.codec.whoosh3 import W3Codec
from whoosh.filedb.filestore import FileStorage
from whoosh.formats import Positions
from whoosh.index import create_in
from whoosh.reading import SegmentReader
from whoosh.writing import PostingPool, SegmentWriter

from app.extensions import db
from app.search import sync
from app.search.whoosh import build, index, writing
from tests import factories
from tests.forums import factories as ff
from tests.search.helpers import found, key

pytestmark = pytest.mark.whoosh  # the Whoosh index's own machinery (on PostgreSQL too)


@pytest.fixture
def writer(app):
    return factories.make_user(display_name="Wiktor Piszący")


def _segments() -> list:
    ix = index.open_index()
    try:
        return list(ix._segments())
    finally:
        ix.close()


@pytest.mark.parametrize("procs", [1, 2])
def test_a_rebuild_in_one_or_two_processes_finds_everything(writer, outsider, procs):
    threads = [ff.make_thread(writer, title=f"Kurs językowy numer {n}", body="Zajęcia w Tarnowie.")
               for n in range(5)]
    replies = [ff.make_reply(threads[0], writer, f"Zapisuję się na kurs {n}.") for n in range(7)]
    db.session.commit()
    incremental = index.indexed_digests()
    assert sync.rebuild(procs=procs) == len(incremental) == 12
    assert index.indexed_digests() == incremental
    assert found(outsider, "kursy") == {key(obj) for obj in threads + replies}
    assert found(outsider, '"zajęcia w tarnowie"') == {key(thread) for thread in threads}


def test_a_rebuild_that_lost_documents_keeps_the_old_index(app, writer, outsider):
    thread = ff.make_thread(writer, title="Wątek sprzed przebudowy")
    db.session.commit()

    def loses_one(writer_, share, report):
        count = writing.add_documents(writer_, share, report)
        return count + 1 if share[0] == 1 else count  # one document of a worker's share "got lost"

    with pytest.raises(build.IncompleteRebuild):
        index.rebuild(loses_one, writing.write_keys, procs=2)
    assert found(outsider, "przebudowy") == {key(thread)}
    folder = os.path.dirname(index.index_dir())
    assert [name for name in os.listdir(folder) if ".new-" in name] == []
    assert not index.is_rebuilding()


@pytest.mark.parametrize("failure", ["raises", "dies"])
def test_a_rebuild_whose_worker_fails_or_dies_stops_and_keeps_the_old_index(app, writer, outsider, failure):
    thread = ff.make_thread(writer, title="Wątek sprzed przebudowy")
    db.session.commit()

    def fails_in_one_worker(writer_, share, report):
        if share[0] == 1:
            if failure == "dies":
                os._exit(9)  # as a worker killed for lack of memory: it says nothing
            raise RuntimeError("the database went away")
        return writing.add_documents(writer_, share, report)

    with pytest.raises(build.IncompleteRebuild) as raised:
        index.rebuild(fails_in_one_worker, writing.write_keys, procs=2)
    assert ("the database went away" if failure == "raises" else "exit code 9") in str(raised.value)
    assert found(outsider, "przebudowy") == {key(thread)}
    assert not index.is_rebuilding()


def test_a_rebuild_reports_the_rows_of_every_worker_together(writer):
    for n in range(7):
        ff.make_thread(writer, title=f"Wątek numer {n}")
    db.session.commit()
    seen = []
    assert sync.rebuild(progress=lambda kind, rows: seen.append((kind.name, rows)), procs=2) == 7
    assert max(rows for name, rows in seen if name == "thread") == 7


def test_the_term_pool_gives_back_what_whoosh_s_pool_gives(tmp_path):
    storage = FileStorage(str(tmp_path)).create()
    # documents in order, as a writer adds them; terms of each in any order, some without a value
    postings = [(field, f"word{(n * 7 + t) % 97}".encode(), n, 1.0 + n % 3, None if n % 5 else b"\x00\x01")
                for n in range(3_000) for t in range(3) for field in ("title", "body")]
    whoosh_pool, term_pool = PostingPool(storage, None, limitmb=0.05), build.TermPool(storage, limitmb=0.05)
    for posting in postings:
        whoosh_pool.add(posting)
        term_pool.add(posting)
    assert len(term_pool.runs) > 5  # spilled, then merged term by term
    from_terms = [(fieldname, btext, docnum, weight, value)
                  for (fieldname, btext), (docnums, weights, values) in term_pool.terms()
                  for docnum, weight, value in zip(docnums, weights, values)]
    assert from_terms == [(f, t, d, w, v or b"") for f, t, d, w, v in whoosh_pool.items()]
    assert os.listdir(tmp_path) == []  # the runs are removed once read


def _segment_content(storage, schema, segment) -> dict:
    """What a segment holds, as a reader sees it: every file but the postings and the terms
    (which point into them) to the byte, and every term's statistics and posting blocks."""
    files = {}
    for name in storage.list():
        if name.startswith(segment.segment_id()) and not name.endswith((".pst", ".trm")):
            with storage.open_file(name) as f:
                files[name.split(".", 1)[1]] = f.read()
    terms = {}
    with SegmentReader(storage, schema, segment) as reader:
        for fieldname, btext in reader.all_terms():
            info = reader.term_info(fieldname, btext)
            blocks = []
            matcher = reader.postings(fieldname, btext)
            while matcher.is_active():
                blocks.append((matcher.block_min_length(), matcher.block_max_length(), matcher.block_max_weight(),
                               matcher._read_ids(), matcher._read_weights(),
                               matcher._read_values()))
                matcher._next_block()
            terms[fieldname, btext] = (info.weight(), info.doc_frequency(), info.min_length(), info.max_length(),
                                       info.max_weight(), info.min_id(), info.max_id(), blocks)
    return {"files": files, "terms": terms}


def _whoosh_s_own_schema():
    """The index's schema with Whoosh's own Positions format for its text fields."""
    schema = index.build_schema()
    for name in ("title", "body"):
        schema[name].format = Positions(field_boost=schema[name].format.field_boost)
    return schema


def test_forms_are_encoded_as_whoosh_encodes_them():
    forms = index.FormsTokenizer()
    texts = ["", "i w z", "Kurs kursu kursy: kurs!", "Зустріч у Кракові, зустріч у Тарнові", "a " * 300 + "kurs " * 3,
             " ".join(f"słowo{n % 37}" for n in range(2_000))]
    for boost in (1.0, index.TITLE_BOOST):
        for text in texts:
            assert (list(index.FormPositions(field_boost=boost).word_values(text, forms, mode="index"))
                    == list(Positions(field_boost=boost).word_values(text, forms, mode="index")))


@pytest.mark.parametrize("limitmb", [128, 0.002])
def test_a_rebuilt_segment_holds_what_whoosh_s_own_writer_writes(writer, tmp_path, limitmb):
    """The rebuild's writer makes its text postings straight from the analysis (FormPositions),
    gathers postings by term (TermPool), writes them a block at a time and reads each field's
    lengths once (SegmentLengths): Whoosh's own writer and format write the same terms, postings,
    blocks and lengths, also when the pool spills runs to disk (limitmb=0.002).

    Only the bytes of the postings differ: a position shared by several postings of a block is
    pickled once there (FormPositions keeps one bytes object per single position)."""
    for n in range(6):
        thread = ff.make_thread(writer, title=f"Kurs {n} " + "języka polskiego " * n, body="Zajęcia w Tarnowie. " * (n + 1))
        ff.make_reply(thread, writer, "Zapisuję się. " * (3 * n + 1))
    db.session.commit()
    content = {}
    for cls, schema in ((SegmentWriter, _whoosh_s_own_schema()), (build.RebuildSegmentWriter, index.SCHEMA)):
        folder = tmp_path / cls.__name__
        folder.mkdir()
        ix = create_in(str(folder), schema)
        # blocks of 4 postings: terms of several blocks, some of them full
        segment_writer = cls(ix, _lk=False, compound=False, limitmb=limitmb, codec=W3Codec(blocklimit=4))
        assert writing.add_documents(segment_writer, (0, 1)) == 12
        if cls is build.RebuildSegmentWriter:
            assert bool(segment_writer.pool.runs) == (limitmb < 1)
        segment = segment_writer._finalize_segment()
        content[cls] = _segment_content(ix.storage, schema, segment)
    assert {"_body_len.col", "_title_len.col", "_stored.col"} <= set(content[SegmentWriter]["files"])
    assert any(len(blocks) > 2 for *_stats, blocks in content[SegmentWriter]["terms"].values())
    assert content[build.RebuildSegmentWriter] == content[SegmentWriter]


def test_single_changes_merge_small_segments_and_leave_the_rebuilt_one(app, writer, outsider, monkeypatch):
    monkeypatch.setattr(index, "SMALL_SEGMENT_DOCS", 5)
    thread = ff.make_thread(writer, title="Długi wątek o pracy")
    for n in range(6):
        ff.make_reply(thread, writer, f"Odpowiedź początkowa {n}.")
    db.session.commit()
    sync.rebuild(procs=1)
    (rebuilt,) = _segments()
    replies = []
    for n in range(20):  # one commit (one new segment) each
        replies.append(ff.make_reply(thread, writer, f"Kolejna odpowiedź o pracy {n}."))
        db.session.commit()
    segments = _segments()
    assert rebuilt.segment_id() in {segment.segment_id() for segment in segments}
    assert len(segments) < 12, "small segments were merged"
    assert found(outsider, "kolejna") == {key(reply) for reply in replies}



def _pid_of_a_finished_process() -> int:
    finished = subprocess.Popen([sys.executable, "-c", "pass"])
    finished.wait()
    return finished.pid


def _work_folder(kind: str, pid: int) -> str:
    """A half-built work folder of a rebuild run by pid, as a killed `search-reindex` leaves it."""
    path = f"{index.index_dir().rstrip('/')}{kind}{pid}"
    os.makedirs(path)
    with open(os.path.join(path, "MAIN_half.seg"), "w") as f:
        f.write("half-built")
    return path


def test_a_rebuild_removes_the_work_folders_of_killed_rebuilds(app, writer, outsider):
    killed = [_work_folder(".new-", _pid_of_a_finished_process()),
              _work_folder(".old-", _pid_of_a_finished_process())]
    with subprocess.Popen([sys.executable, "-c", "import time; time.sleep(60)"]) as running:
        try:
            still_building = _work_folder(".new-", running.pid)  # e.g. another machine's, on a shared disk
            thread = ff.make_thread(writer, title="Wątek po przerwanej przebudowie")
            db.session.commit()
            sync.rebuild(procs=1)
            assert [os.path.exists(path) for path in killed] == [False, False]
            assert os.path.exists(still_building)
            assert found(outsider, "przerwanej") == {key(thread)}
        finally:
            running.kill()


def test_init_db_removes_them_too_when_the_index_is_there(app):
    sync.ensure_index()
    killed = _work_folder(".new-", _pid_of_a_finished_process())
    assert sync.prepare_index() is False  # nothing to build
    assert not os.path.exists(killed)
    assert index.index_state() == "ok"
