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


def test_each_demo_organisation_has_its_own_admin(app):
    """One demo person administered eleven unrelated organisations. Every demo organisation has
    exactly one admin and nobody administers more than one (orgadmin@: the demo organisation)."""
    from collections import Counter

    from app.directory.models import Membership
    from app.extensions import db

    ctx, _ = seeded()
    admins = db.session.execute(db.select(Membership.organisation_id, Membership.user_id).where(
        Membership.role == "admin", Membership.status == "active")).all()
    per_person = Counter(user_id for _, user_id in admins)
    assert max(per_person.values()) == 1, per_person.most_common(3)
    assert Counter(org_id for org_id, _ in admins) == Counter({org.id: 1 for org in ctx.extra["orgs"]})
    assert set(ctx.users["orgadmin"].admin_org_ids()) == {ctx.extra["demo_org"].id}


def test_demo_admins_data_names_one_person_per_organisation():
    from app.directory import demo_data
    from app.directory.demo import admin_email

    specs = demo_data.ORGANISATIONS + demo_data.PENDING + [demo_data.REFUSED]
    named = {spec["name"] for spec in specs} - {demo_data.DEMO_ORG_NAME}
    assert set(demo_data.ADMINS) == named  # no organisation without its admin, no stale entry
    people = [name for name, _lang in demo_data.ADMINS.values()]
    assert len(set(people)) == len(people)
    assert len({admin_email(name) for name in people}) == len(people)
    assert admin_email("Stanisława Kurek") == "stanislawa.kurek@demo.forum.test"


def test_county_of_town_follows_the_taxonomy():
    from app.directory.demo_data import county_of_town

    assert county_of_town("Kraków") == "krakow-city"  # also the seat of powiat krakowski, but not in it
    assert county_of_town("Tarnów") == "tarnow-city" and county_of_town("Nowy Sącz") == "nowy-sacz-city"
    assert county_of_town("Nowy Targ") == "nowotarski" and county_of_town("Zakopane") == "tatrzanski"
    assert county_of_town("Zabierzów") == "krakowski"
    assert county_of_town("Atlantyda") is None


def test_every_demo_address_lies_in_a_county_of_its_organisation(app):
    """A Kraków address was tagged Tarnów County. Each organisation's town is a known town, and its
    county (by the taxonomy's seats and city counties) is one of the organisation's counties, or the
    organisation works in the whole region."""
    from app.directory.demo_data import county_of_town

    ctx, _ = seeded()
    wrong = []
    for org in ctx.extra["orgs"]:
        county = county_of_town(org.city)
        if county is None or not (org.whole_region or county in org.counties):
            wrong.append((org.name, org.city, county, org.counties))
    assert wrong == []


def test_ukrainian_demo_descriptions_use_ukrainian_place_names():
    """No Polish word (a place named in Polish) in a Ukrainian description, and no Ukrainian place
    name left undeclined after "у"/"в"."""
    from app.directory import demo_data
    from tests.demo_language import polish_words_in_ukrainian, undeclined_ukrainian_places

    texts = [spec["uk"] for spec in demo_data.ORGANISATIONS + demo_data.PENDING if spec.get("uk")]
    assert len(texts) >= 10
    assert [(text, polish_words_in_ukrainian(text)) for text in texts if polish_words_in_ukrainian(text)] == []
    assert [text for text in texts if undeclined_ukrainian_places(text)] == []
    assert polish_words_in_ukrainian("Допомагаємо біженцям у Tarnów") == ["Tarnów"]  # the check bites
