"""The home page's "for you" box: unread notifications, matches for my organisation, my events."""
from app.events import queries as events
from app.notifications import queries
from app.partnerships import queries as partnerships
from app.permissions import can

SHOWN = 3


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
    admin_of = user.admin_org_ids()
    if not admin_of:
        return {"matches": None, "matches_org": None}
    org = next((o for o in partnerships.member_organisations(user) if o.id in admin_of), None)
    if org is None or not can(user, "partnerships.view_org_matches", org):
        return {"matches": None, "matches_org": None}
    return {"matches": partnerships.matches_for_organisation(user, org)[:SHOWN], "matches_org": org}


def _registrations(user) -> list | None:
    """(registration, occurrence) of the user's coming events, soonest first."""
    return events.my_registrations(user)[:SHOWN]
