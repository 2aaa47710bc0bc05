"""Who may use the secretariat: every address, every action, every persona."""
import pytest

from app.auth.services import suspend_user
from app.db import commit
from app.extensions import db
from app.secretariat import services
from app.secretariat.models import Announcement
from tests import factories

PAGES = ["/secretariat/", "/secretariat/health", "/secretariat/health.csv", "/secretariat/log",
         "/secretariat/users", "/secretariat/announcements/", "/secretariat/announcements/new",
         "/secretariat/reports/{report}", "/secretariat/announcements/{announcement}/edit"]
ACTIONS = ["/secretariat/users/{target}/role", "/secretariat/users/{target}/suspend",
           "/secretariat/users/{target}/unsuspend", "/secretariat/reports/{report}",
           "/secretariat/announcements/new", "/secretariat/announcements/{announcement}/withdraw"]


@pytest.fixture
def ids(app, reported, moderator):
    with app.test_request_context("/"):
        announcement = services.create_announcement(
            moderator, {"title_pl": "Spotkanie sieci", "body_pl": "Zapraszamy."},
            services.date.today(), services.date.today())
    target = factories.make_user(display_name="Tadeusz Cel")
    commit()
    return {"report": reported.report.id, "announcement": announcement.id, "target": target.id}


def personas(app):
    suspended_moderator = factories.make_user(role="moderator")
    suspend_user(suspended_moderator, "urlop")
    org_admin = factories.make_user()
    factories.make_org(admin=org_admin)
    return {"member": factories.make_user(), "unconfirmed": factories.make_user(confirmed_at=None),
            "org_admin": org_admin, "suspended_moderator": suspended_moderator}


def test_nobody_but_the_secretariat_opens_any_page_or_action(app, client, ids):
    everyone = personas(app)
    commit()
    paths = [p.format(**ids) for p in PAGES]
    posts = [p.format(**ids) for p in ACTIONS]
    for path in paths:  # a visitor who is not logged in
        assert client.get(path).status_code == 403, path
    for name, user in everyone.items():
        if name == "suspended_moderator":
            continue  # cannot log in at all
        client.login(user)
        for path in paths:
            assert client.get(path).status_code == 403, (name, path)
        for path in posts:
            assert client.post_form(path, {"reason": "x", "role": "admin", "action": "hide"}).status_code == 403, \
                (name, path)
        client.post_form("/auth/logout")
    assert db.session.get(Announcement, ids["announcement"]).withdrawn_at is None
    assert db.session.get(type(everyone["member"]), ids["target"]).role == "member"


@pytest.mark.parametrize("persona", ["moderator", "admin"])
def test_the_secretariat_opens_every_page(client, ids, persona, request):
    client.login(request.getfixturevalue(persona))
    for path in PAGES:
        response = client.get(path.format(**ids))
        assert response.status_code == 200, path


def test_a_suspended_moderator_loses_the_secretariat_at_once(app, client, moderator):
    from app.permissions import can

    assert can(moderator, "secretariat.view")
    suspend_user(moderator, "naruszenie zasad")
    assert not can(moderator, "secretariat.view")


def test_missing_things_are_not_found_for_the_secretariat(client, moderator):
    client.login(moderator)
    assert client.get("/secretariat/reports/999999").status_code == 404
    assert client.get("/secretariat/announcements/999999/edit").status_code == 404
    assert client.post_form("/secretariat/users/999999/role", {"role": "moderator"}).status_code == 404


# --- roles ---------------------------------------------------------------------------------
def role_of(user_id):
    from app.auth.models import User

    return db.session.get(User, user_id).role


@pytest.mark.parametrize("actor, start, wanted, allowed", [
    ("moderator", "member", "moderator", True),   # moderators promote to moderator
    ("moderator", "member", "admin", False),      # only admins make admins
    ("moderator", "moderator", "member", False),  # nor take roles away
    ("admin", "member", "admin", True),
    ("admin", "moderator", "member", True),
    ("admin", "member", "moderator", True),
    ("admin", "admin", "moderator", True),        # an admin steps another admin down to moderator
    ("moderator", "admin", "moderator", False),
])
def test_who_gives_which_role(client, request, actor, start, wanted, allowed):
    staff = request.getfixturevalue(actor)
    target = factories.make_user(role=start, display_name="Jan Docelowy")
    client.login(staff)
    response = client.post_form(f"/secretariat/users/{target.id}/role", {"role": wanted, "reason": "nowa osoba"},
                                follow_redirects=True)
    assert response.status_code == (200 if allowed else 400)
    assert role_of(target.id) == (wanted if allowed else start)
    if allowed:
        assert "Rola użytkownika Jan Docelowy została zmieniona." in response.text
        log = client.get("/secretariat/log").text
        polish = {"member": "członek", "moderator": "moderator", "admin": "administrator"}  # the reader's words
        assert "Zmieniono rolę" in log and f"{polish[start]} → {polish[wanted]}" in log
    else:
        assert "Nie możesz nadać tej roli" in response.text


def test_nobody_changes_their_own_role(client, moderator):
    client.login(moderator)
    response = client.post_form(f"/secretariat/users/{moderator.id}/role", {"role": "admin"}, follow_redirects=True)
    assert role_of(moderator.id) == "moderator" and "Nie możesz nadać tej roli" in response.text


def test_an_unconfirmed_account_is_not_made_moderator(client, moderator, unconfirmed):
    client.login(moderator)
    client.post_form(f"/secretariat/users/{unconfirmed.id}/role", {"role": "moderator"})
    assert role_of(unconfirmed.id) == "member"


def test_the_people_page_offers_only_the_roles_one_may_give(client, moderator, admin):
    target = factories.make_user(display_name="Zofia Wybór")
    client.login(moderator)
    page = client.get("/secretariat/users?q=Zofia").text
    assert 'value="moderator"' in page and 'value="admin"' not in page
    client.post_form("/auth/logout")
    client.login(admin)
    page = client.get("/secretariat/users?q=Zofia").text
    assert 'value="moderator"' in page and 'value="admin"' in page
    assert target.id


# --- suspensions ---------------------------------------------------------------------------
def test_a_moderator_suspends_a_member_with_a_reason_and_lifts_it(client, moderator, member):
    client.login(moderator)
    response = client.post_form(f"/secretariat/users/{member.id}/suspend", {"reason": "Spam w trzech wątkach"},
                                follow_redirects=True)
    assert "Konto użytkownika Maria Członkini zostało zawieszone." in response.text
    dashboard = client.get("/secretariat/").text
    assert "Maria Członkini" in dashboard and "Spam w trzech wątkach" in dashboard
    client.post_form(f"/secretariat/users/{member.id}/unsuspend", {})
    from app.auth.models import User

    assert db.session.get(User, member.id).suspended_at is None
    log = client.get("/secretariat/log").text
    assert "Zawieszono konto" in log and "Cofnięto zawieszenie" in log


def test_a_suspension_needs_a_reason_and_staff_are_suspended_by_admins_only(client, moderator, admin, member):
    from app.auth.models import User

    other_moderator = factories.make_user(role="moderator")
    client.login(moderator)
    response = client.post_form(f"/secretariat/users/{member.id}/suspend", {"reason": "  "}, follow_redirects=True)
    assert "Podaj powód" in response.text and db.session.get(User, member.id).suspended_at is None
    client.post_form(f"/secretariat/users/{other_moderator.id}/suspend", {"reason": "spór"})
    assert db.session.get(User, other_moderator.id).suspended_at is None
    client.post_form("/auth/logout")
    client.login(admin)
    client.post_form(f"/secretariat/users/{other_moderator.id}/suspend", {"reason": "spór"})
    assert db.session.get(User, other_moderator.id).suspended_at is not None


def test_a_forged_role_or_an_overlong_reason_is_explained_not_a_server_error(client, admin, member):
    client.login(admin)
    response = client.post_form(f"/secretariat/users/{member.id}/role", {"role": "superuser"}, follow_redirects=True)
    assert response.status_code == 400 and "Rola: Nieprawidłowy wybór" in response.text
    response = client.post_form(f"/secretariat/users/{member.id}/suspend", {"reason": "x" * 501},
                                follow_redirects=True)
    assert response.status_code == 400 and "Powód zawieszenia:" in response.text
    assert role_of(member.id) == "member"
    response = client.post(f"/secretariat/users/{member.id}/role", data={"role": "moderator"}, follow_redirects=True)
    assert response.status_code in (200, 400) and role_of(member.id) == "member"  # no CSRF token: nothing changes


def test_a_refused_suspension_comes_back_open_with_the_reason_as_typed(client, admin, member):
    """The row's form reopens with the message next to its field; the list keeps its search."""
    factories.make_user(display_name="Ktoś Inny")
    client.login(admin)
    typed = "Powtarzający się spam " * 30  # over 500 characters
    response = client.post_form(f"/secretariat/users/{member.id}/suspend",
                                {"reason": typed, "next": "/secretariat/users?q=Maria"})
    assert response.status_code == 400
    page = response.text
    assert f'value="{typed}"' in page
    assert f'aria-describedby="suspend-reason-{member.id}-error"' in page
    assert f'id="suspend-reason-{member.id}-error"' in page
    assert f'href="#suspend-reason-{member.id}"' in page  # the summary at the top links to the field
    assert "Maria Członkini" in page and "Ktoś Inny" not in page  # still the list that was searched
    assert db.session.get(type(member), member.id).suspended_at is None
