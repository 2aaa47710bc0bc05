"""Search never shows, counts or suggests what the searcher may not see: every kind × persona.

Each private object carries a made-up word of its own, so a search for that word tells whether
the object can be found; the expectations follow the permission policy (app/permissions/). That
each kind and state is found exactly by those who may see it is tests/test_visibility_policy.py's.
"""
from types import SimpleNamespace

import pytest

from app.db import utcnow
from app.extensions import db
from app.forums import moderation
from app.forums import services as forum_services
from tests import factories
from tests.events.factories import make_event
from tests.forums import factories as ff
from tests.partnerships.factories import make_conversation, make_post
from tests.search.helpers import backend_name, found, key, search

PERSONAS = ("anonymous", "outsider", "author", "group_member", "org_member", "suspended_member", "moderator", "admin")
ALL = set(PERSONAS)
STAFF = {"moderator", "admin"}

# object → (its own word, personas who may find it)
EXPECTED = {
    "public_thread": ("jawnywatek", ALL),
    "public_reply": ("jawnaodpowiedz", ALL),
    "group_thread": ("tajnyzespol", {"group_member"} | STAFF),
    "group_reply": ("tajnaodpowiedz", {"group_member"} | STAFF),
    "hidden_reply": ("ukrytywpis", {"author"} | STAFF),
    "hidden_thread": ("ukrytywatek", {"author"} | STAFF),
    "deleted_reply": ("usunietywpis", set()),
    "draft_event": ("szkicwydarzenia", {"org_member"}),  # the organiser's members only, not staff
    "published_event": ("jawnewydarzenie", ALL),
    "unverified_org": ("niezweryfikowana", {"org_member", "suspended_member"} | STAFF),
    "unverified_partnership": ("ogloszeniezawieszone", {"org_member", "suspended_member"} | STAFF),
    "public_partnership": ("ogloszeniejawne", ALL),
    "conversation": ("rozmowaprywatna", set()),  # private conversations are not searchable at all
}


@pytest.fixture
def world(app, anonymous, outsider, moderator, admin):
    """Personas and one object per kind and state, each with its own word (and "kalafior")."""
    w = SimpleNamespace()
    w.personas = {"anonymous": anonymous, "outsider": outsider, "moderator": moderator, "admin": admin}
    author = w.personas["author"] = factories.make_user(display_name="Alicja Autorka")
    grouped = w.personas["group_member"] = factories.make_user(display_name="Grzegorz Zespołowy")
    org_member = w.personas["org_member"] = factories.make_user(display_name="Olga Członkini")
    suspended = w.personas["suspended_member"] = factories.make_user(display_name="Sebastian Zawieszony")
    org = factories.make_org(name="Fundacja Jawna", admin=org_member, members=[suspended])
    pending = factories.make_org(name="Fundacja niezweryfikowana", admin=org_member, members=[suspended],
                                 verified_at=None)
    category = ff.make_category()
    group = ff.make_group(members=[grouped])
    w.objects = {}
    w.objects["public_thread"] = public = ff.make_thread(author, category, "Kalafior jawnywatek", "Treść wątku.")
    w.objects["public_reply"] = ff.make_reply(public, author, "Kalafior jawnaodpowiedz.")
    w.objects["group_thread"] = secret = ff.make_thread(grouped, ff.group_category(group), "Kalafior zespołu",
                                                        "Kalafior tajnyzespol sekretnaagenda.")
    w.objects["group_reply"] = ff.make_reply(secret, grouped, "Kalafior tajnaodpowiedz sekretnaagenda.")
    hidden = w.objects["hidden_reply"] = ff.make_reply(public, author, "Kalafior ukrytywpis sekretnaagenda.")
    moderation.hide_post(moderator, hidden, "Spam.")
    hidden_thread = w.objects["hidden_thread"] = ff.make_thread(author, category, "Kalafior ukrytywatek",
                                                                "Kalafior sekretnaagenda.")
    moderation.hide_post(moderator, ff.post_at(hidden_thread, 1), "Spam.")
    deleted = w.objects["deleted_reply"] = ff.make_reply(public, author, "Kalafior usunietywpis sekretnaagenda.")
    forum_services.delete_post(author, deleted)
    w.objects["draft_event"] = make_event(org, author=org_member, publish=False, title="Kalafior szkicwydarzenia",
                                          description="Kalafior sekretnaagenda.")
    w.objects["published_event"] = make_event(org, author=org_member, title="Kalafior jawnewydarzenie")
    w.objects["unverified_org"] = pending
    pending.description_pl_html = "<p>Kalafior niezweryfikowana sekretnaagenda.</p>"
    w.objects["unverified_partnership"] = make_post(pending, org_member, title="Kalafior ogloszeniezawieszone",
                                                    description="Kalafior sekretnaagenda.")
    public_post = w.objects["public_partnership"] = make_post(org, org_member, title="Kalafior ogloszeniejawne")
    w.objects["conversation"] = make_conversation(public_post, pending, org_member,
                                                  message="Kalafior rozmowaprywatna sekretnaagenda.")
    suspended.suspended_at = utcnow()
    db.session.commit()
    return w


@pytest.mark.parametrize("persona", PERSONAS)
def test_counts_and_results_of_a_common_word_hold_only_what_the_persona_may_see(world, persona):
    user = world.personas[persona]
    visible = {key(world.objects[name]) for name, (_word, allowed) in EXPECTED.items()
               if persona in allowed and name != "deleted_reply"}
    assert found(user, "kalafior") == visible
    outcome = search(user, "kalafior")
    assert outcome.total == len(visible)
    by_kind = {}
    for item in visible:
        by_kind[item.partition(":")[0]] = by_kind.get(item.partition(":")[0], 0) + 1
    assert outcome.counts == by_kind


@pytest.mark.parametrize("persona", PERSONAS)
def test_filters_count_only_what_the_persona_may_see(world, persona):
    user = world.personas[persona]
    for filters in ({"kind": "thread"}, {"kind": "post"}, {"kind": "event"}, {"kind": "org"},
                    {"kind": "partnership"}, {"theme": "housing"}, {"county": "tarnow-city"},
                    {"county": "krakow-city"}):
        outcome = search(user, "kalafior", **filters)
        shown = {f"{hit.kind.name}:{hit.obj.id}" for hit in outcome.hits}
        assert outcome.total == len(shown), (filters, outcome.counts)
        assert shown <= found(user, "kalafior"), filters


@pytest.mark.parametrize("persona", ["anonymous", "outsider", "org_member", "author"])
def test_private_words_are_never_suggested(world, persona):
    """"Did you mean" offers only words of documents the searcher may see."""
    user = world.personas[persona]
    assert search(user, "sekretnaagendaa").suggestion is None
    assert search(user, "tajnyzespul").suggestion is None


def test_a_misspelt_word_is_corrected_for_someone_who_may_see_it(world):
    assert search(world.personas["group_member"], "tajnyzespul").suggestion == "tajnyzespol"
    assert search(world.personas["outsider"], "jawnywatak").suggestion == "jawnywatek"


PRIVATE_WORDS = ("tajnyzespol", "tajnaodpowiedz", "ukrytywpis", "ukrytywatek", "usunietywpis", "szkicwydarzenia",
                 "niezweryfikowana", "ogloszeniezawieszone", "rozmowaprywatna")


@pytest.mark.parametrize("persona", ["anonymous", "outsider", "org_member"])
def test_the_results_page_shows_no_private_text(world, client, persona):
    """Titles, snippets and organisations of a search for a common word hold nothing private."""
    if persona != "anonymous":
        client.login(world.personas[persona])
    page = client.get("/search?q=kalafior&lang=en").text.lower()
    private = [word for word in PRIVATE_WORDS if persona not in EXPECTED_BY_WORD[word]]
    assert [word for word in private if word in page] == []
    if persona != "org_member":
        assert "sekretnaagenda" not in page
    assert "jawnywatek" in page


EXPECTED_BY_WORD = {word: allowed for word, allowed in EXPECTED.values()}


def test_results_are_checked_again_with_the_permission_policy(world, outsider):
    """Were the index wrong (a lost update), the page still shows nothing the viewer may not see."""
    from app.search import documents

    grouped = world.objects["group_thread"]
    document = documents.to_document(grouped)
    document["visibility"] = "public"
    if backend_name() == "whoosh":
        from app.search.whoosh import index, writing

        ix = index.open_index()
        with ix.writer() as writer:
            writer.update_document(**document)
        ix.close()
    else:
        from app.search.postgres import writing as table

        db.session.commit()
        with db.engine.begin() as connection:
            table.write(connection, [table.row_of(document)[0]], [], [])
    outcome = search(outsider, "tajnyzespol")
    assert outcome.hits == []
    db.session.commit()
    if backend_name() == "whoosh":
        index.apply_queue(writing.write_keys)  # the stale document was queued for refreshing
    assert search(outsider, "tajnyzespol").total == 0
