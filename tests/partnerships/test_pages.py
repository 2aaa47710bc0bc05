"""The board, a post and its matches through the test client."""
import re

import pytest

from tests import factories
from tests.conftest import without_csrf
from tests.partnerships.factories import make_post


def test_board_lists_open_posts_with_their_organisation(client, network):
    page = client.get("/partnerships/").get_data(as_text=True)
    assert "Szukamy pracodawcy do projektu FAMI" in page
    assert "Fundacja Tarnowska" in page


def test_post_page_shows_matching_employer_first_and_no_other_ngo(client, network):
    response = client.get(f"/partnerships/{network.post.id}")
    page = response.get_data(as_text=True)
    assert response.status_code == 200
    matches = page.split('id="matches-heading"')[1]
    assert "Zakłady Pracy Tarnów" in matches
    assert "Stowarzyszenie Sąsiedzkie" not in matches  # another NGO: not what an NGO seeking an employer wants
    assert "Firma Niezweryfikowana" not in matches  # unverified: not shown to the public


def test_matches_page_explains_each_match_in_words(client, network):
    page = client.get(f"/partnerships/{network.post.id}/matches?lang=en").get_data(as_text=True)
    employer = page.split("Zakłady Pracy Tarnów")[1]
    assert "brings the sector you seek: Business and employers" in employer
    assert "same county: Tarnów County" in employer
    assert "shared themes: Labour market" in employer
    assert "works in Ukrainian" in employer


@pytest.mark.parametrize("lang, words", [
    ("pl", ["reprezentuje poszukiwany sektor: pracodawcy i biznes", "ten sam powiat: powiat tarnowski",
            "wspólne tematy: rynek pracy", "wspólny język: ukraiński", "zweryfikowana przez sekretariat sieci"]),
    ("uk", ["представляє шуканий сектор:", "той самий повіт:", "спільні теми:", "спільна мова: українська",
            "перевірено секретаріатом мережі"]),
])
def test_reasons_are_in_the_readers_language_on_the_page_and_in_json(client, network, lang, words):
    page = client.get(f"/partnerships/{network.post.id}/matches?lang={lang}").get_data(as_text=True)
    employer = page.split("Zakłady Pracy Tarnów")[1]
    answer = client.get(f"/partnerships/{network.post.id}/matches.json?lang={lang}").get_json()
    texts = " | ".join(reason["text"] for candidate in answer["candidates"]
                       if candidate.get("slug") == network.employer.slug for reason in candidate["reasons"])
    for words_of_a_reason in words:
        assert words_of_a_reason in employer and words_of_a_reason in texts


# --- the board's filters -----------------------------------------------------------------
@pytest.fixture
def board(network):
    """Posts that differ in one property each, beside network.post."""
    employer, city = network.employer, network.city
    posts = {
        "offer": make_post(employer, kind="offer", title="Oferta staży w Tarnowie", themes=["labour-market"],
                           places=["tarnowski"], funding_source="fers-2021-2027", deadline_in=100),
        "krakow": make_post(city, title="Mieszkania w Krakowie", themes=["housing"], places=["krakow-city"],
                            sectors_sought=["civil-society"], funding_source="fem-2021-2027", deadline_in=5),
        "region": make_post(city, title="Sieć w całym regionie", themes=["cross-sector-cooperation"],
                            places=["region"]),
        "abroad": make_post(employer, kind="offer", title="Wymiana międzynarodowa", themes=["labour-market"],
                            places=["outside-region"], funding_source="interreg-europe-2021-2027"),
        "formed": make_post(city, title="Partnerstwo już zawiązane", status="formed"),
        "closed": make_post(city, title="Ogłoszenie zamknięte", status="closed"),
        "expired": make_post(city, title="Termin minął", deadline_in=-1),
    }
    return posts


def titles(client, query=""):
    page = client.get("/partnerships/" + query).get_data(as_text=True)
    return set(re.findall(r'<h3><a href="/partnerships/\d+">([^<]+)</a></h3>', page))


def test_default_board_shows_only_posts_still_looking_for_partners(client, board):
    assert titles(client) == {"Szukamy pracodawcy do projektu FAMI", "Oferta staży w Tarnowie",
                              "Mieszkania w Krakowie", "Sieć w całym regionie", "Wymiana międzynarodowa"}


@pytest.mark.parametrize("query, expected", [
    ("?kind=offer", {"Oferta staży w Tarnowie", "Wymiana międzynarodowa"}),
    ("?theme=housing", {"Szukamy pracodawcy do projektu FAMI", "Mieszkania w Krakowie"}),
    ("?county=krakow-city", {"Mieszkania w Krakowie", "Sieć w całym regionie"}),  # region-wide counts everywhere
    ("?county=region", {"Sieć w całym regionie"}),
    ("?county=outside-region", {"Wymiana międzynarodowa"}),
    ("?sector=civil-society", {"Mieszkania w Krakowie"}),
    ("?funding=fers-2021-2027&funding=fem-2021-2027", {"Oferta staży w Tarnowie", "Mieszkania w Krakowie"}),
    ("?deadline_within=7", {"Mieszkania w Krakowie"}),
    ("?status=formed", {"Partnerstwo już zawiązane"}),
    ("?status=closed", {"Ogłoszenie zamknięte"}),
    ("?status=expired", {"Termin minął"}),
    ("?kind=request&theme=housing&county=tarnowski", {"Szukamy pracodawcy do projektu FAMI"}),
])
def test_board_filters_combine(client, board, query, expected):
    assert titles(client, query) == expected


def test_unknown_filter_values_are_ignored(client, board):
    everything = titles(client)
    hand_made = "?kind=bogus&theme=nope&county=atlantis&sector=x&funding=y&status=z&deadline_within=-5&sort=q&page=x"
    response = client.get("/partnerships/" + hand_made)
    assert response.status_code == 200
    assert titles(client, hand_made) == everything


def test_board_sorts_by_nearest_deadline_with_posts_without_one_last(client, board):
    page = client.get("/partnerships/?sort=deadline").get_data(as_text=True)
    order = re.findall(r'<h3><a href="/partnerships/\d+">([^<]+)</a></h3>', page)
    assert order[:3] == ["Mieszkania w Krakowie", "Szukamy pracodawcy do projektu FAMI", "Oferta staży w Tarnowie"]
    assert set(order[3:]) == {"Sieć w całym regionie", "Wymiana międzynarodowa"}


def test_board_paginates(client, network):
    for number in range(25):
        make_post(network.city, title=f"Ogłoszenie numer {number:02d}")
    first, second = titles(client), titles(client, "?page=2")
    assert len(first) == 20 and len(second) == 6 and not first & second
    assert 'rel="next"' in client.get("/partnerships/").get_data(as_text=True)


def test_board_query_count_does_not_grow_with_posts(network, queries_for):
    few = queries_for("/partnerships/?theme=housing")
    for number in range(18):
        make_post(network.employer if number % 2 else network.city, title=f"Post {number}",
                  themes=["housing", "health"], places=["tarnowski", "region"])
    assert queries_for("/partnerships/?theme=housing") == few


def test_the_kept_board_follows_each_change_of_posts_organisations_and_the_day(client, board, network, outsider,
                                                                              monkeypatch):
    """The board's order is kept between requests (app/kept.py) until what it shows may have changed."""
    from datetime import timedelta

    from app.extensions import db
    from app.partnerships import queries

    client.login(outsider)  # signed in: every page is rendered, none comes from the page cache
    assert "Mieszkania w Krakowie" in titles(client)
    board["krakow"].status = "closed"
    db.session.commit()
    assert "Mieszkania w Krakowie" not in titles(client)

    make_post(network.city, title="Nowe ogłoszenie")
    db.session.commit()
    assert "Nowe ogłoszenie" in titles(client)

    network.employer.verified_at = None  # its posts leave the public board
    db.session.commit()
    assert not {"Oferta staży w Tarnowie", "Wymiana międzynarodowa"} & titles(client)

    db.session.delete(board["region"])
    db.session.commit()
    assert "Sieć w całym regionie" not in titles(client)

    board["offer"].set_tags("thematic_areas", ["housing"])  # a change of tags alone
    network.employer.verified_at = network.ngo.verified_at
    db.session.commit()
    assert "Oferta staży w Tarnowie" in titles(client, "?theme=housing")

    assert "Szukamy pracodawcy do projektu FAMI" in titles(client)  # its deadline is in 30 days
    monkeypatch.setattr(queries, "local_today", lambda: network.post.deadline + timedelta(days=1))
    assert "Szukamy pracodawcy do projektu FAMI" not in titles(client)


def test_kept_cards_are_the_cards_of_a_fresh_rendering_and_follow_each_change(client, board, network, outsider,
                                                                               monkeypatch):
    """The board's cards are kept rendered (partnerships/cards.py): the same HTML as rendering afresh."""
    from datetime import timedelta

    from app import kept
    from app.extensions import db
    from app.partnerships import queries

    client.login(outsider)  # signed in: every page is rendered, none comes from the page cache
    client.get("/help")  # shows, and so ends, the "signed in" message

    def card(title, board_url="/partnerships/"):
        page = without_csrf(client.get(board_url).text)
        kept.forget()
        assert without_csrf(client.get(board_url).text) == page
        client.get(board_url)  # kept again for the next change
        return next(card for card in page.split('<li class="card partnership-card">') if title in card)

    assert "Szukamy pracodawcy do projektu FAMI" in card("Szukamy pracodawcy")
    network.post.status = "in_talks"
    db.session.commit()
    assert "Trwają rozmowy" in card("Szukamy pracodawcy")
    network.ngo.name = "Fundacja Tarnowska Nowa"
    db.session.commit()
    assert "Fundacja Tarnowska Nowa" in card("Szukamy pracodawcy")
    network.post.set_tags("thematic_areas", ["education"])
    db.session.commit()
    assert ">edukacja<" in card("Szukamy pracodawcy")
    assert "Otwarte" in card("Mieszkania w Krakowie", "/partnerships/?status=all")
    after_deadline = board["krakow"].deadline + timedelta(days=1)
    monkeypatch.setattr(queries, "local_today", lambda: after_deadline)
    monkeypatch.setattr("app.partnerships.views.local_today", lambda: after_deadline)
    assert "Wygasłe" in card("Mieszkania w Krakowie", "/partnerships/?status=all")


# --- expiry --------------------------------------------------------------------------------
def test_a_post_past_its_deadline_shows_as_expired_and_takes_no_more_interest(client, network):
    expired = make_post(network.ngo, title="Stary nabór", deadline_in=-1, status="in_talks")
    client.login(network.employer_member)
    page = client.get(f"/partnerships/{expired.id}?lang=en").get_data(as_text=True)
    assert "Expired" in page and "no longer looks for partners" in page
    assert 'action="/partnerships/%d/interest"' % expired.id not in page
    response = client.post_form(f"/partnerships/{expired.id}/interest",
                                {"organisation": network.employer.id, "message": "Czy jeszcze aktualne?"})
    assert response.status_code == 400
    assert "no longer looks for partners" in client.get(f"/partnerships/{expired.id}?lang=en").get_data(as_text=True)


def test_a_post_whose_deadline_is_today_is_still_open(client, network):
    today = make_post(network.ngo, title="Ostatni dzień", deadline_in=0)
    assert "Ostatni dzień" in titles(client)
    assert not today.is_expired()


def test_expired_post_can_only_be_marked_formed_or_closed(app, network):
    from app.partnerships.services import allowed_statuses

    expired = make_post(network.ngo, deadline_in=-3)
    assert allowed_statuses(expired) == ("formed", "closed")
    assert expired.effective_status() == "expired"


# --- visibility --------------------------------------------------------------------------
def test_posts_of_unverified_organisations_are_seen_only_by_members_and_the_secretariat(
        client, network, outsider, moderator):
    hidden = make_post(network.shadow, title="Ukryte ogłoszenie", themes=["labour-market"])
    assert client.get(f"/partnerships/{hidden.id}").status_code == 404
    assert client.get(f"/partnerships/{hidden.id}/matches.json").status_code == 404
    assert "Ukryte ogłoszenie" not in titles(client)
    client.login(outsider)
    assert client.get(f"/partnerships/{hidden.id}").status_code == 404
    client.login(network.shadow_member)
    assert client.get(f"/partnerships/{hidden.id}").status_code == 200
    assert "Ukryte ogłoszenie" in titles(client)
    client.login(moderator)
    assert client.get(f"/partnerships/{hidden.id}").status_code == 200


def test_missing_post_is_404(client, network):
    assert client.get("/partnerships/999999").status_code == 404
    assert client.get("/partnerships/999999/matches").status_code == 404


def test_home_page_shows_the_newest_open_posts(client, network):
    make_post(network.ngo, title="Zamknięte, nie na stronie głównej", status="closed")
    page = client.get("/").get_data(as_text=True)
    assert "Szukamy pracodawcy do projektu FAMI" in page
    assert "Zamknięte, nie na stronie głównej" not in page


def test_the_board_runs_the_same_number_of_queries_for_a_few_and_many_posts(client, network, queries_for):
    few = queries_for("/partnerships/")
    for number in range(25):
        org = factories.make_org(name=f"Organizacja tablicy {number}", themes=["housing"])
        make_post(org, title=f"Ogłoszenie tablicy {number}", themes=["housing"], places=["krakow-city", "region"],
                  sectors_sought=["business"], languages=["uk"], target_groups=["ukrainian-war-refugees"])
    assert queries_for("/partnerships/") == few
    assert "Ogłoszenie tablicy 24" in client.get("/partnerships/").get_data(as_text=True)


def test_the_boards_folded_filters_open_when_a_filter_is_set(client):
    assert '<details class="filter-fold">' in client.get("/partnerships/").text
    assert '<details class="filter-fold">' in client.get("/partnerships/?sort=deadline&page=2").text  # not filters
    assert '<details class="filter-fold" open>' in client.get("/partnerships/?kind=offer").text
