"""Events for tests: make_event(org, **overrides) through the real service."""
from datetime import date, time, timedelta

from app.permissions import forget_principal
from app.db import utcnow
from app.events import services
from app.events.models import Event
from app.extensions import db
from tests import factories


def future_day(days: int = 14) -> date:
    return (utcnow() + timedelta(days=days)).date()


def event_data(org, **overrides) -> services.EventData:
    values = {
        "title": "Spotkanie koordynacyjne", "event_type": "coordination-meeting", "organisation_id": org.id,
        "start_date": future_day(), "start_time": time(10, 0), "end_time": time(12, 0),
        "county": "tarnow-city", "address": "ul. Mickiewicza 2, Tarnów, sala 12",
        "description": "Spotkanie w sprawie **integracji**.", "themes": ["social-assistance"], "languages": ["pl", "uk"],
    }
    values.update(overrides)
    return services.EventData(**values)


def make_event(org=None, author=None, publish=True, **overrides) -> Event:
    """A published (or draft) event of org, created by author (a new org admin when not given)."""
    if author is None:
        author = factories.make_user(display_name="Olga Organizatorka")
        if org is None:
            org = factories.make_org(admin=author)
        else:
            from app.directory.models import Membership

            db.session.add(Membership(organisation_id=org.id, user_id=author.id, role="admin", status="active"))
            db.session.flush()
            forget_principal(author)
    elif org is None:
        org = factories.make_org(admin=author)
    event = services.create_event(author, event_data(org, **overrides), publish=publish)
    db.session.flush()
    return event


def field_errors(html: str) -> dict[str, str]:
    """{field id: its error message} as the form page shows them next to the fields."""
    import re
    from html import unescape

    found = re.findall(r'<p class="error-message" id="([\w-]+)-error"><span[^>]*>[^<]*</span>\s*(.*?)</p>', html, re.S)
    return {name: unescape(" ".join(text.split())) for name, text in found}


def flashed(html: str) -> str:
    """The text of the flashed messages and error summary of a page."""
    import re
    from html import unescape

    blocks = re.findall(r'<(?:div|p|li)[^>]*class="[^"]*(?:flash|alert|error-summary)[^"]*"[^>]*>(.*?)</(?:div|p|li)>', html, re.S)
    return unescape(" ".join(" ".join(re.sub(r"<[^>]+>", " ", b).split()) for b in blocks))
