"""A post's match list, ranked from counts in SQL, is exactly the list that scoring everyone gives."""
import random

import pytest
from sqlalchemy import select

from app import taxonomy
from app.directory.models import Organisation
from app.extensions import db
from app.partnerships import matching
from app.partnerships.match_list import match_list
from app.partnerships.models import PartnershipPost, local_today
from app.partnerships.queries import organisation_profile, post_profile
from app.permissions import AnonymousUser
from tests import factories
from tests.partnerships.factories import make_post

ORG_TYPES = ("ngo", "employer", "sme", "mops", "school")
FEW_COUNTIES = ("tarnowski", "brzeski", "krakow-city", "krakowski", "nowotarski", "nowosadecki")


def _some(rng, vocabulary, most=3, among=None):
    values = list(among or taxonomy.slugs(vocabulary))[:8]
    return rng.sample(values, rng.randint(0, min(most, len(values))))


def _varied_network(rng, organisations=30, posts=60):
    """Organisations and posts with random tags, sectors, scopes, kinds, statuses and deadlines."""
    orgs = []
    for number in range(organisations):
        orgs.append(factories.make_org(
            name=f"Organizacja {number:02d} {rng.choice(['Ąbc', 'abc', 'Łódź', 'Zet'])}",
            org_type=rng.choice(ORG_TYPES), themes=_some(rng, "thematic_areas"),
            counties=_some(rng, "counties", 2, FEW_COUNTIES), languages=_some(rng, "languages"),
            target_groups=_some(rng, "target_groups"), whole_region=rng.random() < 0.2,
            verified_at=None if rng.random() < 0.15 else factories.utcnow()))
    for number in range(posts):
        places = _some(rng, "counties", 2, FEW_COUNTIES) + _some(rng, "area_scopes", 1, ["region", "outside-region"])
        make_post(rng.choice(orgs), kind=rng.choice(["offer", "request"]), title=f"Post {number % 7}",
                  themes=_some(rng, "thematic_areas"), places=places, languages=_some(rng, "languages"),
                  sectors_sought=_some(rng, "sectors", 2), target_groups=_some(rng, "target_groups"),
                  status=rng.choice(["open", "open", "in_talks", "closed"]),
                  deadline_in=rng.choice([None, 10, -3]))
    return orgs


def _score_everyone(viewer_sees_unverified: bool, post: PartnershipPost) -> list:
    """matching.rank over every visible organisation and active post: the list without any pre-filter."""
    today = local_today()
    orgs = db.session.execute(select(Organisation)).scalars().all()
    posts = db.session.execute(select(PartnershipPost)).scalars().all()
    candidates = [organisation_profile(org) for org in orgs if viewer_sees_unverified or org.is_verified]
    candidates += [post_profile(other) for other in posts if other.is_active(today)
                   and (viewer_sees_unverified or other.organisation.is_verified)]
    return matching.rank(post_profile(post), candidates)


def _as_compared(matches) -> list:
    return [(m.candidate.kind, m.candidate.key, m.score, m.reasons) for m in matches]


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_match_list_equals_scoring_every_candidate(app, seed):
    rng = random.Random(seed)
    _varied_network(rng)
    subjects = db.session.execute(select(PartnershipPost).order_by(PartnershipPost.id)).scalars().all()
    compared = 0
    for post in subjects[:25]:
        expected = _as_compared(_score_everyone(False, post))
        matches = match_list(AnonymousUser(), post)
        assert len(matches) == len(expected)
        assert _as_compared(row.match for row in matches[:]) == expected
        assert _as_compared(row.match for row in matches[3:7]) == expected[3:7]
        compared += len(expected)
    assert compared > 200  # the data set really gives long lists to compare


def test_points_equal_the_score_of_random_profiles():
    rng = random.Random(7)
    counties = taxonomy.slugs("counties")

    def profile(kind, key, org_id):
        return matching.Profile(
            kind=kind, key=key, organisation_id=org_id, sector=rng.choice(taxonomy.slugs("sectors")[:4]),
            themes=frozenset(_some(rng, "thematic_areas", 3)), target_groups=frozenset(_some(rng, "target_groups")),
            counties=frozenset(_some(rng, "counties", 2, FEW_COUNTIES)), whole_region=rng.random() < 0.3,
            outside_region=kind == "post" and rng.random() < 0.3, languages=frozenset(_some(rng, "languages")),
            verified=rng.random() < 0.8, post_kind=rng.choice(["offer", "request"]) if kind == "post" else None,
            sectors_sought=frozenset(_some(rng, "sectors", 2, taxonomy.slugs("sectors")[:4])) if kind == "post"
            else frozenset(), label=str(key))

    checked = 0
    for number in range(3000):
        subject = profile("post", 0, 0)
        candidate = profile(rng.choice(["organisation", "post"]), number + 1, number + 1)
        near = matching.subregion_counties(subject, counties)
        overlap = matching.Overlap(
            kind=candidate.kind, sector=candidate.sector, verified=candidate.verified,
            themes=len(subject.themes & candidate.themes),
            target_groups=len(subject.target_groups & candidate.target_groups),
            languages=len((subject.languages & candidate.languages) - matching.UNINFORMATIVE_LANGUAGES),
            counties=len(subject.counties & candidate.counties), subregion_counties=len(near & candidate.counties),
            any_county=bool(candidate.counties), whole_region=candidate.whole_region,
            outside_region=candidate.outside_region, post_kind=candidate.post_kind,
            seeks_subject_sector=subject.sector in candidate.sectors_sought)
        full = matching.score(subject, candidate)
        assert matching.points(subject, overlap) == (full.score if full else None)
        checked += full is not None
    assert checked > 500


def _candidates(client, post_id) -> list:
    answer = client.get(f"/partnerships/{post_id}/matches.json?lang=en").get_json()
    return [(c["kind"], c.get("slug", c.get("id")), c["score"]) for c in answer["candidates"]]


def test_a_listed_match_list_follows_every_change_of_its_candidates(client, network):
    """Ranked lists are kept between requests: each kind of change must still show at once."""
    before = _candidates(client, network.post.id)
    assert ("organisation", network.city.slug, 50 + 4 + 0) in before  # verified, one shared theme (housing)

    city = db.session.get(Organisation, network.city.id)
    city.set_tags("thematic_areas", ["health"])  # only its tags change: no other column of the row
    db.session.flush()
    assert network.city.slug not in [key for _, key, _ in _candidates(client, network.post.id)]

    employer = db.session.get(Organisation, network.employer.id)
    employer.set_tags("languages", ["pl", "uk", "ru"])  # one more shared language would add nothing: only uk counts
    employer.set_tags("target_groups", ["ukrainian-war-refugees"])  # a shared target group adds 2 points
    db.session.flush()
    scores = {key: score for _, key, score in _candidates(client, network.post.id)}
    assert scores[network.employer.slug] == dict((k, s) for _, k, s in before)[network.employer.slug] + 2

    offer = make_post(network.employer, kind="offer", title="Nowa oferta", themes=["labour-market"])
    assert ("post", offer.id) in [(kind, key) for kind, key, _ in _candidates(client, network.post.id)]

    offer.status = "closed"
    employer.verified_at = None
    db.session.flush()
    after = [key for _, key, _ in _candidates(client, network.post.id)]
    assert offer.id not in after and network.employer.slug not in after
