"""Registration: places, deadline, waiting list, promotion (with its e-mail), concurrency."""
import threading
from datetime import date, time, timedelta

import pytest
from sqlalchemy import func, select

from app.db import commit, utcnow
from app.events import services
from app.events.errors import AlreadyRegistered, RegistrationError
from app.events.models import Registration
from app.extensions import db
from app.notifications.models import Notification
from tests import factories
from tests.events.factories import flashed, future_day, make_event


@pytest.fixture
def workshop(org, organiser, request_ctx):
    """A workshop in two weeks with two places and a waiting list."""
    return make_event(org, author=organiser, title="Warsztaty: prawo pobytu", event_type="workshop",
                      registration_enabled=True, capacity=2, waiting_list=True)


def people(count: int) -> list:
    return [factories.make_user(display_name=f"Uczestnik {n}") for n in range(count)]


def test_places_then_waiting_list_in_order(workshop):
    first, second, third, fourth = people(4)
    statuses = [services.register_for_event(p, workshop, "").status for p in (first, second, third, fourth)]
    assert statuses == ["confirmed", "confirmed", "waiting", "waiting"]


def test_without_a_waiting_list_a_full_event_says_so(org, organiser, request_ctx):
    event = make_event(org, author=organiser, registration_enabled=True, capacity=1, waiting_list=False)
    first, second = people(2)
    services.register_for_event(first, event, "")
    with pytest.raises(RegistrationError, match="nie ma już wolnych miejsc"):
        services.register_for_event(second, event, "")


def test_registration_closes_at_the_deadline(org, organiser, request_ctx):
    start = future_day(10)
    event = make_event(org, author=organiser, start_date=start, registration_enabled=True,
                       deadline_date=utcnow().date() - timedelta(days=1), deadline_time=time(12))
    with pytest.raises(RegistrationError) as refused:
        services.register_for_event(people(1)[0], event, "")
    assert refused.value.message.startswith("Rejestracja zakończyła się")


def test_a_deadline_after_the_start_is_refused(org, organiser, request_ctx):
    with pytest.raises(services.EventError) as refused:
        make_event(org, author=organiser, start_date=future_day(10), registration_enabled=True,
                   deadline_date=future_day(11))
    assert refused.value.field == "deadline_date"


def test_registering_twice_is_refused_politely(client, workshop):
    person = people(1)[0]
    client.login(person)
    client.post_form(f"/events/{workshop.id}/register")
    again = client.post_form(f"/events/{workshop.id}/register", follow_redirects=True)
    assert again.status_code == 200
    assert "Masz już miejsce na tym wydarzeniu" in flashed(again.get_data(as_text=True))
    count = db.session.execute(select(func.count()).select_from(Registration)
                               .where(Registration.user_id == person.id)).scalar_one()
    assert count == 1
    with pytest.raises(AlreadyRegistered):
        services.register_for_event(person, workshop, "")


def test_registering_again_while_waiting_keeps_the_place_in_the_queue(workshop):
    first, second, waiting_first, waiting_second = people(4)
    for person in (first, second, waiting_first, waiting_second):
        services.register_for_event(person, workshop, "")
    queued_at = _registration(waiting_first, workshop).queued_at
    with pytest.raises(AlreadyRegistered, match="liście rezerwowej"):
        services.register_for_event(waiting_first, workshop, "")
    assert _registration(waiting_first, workshop).queued_at == queued_at
    services.cancel_registration(first, _registration(first, workshop))
    assert (_registration(waiting_first, workshop).status, _registration(waiting_second, workshop).status) == (
        "confirmed", "waiting")


def _registration(person, event) -> Registration:
    return db.session.execute(select(Registration).where(
        Registration.user_id == person.id, Registration.event_id == event.id)).scalar_one()


def test_a_cancellation_promotes_the_first_waiting_person_and_tells_them(client, workshop, mailbox):
    first, second, waiting_first, waiting_second = people(4)
    for person in (first, second, waiting_first, waiting_second):
        services.register_for_event(person, workshop, "")
    commit()
    registration = db.session.execute(select(Registration).where(Registration.user_id == first.id)).scalar_one()

    client.login(first)
    response = client.post_form(f"/events/registrations/{registration.id}/cancel", {"next": "mine"},
                                follow_redirects=True)
    assert "Twoja rejestracja została anulowana" in flashed(response.get_data(as_text=True))

    status = dict(db.session.execute(select(Registration.user_id, Registration.status)).all())
    assert status == {first.id: "cancelled", second.id: "confirmed", waiting_first.id: "confirmed",
                      waiting_second.id: "waiting"}
    told = db.session.execute(select(Notification).where(Notification.user_id == waiting_first.id,
                                                         Notification.kind == "waitlist_promotion")).scalar_one()
    assert "Warsztaty: prawo pobytu" in told.title
    message = mailbox.last_to(waiting_first.email)
    assert "Warsztaty: prawo pobytu" in mailbox.text_of(message) or "Warsztaty: prawo pobytu" in message["Subject"]
    assert any(f"/events/{workshop.id}" in link for link in mailbox.links_in(message))
    # Still waiting: told of the place on the list when registering, of no promotion since.
    assert [m["Subject"].split(":")[0].strip() for m in mailbox.to(waiting_second.email)] == ["Twoje zgłoszenie na wydarzenie"]


def test_my_events_lists_registrations_and_cancels_them(client, workshop):
    person = people(1)[0]
    client.login(person)
    client.post_form(f"/events/{workshop.id}/register")
    mine = client.get("/events/mine").get_data(as_text=True)
    assert "Warsztaty: prawo pobytu" in mine
    registration = db.session.execute(select(Registration).where(Registration.user_id == person.id)).scalar_one()
    client.post_form(f"/events/registrations/{registration.id}/cancel", {"next": "mine"})
    assert "Warsztaty: prawo pobytu" not in client.get("/events/mine").get_data(as_text=True)
    # Someone else's registration cannot be cancelled: it is as good as missing.
    other = people(1)[0]
    services.register_for_event(other, workshop, "")
    commit()
    theirs = db.session.execute(select(Registration).where(Registration.user_id == other.id)).scalar_one()
    assert client.post_form(f"/events/registrations/{theirs.id}/cancel").status_code == 404


def test_the_organiser_gets_a_csv_with_a_bom(client, workshop, organiser, outsider):
    for person in people(3):
        services.register_for_event(person, workshop, "")
    zenon = factories.make_user(display_name="Zenon Żółć-Łęcki")
    services.register_for_event(zenon, workshop, "")
    commit()
    client.login(outsider)
    assert client.get(f"/events/{workshop.id}/registrations.csv").status_code == 403
    client.post_form("/auth/logout")
    client.login(organiser)
    response = client.get(f"/events/{workshop.id}/registrations.csv")
    assert response.status_code == 200 and response.mimetype == "text/csv"
    body = response.get_data()
    assert body.startswith(b"\xef\xbb\xbf")
    rows = body.decode("utf-8-sig").splitlines()
    assert len(rows) == 5  # header + 4 people
    assert "Zenon Żółć-Łęcki" in rows[-1] and "liście rezerwowej" in rows[-1]


def test_capacity_is_never_exceeded_by_concurrent_registrations(app, org, organiser, request_ctx):
    """Twelve people press "Register" at the same moment for five places (file SQLite or PostgreSQL)."""
    event = make_event(org, author=organiser, registration_enabled=True, capacity=5, waiting_list=True)
    crowd = people(12)
    commit()
    event_id, user_ids = event.id, [p.id for p in crowd]
    start_together = threading.Barrier(len(user_ids))
    outcomes, failures = [], []

    def register(user_id):
        from app.auth.models import User
        from app.events.models import Event

        with app.test_request_context("/"):
            try:
                user, event_ = db.session.get(User, user_id), db.session.get(Event, event_id)
                start_together.wait(timeout=10)
                outcomes.append(services.register_for_event(user, event_, "").status)
                commit()
            except Exception as error:  # noqa: BLE001 — reported by the assertion below
                failures.append(repr(error))
            finally:
                db.session.remove()

    threads = [threading.Thread(target=register, args=(i,)) for i in user_ids]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert failures == []
    assert sorted(outcomes) == ["confirmed"] * 5 + ["waiting"] * 7
    db.session.expire_all()
    stored = dict(db.session.execute(select(Registration.status, func.count()).where(
        Registration.event_id == event_id).group_by(Registration.status)).all())
    assert stored == {"confirmed": 5, "waiting": 7}


def test_each_occurrence_has_its_own_places(org, organiser, request_ctx):
    event = make_event(org, author=organiser, start_date=date(2031, 1, 7), repeat="monthly_weekday",
                       repeat_end="count", repeat_count=6, registration_enabled=True, capacity=1)
    person, other = people(2)
    assert services.register_for_event(person, event, "2031-01-07").status == "confirmed"
    assert services.register_for_event(other, event, "2031-01-07").status == "waiting"
    assert services.register_for_event(other, event, "2031-02-04").status == "confirmed"
    with pytest.raises(RegistrationError):
        services.register_for_event(person, event, "2031-02-05")  # not a date of the series
    services.cancel_occurrence(organiser, event, "2031-03-04")
    with pytest.raises(RegistrationError):
        services.register_for_event(person, event, "2031-03-04")


def test_more_places_promote_the_waiting_list(org, organiser, request_ctx):
    from tests.events.factories import event_data

    start = future_day(12)
    event = make_event(org, author=organiser, start_date=start, registration_enabled=True, capacity=1)
    first, waiting = people(2)
    services.register_for_event(first, event, "")
    assert services.register_for_event(waiting, event, "").status == "waiting"
    services.update_event(organiser, event, event_data(org, start_date=start, registration_enabled=True, capacity=2))
    promoted = db.session.execute(select(Registration).where(Registration.user_id == waiting.id)).scalar_one()
    assert promoted.status == "confirmed"
    assert db.session.execute(select(Notification).where(
        Notification.user_id == waiting.id, Notification.kind == "waitlist_promotion")).scalar_one()


def test_the_organiser_is_told_about_a_new_registration(client, workshop, organiser):
    person = people(1)[0]
    client.login(person)
    client.post_form(f"/events/{workshop.id}/register")
    told = db.session.execute(select(Notification).where(Notification.user_id == organiser.id,
                                                         Notification.kind == "event_registration")).scalar_one()
    assert told.url == f"/events/{workshop.id}/registrations"
