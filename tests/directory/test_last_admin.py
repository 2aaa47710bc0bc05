"""An organisation never loses its last admin unnoticed: the same rule for leaving and for
deleting one's account — hand over first while others remain; with nobody left, the
secretariat becomes responsible and is told."""
from app.auth.models import User
from app.db import commit
from app.directory import services
from app.directory.models import Organisation
from app.extensions import db
from app.notifications.models import Notification
from app.permissions import can
from tests import factories
from tests.mailserver import Mailbox

DELETE = {"password": factories.PASSWORD, "confirm": "y"}


def secretariat_notifications(moderator) -> list[Notification]:
    return list(db.session.execute(db.select(Notification).where(
        Notification.user_id == moderator.id, Notification.kind == "org_without_admin")).scalars())


def test_the_sole_admin_of_organisations_with_members_must_hand_over_before_deleting(
        client, organisation, org_admin, moderator):
    second = factories.make_org(name="Stowarzyszenie Drugie", admin=org_admin, members=[factories.make_user()])
    client.login(org_admin)
    assert "Fundacja Otwarta Małopolska" in client.get("/account/delete").text  # warned beforehand
    response = client.post_form("/account/delete", DELETE)
    assert response.status_code == 400
    assert "Najpierw przekaż rolę administratora" in response.text
    assert "Fundacja Otwarta Małopolska, Stowarzyszenie Drugie" in response.text  # every one named
    assert db.session.get(User, org_admin.id) is not None
    assert organisation.id in org_admin.admin_org_ids() and second.id in org_admin.admin_org_ids()
    assert secretariat_notifications(moderator) == []


def test_after_handing_over_the_account_can_be_deleted(client, organisation, org_admin, member):
    client.login(org_admin)
    services.hand_over_admin(org_admin, organisation, _membership_id(organisation, member))
    commit()
    user_id = org_admin.id
    assert client.post_form("/account/delete", DELETE).status_code == 302
    assert db.session.get(User, user_id) is None


def test_deleting_the_account_of_an_organisations_only_person_tells_the_secretariat(
        app, client, mailbox, moderator):
    founder = factories.make_user()
    org = factories.make_org(name="Fundacja Jednoosobowa", admin=founder)
    commit()
    user_id = founder.id
    client.login(founder)
    assert client.post_form("/account/delete", DELETE).status_code == 302
    assert db.session.get(User, user_id) is None
    [notice] = secretariat_notifications(moderator)
    assert "Fundacja Jednoosobowa" in notice.title and notice.url == f"/orgs/{org.slug}/members"
    assert "Fundacja Jednoosobowa" in Mailbox.text_of(mailbox.last_to(moderator.email))
    remaining = db.session.get(Organisation, org.id)
    assert remaining is not None and can(moderator, "directory.manage_members", remaining)


def test_leaving_follows_the_same_rule(app, organisation, org_admin, moderator):
    founder = factories.make_user()
    alone = factories.make_org(name="Fundacja Jednoosobowa", admin=founder)
    services.leave_org(founder, alone)  # nobody else: goes ahead, and the secretariat is told
    assert alone.id not in founder.member_org_ids()
    assert len(secretariat_notifications(moderator)) == 1


def test_the_secretariat_is_told_in_its_own_language(app, moderator):
    english = factories.make_user(role="admin", language="en")
    founder = factories.make_user()
    factories.make_org(name="Fundacja Jednoosobowa", admin=founder)
    services.release_organisations(founder)
    [notice] = secretariat_notifications(english)
    assert notice.title.startswith("“Fundacja Jednoosobowa” has no admin")
    assert secretariat_notifications(moderator)[0].title != notice.title  # Polish for the moderator


def _membership_id(org, user) -> int:
    from app.directory.models import Membership

    return db.session.execute(db.select(Membership.id).where(
        Membership.organisation_id == org.id, Membership.user_id == user.id)).scalar_one()
