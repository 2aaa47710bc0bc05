"""One search in the search_document table: matching, counting per kind, ranking and the
candidate corrections of "did you mean", each within the viewer's grants and the filters.

A document is found when its tsvector matches the query (vectors.query_text) and it holds one of
the viewer's grants (`grants && :grants`): the counts and the results come from the same
condition, so nothing the viewer may not see is ever counted. Ranking: an exact organisation
name first, then ts_rank (title words weigh more: weight A against D, length-normalised), newer
first among equals.

A very common word must not cost time in proportion to its matches (every match is a row to
visit), so, as Discourse does:
- each kind is counted up to COUNT_LIMIT: beyond it the page says "more than 1,000" (one GIN
  scan per kind over the (vector, kind) index, at most COUNT_LIMIT + 1 rows visited per kind);
- when a kind in view has more than COUNT_LIMIT matches, only a bounded set of candidates is
  ranked: the NEWEST matches in view, every match of each kind in view counted in full (so
  that organisations, events or discussions, whose titles rank first, are ranked as before
  beside thousands of replies; a capped kind takes part through the NEWEST only: reading its
  newest would visit rows in proportion to its matches when PostgreSQL misjudges a phrase), and
  every organisation named exactly by the query; the pages are the
  ones the NEWEST fill (10). Older documents beyond them are not listed; the count says there are
  more, and a second word, a kind or a filter brings them back.
Below COUNT_LIMIT matches per kind both are exact, as they always were.
"""
from dataclasses import replace

from sqlalchemy import text

from app.extensions import db
from app.search import documents
from app.search.backends import Found, Request
from app.search.queries import distance
from app.search.scope import epoch_of
from app.search.postgres.vectors import any_form, query_text, quote

# ts_rank's weights of D, C, B, A: a title word counts three times a body word, as in Whoosh.
RANK_WEIGHTS = "{0.33, 0.33, 0.33, 1.0}"
RANK_NORMALISATION = 1  # divided by 1 + log(length): a passing mention in a long text weighs less
CANDIDATES = 8  # corrections of a word tried, nearest first
NEAREST_WORDS = 40  # words read from the trigram index for each word to correct
COUNT_LIMIT = 1000  # matches counted per kind; more are shown as "more than 1,000"
NEWEST = 200  # candidates ranked beyond COUNT_LIMIT: the newest matches in view (10 pages of 20)
_RANK = f"ts_rank('{RANK_WEIGHTS}', vector, CAST(:query AS tsquery), {RANK_NORMALISATION})"
_RANKING = f"names @> CAST(:name AS text[]) DESC, {_RANK} DESC, date DESC, key"


def _conditions(request: Request, params: dict, with_kind: bool, in_date_order: bool = False) -> str:
    """The WHERE clause of the viewer's grants and the filters (params get the values).
    in_date_order: the match is tested row by row along the date index (not through the GIN
    index), for the newest of many matches: PostgreSQL underestimates a phrase's matches and would
    otherwise read and recheck every one of them to keep the newest."""
    filters = request.filters
    params["grants"] = list(request.grants)
    match = "vector @@ CAST(:query AS tsquery)"
    where = [f"({match}) IS TRUE" if in_date_order else match, "grants && CAST(:grants AS text[])"]
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
    """The backend's search (see backends.py): the counts, then the page."""
    query = query_text(request.parsed)
    if query is None:
        return Found()
    # psycopg prepares a statement run five times, and PostgreSQL may then plan it once for any
    # word: a rare word's plan would visit every match of a common one (or the reverse). Each
    # search is planned for its own words.
    db.session.execute(text("SET LOCAL plan_cache_mode = force_custom_plan"))
    counted = _counts(request, query)
    found = Found(counts={name: min(count, COUNT_LIMIT) for name, count in counted.items()},
                  capped={name for name, count in counted.items() if count > COUNT_LIMIT})
    kind = request.filters.kind
    found.total = found.counts.get(kind, 0) if kind else sum(found.counts.values())
    in_view = [name for name in found.counts if not kind or name == kind]
    bounded = bool(found.capped.intersection(in_view))
    if bounded:  # the pages the NEWEST candidates fill
        request = replace(request, max_page=max(1, min(request.max_page, NEWEST // request.per_page)))
    found.pages, found.page, first = request.window(found.total + (1 if bounded else 0))
    if bounded:
        found.keys = _bounded_page(request, query, first, in_view, found.capped)
    elif found.total:
        found.keys = _page(request, query, first)
    elif request.parsed.words:
        found.correction = _correction(request)
    return found


def _counts(request: Request, query: str) -> dict[str, int]:
    """{kind: matches, up to COUNT_LIMIT + 1} with the filters but the kind: one capped count per
    kind, each reading only that kind's matches in the (vector, kind) index."""
    params = {"query": query, "limit": COUNT_LIMIT + 1}
    where = _conditions(request, params, with_kind=False)
    counts = []
    for number, name in enumerate(documents.kinds()):
        params[f"kind_{number}"] = name
        counts.append(f"SELECT CAST(:kind_{number} AS text), (SELECT count(*) FROM (SELECT 1 FROM search_document "
                      f"WHERE {where} AND kind = :kind_{number} LIMIT :limit) AS found)")
    # LIMIT COUNT_LIMIT + 1 lets PostgreSQL expect to meet that many matches soon in a sequential
    # scan; but matches cluster (a topic's replies are written together), and a synchronised scan
    # starts wherever another left off: one search in twenty read 60,000 rows (0.4 s) at the large
    # size. The (vector, kind) index reads only the matches, so it is the only way here.
    db.session.execute(text("SET LOCAL enable_seqscan = off"))
    rows = db.session.execute(text(" UNION ALL ".join(counts)), params).all()
    db.session.execute(text("RESET enable_seqscan"))
    return {name: count for name, count in rows if count}


def _page(request: Request, query: str, first: int) -> list[tuple[str, str]]:
    """The page's (kind, key) among every match, ranked."""
    params = {"query": query, "name": [request.parsed.name], "first": first, "limit": request.per_page}
    where = _conditions(request, params, with_kind=True)
    rows = db.session.execute(text(
        f"SELECT kind, key FROM search_document WHERE {where} ORDER BY {_RANKING} LIMIT :limit OFFSET :first"), params)
    return [(kind, key) for kind, key in rows]


def _bounded_page(request: Request, query: str, first: int, in_view: list[str], capped: set) -> list[tuple[str, str]]:
    """The page's (kind, key) among the candidates of a very common query (see the module's
    docstring), ranked as _page ranks: the NEWEST matches in view, every match of each kind in view
    counted in full (at most COUNT_LIMIT, read from the (vector, kind) index), and the
    organisations named exactly by the query. Each candidate is ranked where it is read."""
    params = {"query": query, "name": [request.parsed.name], "first": first, "limit": request.per_page,
              "newest": NEWEST}
    where = _conditions(request, params, with_kind=True)
    # ts_rank is computed above each branch's LIMIT: inside, PostgreSQL would rank every row read.
    read = "SELECT kind, key, names @> CAST(:name AS text[]) AS named, vector, date FROM search_document"
    newest = _conditions(request, params, with_kind=True, in_date_order=True)
    branches = [f"{read} WHERE {newest} ORDER BY date DESC LIMIT :newest",
                f"{read} WHERE {where} AND names @> CAST(:name AS text[])"]
    for number, name in enumerate(name for name in in_view if name not in capped):
        params[f"kind_{number}"] = name
        branches.append(f"{read} WHERE {where} AND kind = :kind_{number}")
    branches = [f"(SELECT kind, key, named, {_RANK} AS rank, date FROM ({branch}) AS read)" for branch in branches]
    rows = db.session.execute(text(
        f"SELECT kind, key FROM ({' UNION '.join(branches)}) AS candidates "
        f"ORDER BY named DESC, rank DESC, date DESC, key LIMIT :limit OFFSET :first"), params)
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
