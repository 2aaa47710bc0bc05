"""The scoring function on small hand-built cases whose right order a person can see."""
import pytest

from app.partnerships import matching
from app.partnerships.matching import WEIGHTS, Profile, rank, score

# An NGO in Tarnów seeking an employer for a labour-market project with Ukrainian refugees.
NGO_REQUEST = Profile(
    kind="post", key=1, organisation_id=1, sector="civil-society", post_kind="request",
    themes=frozenset({"labour-market", "housing"}), target_groups=frozenset({"ukrainian-war-refugees"}),
    counties=frozenset({"tarnowski"}), languages=frozenset({"pl", "uk"}), sectors_sought=frozenset({"business"}),
    label="Szukamy pracodawcy",
)


def org(key, sector, org_id, **kw):
    kw.setdefault("themes", frozenset({"labour-market"}))
    kw.setdefault("counties", frozenset({"tarnowski"}))
    return Profile(kind="organisation", key=key, organisation_id=org_id, sector=sector, label=key, **kw)


def keys(matches):
    return [m.candidate.key for m in matches]


def test_complementary_sector_beats_same_sector_and_other_ngos_are_not_listed():
    employer = org("employer", "business", 2, counties=frozenset({"krakow-city"}))  # farther away
    city = org("city-hall", "local-government", 3)  # same county, not sought
    other_ngo = org("other-ngo", "civil-society", 4, themes=frozenset({"labour-market", "housing"}))

    assert keys(rank(NGO_REQUEST, [other_ngo, city, employer])) == ["employer", "city-hall"]


def test_without_sectors_sought_an_ngo_may_match_other_ngos():
    seeking_anyone = Profile(**{**NGO_REQUEST.__dict__, "sectors_sought": frozenset()})
    other_ngo = org("other-ngo", "civil-society", 4)
    assert keys(rank(seeking_anyone, [other_ngo])) == ["other-ngo"]


def test_same_county_beats_same_subregion_beats_whole_region_beats_elsewhere():
    same_county = org("same-county", "business", 2, counties=frozenset({"tarnowski"}))
    same_subregion = org("same-subregion", "business", 3, counties=frozenset({"brzeski"}))  # PL217 too
    whole_region = org("whole-region", "business", 4, counties=frozenset(), whole_region=True)
    elsewhere = org("elsewhere", "business", 5, counties=frozenset({"nowotarski"}))

    ranked = rank(NGO_REQUEST, [elsewhere, whole_region, same_subregion, same_county])

    assert keys(ranked) == ["same-county", "same-subregion", "whole-region", "elsewhere"]
    geography = [[r.code for r in m.reasons if r.code in ("same_county", "same_subregion", "whole_region")]
                 for m in ranked]
    assert geography == [["same_county"], ["same_subregion"], ["whole_region"], []]


def test_reasons_listed_are_the_parts_of_the_score():
    employer = org("employer", "business", 2, themes=frozenset({"labour-market", "housing", "health"}),
                   target_groups=frozenset({"ukrainian-war-refugees"}), languages=frozenset({"pl", "uk"}))

    match = score(NGO_REQUEST, employer)

    assert sum(r.points for r in match.reasons) == match.score
    parts = {r.code: (r.points, r.values) for r in match.reasons}
    assert parts == {
        "sector_sought": (WEIGHTS["sector_sought"], ("business",)),
        "verified": (WEIGHTS["verified"], ()),
        "shared_themes": (2 * WEIGHTS["per_theme"], ("housing", "labour-market")),
        "shared_groups": (WEIGHTS["per_group"], ("ukrainian-war-refugees",)),
        "same_county": (WEIGHTS["same_county"], ("tarnowski",)),
        "shared_languages": (WEIGHTS["per_language"], ("uk",)),  # Polish tells nothing: everyone has it
    }
    assert match.reasons[0].code == "sector_sought"  # the strongest reason is named first


def test_within_the_sought_sector_the_posts_county_comes_first_then_verification():
    unverified_near = org("unverified-near", "business", 2, verified=False)
    verified_near = org("verified-near", "business", 4)
    verified_far = org("verified-far", "business", 3, counties=frozenset({"nowotarski"}),
                       themes=frozenset({"labour-market", "housing"}), languages=frozenset({"uk"}))
    ranked = keys(rank(NGO_REQUEST, [unverified_near, verified_far, verified_near]))
    assert ranked == ["verified-near", "unverified-near", "verified-far"]
    assert "verified" not in [r.code for r in score(NGO_REQUEST, unverified_near).reasons]


def test_how_strong_a_match_is_in_words():
    from app.partnerships.matching import GOOD, POSSIBLE, STRONG, strength

    def strength_of(candidate):
        return strength(score(NGO_REQUEST, candidate), NGO_REQUEST)

    assert strength_of(org("near-employer", "business", 2)) == STRONG
    assert strength_of(org("far-employer", "business", 3, counties=frozenset({"nowotarski"}))) == GOOD
    assert strength_of(org("near-school", "education", 4)) == GOOD  # same county, shares a theme
    assert strength_of(org("far-school", "education", 5, counties=frozenset({"nowotarski"}))) == POSSIBLE


def test_a_sought_sector_outweighs_any_fit_of_another_sector():
    perfect_but_not_sought = org("university", "academia", 2, themes=NGO_REQUEST.themes,
                                 target_groups=NGO_REQUEST.target_groups, languages=frozenset({"uk"}))
    sought_but_poor = org("far-employer", "business", 3, themes=frozenset({"health"}),
                          counties=frozenset({"nowotarski"}), verified=False)
    assert keys(rank(NGO_REQUEST, [perfect_but_not_sought, sought_but_poor])) == ["far-employer", "university"]


def test_the_posting_organisation_never_matches_itself():
    itself = org("us", "business", NGO_REQUEST.organisation_id)
    own_post = Profile(kind="post", key=9, organisation_id=NGO_REQUEST.organisation_id, sector="civil-society",
                       post_kind="offer", themes=NGO_REQUEST.themes)
    assert rank(NGO_REQUEST, [itself, own_post]) == []


def test_nothing_in_common_but_the_county_is_not_a_match():
    neighbour = org("neighbour", "local-government", 2, themes=frozenset({"health"}))
    assert score(NGO_REQUEST, neighbour) is None


def test_an_offer_that_answers_the_request_ranks_above_another_request():
    offer = Profile(kind="post", key=2, organisation_id=2, sector="business", post_kind="offer",
                    themes=frozenset({"labour-market"}), counties=frozenset({"krakow-city"}), label="Oferta")
    request = Profile(kind="post", key=3, organisation_id=3, sector="business", post_kind="request",
                      themes=frozenset({"labour-market"}), counties=frozenset({"krakow-city"}), label="Prośba")

    ranked = rank(NGO_REQUEST, [request, offer])

    assert keys(ranked) == [2, 3]
    assert [r.code for r in ranked[0].reasons].count("answers_request") == 1
    assert "answers_request" not in [r.code for r in ranked[1].reasons]


def test_a_post_that_seeks_the_posters_sector_is_rewarded():
    seeks_ngos = Profile(kind="post", key=2, organisation_id=2, sector="local-government", post_kind="request",
                         themes=frozenset({"housing"}), sectors_sought=frozenset({"civil-society"}), label="a")
    seeks_nobody = Profile(kind="post", key=3, organisation_id=3, sector="local-government", post_kind="request",
                           themes=frozenset({"housing"}), label="b")
    ranked = rank(NGO_REQUEST, [seeks_nobody, seeks_ngos])
    assert keys(ranked) == [2, 3]
    assert ("seeks_your_sector", WEIGHTS["seeks_your_sector"], ("civil-society",)) in [
        (r.code, r.points, r.values) for r in ranked[0].reasons]


def test_inter_regional_posts_meet_outside_the_region():
    abroad = Profile(**{**NGO_REQUEST.__dict__, "counties": frozenset(), "outside_region": True})
    partner = Profile(kind="post", key=5, organisation_id=5, sector="business", post_kind="offer",
                      themes=frozenset({"labour-market"}), outside_region=True, label="Interreg")
    match = score(abroad, partner)
    assert "outside_region" in [r.code for r in match.reasons]


@pytest.mark.parametrize("cap_name, per_name, vocabulary", [
    ("themes_cap", "per_theme", "themes"), ("groups_cap", "per_group", "target_groups"),
])
def test_shared_tags_are_capped_so_one_long_list_cannot_outweigh_trust(cap_name, per_name, vocabulary):
    many = frozenset(f"slug-{i}" for i in range(20))
    subject = Profile(**{**NGO_REQUEST.__dict__, vocabulary: many})
    candidate = org("many", "business", 2, **{vocabulary: many})
    points = {r.code: r.points for r in score(subject, candidate).reasons}
    code = "shared_themes" if vocabulary == "themes" else "shared_groups"
    assert points[code] == WEIGHTS[cap_name] < 20 * WEIGHTS[per_name]


def test_the_tier_invariants_hold_for_the_weights_in_use():
    assert WEIGHTS["verified"] > matching.MAX_FIT
    assert WEIGHTS["sector_sought"] > WEIGHTS["verified"] + matching.MAX_FIT
