"""My data: the JSON export of everything I wrote and registered for; deleting my account."""
import json

import pytest

from app.auth.models import User
from app.db import commit, utcnow
from app.events.models import SINGLE, Registration
from app.events.registration import register_for_event
from app.extensions import db
from app.forums.models import Post
from app.grants.models import GrantReview, GrantReviewerInvitation, GrantScore
from app.notifications.models import Notification
from app.notifications.privacy import delete_account
from tests import factories
from tests.events.factories import make_event
from tests.forums.factories import make_reply, make_thread
from tests.grants.factories import make_application, make_call
from tests.notifications.factories import make_notification


@pytest.fixture
def active_member(app, member):
    """The member wrote a thread and a reply, registered for an event, has a notification."""
    with app.test_request_context("/"):
        thread = make_thread(author=member, title="Kursy polskiego dla dorosłych", body="Gdzie są wolne miejsca?")
        make_reply(thread, author=factories.make_user(), body="W Tarnowie od marca.")
        make_reply(thread, author=member, body="Dziękuję, zapiszę się.")
        event = make_event(title="Spotkanie informacyjne", registration_enabled=True, capacity=1)
        register_for_event(member, event, SINGLE)
        make_notification(member, "reply", title="Odpowiedź o kursach")
    commit()
    return member


def test_the_export_holds_what_i_wrote_and_my_registrations_and_nobody_elses(client, active_member):
    client.login(active_member)
    response = client.get("/account/export.json")
    assert response.status_code == 200 and response.mimetype == "application/json"
    assert "attachment" in response.headers["Content-Disposition"]
    assert "no-store" in response.headers["Cache-Control"].replace(" ", "").split(",")  # never kept anywhere
    data = json.loads(response.text)
    assert data["account"]["email"] == active_member.email
    bodies = [post["body"] for post in data["forums"]["posts"]]
    assert bodies == ["Gdzie są wolne miejsca?", "Dziękuję, zapiszę się."]  # not the other person's reply
    assert data["forums"]["threads"][0]["title"] == "Kursy polskiego dla dorosłych"
    assert data["events"]["registrations"][0]["event_title"] == "Spotkanie informacyjne"
    assert "Odpowiedź o kursach" in [note["title"] for note in data["notifications"]]
    assert "password_hash" not in json.dumps(data)


def test_the_export_needs_a_login(client):
    assert client.get("/account/export.json").status_code in (302, 401)


def test_deleting_my_account_keeps_my_posts_as_deleted_user(client, active_member):
    user_id, email = active_member.id, active_member.email
    waiting = factories.make_user()
    event_id = db.session.execute(db.select(Registration.event_id)).scalar()
    from app.events.models import Event

    with client.application.test_request_context("/"):
        register_for_event(waiting, db.session.get(Event, event_id), SINGLE)  # on the waiting list
    client.login(active_member)
    response = client.post_form("/account/delete", {"password": factories.PASSWORD, "confirm": "y"})
    assert response.status_code == 302
    assert db.session.get(User, user_id) is None
    assert db.session.execute(db.select(User).where(User.email == email)).first() is None
    post = db.session.execute(db.select(Post).where(Post.body == "Dziękuję, zapiszę się.")).scalar_one()
    assert post.author_id is None
    page = client.get(f"/forums/t/{post.thread_id}").text
    assert "Dziękuję, zapiszę się." in page
    assert db.session.execute(db.select(Notification).where(Notification.user_id == user_id)).first() is None
    promoted = db.session.execute(db.select(Registration).where(Registration.user_id == waiting.id)).scalar_one()
    assert promoted.status == "confirmed"  # my place went to the waiting list
    assert client.get("/account/notifications").status_code == 302  # logged out


@pytest.mark.parametrize("data, field, message", [
    ({"password": "wrong", "confirm": "y"}, "password", "Hasło jest nieprawidłowe."),
    ({"password": "", "confirm": "y"}, "password", ""),
    ({"password": factories.PASSWORD}, "confirm", "Zaznacz pole, aby potwierdzić."),
])
def test_a_deletion_is_refused_clearly_next_to_the_field(client, member, data, field, message):
    client.login(member)
    response = client.post_form("/account/delete", data)
    assert response.status_code == 400
    assert f'id="{field}-error"' in response.text and message in response.text
    assert db.session.get(User, member.id) is not None


def test_the_last_administrator_cannot_delete_their_account(client, admin):
    client.login(admin)
    response = client.post_form("/account/delete", {"password": factories.PASSWORD, "confirm": "y"})
    assert response.status_code == 400 and "jedynym administratorem" in response.text
    assert db.session.get(User, admin.id) is not None


def test_the_export_holds_my_answers_organisation_and_attendance(app, client, member):
    from datetime import timedelta

    from app.events import attendance, questions
    from app.events.questions import QuestionData, RegistrationDetails

    with app.test_request_context("/"):
        organiser = factories.make_user()
        event = make_event(author=organiser, title="Spotkanie z pytaniami", registration_enabled=True)
        question = questions.add_question(organiser, event, QuestionData("short_text", False, "Stanowisko"))
        registration = register_for_event(member, event, SINGLE, details=RegistrationDetails(
            answers={question.id: "koordynatorka"}, organisation_name="Fundacja Dom", listed=False))
        event.starts_at, event.ends_at = utcnow() - timedelta(hours=3), utcnow() - timedelta(hours=1)  # it took place
        event.last_ends_at = event.ends_at
        attendance.set_attendance(organiser, event, SINGLE, [registration.id])
    commit()
    client.login(member)
    [entry] = json.loads(client.get("/account/export.json").text)["events"]["registrations"]
    assert entry["organisation_name"] == "Fundacja Dom" and entry["attended"] is True
    assert entry["answers"] == [{"question_text": "Stanowisko", "answer": "koordynatorka"}]


def test_the_export_holds_the_grant_applications_i_started_and_the_reviews_i_wrote(app, client, member, moderator):
    with app.test_request_context("/"):
        lead = factories.make_org(name="Fundacja Wspólny Tarnów", admin=member)
        call = make_call()
        mine = make_application(call, lead, author=member, title="Sieć wsparcia w Tarnowie")
        make_application(call, lead, author=factories.make_user(), title="Cudzy wniosek")
        mine.status, mine.submitted_at = "submitted", utcnow()
        review = GrantReview(application=mine, reviewer_id=moderator.id, assigned_at=utcnow(), submitted_at=utcnow())
        review.scores = [GrantScore(criterion_id=call.criteria[0].id, points=8, comment="Dobrze uzasadniony.")]
        db.session.add(review)
    commit()
    client.login(member)
    grants = json.loads(client.get("/account/export.json").text)["grants"]
    assert [(a["title"], a["lead_organisation"]) for a in grants["applications_started"]] == [
        ("Sieć wsparcia w Tarnowie", "Fundacja Wspólny Tarnów")]
    assert grants["reviews"] == []
    client.login(moderator)
    [written] = json.loads(client.get("/account/export.json").text)["grants"]["reviews"]
    assert written["scores"] == [{"criterion": "Trafność", "points": 8, "justification": "Dobrze uzasadniony."}]


def test_a_reviewer_s_submitted_scores_outlive_their_account_and_the_rest_goes(app, client, member, moderator, admin):
    """A call's ranking and decisions rest on the submitted scores: they stay, without the name."""
    with app.test_request_context("/"):
        lead = factories.make_org(name="Fundacja Wspólny Tarnów", admin=member)
        call = make_call()
        scored, waiting = (make_application(call, lead, author=member, title=title, status="submitted",
                                            submitted_at=utcnow()) for title in ("Ocenione", "Czekające"))
        done = GrantReview(application=scored, reviewer_id=moderator.id, assigned_at=utcnow(), submitted_at=utcnow())
        done.scores = [GrantScore(criterion_id=call.criteria[0].id, points=8, comment="Dobrze uzasadniony.")]
        db.session.add_all([done, GrantReview(application=waiting, reviewer_id=moderator.id, assigned_at=utcnow()),
                            GrantReviewerInvitation(application=waiting, email=moderator.email.upper())])
    commit()
    scored_id = scored.id
    delete_account(moderator, factories.PASSWORD)
    commit()
    reviews = db.session.execute(db.select(GrantReview)).scalars().all()
    assert [(r.application_id, r.reviewer_id, [s.points for s in r.scores]) for r in reviews] == [(scored_id, None, [8])]
    assert db.session.execute(db.select(GrantReviewerInvitation)).first() is None
    client.login(admin)
    assert "Konto usunięte" in client.get(f"/grants/applications/{scored_id}").text
