"""Ranking: BM25F with newer documents first among equals, and the same ranking worked out in
bulk over whole posting lists where Whoosh would score one document at a time."""
import heapq

from whoosh import scoring
from whoosh.query import And, AndMaybe, Or, Term
from whoosh.util.numeric import byte_to_length

from app.search.whoosh import segments
from app.search.whoosh.scope import Within


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


def best_in_bulk(searcher, ranked, scope, allowed, limit) -> list[int] | None:
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
    if type(query) is Within:
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
    if kind is Within:
        within = query.found.get(id(leaf), set())
        return _scores(query.child, searcher, weighting, path, leaf, allowed.intersection(within))
    raise _NotInBulk(kind.__name__)


def _term_scores(term, searcher, weighting, path, leaf, allowed) -> dict[int, float]:
    if not isinstance(weighting, scoring.BM25F) or weighting._field_B or not searcher.schema[term.fieldname].scorable:
        raise _NotInBulk(term.fieldname)
    try:
        documents, weights = segments.term_weights(leaf, term.fieldname, term.text)
        lengths = segments.length_bytes(path, leaf, term.fieldname)
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
