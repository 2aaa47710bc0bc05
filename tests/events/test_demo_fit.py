"""The demo calendar reads as its organisations' own: places in their counties, topics on their themes."""
import random
import re

from sqlalchemy import select

from app.demo import DemoContext, demo_parts
from app.directory.demo_data import OTHER_TOWNS, county_of_town
from app.directory.models import Organisation
from app.events.demo import KINDS, TOPICS, UKRAINIAN_TITLES
from app.events.demo_fit import PICNIC, SOCIAL_THEMES
from app.events.models import Event
from app.extensions import db
from tests.demo_language import polish_seats


def _events():
    ctx = DemoContext(random=random.Random(2023))
    for name, seed in demo_parts():
        if name in ("accounts", "directory", "events"):
            seed(ctx)
            db.session.flush()
    return db.session.execute(select(Event)).scalars().all()


def towns_in(address: str) -> set[str]:
    """The demo towns an address names (as a whole word: "Tarnów", not "Tarnowa")."""
    towns = polish_seats() | set(OTHER_TOWNS)
    return {town for town in towns if re.search(r"(?<!\w)" + re.escape(town) + r"(?!\w)", address)}


def test_towns_in():
    assert towns_in("ul. Floriańska 3, 31-019 Kraków") == {"Kraków"}
    assert towns_in("Urząd Miasta Tarnowa, ul. Mickiewicza 2") == set()
    assert towns_in("Gminny Ośrodek Kultury, Tuchów") == {"Tuchów"}


def test_every_demo_event_address_is_in_the_events_county(app):
    """A Kraków address was tagged with Tarnów County (and Nowy Targ, Bochnia…): an event at the
    organisation's address took one of its counties at random. The town an event's address names
    lies in the event's county."""
    events = _events()
    placed = [e for e in events if e.address and towns_in(e.address)]
    assert len(placed) >= 60
    wrong = [(e.title, e.address, e.county) for e in placed
             if {county_of_town(town) for town in towns_in(e.address)} != {e.county}]
    assert wrong == []


def test_generated_demo_events_are_on_their_organisations_themes(app):
    """A labour inspectorate's picnic, a hospital's seminar on entrepreneurship: the generated
    events took topics at random. Each is on one of its organisation's themes; a neighbourly
    picnic is held by an organisation that brings people together; a Ukrainian title by one that
    works in Ukrainian."""
    topics = "|".join(re.escape(topic) for topic, _ in TOPICS)
    generated = re.compile("|".join(
        re.escape(pattern).replace(r"\{topic\}", f"({topics})").replace(r"\{org\}", ".+") for _, pattern, _, _ in KINDS))
    topic_themes = {theme for _, theme in TOPICS}
    events = [e for e in _events() if generated.fullmatch(e.title) or e.title in UKRAINIAN_TITLES.values()]
    assert len(events) >= 70
    wrong = []
    for event in events:
        org = db.session.get(Organisation, event.organisation_id)
        themes = set(event.themes) & topic_themes
        if not themes <= set(org.themes):
            wrong.append((event.title, org.name, "theme"))
        if event.event_type == PICNIC and not set(org.themes) & set(SOCIAL_THEMES):
            wrong.append((event.title, org.name, "picnic"))
        if event.title in UKRAINIAN_TITLES.values() and "uk" not in org.languages:
            wrong.append((event.title, org.name, "Ukrainian"))
    assert wrong == []
