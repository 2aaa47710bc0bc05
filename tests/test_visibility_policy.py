"""The one visibility policy, checked where it is read: for every persona and every object state,
the page check (can), the domain's own list and search give the same answer — and the answer
the product promises (EXPECTED).

The grants are declared once (app/permissions/); this test is what keeps the three readings of
them (Python, SQL, the search index) in agreement, on SQLite and on PostgreSQL.
"""
from datetime import date
from types import SimpleNamespace

import pytest
from sqlalchemy import select

from app.db import utcnow
from app.directory.models import Organisation
from app.events.models import Event
from app.directory.queries import visible_orgs_statement
from app.events import services as event_services
from app.events.queries import visible_events_statement
from app.extensions import db
from app.forums import moderation, queries as forum_queries
from app.forums import services as forum_services
from app.forums.models import Category, Post, Thread, WorkingGroup
from app.library.models import LibraryDocument
from app.library.queries import visible_documents_statement
from app.partnerships.models import PartnershipPost
from app.partnerships.queries import BoardFilters, board_statement
from app.permissions import can
from tests import factories
from tests.events.factories import make_event
from tests.forums import factories as ff
from tests.partnerships.factories import make_post
from tests.search.helpers import key, search

PERSONAS = ("anonymous", "outsider", "author", "group_member", "group_coordinator", "org_member", "org_admin",
            "suspended_member", "moderator", "admin")
ALL = frozenset(PERSONAS)
STAFF = frozenset({"moderator", "admin"})
GROUP = frozenset({"group_member", "group_coordinator"})
ORG = frozenset({"org_member", "org_admin", "suspended_member"})

# object → (the permission it is checked with, its own word in search or None, who may see it)
EXPECTED = {
    "verified_org": ("directory.view", "zweryfikowanaorg", ALL),
    "unverified_org": ("directory.view", "niezweryfikowanaorg", ORG | STAFF),
    "public_category": ("forums.view_category", None, ALL),
    "group_category": ("forums.view_category", None, GROUP | STAFF),
    "group": ("forums.view_group", None, GROUP | STAFF),
    "public_thread": ("forums.view_thread", "jawnywatek", ALL),
    "group_thread": ("forums.view_thread", "zespolowywatek", GROUP | STAFF),
    "hidden_thread": ("forums.view_thread", "ukrytywatek", {"author"} | STAFF),
    "hidden_group_thread": ("forums.view_thread", "ukrytyzespolowy", {"group_member"} | STAFF),
    "orphan_hidden_thread": ("forums.view_thread", "osieroconywatek", STAFF),  # its author deleted their account
    "public_reply": ("forums.view_post_text", "jawnaodpowiedz", ALL),
    "group_reply": ("forums.view_post_text", "zespolowaodpowiedz", GROUP | STAFF),
    "hidden_reply": ("forums.view_post_text", "ukrytaodpowiedz", {"author"} | STAFF),
    "hidden_group_reply": ("forums.view_post_text", "ukrytazespolowa", {"group_member"} | STAFF),
    "deleted_reply": ("forums.view_post_text", "usunietaodpowiedz", frozenset()),
    "reply_in_hidden_thread": ("forums.view_post_text", "odpowiedzwukrytym", {"author"} | STAFF),
    "draft_event": ("events.view", "szkicwydarzenia", {"org_member", "org_admin"}),  # not the suspended, not staff
    "published_event": ("events.view", "jawnewydarzenie", ALL),
    "cancelled_event": ("events.view", "odwolanewydarzenie", ALL),
    "unverified_partnership": ("partnerships.view", "ukryteogloszenie", ORG | STAFF),
    "public_partnership": ("partnerships.view", "jawneogloszenie", ALL),
    "public_library_document": ("library.view", "jawnydokument", ALL),
    "secretariat_library_document": ("library.view", "dokumentsekretariatu", ALL),
    "unverified_library_document": ("library.view", "ukrytydokument", ORG | STAFF),
}


@pytest.fixture
def world(app, anonymous, outsider, moderator, admin):
    """Every persona, and one object in each state, each with its own word."""
    w = SimpleNamespace(objects={})
    people = w.personas = {"anonymous": anonymous, "outsider": outsider, "moderator": moderator, "admin": admin}
    for persona in ("author", "group_member", "group_coordinator", "org_member", "org_admin", "suspended_member"):
        people[persona] = factories.make_user(display_name=persona.replace("_", " ").title())
    o = w.objects
    o["verified_org"] = org = factories.make_org(
        name="Fundacja Zweryfikowana", admin=people["org_admin"], members=[people["org_member"], people["suspended_member"]],
        description_pl_html="<p>zweryfikowanaorg</p>")
    o["unverified_org"] = pending = factories.make_org(
        name="Fundacja Oczekująca", admin=people["org_admin"], members=[people["org_member"], people["suspended_member"]],
        verified_at=None, description_pl_html="<p>niezweryfikowanaorg</p>")
    o["public_category"] = category = ff.make_category()
    o["group"] = group = ff.make_group(members=[people["group_member"]], coordinators=[people["group_coordinator"]])
    o["group_category"] = in_group = ff.group_category(group)
    _forum_objects(o, people, category, in_group)
    o["draft_event"] = make_event(org, author=people["org_member"], publish=False, title="Zebranie szkicwydarzenia")
    o["published_event"] = make_event(org, author=people["org_member"], title="Zebranie jawnewydarzenie")
    o["cancelled_event"] = cancelled = make_event(org, author=people["org_member"], title="Zebranie odwolanewydarzenie")
    event_services.cancel_event(people["org_member"], cancelled, "Choroba prowadzącej.")
    o["unverified_partnership"] = make_post(pending, people["org_member"], title="Szukamy ukryteogloszenie")
    o["public_partnership"] = make_post(org, people["org_member"], title="Szukamy jawneogloszenie")
    o["public_library_document"] = _library_document(org, "Raport jawnydokument")
    o["secretariat_library_document"] = _library_document(None, "Poradnik dokumentsekretariatu")
    o["unverified_library_document"] = _library_document(pending, "Raport ukrytydokument")
    people["suspended_member"].suspended_at = utcnow()
    db.session.commit()
    return w


def _library_document(organisation, title: str) -> LibraryDocument:
    document = LibraryDocument(organisation=organisation, doc_type="report", published_on=date(2026, 11, 3),
                               title_pl=title, external_url="https://example.org/raport")
    db.session.add(document)
    db.session.flush()
    return document


def _forum_objects(o, people, category, in_group):
    author, grouped, moderator = people["author"], people["group_member"], people["moderator"]
    o["public_thread"] = public = ff.make_thread(author, category, "Wątek jawnywatek")
    o["public_reply"] = ff.make_reply(public, author, "jawnaodpowiedz")
    o["hidden_reply"] = ff.make_reply(public, author, "ukrytaodpowiedz")
    moderation.hide_post(moderator, o["hidden_reply"], "Spam.")
    o["deleted_reply"] = ff.make_reply(public, author, "usunietaodpowiedz")
    forum_services.delete_post(author, o["deleted_reply"])
    o["group_thread"] = group_thread = ff.make_thread(grouped, in_group, "Wątek zespolowywatek")
    o["group_reply"] = ff.make_reply(group_thread, grouped, "zespolowaodpowiedz")
    o["hidden_group_reply"] = ff.make_reply(group_thread, grouped, "ukrytazespolowa")
    moderation.hide_post(moderator, o["hidden_group_reply"], "Spam.")
    o["hidden_thread"] = hidden = ff.make_thread(author, category, "Wątek ukrytywatek")
    o["reply_in_hidden_thread"] = ff.make_reply(hidden, people["outsider"], "odpowiedzwukrytym")
    moderation.hide_post(moderator, ff.post_at(hidden, 1), "Spam.")
    o["hidden_group_thread"] = hidden_group = ff.make_thread(grouped, in_group, "Wątek ukrytyzespolowy")
    moderation.hide_post(moderator, ff.post_at(hidden_group, 1), "Spam.")
    o["orphan_hidden_thread"] = orphan = ff.make_thread(author, category, "Wątek osieroconywatek")
    moderation.hide_post(moderator, ff.post_at(orphan, 1), "Spam.")
    orphan.author_id = ff.post_at(orphan, 1).author_id = None


def _listed(user, obj) -> list:
    """The list of obj's domain that user would open, where obj would be."""
    lists = {
        Organisation: lambda: db.session.execute(visible_orgs_statement(user)).scalars(),
        Category: lambda: forum_queries.list_categories(user),
        WorkingGroup: lambda: forum_queries.list_groups(user),
        Thread: lambda: forum_queries.list_threads(user, obj.category).items,
        Post: lambda: forum_queries.list_posts_by(user, obj.author).items if obj.author_id else [],
        Event: lambda: db.session.execute(visible_events_statement(user)).scalars(),
        PartnershipPost: lambda: db.session.execute(board_statement(user, BoardFilters(status="all"))).scalars(),
        LibraryDocument: lambda: db.session.execute(visible_documents_statement(user)).unique().scalars(),
    }
    return list(lists[type(obj)]())


def _in_list(user, obj) -> bool:
    return obj.id in {row.id for row in _listed(user, obj)}


def _in_search(user, word, obj) -> bool:
    outcome = search(user, word)
    found = {f"{hit.kind.name}:{hit.obj.id}" for hit in outcome.hits}
    assert outcome.total == len(found) == sum(outcome.counts.values())
    return found == {key(obj)}


@pytest.mark.parametrize("persona", PERSONAS)
def test_page_check_list_and_search_agree_with_the_policy(world, persona):
    user = world.personas[persona]
    wrong = []
    for name, (action, word, allowed) in EXPECTED.items():
        obj = world.objects[name]
        expected = persona in allowed
        readings = {"can": can(user, action, obj), "list": _in_list(user, obj)}
        if word is not None:
            readings["search"] = _in_search(user, word, obj)
        if set(readings.values()) != {expected}:
            wrong.append(f"{name}: expected {expected}, got {readings}")
    assert not wrong, f"{persona}:\n" + "\n".join(wrong)


def test_the_world_has_every_state(world):
    """The states above are what they say (a factory change must not quietly make them public)."""
    o = world.objects
    assert o["unverified_org"].verified_at is None and o["verified_org"].verified_at is not None
    assert o["hidden_thread"].is_hidden and o["hidden_group_thread"].working_group_id is not None
    assert o["orphan_hidden_thread"].author_id is None
    assert o["deleted_reply"].is_deleted and o["hidden_reply"].is_hidden
    assert (o["draft_event"].status, o["cancelled_event"].status) == ("draft", "cancelled")
    assert world.personas["suspended_member"].is_suspended
    assert db.session.execute(select(db.func.count()).select_from(type(o["group"]))).scalar_one() == 1
