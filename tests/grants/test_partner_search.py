"""Choosing partners beyond any list's length: a name search (GET, no JavaScript) of verified
organisations with an "invite" button each, in a fixed number of queries."""
import pytest

from app.db import utcnow
from app.extensions import db
from app.grants.models import GrantPartner
from tests import factories
from tests.grants.factories import make_application


@pytest.fixture
def application(call, lead_org, applicant):
    return make_application(call, lead_org, applicant)


def _found(page: str) -> list[str]:
    results = page.split('class="partner-results"')[1].split("</ul>")[0] if 'class="partner-results"' in page else ""
    return [chunk.split(" <span")[0].strip() for chunk in results.split("<span>")[1:]]


def test_the_search_finds_verified_organisations_by_any_part_of_the_name(client, application, applicant,
                                                                         partner_org):
    factories.make_org(name="Żółta Fundacja Tarnowska")
    factories.make_org(name="Fundacja Czeka na Weryfikację", verified_at=None)
    client.login(applicant)
    page = client.get(f"/grants/applications/{application.id}?partner_q=zolta+tarnow").text
    assert _found(page) == ["Żółta Fundacja Tarnowska"]
    # The lead itself and unverified organisations are never offered.
    assert _found(client.get(f"/grants/applications/{application.id}?partner_q=fundacja").text) == [
        "Żółta Fundacja Tarnowska"]
    assert "co najmniej dwie litery" in client.get(f"/grants/applications/{application.id}?partner_q=g").text


def test_the_invite_button_invites_and_the_partner_leaves_the_results(client, application, applicant, partner_org):
    client.login(applicant)
    page = client.get(f"/grants/applications/{application.id}?partner_q=gmina").text
    assert _found(page) == ["Gmina Testowa"] and f'name="organisation_id" value="{partner_org.id}"' in page
    client.post_form(f"/grants/applications/{application.id}/partners", {"organisation_id": str(partner_org.id)})
    assert [p.organisation_id for p in db.session.execute(db.select(GrantPartner)).scalars()] == [partner_org.id]
    assert _found(client.get(f"/grants/applications/{application.id}?partner_q=gmina").text) == []


def test_only_the_applications_editors_get_the_search(client, application, partner_org, partner_admin):
    db.session.add(GrantPartner(application_id=application.id, organisation_id=partner_org.id,
                                confirmed_at=utcnow()))
    client.login(partner_admin)
    page = client.get(f"/grants/applications/{application.id}?partner_q=fundacja").text
    assert 'name="partner_q"' not in page and _found(page) == []


def test_many_matches_in_a_fixed_number_of_queries(client, application, applicant, count_queries):
    """Many matches: the first twenty by name and a hint to type more; the query count does not grow."""
    client.login(applicant)
    url = f"/grants/applications/{application.id}?partner_q=stowarzyszenie"
    factories.make_org(name="Stowarzyszenie 000")
    with count_queries() as one:
        assert _found(client.get(url).text) == ["Stowarzyszenie 000"]
    for number in range(1, 30):
        factories.make_org(name=f"Stowarzyszenie {number:03d}")
    with count_queries() as many:
        page = client.get(url).text
    assert _found(page)[:2] == ["Stowarzyszenie 000", "Stowarzyszenie 001"] and len(_found(page)) == 20
    assert "wpisz więcej z nazwy" in page
    assert many.count == one.count
    assert _found(client.get(url.replace("stowarzyszenie", "stowarzyszenie 029")).text) == ["Stowarzyszenie 029"]
