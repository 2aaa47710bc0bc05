"""Posting, editing and changing the status of posts; bad input gets a message and keeps what was typed."""
import re
from datetime import timedelta

import pytest

from app.extensions import db
from app.partnerships.models import PartnershipPost, local_today
from app.partnerships.queries import count_formed_partnerships
from tests import factories
from tests.partnerships.factories import make_conversation, make_post


def form_data(org, **overrides):
    data = {
        "organisation": str(org.id), "kind": "request", "title": "Szukamy pracodawcy w Tarnowie",
        "description": "Projekt **FAMI**: staże dla uchodźców.", "offered": "Doświadczenie i kadra.",
        "sectors_sought": ["business"], "themes": ["labour-market"], "target_groups": ["ukrainian-war-refugees"],
        "places": ["tarnowski", "region"], "languages": ["pl", "uk"], "funding_source": "fami-2021-2027",
        "deadline": (local_today() + timedelta(days=40)).isoformat(), "duration_months": "24",
    }
    data.update(overrides)
    return data


def is_checked(page, name, value) -> bool:
    return re.search(rf'<input checked [^>]*name="{name}" type="checkbox" value="{value}"', page) is not None


def only_post():
    return db.session.execute(db.select(PartnershipPost)).scalars().one_or_none()


def test_a_member_posts_a_request_on_behalf_of_their_organisation(client, network):
    db.session.delete(network.post)
    client.login(network.ngo_admin)
    response = client.post_form("/partnerships/new", form_data(network.ngo))
    post = only_post()
    assert response.status_code == 302 and response.headers["Location"].endswith(f"/partnerships/{post.id}")
    assert (post.organisation_id, post.author_id, post.status) == (network.ngo.id, network.ngo_admin.id, "open")
    assert post.counties == ["tarnowski"] and post.scopes == ["region"]
    assert post.sectors_sought == ["business"] and post.languages == ["pl", "uk"]
    assert "<strong>FAMI</strong>" in post.description_html
    page = client.get(f"/partnerships/{post.id}").get_data(as_text=True)
    assert "Zakłady Pracy Tarnów" in page.split('id="matches-heading"')[1]


def test_posting_bumps_the_organisations_recent_activity(client, network):
    before = network.ngo.last_activity_at
    client.login(network.ngo_admin)
    client.post_form("/partnerships/new", form_data(network.ngo))
    db.session.refresh(network.ngo)
    assert network.ngo.last_activity_at > before


@pytest.mark.parametrize("overrides, message", [
    ({"deadline": (local_today() - timedelta(days=1)).isoformat()}, "The call deadline has already passed"),
    ({"deadline": "31.02.2025"}, "Give the date as YYYY-MM-DD"),
    ({"themes": ["labour-market", "flying-cars"]}, "Unknown value: flying-cars"),
    ({"places": ["atlantis"]}, "Unknown value: atlantis"),
    ({"sectors_sought": ["aliens"]}, "Unknown value: aliens"),
    ({"funding_source": "lottery"}, "Unknown value: lottery"),
    ({"themes": []}, "Choose at least one thematic area"),
    ({"places": []}, "Choose at least one county"),
    ({"kind": "gift"}, "Choose whether you offer or seek"),
    ({"title": ""}, "Give the post a title"),
    ({"description": "x" * 100_001}, "The description has at most 20000 characters"),
    ({"duration_months": "many"}, "Give a whole number"),
    ({"duration_months": "500"}, "from 1 to 120"),
])
def test_bad_input_gets_a_clear_message_and_the_form_keeps_what_was_typed(client, network, overrides, message):
    client.login(network.ngo_admin)
    data = form_data(network.ngo, **{"title": "Mój wpisany tytuł <b>", **overrides})
    response = client.post_form("/partnerships/new?lang=en", data)
    page = response.get_data(as_text=True)
    assert response.status_code == 400
    assert message in page
    if "title" not in overrides:
        assert 'value="Mój wpisany tytuł &lt;b&gt;"' in page
    assert is_checked(page, "languages", "uk") and not is_checked(page, "languages", "ru")
    assert db.session.execute(db.select(PartnershipPost).where(PartnershipPost.title.like("Mój%"))).first() is None


def test_a_hand_made_form_for_another_organisation_is_refused(client, network):
    client.login(network.ngo_admin)
    for other in (str(network.employer.id), "abc", "999999"):
        response = client.post_form("/partnerships/new?lang=en", form_data(network.employer, organisation=other))
        assert response.status_code == 400
        assert "only on behalf of an organisation you belong to" in response.get_data(as_text=True)
    assert db.session.execute(db.select(PartnershipPost).where(
        PartnershipPost.organisation_id == network.employer.id)).first() is None


def test_without_an_organisation_one_is_told_how_to_get_one(client, outsider):
    client.login(outsider)
    page = client.get("/partnerships/new?lang=en").get_data(as_text=True)
    assert "You need to belong to an organisation" in page
    response = client.post_form("/partnerships/new?lang=en", {"title": "x", "organisation": "1"})
    assert response.status_code == 400 and "You need to belong to an organisation" in response.get_data(as_text=True)


def test_anonymous_is_sent_to_log_in_and_unconfirmed_may_not_post(client, network, unconfirmed):
    response = client.get("/partnerships/new")
    assert response.status_code == 302 and "/auth/login" in response.headers["Location"]
    client.login(unconfirmed)
    assert client.get("/partnerships/new").status_code == 403


def test_html_in_the_title_is_shown_as_text(client, network):
    client.login(network.ngo_admin)
    client.post_form("/partnerships/new", form_data(network.ngo, title='<script>alert(1)</script> Staże',
                                                    description="<img src=x onerror=alert(1)> opis"))
    post = db.session.execute(db.select(PartnershipPost).order_by(PartnershipPost.id.desc())).scalars().first()
    page = client.get(f"/partnerships/{post.id}").get_data(as_text=True)
    assert "<script>alert(1)" not in page and "&lt;script&gt;alert(1)&lt;/script&gt; Staże" in page
    assert "<img" not in post.description_html and "&lt;img" in post.description_html


# --- editing -------------------------------------------------------------------------------
def test_the_organisations_admin_edits_a_post(client, network):
    client.login(network.ngo_admin)
    data = form_data(network.ngo, title="Nowy tytuł", themes=["education"])
    response = client.post_form(f"/partnerships/{network.post.id}/edit", data)
    assert response.status_code == 302
    db.session.refresh(network.post)
    assert network.post.title == "Nowy tytuł" and network.post.themes == ["education"]


def test_edit_form_shows_the_posts_values(client, network):
    client.login(network.ngo_admin)
    page = client.get(f"/partnerships/{network.post.id}/edit").get_data(as_text=True)
    assert 'value="Szukamy pracodawcy do projektu FAMI"' in page
    assert re.search(r'<option selected value="fami-2021-2027">', page)
    assert is_checked(page, "sectors_sought", "business") and is_checked(page, "places", "tarnowski")


def test_an_expired_post_keeps_its_old_deadline_when_edited(client, network):
    old = make_post(network.ngo, network.ngo_admin, deadline_in=-10, themes=["labour-market"], places=["tarnowski"])
    client.login(network.ngo_admin)
    data = form_data(network.ngo, deadline=old.deadline.isoformat(), title="Poprawiony")
    assert client.post_form(f"/partnerships/{old.id}/edit", data).status_code == 302


@pytest.mark.parametrize("who", ["outsider", "other_member", "anonymous"])
def test_others_may_not_edit(client, network, outsider, who):
    colleague = factories.make_user()
    factories.make_org(name="Inna", members=[colleague])
    user = {"outsider": outsider, "other_member": network.employer_member, "anonymous": None}[who]
    if user:
        client.login(user)
    response = client.post_form(f"/partnerships/{network.post.id}/edit", form_data(network.ngo, title="Przejęte"))
    assert response.status_code == (403 if user else 302)
    db.session.refresh(network.post)
    assert network.post.title != "Przejęte"


def test_a_plain_member_edits_only_their_own_posts(client, network):
    colleague = factories.make_user()
    from app.directory.models import Membership

    db.session.add(Membership(organisation_id=network.ngo.id, user_id=colleague.id, role="member"))
    own = make_post(network.ngo, colleague, title="Mój")
    client.login(colleague)
    assert client.get(f"/partnerships/{own.id}/edit").status_code == 200
    assert client.get(f"/partnerships/{network.post.id}/edit").status_code == 403


# --- status ----------------------------------------------------------------------------------
def test_marking_formed_names_partners_and_is_counted(client, network):
    make_conversation(network.post, network.employer, network.employer_member)
    client.login(network.ngo_admin)
    assert count_formed_partnerships() == 0
    response = client.post_form(f"/partnerships/{network.post.id}/status", {
        "status": "formed", "partners": [str(network.employer.id)], "other_partner": "miejski ośrodek pomocy społecznej"})
    assert response.status_code == 302
    db.session.refresh(network.post)
    assert network.post.status == "formed" and network.post.formed_at is not None
    assert {p.organisation_id for p in network.post.partners} == {network.employer.id, network.city.id}
    assert count_formed_partnerships() == 1
    page = client.get(f"/partnerships/{network.post.id}?lang=en").get_data(as_text=True)
    assert "Partnership formed" in page and "Miejski Ośrodek Pomocy Społecznej" in page
    assert "Szukamy pracodawcy" not in client.get("/partnerships/").get_data(as_text=True)


@pytest.mark.parametrize("typed", ["zaklady pracy", "PRACY TARNÓW", "Zakłady „Pracy” Tarnów"])
def test_a_partner_is_found_by_part_of_its_name_whatever_the_case_letters_or_quotes(client, network, typed):
    client.login(network.ngo_admin)
    response = client.post_form(f"/partnerships/{network.post.id}/status", {"status": "in_talks", "other_partner": typed})
    assert response.status_code == 302
    assert [p.organisation_id for p in network.post.partners] == [network.employer.id]


def test_a_part_of_a_name_that_fits_several_organisations_offers_them(client, network):
    client.login(network.ngo_admin)
    response = client.post_form(f"/partnerships/{network.post.id}/status?lang=en",
                                {"status": "in_talks", "other_partner": "tarn"})
    page = response.get_data(as_text=True)
    assert response.status_code == 400 and "Several organisations match “tarn”" in page
    assert "Zakłady Pracy Tarnów" in page and 'value="tarn"' in page  # what was typed is kept


@pytest.mark.parametrize("data, message", [
    ({"status": "formed"}, "Name at least one partner organisation"),
    ({"status": "in_talks", "other_partner": "Nieistniejąca Fundacja"}, "There is no verified organisation named"),
    ({"status": "in_talks", "other_partner": "Firma Niezweryfikowana"}, "There is no verified organisation named"),
    ({"status": "in_talks", "partners": ["999"]}, "Choose partners from the list"),
    ({"status": "in_talks", "other_partner": "Fundacja Tarnowska"}, "not its own partner"),
    ({"status": "expired"}, "cannot move to that status"),
    ({"status": "bogus"}, "cannot move to that status"),
])
def test_bad_status_changes_are_explained(client, network, data, message):
    client.login(network.ngo_admin)
    response = client.post_form(f"/partnerships/{network.post.id}/status?lang=en", data)
    assert response.status_code == 400 and message in response.get_data(as_text=True)
    db.session.refresh(network.post)
    assert network.post.status == "open"


def test_in_talks_then_back_to_open(client, network):
    client.login(network.ngo_admin)
    client.post_form(f"/partnerships/{network.post.id}/status", {"status": "in_talks", "other_partner": "Zakłady Pracy Tarnów"})
    db.session.refresh(network.post)
    assert network.post.status == "in_talks" and [p.organisation_id for p in network.post.partners] == [network.employer.id]
    assert "Szukamy pracodawcy" in client.get("/partnerships/").get_data(as_text=True)  # in talks: still listed
    client.post_form(f"/partnerships/{network.post.id}/status", {"status": "open"})
    db.session.refresh(network.post)
    assert network.post.status == "open" and network.post.partners == []


def test_only_the_poster_side_changes_the_status(client, network):
    client.login(network.employer_member)
    assert client.post_form(f"/partnerships/{network.post.id}/status", {"status": "closed"}).status_code == 403
