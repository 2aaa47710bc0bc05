"""The home page's "for you" box: unread notifications, matches for my organisation, my events.

The matches and the registrations come from the partnerships and events parts when they exist
(they are built separately); a missing part leaves its list out.
"""
import importlib
import importlib.util
import logging

from app.notifications import queries

log = logging.getLogger(__name__)
SHOWN = 3


def _module(name: str):
    parts = name.split(".")
    for depth in range(1, len(parts) + 1):
        if importlib.util.find_spec(".".join(["app", *parts[:depth]])) is None:
            return None
    return importlib.import_module(f"app.{name}")


def for_you(user) -> dict:
    """What the box shows to user; {} for a visitor who is not logged in."""
    if not user.is_authenticated:
        return {}
    return {
        "unread": queries.latest_unread(user, limit=SHOWN),
        "unread_count": queries.unread_count(user),
        **_matches(user),
        "registrations": _registrations(user),
    }


def _matches(user) -> dict:
    """Partnership posts that fit the first organisation the user administers."""
    partnerships = _module("partnerships.queries")
    admin_of = user.admin_org_ids()
    if partnerships is None or not admin_of or not hasattr(partnerships, "matches_for_organisation"):
        return {"matches": None, "matches_org": None}
    from app.permissions import can

    org = next((o for o in partnerships.member_organisations(user) if o.id in admin_of), None)
    if org is None or not can(user, "partnerships.view_org_matches", org):
        return {"matches": None, "matches_org": None}
    return {"matches": partnerships.matches_for_organisation(user, org)[:SHOWN], "matches_org": org}


def _registrations(user) -> list | None:
    """(registration, occurrence) of the user's coming events, soonest first."""
    events = _module("events.queries")
    if events is None or not hasattr(events, "my_registrations"):
        return None
    return events.my_registrations(user)[:SHOWN]
