"""A directory list's organisation cards, kept rendered in each process (most of the list's cost).

A card (templates/directory/_org_card.html) shows the same to every viewer. Its key names the
organisation's fields it shows, its tags and the language (app/kept.py, KeptRenderings).
tests/directory/test_list.py compares kept cards with fresh ones.
"""
from markupsafe import Markup

from app import kept

CARDS = kept.KeptRenderings("directory_cards", size=3000)  # ~1.5 kB each


def kept_org_card(org, lang: str) -> Markup:
    """The organisation's card in the list, for a reader of lang."""
    key = (org.id, org.slug, org.name, org.short_name, org.org_type, org.sector, org.is_verified, org.is_refused,
           org.description_pl_html, org.description_en_html, org.description_uk_html, org.whole_region,
           tuple(org.counties), tuple(org.languages), tuple(org.themes), lang)
    return CARDS.template(key, "directory/_org_card.html", org=org, lang=lang)
