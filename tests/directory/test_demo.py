"""seed-demo's directory part: enough realistic organisations for every filter to mean something."""
import random

from app import taxonomy
from app.demo import DemoContext, seed_accounts
from app.directory import demo


def seeded():
    ctx = DemoContext(random=random.Random(2023))
    seed_accounts(ctx)
    summary = demo.seed(ctx)
    return ctx, summary


def test_demo_network_spans_every_sector_and_most_counties(app):
    ctx, summary = seeded()
    orgs = ctx.extra["orgs"]
    verified = [org for org in orgs if org.is_verified]
    assert len(orgs) >= 60 and len(verified) >= 60
    assert {org.sector for org in verified} == set(taxonomy.slugs("sectors"))
    counties = {slug for org in verified if not org.whole_region for slug in org.counties}
    assert len(counties) >= 15
    assert sum(1 for org in orgs if org.is_pending) >= 3
    assert any(org.is_refused for org in orgs)
    assert all(org.description_pl for org in orgs)
    assert sum(1 for org in orgs if org.description_uk) >= 10
    assert sum(1 for org in orgs if org.description_en) >= 10
    assert "organisations" in summary


def test_demo_org_has_orgadmin_as_admin_and_member_as_member(app):
    ctx, _ = seeded()
    org = ctx.extra["demo_org"]
    assert org.is_verified and org.name == "Fundacja Otwarta Małopolska"
    assert org.id in ctx.users["orgadmin"].admin_org_ids()
    assert org.id in ctx.users["member"].member_org_ids()
    assert org.id not in ctx.users["member"].admin_org_ids()
    assert not ctx.users["outsider"].member_org_ids()


def test_demo_is_deterministic(make_app):
    phones = []
    for _ in range(2):
        application = make_app()
        with application.app_context():
            ctx, _ = seeded()
            phones.append([org.phone for org in ctx.extra["orgs"]])
    assert phones[0] == phones[1]
