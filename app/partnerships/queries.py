"""Reads of the partnership board, already filtered by what the viewer may see.

"My organisation's matches" loads its candidate posts as plain rows in a fixed number of queries
(one for the candidates, one for all their tags) and scores them in Python (matching.py); a
post's own match list, far longer, is ranked from counts in SQL (match_list.py).
"""
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

from flask import current_app
from sqlalchemy import and_, func, or_, select, true
from sqlalchemy.orm import contains_eager, lazyload, selectinload

from app import kept, taxonomy
from app.directory.models import Organisation
from app.extensions import db
from app.pagination import SlicePage
from app.partnerships import matching
from app.partnerships.models import (
    ACTIVE_STATUSES, KINDS, PLACE_SCOPES, ConversationMessage, PartnershipConversation,
    PartnershipPartner, PartnershipPost, PartnershipPostTag, local_today,
)
from app.permissions import relevant_grants, visible_where
from app.tags import valid_slugs

STATUS_FILTERS = ("open", "in_talks", "formed", "closed", "expired", "all")  # "" = open or in talks
SORTS = ("newest", "deadline")
MAX_DEADLINE_DAYS = 366


# --- visibility --------------------------------------------------------------------------
def visible_org_condition(viewer):
    """The posts viewer may see (the policy's grants), in a select joining their Organisation."""
    return visible_where("partnerships", viewer, PartnershipPost, Organisation)


def active_condition(today: date):
    """Open or in talks, deadline not passed: the posts that still look for partners."""
    return and_(PartnershipPost.status.in_(ACTIVE_STATUSES),
                or_(PartnershipPost.deadline.is_(None), PartnershipPost.deadline >= today))


def expired_condition(today: date):
    return and_(PartnershipPost.status.in_(ACTIVE_STATUSES), PartnershipPost.deadline < today)


def _status_condition(status: str, today: date):
    if status == "all":
        return true()
    if status == "expired":
        return expired_condition(today)
    if status in ("formed", "closed"):
        return PartnershipPost.status == status
    if status in ACTIVE_STATUSES:
        return and_(PartnershipPost.status == status, active_condition(today))
    return active_condition(today)


# --- the board ---------------------------------------------------------------------------
def _one_of(value, allowed) -> str:
    return value if value in allowed else ""


def _days(value) -> int | None:
    try:
        days = int(value)
    except (TypeError, ValueError):
        return None
    return days if 0 < days <= MAX_DEADLINE_DAYS else None


@dataclass
class BoardFilters:
    """The board's filters read from the URL; unknown values are dropped, never an error."""

    kind: str = ""
    themes: list = field(default_factory=list)
    counties: list = field(default_factory=list)  # counties and the area scopes region / outside-region
    sectors: list = field(default_factory=list)  # sectors sought
    funding: list = field(default_factory=list)
    status: str = ""
    deadline_within: int | None = None
    sort: str = "newest"

    @classmethod
    def from_args(cls, args) -> "BoardFilters":
        places = args.getlist("county")
        return cls(
            kind=_one_of(args.get("kind"), KINDS),
            themes=valid_slugs("thematic_areas", args.getlist("theme")),
            counties=[p for p in dict.fromkeys(places) if taxonomy.is_valid("counties", p) or p in PLACE_SCOPES],
            sectors=valid_slugs("sectors", args.getlist("sector")),
            funding=valid_slugs("funding_sources", args.getlist("funding")),
            status=_one_of(args.get("status"), STATUS_FILTERS),
            deadline_within=_days(args.get("deadline_within")),
            sort=_one_of(args.get("sort"), SORTS) or "newest",
        )

    def key(self) -> tuple:
        """The filters and order, hashable (a key for the board's kept order)."""
        return (self.kind, tuple(self.themes), tuple(self.counties), tuple(self.sectors), tuple(self.funding),
                self.status, self.deadline_within, self.sort)

    @property
    def is_filtered(self) -> bool:
        """Whether the board is narrowed (the order is not a filter), as the other lists' filters say."""
        return any((self.kind, self.themes, self.counties, self.sectors, self.funding, self.status,
                    self.deadline_within))


def _tagged(vocabulary: str, slugs):
    return PartnershipPost.id.in_(select(PartnershipPostTag.post_id).where(
        PartnershipPostTag.vocabulary == vocabulary, PartnershipPostTag.slug.in_(slugs)))


def _place_condition(places: list):
    """Posts for one of the places; a post for the whole region counts for each of its counties."""
    counties = [p for p in places if p not in PLACE_SCOPES]
    scopes = {p for p in places if p in PLACE_SCOPES} | ({"region"} if counties else set())
    return PartnershipPost.id.in_(select(PartnershipPostTag.post_id).where(or_(
        and_(PartnershipPostTag.vocabulary == "counties", PartnershipPostTag.slug.in_(counties)),
        and_(PartnershipPostTag.vocabulary == "area_scopes", PartnershipPostTag.slug.in_(scopes)),
    )))


def _visible_posts(viewer):
    # Lists show the organisation's name, never its tags: not loaded with it (on access only).
    return (select(PartnershipPost)
            .join(Organisation, PartnershipPost.organisation_id == Organisation.id)
            .options(contains_eager(PartnershipPost.organisation).lazyload(Organisation.tags))
            .where(visible_org_condition(viewer)))


def board_statement(viewer, filters: BoardFilters, today: date | None = None, posts=None):
    """The posts of the board for these filters, in its order (posts: a select of what to load,
    joining Organisation; by default the posts with their organisation)."""
    today = today or local_today()
    stmt = (_visible_posts(viewer) if posts is None else posts).where(_status_condition(filters.status, today))
    if filters.kind:
        stmt = stmt.where(PartnershipPost.kind == filters.kind)
    for vocabulary, slugs in (("thematic_areas", filters.themes), ("sectors", filters.sectors)):
        if slugs:
            stmt = stmt.where(_tagged(vocabulary, slugs))
    if filters.counties:
        stmt = stmt.where(_place_condition(filters.counties))
    if filters.funding:
        stmt = stmt.where(PartnershipPost.funding_source.in_(filters.funding))
    if filters.deadline_within:
        stmt = stmt.where(PartnershipPost.deadline >= today,
                          PartnershipPost.deadline <= today + timedelta(days=filters.deadline_within))
    if filters.sort == "deadline":
        return stmt.order_by(PartnershipPost.deadline.is_(None), PartnershipPost.deadline, PartnershipPost.id.desc())
    return stmt.order_by(PartnershipPost.created_at.desc(), PartnershipPost.id.desc())


# The board's order for one set of filters (the ids of every matching post) is kept (app/kept.py)
# until a post or an organisation changes or the day turns (posts expire at their deadline).
# A page and the count are then a slice and a length: counting and sorting every open post with
# its organisation's visibility took 10 of the board's 12 ms of SQL with 4,000 open posts.
BOARD_ORDERS = kept.KeptValues("partnership_board", size=64)  # 8 bytes a post: 32 kB for 4,000


def visibility_key(viewer) -> frozenset:
    """What makes one viewer's board differ from another's: their grants for posts."""
    return relevant_grants("partnerships", viewer, PartnershipPost, Organisation)


def board_order(viewer, filters: BoardFilters):
    """The ids of the board's posts for these filters, in its order."""
    today = local_today()

    def ids():
        posts = (select(PartnershipPost.id).join(Organisation, PartnershipPost.organisation_id == Organisation.id)
                 .where(visible_org_condition(viewer)))
        return kept.id_order(board_statement(viewer, filters, today, posts))

    return BOARD_ORDERS.get((filters.key(), visibility_key(viewer), today),
                            kept.data_version(Organisation, PartnershipPost), ids)


def posts_by_ids(viewer, ids, cards: bool = True) -> list:
    """The posts of ids that viewer may see, in the order of ids (one query), with their tags for
    the board's cards (one more), or without for a list of titles (cards=False)."""
    statement = _visible_posts(viewer).where(PartnershipPost.id.in_(ids))
    if not cards:
        statement = statement.options(lazyload(PartnershipPost.tags))
    return kept.in_order(db.session.execute(statement).unique().scalars(), ids)


def list_posts(viewer, filters: BoardFilters, page: int = 1) -> SlicePage:
    """One page of the board; tags come in one more query."""
    return SlicePage.of(board_order(viewer, filters), page, current_app.config.get("PER_PAGE", 20),
                        lambda ids: posts_by_ids(viewer, ids))


def feed_posts(viewer, filters: BoardFilters, limit: int = 30) -> list:
    """The board's newest posts for its Atom feed, with the board's filters."""
    return list(db.session.execute(board_statement(viewer, filters).limit(limit)).unique().scalars())


def newest_active_posts(viewer, limit: int = 5) -> list:
    """The newest posts still looking for partners (the home page box): the unfiltered board's first."""
    return posts_by_ids(viewer, board_order(viewer, BoardFilters())[:limit], cards=False)


def count_formed_partnerships(start: datetime | None = None, end: datetime | None = None) -> int:
    """Partnerships formed (posts marked "formed"), optionally within [start, end): the dashboard's figure."""
    stmt = select(func.count(PartnershipPost.id)).where(PartnershipPost.status == "formed")
    if start is not None:
        stmt = stmt.where(PartnershipPost.formed_at >= start)
    if end is not None:
        stmt = stmt.where(PartnershipPost.formed_at < end)
    return db.session.execute(stmt).scalar_one()


def formed_partnerships(limit: int = 20) -> list:
    """The most recently formed partnerships, with their partners (public posts only)."""
    stmt = (select(PartnershipPost).join(Organisation, PartnershipPost.organisation_id == Organisation.id)
            .options(contains_eager(PartnershipPost.organisation))
            .where(PartnershipPost.status == "formed", Organisation.verified_at.is_not(None))
            .order_by(PartnershipPost.formed_at.desc()).limit(limit))
    return list(db.session.execute(stmt).unique().scalars())


# --- profiles for matching ---------------------------------------------------------------
def _tag_sets(rows) -> dict:
    """{owner id: {vocabulary: set of slugs}} from (owner id, vocabulary, slug) rows."""
    tags = defaultdict(lambda: defaultdict(set))
    for owner_id, vocabulary, slug in rows:
        tags[owner_id][vocabulary].add(slug)
    return tags


def _post_profile(row_id, kind, org_id, sector, verified, title, tags) -> matching.Profile:
    scopes = tags.get("area_scopes", set())
    return matching.Profile(
        kind="post", key=row_id, organisation_id=org_id, sector=sector,
        themes=frozenset(tags.get("thematic_areas", ())), target_groups=frozenset(tags.get("target_groups", ())),
        counties=frozenset(tags.get("counties", ())), whole_region="region" in scopes,
        outside_region="outside-region" in scopes, languages=frozenset(tags.get("languages", ())),
        verified=verified, post_kind=kind, sectors_sought=frozenset(tags.get("sectors", ())), label=title,
    )


def post_profile(post: PartnershipPost) -> matching.Profile:
    tags = defaultdict(set)
    for tag in post.tags:
        tags[tag.vocabulary].add(tag.slug)
    org = post.organisation
    return _post_profile(post.id, post.kind, org.id, org.sector, org.verified_at is not None, post.title, tags)


def organisation_profile(org: Organisation, tags: dict | None = None, verified: bool | None = None) -> matching.Profile:
    """org's Profile (org may be a row with its columns; verified given, it needs no verified_at)."""
    if verified is None:
        verified = org.verified_at is not None
    if tags is None:
        tags = defaultdict(set)
        for tag in org.tags:
            tags[tag.vocabulary].add(tag.slug)
    return matching.Profile(
        kind="organisation", key=org.slug, organisation_id=org.id, sector=org.sector,
        themes=frozenset(tags.get("thematic_areas", ())), target_groups=frozenset(tags.get("target_groups", ())),
        counties=frozenset(tags.get("counties", ())), whole_region=bool(org.whole_region),
        languages=frozenset(tags.get("languages", ())), verified=verified, label=org.name,
    )


def _sharing_tags(tag_model, owner_column, subject: matching.Profile):
    """Owners tagged with one of the subject's themes or target groups."""
    pairs = [and_(tag_model.vocabulary == "thematic_areas", tag_model.slug.in_(subject.themes)),
             and_(tag_model.vocabulary == "target_groups", tag_model.slug.in_(subject.target_groups))]
    return select(owner_column).where(or_(*pairs))


@dataclass
class MatchRow:
    """A match with what the page shows of its candidate."""

    match: matching.Match
    name: str  # organisation name or post title
    organisation_name: str
    organisation_slug: str
    sector: str
    verified: bool
    post_kind: str | None = None
    deadline: date | None = None
    strength: str = matching.POSSIBLE  # matching.strength(): what the page says instead of points


def _candidate_posts(viewer, where) -> tuple[list, dict]:
    """Active visible posts under the extra conditions where, as profiles, in two queries."""
    conditions = (visible_org_condition(viewer), active_condition(local_today()), *where)
    base = select(PartnershipPost.id).join(Organisation, PartnershipPost.organisation_id == Organisation.id)
    rows = db.session.execute(
        select(PartnershipPost.id, PartnershipPost.kind, PartnershipPost.title, PartnershipPost.deadline,
               PartnershipPost.organisation_id, Organisation.slug, Organisation.name, Organisation.sector,
               Organisation.verified_at)
        .join(Organisation, PartnershipPost.organisation_id == Organisation.id).where(*conditions)).all()
    tags = _tag_sets(db.session.execute(
        select(PartnershipPostTag.post_id, PartnershipPostTag.vocabulary, PartnershipPostTag.slug)
        .where(PartnershipPostTag.post_id.in_(base.where(*conditions)))))
    profiles, info = [], {}
    for row in rows:
        verified = row.verified_at is not None
        profiles.append(_post_profile(row.id, row.kind, row.organisation_id, row.sector, verified, row.title,
                                      tags.get(row.id, {})))
        info[("post", row.id)] = dict(name=row.title, organisation_name=row.name, organisation_slug=row.slug,
                                     sector=row.sector, verified=verified, post_kind=row.kind, deadline=row.deadline)
    return profiles, info


def matches_for_organisation(viewer, org: Organisation) -> list:
    """Active posts that fit org's profile, best first: each scored exactly as on that post's match list."""
    candidate = organisation_profile(org)
    seeks_org = select(PartnershipPostTag.post_id).where(
        PartnershipPostTag.vocabulary == "sectors", PartnershipPostTag.slug == org.sector)
    sharing = _sharing_tags(PartnershipPostTag, PartnershipPostTag.post_id, candidate)
    posts, info = _candidate_posts(viewer, (PartnershipPost.organisation_id != org.id,
                                            or_(PartnershipPost.id.in_(seeks_org), PartnershipPost.id.in_(sharing))))
    scored = (matching.score(post, candidate) for post in posts)
    pairs = [(post, m) for post, m in zip(posts, scored) if m is not None]
    pairs.sort(key=lambda pair: (-pair[1].score, pair[0].label.casefold(), pair[0].key))
    return [MatchRow(match=matching.Match(post, m.score, m.reasons), strength=matching.strength(m, post),
                     **info[("post", post.key)]) for post, m in pairs]


# --- conversations -----------------------------------------------------------------------
def interests_received(post: PartnershipPost) -> list:
    """The conversations opened on post, newest activity first, with their messages."""
    stmt = (select(PartnershipConversation).where(PartnershipConversation.post_id == post.id)
            .options(selectinload(PartnershipConversation.messages))
            .order_by(PartnershipConversation.last_message_at.desc()))
    return list(db.session.execute(stmt).unique().scalars())


def conversation_of(post: PartnershipPost, organisation_ids) -> PartnershipConversation | None:
    """The conversation that one of organisation_ids already has about post, if any."""
    if not organisation_ids:
        return None
    return db.session.execute(select(PartnershipConversation).where(
        PartnershipConversation.post_id == post.id,
        PartnershipConversation.organisation_id.in_(organisation_ids)).limit(1)).unique().scalar_one_or_none()


def conversations_of(viewer) -> list:
    """Conversations of the viewer's organisations (either side), newest activity first."""
    member_of = viewer.member_org_ids()
    if not member_of:
        return []
    stmt = (select(PartnershipConversation)
            .join(PartnershipPost, PartnershipConversation.post_id == PartnershipPost.id)
            .where(or_(PartnershipConversation.organisation_id.in_(member_of),
                       PartnershipPost.organisation_id.in_(member_of)))
            .order_by(PartnershipConversation.last_message_at.desc()).limit(200))
    return list(db.session.execute(stmt).unique().scalars())


def messages_of(conversation: PartnershipConversation) -> list:
    stmt = (select(ConversationMessage).where(ConversationMessage.conversation_id == conversation.id)
            .options(selectinload(ConversationMessage.author), selectinload(ConversationMessage.organisation))
            .order_by(ConversationMessage.id))
    return list(db.session.execute(stmt).scalars())


def reported_conversations() -> list:
    """Conversations reported to the secretariat, open reports first."""
    stmt = (select(PartnershipConversation).where(PartnershipConversation.reported_at.is_not(None))
            .order_by(PartnershipConversation.report_resolved_at.is_not(None),
                      PartnershipConversation.reported_at.desc()).limit(200))
    return list(db.session.execute(stmt).unique().scalars())


def partner_choices(post: PartnershipPost) -> list:
    """(id, name) of organisations the poster may name as partners: those that expressed
    interest and those already named."""
    interested = select(PartnershipConversation.organisation_id).where(PartnershipConversation.post_id == post.id)
    named = select(PartnershipPartner.organisation_id).where(PartnershipPartner.post_id == post.id)
    rows = db.session.execute(select(Organisation.id, Organisation.name)
                              .where(or_(Organisation.id.in_(interested), Organisation.id.in_(named)))
                              .order_by(Organisation.sort_key))
    return [(row.id, row.name) for row in rows]


def member_organisations(user) -> list:
    """The organisations user belongs to, by name (for "on behalf of" choices)."""
    ids = user.member_org_ids()
    if not ids:
        return []
    stmt = select(Organisation).where(Organisation.id.in_(ids)).order_by(Organisation.sort_key)
    return list(db.session.execute(stmt).scalars())


class ListPage:
    """A page of an in-memory list, with the interface the pagination macro uses."""

    def __init__(self, items: list, page: int, per_page: int):
        self.total, self.per_page = len(items), per_page
        self.pages = max(1, -(-self.total // per_page))
        self.page = min(max(page, 1), self.pages)
        start = (self.page - 1) * per_page
        self.items = items[start:start + per_page]
        self.has_prev, self.has_next = self.page > 1, self.page < self.pages
        self.prev_num, self.next_num = self.page - 1, self.page + 1

    def __iter__(self):
        return iter(self.items)

    def iter_pages(self, left_edge=2, left_current=2, right_current=4, right_edge=2):
        """Page numbers to show, None for a gap (the same shape as Flask-SQLAlchemy's)."""
        end = self.pages + 1
        left_end = min(1 + left_edge, end)
        yield from range(1, left_end)
        if left_end == end:
            return
        mid_start, mid_end = max(left_end, self.page - left_current), min(self.page + right_current + 1, end)
        if mid_start > left_end:
            yield None
        yield from range(mid_start, mid_end)
        if mid_end == end:
            return
        right_start = max(mid_end, end - right_edge)
        if right_start > mid_end:
            yield None
        yield from range(right_start, end)
