"""How the index is written: a rebuild in worker processes, a rebuild that refuses to swap in
an incomplete index, and the commits of single changes that merge only small segments."""
import os

import pytest

from app.extensions import db
from app.search import index, sync
from tests import factories
from tests.forums import factories as ff
from tests.search.helpers import found, key


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

    def loses_one(writer_):
        count = sync.add_all_documents(writer_)
        return count + 1  # one document "sent to a worker" never arrived

    with pytest.raises(index.IncompleteRebuild):
        index.rebuild(loses_one, sync.write_keys, procs=2)
    assert found(outsider, "przebudowy") == {key(thread)}
    folder = os.path.dirname(index.index_dir())
    assert [name for name in os.listdir(folder) if ".new-" in name] == []
    assert not index.is_rebuilding()


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
