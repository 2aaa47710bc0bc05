"""Each kind of notification is made by its event in the part that causes it, and mailed as chosen.

Forums (reply, mention, followed post), partnerships (interest, conversation message, match)
and the directory (verification) test their kinds in their own tests; the events' kinds and the
secretariat's warning are checked here end to end, through the real SMTP server.
"""
import pytest

from app.db import commit
from app.events.models import SINGLE
from app.events.registration import cancel_registration, register_for_event
from app.extensions import db
from app.notifications.kinds import KIND_CHOICE_LABELS, KIND_LABELS
from app.notifications.models import DEFAULT_DELIVERY, KINDS, Notification
from tests import factories
from tests.events.factories import make_event
from tests.mailserver import Mailbox


@pytest.fixture
def request_ctx(app):
    with app.test_request_context("/"):
        yield


def notes(user, kind):
    return list(db.session.execute(db.select(Notification).where(
        Notification.user_id == user.id, Notification.kind == kind)).scalars())


def test_every_kind_has_words_and_a_default():
    assert set(KINDS) == set(KIND_LABELS) == set(KIND_CHOICE_LABELS) == set(DEFAULT_DELIVERY)


def test_a_registration_tells_the_organisers(request_ctx, member):
    organiser = factories.make_user(display_name="Olga Organizatorka")
    event = make_event(author=organiser, title="Dzień otwarty", registration_enabled=True, capacity=10)
    register_for_event(member, event, SINGLE)
    [note] = notes(organiser, "event_registration")
    assert "Dzień otwarty" in note.title and note.actor_id == member.id
    assert notes(member, "event_registration") == []  # not the one who registered


def test_a_place_freed_promotes_the_first_waiting_person_who_hears_by_email(request_ctx, mailbox, member):
    event = make_event(title="Warsztaty CV", registration_enabled=True, capacity=1, waiting_list=True)
    first = factories.make_user()
    place = register_for_event(first, event, SINGLE)
    waiting = register_for_event(member, event, SINGLE)
    assert waiting.status == "waiting" and notes(member, "waitlist_promotion") == []
    cancel_registration(first, place)
    [note] = notes(member, "waitlist_promotion")
    assert "Warsztaty CV" in note.title
    commit()  # "waitlist_promotion" is e-mailed at once by default
    message = mailbox.last_to(member.email)
    assert "Masz miejsce na wydarzeniu" in message["Subject"]
    assert "Warsztaty CV" in Mailbox.text_of(message)
