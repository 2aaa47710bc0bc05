"""One search in the search_document table: matching, counting per kind, ranking and the
candidate corrections of "did you mean", each within the viewer's grants and the filters.

A document is found when its tsvector matches the query (vectors.query_text) and it holds one of
the viewer's grants (`grants && :grants`): the counts and the results come from the same
condition, so nothing the viewer may not see is ever counted. Ranking: an exact organisation
name first, then ts_rank (title words weigh more: weight A against D, length-normalised), newer
first among equals.
"""
from sqlalchemy import text

from app.extensions import db
from app.search.backends import Found, Request
from app.search.queries import distance
from app.search.scope import epoch_of
from app.search.postgres.vectors import any_form, query_text, quote

# ts_rank's weights of D, C, B, A: a title word counts three times a body word, as in Whoosh.
RANK_WEIGHTS = "{0.33, 0.33, 0.33, 1.0}"
RANK_NORMALISATION = 1  # divided by 1 + log(length): a passing mention in a long text weighs less
CANDIDATES = 8  # corrections of a word tried, nearest first
NEAREST_WORDS = 40  # words read from the trigram index for each word to correct


def _conditions(request: Request, params: dict, with_kind: bool) -> str:
    """The WHERE clause of the viewer's grants and the filters (params get the values)."""
    filters = request.filters
    params["grants"] = list(request.grants)
    where = ["vector @@ CAST(:query AS tsquery)", "grants && CAST(:grants AS text[])"]
    if filters.theme:
        where.append("themes @> CAST(:themes AS text[])")
        params["themes"] = [filters.theme]
    if filters.county:
        where.append("counties @> CAST(:counties AS text[])")
        params["counties"] = [filters.county]
    if filters.date_from:
        where.append("date >= :date_from")
        params["date_from"] = epoch_of(filters.date_from)
    if filters.date_to:
        where.append("date <= :date_to")
        params["date_to"] = epoch_of(filters.date_to, end=True)
    if with_kind and filters.kind:
        where.append("kind = :kind")
        params["kind"] = filters.kind
    return " AND ".join(where)


def find(request: Request) -> Found:
    """The backend's search (see backends.py): two statements, the counts and the page."""
    query = query_text(request.parsed)
    if query is None:
        return Found()
    params = {"query": query}
    where = _conditions(request, params, with_kind=False)
    rows = db.session.execute(text(f"SELECT kind, count(*) FROM search_document WHERE {where} GROUP BY kind"), params)
    found = Found(counts={kind: n for kind, n in rows})
    kind = request.filters.kind
    found.total = found.counts.get(kind, 0) if kind else sum(found.counts.values())
    found.pages, found.page, first = request.window(found.total)
    if found.total:
        found.keys = _page(request, query, first)
    elif request.parsed.words:
        found.correction = _correction(request)
    return found


def _page(request: Request, query: str, first: int) -> list[tuple[str, str]]:
    params = {"query": query, "name": [request.parsed.name], "first": first, "limit": request.per_page}
    where = _conditions(request, params, with_kind=True)
    rows = db.session.execute(text(
        f"SELECT kind, key FROM search_document WHERE {where} "
        f"ORDER BY names @> CAST(:name AS text[]) DESC, "
        f"ts_rank('{RANK_WEIGHTS}', vector, CAST(:query AS tsquery), {RANK_NORMALISATION}) DESC, "
        f"date DESC, key LIMIT :limit OFFSET :first"), params)
    return [(kind, key) for kind, key in rows]


def _visible(request: Request, query: str, limit: int) -> list[tuple[str, str]]:
    """Up to limit documents matching query that the viewer may find with the filters (kind too)."""
    params = {"query": query, "limit": limit}
    where = _conditions(request, params, with_kind=True)
    rows = db.session.execute(text(f"SELECT kind, key FROM search_document WHERE {where} LIMIT :limit"), params)
    return [(kind, key) for kind, key in rows]


def _correction(request: Request) -> tuple[str, str] | None:
    """(typed word, correction as spelt) that finds something the viewer may see, when one word
    is misspelt: the indexed words nearest by trigrams, within 1 or 2 edits, starting with the same
    letter (as Whoosh's terms_within(prefix=1)); spelt as a visible document spells it."""
    for typed, forms in request.parsed.words:
        if len(typed) < 4 or _visible(request, any_form(forms), 1):
            continue  # too short to correct, or this word finds something and another is the problem
        folded = forms[0]
        maxdist = 1 if len(folded) < 6 else 2
        rows = db.session.execute(text(
            "SELECT word FROM search_word WHERE word <> :word AND left(word, 1) = left(:word, 1) "
            "ORDER BY word <-> :word LIMIT :limit"), {"word": folded, "limit": NEAREST_WORDS})
        near = [word for word in rows.scalars() if distance(folded, word) <= maxdist]
        for candidate in sorted(near, key=lambda w: (distance(folded, w), w))[:CANDIDATES]:
            found = _visible(request, quote(candidate), 3)
            spelt = request.spelt(found, candidate) if found else None
            if spelt:
                return typed, spelt
    return None
