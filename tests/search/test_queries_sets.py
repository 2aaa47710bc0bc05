"""Search works out matches as sets of document numbers (queries._docs, segments.phrase_docs)
instead of Whoosh's per-document matchers: both must find exactly the same documents."""
import pytest
from whoosh.query import And, AndMaybe, AndNot, Or, Phrase, Term

from app.search import queries
from app.search.whoosh import index, querying, ranking, scope, segments

TEXTS = [
    "karta pobytu czasowego dla rodziny",
    "karta pobytu karta pobytu, o karcie pobytu",
    "karta stałego pobytu",  # the words apart: no phrase with slop 1
    "pobytu karta",  # the wrong order
    "karta karta pobytu pobytu",  # repeated words
    "wniosek o kartę pobytu złożony",
    "kurs języka polskiego dla dorosłych",
    "kurs polskiego języka",
    "kurs języka i polskiego",
    "pomoc prawna i psychologiczna",
    "pomoc prawna i psychologiczna",  # the same text: the newer one ranks first
    "pomoc w sprawie karty pobytu",
    "nic wspólnego",
]


@pytest.fixture
def searcher(tmp_path):
    ix = index.create_index(str(tmp_path / "ix"))
    writer = ix.writer()
    for number, text in enumerate(TEXTS):
        # Two commits: the documents are spread over two segments, as in a live index.
        # Titles hold the words too, apart ("pobytu ... karta") in every other document.
        title = "Karta pobytu" if number % 2 else "Pobytu nie ma, karta jest"
        writer.add_document(key=f"post:{number}", kind="post", title=title, body=text, visibility=["public"],
                            date=number)
        if number == 5:
            writer.commit()
            writer = ix.writer()
    writer.delete_by_term("key", "post:4")  # deleted documents must not count
    writer.commit()
    with ix.searcher(weighting=ranking.NewerFirst()) as opened:
        yield opened
    ix.close()


def _by_sets(searcher, query) -> set[int]:
    found = set()
    for sub, offset in searcher.subsearchers or [(searcher, 0)]:
        leaf = sub.reader()
        found |= {offset + d for d in scope.docs_of(query, sub, leaf) - segments.deleted(leaf)}
    return found


def _forms(word):
    return queries.parse(word).words[0][1]


QUERIES = {
    "one word": lambda: querying._word_query(_forms("pobytu")),
    "two words": lambda: And([querying._word_query(_forms("kurs")), querying._word_query(_forms("polskiego"))]),
    "a word but not another": lambda: AndNot(querying._word_query(_forms("karta")), querying._word_query(_forms("stałego"))),
    "either word": lambda: Or([Term("body", "prawna"), Term("body", "dorosłych")]),
    "an optional name": lambda: AndMaybe(Term("body", "kurs"), Term("name", "kurs")),
    "phrase": lambda: Phrase("body", ["karta", "pobytu"], slop=1),
    "phrase, slop 2": lambda: Phrase("body", ["karta", "pobytu"], slop=2),
    "three words": lambda: Phrase("body", ["kurs", "jezyka", "polskiego"], slop=1),
    "three words, slop 2": lambda: Phrase("body", ["kurs", "jezyka", "polskiego"], slop=2),
    "phrase with an unknown word": lambda: Phrase("body", ["karta", "nieznane"], slop=1),
    "parsed query": lambda: querying.to_whoosh(queries.parse('"karta pobytu" -czasowego pomoc'), ""),
}


@pytest.mark.parametrize("name", QUERIES)
def test_sets_find_what_whoosh_finds(searcher, name):
    query = QUERIES[name]()
    expected = set(searcher.docs_for_query(query))
    assert _by_sets(searcher, query) == expected


def test_the_phrase_cases_are_told_apart(searcher):
    keys = {searcher.stored_fields(d)["key"] for d in _by_sets(searcher, Phrase("body", ["karta", "pobytu"], slop=1))}
    # "kartę pobytu" is found (a form of "karta"); not "stałego" between, the wrong order, the deleted one.
    assert keys == {"post:0", "post:1", "post:5"}


RANKED = {
    "phrase in two fields": lambda: querying.to_whoosh(queries.parse('"karta pobytu"'), '"karta pobytu"'),
    "phrase and a word": lambda: querying.to_whoosh(queries.parse('"kurs języka" polskiego'), ""),
    "three words, slop 2": lambda: Or([Phrase("title", ["kurs", "jezyka", "polskiego"], slop=2),
                                       Phrase("body", ["kurs", "jezyka", "polskiego"], slop=2)]),
    "excluded phrase": lambda: querying.to_whoosh(queries.parse('karta -"stałego pobytu"'), ""),
}


@pytest.mark.parametrize("name", RANKED)
def test_known_phrases_rank_as_whoosh_ranks_them(searcher, name):
    query = QUERIES.get(name, RANKED[name])()
    expected = [(hit.docnum, round(hit.score, 9)) for hit in searcher.search(query, limit=None, terms=False)]
    phrases, allowed = {}, set()
    for sub, offset in searcher.subsearchers or [(searcher, 0)]:
        leaf = sub.reader()
        allowed |= {offset + d for d in scope.docs_of(query, sub, leaf, phrases) - segments.deleted(leaf)}
    ranked = searcher.search(scope.ranking_query(query, phrases), limit=None, filter=allowed, terms=False)
    assert [(hit.docnum, round(hit.score, 9)) for hit in ranked] == expected and expected


BULK = {
    **RANKED,
    "a word with forms": lambda: querying.to_whoosh(queries.parse("kartą"), "kartą"),
    "two words with forms": lambda: querying.to_whoosh(queries.parse("pomocy prawnej"), "pomocy prawnej"),
    "a word and a phrase": lambda: querying.to_whoosh(queries.parse('pomoc "karty pobytu"'), ""),
}


@pytest.mark.parametrize("name", BULK)
@pytest.mark.parametrize("limit", [1, 3, 100])
def test_bulk_scoring_ranks_as_whoosh_ranks(searcher, name, limit):
    query = BULK[name]()
    phrases, allowed = {}, []
    for sub, offset in searcher.subsearchers or [(searcher, 0)]:
        leaf = sub.reader()
        allowed.append((scope.docs_of(query, sub, leaf, phrases) - segments.deleted(leaf), leaf, offset))
    ranked = scope.ranking_query(query, phrases)
    everything = {offset + d for found, _leaf, offset in allowed for d in found}
    expected = [hit.docnum for hit in searcher.search(ranked, limit=limit, filter=everything, terms=False)]
    a_scope = type("Scope", (), {"path": "test"})()
    assert ranking.best_in_bulk(searcher, ranked, a_scope, allowed, limit) == expected
    assert expected


def test_dates_are_read_whole_from_the_column_as_whoosh_reads_them(tmp_path):
    ix = index.create_index(str(tmp_path / "ix"))
    writer = ix.writer()
    moments = [1_700_000_000, 0, 4_102_444_800, 86_400]  # 0: no date; 4,102,444,800: the year 2100
    for number, moment in enumerate(moments):
        writer.add_document(key=f"post:{number}", kind="post", title="t", body="b", visibility=["public"], date=moment)
    writer.add_document(key="post:9", kind="post", title="t", body="b", visibility=["public"])  # after the last date
    writer.commit()
    with ix.searcher() as searcher:
        leaf = searcher.reader()
        assert list(segments.dates(str(tmp_path / "ix"), leaf)) == moments + [0]
        assert list(segments.dates(str(tmp_path / "ix"), leaf)) == list(leaf.column_reader("date"))
    ix.close()
