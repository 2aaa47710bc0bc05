"""What a viewer may find in the Whoosh index: the documents that match a query within the
viewer's grants and the filters, worked out per index segment as sets of document numbers."""
from bisect import bisect_left
from collections import Counter

from whoosh.matching import NullMatcher
from whoosh.matching.wrappers import FilterMatcher
from whoosh.query import And, AndMaybe, AndNot, NullQuery, Or, Phrase, Term
from whoosh.query.wrappers import WrappingQuery

from app.search import documents
from app.search.scope import Filters, epoch_of
from app.search.whoosh import index, segments


class Scope:
    """The documents a viewer may find with the filters, worked out per segment as sets of numbers.

    Visibility is applied to what a query found, not worked out for the whole index: the
    documents that are not public are few and cached per segment (segments.not_public), so an
    anonymous viewer's filter is one set difference, and only the found documents that are not
    public are looked up in a member's own values' postings (sorted arrays, by bisection). Whole
    posting lists are combined as sets (C speed) instead of Whoosh's per-document matcher loop;
    dates are read from their column.
    """

    def __init__(self, searcher, grants: list[str], filters: Filters):
        self.path = index.index_dir()
        self.filters = filters
        self.kinds = tuple(documents.kinds())
        self.phrases = {}  # (id(Phrase), id(leaf)) -> documents of leaf where the phrase is
        self.own = [value for value in grants if value != "public"]
        self.leaves = []  # (subsearcher, leaf reader, offset)
        for sub, offset in searcher.subsearchers or [(searcher, 0)]:
            self.leaves.append((sub, sub.reader(), offset))

    def _findable(self, found: set, leaf) -> set:
        """The documents of found (in leaf) that the viewer may find: not deleted, and public or
        of one of the viewer's own values."""
        deleted = segments.deleted(leaf)
        if deleted:
            found = found - deleted
        not_public = found & segments.not_public(self.path, leaf)
        if not not_public:
            return found
        own = [segments.term_doc_array(leaf, "visibility", value) for value in self.own]
        return found - {docnum for docnum in not_public if not any(_holds(docs, docnum) for docs in own)}

    def _narrowed(self, found: set, leaf) -> set:
        """found within the filters other than kind."""
        filters = self.filters
        if filters.theme:  # a new set: found may be a phrase's documents, kept for ranking (docs_of)
            found = found & segments.term_docs(leaf, "themes", filters.theme)
        if filters.county:
            found = found & segments.term_docs(leaf, "counties", filters.county)
        if found and (filters.date_from or filters.date_to):
            start = epoch_of(filters.date_from) if filters.date_from else float("-inf")
            end = epoch_of(filters.date_to, end=True) if filters.date_to else float("inf")
            dated = segments.dates(self.path, leaf)
            found = {docnum for docnum in found if start <= dated[docnum] <= end}
        return found

    def matched(self, query) -> list[tuple[set, object, int]]:
        """[(documents matching query that the viewer may find, leaf, offset)] (any kind)."""
        out = []
        for sub, leaf, offset in self.leaves:
            found = self._findable(docs_of(query, sub, leaf, self.phrases), leaf)
            out.append((self._narrowed(found, leaf) if found else found, leaf, offset))
        return out

    def counts(self, matched) -> dict[str, int]:
        """{kind: matches} of matched."""
        counted = Counter()
        for found, leaf, _offset in matched:
            counted.update(map(segments.kind_numbers(self.path, leaf, self.kinds).__getitem__, found))
        return {self.kinds[number - 1]: n for number, n in sorted(counted.items()) if number}

    def of_kind(self, matched, kind: str = "") -> list[tuple[set, object, int]]:
        """matched, of kind when given."""
        if not kind:
            return matched
        number = self.kinds.index(kind) + 1 if kind in self.kinds else -1
        out = []
        for found, leaf, offset in matched:
            kinds = segments.kind_numbers(self.path, leaf, self.kinds)
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


def _holds(docs, docnum: int) -> bool:
    """Whether the sorted array docs holds docnum."""
    at = bisect_left(docs, docnum)
    return at < len(docs) and docs[at] == docnum


def docs_of(query, sub, leaf, phrases=None) -> set[int]:
    """Numbers (in leaf) of the documents matching query, deleted ones included; the documents
    of each phrase are kept in phrases (see _ranked)."""
    if type(query) is Term:
        return segments.term_docs(leaf, query.fieldname, query.text)
    if type(query) is Or:
        return set().union(*(docs_of(q, sub, leaf, phrases) for q in query.subqueries))
    if type(query) is And:
        parts = sorted((docs_of(q, sub, leaf, phrases) for q in query.subqueries), key=len)
        return parts[0].intersection(*parts[1:]) if parts else set()
    if type(query) is AndNot:
        return docs_of(query.a, sub, leaf, phrases) - docs_of(query.b, sub, leaf)
    if type(query) is AndMaybe:
        return docs_of(query.a, sub, leaf, phrases)  # the optional part only changes the score
    if query is NullQuery:
        return set()
    if type(query) is Phrase:
        found = segments.phrase_docs(leaf, query.fieldname, query.words, query.slop)
        if found is not None:
            if phrases is not None:
                phrases[id(query), id(leaf)] = found
            return found
    return set(query.docs(sub))  # anything else: Whoosh's own matcher


def ranking_query(query, phrases: dict):
    """The query that ranks the documents already found (the search's filter): exclusions are
    left out (they do not score) and each phrase whose documents are known is scored as its
    words are within those documents, as Whoosh scores a phrase (the sum of its words'
    scores), without checking the positions a second time."""
    if type(query) in (Or, And):
        return type(query)([ranking_query(q, phrases) for q in query.subqueries], boost=query.boost)
    if type(query) is AndNot:
        return ranking_query(query.a, phrases)
    if type(query) is AndMaybe:
        return AndMaybe(ranking_query(query.a, phrases), query.b)
    if type(query) is Phrase:
        found = {leaf: docs for (phrase, leaf), docs in phrases.items() if phrase == id(query)}
        if found and query.boost == 1.0:
            return Within(And([Term(query.fieldname, word) for word in query.words]), found)
    return query


class Within(WrappingQuery):
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
