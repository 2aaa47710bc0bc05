"""Checks of the demo network's wording shared by the tests/*/test_demo*.py files."""
import re

from app import taxonomy
from app.forums.demo_text import SEATS_UK

CYRILLIC = re.compile("[\u0400-\u04ff]")
# A word with a lower-case Latin letter (acronyms like PESEL, FAMI or BHP are the same in Ukrainian).
LATIN_WORD = re.compile(r"(?<![\w@/.-])[A-Za-zÀ-žąćęłńóśźżĄĆĘŁŃÓŚŹŻ]*[a-zà-žąćęłńóśźż][A-Za-zà-žąćęłńóśźż]*")
MENTION = re.compile(r"@[\w-]+")


def ukrainian_lines(text: str) -> list[str]:
    """The lines of text written in Ukrainian (with Cyrillic), without @mentions."""
    return [MENTION.sub("", line) for line in text.splitlines() if CYRILLIC.search(line)]


def polish_words_in_ukrainian(text: str) -> list[str]:
    """Latin words in the Ukrainian lines of text: a place named in Polish ("у Kraków"), or any
    other Polish left in Ukrainian text."""
    return [word for line in ukrainian_lines(text) for word in LATIN_WORD.findall(line)]


_NOMINATIVE_AFTER_IN = re.compile(
    r"(?<!\w)[уУвВ] (" + "|".join(re.escape(nominative) for nominative, locative in SEATS_UK.values()
                                  if nominative != locative) + r")(?!\w)")


def undeclined_ukrainian_places(text: str) -> list[str]:
    """Ukrainian place names left in the nominative after "у"/"в" ("у Краків" for "у Кракові")."""
    return [match.group(0) for line in ukrainian_lines(text) for match in _NOMINATIVE_AFTER_IN.finditer(line)]


def polish_seats() -> set[str]:
    return {county["seat"] for county in taxonomy.items("counties")}
