"""The board's post cards, kept rendered in each process (most of the board's cost).

A card (the post_card macro of templates/partnerships/_macros.html) shows the same to every
viewer. Its key names the post's fields it shows, its tags, its organisation's name and
verification, its status today and the language (app/kept.py, KeptRenderings).
tests/partnerships/test_pages.py compares kept cards with fresh ones.
"""
from markupsafe import Markup

from app import kept

CARDS = kept.KeptRenderings("partnership_cards", size=3000)  # ~1.5 kB each


def kept_post_card(post, today, level: int = 2) -> Markup:
    """The post's card on the board, as of today."""
    key = (post.id, post.title, post.kind, post.effective_status(today), post.organisation.name,
           post.organisation.is_verified, post.created_at, tuple(post.sectors_sought), tuple(post.scopes),
           tuple(post.counties), post.funding_source, post.deadline, tuple(post.themes), level)
    return CARDS.macro(key, "partnerships/_macros.html", "post_card", post, today, level)
