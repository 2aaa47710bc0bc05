"""A post's match list: every candidate ranked from counts in the database, reasons only where shown.

The database counts, per candidate, the values it shares with the post (matching.Overlap: shared
themes, target groups, languages, counties…) in one grouped query per kind of candidate;
matching.points() turns those counts into the candidate's score, the very total that
matching.score() gives (tests compare the two), so the whole list is ordered without building a
profile per candidate. matching.score() then works out the reasons of the slice a page shows
(its tags come in one more query). A page therefore costs the same few statements, and little
Python, with 20 or 2,000 candidates.
"""
from dataclasses import dataclass
from typing import Any

from sqlalchemy import and_, case, false, func, literal, or_, select, union_all

from app import taxonomy
from app.directory.models import Organisation, OrganisationTag
from app.extensions import db
from app.partnerships import matching
from app.partnerships.models import PartnershipPost, PartnershipPostTag, local_today
from app.partnerships.queries import (
    MatchRow, _post_profile, _sharing_tags, _tag_sets, active_condition, organisation_profile, post_profile,
    visible_org_condition,
)

ORGANISATION_VOCABULARIES = ("thematic_areas", "target_groups", "languages", "counties")
POST_VOCABULARIES = (*ORGANISATION_VOCABULARIES, "area_scopes", "sectors")


@dataclass(frozen=True)
class Ranked:
    """A candidate's place in the list: its score and the row the page's details come from."""

    order: tuple
    kind: str
    row: Any


def _has(tag_model, vocabulary: str, slugs):
    """How many of a candidate's (joined) tags are one of slugs in vocabulary."""
    return func.count(case((and_(tag_model.vocabulary == vocabulary, tag_model.slug.in_(list(slugs))), 1)))


def _overlap_columns(tag_model, subject: matching.Profile):
    near = matching.subregion_counties(subject, taxonomy.slugs("counties"))
    return (
        _has(tag_model, "thematic_areas", subject.themes).label("shared_themes"),
        _has(tag_model, "target_groups", subject.target_groups).label("shared_groups"),
        _has(tag_model, "languages", subject.languages - matching.UNINFORMATIVE_LANGUAGES).label("shared_languages"),
        _has(tag_model, "counties", subject.counties).label("shared_counties"),
        _has(tag_model, "counties", near).label("near_counties"),
        func.count(case((tag_model.vocabulary == "counties", 1))).label("any_county"),
    )


def _overlap(kind: str, row, **extra) -> matching.Overlap:
    return matching.Overlap(
        kind=kind, sector=row.sector, verified=row.verified_at is not None, themes=row.shared_themes,
        target_groups=row.shared_groups, languages=row.shared_languages, counties=row.shared_counties,
        subregion_counties=row.near_counties, any_county=row.any_county > 0, **extra)


def _ranked(subject: matching.Profile, kind: str, rows, overlap_of, label_of, key_of) -> list:
    ranked = []
    for row in rows:
        points = matching.points(subject, overlap_of(row))
        if points is not None:
            ranked.append(Ranked(matching.order_key(points, kind, label_of(row), key_of(row)), kind, row))
    return ranked


def _ranked_organisations(viewer, subject: matching.Profile) -> list:
    """Organisations that might fit (a sought sector, or a shared theme / target group), scored."""
    relevant = or_(
        Organisation.sector.in_(subject.sectors_sought) if subject.sectors_sought else false(),
        Organisation.id.in_(_sharing_tags(OrganisationTag, OrganisationTag.organisation_id, subject)),
    )
    tag = OrganisationTag
    rows = db.session.execute(
        select(Organisation.id, Organisation.slug, Organisation.name, Organisation.sector, Organisation.whole_region,
               Organisation.verified_at, *_overlap_columns(tag, subject))
        .outerjoin(tag, and_(tag.organisation_id == Organisation.id, tag.vocabulary.in_(ORGANISATION_VOCABULARIES)))
        .where(visible_org_condition(viewer), Organisation.id != subject.organisation_id, relevant)
        .group_by(Organisation.id))
    return _ranked(subject, "organisation", rows,
                   lambda row: _overlap("organisation", row, whole_region=bool(row.whole_region)),
                   lambda row: row.name, lambda row: row.slug)


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
        select(PartnershipPost.id, PartnershipPost.kind, PartnershipPost.title, PartnershipPost.deadline,
               PartnershipPost.organisation_id, Organisation.slug, Organisation.name, Organisation.sector,
               Organisation.verified_at, *_overlap_columns(tag, subject),
               _has(tag, "area_scopes", ["region"]).label("whole_region"),
               _has(tag, "area_scopes", ["outside-region"]).label("outside_region"),
               _has(tag, "sectors", [subject.sector]).label("seeks_subject_sector"))
        .join(Organisation, PartnershipPost.organisation_id == Organisation.id)
        .outerjoin(tag, and_(tag.post_id == PartnershipPost.id, tag.vocabulary.in_(POST_VOCABULARIES)))
        .where(visible_org_condition(viewer), active_condition(local_today()),
               PartnershipPost.organisation_id != post.organisation_id, PartnershipPost.id != post.id,
               or_(*relevant))
        .group_by(PartnershipPost.id, Organisation.id))
    return _ranked(subject, "post", rows,
                   lambda row: _overlap("post", row, whole_region=row.whole_region > 0,
                                        outside_region=row.outside_region > 0, post_kind=row.kind,
                                        seeks_subject_sector=row.seeks_subject_sector > 0),
                   lambda row: row.title, lambda row: row.id)


def _tags_of(entries) -> dict:
    """{(kind, id): {vocabulary: slugs}} of the candidates entries, in one statement."""
    org_ids = [e.row.id for e in entries if e.kind == "organisation"]
    post_ids = [e.row.id for e in entries if e.kind == "post"]
    rows = db.session.execute(union_all(
        select(literal("organisation"), OrganisationTag.organisation_id, OrganisationTag.vocabulary,
               OrganisationTag.slug).where(OrganisationTag.organisation_id.in_(org_ids)),
        select(literal("post"), PartnershipPostTag.post_id, PartnershipPostTag.vocabulary,
               PartnershipPostTag.slug).where(PartnershipPostTag.post_id.in_(post_ids)),
    ))
    return _tag_sets(((kind, owner_id), vocabulary, slug) for kind, owner_id, vocabulary, slug in rows)


def _match_row(subject: matching.Profile, entry: Ranked, tags: dict) -> MatchRow:
    row, verified = entry.row, entry.row.verified_at is not None
    if entry.kind == "organisation":
        profile = organisation_profile(row, tags.get(("organisation", row.id), {}))
        return MatchRow(match=matching.score(subject, profile), name=row.name, organisation_name=row.name,
                        organisation_slug=row.slug, sector=row.sector, verified=verified)
    profile = _post_profile(row.id, row.kind, row.organisation_id, row.sector, verified, row.title,
                            tags.get(("post", row.id), {}))
    return MatchRow(match=matching.score(subject, profile), name=row.title, organisation_name=row.name,
                    organisation_slug=row.slug, sector=row.sector, verified=verified, post_kind=row.kind,
                    deadline=row.deadline)


class MatchList:
    """A post's matches, best first; taking a slice gives its MatchRows with their reasons."""

    def __init__(self, subject: matching.Profile, ranked: list):
        self.subject, self.ranked = subject, sorted(ranked, key=lambda entry: entry.order)

    def __len__(self) -> int:
        return len(self.ranked)

    def __getitem__(self, window: slice) -> list:
        if not isinstance(window, slice):
            raise TypeError("a MatchList is read by slices (one query per slice)")
        entries = self.ranked[window]
        tags = _tags_of(entries)
        return [_match_row(self.subject, entry, tags) for entry in entries]


def match_list(viewer, post: PartnershipPost, kind: str | None = None) -> MatchList:
    """Organisations and other active posts that fit post, best first (kind: only one of the two).

    Only candidates the viewer may see; the posting organisation and its posts never appear.
    """
    subject = post_profile(post)
    ranked = []
    if kind in (None, "organisation"):
        ranked += _ranked_organisations(viewer, subject)
    if kind in (None, "post"):
        ranked += _ranked_posts(viewer, subject, post)
    return MatchList(subject, ranked)
