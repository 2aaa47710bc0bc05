"""Plain functions that make partnership objects for tests (bypassing the services' checks)."""
import itertools
from datetime import timedelta

from app.db import utcnow
from app.extensions import db
from app.partnerships.models import (
    PLACE_SCOPES, ConversationMessage, PartnershipConversation, PartnershipPost, local_today,
)
from app.text import render_markdown

_numbers = itertools.count(1)


def make_post(org, author=None, **overrides) -> PartnershipPost:
    """A post of org; tags as themes=[...], places=[...], sectors_sought=[...], target_groups, languages.

    deadline_in=N sets the deadline N days from today (negative: already passed).
    """
    number = next(_numbers)
    tags = {
        "thematic_areas": overrides.pop("themes", ["housing"]),
        "target_groups": overrides.pop("target_groups", []),
        "sectors": overrides.pop("sectors_sought", []),
        "languages": overrides.pop("languages", []),
    }
    places = overrides.pop("places", ["krakow-city"])
    deadline_in = overrides.pop("deadline_in", None)
    if deadline_in is not None:
        overrides["deadline"] = local_today() + timedelta(days=deadline_in)
    description = overrides.pop("description", f"Opis ogłoszenia {number}.")
    values = {
        "organisation_id": org.id, "author_id": author.id if author else None, "kind": "request",
        "title": f"Ogłoszenie partnerskie {number}", "description": description,
        "description_html": render_markdown(description), "status": "open",
    }
    values.update(overrides)
    post = PartnershipPost(**values)
    for vocabulary, slugs in tags.items():
        post.set_tags(vocabulary, slugs)
    post.set_tags("counties", [p for p in places if p not in PLACE_SCOPES])
    post.set_tags("area_scopes", [p for p in places if p in PLACE_SCOPES])
    db.session.add(post)
    db.session.flush()
    return post


def make_conversation(post, org, author, message="Chętnie porozmawiamy o współpracy.", **overrides):
    conversation = PartnershipConversation(post_id=post.id, organisation_id=org.id, started_by_id=author.id,
                                           last_message_at=utcnow(), **overrides)
    conversation.messages.append(ConversationMessage(author_id=author.id, organisation_id=org.id, body=message))
    db.session.add(conversation)
    db.session.flush()
    return conversation
