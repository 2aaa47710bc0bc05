"""The demo network for seed-demo. Each part adds its data in app/<domain>/demo.py.

A domain's demo module defines seed(ctx) -> str, returning a one-line summary of what it
made; ctx is a DemoContext that carries what earlier parts created (users, organisations…).
Parts run in the order of app.DOMAINS.
"""
import importlib.util
import random
from dataclasses import dataclass, field

from app.auth.services import create_user

DEMO_PASSWORD = "demo-password"
DEMO_ACCOUNTS = (
    # (e-mail, display name, role, what the account is for)
    ("admin@demo.forum.test", "Adam Administrator", "admin", "admin"),
    ("moderator@demo.forum.test", "Monika Moderatorka", "moderator", "moderator (secretariat)"),
    ("orgadmin@demo.forum.test", "Olga Organizatorka", "member", "admin of a verified demo organisation"),
    ("member@demo.forum.test", "Marek Członek", "member", "member of that organisation and of a working group"),
    ("outsider@demo.forum.test", "Oskar Obcy", "member", "confirmed, no organisation, no group"),
)


@dataclass
class DemoContext:
    random: random.Random
    users: dict = field(default_factory=dict)  # key ("admin", "member", ...) → User
    extra: dict = field(default_factory=dict)  # what parts share with later parts


def demo_parts():
    """(name, seed function) of every part that has demo data, in order."""
    from app import DOMAINS

    parts = [("accounts", seed_accounts)]
    for domain in DOMAINS:
        if importlib.util.find_spec(f"app.{domain}") and importlib.util.find_spec(f"app.{domain}.demo"):
            parts.append((domain, importlib.import_module(f"app.{domain}.demo").seed))
    return parts


def seed_accounts(ctx: DemoContext) -> str:
    for email, name, role, _purpose in DEMO_ACCOUNTS:
        key = email.split("@")[0]
        ctx.users[key] = create_user(email, name, DEMO_PASSWORD, language="pl", role=role, confirmed=True)
    return f"{len(DEMO_ACCOUNTS)} demo accounts"
