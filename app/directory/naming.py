"""Names of organisations: the key that tells duplicates apart and the Polish sorting key.

Both are plain ASCII strings computed in Python, so that uniqueness and ORDER BY behave the
same on SQLite and PostgreSQL whatever the database's own collation.
"""
import re
import unicodedata

from app.translit import fold_to_ascii, romanize

# Letters of the Polish alphabet that sort after their base letter ("Ł" after "L", "Ż" after "Ź").
# "~" sorts after every letter, digit and space in ASCII, so "l~" comes after any "l…" word.
_POLISH_LETTERS = {
    "ą": "a~", "ć": "c~", "ę": "e~", "ł": "l~", "ń": "n~", "ó": "o~", "ś": "s~", "ź": "z~", "ż": "z~~",
}
_NOT_WORD = re.compile(r"[^a-z0-9~]+")
SORT_KEY_LENGTH = 400


def name_key(name: str) -> str:
    """Lower-case ASCII words of a name: "Fundacja „Łączy”" and "fundacja laczy" give the same key."""
    return " ".join(_NOT_WORD.sub(" ", fold_to_ascii(name or "").lower()).split())


def _fold_non_polish(ch: str) -> str:
    """A character without its diacritics (é → e), except the Polish letters kept for sorting."""
    if ch in _POLISH_LETTERS:
        return _POLISH_LETTERS[ch]
    decomposed = unicodedata.normalize("NFKD", ch)
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def polish_sort_key(name: str) -> str:
    """A key whose byte order is the Polish alphabetical order of name.

    Letters with Polish diacritics follow their base letter (a < ą < b, l < ł < m, z < ź < ż);
    Cyrillic names are romanised first; punctuation and quotes are ignored, case too.
    """
    text = romanize(name or "").lower().replace("~", " ")
    folded = "".join(_fold_non_polish(ch) for ch in text)
    return " ".join(_NOT_WORD.sub(" ", folded).split())[:SORT_KEY_LENGTH]


def search_key(*texts) -> str:
    """Folded, lower-case text for diacritics-insensitive matching of the directory's q filter."""
    return " ".join(name_key(t) for t in texts if t)
