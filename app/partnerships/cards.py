"""The board's post cards, kept rendered in each process (most of the board's cost).

A card (the post_card macro of templates/partnerships/_macros.html) shows the same to every
viewer: its HTML is a pure function of the post's fields it shows, its tags, its organisation's
name and verification, its status today and the language. card_key() names exactly these, so a
kept card is served only where rendering it again gives the same HTML, and any change to what
it shows changes the key. tests/partnerships/test_pages.py compares kept cards with fresh ones.
"""
from flask import current_app

from app import kept
from app.i18n import language_key

CARDS = kept.KeptValues("partnership_cards", size=3000)  # ~1.5 kB each
NO_VERSION = ()  # the key names everything the card shows


def kept_post_card(post, today, level: int = 2):
    """The post's card (Markup) on the board, as of today."""
    key = (post.id, post.title, post.kind, post.effective_status(today), post.organisation.name,
           post.organisation.is_verified, post.created_at, tuple(post.sectors_sought), tuple(post.scopes),
           tuple(post.counties), post.funding_source, post.deadline, tuple(post.themes), level, *language_key())
    return CARDS.get(key, NO_VERSION, lambda: _post_card_macro()(post, today, level))


def _post_card_macro():
    return current_app.jinja_env.get_template("partnerships/_macros.html").module.post_card
