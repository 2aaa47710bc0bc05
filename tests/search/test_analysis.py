"""The analysis chain (indexing and querying alike): Polish, English, Ukrainian, names across scripts.

Each case indexes one text in a real Whoosh index (in memory, the app's schema) and searches it
with the query as a user would type it, through the same parser and query builder as /search.
"""
import pytest
from whoosh.filedb.filestore import RamStorage

from app.search import analysis, queries
from app.search.whoosh import querying
from app.search.whoosh.index import SCHEMA


def finds(query: str, text: str, title: str = "") -> bool:
    """Does query find a document whose body is text?"""
    ix = RamStorage().create_index(SCHEMA)
    with ix.writer() as writer:
        writer.add_document(key="thread:1", kind="thread", digest="", title=title, body=text,
                            visibility="public", date=0)
    parsed = queries.parse(queries.clean_query(query)[0])
    with ix.searcher() as searcher:
        return len(searcher.search(querying.to_whoosh(parsed, query), limit=1)) == 1


# (query, text that it must find)
POLISH = [
    ("wspolpraca", "Współpraca z urzędem gminy"),
    ("Lodz", "Spotkanie sieci odbędzie się w mieście Łódź"),
    ("imigranci", "Pomoc dla imigrantów z Ukrainy"),
    ("imigranci", "Rozmawiamy z imigrantami o pracy"),
    ("spotkanie", "Notatka ze spotkania w Tarnowie"),
    ("spotkanie", "Kalendarz spotkań na wrzesień"),
    ("mieszkania", "Szukamy mieszkanie dla rodziny"),
    ("WSPÓŁPRACA", "współpraca"),
    ("zrodla finansowania", "Źródła finansowania projektów"),
    ("ulgi", "ulga podatkowa"),
]
ENGLISH = [
    ("integrating", "Integration of newcomers"),
    ("workshops", "A workshop for volunteers"),
    ("housing", "Houses for refugee families"),
    ("volunteers", "We are volunteering every Saturday"),
]
UKRAINIAN = [
    ("допомога", "Юридична допомога для біженців"),
    ("біженці", "Юридична допомога для біженців"),
    ("житло", "Шукаємо житла для родин"),
    ("Kharkiv", "Родини з Харків шукають житло"),
    ("Zaporizhzhia", "Волонтери із Запоріжжя"),
    ("zaporizhzhia", "Запоріжжя"),
    ("Харків", "Kharkiv"),
]
CITIES = [("Charków", "Kharkiv", "Харків"), ("Lwów", "Lviv", "Львів"), ("Kijów", "Kyiv", "Київ"),
          ("Mińsk", "Minsk", "Мінск")]


@pytest.mark.parametrize("query, text", POLISH, ids=[f"{q}→{t}" for q, t in POLISH])
def test_polish_diacritics_and_inflection_find_each_other(query, text):
    assert finds(query, text)


@pytest.mark.parametrize("query, text", ENGLISH, ids=[f"{q}→{t}" for q, t in ENGLISH])
def test_english_words_are_stemmed(query, text):
    assert finds(query, text)


@pytest.mark.parametrize("query, text", UKRAINIAN, ids=[f"{q}→{t}" for q, t in UKRAINIAN])
def test_ukrainian_cyrillic_is_found_and_romanised(query, text):
    assert finds(query, text)


@pytest.mark.parametrize("names", CITIES, ids=[n[0] for n in CITIES])
def test_city_names_in_polish_english_and_cyrillic_find_each_other(names):
    for query in names:
        for written in names:
            assert finds(query, f"Spotkanie dla rodzin z miasta {written}"), (query, written)


@pytest.mark.parametrize("query, text", [
    ("w Charkowie", "Kharkiv"),
    ("Lwowa", "Львів"),
    ("Kyiv", "Pomoc dla osób z Kijowa"),
])
def test_inflected_polish_city_names_find_the_city(query, text):
    assert finds(query, text)


@pytest.mark.parametrize("query, text", [
    ("Charków", "Lviv"),
    ("Lwów", "Київ"),
    ("Minsk", "Mińsk Mazowiecki"[:0] + "Kraków"),
    ("imigranci", "emigracja zarobkowa"),
    ("mieszkania", "spotkania"),
    ("housing", "hospital"),
    ("Kharkiv", "Херсон"),
    ("wspolpraca", "praca"),
])
def test_different_words_do_not_find_each_other(query, text):
    assert not finds(query, text)


def test_all_words_are_required_by_default():
    assert finds("mieszkanie Tarnów", "Mieszkanie w Tarnowie dla rodziny")
    assert not finds("mieszkanie Tarnów", "Mieszkanie w Krakowie dla rodziny")


def test_a_minus_excludes_a_word_and_a_phrase():
    assert finds("mieszkanie -Kraków", "Mieszkanie w Tarnowie")
    assert not finds("mieszkanie -Kraków", "Mieszkanie w Krakowie")
    assert not finds('mieszkanie -"w Krakowie"', "Mieszkanie w Krakowie")
    assert finds('mieszkanie -"w Krakowie"', "Mieszkanie w Tarnowie, nie Kraków")


def test_a_phrase_in_quotes_needs_the_words_next_to_each_other_in_order():
    text = "Bezpłatny kurs języka polskiego dla dorosłych, w języku ukraińskim"
    assert finds('"kurs języka polskiego"', text)
    assert finds('"kurs jezyka polskiego"', text)  # folded like single words
    assert not finds('"polskiego kurs"', text)
    assert not finds('"kurs dorosłych"', text)
    assert finds("kurs dorosłych", text)


def test_a_phrase_skips_the_stop_words_it_contains():
    assert finds('"pomoc dla rodzin"', "Pomoc dla rodzin z Ukrainy")
    assert not finds('"pomoc dla rodzin"', "Pomoc prawna, a dla rodzin obiady")


def test_a_title_is_searched_like_the_body():
    assert finds("współpraca", "", title="Współpraca z pracodawcami")


def test_one_chain_indexes_and_queries():
    """The folded form comes first (phrases match on it), Cyrillic is romanised beside the original."""
    assert analysis.word_forms("współpraca")[0] == "wspolpraca"
    assert analysis.word_forms("łódź")[0] == "lodz"
    assert analysis.word_forms("харків")[0] == "kharkiv"
    assert "харків" in analysis.word_forms("харків")
    assert analysis.word_forms("запоріжжя")[0] == "zaporizhzhia"
    assert analysis.word_forms("i") == ()  # a stop word
    assert [w for *_rest, w in analysis.words("Dom, 'dom' i DOM")] == ["dom", "dom", "i", "dom"]
