"""Match lists: the page, the JSON, "my organisation's matches", and their fixed query counts."""
import itertools

import pytest

from app.directory.models import Membership
from app.extensions import db
from tests import factories
from app.partnerships.matching import WEIGHTS
from tests.partnerships.factories import make_post


def test_matches_json_shape(client, network):
    offer = make_post(network.employer, kind="offer", title="Staże dla uchodźców", themes=["labour-market"],
                      places=["tarnowski"], deadline_in=20)
    data = client.get(f"/partnerships/{network.post.id}/matches.json?lang=en").get_json()
    assert {k: data[k] for k in ("id", "kind", "themes", "counties", "sectors_sought")} == {
        "id": network.post.id, "kind": "request", "themes": ["labour-market", "housing"],
        "counties": ["tarnowski"], "sectors_sought": ["business"]}
    first = next(c for c in data["candidates"] if c["kind"] == "organisation")
    assert first["slug"] == network.employer.slug
    assert first["sector"] == "business" and first["verified"] is True
    assert first["score"] == sum(reason["points"] for reason in first["reasons"])
    assert first["reasons"][0] == {"code": "sector_sought", "points": WEIGHTS["sector_sought"], "values": ["business"],
                                   "text": "brings the sector you seek: Business and employers"}
    post = next(c for c in data["candidates"] if c["kind"] == "post")
    assert post == {**post, "id": offer.id, "title": "Staże dla uchodźców", "post_kind": "offer",
                    "organisation": network.employer.slug, "sector": "business"}
    assert "answers_request" in [reason["code"] for reason in post["reasons"]]
    scores = [c["score"] for c in data["candidates"]]
    assert scores == sorted(scores, reverse=True)
    slugs = {c.get("slug") for c in data["candidates"]}
    assert network.ngo.slug not in slugs and network.other_ngo.slug not in slugs and network.shadow.slug not in slugs


def test_matches_json_follows_the_access_rules(client, network):
    hidden = make_post(network.shadow, title="Ukryte", sectors_sought=["civil-society"], themes=["labour-market"])
    response = client.get(f"/partnerships/{hidden.id}/matches.json")
    assert response.status_code == 404 and response.get_json()["status"] == 404
    client.login(network.shadow_member)
    assert client.get(f"/partnerships/{hidden.id}/matches.json").status_code == 200


def test_candidates_are_only_those_the_viewer_may_see(client, network):
    def candidate_slugs():
        return {c.get("slug") for c in client.get(f"/partnerships/{network.post.id}/matches.json").get_json()["candidates"]}

    assert network.shadow.slug not in candidate_slugs()
    client.login(network.shadow_member)  # a member of the unverified employer sees it, ranked below verified ones
    data = client.get(f"/partnerships/{network.post.id}/matches.json").get_json()["candidates"]
    order = [c.get("slug") for c in data]
    assert order.index(network.employer.slug) < order.index(network.shadow.slug)


def test_matches_page_filters_by_kind_and_paginates(client, network):
    for number in range(35):
        factories.make_org(name=f"Pracodawca {number:02d}", org_type="employer", themes=["labour-market"],
                           counties=["tarnowski"])
    page = client.get(f"/partnerships/{network.post.id}/matches?kind=organisation&lang=en").get_data(as_text=True)
    assert "37 matches" in page and 'rel="next"' in page
    second = client.get(f"/partnerships/{network.post.id}/matches?kind=organisation&page=2").get_data(as_text=True)
    assert 'start="31"' in second
    make_post(network.employer, kind="offer", title="Oferta pracodawcy", themes=["labour-market"])
    only_posts = client.get(f"/partnerships/{network.post.id}/matches?kind=post").get_data(as_text=True)
    assert "Oferta pracodawcy" in only_posts and "Pracodawca 01" not in only_posts
    assert client.get(f"/partnerships/{network.post.id}/matches?kind=bogus&page=abc").status_code == 200


_numbers = itertools.count(1)


def _add_candidates(network, count):
    for _ in range(count):
        org = factories.make_org(name=f"Firma kandydująca {next(_numbers)}", org_type="employer",
                                 themes=["labour-market", "housing"], counties=["tarnowski", "brzeski"],
                                 languages=["pl", "uk", "ru"], target_groups=["ukrainian-war-refugees"])
        make_post(org, kind="offer", themes=["labour-market"], places=["tarnowski", "region"],
                  sectors_sought=["civil-society"], languages=["uk"])


@pytest.mark.parametrize("path", ["/partnerships/{id}/matches", "/partnerships/{id}/matches.json",
                                  "/partnerships/{id}"])
def test_match_lists_run_a_fixed_number_of_queries(client, network, queries_for, path):
    url = path.format(id=network.post.id)
    client.login(network.employer_member)
    _add_candidates(network, 2)
    few = queries_for(url)
    _add_candidates(network, 20)
    assert queries_for(url) == few


def test_my_organisations_matches_best_first(client, network, count_queries):
    employer_admin = factories.make_user()
    db.session.add(Membership(organisation_id=network.employer.id, user_id=employer_admin.id, role="admin"))
    weaker = make_post(network.city, title="Praca, szukamy NGO", themes=["labour-market"], places=["krakow-city"],
                       sectors_sought=["civil-society"])
    unrelated = make_post(network.city, title="Tylko mieszkania", themes=["housing"], places=["krakow-city"])
    own = make_post(network.employer, title="Nasze własne", themes=["labour-market"])
    closed = make_post(network.ngo, title="Zamknięte", themes=["labour-market"], sectors_sought=["business"],
                       status="closed")
    client.login(employer_admin)
    page = client.get("/partnerships/my-matches?lang=en").get_data(as_text=True)
    assert page.index("Szukamy pracodawcy do projektu FAMI") < page.index(weaker.title)
    assert "seeks your sector: Business and employers" in page
    for absent in (own, closed, unrelated):
        assert absent.title not in page

    with count_queries() as few:
        client.get("/partnerships/my-matches")
    for number in range(20):
        make_post(network.city, title=f"Post {number}", themes=["labour-market"], sectors_sought=["business"])
    with count_queries() as many:
        client.get("/partnerships/my-matches")
    assert many.count == few.count


def test_my_matches_say_how_strong_a_match_is_in_words_as_the_posts_own_list(client, network):
    employer_admin = factories.make_user()
    db.session.add(Membership(organisation_id=network.employer.id, user_id=employer_admin.id, role="admin"))
    client.login(employer_admin)
    mine = client.get("/partnerships/my-matches?lang=en").get_data(as_text=True)
    on_post = client.get(f"/partnerships/{network.post.id}/matches?lang=en").get_data(as_text=True)
    # The employer brings the sought sector and works in the post's county: strong, on both lists.
    assert "Strong match" in mine.split("Szukamy pracodawcy do projektu FAMI")[1].split("</li>")[0]
    assert "Strong match" in on_post.split("Zakłady Pracy Tarnów")[1].split("</li>")[0]
    assert "Score" not in mine and "(+" not in mine and "Score" not in on_post  # no raw points


def test_my_matches_for_someone_who_administers_nothing(client, outsider):
    client.login(outsider)
    page = client.get("/partnerships/my-matches?lang=en").get_data(as_text=True)
    assert "This list is for organisation admins" in page


def test_reasons_follow_a_change_of_language_between_requests(client, network):
    def texts(lang):
        answer = client.get(f"/partnerships/{network.post.id}/matches.json?lang={lang}").get_json()
        return {reason["text"] for candidate in answer["candidates"] for reason in candidate["reasons"]}

    assert "verified by the network secretariat" in texts("en")
    polish = texts("pl")
    assert "zweryfikowana przez sekretariat sieci" in polish and "verified by the network secretariat" not in polish
