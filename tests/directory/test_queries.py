"""Reads and verbs other parts reuse: visible_orgs_statement, list_user_orgs, touch_activity."""
from datetime import timedelta

from app.db import utcnow
from app.directory import queries, services
from app.extensions import db
from tests import factories


def visible_names(viewer) -> set[str]:
    return {org.name for org in db.session.execute(queries.visible_orgs_statement(viewer)).scalars()}


def test_visible_orgs_statement_follows_the_access_rules(anonymous, organisation, pending_org, org_admin,
                                                         outsider, moderator):
    assert visible_names(anonymous) == visible_names(outsider) == {"Fundacja Otwarta Małopolska"}
    assert visible_names(org_admin) == visible_names(moderator) == {"Fundacja Otwarta Małopolska", "Fundacja Czekająca"}


def test_list_user_orgs_for_on_behalf_of_choices(organisation, pending_org, org_admin, member, outsider):
    assert [org.name for org in queries.list_user_orgs(org_admin)] == ["Fundacja Czekająca",
                                                                      "Fundacja Otwarta Małopolska"]
    assert [org.name for org in queries.list_user_orgs(org_admin, verified_only=True)] == [
        "Fundacja Otwarta Małopolska"]
    assert queries.list_user_orgs(member, admin_only=True) == []
    assert queries.list_user_orgs(outsider) == []


def test_touch_activity_only_moves_forward(organisation):
    before = organisation.last_activity_at
    services.touch_activity(organisation, when=before - timedelta(days=3))
    assert organisation.last_activity_at == before
    later = utcnow() + timedelta(minutes=1)
    services.touch_activity(organisation.id, when=later)
    db.session.flush()
    assert organisation.last_activity_at == later


def test_pending_queue_is_oldest_first(app, org_admin):
    newer = factories.make_org(name="Nowsza", verified_at=None, admin=org_admin)
    older = factories.make_org(name="Starsza", verified_at=None, admin=org_admin,
                               created_at=utcnow() - timedelta(days=5))
    assert queries.list_pending_orgs() == [older, newer]
    assert queries.count_pending_orgs() == 2
