"""The compact loader of the Polish stemming table gives exactly pystempel's own stems."""
import importlib.resources

import pytest

from app.search.stempel import TABLE, PolishStemmer

# Inflected forms of the platform's vocabulary, with diacritics, short words and odd letters.
WORDS = """imigranci imigrantów imigrantami imigrantkom spotkanie spotkania spotkań spotkaniami mieszkania
mieszkanie mieszkaniach współpraca współpracy współpracę organizacji organizacjami fundacja fundacji
stowarzyszenie stowarzyszeń uchodźców uchodźcy cudzoziemców cudzoziemcami powiatu powiatowe gminy gmin
kursy kursów języka językowych polskiego zatrudnienia pracodawców pracodawcami szkoleniach warsztaty
legalizacja pobytu zezwolenia rodzin rodzinami dzieci dziećmi szkoła szkołach zdrowia zdrowotne łódź
żółć źdźbło ćma xyz qwerty abc""".split()


@pytest.fixture(scope="module")
def original():
    """pystempel's own loader (slow: about 4–8 s)."""
    from pystempel import Stemmer

    return Stemmer.from_file(str(importlib.resources.files(TABLE[0]) / TABLE[1]))


def test_the_compact_table_stems_every_word_as_pystempel_does(original):
    compact = PolishStemmer()
    assert [compact(word) for word in WORDS] == [original(word) for word in WORDS]
    assert compact("imigrantów") == compact("imigranci")  # the point of stemming, for the reader
