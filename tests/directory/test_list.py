"""Browsing /orgs/: filters combine (AND across fields, OR within one), counts, sort, pages, q."""
import re

import pytest

from app import taxonomy
from app.db import utcnow
from app.directory import services
from app.extensions import db
from tests import factories
from tests.conftest import without_csrf


@pytest.fixture
def network(app, org_admin):
    """Five verified organisations and one awaiting verification (its admin: org_admin)."""
    return {
        "alfa": factories.make_org(name="Fundacja Alfa", themes=["housing"], counties=["tarnow-city"],
                                   languages=["pl", "uk"], target_groups=["ukrainian-war-refugees"]),
        "beta": factories.make_org(name="Stowarzyszenie Beta", themes=["housing", "labour-market"],
                                   counties=["krakow-city"], languages=["pl"]),
        "gamma": factories.make_org(name="MOPS Gamma", org_type="mops", themes=["social-assistance"],
                                    counties=["tarnow-city", "tarnowski"], languages=["pl", "uk"]),
        "delta": factories.make_org(name="Firma Delta", org_type="employer", themes=["labour-market"],
                                    counties=["krakow-city"], languages=["pl", "en"]),
        "epsilon": factories.make_org(name="Uczelnia Epsilon", org_type="university", themes=["education"],
                                      counties=["nowy-sacz-city"], languages=["en"]),
        "hidden": factories.make_org(name="Fundacja Ukryta", themes=["housing"], counties=["tarnow-city"],
                                     verified_at=None, admin=org_admin),
    }


def names_on(response) -> list[str]:
    return re.findall(r'<h3><a href="/orgs/[^"]+">([^<]+)</a>', response.get_data(as_text=True))


def count_of(response, field, value) -> int | None:
    match = re.search(rf'id="filter-{field}-{value}"[^>]*>\s*<label[^>]*>[^<]*<span class="facet-count">\((\d+)\)',
                      response.get_data(as_text=True))
    return int(match.group(1)) if match else None


def test_public_list_shows_verified_organisations_by_polish_name(client, network):
    response = client.get("/orgs/")
    assert response.status_code == 200
    assert names_on(response) == ["Firma Delta", "Fundacja Alfa", "MOPS Gamma", "Stowarzyszenie Beta",
                                  "Uczelnia Epsilon"]
    assert "5 organisations" in response.get_data(as_text=True) or "5 organizacji" in response.get_data(as_text=True)


def test_counts_per_value_leave_out_organisations_awaiting_verification(client, network):
    response = client.get("/orgs/")
    assert count_of(response, "sector", "civil-society") == 2
    assert count_of(response, "sector", "local-government") == 1
    assert count_of(response, "theme", "housing") == 2
    assert count_of(response, "county", "tarnow-city") == 2
    assert count_of(response, "language", "uk") == 2
    assert count_of(response, "target_group", "ukrainian-war-refugees") == 1
    assert count_of(response, "county", "wadowicki") is None  # values that would give nothing are not offered
    assert count_of(response, "verified", "no") is None


def test_two_values_of_one_field_are_either_or(client, network):
    response = client.get("/orgs/?county=tarnowski&county=krakow-city")
    assert sorted(names_on(response)) == ["Firma Delta", "MOPS Gamma", "Stowarzyszenie Beta"]


def test_fields_combine_and_each_field_counts_without_its_own_filter(client, network):
    response = client.get("/orgs/?theme=housing&county=tarnow-city")
    assert names_on(response) == ["Fundacja Alfa"]
    # County counts apply the theme filter only: housing is in Tarnów (Alfa) and Kraków (Beta).
    assert count_of(response, "county", "tarnow-city") == 1
    assert count_of(response, "county", "krakow-city") == 1
    # Theme counts apply the county filter only: Tarnów has Alfa (housing) and Gamma (social assistance).
    assert count_of(response, "theme", "housing") == 1
    assert count_of(response, "theme", "social-assistance") == 1
    assert count_of(response, "sector", "civil-society") == 1
    assert 'value="housing" checked' in response.get_data(as_text=True)


def test_sector_type_and_language_filters(client, network):
    assert names_on(client.get("/orgs/?sector=business")) == ["Firma Delta"]
    assert names_on(client.get("/orgs/?type=mops")) == ["MOPS Gamma"]
    assert names_on(client.get("/orgs/?language=en&sector=academia")) == ["Uczelnia Epsilon"]


def test_unknown_filter_values_are_ignored(client, network):
    response = client.get("/orgs/?county=atlantis&theme=%3Cscript%3E&sector=&verified=maybe&sort=x&page=abc")
    assert response.status_code == 200
    assert len(names_on(response)) == 5
    assert "<script>" not in response.get_data(as_text=True).split("<main")[1]


def test_whole_region_organisation_appears_under_every_county(client, outsider):
    org = services.create_org(outsider, name="Sieć Regionalna", org_type="local-cooperation-network",
                              whole_region=True, descriptions={"pl": "Cały region."})
    org.verified_at = utcnow()
    assert set(org.counties) == set(taxonomy.slugs("counties"))
    assert names_on(client.get("/orgs/?county=gorlicki")) == ["Sieć Regionalna"]


def test_q_finds_names_and_descriptions_without_diacritics(client, network):
    factories.make_org(name="Fundacja Łączy Nas", description_pl="Pomoc w szukaniu mieszkań.")
    assert names_on(client.get("/orgs/?q=laczy")) == ["Fundacja Łączy Nas"]
    assert names_on(client.get("/orgs/?q=MIESZKAN")) == ["Fundacja Łączy Nas"]
    assert names_on(client.get("/orgs/?q=gamma+mops")) == ["MOPS Gamma"]
    assert names_on(client.get("/orgs/?q=100%25")) == []


def test_members_see_their_own_unverified_organisation_and_moderators_see_all(client, network, org_admin, moderator):
    client.login(org_admin)
    assert "Fundacja Ukryta" in names_on(client.get("/orgs/"))
    client.login(moderator)
    response = client.get("/orgs/?verified=no")
    assert names_on(response) == ["Fundacja Ukryta"]
    assert count_of(response, "verified", "yes") == 5


def test_kept_counts_and_orders_follow_each_change_of_the_organisations(client, network, outsider, count_queries):
    """The counts and the lists' orders are kept between requests (app/kept.py) until an organisation changes."""
    client.login(outsider)  # signed in: every page is rendered, none comes from the page cache
    with count_queries() as first:
        assert count_of(client.get("/orgs/"), "theme", "education") == 1
    with count_queries() as again:
        assert count_of(client.get("/orgs/?sort=activity"), "theme", "education") == 1
    assert again.count == first.count - 1  # the same filters in another order: the kept counts

    network["alfa"].set_tags("thematic_areas", ["education"])  # a change of tags alone
    db.session.commit()
    response = client.get("/orgs/")
    assert (count_of(response, "theme", "education"), count_of(response, "theme", "housing")) == (2, 1)

    network["hidden"].verified_at = utcnow()
    db.session.commit()
    response = client.get("/orgs/")
    assert count_of(response, "county", "tarnow-city") == 3 and "Fundacja Ukryta" in names_on(response)

    db.session.delete(network["gamma"])
    db.session.commit()
    response = client.get("/orgs/")
    assert count_of(response, "county", "tarnow-city") == 2 and "MOPS Gamma" not in names_on(response)

    services.touch_activity(network["epsilon"])
    db.session.commit()
    assert names_on(client.get("/orgs/?sort=activity"))[0] == "Uczelnia Epsilon"


def test_kept_cards_are_the_cards_of_a_fresh_rendering_and_follow_each_change(client, network, outsider):
    """The cards are kept rendered (directory/cards.py): the same HTML as rendering afresh."""
    from app import kept

    client.login(outsider)  # signed in: every page is rendered, none comes from the page cache
    client.get("/help")  # shows, and so ends, the "signed in" message

    def same_as_fresh(url):
        page = without_csrf(client.get(url).text)
        kept.forget()
        assert without_csrf(client.get(url).text) == page
        return page

    for lang in ("uk", "pl", "en"):
        same_as_fresh(f"/orgs/?lang={lang}")  # each time, the cards stay kept in English (the last)
    def card(page, name):
        return next(card for card in page.split('<li class="card org-card">') if name in card)

    network["alfa"].description_en, network["alfa"].description_en_html = "New in English.", "<p>New in English.</p>"
    db.session.commit()
    assert "New in English." in card(same_as_fresh("/orgs/?lang=en"), "Fundacja Alfa")
    network["beta"].set_tags("counties", ["wadowicki"])
    db.session.commit()
    assert "Wadowice" in card(same_as_fresh("/orgs/?lang=en"), "Stowarzyszenie Beta")
    network["beta"].name, network["beta"].short_name = "Stowarzyszenie Beta Nowa", "SBN"
    db.session.commit()
    assert "(SBN)" in card(same_as_fresh("/orgs/?lang=en"), "Stowarzyszenie Beta Nowa")
    network["hidden"].verified_at = utcnow()
    db.session.commit()
    assert "Fundacja Ukryta" in same_as_fresh("/orgs/?lang=pl")


def test_kept_counts_are_per_visibility(client, network, org_admin):
    assert count_of(client.get("/orgs/"), "county", "tarnow-city") == 2  # a guest's, kept first
    client.login(org_admin)
    assert count_of(client.get("/orgs/"), "county", "tarnow-city") == 3  # with their own unverified one


def test_sort_by_recent_activity(client, network):
    services.touch_activity(network["epsilon"])
    services.touch_activity(network["beta"].id)
    assert names_on(client.get("/orgs/?sort=activity"))[:2] == ["Stowarzyszenie Beta", "Uczelnia Epsilon"]


def test_pagination_keeps_the_filters(client):
    for number in range(23):
        factories.make_org(name=f"Fundacja Numer {number:02d}", counties=["bochenski"])
    first = client.get("/orgs/?county=bochenski")
    assert len(names_on(first)) == 20
    assert "page=2" in first.get_data(as_text=True) and "county=bochenski" in first.get_data(as_text=True)
    second = client.get("/orgs/?county=bochenski&page=2")
    assert names_on(second) == ["Fundacja Numer 20", "Fundacja Numer 21", "Fundacja Numer 22"]
    assert names_on(client.get("/orgs/?page=99")) == []


@pytest.mark.parametrize("persona", ["anonymous", "member", "moderator"])
def test_list_runs_the_same_number_of_queries_for_2_and_20_organisations(request, client, count_queries, persona):
    user = request.getfixturevalue(persona)
    if user.is_authenticated:
        client.login(user)
    counts = []
    for total in (2, 20):
        while len(names_on(client.get("/orgs/"))) < total:
            factories.make_org(themes=["housing", "health"], counties=["tarnowski", "krakow-city"],
                               languages=["pl", "uk"], target_groups=["women"], members=[])
        with count_queries() as counter:
            client.get("/orgs/?theme=housing&county=tarnowski")
        counts.append(counter.count)
    assert counts[0] == counts[1]
    assert counts[0] <= 8


def test_exports_run_the_same_number_of_queries_for_2_and_20_organisations(client, count_queries):
    counts = []
    for total in (2, 20):
        for _ in range(total - (2 if total == 20 else 0)):
            factories.make_org(themes=["housing"], counties=["tarnowski"])
        with count_queries() as counter:
            client.get("/orgs/export.json")
            client.get("/orgs/export.csv")
        counts.append(counter.count)
    assert counts[0] == counts[1]
