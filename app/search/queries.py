"""Searching, the shared part: the query language, the results page, snippets and "did you mean"'s
spelling. Matching, counting, ranking and candidate corrections happen in the backend in use
(search/backends.py: search/whoosh/ or search/postgres/), reached once per search.

The query language is deliberately small and parsed here, once, for every backend (Whoosh's own
parser crashes on some shapes): words (all required), "exact phrases", -word and -"phrase" to
exclude. Everything else a user may type is just text: brackets, *, SQL; the operators
AND/OR/NOT and field prefixes ("title:") of other engines are dropped.
"""
import re
import unicodedata
from dataclasses import dataclass, field

from markupsafe import Markup, escape

from app.extensions import db
from app.pagination import PageNumbers
from app.search import backends, documents
from app.search.analysis import fold, word_forms, words
from app.search.scope import Filters, viewer_visibility

MAX_QUERY_LENGTH = 200
MAX_QUERY_PARTS = 12
PER_PAGE = 20
MAX_PAGE = 50  # deeper pages are not offered: refine the query instead
SNIPPET_WORDS = 30
_PART = re.compile(r'(-?)"([^"]*)"?|(-?)([^\s"]+)')
# What users type from other search engines' syntax: taken as no word at all.
OPERATORS = frozenset(("AND", "OR", "NOT", "&&", "||", "+", "|", "&"))
_FIELD_PREFIX = re.compile(r"^[A-Za-z_]+:(?!//)")
# Control characters, NUL, bidirectional overrides and other invisible formatting characters.
_INVISIBLE = {"Cc", "Cf", "Co", "Cs"}


# --- the query ------------------------------------------------------------------------------
def clean_query(raw: str | None) -> tuple[str, bool]:
    """(query without invisible characters, whitespace collapsed and cut to the limit, cut?)."""
    raw = (raw or "").lstrip()[:20 * MAX_QUERY_LENGTH]
    text = "".join(" " if unicodedata.category(ch) in _INVISIBLE else ch for ch in raw)
    text = " ".join(text.split())
    if len(text) > MAX_QUERY_LENGTH:
        return text[:MAX_QUERY_LENGTH].rsplit(" ", 1)[0] or text[:MAX_QUERY_LENGTH], True
    return text, False


@dataclass
class ParsedQuery:
    words: list = field(default_factory=list)  # [(word as typed, forms)] required
    phrases: list = field(default_factory=list)  # [(folded words, slop)] required
    excluded: list = field(default_factory=list)  # [("word", forms)] or [("phrase", folded words, slop)]
    truncated: bool = False  # more parts than MAX_QUERY_PARTS
    text: str = ""  # the query as typed (cleaned)
    # {tuple(folded words): [positions from each word to the next]} of every phrase, as typed
    # ("dom dla dzieci": [2]): backends that match exact distances (PostgreSQL's <N>) use them.
    gaps: dict = field(default_factory=dict)

    @property
    def name(self) -> str:
        """The whole query folded word by word: an organisation whose name it is comes first."""
        return " ".join(fold(w) for _p, _s, _e, w in words(self.text.replace('"', " ")))

    @property
    def is_empty(self) -> bool:
        return not (self.words or self.phrases)

    def highlight_forms(self) -> set[str]:
        found = {form for _word, forms in self.words for form in forms}
        found.update(w for folded, _slop in self.phrases for w in folded)
        return found


def _phrase(text: str, parsed: ParsedQuery):
    """(folded words, slop) of a phrase; stop words inside it leave gaps that slop allows."""
    kept = [(position, word_forms(word)[0]) for position, _s, _e, word in words(text) if word_forms(word)]
    if not kept:
        return None
    gaps = [b[0] - a[0] for a, b in zip(kept, kept[1:])]
    folded = [w for _p, w in kept]
    parsed.gaps[tuple(folded)] = gaps
    return folded, max(gaps, default=1)


def parse(text: str) -> ParsedQuery:
    parsed = ParsedQuery(text=text)
    parts = 0
    for match in _PART.finditer(text):
        quoted_minus, phrase, minus, plain = match.groups()
        parts += 1
        if parts > MAX_QUERY_PARTS:
            parsed.truncated = True
            break
        if phrase is not None:
            found = _phrase(phrase, parsed)
            if found and quoted_minus:
                parsed.excluded.append(("phrase", *found))
            elif found:
                parsed.phrases.append(found)
            continue
        if plain in OPERATORS:
            continue  # all words are required anyway; "-word" excludes
        plain = _FIELD_PREFIX.sub("", plain)  # "title:kurs" searches for "kurs" everywhere
        for _p, _s, _e, word in words(plain):
            forms = word_forms(word)
            if not forms:
                continue
            if minus:
                parsed.excluded.append(("word", forms))
            else:
                parsed.words.append((word, forms))
    return parsed


# --- searching ------------------------------------------------------------------------------
@dataclass
class Hit:
    kind: documents.Kind
    obj: object
    url: str
    title: Markup
    snippet: Markup
    organisation: object
    counties: list
    date: object


@dataclass
class Outcome(PageNumbers):
    state: str = "ok"  # ok, rebuilding, missing
    query: str = ""
    hits: list = field(default_factory=list)
    total: int = 0  # matches of the chosen kind (or of all kinds)
    counts: dict = field(default_factory=dict)  # {kind name: matches} with the other filters
    capped: set = field(default_factory=set)  # kinds with more matches than their count ("more than")
    more_than_total: bool = False  # the total is a lower bound: a kind in view is capped
    page: int = 1
    pages: int = 0
    suggestion: str | None = None
    empty_query: bool = False  # nothing to search for: no query, or no words in it ("(((", "*")
    truncated: bool = False  # the query had more than MAX_QUERY_PARTS parts: the first ones were used
    failed: bool = False  # the backend failed even on the plain-terms query

    @property
    def has_prev(self):
        return self.page > 1

    @property
    def has_next(self):
        return self.page < self.pages

    @property
    def prev_num(self):
        return self.page - 1

    @property
    def next_num(self):
        return self.page + 1


def search(user, text: str, filters: Filters, page: int = 1) -> Outcome:
    """Results of text for user on page, every one visible to user; never raises on odd input."""
    backend = backends.current()
    outcome = Outcome(state=backend.state(), query=text)
    parsed = parse(text)
    outcome.truncated = parsed.truncated
    if outcome.state != "ok":
        return outcome
    if parsed.is_empty:
        outcome.empty_query = True
        return outcome
    request = backends.Request(grants=viewer_visibility(user), parsed=parsed, filters=filters, page=page,
                               per_page=PER_PAGE, max_page=MAX_PAGE, spelt=lambda found, folded: _spelt(user, found, folded))
    answer = backend.find(request)
    outcome.state, outcome.failed = answer.state, answer.failed
    outcome.counts, outcome.total, outcome.pages, outcome.page = answer.counts, answer.total, answer.pages, answer.page
    outcome.capped = answer.capped
    outcome.more_than_total = bool(answer.capped & {filters.kind} if filters.kind else answer.capped)
    if answer.keys:
        outcome.hits = _visible_hits(user, answer.keys, parsed, backend)
    if answer.correction:
        typed, spelt = answer.correction
        outcome.suggestion = re.sub(rf"(?<!\w){re.escape(typed)}(?!\w)", spelt, text, count=1, flags=re.IGNORECASE)
    return outcome


def _visible_hits(user, found, parsed, backend) -> list[Hit]:
    """The page's hits loaded from the database and re-checked with the permission policy."""
    registry = documents.kinds()
    wanted: dict[str, list[int]] = {}
    for name, key in found:
        if name in registry:
            wanted.setdefault(name, []).append(int(key.partition(":")[2]))
    loaded = {name: documents.load(db.session, registry[name], ids) for name, ids in wanted.items()}
    forms = parsed.highlight_forms()
    hits, stale = [], []
    for name, key in found:
        kind = registry.get(name)
        obj = loaded.get(name, {}).get(int(key.partition(":")[2])) if kind else None
        if obj is None or not kind.can_view(user, obj):
            stale.append(key)  # the index lags behind the database: never show it, refresh it
            continue
        info = kind.summary(obj)
        hits.append(Hit(kind=kind, obj=obj, url=kind.url(obj), title=highlight(info["title"] or "", forms),
                        snippet=snippet(info["text"], forms), organisation=info["organisation"],
                        counties=info["counties"], date=info["date"]))
    if stale:
        backend.refresh(stale)
    return hits


def _spelt(user, found, folded) -> str | None:
    """The word whose folded form is folded, as one of found [(kind name, key)] that user may see
    writes it: "did you mean" never offers a word only a private document holds, and spells it
    as the document does."""
    registry = documents.kinds()
    for name, key in found:
        kind = registry.get(name)
        obj_id = int(key.partition(":")[2])
        obj = documents.load(db.session, kind, [obj_id]).get(obj_id) if kind else None
        if obj is None or not kind.can_view(user, obj):
            continue
        info = kind.summary(obj)
        for _p, _s, _e, word in words(f"{info['title']} {info['text']}"):
            if word_forms(word) and word_forms(word)[0] == folded:
                return word
    return None


def distance(a: str, b: str) -> int:
    """Levenshtein distance of a and b (the candidates of "did you mean")."""
    previous = list(range(len(b) + 1))
    for i, ca in enumerate(a, 1):
        current = [i]
        for j, cb in enumerate(b, 1):
            current.append(min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (ca != cb)))
        previous = current
    return previous[-1]


# --- snippets -------------------------------------------------------------------------------
def _matches(text: str, forms: set[str]) -> list[tuple[int, int]]:
    return [(start, end) for _p, start, end, word in words(text) if forms.intersection(word_forms(word))]


def _marked(text: str, spans) -> Markup:
    out, last = [], 0
    for start, end in spans:
        out += [escape(text[last:start]), Markup("<mark>"), escape(text[start:end]), Markup("</mark>")]
        last = end
    out.append(escape(text[last:]))
    return Markup("").join(out)


def highlight(text: str, forms: set[str]) -> Markup:
    """text, HTML-escaped, with the words that match the query in <mark>."""
    return _marked(text, _matches(text, forms))


def snippet(text: str | None, forms: set[str], limit_chars: int = 20_000) -> Markup:
    """About SNIPPET_WORDS words of text around the densest run of matches, highlighted."""
    text = (text or "")[:limit_chars]
    spans = list(words(text))
    if not spans:
        return Markup("")
    hits = [i for i, (_p, _s, _e, word) in enumerate(spans) if forms.intersection(word_forms(word))]
    marked = set(hits)
    first = 0
    if hits:
        best = max(hits, key=lambda i: sum(1 for j in hits if i <= j < i + SNIPPET_WORDS))
        first = max(0, best - 5)
    last = min(len(spans), first + SNIPPET_WORDS) - 1
    start, end = spans[first][1] if first else 0, spans[last][2]
    piece = text[start:end]
    inner = [(s - start, e - start) for i, (_p, s, e, _w) in enumerate(spans[first:last + 1], first) if i in marked]
    prefix = "… " if start else ""
    suffix = " …" if end < len(text) else ""
    return escape(prefix) + _marked(piece, inner) + escape(suffix)
