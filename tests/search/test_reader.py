"""Searchers kept open between searches (app/search/reader.py) never show a stale index:
what was committed after a search counts in the next one, for every viewer, and a rebuilt
index replaces the old one."""
import os
import threading

import pytest

from app.extensions import db
from app.forums import moderation
from app.forums import services as forum_services
from app.search import sync
from app.search.whoosh import ranking, reader
from tests import factories
from tests.forums import factories as ff
from tests.search.helpers import found, key, search

pytestmark = pytest.mark.whoosh  # the Whoosh index's own machinery (on PostgreSQL too)


@pytest.fixture
def writer(app):
    return factories.make_user(display_name="Wiktor Piszący")


def test_a_thread_made_private_after_a_search_is_no_longer_found(writer, outsider, moderator):
    grouped = factories.make_user(display_name="Zofia Zespołowa")
    group = ff.make_group(members=[grouped])
    thread = ff.make_thread(writer, title="Remont świetlicy")
    reply = ff.make_reply(thread, writer, "Remont zaczyna się w maju.")
    assert found(outsider, "remont") == {key(thread), key(reply)}  # the searcher is open now
    moderation.moderate_thread(moderator, thread, "move", "Sprawa zespołu.", category_id=ff.group_category(group).id)
    outcome = search(outsider, "remont")
    assert (outcome.total, outcome.counts, outcome.hits) == (0, {}, [])
    assert found(grouped, "remont") == {key(thread), key(reply)}


def test_a_deleted_reply_is_not_found_or_counted_by_the_next_search(writer, outsider):
    thread = ff.make_thread(writer, title="Zbiórka darów")
    reply = ff.make_reply(thread, writer, "Dary odbieramy w sobotę.")
    assert search(outsider, "sobotę").counts == {"post": 1}
    forum_services.delete_post(writer, reply)
    db.session.commit()
    outcome = search(outsider, "sobotę")
    assert (outcome.total, outcome.counts) == (0, {})


def test_a_new_post_is_found_right_after_its_commit(writer, outsider):
    thread = ff.make_thread(writer, title="Spotkanie sąsiedzkie")
    assert search(outsider, "herbata").total == 0
    reply = ff.make_reply(thread, writer, "Będzie herbata i ciasto.")
    assert found(outsider, "herbata") == {key(reply)}


def test_every_commit_counts_once_while_segments_are_merged(writer, outsider):
    """Each commit adds a segment and Whoosh merges small ones: readers of merged-away
    segments are dropped, so no document is counted twice or lost."""
    threads = []
    for number in range(12):
        threads.append(ff.make_thread(writer, title=f"Dyżur numer {number}"))
        outcome = search(outsider, "dyżur")
        assert (outcome.total, outcome.counts) == (number + 1, {"thread": number + 1})
    assert found(outsider, "dyżur") == {key(thread) for thread in threads}


def test_the_next_search_after_a_rebuild_reads_the_new_index(app, writer, outsider):
    before = ff.make_thread(writer, title="Warsztaty fotograficzne")
    assert found(outsider, "warsztaty") == {key(before)}
    sync.rebuild()  # builds a new index beside the old one and swaps the folders
    assert found(outsider, "warsztaty") == {key(before)}
    after = ff.make_thread(writer, title="Warsztaty ceramiczne")
    assert found(outsider, "warsztaty") == {key(before), key(after)}


def test_a_searcher_is_lent_to_one_search_at_a_time(app, writer):
    ff.make_thread(writer, title="Cokolwiek")
    db.session.commit()
    with reader.borrowed_searcher(ranking.NewerFirst()) as first:
        with reader.borrowed_searcher(ranking.NewerFirst()) as second:
            assert first is not second  # a second thread searching meanwhile gets its own
            assert first.doc_count() == second.doc_count() == 1
    with reader.borrowed_searcher(ranking.NewerFirst()) as again:
        assert again in (first, second)  # and both were kept for the next searches


def test_a_forked_worker_opens_its_own_searchers(app, writer, outsider):
    """gunicorn forks workers from a parent that may have searched (--preload): a worker
    reading through the parent's open files would move the parent's read positions."""
    thread = ff.make_thread(writer, title="Kiermasz książek")
    assert found(outsider, "kiermasz") == {key(thread)}
    assert reader._idle, "the parent keeps its searcher"
    child = os.fork()
    if child == 0:  # the worker
        os._exit(0 if not reader._idle else 1)
    _pid, status = os.waitpid(child, 0)
    assert os.waitstatus_to_exitcode(status) == 0
    assert found(outsider, "kiermasz") == {key(thread)}


def _files_of(searcher, folder) -> set[str]:
    ids = {leaf.segment().segment_id() for leaf, _offset in searcher.reader().leaf_readers()}
    return {name for name in os.listdir(folder) if name.split(".")[0] in ids}


def test_a_searcher_lent_before_a_commit_merged_its_segments_away_still_reads_them(app, writer, search_index):
    """The intermittent 500s under threaded servers: a commit merged segments and deleted
    their files while another thread's search was reading them."""
    thread = ff.make_thread(writer, title="Pomoc prawna dla cudzoziemców")
    for number in range(3):
        ff.make_reply(thread, writer, f"Porada {number}: pomoc prawna.")
        db.session.commit()  # a small segment each
    with reader.borrowed_searcher(ranking.NewerFirst()) as searcher:
        lent_files = _files_of(searcher, search_index)
        assert lent_files
        for number in range(12):  # merging small segments deletes the merged ones' files
            ff.make_reply(thread, writer, f"Nowa porada {number}.")
            db.session.commit()
        assert lent_files - set(os.listdir(search_index)), "no segment of the lent searcher was merged away"
        stored = [searcher.stored_fields(docnum) for docnum in range(searcher.doc_count_all())]
    assert all(fields.get("key") for fields in stored)


def test_searches_in_several_threads_while_another_writes_all_succeed(app, writer):
    """Commits merge segments and delete their files while other threads search them (the
    intermittent 500s under threaded servers): every search answers, none breaks."""
    thread = ff.make_thread(writer, title="Pomoc prawna dla cudzoziemców")
    for number in range(20):
        ff.make_reply(thread, writer, f"Wcześniejsza porada {number}: pomoc prawna.")
    db.session.commit()
    sync.rebuild(procs=1)  # a rebuilt index: its segment's files are separate, read as needed
    thread_id, writer_id = thread.id, writer.id
    failures, done = [], threading.Event()

    def write_replies():
        with app.app_context():
            author, target = db.session.get(type(writer), writer_id), db.session.get(type(thread), thread_id)
            for number in range(40):
                ff.make_reply(target, author, f"Porada numer {number}: pomoc prawna w urzędzie.")
                db.session.commit()
        done.set()

    def search_until_done():
        client = app.test_client()
        while not done.is_set():
            try:
                answer = client.get("/search?q=pomoc+prawna")
                if answer.status_code != 200:
                    failures.append(answer.status_code)
            except Exception as error:  # testing propagates the view's exception: that is the 500
                failures.append(repr(error))

    searchers = [threading.Thread(target=search_until_done) for _ in range(4)]
    for running in searchers:
        running.start()
    write_replies()
    for running in searchers:
        running.join()
    assert failures == []
    assert search(factories.make_user(), '"pomoc prawna"').counts["post"] == 60
