"""The app's own analysis written in PostgreSQL's text-search types.

PostgreSQL has no Polish or Ukrainian configuration, so every form analysis.py gives a word
(folded, stems, lemmas, Latin/Cyrillic) is written as a lexeme at the word's position, and
cast with ::tsvector / ::tsquery (no dictionary runs again: the 'simple' input as given).
Title positions come first (weight A), then the body's (weight D) after a gap wider than any
phrase, so that a phrase never matches across the two, as Whoosh's two fields never do.
"""
from app.search.analysis import analyze

MAX_POSITION = 16383  # PostgreSQL's largest position; larger ones would be set to it
MAX_POSITIONS_PER_LEXEME = 256  # PostgreSQL keeps no more
FIELD_GAP = 100  # positions between the title's last word and the body's first


def quote(lexeme: str) -> str:
    """A lexeme as tsvector/tsquery input: quoted, quotes doubled, backslashes escaped."""
    return "'" + lexeme.replace("\\", "\\\\").replace("'", "''") + "'"


def vector_text(title: str, body: str) -> tuple[str, list[str]]:
    """(tsvector input of title and body, the folded words met): "'lexeme':1A,7A 'other':120 …"."""
    positions: dict[str, list[str]] = {}
    folded_words = set()
    last = 0
    for field, weight, offset in (("title", "A", 1), ("body", "", None)):
        if offset is None:
            offset = last + FIELD_GAP
        for position, _start, _end, forms in analyze(title if field == "title" else body):
            at = min(offset + position, MAX_POSITION)
            last = max(last, at)
            folded_words.add(forms[0])
            for form in forms:
                found = positions.setdefault(form, [])
                if len(found) < MAX_POSITIONS_PER_LEXEME:
                    found.append(f"{at}{weight}")
    text = " ".join(f"{quote(lexeme)}:{','.join(at)}" for lexeme, at in positions.items())
    return text, sorted(folded_words)


# --- queries --------------------------------------------------------------------------------
def any_form(forms) -> str:
    """tsquery input matching any of a word's forms."""
    return "(" + " | ".join(quote(form) for form in forms) + ")"


def phrase(folded: list[str], gaps: list[int] | None) -> str:
    """tsquery input of a phrase: its folded words at the distances typed (<N>), stop words
    leaving their gaps ("dom dla dzieci": 'dom' <2> 'dzieci')."""
    if len(folded) == 1:
        return quote(folded[0])
    gaps = gaps if gaps and len(gaps) == len(folded) - 1 else [1] * (len(folded) - 1)
    out = quote(folded[0])
    for word, gap in zip(folded[1:], gaps):
        out += f" <{gap}> {quote(word)}"
    return "(" + out + ")"


def query_text(parsed) -> str | None:
    """tsquery input of a parsed query (queries.ParsedQuery): all words and phrases, none of the
    excluded; None when nothing is required."""
    required = [any_form(forms) for _word, forms in parsed.words]
    required += [phrase(folded, parsed.gaps.get(tuple(folded))) for folded, _slop in parsed.phrases]
    if not required:
        return None
    excluded = [any_form(e[1]) if e[0] == "word" else phrase(e[1], parsed.gaps.get(tuple(e[1])))
                for e in parsed.excluded]
    return " & ".join(required + [f"!{part}" for part in excluded])
