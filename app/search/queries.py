"""Searching: the query language, the search itself, snippets, "did you mean" (what a viewer
may find is in scope.py, the ranking in ranking.py).

The query language is deliberately small and parsed here, not by Whoosh's parser (which
crashes on some shapes): words (all required), "exact phrases", -word and -"phrase" to
exclude. Everything else a user may type is just text: brackets, *, SQL; the operators
AND/OR/NOT and field prefixes ("title:") of other engines are dropped.
"""
import re
import unicodedata
from dataclasses import dataclass, field

from markupsafe import Markup, escape
from whoosh.query import And, AndMaybe, AndNot, NullQuery, Or, Phrase, Term

from app.extensions import db
from app.pagination import PageNumbers
from app.search import documents, index, reader
from app.search.ranking import NewerFirst, best_in_bulk
from app.search.scope import Filters, Scope, ranking_query
from app.search.analysis import fold, word_forms, words

MAX_QUERY_LENGTH = 200
MAX_QUERY_PARTS = 12
PER_PAGE = 20
MAX_PAGE = 50  # deeper pages are not offered: refine the query instead
SNIPPET_WORDS = 30
FIELDS = ("title", "body")
NAME_BOOST = 20.0
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

    @property
    def is_empty(self) -> bool:
        return not (self.words or self.phrases)

    def highlight_forms(self) -> set[str]:
        found = {form for _word, forms in self.words for form in forms}
        found.update(w for folded, _slop in self.phrases for w in folded)
        return found


def _phrase(text: str):
    """(folded words, slop) of a phrase; stop words inside it leave gaps that slop allows."""
    kept = [(position, word_forms(word)[0]) for position, _s, _e, word in words(text) if word_forms(word)]
    if not kept:
        return None
    gaps = [b[0] - a[0] for a, b in zip(kept, kept[1:])]
    return [w for _p, w in kept], max(gaps, default=1)


def parse(text: str) -> ParsedQuery:
    parsed = ParsedQuery()
    parts = 0
    for match in _PART.finditer(text):
        quoted_minus, phrase, minus, plain = match.groups()
        parts += 1
        if parts > MAX_QUERY_PARTS:
            parsed.truncated = True
            break
        if phrase is not None:
            found = _phrase(phrase)
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


def _word_query(forms):
    return Or([Term(name, form) for name in FIELDS for form in forms])


def _phrase_query(folded, slop):
    if len(folded) == 1:
        return _word_query(folded)
    return Or([Phrase(name, folded, slop=slop) for name in FIELDS])


def to_whoosh(parsed: ParsedQuery, raw_text: str = ""):
    """The Whoosh query of a parsed query (an exact organisation name adds a large bonus)."""
    required = [_word_query(forms) for _w, forms in parsed.words]
    required += [_phrase_query(folded, slop) for folded, slop in parsed.phrases]
    if not required:
        return NullQuery
    query = required[0] if len(required) == 1 else And(required)
    if parsed.excluded:
        excluded = [_word_query(e[1]) if e[0] == "word" else _phrase_query(*e[1:]) for e in parsed.excluded]
        query = AndNot(query, Or(excluded))
    name = " ".join(fold(w) for _p, _s, _e, w in words(raw_text.replace('"', " ")))
    if name:
        query = AndMaybe(query, Term("name", name, boost=NAME_BOOST))
    return query


def plain_terms_query(parsed: ParsedQuery):
    """The fallback when Whoosh fails on a query's shape: the required words' forms only."""
    forms = [form for _w, fs in parsed.words for form in fs] + [w for ws, _s in parsed.phrases for w in ws]
    return And([_word_query((form,)) for form in dict.fromkeys(forms)]) if forms else NullQuery


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
    page: int = 1
    pages: int = 0
    suggestion: str | None = None
    empty_query: bool = False  # nothing to search for: no query, or no words in it ("(((", "*")
    truncated: bool = False  # the query had more than MAX_QUERY_PARTS parts: the first ones were used
    failed: bool = False  # Whoosh failed even on the plain-terms query

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
    outcome = Outcome(state=index.index_state(), query=text)
    parsed = parse(text)
    outcome.truncated = parsed.truncated
    if outcome.state != "ok":
        return outcome
    if parsed.is_empty:
        outcome.empty_query = True
        return outcome
    with reader.borrowed_searcher(NewerFirst()) as searcher:
        if searcher is None:
            outcome.state = "missing"
            return outcome
        _run(searcher, user, parsed, text, filters, page, outcome)
    return outcome


def _run(searcher, user, parsed, text, filters, page, outcome):
    scope = Scope(searcher, user, filters)
    query = to_whoosh(parsed, text)
    try:
        matched = scope.matched(query)
    except Exception:  # Whoosh fails on some query shapes: fall back to the plain words
        query = plain_terms_query(parsed)
        try:
            matched = scope.matched(query)
        except Exception:
            outcome.failed = True
            return
    outcome.counts = scope.counts(matched)
    outcome.total = outcome.counts.get(filters.kind, 0) if filters.kind else sum(outcome.counts.values())
    outcome.pages = min(MAX_PAGE, -(-outcome.total // PER_PAGE))
    outcome.page = max(1, min(page, outcome.pages or 1))
    if outcome.total:
        # Only the documents up to this page are ranked (Whoosh skips posting blocks that cannot
        # reach them), among those already found visible and of the chosen kind.
        first = (outcome.page - 1) * PER_PAGE
        ranked = ranking_query(query, scope.phrases)
        best = best_in_bulk(searcher, ranked, scope, scope.of_kind(matched, filters.kind), first + PER_PAGE)
        if best is None:
            results = searcher.search(ranked, limit=first + PER_PAGE,
                                      filter=scope.allowed(matched, filters.kind), terms=False)
            best = [hit.docnum for hit in results]
        found = [(fields["kind"], fields["key"]) for fields in map(searcher.stored_fields, best[first:first + PER_PAGE])]
        outcome.hits = _visible_hits(user, found, parsed)
    elif parsed.words:
        outcome.suggestion = _suggestion(searcher, scope, user, parsed, text)


def _visible_hits(user, found, parsed) -> list[Hit]:
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
        index.enqueue(stale)
    return hits


def _suggestion(searcher, scope, user, parsed, text) -> str | None:
    """A corrected query that finds something the viewer may see, when one word is misspelt.

    Candidates are indexed forms near the typed word; one is offered only when the corrected
    query finds a document the viewer may see, and it is spelt as that document spells it, so
    nothing private is ever suggested.
    """
    ixreader = searcher.reader()
    kind = scope.filters.kind
    for typed, forms in parsed.words:
        if len(typed) < 4 or scope.allowed(scope.matched(_word_query(forms)), kind):
            continue  # too short to correct, or this word finds something and another is the problem
        folded = forms[0]
        maxdist = 1 if len(folded) < 6 else 2
        near = set()
        for leaf, _offset in ixreader.leaf_readers():  # per segment: a fast automaton walk
            for name in FIELDS:
                near.update(leaf.terms_within(name, folded, maxdist, prefix=1))
        near.discard(folded)
        candidates = sorted(near, key=lambda w: (_distance(folded, w), -ixreader.doc_frequency("body", w), w))
        for candidate in candidates[:8]:
            allowed = scope.allowed(scope.matched(_word_query((candidate,))), kind)
            spelt = _spelt_in_visible_document(searcher, user, allowed, candidate) if allowed else None
            if spelt:
                return re.sub(rf"(?<!\w){re.escape(typed)}(?!\w)", spelt, text, count=1, flags=re.IGNORECASE)
    return None


def _spelt_in_visible_document(searcher, user, allowed, folded) -> str | None:
    """The word whose folded form is folded, as a document the viewer may see writes it."""
    registry = documents.kinds()
    for hit in searcher.search(_word_query((folded,)), filter=allowed, limit=3):
        kind = registry.get(hit["kind"])
        obj = documents.load(db.session, kind, [int(hit["key"].partition(":")[2])]).get(
            int(hit["key"].partition(":")[2])) if kind else None
        if obj is None or not kind.can_view(user, obj):
            continue
        info = kind.summary(obj)
        for _p, _s, _e, word in words(f"{info['title']} {info['text']}"):
            if word_forms(word) and word_forms(word)[0] == folded:
                return word
    return None


def _distance(a: str, b: str) -> int:
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
