"""A post's match list: every candidate ranked from counts in the database, reasons only where shown.

The database counts, per candidate, the values it shares with the post (the fields of
matching.Overlap: shared themes, target groups, languages, counties…) in one grouped query per
kind of candidate; matching.points() turns each such row into the candidate's score, the very
total that matching.score() gives (tests compare the two), so the whole list is ordered without
building a profile per candidate. The ranked list, (kind, id) pairs only, is kept between
requests until the data changes (see "the cache" below). matching.score() then works out the
reasons of the slice a page shows, from its rows and tags (two more statements). A page therefore
costs the same few statements with 20 or 2,000 candidates.
"""
from sqlalchemy import and_, case, false, func, literal, or_, select, union_all

from app import kept, taxonomy
from app.directory.models import Organisation, OrganisationTag
from app.extensions import db
from app.partnerships import matching
from app.partnerships.models import PartnershipPost, PartnershipPostTag, local_today
from app.partnerships.queries import (
    MatchRow, _post_profile, _sharing_tags, _tag_sets, active_condition, organisation_profile, post_profile,
    visibility_key, visible_org_condition,
)
from app.permissions import relevant_grants, visible_where


def _counted_tags(tag_model, subject: matching.Profile, for_posts: bool):
    """The candidate tags that the counts of _overlap_columns look at; the others are not joined."""
    # Joining only these (the subject's themes, groups and languages, every county, and of posts
    # their area scopes and the subject's sector sought) keeps the rows to group few.
    wanted = [
        and_(tag_model.vocabulary == "thematic_areas", tag_model.slug.in_(list(subject.themes))),
        and_(tag_model.vocabulary == "target_groups", tag_model.slug.in_(list(subject.target_groups))),
        and_(tag_model.vocabulary == "languages",
             tag_model.slug.in_(list(subject.languages - matching.UNINFORMATIVE_LANGUAGES))),
        tag_model.vocabulary == "counties",
    ]
    if for_posts:
        wanted += [tag_model.vocabulary == "area_scopes",
                   and_(tag_model.vocabulary == "sectors", tag_model.slug == subject.sector)]
    return or_(*wanted)


def _has(tag_model, vocabulary: str, slugs):
    """How many of a candidate's (joined) tags are one of slugs in vocabulary."""
    return func.count(case((and_(tag_model.vocabulary == vocabulary, tag_model.slug.in_(list(slugs))), 1)))


def _overlap_columns(kind: str, tag_model, subject: matching.Profile):
    """The columns of matching.Overlap, by its field names: each row can be scored as it is."""
    near = matching.subregion_counties(subject, taxonomy.slugs("counties"))
    return (
        literal(kind).label("kind"), Organisation.sector, Organisation.verified_at.is_not(None).label("verified"),
        _has(tag_model, "thematic_areas", subject.themes).label("themes"),
        _has(tag_model, "target_groups", subject.target_groups).label("target_groups"),
        _has(tag_model, "languages", subject.languages - matching.UNINFORMATIVE_LANGUAGES).label("languages"),
        _has(tag_model, "counties", subject.counties).label("counties"),
        _has(tag_model, "counties", near).label("subregion_counties"),
        func.count(case((tag_model.vocabulary == "counties", 1))).label("any_county"),
    )


def _org_columns():
    return (Organisation.id, Organisation.slug, Organisation.name, Organisation.whole_region,
            literal(False).label("outside_region"))


def _post_columns():
    return (PartnershipPost.id, PartnershipPost.kind.label("post_kind"), PartnershipPost.title,
            PartnershipPost.deadline, PartnershipPost.organisation_id, Organisation.slug, Organisation.name)


def _ranked(subject: matching.Profile, kind: str, rows, label_of, key_of) -> list:
    """(order, kind, id) of the rows that are matches."""
    ranked = []
    for row in rows:
        points = matching.points(subject, row)
        if points is not None:
            ranked.append((matching.order_key(points, kind, label_of(row), key_of(row)), kind, row.id))
    return ranked


def _ranked_organisations(viewer, subject: matching.Profile) -> list:
    """Organisations that might fit (a sought sector, or a shared theme / target group), scored."""
    relevant = or_(
        Organisation.sector.in_(subject.sectors_sought) if subject.sectors_sought else false(),
        Organisation.id.in_(_sharing_tags(OrganisationTag, OrganisationTag.organisation_id, subject)),
    )
    tag = OrganisationTag
    rows = db.session.execute(
        select(*_org_columns(), *_overlap_columns("organisation", tag, subject))
        .outerjoin(tag, and_(tag.organisation_id == Organisation.id, _counted_tags(tag, subject, False)))
        .where(visible_where("directory", viewer, Organisation), Organisation.id != subject.organisation_id, relevant)
        .group_by(Organisation.id))
    return _ranked(subject, "organisation", rows, lambda row: row.name, lambda row: row.slug)


def _ranked_posts(viewer, subject: matching.Profile, post: PartnershipPost) -> list:
    """Other organisations' active posts that might fit, scored."""
    tag = PartnershipPostTag
    relevant = [
        PartnershipPost.id.in_(_sharing_tags(tag, tag.post_id, subject)),
        PartnershipPost.id.in_(select(tag.post_id).where(tag.vocabulary == "sectors", tag.slug == subject.sector)),
    ]
    if subject.sectors_sought:
        relevant.append(Organisation.sector.in_(subject.sectors_sought))
    rows = db.session.execute(
        select(*_post_columns(), *_overlap_columns("post", tag, subject),
               _has(tag, "area_scopes", ["region"]).label("whole_region"),
               _has(tag, "area_scopes", ["outside-region"]).label("outside_region"),
               _has(tag, "sectors", [subject.sector]).label("seeks_subject_sector"))
        .join(Organisation, PartnershipPost.organisation_id == Organisation.id)
        .outerjoin(tag, and_(tag.post_id == PartnershipPost.id, _counted_tags(tag, subject, True)))
        .where(visible_org_condition(viewer), active_condition(local_today()),
               PartnershipPost.organisation_id != post.organisation_id, PartnershipPost.id != post.id,
               or_(*relevant))
        .group_by(PartnershipPost.id, Organisation.id))
    return _ranked(subject, "post", rows, lambda row: row.title, lambda row: row.id)


def _details_of(org_ids: list, post_ids: list) -> dict:
    """{(kind, id): row} of the candidates shown: what the page says of them, in two statements."""
    verified = Organisation.verified_at.is_not(None).label("verified")
    orgs = db.session.execute(select(*_org_columns(), Organisation.sector, verified)
                              .where(Organisation.id.in_(org_ids)))
    posts = db.session.execute(select(*_post_columns(), Organisation.sector, verified)
                               .join(Organisation, PartnershipPost.organisation_id == Organisation.id)
                               .where(PartnershipPost.id.in_(post_ids)))
    return {**{("organisation", row.id): row for row in orgs}, **{("post", row.id): row for row in posts}}


def _tags_of(org_ids: list, post_ids: list) -> dict:
    """{(kind, id): {vocabulary: slugs}} of the candidates shown, in one statement."""
    rows = db.session.execute(union_all(
        select(literal("organisation"), OrganisationTag.organisation_id, OrganisationTag.vocabulary,
               OrganisationTag.slug).where(OrganisationTag.organisation_id.in_(org_ids)),
        select(literal("post"), PartnershipPostTag.post_id, PartnershipPostTag.vocabulary,
               PartnershipPostTag.slug).where(PartnershipPostTag.post_id.in_(post_ids)),
    ))
    return _tag_sets(((kind, owner_id), vocabulary, slug) for kind, owner_id, vocabulary, slug in rows)


def _match_row(subject: matching.Profile, kind: str, row, tags: dict) -> MatchRow:
    verified = bool(row.verified)
    if kind == "organisation":
        profile = organisation_profile(row, tags.get(("organisation", row.id), {}), verified)
        match = matching.score(subject, profile)
        return MatchRow(match=match, name=row.name, organisation_name=row.name, organisation_slug=row.slug,
                        sector=row.sector, verified=verified, strength=matching.strength(match, subject))
    profile = _post_profile(row.id, row.post_kind, row.organisation_id, row.sector, verified, row.title,
                            tags.get(("post", row.id), {}))
    match = matching.score(subject, profile)
    return MatchRow(match=match, name=row.title, organisation_name=row.name, organisation_slug=row.slug,
                    sector=row.sector, verified=verified, post_kind=row.post_kind, deadline=row.deadline,
                    strength=matching.strength(match, subject))


class MatchList:
    """A post's matches, best first; taking a slice gives its MatchRows with their reasons."""

    def __init__(self, subject: matching.Profile, ranked: list):
        self.subject, self.ranked = subject, ranked  # [(kind, id)], best first

    def __len__(self) -> int:
        return len(self.ranked)

    def __getitem__(self, window: slice) -> list:
        if not isinstance(window, slice):
            raise TypeError("a MatchList is read by slices (one query per slice)")
        entries = self.ranked[window]
        org_ids = [key for kind, key in entries if kind == "organisation"]
        post_ids = [key for kind, key in entries if kind == "post"]
        rows, tags = _details_of(org_ids, post_ids), _tags_of(org_ids, post_ids)
        # A candidate deleted since the list was ranked (a list is kept until the data version moves) is left out.
        return [_match_row(self.subject, kind, rows[kind, key], tags)
                for kind, key in entries if (kind, key) in rows]


# --- the kept ranked lists ---------------------------------------------------------------------
# Ranking a post's candidates reads every organisation and active post with its tags (tens of ms
# at regional scale), while the candidates change far less often than match pages are read. So
# a ranked list is kept (app/kept.py) under a key that changes whenever its inputs may have:
# the post's own profile (a frozen Profile: kind, sector, tags…), the viewer's visibility,
# today's date (posts expire at their deadline) and the data version of organisations and posts.
RANKED_LISTS = kept.KeptValues("partnership_match_lists", size=16)  # (kind, id) pairs: under 0.5 MB for 2,500 candidates


def _visibility_key(viewer) -> tuple:
    """What makes one viewer's match lists differ from another's: their grants for organisations and posts."""
    return tuple(sorted(relevant_grants("directory", viewer, Organisation) | visibility_key(viewer)))


def match_list(viewer, post: PartnershipPost, kind: str | None = None) -> MatchList:
    """Organisations and other active posts that fit post, best first (kind: only one of the two).

    Only candidates the viewer may see; the posting organisation and its posts never appear.
    """
    subject = post_profile(post)
    key = (post.id, subject, _visibility_key(viewer), local_today())
    ranked = RANKED_LISTS.get(key, kept.data_version(Organisation, PartnershipPost), lambda: [
        (candidate_kind, candidate_id) for _, candidate_kind, candidate_id
        in sorted(_ranked_organisations(viewer, subject) + _ranked_posts(viewer, subject, post))])
    if kind is not None:
        ranked = [entry for entry in ranked if entry[0] == kind]
    return MatchList(subject, ranked)
