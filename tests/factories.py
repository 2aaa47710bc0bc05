"""Plain functions that make objects for tests: make_user(**overrides), ..."""
import itertools

from app.permissions import forget_principal
from app.auth.models import User
from app.db import utcnow
from app.extensions import db

PASSWORD = "correct horse battery staple"
_numbers = itertools.count(1)


def make_user(**overrides) -> User:
    number = next(_numbers)
    values = {
        "email": f"user{number}@example.org",
        "display_name": f"Test User {number}",
        "username": f"user-{number}",
        "role": "member",
        "confirmed_at": utcnow(),
        "terms_accepted_at": utcnow(),
    }
    password = overrides.pop("password", PASSWORD)
    values.update(overrides)
    user = User(**values)
    user.set_password(password)
    db.session.add(user)
    db.session.flush()
    return user


def make_org(**overrides):
    """A verified organisation (pass verified_at=None for one awaiting verification).

    Tag lists may be given as themes=[...], counties=[...], target_groups=[...], languages=[...].
    Pass admin=user / members=[users] to add memberships.
    """
    from app import taxonomy
    from app.directory.models import Membership, Organisation
    from app.translit import fold_to_ascii, slugify

    number = next(_numbers)
    name = overrides.pop("name", f"Fundacja Testowa {number}")
    tag_values = {
        "thematic_areas": overrides.pop("themes", ["housing"]),
        "counties": overrides.pop("counties", ["krakow-city"]),
        "target_groups": overrides.pop("target_groups", []),
        "languages": overrides.pop("languages", ["pl"]),
    }
    admin = overrides.pop("admin", None)
    members = overrides.pop("members", [])
    org_type = overrides.pop("org_type", "ngo")
    values = {
        "slug": slugify(name), "name": name, "name_key": fold_to_ascii(name).lower(),
        "sort_key": fold_to_ascii(name).lower(), "org_type": org_type,
        "sector": taxonomy.sector_of_type(org_type) or "civil-society", "verified_at": utcnow(),
        "description_pl": f"Opis organizacji {name}.", "description_pl_html": f"<p>Opis organizacji {name}.</p>",
    }
    values.update(overrides)
    org = Organisation(**values)
    for vocabulary, slugs in tag_values.items():
        org.set_tags(vocabulary, slugs)
    db.session.add(org)
    db.session.flush()
    if admin is not None:
        db.session.add(Membership(organisation_id=org.id, user_id=admin.id, role="admin", status="active"))
    for user in members:
        db.session.add(Membership(organisation_id=org.id, user_id=user.id, role="member", status="active"))
    db.session.flush()
    for user in [admin, *members]:
        if user is not None:
            forget_principal(user)
    return org
