"""The policy module: persona × action for the foundation's actions."""
import pytest
from werkzeug.exceptions import Forbidden, NotFound

from app.permissions import access_user, can, require
from tests.factories import make_user

PERSONAS = ("anonymous", "unconfirmed", "member", "moderator", "admin")


@pytest.mark.parametrize("persona, action, allowed", [
    *[(p, "account.view", p != "anonymous") for p in PERSONAS],
    *[(p, "account.write", p in ("member", "moderator", "admin")) for p in PERSONAS],
    *[(p, "secretariat.view", p in ("moderator", "admin")) for p in PERSONAS],
    *[(p, "account.make_moderator", p in ("moderator", "admin")) for p in PERSONAS],
    *[(p, "account.make_admin", p == "admin") for p in PERSONAS],
])
def test_policy_matrix(request, persona, action, allowed):
    user = request.getfixturevalue(persona)
    assert can(user, action) is allowed


@pytest.mark.parametrize("persona, target_role, allowed", [
    ("member", "member", False),
    ("moderator", "member", True),
    ("moderator", "moderator", False),
    ("admin", "moderator", True),
])
def test_who_may_suspend_whom(request, persona, target_role, allowed):
    actor = request.getfixturevalue(persona)
    target = make_user(role=target_role)
    assert can(actor, "account.suspend", target) is allowed
    assert can(actor, "account.suspend", actor) is False


def test_a_suspended_moderator_loses_the_secretariat(moderator):
    from app.auth.services import suspend_user

    suspend_user(moderator, "test")
    assert can(moderator, "secretariat.view") is False


def test_require_aborts_and_unknown_actions_are_refused(member):
    with pytest.raises(Forbidden):
        require(member, "secretariat.view")
    with pytest.raises(KeyError):
        can(member, "no.such.action")


def test_access_user_is_404_for_an_unknown_name(member):
    assert access_user(member, member.username).id == member.id
    with pytest.raises(NotFound):
        access_user(member, "nobody-here")
