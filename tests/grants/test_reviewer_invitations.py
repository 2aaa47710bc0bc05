"""A reviewer with no account: the secretariat enters an e-mail address, the person gets a link
(through the real SMTP server), creates a reviewer account and sees only the applications given to it."""
import pytest

from app.auth.models import User
from app.db import utcnow
from app.directory.models import Membership
from app.extensions import db
from app.grants.models import GrantReview, GrantReviewerInvitation
from tests import factories
from tests.grants.factories import make_application
from tests.mailserver import Mailbox

ADDRESS = "ewa.recenzentka@example.org"


@pytest.fixture
def submitted(call, lead_org, partner_org, applicant):
    return make_application(call, lead_org, applicant, partners=[partner_org], status="submitted",
                            submitted_at=utcnow())


@pytest.fixture
def other(call):
    """Another application of the same call, not given to the invited reviewer."""
    return make_application(call, factories.make_org(name="Inna Fundacja"), title="Inny wniosek",
                            status="submitted", submitted_at=utcnow())


def _invite(client, moderator, application) -> None:
    """The secretariat invites ADDRESS (no account has it)."""
    client.login(moderator)
    response = client.post_form(f"/grants/applications/{application.id}/reviewers", {"email": ADDRESS},
                                follow_redirects=True)
    assert "zaproszenie do utworzenia konta recenzenta" in response.text
    client.post_form("/auth/logout")
    client._csrf_token = None  # a new session after logging out


def _link(mailbox) -> str:
    message = mailbox.last_to(ADDRESS)
    assert "Zaproszenie do oceny wniosku o mały grant" in message["Subject"]
    [link] = [url for url in Mailbox.links_in(message) if "/grants/reviewer-invitations/" in url]
    return link.split("forum.test", 1)[1]


def test_an_invited_reviewer_creates_an_account_and_sees_only_the_application(client, mailbox, moderator,
                                                                              submitted, other):
    mailbox.clear()
    _invite(client, moderator, submitted)
    link = _link(mailbox)
    page = client.get(link)
    assert page.status_code == 200 and ADDRESS in page.text
    response = client.post_form(link, {"display_name": "Ewa Recenzentka", "password": "długie hasło recenzentki",
                                       "confirm": "długie hasło recenzentki", "accept_terms": "y"})
    assert response.status_code == 302
    reviewer = db.session.execute(db.select(User).where(User.email == ADDRESS)).scalar_one()
    assert reviewer.role == "reviewer" and reviewer.is_confirmed
    [review] = db.session.execute(db.select(GrantReview).where(GrantReview.reviewer_id == reviewer.id)).scalars()
    assert review.application_id == submitted.id
    # Logged in at once: the application given is there, the other one is not.
    assert "Sieć wsparcia w Tarnowie" in client.get("/grants/mine").text
    assert client.get(f"/grants/applications/{submitted.id}").status_code == 200
    assert client.get(f"/grants/applications/{other.id}").status_code == 404
    assert client.get(f"/grants/reviews/{review.id}").status_code == 200
    # The link works once.
    client.post_form("/auth/logout")
    used = client.get(link)
    assert used.status_code == 400 and "zostało już wykorzystane" in used.text


def test_bad_account_input_is_refused_next_to_the_field_and_kept(client, mailbox, moderator, submitted):
    mailbox.clear()
    _invite(client, moderator, submitted)
    link = _link(mailbox)
    response = client.post_form(link, {"display_name": "Ewa Recenzentka", "password": "długie hasło recenzentki",
                                       "confirm": "inne hasło", "accept_terms": "y"})
    assert response.status_code == 400 and "Podane hasła nie są identyczne." in response.text
    assert 'value="Ewa Recenzentka"' in response.text
    assert db.session.execute(db.select(User).where(User.email == ADDRESS)).first() is None


def test_a_forged_link_is_refused(client):
    response = client.get("/grants/reviewer-invitations/not-a-real-token")
    assert response.status_code == 400 and "jest nieprawidłowy" in response.text


def test_an_account_made_meanwhile_accepts_while_logged_in(client, mailbox, moderator, submitted, outsider):
    mailbox.clear()
    _invite(client, moderator, submitted)
    link = _link(mailbox)
    client.login(outsider)  # another address: refused
    client.post_form(link)
    assert db.session.execute(db.select(GrantReview).where(GrantReview.reviewer_id == outsider.id)).first() is None
    invitation = db.session.execute(db.select(GrantReviewerInvitation)).scalar_one()
    assert invitation.accepted_at is None
    client.post_form("/auth/logout")
    person = factories.make_user(email=ADDRESS)
    client.login(person)
    assert client.post_form(link).status_code == 302
    assert db.session.execute(db.select(GrantReview).where(GrantReview.reviewer_id == person.id)).first()


def test_an_invited_person_who_joined_a_partner_since_is_refused_for_a_conflict(client, mailbox, moderator,
                                                                              submitted, partner_org):
    """The conflict of interest is checked when the link is accepted too, not only when it is sent."""
    mailbox.clear()
    _invite(client, moderator, submitted)
    link = _link(mailbox)
    person = factories.make_user(email=ADDRESS)
    db.session.add(Membership(organisation_id=partner_org.id, user_id=person.id, role="member", status="active"))
    db.session.commit()
    client.login(person)
    response = client.post_form(link)
    assert response.status_code == 400 and "konflikt interesów" in response.text
    assert db.session.execute(db.select(GrantReview).where(GrantReview.reviewer_id == person.id)).first() is None
    assert db.session.execute(db.select(GrantReviewerInvitation.accepted_at)).scalar_one() is None
