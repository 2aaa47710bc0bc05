"""Library reads, already filtered by what the viewer may see."""
from sqlalchemy import case, false, func, literal_column, select, union_all
from sqlalchemy.orm import contains_eager, lazyload, selectinload

from app import kept
from app.directory.models import Organisation
from app.directory.naming import search_key
from app.extensions import db
from app.forms import taxonomy_values
from app.library.forms import TAG_FILTERS, LibraryFilters
from app.library.models import LibraryDocument, LibraryDocumentTag, LibraryThemeFollow
from app.pagination import SlicePage
from app.permissions import can, relevant_grants, visible_where
from app.tags import filter_by_tags

PER_PAGE = 20
FEED_SIZE = 30
MAX_QUERY_WORDS = 8


def visible_documents_statement(viewer, retired: bool = False):
    """select(LibraryDocument) of the listed documents viewer may see: not retired, published by the
    secretariat or a verified organisation (or, for its members and the secretariat, an unverified one).
    With retired, the retired ones instead: the secretariat's, to bring back (nobody else's)."""
    statement = select(LibraryDocument).outerjoin(LibraryDocument.organisation)
    if retired:
        allowed = can(viewer, "library.view_unlisted")
        return statement.where(LibraryDocument.retired_at.is_not(None) if allowed else false())
    return statement.where(LibraryDocument.retired_at.is_(None),
                           visible_where("library", viewer, LibraryDocument, Organisation))


def _words(q: str) -> list[str]:
    return search_key(q).split()[:MAX_QUERY_WORDS]


def filtered_statement(viewer, filters: LibraryFilters):
    """The visible documents matching every filter (AND across fields, OR within one)."""
    statement = visible_documents_statement(viewer, retired=filters.retired)
    for word in _words(filters.q):
        statement = statement.where(LibraryDocument.search_text.contains(word, autoescape=True))
    if filters.type:
        statement = statement.where(LibraryDocument.doc_type.in_(filters.type))
    tag_filters = {vocabulary: getattr(filters, name) for name, vocabulary in TAG_FILTERS.items()}
    return filter_by_tags(statement, LibraryDocumentTag, LibraryDocumentTag.document_id, LibraryDocument.id, tag_filters)


def ordered(statement, filters: LibraryFilters):
    """Newest: by the document's date. Most relevant: words found in the title first, then featured, then newest."""
    newest = (LibraryDocument.published_on.desc(), LibraryDocument.id.desc())
    featured = case((LibraryDocument.featured_at.is_(None), 1), else_=0)
    if filters.sort != "relevant":
        return statement.order_by(*newest)
    in_title = [case((LibraryDocument.title_key.contains(word, autoescape=True), 1), else_=0)
                for word in _words(filters.q)]
    title_score = sum(in_title[1:], in_title[0]) if in_title else literal_column("0")
    return statement.order_by(title_score.desc(), featured, *newest)


# What the lists show is kept (app/kept.py) until a document or an organisation changes: the
# ids of a list in its order, and the facet counts of its filters. Each read every listed
# document's wide row (summaries in three languages, the search text): at the large size (2,000
# documents) the unfiltered list's page and count took 20 ms and its counts 17 of its 39 ms, and
# the home page's five newest documents 4.6 ms.
KEPT_ORDERS = kept.KeptValues("library_orders", size=64)  # 8 bytes a document
KEPT_COUNTS = kept.KeptValues("library_facet_counts", size=128)


def _kept(store: kept.KeptValues, viewer, key: tuple, compute):
    return store.get((key, relevant_grants("library", viewer, LibraryDocument, Organisation)),
                     kept.data_version(LibraryDocument, Organisation), compute)


def _kept_order(viewer, key: tuple, statement):
    """The ids of statement's documents (a select of LibraryDocument), in its order, kept under key."""
    return _kept(KEPT_ORDERS, viewer, key, lambda: kept.id_order(statement.with_only_columns(LibraryDocument.id)))


def _documents(viewer, ids, retired: bool = False, cards: bool = True) -> list[LibraryDocument]:
    """The documents of ids that viewer may see, in the order of ids, with what a card shows (its
    files and tags), or with neither for a list of titles (cards=False)."""
    # The publisher's name comes from the joined organisation, without its tags (a whole
    # region's organisation has 22 counties: 86 tag rows for five cards).
    options = [contains_eager(LibraryDocument.organisation).lazyload(Organisation.tags)]
    options += [selectinload(LibraryDocument.attachments)] if cards else [lazyload(LibraryDocument.tags)]
    statement = (visible_documents_statement(viewer, retired=retired).where(LibraryDocument.id.in_(ids))
                 .options(*options))
    return kept.in_order(db.session.execute(statement).unique().scalars(), ids)


def list_documents(viewer, filters: LibraryFilters, per_page: int = PER_PAGE) -> SlicePage:
    """One page of the library, with what the cards show loaded in a fixed number of queries."""
    order = _kept_order(viewer, ("list", filters.key(), filters.sort, filters.retired),
                        ordered(filtered_statement(viewer, filters), filters))
    return SlicePage.of(order, filters.page, per_page, lambda ids: _documents(viewer, ids, filters.retired))


def facet_counts(viewer, filters: LibraryFilters) -> dict:
    """{field: {value: count}}; a field's counts ignore its own filter (as in the directory)."""
    return _kept(KEPT_COUNTS, viewer, (filters.key(), filters.retired), lambda: _count_facets(viewer, filters))


def _count_facets(viewer, filters: LibraryFilters) -> dict:
    """facet_counts, counted in one query."""
    ids = filtered_statement(viewer, filters.without("type")).with_only_columns(LibraryDocument.id)
    parts = [select(literal_column("'type'"), LibraryDocument.doc_type, func.count(LibraryDocument.id))
             .where(LibraryDocument.id.in_(ids)).group_by(LibraryDocument.doc_type)]
    for name, vocabulary in TAG_FILTERS.items():
        ids = filtered_statement(viewer, filters.without(name)).with_only_columns(LibraryDocument.id)
        parts.append(
            select(literal_column(f"'{name}'"), LibraryDocumentTag.slug, func.count(LibraryDocumentTag.document_id))
            .where(LibraryDocumentTag.vocabulary == vocabulary, LibraryDocumentTag.document_id.in_(ids))
            .group_by(LibraryDocumentTag.slug))
    counts = {name: {} for name in ("type", *TAG_FILTERS)}
    for name, value, number in db.session.execute(union_all(*parts)):
        counts[name][value] = number
    return counts


def feed_documents(viewer, filters: LibraryFilters) -> list[LibraryDocument]:
    """The newest documents for the Atom feed (the list's filters narrow it)."""
    statement = filtered_statement(viewer, filters).order_by(LibraryDocument.created_at.desc(), LibraryDocument.id.desc())
    return list(db.session.execute(statement.limit(FEED_SIZE)).unique().scalars())


def list_featured(viewer, limit: int = 3) -> list[LibraryDocument]:
    """The documents the secretariat features, most recently featured first."""
    statement = (visible_documents_statement(viewer).where(LibraryDocument.featured_at.is_not(None))
                 .order_by(LibraryDocument.featured_at.desc(), LibraryDocument.id.desc()).limit(limit))
    return _documents(viewer, _kept_order(viewer, ("featured", limit), statement))


def list_publishers(user) -> list[Organisation]:
    """The organisations user may publish for (verified, member of), by name."""
    from app.directory.queries import list_user_orgs

    return [org for org in list_user_orgs(user, verified_only=True) if can(user, "library.publish", org)]


def list_recent_documents(viewer, limit: int = 5) -> list[LibraryDocument]:
    """The newest documents added (the home page box)."""
    statement = (visible_documents_statement(viewer)
                 .order_by(LibraryDocument.created_at.desc(), LibraryDocument.id.desc()).limit(limit))
    return _documents(viewer, _kept_order(viewer, ("newest", limit), statement), cards=False)


def list_followed_themes(user) -> list[str]:
    """The themes user follows, in the taxonomy's order."""
    if not user.is_authenticated:
        return []
    mine = set(db.session.execute(select(LibraryThemeFollow.theme).where(LibraryThemeFollow.user_id == user.id)).scalars())
    return [slug for slug, _label in taxonomy_values("thematic_areas") if slug in mine]
