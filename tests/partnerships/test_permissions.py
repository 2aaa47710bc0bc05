"""Who may see and do what on the board: one matrix of persona × action × object state."""
import pytest

from app.db import utcnow
from app.directory.models import Membership
from app.extensions import db
from app.permissions import AnonymousUser, can
from tests import factories
from tests.partnerships.factories import make_conversation, make_post

PERSONAS = ("anonymous", "outsider", "poster", "colleague", "unconfirmed_colleague", "interested",
            "third_org", "suspended_interested", "moderator", "admin")


@pytest.fixture
def cast(network, outsider, moderator, admin):
    """Persona name → user, around network.post and a conversation with the employer."""
    colleague, unconfirmed = factories.make_user(), factories.make_user(confirmed_at=None)
    suspended = factories.make_user(suspended_at=utcnow())
    for user, org in ((colleague, network.ngo), (unconfirmed, network.ngo), (suspended, network.employer)):
        db.session.add(Membership(organisation_id=org.id, user_id=user.id, role="member"))
    db.session.flush()
    return {
        "anonymous": AnonymousUser(), "outsider": outsider, "poster": network.ngo_admin, "colleague": colleague,
        "unconfirmed_colleague": unconfirmed, "interested": network.employer_member,
        "third_org": network.city_member, "suspended_interested": suspended, "moderator": moderator, "admin": admin,
    }


# persona → (view, write, report) for a conversation, before and after a report.
CONVERSATION = {
    "anonymous":             ((False, False, False), (False, False, False)),
    "outsider":              ((False, False, False), (False, False, False)),
    "poster":                ((True, True, True), (True, True, False)),
    "colleague":             ((True, True, True), (True, True, False)),
    "unconfirmed_colleague": ((True, False, False), (True, False, False)),
    "interested":            ((True, True, True), (True, True, False)),
    "third_org":             ((False, False, False), (False, False, False)),
    "suspended_interested":  ((True, False, False), (True, False, False)),
    "moderator":             ((False, False, False), (True, False, False)),
    "admin":                 ((False, False, False), (True, False, False)),
}


@pytest.mark.parametrize("reported", [False, True], ids=["unreported", "reported"])
@pytest.mark.parametrize("persona", PERSONAS)
def test_conversation_permissions(client, network, cast, persona, reported):
    conversation = make_conversation(network.post, network.employer, network.employer_member, "Tajna oferta")
    if reported:
        conversation.reported_at, conversation.report_reason = utcnow(), "Nachalne wiadomości"
    user = cast[persona]
    expected = CONVERSATION[persona][reported]
    actual = tuple(can(user, action, conversation) for action in (
        "partnerships.view_conversation", "partnerships.write_message", "partnerships.report_conversation"))
    assert actual == expected
    if user.is_authenticated and not user.is_suspended:
        client.login(user)
    response = client.get(f"/partnerships/conversations/{conversation.id}")
    if not user.is_authenticated or user.is_suspended:
        return
    assert response.status_code == (200 if expected[0] else 404)
    assert ("Tajna oferta" in response.get_data(as_text=True)) == expected[0]


# persona → (view public post, view unverified org's post, edit, express interest, see interests received)
POST = {
    "anonymous":             (True, False, False, False, False),
    "outsider":              (True, False, False, False, False),
    "poster":                (True, False, True, False, True),
    "colleague":             (True, False, False, False, True),
    "unconfirmed_colleague": (True, False, False, False, True),
    "interested":            (True, False, False, True, False),
    "third_org":             (True, False, False, True, False),
    "suspended_interested":  (True, False, False, False, False),
    "moderator":             (True, True, False, False, False),
    "admin":                 (True, True, False, False, False),
}


@pytest.mark.parametrize("persona", PERSONAS)
def test_post_permissions(network, cast, persona):
    hidden = make_post(network.shadow, title="Niepubliczne")
    user = cast[persona]
    actual = (can(user, "partnerships.view", network.post), can(user, "partnerships.view", hidden),
              can(user, "partnerships.edit", network.post), can(user, "partnerships.express_interest", network.post),
              can(user, "partnerships.view_interests", network.post))
    assert actual == POST[persona]


def test_the_unverified_organisations_own_member_sees_its_post(network):
    hidden = make_post(network.shadow)
    assert can(network.shadow_member, "partnerships.view", hidden)
    assert can(network.shadow_member, "partnerships.edit", hidden)


def test_nobody_expresses_interest_in_an_expired_or_formed_post(network, cast):
    expired = make_post(network.ngo, deadline_in=-1)
    formed = make_post(network.ngo, status="formed")
    for post in (expired, formed):
        assert not can(cast["interested"], "partnerships.express_interest", post)


@pytest.mark.parametrize("persona, allowed", [("poster", True), ("colleague", False), ("interested", False),
                                              ("moderator", False), ("anonymous", False)])
def test_only_org_admins_see_their_organisations_matches(network, cast, persona, allowed):
    assert can(cast[persona], "partnerships.view_org_matches", network.ngo) is allowed


@pytest.mark.parametrize("persona, allowed", [("moderator", True), ("admin", True), ("poster", False),
                                              ("anonymous", False)])
def test_only_the_secretariat_sees_reported_conversations(client, network, cast, persona, allowed):
    assert can(cast[persona], "partnerships.moderate") is allowed
    if cast[persona].is_authenticated:
        client.login(cast[persona])
        assert client.get("/partnerships/reports").status_code == (200 if allowed else 403)
