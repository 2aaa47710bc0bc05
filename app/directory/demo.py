"""Demo organisations for seed-demo (data in demo_data.py).

Shares ctx.extra["orgs"] (every organisation made here, verified or not) and
ctx.extra["demo_org"] (Fundacja Otwarta Małopolska: orgadmin its admin, member its member).
"""
import random
from datetime import timedelta

from app import taxonomy
from app.auth.models import User
from app.auth.services import create_user, make_unique_username
from app.db import utcnow
from app.demo import DEMO_PASSWORD
from app.directory import demo_data, registry_numbers, services
from app.directory.models import Invitation, Membership
from app.extensions import db
from app.permissions import forget_principal
from app.secretariat.moderation_log import log_moderation
from app.translit import slugify


def _contact(ctx, spec: dict) -> dict:
    """Made-up contact details (.test addresses cannot exist)."""
    host = slugify(spec.get("short") or spec["name"], max_length=30)
    town = slugify(spec["city"])
    area = demo_data.AREA_CODES.get(town, "12")
    digits = "".join(str(ctx.random.randint(0, 9)) for _ in range(7))
    return {"email": f"kontakt@{host}.demo.forum.test", "website": f"https://{host}.demo.forum.test",
            "phone": f"+48 {area} {digits[:3]} {digits[3:5]} {digits[5:]}"}


def _create(ctx, actor, spec: dict):
    region = spec["counties"] == demo_data.REGION
    return services.create_org(
        actor, name=spec["name"], short_name=spec.get("short"), org_type=spec["type"],
        themes=spec["themes"], target_groups=spec["groups"], languages=spec["langs"],
        counties=[] if region else spec["counties"], whole_region=region,
        street=spec["street"], postcode=spec["postcode"], city=spec["city"],
        descriptions={lang: spec.get(lang) for lang in ("pl", "en", "uk")}, **_contact(ctx, spec),
        **_registry_numbers(spec),
    )


def _registry_numbers(spec: dict) -> dict:
    """Made-up numbers with valid check digits, for the kinds of organisation that are registered.

    Drawn from a generator of their own (seeded by the name), so that the rest of the demo's
    random choices stay as they were.
    """
    rnd = random.Random(f"registry-numbers/{spec['name']}")
    return {field: _made_up_number(rnd, field) for field in demo_data.REGISTRY_NUMBERS.get(spec["type"], ())}


def _made_up_number(rnd, field: str) -> str:
    if field == "krs":
        return f"0000{rnd.randrange(10 ** 6):06d}"
    length = {"nip": 10, "regon": 9}[field]
    while True:  # about one draw in ten has the right check digit
        number = "".join(str(rnd.randint(0, 9)) for _ in range(length))
        if registry_numbers.REGISTRY_BY_FIELD[field].is_valid(number) and not number.startswith("0"):
            return number


def _age(ctx, org, days_ago: int) -> None:
    now = utcnow()
    org.created_at = now - timedelta(days=days_ago, hours=ctx.random.randint(0, 23))
    org.updated_at = org.created_at + timedelta(days=ctx.random.randint(0, min(days_ago, 30)))
    org.last_activity_at = now - timedelta(days=ctx.random.randint(0, min(days_ago, 120)), hours=ctx.random.randint(0, 23))


def admin_email(name: str) -> str:
    """The made-up address of a demo organisation's admin: "Iryna Kovalenko" → iryna.kovalenko@demo.forum.test."""
    return f"{slugify(name).replace('-', '.')}@demo.forum.test"


class _Admins:
    """Each organisation's own admin (demo_data.ADMINS), made when first needed; the password is
    hashed once and copied (hashing it eighty times would slow the demo down)."""

    def __init__(self):
        self.password_hash = None

    def __call__(self, spec: dict):
        name, lang = demo_data.ADMINS[spec["name"]]
        if self.password_hash is None:
            user = create_user(admin_email(name), name, DEMO_PASSWORD, language=lang, confirmed=True)
            self.password_hash = user.password_hash
            return user
        now = utcnow()
        user = User(email=admin_email(name), display_name=name, username=make_unique_username(name), role="member",
                    language=lang, password_hash=self.password_hash, terms_accepted_at=now, confirmed_at=now)
        db.session.add(user)
        db.session.flush()
        return user


def seed(ctx) -> str:
    moderator, orgadmin, member = ctx.users["moderator"], ctx.users["orgadmin"], ctx.users["member"]
    admin_of = _Admins()
    admins, orgs = [], []
    for spec in demo_data.ORGANISATIONS:
        actor = orgadmin if spec["name"] == demo_data.DEMO_ORG_NAME else admin_of(spec)
        admins.append(actor)
        org = _create(ctx, actor, spec)
        _age(ctx, org, ctx.random.randint(20, 700))
        org.verified_at = org.created_at + timedelta(days=ctx.random.randint(1, 6))
        org.verified_by_id = moderator.id
        log_moderation(moderator, "org.verify", "organisation", org.id, target_label=org.name)
        orgs.append(org)
    demo_org = next(org for org in orgs if org.name == demo_data.DEMO_ORG_NAME)
    demo_org.last_activity_at = utcnow()
    db.session.add(Membership(organisation_id=demo_org.id, user_id=member.id, role="member", status="active"))
    for spec in demo_data.PENDING:
        admins.append(admin_of(spec))
        org = _create(ctx, admins[-1], spec)
        _age(ctx, org, ctx.random.randint(1, 10))
        orgs.append(org)
    admins.append(admin_of(demo_data.REFUSED))
    refused = _create(ctx, admins[-1], demo_data.REFUSED)
    _age(ctx, refused, 15)
    refused.refused_at, refused.refusal_reason = utcnow() - timedelta(days=12), demo_data.REFUSED["reason"]
    log_moderation(moderator, "org.refuse", "organisation", refused.id, target_label=refused.name,
                   reason=refused.refusal_reason)
    orgs.append(refused)
    _add_requests(demo_org, orgadmin)
    db.session.flush()
    for user in (member, *admins):
        forget_principal(user)
    ctx.extra["orgs"] = orgs
    ctx.extra["demo_org"] = demo_org
    counties = {slug for org in orgs for slug in org.counties}
    return (f"{len(orgs)} organisations ({len(demo_data.PENDING)} awaiting verification) in "
            f"{len({org.sector for org in orgs})} sectors and {len(counties)} of "
            f"{len(taxonomy.slugs('counties'))} counties")


def _add_requests(demo_org, orgadmin) -> None:
    """A join request and an open invitation, so that orgadmin has something to manage."""
    email, name, lang, message = demo_data.DEMO_JOINER
    joiner = create_user(email, name, DEMO_PASSWORD, language=lang, confirmed=True)
    db.session.add(Membership(organisation_id=demo_org.id, user_id=joiner.id, role="member",
                              status="requested", message=message))
    db.session.add(Invitation(organisation_id=demo_org.id, email=demo_data.DEMO_INVITEE, invited_by_id=orgadmin.id))
