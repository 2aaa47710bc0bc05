"""Partner matching: how well a candidate (an organisation or another post) fits a post.

A pure module: plain values in (Profile), plain values out (Match, Reason); no database, no
request, no translations (app/partnerships/reasons.py puts reasons into words). All weights are
in WEIGHTS below; change them there and nowhere else.

The formula
-----------
    score = Σ points of the parts that apply, every part listed as a Reason:

    sector_sought      WEIGHTS["sector_sought"]     the candidate's sector is one the post seeks
    verified           WEIGHTS["verified"]          the candidate's organisation is verified
    shared_themes      per_theme × n, at most cap   thematic areas both name
    shared_groups      per_group × n, at most cap   target groups both name
    geography          the best ONE of: same county > same NUTS-3 subregion > one side works in
                       the whole region > both work beyond the region (inter-regional/international)
    shared_languages   per_language × n, at most cap   shared languages other than Polish
                                                    (everyone here works in Polish; it tells nothing)
    and, between two posts only:
    answers_request    an offer and a request (opposite kinds) that share a thematic area
    seeks_your_sector  the candidate post seeks the sector of the post's own organisation

The weights are tiered so that the order reads like a rule, not a sum: bringing a sought sector
outweighs everything else together; among those, working in the post's own county outweighs
verification and every other fit together (a partner for a project in Tarnów County is found
in Tarnów County first); then verification outweighs every remaining "fit" part together
(tier invariants checked at import, see _check_tiers). So: sought sectors first, within them
the post's counties first, then verified organisations, then the best fit.

People see how strong a match is in words (strength()) with its reasons, never the points.

Who is never a candidate
------------------------
- the posting organisation itself, and the posts of that organisation;
- when the post seeks sectors: candidates of the poster's OWN sector that is not sought (an NGO
  seeking an employer gets employers, never a list of other NGOs);
- candidates with no substantive fit: at least one of sector_sought, shared_themes,
  shared_groups, answers_request, seeks_your_sector must apply (a shared county alone is not a
  partnership).
Ties are broken by kind (organisations first), then by label, then by key, so the order is stable.
"""
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

WEIGHTS = {
    # tier 1: the strongest signal
    "sector_sought": 200,
    # tier 2: place — the post's own county
    "same_county": 100,
    # tier 3: trust
    "verified": 50,
    # tier 4: fit (their caps sum to MAX_FIT, which must stay below "verified")
    "per_theme": 4, "themes_cap": 12,
    "per_group": 2, "groups_cap": 6,
    "same_subregion": 6, "whole_region": 3, "outside_region": 3,
    "per_language": 3, "languages_cap": 6,
    "answers_request": 8,
    "seeks_your_sector": 6,
}
MAX_FIT = (
    WEIGHTS["themes_cap"] + WEIGHTS["groups_cap"] + WEIGHTS["same_subregion"] + WEIGHTS["languages_cap"]
    + WEIGHTS["answers_request"] + WEIGHTS["seeks_your_sector"]
)
# Parts of which at least one must apply for a candidate to be a match at all.
SUBSTANTIVE = frozenset({"sector_sought", "shared_themes", "shared_groups", "answers_request", "seeks_your_sector"})
UNINFORMATIVE_LANGUAGES = frozenset({"pl"})
OPPOSITE_KIND = {"offer": "request", "request": "offer"}


def _check_tiers() -> None:
    if not WEIGHTS["verified"] > MAX_FIT:
        raise ValueError("WEIGHTS: 'verified' must exceed the largest possible fit")
    if not WEIGHTS["same_county"] > WEIGHTS["verified"] + MAX_FIT:
        raise ValueError("WEIGHTS: 'same_county' must exceed verification and every fit together")
    if not WEIGHTS["sector_sought"] > WEIGHTS["same_county"] + WEIGHTS["verified"] + MAX_FIT:
        raise ValueError("WEIGHTS: 'sector_sought' must exceed everything else together")


_check_tiers()


@dataclass(frozen=True)
class Profile:
    """What matching knows about a post or an organisation."""

    kind: str  # "organisation" | "post"
    key: int | str  # organisation slug, or post id
    organisation_id: int
    sector: str  # an organisation's sector; for a post, its organisation's sector
    themes: frozenset = frozenset()
    target_groups: frozenset = frozenset()
    counties: frozenset = frozenset()
    whole_region: bool = False
    outside_region: bool = False
    languages: frozenset = frozenset()
    verified: bool = True
    post_kind: str | None = None  # "offer" | "request" for posts
    sectors_sought: frozenset = frozenset()
    label: str = ""  # the name or title, for stable ordering


@dataclass(frozen=True)
class Reason:
    """One part of a score: which rule, how many points, and the values that made it apply."""

    code: str
    points: int
    values: tuple = ()


@dataclass(frozen=True)
class Match:
    candidate: Profile
    score: int
    reasons: tuple = field(default_factory=tuple)


def _taxonomy_subregion(county: str) -> str | None:
    from app.taxonomy import subregion_of_county  # data only: the taxonomy file, no app needed

    return subregion_of_county(county)


def _ordered(values: Iterable[str]) -> tuple:
    return tuple(sorted(values))


def _counted(code: str, shared: set, each: int, cap: int) -> Reason | None:
    if not shared:
        return None
    return Reason(code, min(cap, each * len(shared)), _ordered(shared))


def _geography(subject: Profile, candidate: Profile, subregion_of: Callable) -> Reason | None:
    shared = subject.counties & candidate.counties
    if shared:
        return Reason("same_county", WEIGHTS["same_county"], _ordered(shared))
    regions = {subregion_of(c) for c in subject.counties} & {subregion_of(c) for c in candidate.counties}
    regions.discard(None)
    if regions:
        return Reason("same_subregion", WEIGHTS["same_subregion"], _ordered(regions))
    in_region = (subject.whole_region and (candidate.counties or candidate.whole_region)) or (
        candidate.whole_region and (subject.counties or subject.whole_region))
    if in_region:
        return Reason("whole_region", WEIGHTS["whole_region"])
    if subject.outside_region and candidate.outside_region:
        return Reason("outside_region", WEIGHTS["outside_region"])
    return None


def _post_to_post(subject: Profile, candidate: Profile) -> list:
    if candidate.kind != "post":
        return []
    reasons = []
    if OPPOSITE_KIND.get(subject.post_kind) == candidate.post_kind and subject.themes & candidate.themes:
        reasons.append(Reason("answers_request", WEIGHTS["answers_request"], (subject.post_kind or "",)))
    if subject.sector in candidate.sectors_sought:
        reasons.append(Reason("seeks_your_sector", WEIGHTS["seeks_your_sector"], (subject.sector,)))
    return reasons


def is_excluded(subject: Profile, candidate: Profile) -> bool:
    """Never a candidate: the poster itself, or more of the poster's own sector when it seeks others."""
    if candidate.organisation_id == subject.organisation_id:
        return True
    if candidate.kind == "post" and candidate.key == subject.key and subject.kind == "post":
        return True
    sought = subject.sectors_sought
    return bool(sought) and candidate.sector == subject.sector and candidate.sector not in sought


def score(subject: Profile, candidate: Profile, subregion_of: Callable = _taxonomy_subregion) -> Match | None:
    """The Match of candidate for the subject post, or None when it is not a match."""
    if is_excluded(subject, candidate):
        return None
    parts = [
        Reason("sector_sought", WEIGHTS["sector_sought"], (candidate.sector,))
        if candidate.sector in subject.sectors_sought else None,
        _counted("shared_themes", subject.themes & candidate.themes, WEIGHTS["per_theme"], WEIGHTS["themes_cap"]),
        _counted("shared_groups", subject.target_groups & candidate.target_groups,
                 WEIGHTS["per_group"], WEIGHTS["groups_cap"]),
        *_post_to_post(subject, candidate),
        _geography(subject, candidate, subregion_of),
        _counted("shared_languages", (subject.languages & candidate.languages) - UNINFORMATIVE_LANGUAGES,
                 WEIGHTS["per_language"], WEIGHTS["languages_cap"]),
    ]
    reasons = [part for part in parts if part is not None]
    if not any(reason.code in SUBSTANTIVE for reason in reasons):
        return None
    if candidate.verified:
        reasons.insert(1 if reasons[0].code == "sector_sought" else 0, Reason("verified", WEIGHTS["verified"]))
    return Match(candidate, sum(reason.points for reason in reasons), tuple(reasons))


STRONG, GOOD, POSSIBLE = "strong", "good", "possible"


def strength(match: Match, subject: Profile) -> str:
    """How strong a match is, in a word people can read (app/partnerships/reasons.py says it).

    strong: it brings what the post seeks (a sought sector, or — when none is sought — shared
    themes) and works in the post's county; good: one of the two; possible: some other fit.
    """
    codes = {reason.code for reason in match.reasons}
    brings = "sector_sought" in codes if subject.sectors_sought else bool({"shared_themes", "answers_request"} & codes)
    local = "same_county" in codes
    if brings and local:
        return STRONG
    return GOOD if brings or local else POSSIBLE


def order_key(points: int, kind: str, label: str, key) -> tuple:
    """Best first; ties by kind (organisations first), then label, then key: a stable order."""
    return (-points, kind != "organisation", label.casefold(), str(key))


def _order(match: Match):
    candidate = match.candidate
    return order_key(match.score, candidate.kind, candidate.label, candidate.key)


def rank(subject: Profile, candidates: Iterable[Profile], subregion_of: Callable = _taxonomy_subregion) -> list:
    """The matches among candidates, best first."""
    matches = [score(subject, candidate, subregion_of) for candidate in candidates]
    return sorted((m for m in matches if m is not None), key=_order)


# --- the score from counts -------------------------------------------------------------------
# A long match list is ranked from what the database counts per candidate (Overlap) rather than
# from full profiles: points() gives exactly score()'s total (tests compare the two on varied
# data), and score() then works out the reasons of the few candidates a page shows.
@dataclass(frozen=True)
class Overlap:
    """What one candidate shares with the subject, as numbers of shared values."""

    kind: str  # "organisation" | "post"
    sector: str
    verified: bool
    themes: int = 0
    target_groups: int = 0
    languages: int = 0  # informative languages only (not UNINFORMATIVE_LANGUAGES)
    counties: int = 0  # the subject's counties
    subregion_counties: int = 0  # counties of the subject's subregions
    any_county: bool = False
    whole_region: bool = False
    outside_region: bool = False
    post_kind: str | None = None
    seeks_subject_sector: bool = False


def subregion_counties(subject: Profile, all_counties: Iterable[str],
                       subregion_of: Callable = _taxonomy_subregion) -> frozenset:
    """The counties that share a subregion with one of the subject's counties."""
    regions = {subregion_of(c) for c in subject.counties} - {None}
    return frozenset(c for c in all_counties if subregion_of(c) in regions)


def _geography_points(subject: Profile, overlap: Overlap) -> int:
    if overlap.counties:
        return WEIGHTS["same_county"]
    if overlap.subregion_counties:
        return WEIGHTS["same_subregion"]
    if (subject.whole_region and (overlap.any_county or overlap.whole_region)) or (
            overlap.whole_region and (subject.counties or subject.whole_region)):
        return WEIGHTS["whole_region"]
    return WEIGHTS["outside_region"] if subject.outside_region and overlap.outside_region else 0


def points(subject: Profile, overlap: Overlap) -> int | None:
    """score(subject, candidate).score from the candidate's Overlap, or None when it is not a match.

    overlap may be any object with Overlap's attributes (a row of match_list's queries, where
    verified and seeks_subject_sector are 0 or 1). The poster's own organisation and posts are
    left out before (the database does it).
    """
    sought = subject.sectors_sought
    if sought and overlap.sector == subject.sector and overlap.sector not in sought:
        return None
    is_post = overlap.kind == "post"
    answers = is_post and OPPOSITE_KIND.get(subject.post_kind) == overlap.post_kind and overlap.themes > 0
    seeks = is_post and overlap.seeks_subject_sector
    brings = overlap.sector in sought
    if not (brings or overlap.themes or overlap.target_groups or answers or seeks):
        return None
    return (WEIGHTS["sector_sought"] * brings + WEIGHTS["verified"] * overlap.verified
            + min(WEIGHTS["themes_cap"], WEIGHTS["per_theme"] * overlap.themes)
            + min(WEIGHTS["groups_cap"], WEIGHTS["per_group"] * overlap.target_groups)
            + min(WEIGHTS["languages_cap"], WEIGHTS["per_language"] * overlap.languages)
            + WEIGHTS["answers_request"] * answers + WEIGHTS["seeks_your_sector"] * seeks
            + _geography_points(subject, overlap))
