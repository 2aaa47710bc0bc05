"""Transliteration to Latin letters: URL slugs and cross-script search.

Ukrainian follows the national romanisation (Cabinet of Ministers resolution no. 55 of
27 January 2010), which gives "Kharkiv", "Zaporizhzhia", "Kyiv"; Russian and Belarusian
letters that Ukrainian lacks use the closest equivalents.
"""
import re
import unicodedata

_UK = {
    "а": "a", "б": "b", "в": "v", "г": "h", "ґ": "g", "д": "d", "е": "e", "є": "ie",
    "ж": "zh", "з": "z", "и": "y", "і": "i", "ї": "i", "й": "i", "к": "k", "л": "l",
    "м": "m", "н": "n", "о": "o", "п": "p", "р": "r", "с": "s", "т": "t", "у": "u",
    "ф": "f", "х": "kh", "ц": "ts", "ч": "ch", "ш": "sh", "щ": "shch", "ь": "", "ю": "iu",
    "я": "ia", "'": "", "’": "", "ʼ": "",
    # Russian and Belarusian letters
    "ы": "y", "э": "e", "ё": "io", "ъ": "", "ў": "u",
}
# At the start of a word these letters take their "y" form (Yenakiieve, Yizhakevych, Yosypivka).
_UK_INITIAL = {"є": "ye", "ї": "yi", "й": "y", "ю": "yu", "я": "ya"}
_POLISH = str.maketrans({"ł": "l", "Ł": "L"})
_NON_SLUG = re.compile(r"[^a-z0-9]+")


def _romanize_word(word: str) -> str:
    out = []
    lower = word.lower()
    for i, ch in enumerate(lower):
        if i == 0 and ch in _UK_INITIAL:
            latin = _UK_INITIAL[ch]
        elif ch == "г" and i > 0 and lower[i - 1] == "з":
            latin = "gh"  # зг is written zgh to tell it from ж (Zghurivka)
        else:
            latin = _UK.get(ch, ch)
        if word[i].isupper() and latin:
            latin = latin[0].upper() + latin[1:]
        out.append(latin)
    return "".join(out)


def has_cyrillic(text: str) -> bool:
    return any("\u0400" <= ch <= "\u04ff" for ch in text)


def romanize(text: str) -> str:
    """Cyrillic words in text written in Latin letters; other characters unchanged."""
    if not has_cyrillic(text):
        return text
    return re.sub(r"[\u0400-\u04ff'’ʼ]+", lambda m: _romanize_word(m.group(0)), text)


def fold_to_ascii(text: str) -> str:
    """Latin letters without diacritics (ł → l as well), Cyrillic romanised."""
    text = romanize(text).translate(_POLISH)
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


def slugify(text: str, max_length: int = 80) -> str:
    """A URL slug: lower-case ASCII words joined by hyphens ("Fundacja Łączy" → "fundacja-laczy")."""
    ascii_text = fold_to_ascii(text).lower()
    slug = _NON_SLUG.sub("-", ascii_text).strip("-")
    return slug[:max_length].rstrip("-")
