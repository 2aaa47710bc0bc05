"""One search in the Whoosh index: the parsed query as a Whoosh query, then matching, counting
and ranking within the viewer's grants and the filters (scope.py, ranking.py), and the
candidate corrections of "did you mean"."""
from whoosh.query import And, AndMaybe, AndNot, NullQuery, Or, Phrase, Term

from app.search.backends import Found, Request
from app.search.queries import ParsedQuery, distance
from app.search.whoosh import reader
from app.search.whoosh.ranking import NewerFirst, best_in_bulk
from app.search.whoosh.scope import Scope, ranking_query

FIELDS = ("title", "body")
NAME_BOOST = 20.0
CANDIDATES = 8  # corrections of a word tried, nearest first


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
    name = ParsedQuery(text=raw_text).name if raw_text else ""
    if name:
        query = AndMaybe(query, Term("name", name, boost=NAME_BOOST))
    return query


def plain_terms_query(parsed: ParsedQuery):
    """The fallback when Whoosh fails on a query's shape: the required words' forms only."""
    forms = [form for _w, fs in parsed.words for form in fs] + [w for ws, _s in parsed.phrases for w in ws]
    return And([_word_query((form,)) for form in dict.fromkeys(forms)]) if forms else NullQuery


def find(request: Request) -> Found:
    """The backend's search (see backends.py)."""
    with reader.borrowed_searcher(NewerFirst()) as searcher:
        if searcher is None:
            return Found(state="missing")
        return _run(searcher, request)


def _run(searcher, request: Request) -> Found:
    parsed, filters = request.parsed, request.filters
    scope = Scope(searcher, request.grants, filters)
    query = to_whoosh(parsed, parsed.text)
    try:
        matched = scope.matched(query)
    except Exception:  # Whoosh fails on some query shapes: fall back to the plain words
        query = plain_terms_query(parsed)
        try:
            matched = scope.matched(query)
        except Exception:
            return Found(failed=True)
    found = Found(counts=scope.counts(matched))
    found.total = found.counts.get(filters.kind, 0) if filters.kind else sum(found.counts.values())
    found.pages, found.page, first = request.window(found.total)
    if found.total:
        # Only the documents up to this page are ranked (Whoosh skips posting blocks that cannot
        # reach them), among those already found visible and of the chosen kind.
        limit = first + request.per_page
        ranked = ranking_query(query, scope.phrases)
        best = best_in_bulk(searcher, ranked, scope, scope.of_kind(matched, filters.kind), limit)
        if best is None:
            results = searcher.search(ranked, limit=limit, filter=scope.allowed(matched, filters.kind), terms=False)
            best = [hit.docnum for hit in results]
        found.keys = [(fields["kind"], fields["key"]) for fields in map(searcher.stored_fields, best[first:limit])]
    elif parsed.words:
        found.correction = _correction(searcher, scope, request)
    return found


def _correction(searcher, scope, request: Request) -> tuple[str, str] | None:
    """(typed word, correction as spelt) that finds something the viewer may see, when one word
    is misspelt.

    Candidates are indexed forms near the typed word; one is offered only when the corrected
    word finds a document the viewer may see, spelt as that document spells it (request.spelt),
    so nothing private is ever suggested.
    """
    ixreader = searcher.reader()
    kind = scope.filters.kind
    for typed, forms in request.parsed.words:
        if len(typed) < 4 or scope.allowed(scope.matched(_word_query(forms)), kind):
            continue  # too short to correct, or this word finds something and another is the problem
        folded = forms[0]
        maxdist = 1 if len(folded) < 6 else 2
        near = set()
        for leaf, _offset in ixreader.leaf_readers():  # per segment: a fast automaton walk
            for name in FIELDS:
                near.update(leaf.terms_within(name, folded, maxdist, prefix=1))
        near.discard(folded)
        candidates = sorted(near, key=lambda w: (distance(folded, w), -ixreader.doc_frequency("body", w), w))
        for candidate in candidates[:CANDIDATES]:
            allowed = scope.allowed(scope.matched(_word_query((candidate,))), kind)
            if not allowed:
                continue
            hits = searcher.search(_word_query((candidate,)), filter=allowed, limit=3)
            spelt = request.spelt([(hit["kind"], hit["key"]) for hit in hits], candidate)
            if spelt:
                return typed, spelt
    return None
