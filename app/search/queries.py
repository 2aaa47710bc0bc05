"""Searching: the query language, what a viewer may find, ranking, snippets, "did you mean".

The query language is deliberately small and parsed here, not by Whoosh's parser (which
crashes on some shapes): words (all required), "exact phrases", -word and -"phrase" to
exclude. Everything else a user may type is just text: brackets, *, SQL; the operators
AND/OR/NOT and field prefixes ("title:") of other engines are dropped.
"""
import heapq
import re
import unicodedata
from collections import Counter
from dataclasses import dataclass, field
from datetime import date, datetime, time, timezone

from markupsafe import Markup, escape
from sqlalchemy import select
from whoosh import scoring
from whoosh.matching import NullMatcher
from whoosh.matching.wrappers import FilterMatcher
from whoosh.query import And, AndMaybe, AndNot, NullQuery, NumericRange, Or, Phrase, Term
from whoosh.query.wrappers import WrappingQuery
from whoosh.util.numeric import byte_to_length

from app.extensions import db
from app.permissions import is_staff
from app.search import documents, index, reader
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


# --- what a viewer may find -----------------------------------------------------------------
def viewer_visibility(user) -> list[str]:
    """The visibility values of the documents user may find (see documents.py)."""
    values = ["public"]
    if not user.is_authenticated:
        return values
    values.append(f"user:{user.id}")
    org_ids = sorted(user.member_org_ids())
    values += [f"org:{org_id}" for org_id in org_ids]
    if not user.is_suspended:
        values += [f"drafts:{org_id}" for org_id in org_ids]
    values += [f"group:{group_id}" for group_id in _working_group_ids(user)]
    if is_staff(user):
        values.append("staff")
    return values


def _working_group_ids(user) -> list[int]:
    try:
        from app.forums.models import WorkingGroupMember
    except ImportError:
        return []
    rows = db.session.execute(select(WorkingGroupMember.group_id).where(WorkingGroupMember.user_id == user.id))
    return sorted(rows.scalars())


@dataclass
class Filters:
    kind: str = ""
    theme: str = ""
    county: str = ""
    date_from: date | None = None
    date_to: date | None = None

    @property
    def is_filtered(self) -> bool:
        return bool(self.kind or self.theme or self.county or self.date_from or self.date_to)


def _epoch_of(day: date, end: bool = False) -> int:
    moment = datetime.combine(day, time.max if end else time.min, tzinfo=timezone.utc)
    return int(moment.timestamp())


class Scope:
    """The documents a viewer may find with the filters, worked out per segment as sets of numbers.

    Visibility is subtracted, not intersected: the documents that are not public are few and
    cached per segment (reader.not_public), so an anonymous viewer's filter costs nothing and a
    member's costs their own values' postings. Whole posting lists are combined as sets (C
    speed) instead of Whoosh's per-document matcher loop; phrases and date ranges still use
    Whoosh's matchers (positions), on one segment at a time.
    """

    def __init__(self, searcher, user, filters: Filters):
        self.path = index.index_dir()
        self.filters = filters
        self.kinds = tuple(documents.kinds())
        self.phrases = {}  # (id(Phrase), id(leaf)) -> documents of leaf where the phrase is
        own = [value for value in viewer_visibility(user) if value != "public"]
        self.leaves = []  # (subsearcher, leaf reader, offset, documents of the leaf not to be found)
        for sub, offset in searcher.subsearchers or [(searcher, 0)]:
            leaf = sub.reader()
            hidden = reader.not_public(self.path, leaf)
            if own:
                hidden = hidden - set().union(*(reader.term_docs(leaf, "visibility", value) for value in own))
            self.leaves.append((sub, leaf, offset, hidden | reader.deleted(leaf)))

    def _narrowed(self, found: set, sub, leaf) -> set:
        """found within the filters other than kind."""
        filters = self.filters
        if filters.theme:
            found &= reader.term_docs(leaf, "themes", filters.theme)
        if filters.county:
            found &= reader.term_docs(leaf, "counties", filters.county)
        if found and (filters.date_from or filters.date_to):
            start = _epoch_of(filters.date_from) if filters.date_from else None
            end = _epoch_of(filters.date_to, end=True) if filters.date_to else None
            found &= set(NumericRange("date", start, end).docs(sub))
        return found

    def matched(self, query) -> list[tuple[set, object, int]]:
        """[(documents matching query that the viewer may find, leaf, offset)] (any kind)."""
        out = []
        for sub, leaf, offset, hidden in self.leaves:
            found = _docs(query, sub, leaf, self.phrases) - hidden
            out.append((self._narrowed(found, sub, leaf) if found else found, leaf, offset))
        return out

    def counts(self, matched) -> dict[str, int]:
        """{kind: matches} of matched."""
        counted = Counter()
        for found, leaf, _offset in matched:
            counted.update(map(reader.kind_numbers(self.path, leaf, self.kinds).__getitem__, found))
        return {self.kinds[number - 1]: n for number, n in sorted(counted.items()) if number}

    def of_kind(self, matched, kind: str = "") -> list[tuple[set, object, int]]:
        """matched, of kind when given."""
        if not kind:
            return matched
        number = self.kinds.index(kind) + 1 if kind in self.kinds else -1
        out = []
        for found, leaf, offset in matched:
            kinds = reader.kind_numbers(self.path, leaf, self.kinds)
            out.append(({docnum for docnum in found if kinds[docnum] == number}, leaf, offset))
        return out

    def allowed(self, matched, kind: str = "") -> set[int]:
        """The (global) document numbers of matched, of kind when given."""
        allowed = set()
        for found, leaf, offset in self.of_kind(matched, kind):
            if offset == 0 and not allowed:
                allowed = set(found) if len(matched) > 1 else found
            else:
                allowed.update(docnum + offset for docnum in found)
        return allowed


def _docs(query, sub, leaf, phrases=None) -> set[int]:
    """Numbers (in leaf) of the documents matching query, deleted ones included; the documents
    of each phrase are kept in phrases (see _ranked)."""
    if type(query) is Term:
        return reader.term_docs(leaf, query.fieldname, query.text)
    if type(query) is Or:
        return set().union(*(_docs(q, sub, leaf, phrases) for q in query.subqueries))
    if type(query) is And:
        parts = sorted((_docs(q, sub, leaf, phrases) for q in query.subqueries), key=len)
        return parts[0].intersection(*parts[1:]) if parts else set()
    if type(query) is AndNot:
        return _docs(query.a, sub, leaf, phrases) - _docs(query.b, sub, leaf)
    if type(query) is AndMaybe:
        return _docs(query.a, sub, leaf, phrases)  # the optional part only changes the score
    if query is NullQuery:
        return set()
    if type(query) is Phrase:
        found = reader.phrase_docs(leaf, query.fieldname, query.words, query.slop)
        if found is not None:
            if phrases is not None:
                phrases[id(query), id(leaf)] = found
            return found
    return set(query.docs(sub))  # anything else: Whoosh's own matcher


def _ranked(query, phrases: dict):
    """The query that ranks the documents already found (the search's filter): exclusions are
    left out (they do not score) and each phrase whose documents are known is scored as its
    words are within those documents, as Whoosh scores a phrase (the sum of its words'
    scores), without checking the positions a second time."""
    if type(query) in (Or, And):
        return type(query)([_ranked(q, phrases) for q in query.subqueries], boost=query.boost)
    if type(query) is AndNot:
        return _ranked(query.a, phrases)
    if type(query) is AndMaybe:
        return AndMaybe(_ranked(query.a, phrases), query.b)
    if type(query) is Phrase:
        found = {leaf: docs for (phrase, leaf), docs in phrases.items() if phrase == id(query)}
        if found and query.boost == 1.0:
            return _Within(And([Term(query.fieldname, word) for word in query.words]), found)
    return query


class _Within(WrappingQuery):
    """child, matching only the documents known per leaf reader ({id(leaf): documents})."""

    def __init__(self, child, found: dict):
        super().__init__(child)
        self.found = found

    def _rewrap(self, child):
        return self.__class__(child, self.found)

    def matcher(self, searcher, context=None):
        found = self.found.get(id(searcher.reader()))
        if not found:
            return NullMatcher()
        return _WithinMatcher(self.child.matcher(searcher, context), found)


class _WithinMatcher(FilterMatcher):
    def skip_to_quality(self, minquality):
        skipped = super().skip_to_quality(minquality)
        self._find_next()  # Whoosh's FilterMatcher may stop on a document not in the set here
        return skipped


# --- ranking --------------------------------------------------------------------------------
class NewerFirst(scoring.BM25F):
    """BM25F (titles weigh more: their words are indexed with a boost) where, of two equal
    scores, the newer document wins: each score is multiplied by 1 + date × 1e-18."""

    def scorer(self, searcher, fieldname, text, qf=1):
        return _NewerScorer(super().scorer(searcher, fieldname, text, qf), searcher.reader())


class _NewerScorer(scoring.BaseScorer):
    MAX_FACTOR = 1 + 5e-9

    def __init__(self, base, ixreader):
        self.base = base
        self.dates = ixreader.column_reader("date") if ixreader.has_column("date") else None

    def _factor(self, docnum) -> float:
        return 1 + (self.dates[docnum] or 0) * 1e-18 if self.dates is not None else 1.0

    def supports_block_quality(self):
        return self.base.supports_block_quality()

    def score(self, matcher):
        return self.base.score(matcher) * self._factor(matcher.id())

    def max_quality(self):
        return self.base.max_quality() * self.MAX_FACTOR

    def block_quality(self, matcher):
        return self.base.block_quality(matcher) * self.MAX_FACTOR


# --- ranking in bulk -------------------------------------------------------------------------
class _NotInBulk(Exception):
    """A query part that _scores does not score as Whoosh would: Whoosh ranks the query."""


def _best_in_bulk(searcher, ranked, scope, allowed, limit) -> list[int] | None:
    """The global numbers of the `limit` best documents of allowed ([(documents, leaf, offset)]),
    in the order Whoosh's search would give, or None where Whoosh ranks better.

    Whoosh scores one document at a time through a tree of matchers (~6 µs each) and skips
    only documents that cannot reach the page; for a word with several forms (szkoła: 3 forms
    × 2 fields) or a phrase it ends up scoring nearly every match (250 ms for 40,000). Here
    each term's postings are scored in one loop over (document, weight) arrays kept per
    segment, with Whoosh's BM25F formula and statistics. A single form (two terms) stays with
    Whoosh, whose skipping is then effective.
    """
    terms = _count_terms(ranked)
    if terms is None or terms <= 2:
        return None
    weighting = searcher.weighting
    items = []
    try:
        for number, (found, leaf, offset) in enumerate(allowed):
            if found:
                scores = _scores(ranked, searcher, weighting, scope.path, leaf, found)
                items += [(score, -(offset + docnum), number, docnum) for docnum, score in scores.items()]
    except _NotInBulk:
        return None
    best = heapq.nlargest(limit, items)
    if not best:
        return []
    # Whoosh multiplies each score by 1 + date × 1e-18 (newer first among equals; dates are after
    # 1970, so the factor is ≥ 1): only documents within that factor of the page's last score
    # can change places.
    cutoff = best[-1][0] / _NewerScorer.MAX_FACTOR if len(best) == limit else float("-inf")
    near = [item for item in items if item[0] >= cutoff]
    dates = [leaf.column_reader("date") if leaf.has_column("date") else None for _f, leaf, _o in allowed]
    final = []
    for score, negative, number, docnum in near:
        column = dates[number]
        factor = 1 + (column[docnum] or 0) * 1e-18 if column is not None else 1.0
        final.append((-(score * factor), -negative))
    return [docnum for _score, docnum in sorted(final)[:limit]]


def _count_terms(query) -> int | None:
    """Terms that score in query, None when it holds a part _scores cannot score."""
    if type(query) is Term:
        return 1
    if type(query) in (Or, And) and query.boost == 1.0:
        counts = [_count_terms(q) for q in query.subqueries]
        return None if None in counts else sum(counts)
    if type(query) is AndMaybe:
        return _count_terms(query.a)
    if type(query) is _Within:
        return _count_terms(query.child)
    return None


def _scores(query, searcher, weighting, path, leaf, allowed) -> dict[int, float]:
    """{document of leaf in allowed: its BM25F score for query} (before the date factor)."""
    kind = type(query)
    if kind is Term:
        return _term_scores(query, searcher, weighting, path, leaf, allowed)
    if kind is Or:
        total = {}
        for part in query.subqueries:
            for docnum, score in _scores(part, searcher, weighting, path, leaf, allowed).items():
                total[docnum] = total[docnum] + score if docnum in total else score
        return total
    if kind is And:
        parts = [_scores(part, searcher, weighting, path, leaf, allowed) for part in query.subqueries]
        common = set(parts[0]).intersection(*parts[1:]) if parts else set()
        return {docnum: sum(part[docnum] for part in parts) for docnum in common}
    if kind is AndMaybe:
        total = _scores(query.a, searcher, weighting, path, leaf, allowed)
        for docnum, score in _scores(query.b, searcher, weighting, path, leaf, allowed.intersection(total)).items():
            total[docnum] += score
        return total
    if kind is _Within:
        within = query.found.get(id(leaf), set())
        return _scores(query.child, searcher, weighting, path, leaf, allowed.intersection(within))
    raise _NotInBulk(kind.__name__)


def _term_scores(term, searcher, weighting, path, leaf, allowed) -> dict[int, float]:
    if not isinstance(weighting, scoring.BM25F) or weighting._field_B or not searcher.schema[term.fieldname].scorable:
        raise _NotInBulk(term.fieldname)
    try:
        documents, weights = reader.term_weights(leaf, term.fieldname, term.text)
        lengths = reader.length_bytes(path, leaf, term.fieldname)
    except (NotImplementedError, AttributeError) as error:  # another codec than Whoosh 3
        raise _NotInBulk(str(error)) from error
    # Whoosh's bm25(idf, tf, fl, avgfl, B, K1) with the top searcher's statistics, the length
    # part worked out once for each of the 256 stored length bytes.
    idf = searcher.idf(term.fieldname, term.text)
    avgfl = searcher.avg_field_length(term.fieldname) or 1
    k1, b = weighting.K1, weighting.B
    norms = [k1 * ((1 - b) + b * byte_to_length(lb) / avgfl) for lb in range(256)]
    k1_plus_1 = k1 + 1
    scores = {docnum: idf * ((weight * k1_plus_1) / (weight + norms[lengths[docnum]]))
              for docnum, weight in zip(documents, weights) if docnum in allowed}
    if term.boost != 1.0:
        scores = {docnum: score * term.boost for docnum, score in scores.items()}
    return scores


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
class Outcome:
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

    def iter_pages(self, left_edge=1, left_current=2, right_current=3, right_edge=1):
        last = 0
        for number in range(1, self.pages + 1):
            if (number <= left_edge or self.page - left_current - 1 < number < self.page + right_current
                    or number > self.pages - right_edge):
                if last + 1 != number:
                    yield None
                yield number
                last = number


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
        ranked = _ranked(query, scope.phrases)
        best = _best_in_bulk(searcher, ranked, scope, scope.of_kind(matched, filters.kind), first + PER_PAGE)
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
