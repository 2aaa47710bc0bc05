"""Which demo organisation holds which generated demo event, and where (used by app/events/demo.py).

The demo dealt topics and kinds at random, so a labour inspectorate held a picnic and a
university's Kraków address was tagged with Nowy Targ County. An organisation holds events on
its own themes; a neighbourly picnic only one that brings people together; a Ukrainian title only
one that works in Ukrainian; and an event at the organisation's address is in that address's
county.
"""
from app.directory.demo_data import county_of_town

SOCIAL_THEMES = ("social-relations", "culture-identity", "multicultural-centres")
PICNIC = "cultural-integration-event"


def topics_of(org, kind: str, topics, ukrainian_titles=None) -> list:
    """The (topic, theme) pairs of topics org would hold an event of kind on; with ukrainian_titles
    ({theme: title}), only those themes, and only if org works in Ukrainian."""
    mine = [(topic, theme) for topic, theme in topics if theme in org.themes]
    if kind == PICNIC:
        mine = [(topic, theme) for topic, theme in mine if theme in SOCIAL_THEMES]
    if ukrainian_titles is not None:
        mine = [(topic, theme) for topic, theme in mine if theme in ukrainian_titles and "uk" in org.languages]
    return mine


def pick(rnd, orgs, authors, kind: str, topics, ukrainian_titles=None):
    """(organisation, (topic, theme), in Ukrainian?) for a generated event of kind, drawn with rnd among
    the organisations with an admin that would hold it (in Ukrainian if asked and anyone can)."""
    for titles in ((ukrainian_titles, None) if ukrainian_titles else (None,)):
        choices = [(org, pair) for org in orgs if org.id in authors for pair in topics_of(org, kind, topics, titles)]
        if choices:
            org, pair = choices[rnd.randrange(len(choices))]
            return org, pair, titles is not None
    raise LookupError(f"no demo organisation would hold a {kind}")


def home_county(org, fallback: list) -> str:
    """The county of the organisation's address when it works there (or in the whole region), else
    the first of fallback (its counties, or all)."""
    county = county_of_town(org.city) if org.city else None
    if county is not None and (org.whole_region or not org.counties or county in org.counties):
        return county
    return fallback[0]
