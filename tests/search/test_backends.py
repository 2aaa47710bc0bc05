"""Both backends answer the same: the same data searched through Whoosh and through the
search_document table finds, counts and corrects alike (on PostgreSQL, where both can run); and
the postgres backend writes its documents in the transaction of the change."""
from datetime import timedelta

import pytest
from flask import current_app
from sqlalchemy import text

from app.db import utcnow
from app.extensions import db
from app.search import backends, sync
from app.search.postgres import querying
from app.search.postgres.vectors import phrase, quote, vector_text
from tests import factories
from tests.events.factories import future_day, make_event
from tests.forums import factories as ff
from tests.partnerships.factories import make_post
from tests.search.helpers import found, key, search

QUERIES = [
    ("szkoła", {}), ("szkola", {}), ("szkołach", {}), ("Charków", {}), ("Харків", {}), ("kharkiv", {}),
    ('"karta pobytu"', {}), ("karta -stałego", {}), ('pobytu -"karta pobytu"', {}), ("kurs polskiego", {}),
    ('"kurs języka"', {}), ('"języka kurs"', {}), ("tłumacza", {"kind": "thread"}), ("szkoła", {"theme": "education"}),
    ("szkoła", {"county": "tarnow-city"}), ("spotkanie", {"kind": "event"}), ("tajnyplan", {}), ("fundacja", {}),
    ("szkoła tłumacza", {}), ("partnera szkoła", {}), ("szkolaa", {}), ("tlumacza", {}), ("partnrea", {}),
    ("tajnyplam", {}), ("uczniuw", {}),
]


@pytest.fixture
def data(app):
    writer = factories.make_user(display_name="Wanda Pisząca")
    member = factories.make_user(display_name="Zenon Zespołowy")
    org = factories.make_org(name="Fundacja Szkoła Otwarta", admin=writer, counties=["tarnow-city"],
                             themes=["education"], description_pl_html="<p>Prowadzimy szkołę dla dorosłych.</p>")
    factories.make_org(name="Fundacja z Charkowa", description_pl_html="<p>Pomagamy ludziom z Харків.</p>")
    ff.make_thread(writer, title="Szkoła dla dzieci z Ukrainy", body="Zapisy do szkoły trwają.", themes=["education"])
    titled = ff.make_thread(writer, title="Szukamy tłumacza", body="Karta pobytu i kurs języka polskiego.")
    ff.make_reply(titled, writer, "Karta stałego pobytu to co innego niż karta czasowego pobytu.")
    ff.make_reply(titled, writer, "W szkołach w Tarnowie też potrzebny jest kurs polskiego.")
    group = ff.make_group(members=[member])
    ff.make_thread(member, ff.group_category(group), "Tajnyplan zespołu", "Szkoła i tajnyplan.")
    make_event(org, author=writer, title="Spotkanie w szkole", description="Kurs języka dla rodziców.",
               county="tarnow-city", start_date=future_day(10))
    make_post(org, writer, title="Szkoła szuka partnera", description="Wymiana uczniów z Charkowem.")
    db.session.commit()
    return {"member": member}


def _answers(users, switch_to):
    current_app.config["SEARCH_BACKEND"] = switch_to
    answers = {}
    for name, user in users.items():
        for words, filters in QUERIES:
            outcome = search(user, words, **filters)
            answers[name, words, tuple(filters.items())] = (
                found(user, words, **filters), outcome.total, outcome.counts, outcome.suggestion)
    return answers


def test_whoosh_and_postgres_find_count_and_correct_alike(data, anonymous):
    if db.engine.dialect.name != "postgresql":
        pytest.skip("both backends run on PostgreSQL only")
    users = {"anonymous": anonymous, "group member": data["member"]}
    in_table = _answers(users, "postgres")
    current_app.config["SEARCH_BACKEND"] = "whoosh"
    sync.ensure_index()
    sync.rebuild(procs=1)
    in_whoosh = _answers(users, "whoosh")
    differing = {query: (in_table[query], in_whoosh[query]) for query in in_table if in_table[query] != in_whoosh[query]}
    assert not differing, "\n".join(f"{q}: postgres {p} / whoosh {w}" for q, (p, w) in differing.items())
    assert any(total for _keys, total, _counts, _suggestion in in_table.values())
    assert {query[:2]: answer[3] for query, answer in in_table.items() if answer[3]} == {
        ("anonymous", "partnrea"): "partnera", ("group member", "partnrea"): "partnera",
        ("anonymous", "uczniuw"): "uczniów", ("group member", "uczniuw"): "uczniów",
        ("group member", "tajnyplam"): "tajnyplan",  # never to whoever may not see it
    }


def test_a_phrase_matches_at_the_typed_distance_and_never_across_title_and_body(app, outsider):
    writer = factories.make_user()
    kept = ff.make_thread(writer, title="Dom dla dzieci", body="Zbiórka zabawek.")
    ff.make_thread(writer, title="Dom", body="Dzieci szukają zabawek.")  # title then body: no phrase
    ff.make_thread(writer, title="Zbiórka", body="Dzieci dla domu.")  # the wrong order
    db.session.commit()
    assert found(outsider, '"dom dla dzieci"') == {key(kept)}
    assert found(outsider, '"dom dzieci"') == set()  # "dla" stands between them


def test_the_vector_holds_every_form_at_its_position_title_a_body_later():
    vector, words = vector_text("Szkoła", "Dobra szkoła")
    lexemes = dict(part.rsplit(":", 1) for part in vector.split(" "))
    assert lexemes["'szkola'"].split(",")[0] == "1A"
    assert lexemes["'szkola'"].split(",")[1] == str(1 + 100 + 1)  # the body starts after the gap
    assert "'dobra'" in lexemes and words == ["dobra", "szkola"]
    assert quote("o'neil\\") == "'o''neil\\\\'"
    assert phrase(["dom", "dzieci"], [2]) == "('dom' <2> 'dzieci')"


def _row_digest(document_key):
    with db.engine.connect() as other:  # another connection: what every other machine sees
        return other.execute(text("SELECT digest FROM search_document WHERE key = :key"), {"key": document_key}).scalar()


@pytest.fixture
def committed_thread(app):
    """A thread committed on the postgres backend (these tests are its own)."""
    if backends.current().NAME != "postgres":
        pytest.skip("the postgres backend")
    thread = ff.make_thread(factories.make_user(), title="Wątek zapisany w transakcji")
    db.session.commit()
    return thread


def test_postgres_documents_commit_and_roll_back_with_the_change(committed_thread, outsider):
    thread = committed_thread
    assert _row_digest(key(thread)) is not None  # no queue, no step after the commit
    thread.title = "Tytuł wycofany"
    db.session.flush()
    db.session.rollback()
    assert found(outsider, "wycofany") == set()
    assert db.session.execute(text("SELECT count(*) FROM search_word WHERE word = 'wycofany'")).scalar() == 0
    assert found(outsider, "transakcji") == {key(thread)}


def test_a_rebuild_leaves_its_table_vacuumed_and_analysed(committed_thread, outsider):
    """A rebuild rewrites every row: it reclaims the old versions and refreshes the planner's
    statistics itself, rather than leaving that to autovacuum while searches are served."""
    sync.rebuild(procs=1)
    with db.engine.connect() as other:
        other.execute(text("SELECT pg_stat_clear_snapshot()"))
        vacuumed, analysed = other.execute(text(
            "SELECT last_vacuum, last_analyze FROM pg_stat_user_tables WHERE relname = 'search_document'")).one()
    assert vacuumed is not None and analysed is not None
    assert found(outsider, "transakcji") == {key(committed_thread)}


def test_a_change_flushed_after_the_search_write_is_written_too(committed_thread, outsider):
    """A later before_commit listener that changes something is not lost (written just after)."""
    from sqlalchemy import event
    from sqlalchemy.orm import Session

    thread = committed_thread

    def late_change(session):
        session.info.pop("late", None) and setattr(thread, "title", "Spóźniony tytuł")

    event.listen(Session, "before_commit", late_change)
    try:
        db.session.info["late"] = True
        db.session.commit()
    finally:
        event.remove(Session, "before_commit", late_change)
    assert found(outsider, "spóźniony") == {key(thread)}


@pytest.fixture
def common_word(app, monkeypatch):
    """On the postgres backend with tiny limits: an organisation named "Pomoc", six threads about
    it of different ages and four newer replies mentioning it."""
    if backends.current().NAME != "postgres":
        pytest.skip("the postgres backend")
    writer = factories.make_user()
    org = factories.make_org(name="Pomoc")
    threads = [ff.make_thread(writer, title=f"Pomoc przy sprawie {number}", body="Szczegóły w środku.")
               for number in range(6)]
    for age, thread in enumerate(threads, 1):
        thread.created_at = utcnow() - timedelta(days=10 * age)
    org.created_at = utcnow() - timedelta(days=100)
    replies = [ff.make_reply(threads[0], writer, f"Dziękuję za pomoc numer {number}.") for number in range(4)]
    db.session.commit()
    return {"org": org, "threads": threads, "replies": replies}


def test_a_very_common_word_is_counted_to_a_limit_and_ranks_its_newest_matches(common_word, outsider, client,
                                                                                   monkeypatch):
    org, threads, replies = common_word["org"], common_word["threads"], common_word["replies"]
    exact = search(outsider, "pomoc")
    assert (exact.counts, exact.capped, exact.more_than_total) == ({"org": 1, "thread": 6, "post": 4}, set(), False)
    assert found(outsider, "pomoc") == {key(org)} | {key(t) for t in threads} | {key(r) for r in replies}

    monkeypatch.setattr(querying, "COUNT_LIMIT", 3)
    monkeypatch.setattr(querying, "NEWEST", 5)
    capped = search(outsider, "pomoc")
    assert (capped.counts, capped.capped, capped.total, capped.more_than_total) == (
        {"org": 1, "thread": 3, "post": 3}, {"thread", "post"}, 7, True)
    ranked = [key(hit.obj) for hit in capped.hits]
    # The exact name first, then the newest thread (a title match), then replies; older threads
    # beyond the five newest matches are not listed (the organisation is counted in full).
    assert ranked[:2] == [key(org), key(threads[0])]
    assert set(ranked) == {key(org), key(threads[0])} | {key(r) for r in replies}
    assert {key(hit.obj) for hit in search(outsider, "pomoc", kind="thread").hits} == {key(t) for t in threads[:5]}
    one_kind = search(outsider, "pomoc", kind="org")
    assert (one_kind.total, one_kind.more_than_total, [key(hit.obj) for hit in one_kind.hits]) == (1, False, [key(org)])

    page = client.get("/search?q=pomoc&lang=en").get_data(as_text=True)
    assert "More than 7 results for “pomoc”" in page
    assert "(more than 3)" in page and "(more than 7)" in page and "(1)" in page
