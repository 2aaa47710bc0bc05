"""The controlled vocabularies of taxonomy.json, loaded once, with labels by slug."""
import json
from functools import cache
from pathlib import Path

from app.i18n import current_locale

TAXONOMY_FILE = Path(__file__).with_name("taxonomy.json")
# Vocabularies whose entries are lists of {"slug": ..., "pl": ..., "en": ..., "uk": ...}.
LIST_VOCABULARIES = (
    "sectors", "org_types", "target_groups", "event_types", "funding_sources",
    "languages", "area_scopes", "counties", "thematic_areas",
)
NESTED_VOCABULARIES = ("subregions_nuts3", "countries_of_origin")


@cache
def load() -> dict:
    """The whole taxonomy file, parsed once per process."""
    with TAXONOMY_FILE.open(encoding="utf-8") as f:
        return json.load(f)


def items(vocabulary: str) -> list[dict]:
    data = load()[vocabulary]
    return data["items"] if vocabulary in NESTED_VOCABULARIES else data


@cache
def _by_slug(vocabulary: str) -> dict:
    return {item.get("slug", item.get("iso")): item for item in items(vocabulary)}


def get(vocabulary: str, slug: str) -> dict | None:
    return _by_slug(vocabulary).get(slug)


def slugs(vocabulary: str) -> list[str]:
    return list(_by_slug(vocabulary))


def is_valid(vocabulary: str, slug: str) -> bool:
    return slug in _by_slug(vocabulary)


def current_language() -> str:
    locale = current_locale()
    return locale.language if locale else "pl"


def label_of(item: dict, lang: str | None = None) -> str:
    """An entry's label in lang (default: the interface language), else English, else Polish."""
    lang = lang or current_language()
    return item.get(lang) or item.get("en") or item.get("pl") or item.get("slug", "")


def label(vocabulary: str, slug: str, lang: str | None = None) -> str:
    """The label of slug in the interface language; the slug itself if unknown."""
    item = get(vocabulary, slug)
    return label_of(item, lang) if item else slug


def choices(vocabulary: str, lang: str | None = None, group: str | None = None) -> list[tuple[str, str]]:
    """(slug, label) pairs for a form field, in the file's order."""
    lang = lang or current_language()  # once, not once per item
    return [
        (item["slug"], label_of(item, lang))
        for item in items(vocabulary)
        if group is None or item.get("group") == group
    ]


def sector_of_type(org_type: str) -> str | None:
    item = get("org_types", org_type)
    return item["sector"] if item else None


def subregion_of_county(county: str) -> str | None:
    item = get("counties", county)
    return item.get("nuts3") if item else None


def life_areas() -> list[dict]:
    return [item for item in items("thematic_areas") if item["group"] == "life-area"]
