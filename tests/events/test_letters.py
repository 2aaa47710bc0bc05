"""Organisers write to the registrants of one date: through the real SMTP server, in each one's language."""
from datetime import date

import pytest

from app.db import commit
from app.events import letters, services
from app.events.models import SINGLE, EventMessage
from app.extensions import db
from app.notifications.models import Notification
from tests import factories
from tests.events.factories import field_errors, make_event
from tests.mailserver import Mailbox
from tests.notifications.factories import choose

DAY = date(2031, 6, 10)


@pytest.fixture
def meeting(org, organiser, request_ctx):
    return make_event(org, author=organiser, title="Spotkanie sieci", start_date=DAY, registration_enabled=True,
                      capacity=1, waiting_list=True)


@pytest.fixture
def registrants(meeting):
    """One confirmed (Ukrainian), one waiting (English)."""
    confirmed, waiting = factories.make_user(language="uk"), factories.make_user(language="en")
    services.register_for_event(confirmed, meeting, SINGLE)
    services.register_for_event(waiting, meeting, SINGLE)
    commit()
    return confirmed, waiting


@pytest.fixture
def co_organiser(meeting, organiser):
    """A member of a co-organising organisation (not of the organiser)."""
    person = factories.make_user(display_name="Celina Współorganizatorka")
    partner = factories.make_org(name="Stowarzyszenie Partnerskie", admin=person)
    data = services.EventData(**{**_data_of(meeting), "co_organiser_ids": [partner.id]})
    services.update_event(organiser, meeting, data)
    commit()
    return person


def _data_of(event) -> dict:
    from tests.events.factories import event_data

    return vars(event_data(event.organisation, title=event.title, start_date=DAY, registration_enabled=True,
                           capacity=event.capacity, waiting_list=True))


def test_a_message_reaches_each_chosen_registrant_in_their_language(app, mailbox, meeting, registrants, organiser):
    confirmed, waiting = registrants
    mailbox.clear()
    message = letters.write_to_registrants(organiser, meeting, SINGLE, "both", "Zmiana sali",
                                           "Spotykamy się w sali 14.\n\nProsimy o punktualność.")
    commit()
    assert message.recipient_count == 2
    uk = mailbox.last_to(confirmed.email)
    assert "Повідомлення від організаторів заходу" in uk["Subject"] and "Zmiana sali" in uk["Subject"]
    text = Mailbox.text_of(uk)
    assert "Spotykamy się w sali 14." in text and "Prosimy o punktualność." in text
    assert "10:00–12:00" in text and "вівторок, 10 червня 2031" in text  # Warsaw time, their language
    assert "Olga Organizatorka" in text  # who wrote it
    en = Mailbox.text_of(mailbox.last_to(waiting.email))
    assert "Message from the organisers of the event" in en and "Tuesday, 10 June 2031" in en
    notes = db.session.execute(db.select(Notification).where(Notification.kind == "event_message")).scalars().all()
    assert sorted(n.user_id for n in notes) == sorted([confirmed.id, waiting.id])
    assert {n.url for n in notes} == {f"/events/{meeting.id}/messages/{message.id}"}


@pytest.mark.parametrize("audience, reached", [("confirmed", 0), ("waiting", 1)])
def test_only_the_chosen_group_hears_it(app, mailbox, meeting, registrants, organiser, audience, reached):
    mailbox.clear()
    letters.write_to_registrants(organiser, meeting, SINGLE, audience, "Tylko dla was", "Treść.")
    commit()
    addresses = [person.email for person in registrants]
    assert [a for a in addresses if mailbox.to(a)] == [addresses[reached]]


def test_the_registrants_notification_settings_are_followed(app, mailbox, meeting, registrants, organiser):
    confirmed, _waiting = registrants
    choose(confirmed, event_message="app")
    commit()
    mailbox.clear()
    letters.write_to_registrants(organiser, meeting, SINGLE, "confirmed", "Tylko na stronie", "Treść.")
    commit()
    assert mailbox.to(confirmed.email) == []
    assert db.session.execute(db.select(Notification.delivery).where(
        Notification.user_id == confirmed.id, Notification.kind == "event_message")).scalar_one() == "app"


def test_co_organisers_may_write_and_others_may_not(app, mailbox, meeting, registrants, co_organiser):
    message = letters.write_to_registrants(co_organiser, meeting, SINGLE, "both", "Od współorganizatora", "Treść.")
    assert message.sender_id == co_organiser.id
    with pytest.raises(services.NotAllowed):
        letters.write_to_registrants(registrants[0], meeting, SINGLE, "both", "Spam", "Treść.")


def test_nobody_in_the_group_sends_nothing(app, meeting, organiser):
    with pytest.raises(services.EventError) as refused:
        letters.write_to_registrants(organiser, meeting, SINGLE, "waiting", "Temat", "Treść.")
    assert refused.value.field == "audience"
    assert db.session.execute(db.select(EventMessage)).first() is None


# --- through the pages ------------------------------------------------------------------------------------
def test_the_form_keeps_what_was_typed_and_the_page_lists_what_was_sent(app, client, meeting, registrants, organiser):
    client.login(organiser)
    url = f"/events/{meeting.id}/write"
    refused = client.post_form(url, {"audience": "both", "subject": "", "body": "Treść, którą piszę."})
    assert refused.status_code == 400
    html = refused.get_data(as_text=True)
    assert field_errors(html)["subject"] == "Wpisz temat."
    assert "Treść, którą piszę." in html
    sent = client.post_form(url, {"audience": "both", "subject": "Materiały", "body": "Prezentacja w załączniku."})
    assert sent.status_code == 302
    page = client.get(f"/events/{meeting.id}").get_data(as_text=True)
    assert "Materiały" in page and "Olga Organizatorka" in page and "2 osoby" in page


def test_the_message_page_is_for_recipients_and_organisers_only(app, client, meeting, registrants, organiser):
    message = letters.write_to_registrants(organiser, meeting, SINGLE, "confirmed", "Tylko potwierdzeni", "Sekret.")
    commit()
    url = f"/events/{meeting.id}/messages/{message.id}"
    client.login(registrants[0])
    assert "Sekret." in client.get(url).get_data(as_text=True)
    client.login(registrants[1])  # on the waiting list: it was not sent to them
    assert client.get(url).status_code == 404
    client.login(factories.make_user())
    assert client.get(f"/events/{meeting.id}/write").status_code == 403


def test_writing_is_rate_limited(make_app, request_ctx):
    app = make_app(RATELIMIT_ENABLED=True, EVENT_MESSAGE_RATE_LIMIT="1 per minute")
    with app.app_context(), app.test_request_context("/"):
        organiser = factories.make_user()
        event = make_event(factories.make_org(admin=organiser), author=organiser, start_date=DAY,
                           registration_enabled=True)
        services.register_for_event(factories.make_user(), event, SINGLE)
        commit()
        client = app.test_client()
        client.login(organiser)
        form = {"audience": "both", "subject": "Temat", "body": "Treść."}
        assert client.post_form(f"/events/{event.id}/write", form).status_code == 302
        assert client.post_form(f"/events/{event.id}/write", form).status_code == 429
        assert db.session.execute(db.select(db.func.count(EventMessage.id))).scalar_one() == 1
