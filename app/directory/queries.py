"""Directory reads, already filtered by what the viewer may see.

Other parts reuse:
- visible_orgs_statement(viewer): SELECT of the organisations viewer may see (add your own
  where/order_by);
- list_user_orgs(user, admin_only=False, verified_only=False): the organisations a user
  belongs to, for "organiser organisation" / "on behalf of" choices;
- get_org(org_id) / get_org_by_slug(slug) without access checks (use permissions.access_org in views);
- list_pending_orgs(), count_pending_orgs() for the secretariat.
"""
from functools import cache

from sqlalchemy import bindparam, case, func, literal_column, select, union_all
from sqlalchemy.orm import lazyload, selectinload

from app import kept
from app.auth.models import User
from app.directory.forms import TAG_FILTERS, DirectoryFilters
from app.directory.models import Invitation, Membership, Organisation, OrganisationTag
from app.directory.naming import search_key
from app.directory.registry_numbers import REGISTRIES
from app.extensions import db
from app.pagination import SlicePage
from app.permissions import relevant_grants, visible_where
from app.tags import filter_by_tags

PER_PAGE = 20
MAX_QUERY_WORDS = 8


def visible_orgs_statement(viewer):
    """select(Organisation) limited to what viewer may see (the policy's grants: verified ones,
    their own, all for the secretariat)."""
    return select(Organisation).where(visible_where("directory", viewer, Organisation))


def sort_key_column():
    """The Polish sort key compared byte by byte (PostgreSQL's database collation could reorder "~")."""
    if db.session.get_bind().dialect.name == "postgresql":
        return Organisation.sort_key.collate("C")
    return Organisation.sort_key


def filtered_statement(viewer, filters: DirectoryFilters):
    """The visible organisations matching every filter (AND across fields, OR within one)."""
    statement = visible_orgs_statement(viewer)
    words = search_key(filters.q).split()[:MAX_QUERY_WORDS]
    for word in words:
        statement = statement.where(Organisation.search_text.contains(word, autoescape=True))
    if filters.sector:
        statement = statement.where(Organisation.sector.in_(filters.sector))
    if filters.type:
        statement = statement.where(Organisation.org_type.in_(filters.type))
    if len(filters.verified) == 1:
        verified = Organisation.verified_at.is_not(None)
        statement = statement.where(verified if filters.verified[0] == "yes" else ~verified)
    tag_filters = {vocabulary: getattr(filters, name) for name, vocabulary in TAG_FILTERS.items()}
    return filter_by_tags(statement, OrganisationTag, OrganisationTag.organisation_id, Organisation.id, tag_filters)


def ordered(statement, sort: str):
    if sort == "activity":
        return statement.order_by(Organisation.last_activity_at.desc(), Organisation.id.desc())
    return statement.order_by(sort_key_column(), Organisation.id)


# The order of the organisations a set of filters gives (their ids) is kept (app/kept.py) until an
# organisation changes: a page and the count are then a slice and a length. Counting and sorting
# them took 9 of the list's 14 ms at the large size (3,000 organisations, two tag filters).
ORDERS = kept.KeptValues("directory_orders", size=64)  # 8 bytes an organisation


def list_orgs(viewer, filters: DirectoryFilters, per_page: int = PER_PAGE) -> SlicePage:
    """One page of the directory; tags are loaded with it (one more query)."""
    order = ORDERS.get((filters.key(), filters.sort, relevant_grants("directory", viewer, Organisation)),
                       kept.data_version(Organisation), lambda: kept.id_order(
                           ordered(filtered_statement(viewer, filters), filters.sort).with_only_columns(Organisation.id)))
    return SlicePage.of(order, filters.page, per_page, lambda ids: kept.in_order(db.session.execute(
        visible_orgs_statement(viewer).where(Organisation.id.in_(ids))).scalars(), ids))


def export_orgs(viewer, filters: DirectoryFilters) -> list[Organisation]:
    """Every organisation the list would show (all pages), in the list's order."""
    statement = ordered(filtered_statement(viewer, filters), filters.sort)
    return list(db.session.execute(statement).scalars())


# The facet counts read every organisation's tags of five vocabularies: most of the list's cost
# (20 of 34 ms for 3,000 organisations). They are kept (app/kept.py) per filters and visibility
# until an organisation changes, so paging and the common filters reuse them.
FACET_COUNTS = kept.KeptValues("directory_facet_counts", size=256)  # a few kB each


def facet_counts(viewer, filters: DirectoryFilters) -> dict:
    """{field: {value: count}}: how many organisations each value would give.

    A field's counts apply every other field's filters but not its own (choosing a second
    county adds organisations, so its count is taken as if no county were chosen).
    """
    key = (filters.key(), relevant_grants("directory", viewer, Organisation))
    return FACET_COUNTS.get(key, kept.data_version(Organisation), lambda: _count_facets(viewer, filters))


def _count_facets(viewer, filters: DirectoryFilters) -> dict:
    """facet_counts, counted in one query."""
    parts = []
    for name, column in (("sector", Organisation.sector), ("type", Organisation.org_type)):
        ids = filtered_statement(viewer, filters.without(name)).with_only_columns(Organisation.id)
        parts.append(select(literal_column(f"'{name}'"), column, func.count(Organisation.id))
                     .where(Organisation.id.in_(ids)).group_by(column))
    verified = case((Organisation.verified_at.is_(None), "no"), else_="yes")
    ids = filtered_statement(viewer, filters.without("verified")).with_only_columns(Organisation.id)
    parts.append(select(literal_column("'verified'"), verified, func.count(Organisation.id))
                 .where(Organisation.id.in_(ids)).group_by(verified))
    for name, vocabulary in TAG_FILTERS.items():
        ids = filtered_statement(viewer, filters.without(name)).with_only_columns(Organisation.id)
        parts.append(
            select(literal_column(f"'{name}'"), OrganisationTag.slug, func.count(OrganisationTag.organisation_id))
            .where(OrganisationTag.vocabulary == vocabulary, OrganisationTag.organisation_id.in_(ids))
            .group_by(OrganisationTag.slug)
        )
    counts = {name: {} for name in ("sector", "type", "verified", *TAG_FILTERS)}
    for name, value, number in db.session.execute(union_all(*parts)):
        counts[name][value] = number
    return counts


def get_org(org_id: int) -> Organisation | None:
    return db.session.get(Organisation, org_id)


def get_org_by_slug(slug: str) -> Organisation | None:
    return db.session.execute(select(Organisation).where(Organisation.slug == slug)).scalar_one_or_none()


def list_user_orgs(user, admin_only: bool = False, verified_only: bool = False) -> list[Organisation]:
    """Organisations user is an active member (or, with admin_only, admin) of, by name."""
    ids = user.admin_org_ids() if admin_only else user.member_org_ids()
    if not ids:
        return []
    statement = select(Organisation).where(Organisation.id.in_(ids))
    if verified_only:
        statement = statement.where(Organisation.verified_at.is_not(None))
    return list(db.session.execute(statement.order_by(sort_key_column(), Organisation.id)).scalars())


def list_pending_orgs() -> list[Organisation]:
    """Organisations awaiting verification, oldest first (the secretariat's queue)."""
    statement = (select(Organisation)
                 .where(Organisation.verified_at.is_(None), Organisation.refused_at.is_(None))
                 .options(selectinload(Organisation.memberships).selectinload(Membership.user))
                 .order_by(Organisation.created_at, Organisation.id))
    return list(db.session.execute(statement).scalars())


def list_registry_clashes(orgs: list[Organisation]) -> dict[int, list[tuple]]:
    """{id: [(Registry, name of another organisation that gave the same number)]} for the secretariat.

    One query per registry whatever the number of organisations: a possible duplicate
    registration or a number copied by mistake shows in the verification queue.
    """
    clashes: dict[int, list[tuple]] = {}
    for registry in REGISTRIES:
        column = getattr(Organisation, registry.field)
        numbers = {getattr(org, registry.field) for org in orgs} - {None}
        if not numbers:
            continue
        holders: dict[str, list] = {}
        for other_id, name, number in db.session.execute(
                select(Organisation.id, Organisation.name, column).where(column.in_(numbers))
                .order_by(Organisation.sort_key)):
            holders.setdefault(number, []).append((other_id, name))
        for org in orgs:
            for other_id, name in holders.get(getattr(org, registry.field), []):
                if other_id != org.id:
                    clashes.setdefault(org.id, []).append((registry, name))
    return clashes


def count_pending_orgs() -> int:
    return db.session.execute(
        select(func.count(Organisation.id)).where(Organisation.verified_at.is_(None), Organisation.refused_at.is_(None))
    ).scalar_one()


def list_memberships(org: Organisation) -> list[Membership]:
    """Active members (admins first) and join requests of org, with their users."""
    statement = (select(Membership).join(Membership.user)
                 .where(Membership.organisation_id == org.id)
                 .options(selectinload(Membership.user))
                 .order_by(Membership.role, func.lower(User.display_name), Membership.id))
    return list(db.session.execute(statement).scalars())


def members_shown(org: Organisation, limit: int) -> tuple[list, int]:
    """The first `limit` active members of org (admins first, then by name) as rows of
    (display_name, is_admin, total), and how many active members it has: the profile lists a few by
    name, not the hundreds a large organisation has (its admins see them all under "Members and
    invitations"). Two columns, not whole accounts: the page shows nothing else of them."""
    rows = db.session.execute(_members_shown_statement(), {"org_id": org.id, "limit": limit}).all()
    return rows, rows[0].total if rows else 0


@cache  # built once (on first use: the mappers must be configured), as every member sees the list
def _members_shown_statement():
    # The total is counted over every active member before the limit: one statement, not two.
    return (select(User.display_name, Membership.is_admin.label("is_admin"), func.count().over().label("total"))
            .select_from(Membership).join(Membership.user)
            .where(Membership.organisation_id == bindparam("org_id"), Membership.status == "active")
            .order_by(Membership.role, func.lower(User.display_name), Membership.id).limit(bindparam("limit")))


def list_admins(org: Organisation) -> list[User]:
    """The active admins of org: the one query for "who answers for this organisation"."""
    statement = (select(User).join(Membership, Membership.user_id == User.id)
                 .where(Membership.organisation_id == org.id, Membership.is_admin).order_by(User.id))
    return list(db.session.execute(statement).scalars())


def list_open_invitations(org: Organisation) -> list[Invitation]:
    statement = (select(Invitation).where(Invitation.organisation_id == org.id, Invitation.accepted_at.is_(None))
                 .order_by(Invitation.created_at.desc()))
    return list(db.session.execute(statement).scalars())


def get_membership(org: Organisation, user) -> Membership | None:
    """user's membership of org (active or requested), if any."""
    if not user.is_authenticated:
        return None
    return db.session.execute(
        select(Membership).where(Membership.organisation_id == org.id, Membership.user_id == user.id)
    ).scalar_one_or_none()


def list_recent_orgs(limit: int = 5) -> list[Organisation]:
    """The newest verified organisations (home page: names and sectors, no tags)."""
    statement = (select(Organisation).where(Organisation.verified_at.is_not(None)).options(lazyload(Organisation.tags))
                 .order_by(Organisation.verified_at.desc(), Organisation.id.desc()).limit(limit))
    return list(db.session.execute(statement).scalars())
