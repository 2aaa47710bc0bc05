"""How the index is written: a rebuild in worker processes, a rebuild that refuses to swap in
an incomplete index, and the commits of single changes that merge only small segments."""
import os
import random
import subprocess
import sys

import pytest
from whoosh.filedb.filestore import FileStorage
from whoosh.index import create_in
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


def test_the_run_pool_gives_back_what_whoosh_s_pool_gives(tmp_path):
    storage = FileStorage(str(tmp_path)).create()
    postings = [(field, f"word{n % 97}".encode(), n, 1.0 + n % 3, None if n % 5 else b"\x00\x01")
                for n in range(5_000) for field in ("body", "title")]
    random.Random(7).shuffle(postings)
    pools = [cls(storage, None, limitmb=0.05) for cls in (PostingPool, build.RunPool)]  # a run every ~300 postings
    for pool in pools:
        for posting in postings:
            pool.add(posting)
    assert len(pools[1].runs) > 20
    # maxfiles=4: runs are first merged into fewer runs, as with a very large rebuild
    assert list(pools[1].items(maxfiles=4)) == list(pools[0].items(maxfiles=4)) == sorted(postings)


def _segment_files(folder) -> dict:
    """{file kind ("pst", "trm", "_body_len.col"…): bytes} of the one segment in folder."""
    files = {}
    for name in os.listdir(folder):
        if not name.startswith("_") and os.path.isfile(os.path.join(folder, name)):
            with open(os.path.join(folder, name), "rb") as f:
                files[name.split(".", 1)[1]] = f.read()
    return files


def test_a_rebuilt_segment_is_the_one_whoosh_s_own_writer_writes(writer, tmp_path):
    """The rebuild's writer reads each field's lengths once (SegmentLengths), not per posting:
    the same postings, lengths and terms, to the byte."""
    for n in range(6):
        thread = ff.make_thread(writer, title=f"Kurs {n} " + "języka polskiego " * n, body="Zajęcia w Tarnowie. " * (n + 1))
        ff.make_reply(thread, writer, "Zapisuję się. " * (3 * n + 1))
    db.session.commit()
    files = {}
    for cls in (SegmentWriter, build.RebuildSegmentWriter):
        folder = tmp_path / cls.__name__
        folder.mkdir()
        ix = create_in(str(folder), index.SCHEMA)
        segment_writer = cls(ix, _lk=False, compound=False)
        assert writing.add_documents(segment_writer, (0, 1)) == 12
        segment_writer._finalize_segment()
        files[cls] = _segment_files(folder)
    assert {"pst", "trm", "_body_len.col", "_title_len.col"} <= set(files[SegmentWriter])
    assert files[build.RebuildSegmentWriter] == files[SegmentWriter]


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
