"""Library reads, already filtered by what the viewer may see."""
from sqlalchemy import case, false, func, literal_column, select, union_all
from sqlalchemy.orm import selectinload

from app.directory.models import Organisation
from app.directory.naming import search_key
from app.extensions import db
from app.forms import taxonomy_values
from app.library.forms import TAG_FILTERS, LibraryFilters
from app.library.models import LibraryDocument, LibraryDocumentTag, LibraryThemeFollow
from app.permissions import can, visible_where
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


def list_documents(viewer, filters: LibraryFilters, per_page: int = PER_PAGE):
    """One page of the library (a Pagination), with what the cards show loaded in a fixed number of queries."""
    statement = ordered(filtered_statement(viewer, filters), filters).options(selectinload(LibraryDocument.attachments))
    return db.paginate(statement, page=filters.page, per_page=per_page, error_out=False, max_per_page=100)


def facet_counts(viewer, filters: LibraryFilters) -> dict:
    """{field: {value: count}} in one query; a field's counts ignore its own filter (as in the directory)."""
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
                 .order_by(LibraryDocument.featured_at.desc(), LibraryDocument.id.desc()).limit(limit)
                 .options(selectinload(LibraryDocument.attachments)))
    return list(db.session.execute(statement).unique().scalars())


def list_publishers(user) -> list[Organisation]:
    """The organisations user may publish for (verified, member of), by name."""
    from app.directory.queries import list_user_orgs

    return [org for org in list_user_orgs(user, verified_only=True) if can(user, "library.publish", org)]


def list_recent_documents(viewer, limit: int = 5) -> list[LibraryDocument]:
    statement = visible_documents_statement(viewer).order_by(LibraryDocument.created_at.desc()).limit(limit)
    return list(db.session.execute(statement).unique().scalars())


def list_followed_themes(user) -> list[str]:
    """The themes user follows, in the taxonomy's order."""
    if not user.is_authenticated:
        return []
    mine = set(db.session.execute(select(LibraryThemeFollow.theme).where(LibraryThemeFollow.user_id == user.id)).scalars())
    return [slug for slug, _label in taxonomy_values("thematic_areas") if slug in mine]
