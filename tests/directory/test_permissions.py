"""Who may do what in the directory: the rules, then the same through HTTP."""
import pytest

from app.db import utcnow
from app.permissions import can
from tests import factories

PERSONAS = ("anonymous", "unconfirmed", "suspended", "outsider", "member", "org_admin", "other_admin",
            "moderator", "admin")


@pytest.fixture
def suspended(app):
    return factories.make_user(display_name="Zawieszony", suspended_at=utcnow())


@pytest.fixture
def people(request, organisation, pending_org, other_admin):
    """Every persona; member and org_admin belong to `organisation`, org_admin administers pending_org too."""
    return {name: request.getfixturevalue(name) for name in PERSONAS}


# (action, object, personas allowed); every other persona is refused.
MATRIX = [
    ("directory.view", "verified", set(PERSONAS)),
    ("directory.view", "pending", {"org_admin", "moderator", "admin"}),
    ("directory.view_unverified", None, {"moderator", "admin"}),
    ("directory.view_members", "verified", {"member", "org_admin", "moderator", "admin"}),
    ("directory.create", None, {"outsider", "member", "org_admin", "other_admin", "moderator", "admin"}),
    ("directory.edit", "verified", {"org_admin", "moderator", "admin"}),
    ("directory.edit", "pending", {"org_admin", "moderator", "admin"}),
    ("directory.manage_members", "verified", {"org_admin", "moderator", "admin"}),
    ("directory.request_join", "verified", {"outsider", "other_admin", "moderator", "admin"}),
    ("directory.request_join", "pending", set()),
    ("directory.leave", "verified", {"member", "org_admin"}),
    ("directory.act_for", "verified", {"member", "org_admin"}),
    ("directory.act_for", "pending", set()),
    ("directory.verify", "pending", {"moderator", "admin"}),
    ("directory.verify", "verified", set()),
    ("directory.accept_invitation", None, {"unconfirmed", "outsider", "member", "org_admin", "other_admin",
                                           "moderator", "admin"}),
]


@pytest.mark.parametrize("action, state, allowed", MATRIX, ids=[f"{a}-{s}" for a, s, _ in MATRIX])
def test_permission_matrix(people, organisation, pending_org, action, state, allowed):
    obj = {"verified": organisation, "pending": pending_org, None: None}[state]
    granted = {name for name, user in people.items() if can(user, action, obj)}
    assert granted == allowed


# (method, address, {persona: status}); addresses use {org} (verified) and {pending}.
HTTP = [
    ("GET", "/orgs/{org}", {"anonymous": 200, "outsider": 200}),
    ("GET", "/orgs/{pending}", {"anonymous": 404, "outsider": 404, "member": 404, "other_admin": 404,
                                "org_admin": 200, "moderator": 200}),
    ("GET", "/orgs/new", {"anonymous": 302, "unconfirmed": 403, "suspended": 302, "outsider": 200}),
    ("GET", "/orgs/{org}/edit", {"anonymous": 302, "outsider": 403, "member": 403, "other_admin": 403,
                                 "org_admin": 200, "moderator": 200}),
    ("GET", "/orgs/{pending}/edit", {"outsider": 404, "org_admin": 200, "moderator": 200}),
    ("GET", "/orgs/{org}/members", {"anonymous": 302, "member": 403, "other_admin": 403, "org_admin": 200,
                                    "moderator": 200}),
    ("GET", "/orgs/pending", {"anonymous": 302, "member": 403, "org_admin": 403, "moderator": 200, "admin": 200}),
    ("POST", "/orgs/{pending}/verify", {"anonymous": 302, "outsider": 404, "org_admin": 403, "moderator": 302}),
    ("POST", "/orgs/{org}/verify", {"moderator": 403}),
    ("POST", "/orgs/{org}/members/invite", {"member": 403, "other_admin": 403}),
    ("POST", "/orgs/{org}/join", {"member": 403, "org_admin": 403, "unconfirmed": 403}),
    ("POST", "/orgs/{pending}/join", {"outsider": 404}),
    ("POST", "/orgs/{org}/leave", {"outsider": 403}),
]


@pytest.mark.parametrize("method, address, expected", HTTP, ids=[f"{m} {a}" for m, a, _ in HTTP])
def test_http_access(app, people, organisation, pending_org, method, address, expected):
    url = address.format(org=organisation.slug, pending=pending_org.slug)
    for persona, status in expected.items():
        client = app.test_client()  # a fresh session for each persona
        user = people[persona]
        if user.is_authenticated and persona != "suspended":
            client.login(user)
        response = client.get(url) if method == "GET" else client.post_form(url, {})
        assert response.status_code == status, f"{persona}: {method} {url}"
        if response.status_code == 302 and persona in ("anonymous", "suspended"):
            assert "/auth/login" in response.headers["Location"]
