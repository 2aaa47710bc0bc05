"""Who sees drafts, who publishes for an organisation, what co-organisers may do."""
import re

import pytest

from app.events import services
from app.events.errors import NotAllowed
from app.permissions import can, forget_principal
from tests import factories
from tests.events.factories import event_data, field_errors, make_event


@pytest.fixture
def colleague(org):
    """Another member (not admin) of the organiser organisation."""
    from app.directory.models import Membership
    from app.extensions import db

    user = factories.make_user(display_name="Celina Koleżanka")
    db.session.add(Membership(organisation_id=org.id, user_id=user.id, role="member", status="active"))
    db.session.flush()
    forget_principal(user)
    return user


@pytest.fixture
def draft(org, organiser, request_ctx):
    return make_event(org, author=organiser, publish=False, title="Szkic spotkania w Tarnowie")


def test_a_draft_is_seen_by_the_organiser_organisation_only(client, draft, colleague, outsider, moderator):
    url = f"/events/{draft.id}"
    assert client.get(url).status_code == 404
    for person, status in ((outsider, 404), (moderator, 404), (colleague, 200)):
        client.login(person)
        assert client.get(url).status_code == status, person.display_name
        client.post_form("/auth/logout")


def test_drafts_are_missing_from_lists_grid_and_feeds_for_others(client, draft, outsider, colleague):
    month = draft.starts_at.strftime("%Y-%m")
    pages = ["/events/", f"/events/calendar?month={month}", "/events/feed.ics", f"/events/{draft.id}.ics"]
    for url in pages:
        assert "Szkic spotkania" not in client.get(url).get_data(as_text=True), url
    client.login(outsider)
    for url in pages:
        assert "Szkic spotkania" not in client.get(url).get_data(as_text=True), url
    client.post_form("/auth/logout")
    client.login(colleague)
    assert "Szkic spotkania" in client.get("/events/").get_data(as_text=True)
    assert "Szkic spotkania" in client.get(f"/events/calendar?month={month}").get_data(as_text=True)
    # Even for its own organisation a subscribed feed carries no drafts (feeds are public).
    assert "Szkic spotkania" not in client.get("/events/feed.ics").get_data(as_text=True)
    assert "Szkic spotkania" in client.get("/events/mine").get_data(as_text=True)


def test_only_members_publish_for_an_organisation(org, outsider, colleague, request_ctx):
    with pytest.raises(NotAllowed):
        services.create_event(outsider, event_data(org), publish=True)
    event = services.create_event(colleague, event_data(org), publish=True)
    assert event.is_published and event.organisation_id == org.id


def test_the_new_event_form_refuses_someone_elses_organisation(client, org, outsider):
    factories.make_org(name="Fundacja Własna", admin=outsider)
    client.login(outsider)
    form = client.get("/events/new").get_data(as_text=True)
    organiser_choice = re.search(r'<select[^>]*id="organisation_id".*?</select>', form, re.S).group(0)
    assert "Fundacja Własna" in organiser_choice and org.name not in organiser_choice
    response = client.post_form("/events/new", {
        "title": "Podszyte wydarzenie", "event_type": "workshop", "organisation_id": org.id,
        "start_date": "2030-05-05", "start_time": "10:00", "end_time": "12:00", "county": "tarnow-city",
        "publish": "1",
    })
    assert response.status_code == 400
    assert "tylko w imieniu zweryfikowanej organizacji, do której należysz" in str(field_errors(response.get_data(as_text=True)))


def test_people_without_an_organisation_cannot_add_events(client, outsider):
    client.login(outsider)
    assert client.get("/events/new").status_code == 403
    assert "Dodaj wydarzenie" not in client.get("/events/").get_data(as_text=True)


def test_co_organisers_see_registrations_but_do_not_edit(client, org, organiser, request_ctx):
    partner_admin = factories.make_user(display_name="Paweł Partner")
    partner = factories.make_org(name="Stowarzyszenie Partnerskie", admin=partner_admin)
    event = make_event(org, author=organiser, co_organiser_ids=[partner.id], registration_enabled=True, capacity=10)
    assert [o.name for o in event.co_organisers] == ["Stowarzyszenie Partnerskie"]
    assert can(partner_admin, "events.view_registrations", event)
    assert not can(partner_admin, "events.edit", event)
    client.login(partner_admin)
    page = client.get(f"/events/{event.id}").get_data(as_text=True)
    assert "Stowarzyszenie Partnerskie" in page
    assert client.get(f"/events/{event.id}/registrations").status_code == 200
    assert client.get(f"/events/{event.id}/registrations.csv").status_code == 200
    assert client.get(f"/events/{event.id}/edit").status_code == 403
    # The co-organiser's own list shows the event (the organiser filter includes co-organised events).
    assert event.title in client.get(f"/events/?org={partner.slug}").get_data(as_text=True)


def test_organiser_only_actions_are_refused_to_others(client, org, organiser, outsider, request_ctx):
    event = make_event(org, author=organiser, registration_enabled=True,
                       repeat="weekly", repeat_end="count", repeat_count=4)
    key = event.starts_at.astimezone(event.zone).date().isoformat()
    client.login(outsider)
    for url in (f"/events/{event.id}/edit", f"/events/{event.id}/cancel", f"/events/{event.id}/registrations",
                f"/events/{event.id}/registrations.csv", f"/events/{event.id}/{key}/manage",
                f"/events/{event.id}/{key}/minutes"):
        assert client.get(url).status_code == 403, url
    assert client.post_form(f"/events/{event.id}/{key}/manage", {"cancel": "1"}).status_code == 403
    assert client.post_form(f"/events/{event.id}/publish").status_code == 403


def test_publishing_a_draft(client, draft, organiser):
    client.login(organiser)
    client.post_form(f"/events/{draft.id}/publish")
    client.post_form("/auth/logout")
    assert client.get(f"/events/{draft.id}").status_code == 200


def test_an_organisation_awaiting_verification_cannot_publish_yet(client, request_ctx):
    founder = factories.make_user()
    pending = factories.make_org(name="Fundacja Nowa", admin=founder, verified_at=None)
    with pytest.raises(NotAllowed):
        services.create_event(founder, event_data(pending), publish=True)
    assert not can(founder, "events.create")
    client.login(founder)
    assert client.get("/events/new").status_code == 403


@pytest.mark.parametrize("url", ["/events/99999999999999", "/events/99999999999999.ics",
                                 "/events/99999999999999/2031-01-07", "/events/0"])
def test_ids_beyond_any_event_are_not_found(client, url):
    assert client.get(url).status_code == 404


def test_a_registration_id_beyond_any_is_not_found(client, outsider):
    client.login(outsider)
    assert client.post_form("/events/registrations/99999999999999/cancel").status_code == 404


MEETING_ACTIONS = ("events.write_to_registrants", "events.write_minutes", "events.record_attendance",
                   "events.view_attendance")


@pytest.mark.parametrize("persona, allowed", [
    ("organiser", set(MEETING_ACTIONS)),
    ("co_organiser", set(MEETING_ACTIONS)),
    ("moderator", {"events.view_attendance"}),  # the secretariat reads who attended, nothing more
    ("outsider", set()),
    ("anonymous", set()),
])
def test_who_runs_a_meeting(request, org, organiser, request_ctx, persona, allowed):
    """Messages to registrants, minutes and attendance: the organiser and co-organiser organisations."""
    co_organiser = factories.make_user()
    partner = factories.make_org(name="Stowarzyszenie Partnerskie", admin=co_organiser)
    event = make_event(org, author=organiser, co_organiser_ids=[partner.id], registration_enabled=True)
    user = {"organiser": organiser, "co_organiser": co_organiser}.get(persona) or request.getfixturevalue(persona)
    assert {action for action in MEETING_ACTIONS if can(user, action, event)} == allowed
