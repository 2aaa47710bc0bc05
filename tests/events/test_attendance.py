"""Attendance and the meeting's record: organisers and co-organisers tick who came; counts for all, names for some."""
import pytest

from app.db import commit, utcnow
from app.events import attendance, services
from app.events.models import SINGLE, Attendance, Registration
from app.notifications.privacy import delete_account
from app.extensions import db
from tests import factories
from tests.events.factories import field_errors, future_day, make_event


def registered(event, user, organisation_name=None, status="confirmed", key=SINGLE) -> Registration:
    """A registration made earlier (the date is past now: registration itself is closed)."""
    registration = Registration(event_id=event.id, occurrence_key=key, user_id=user.id, status=status,
                                queued_at=utcnow(), organisation_name=organisation_name)
    db.session.add(registration)
    db.session.flush()
    return registration


@pytest.fixture
def held(org, organiser, request_ctx):
    """A coordination meeting held a week ago, co-organised by a partner, with three registrants."""
    partner_member = factories.make_user(display_name="Celina Współorganizatorka")
    partner = factories.make_org(name="Stowarzyszenie Partnerskie", admin=partner_member)
    event = make_event(org, author=organiser, title="Spotkanie koordynacyjne", start_date=future_day(-7),
                       registration_enabled=True, co_organiser_ids=[partner.id])
    anna = registered(event, factories.make_user(display_name="Anna Nowak"), "Fundacja Dom")
    piotr = registered(event, factories.make_user(display_name="Piotr Wiśniewski"), "fundacja  dom")
    member = factories.make_user(display_name="Zofia Członkini")
    factories.make_org(name="Caritas Diecezji Tarnowskiej", admin=member)
    zofia = registered(event, member)  # no organisation given: her membership's
    commit()
    return event, partner_member, (anna, piotr, zofia)


def test_co_organisers_tick_who_came_and_add_who_came_unregistered(app, held):
    event, partner_member, (anna, piotr, zofia) = held
    assert attendance.set_attendance(partner_member, event, SINGLE, [anna.id, zofia.id]) == 2
    attendance.add_walk_in(partner_member, event, SINGLE, "Jan Kowalski", "Urząd Gminy Wierzchosławice")
    commit()
    names = {a.name: a.organisation_name for a in attendance.attendees(event, SINGLE)}
    assert names == {"Anna Nowak": "Fundacja Dom", "Zofia Członkini": "Caritas Diecezji Tarnowskiej",
                     "Jan Kowalski": "Urząd Gminy Wierzchosławice"}
    # Ticking again replaces the list: Zofia unticked, Piotr (same organisation as Anna, typed otherwise) ticked.
    attendance.set_attendance(partner_member, event, SINGLE, [anna.id, piotr.id])
    commit()
    summary = attendance.summary(event, SINGLE)
    assert (summary.people, summary.organisations) == (3, 2)


def test_attendance_waits_for_the_meeting_and_for_the_right_people(app, org, organiser, held, request_ctx):
    event, _partner, (anna, _piotr, _zofia) = held
    with pytest.raises(services.NotAllowed):
        attendance.set_attendance(anna.user, event, SINGLE, [anna.id])
    upcoming = make_event(org, author=organiser, start_date=future_day(3), registration_enabled=True)
    with pytest.raises(services.EventError) as refused:
        attendance.set_attendance(organiser, upcoming, SINGLE, [])
    assert refused.value.message == "Obecność można zaznaczyć, gdy spotkanie się rozpocznie."  # in Polish: request_ctx
    with pytest.raises(services.EventError) as refused:
        attendance.set_attendance(organiser, event, SINGLE, [anna.id, 999_999])
    assert refused.value.field == "attended"
    with pytest.raises(services.EventError) as refused:
        attendance.add_walk_in(organiser, event, SINGLE, "  ", "Gmina")
    assert refused.value.field == "name"


def test_co_organisers_may_write_the_minutes(app, held):
    event, partner_member, _registrants = held
    minutes = services.set_minutes(partner_member, event, SINGLE, "Ustalono **plan** na marzec.", None)
    assert "<strong>plan</strong>" in minutes.body_html
    with pytest.raises(services.NotAllowed):
        services.set_minutes(factories.make_user(), event, SINGLE, "Nie moje spotkanie.", None)


# --- through the pages ----------------------------------------------------------------------------------
def test_the_checklist_works_without_javascript(app, client, held):
    event, partner_member, (anna, _piotr, zofia) = held
    client.login(partner_member)
    page = client.get(f"/events/{event.id}/attendance").get_data(as_text=True)
    assert 'type="checkbox"' in page and "Anna Nowak (Fundacja Dom)" in page
    saved = client.post_form(f"/events/{event.id}/attendance", {"attended": [str(anna.id), str(zofia.id)]})
    assert saved.status_code == 302
    refused = client.post_form(f"/events/{event.id}/attendance/add", {"name": "", "organisation": "Gmina Tarnów"})
    assert refused.status_code == 400
    html = refused.get_data(as_text=True)
    assert field_errors(html)["name"] == "Wpisz imię i nazwisko osoby." and 'value="Gmina Tarnów"' in html
    assert client.post_form(f"/events/{event.id}/attendance/add",
                            {"name": "Jan Kowalski", "organisation": "Gmina Tarnów"}).status_code == 302
    page = client.get(f"/events/{event.id}/attendance").get_data(as_text=True)
    assert f'<input checked id="attended-0" name="attended" type="checkbox" value="{anna.id}">' in page
    assert db.session.execute(db.select(db.func.count(Attendance.id))).scalar_one() == 3


def test_the_event_page_shows_counts_to_all_and_names_to_organisers_and_the_secretariat(
        app, client, held, organiser, moderator):
    event, _partner, (anna, piotr, _zofia) = held
    attendance.set_attendance(organiser, event, SINGLE, [anna.id, piotr.id])
    services.set_minutes(organiser, event, SINGLE, "Protokół: ustalono harmonogram.", None)
    commit()
    public = client.get(f"/events/{event.id}").get_data(as_text=True)
    assert "Zapis spotkania" in public and "Obecne były 2 osoby" in public and "z 1 organizacji" in public
    assert "Protokół: ustalono harmonogram." in public
    assert "Anna Nowak" not in public
    for viewer in (organiser, moderator):
        client.login(viewer)
        assert "Anna Nowak" in client.get(f"/events/{event.id}").get_data(as_text=True)
    client.login(anna.user)
    assert client.get(f"/events/{event.id}/attendance").status_code == 403


def test_a_co_organised_event_is_on_the_co_organisers_profile(app, client, org, organiser, request_ctx):
    partner = factories.make_org(name="Stowarzyszenie Partnerskie", admin=factories.make_user())
    make_event(org, author=organiser, title="Wspólne warsztaty", start_date=future_day(10),
               co_organiser_ids=[partner.id])
    commit()
    profile = client.get(f"/orgs/{partner.slug}").get_data(as_text=True)
    assert "Wspólne warsztaty" in profile and "współorganizowane z: Miejski Ośrodek" in profile


@pytest.mark.parametrize("path, form", [
    ("/attendance", {"attended": ["abc", "99999999999999999999999"]}),
    ("/attendance", {"attended": ["-1"]}),
    ("/attendance/add", {"name": "x" * 5000, "organisation": "\x00"}),
    ("/questions", {"kind": "one_choice", "label_pl": "P", "choices_pl": "a\nb", "choices_en": "\n\n\na"}),
    ("/questions", {"kind": ["yes_no", "short_text"], "label_pl": ["A", "B"]}),
    ("/write", {"audience": "everyone", "subject": "S", "body": "B"}),
    ("/register", {"organisation": "o" * 400}),
])
def test_hand_made_forms_get_an_answer_not_an_error(app, client, held, organiser, path, form):
    event, _partner, _registrants = held
    client.login(organiser)
    response = client.post_form(f"/events/{event.id}{path}", form)
    assert response.status_code in (302, 400, 403), response.status_code


def test_a_registrant_who_deletes_their_account_stays_counted_without_a_name(app, client, held, organiser):
    """Past figures must not drop when someone leaves (the secretariat reports them per county and
    month); the person's name and registration go with the account."""
    event, _partner, (anna, piotr, _zofia) = held
    attendance.set_attendance(organiser, event, SINGLE, [anna.id, piotr.id])
    attendance.add_walk_in(organiser, event, SINGLE, "Jan Kowalski", "Gmina Tarnów")
    commit()
    anna_registration = anna.id
    delete_account(anna.user, factories.PASSWORD)
    commit()
    summary = attendance.summary(event, SINGLE)
    assert (summary.people, summary.organisations) == (3, 2)
    assert db.session.get(Registration, anna_registration) is None
    names = sorted(a.name for a in attendance.attendees(event, SINGLE))
    assert names == ["", "Jan Kowalski", "Piotr Wiśniewski"]
    # Ticking again keeps the former registrant's row (it is no one's registration now).
    attendance.set_attendance(organiser, event, SINGLE, [piotr.id])
    commit()
    assert attendance.summary(event, SINGLE).people == 3
    client.login(organiser)
    checklist = client.get(f"/events/{event.id}/attendance").get_data(as_text=True)
    assert "Anna Nowak" not in checklist and "usunęła później swoje konto" in checklist
    assert "Usuń:  z listy" not in checklist  # not listed as a walk-in with an empty name
    record = client.get(f"/events/{event.id}").get_data(as_text=True)
    assert "Anna Nowak" not in record and "oraz 1 osoba, która później usunęła swoje konto" in record
