"""The forum policy: persona × action × object state, and working-group privacy on every address."""
import pytest

from app.db import utcnow
from app.extensions import db
from app.forums import moderation, services
from app.notifications.models import Notification
from app.permissions import can
from tests import factories
from tests.forums import factories as ff

PERSONAS = ("anonymous", "unconfirmed", "suspended", "outsider", "author", "group_member", "coordinator",
            "moderator", "admin")
ALL = set(PERSONAS)
STAFF = {"moderator", "admin"}
GROUP = {"author", "group_member", "coordinator"}
WRITERS = {"outsider", "author", "group_member", "coordinator", "moderator", "admin"}
FOLLOWERS = WRITERS | {"unconfirmed"}
NOBODY = set()
STATES = ("public", "locked", "group", "hidden_post", "deleted_post", "hidden_thread", "archived", "announcements")

# action → {state: personas allowed}. Thread actions get the thread, post actions the author's post,
# create_thread the category. Who may SEE a thread, a post or a group is the one visibility policy's,
# checked with the lists and search in tests/test_visibility_policy.py.
EXPECTED = {
    "forums.create_thread": {
        "public": WRITERS, "locked": WRITERS, "group": GROUP | STAFF, "hidden_post": WRITERS,
        "deleted_post": WRITERS, "hidden_thread": WRITERS, "archived": NOBODY, "announcements": STAFF,
    },
    "forums.reply": {
        "public": WRITERS, "locked": STAFF, "group": GROUP | STAFF, "hidden_post": WRITERS, "deleted_post": WRITERS,
        "hidden_thread": NOBODY, "archived": NOBODY, "announcements": STAFF,
    },
    "forums.edit_post": {
        "public": {"author"}, "locked": NOBODY, "group": {"author"}, "hidden_post": NOBODY, "deleted_post": NOBODY,
        "hidden_thread": NOBODY, "archived": NOBODY, "announcements": {"author"},
    },
    "forums.delete_post": {
        "public": {"author"}, "locked": {"author"}, "group": {"author"}, "hidden_post": {"author"},
        "deleted_post": NOBODY, "hidden_thread": {"author"}, "archived": {"author"}, "announcements": {"author"},
    },
    "forums.report_post": {
        "public": WRITERS - {"author"}, "locked": WRITERS - {"author"}, "group": (GROUP | STAFF) - {"author"},
        "hidden_post": NOBODY, "deleted_post": NOBODY, "hidden_thread": NOBODY, "archived": WRITERS - {"author"},
        "announcements": WRITERS - {"author"},
    },
    "forums.moderate": {state: STAFF for state in STATES},
    "forums.view_revisions": {state: STAFF for state in STATES},
    "forums.follow": {
        "public": FOLLOWERS, "locked": FOLLOWERS, "group": GROUP | STAFF, "hidden_post": FOLLOWERS,
        "deleted_post": FOLLOWERS, "hidden_thread": {"author"} | STAFF, "archived": FOLLOWERS,
        "announcements": FOLLOWERS,
    },
}
GROUP_EXPECTED = {
    "forums.manage_group": {"coordinator"} | STAFF,
    "forums.create_group": STAFF,
    "forums.manage_categories": STAFF,
}
THREAD_ACTIONS = {"forums.reply", "forums.follow"}
VISIBILITY_RULES = {"forums.view_thread", "forums.view_post_text", "forums.view_group", "forums.view_category"}
CATEGORY_ACTIONS = {"forums.create_thread"}


@pytest.fixture
def world(app, anonymous, unconfirmed, outsider, moderator, admin):
    people = {
        "anonymous": anonymous, "unconfirmed": unconfirmed, "outsider": outsider, "moderator": moderator,
        "admin": admin, "author": factories.make_user(display_name="Autorka Wpisu"),
        "group_member": factories.make_user(), "coordinator": factories.make_user(),
        "suspended": factories.make_user(suspended_at=utcnow()),
    }
    group = ff.make_group(members=[people["author"], people["group_member"]], coordinators=[people["coordinator"]])
    categories = {"public": ff.make_category(), "archived": ff.make_category(),
                  "announcements": ff.make_category(), "group": ff.group_category(group)}
    opener = factories.make_user()
    objects = {}
    for state in STATES:
        category = categories.get(state, categories["public"])
        if state == "hidden_thread":
            thread = ff.make_thread(people["author"], category)
            post = ff.post_at(thread, 1)
        else:
            starter = moderator if state == "announcements" else (people["group_member"] if state == "group" else opener)
            thread = ff.make_thread(starter, category)
            post = ff.make_reply(thread, people["author"])
        objects[state] = (category, thread, post)
    _put_in_state(objects, moderator)
    return people, objects, group


def _put_in_state(objects, moderator):
    moderation.moderate_thread(moderator, objects["locked"][1], "lock", "Temat zamknięty.")
    moderation.hide_post(moderator, objects["hidden_post"][2], "Obraźliwy wpis.")
    moderation.hide_post(moderator, objects["hidden_thread"][2], "Spam.")
    author = objects["deleted_post"][2].author
    services.delete_post(author, objects["deleted_post"][2])
    objects["archived"][0].archived_at = utcnow()
    # Made secretariat-only after the author's post (e.g. a category turned into announcements).
    objects["announcements"][0].moderators_only = True
    db.session.flush()


@pytest.mark.parametrize("persona", PERSONAS)
def test_permission_matrix(world, persona):
    people, objects, group = world
    user = people[persona]
    wrong = []
    for action, by_state in EXPECTED.items():
        for state, allowed in by_state.items():
            category, thread, post = objects[state]
            target = thread if action in THREAD_ACTIONS else category if action in CATEGORY_ACTIONS else post
            if can(user, action, target) != (persona in allowed):
                wrong.append(f"{action} on {state}: expected {persona in allowed}")
    for action, allowed in GROUP_EXPECTED.items():
        if can(user, action, group) != (persona in allowed):
            wrong.append(f"{action}: expected {persona in allowed}")
    assert not wrong, f"{persona}: " + "; ".join(wrong)


def test_every_rule_is_covered_by_the_matrix():
    from app.permissions.registry import _RULES

    forum_rules = {name for name in _RULES if name.startswith("forums.")}
    assert forum_rules == set(EXPECTED) | set(GROUP_EXPECTED) | VISIBILITY_RULES


# --- working-group privacy on every address ---------------------------------------------------
@pytest.fixture
def private(app, member, outsider, moderator):
    group = ff.make_group(name="Tajny zespół roboczy", members=[member])
    category = ff.group_category(group)
    thread = ff.make_thread(member, category, title="Poufny plan działań zespołu", body="Poufna treść wpisu")
    reply = ff.make_reply(thread, member, body="Poufna odpowiedź", reply_to=ff.post_at(thread, 1))
    return group, category, thread, reply


def _private_addresses(group, category, thread, post):
    get = [
        f"/forums/{category.slug}/", f"/forums/{category.slug}/new", f"/forums/t/{thread.id}",
        f"/forums/t/{thread.id}?page=2", f"/forums/t/{thread.id}/unread", f"/forums/p/{post.id}",
        f"/forums/p/{post.id}/reply", f"/forums/p/{post.id}/reply?quote=1", f"/forums/p/{post.id}/edit",
        f"/forums/p/{post.id}/delete", f"/forums/p/{post.id}/report", f"/forums/p/{post.id}/moderate",
        f"/forums/p/{post.id}/history", f"/forums/t/{thread.id}/moderate", f"/forums/groups/{group.id}/",
    ]
    post_urls = [
        f"/forums/{category.slug}/new", f"/forums/{category.slug}/follow", f"/forums/t/{thread.id}/reply",
        f"/forums/t/{thread.id}/follow", f"/forums/p/{post.id}/reply", f"/forums/p/{post.id}/edit",
        f"/forums/p/{post.id}/delete", f"/forums/p/{post.id}/report", f"/forums/p/{post.id}/moderate",
        f"/forums/t/{thread.id}/moderate", f"/forums/groups/{group.id}/",
    ]
    return get, post_urls


@pytest.mark.parametrize("who", ["anonymous", "outsider"])
def test_working_group_is_invisible_to_others_everywhere(client, private, outsider, who):
    group, category, thread, post = private
    if who == "outsider":
        client.login(outsider)
    get, post_urls = _private_addresses(group, category, thread, post)
    for url in get:
        assert client.get(url).status_code == 404, url
    for url in post_urls:
        assert client.post_form(url, {"body": "x", "reason": "x"}).status_code == 404, url
    for url in ("/", "/forums/", "/forums/groups/" if who == "outsider" else "/forums/"):
        page = client.get(url).get_data(as_text=True)
        for secret in ("Poufny plan", "Tajny zespół", "Poufna"):
            assert secret not in page, (url, secret)


def test_members_and_the_secretariat_see_the_group(client, private, member, moderator):
    group, category, thread, post = private
    for user in (member, moderator):
        client.login(user)
        assert "Tajny zespół" in client.get("/forums/").get_data(as_text=True)
        assert client.get(f"/forums/t/{thread.id}").status_code == 200
        assert client.get(f"/forums/p/{post.id}").status_code == 302
        assert client.get(f"/forums/groups/{group.id}/").status_code == 200


def test_group_counts_and_titles_do_not_leak_into_public_category_figures(client, private, member):
    public = ff.make_category(name_pl="Forum otwarte")
    ff.make_thread(member, public, title="Jawny wątek")
    page = client.get("/forums/").get_data(as_text=True)
    assert "Jawny wątek" in page and "Poufny plan" not in page


def test_mentioning_an_outsider_in_a_group_thread_notifies_nobody_outside(app, private, member, outsider):
    group, category, thread, post = private
    services.reply(member, thread, f"Zapytajmy @{outsider.username} o zdanie.")
    db.session.flush()
    notes = db.session.execute(db.select(Notification).where(Notification.user_id == outsider.id)).scalars().all()
    assert notes == []


def test_removed_member_loses_access_at_once(client, private, member, moderator):
    from app.forums import admin
    from app.forums.models import WorkingGroupMember

    group, category, thread, post = private
    coordinator = factories.make_user()
    admin.add_group_member(moderator, group, coordinator, "coordinator")
    membership = db.session.execute(db.select(WorkingGroupMember).where(
        WorkingGroupMember.user_id == member.id)).scalar_one()
    client.login(member)
    assert client.get(f"/forums/t/{thread.id}").status_code == 200
    admin.change_group_member(moderator, group, membership, None)
    assert client.get(f"/forums/t/{thread.id}").status_code == 404


def test_a_users_forum_posts_page_shows_only_what_the_viewer_may_see(client, private, member, outsider, moderator):
    public_thread = ff.make_thread(member, title="Jawny wątek o kursach", body="Jawna treść o kursach")
    removed = ff.make_reply(public_thread, member, body="Wpis do usunięcia")
    services.delete_post(member, removed)
    rude = ff.make_reply(public_thread, member, body="Wpis ukryty przez moderatora")
    moderation.hide_post(moderator, rude, "Naruszenie zasad")
    url = f"/forums/users/{member.username}"
    for viewer in (None, outsider):
        if viewer is not None:
            client.login(viewer)
        page = client.get(url).get_data(as_text=True)
        assert "Jawny wątek o kursach" in page
        for secret in ("Poufny plan", "Poufna", "Tajny zespół", "Wpis do usunięcia", "Wpis ukryty"):
            assert secret not in page, (viewer, secret)
    for viewer in (member, moderator):
        client.login(viewer)
        page = client.get(url).get_data(as_text=True)
        assert "Poufny plan działań zespołu" in page and "Wpis ukryty przez moderatora" in page
        assert "Wpis do usunięcia" not in page
    assert client.get("/forums/users/nie-ma-takiej-osoby").status_code == 404


def test_feeds_never_carry_a_working_groups_threads(client, private, member, outsider):
    import xml.etree.ElementTree as ElementTree

    group, category, thread, post = private
    public = ff.make_category(slug="otwarte")
    ff.make_thread(member, public, title="Jawny wątek <o> mieszkaniach & pracy")
    atom = "{http://www.w3.org/2005/Atom}"
    for viewer in (None, outsider):
        if viewer is not None:
            client.login(viewer)
        for url in ("/forums/feed.atom", "/forums/otwarte/feed.atom"):
            response = client.get(url)
            assert response.status_code == 200 and response.mimetype == "application/atom+xml"
            feed = ElementTree.fromstring(response.get_data())  # well-formed, titles escaped
            titles = [entry.findtext(f"{atom}title") for entry in feed.iter(f"{atom}entry")]
            assert titles == ["Jawny wątek <o> mieszkaniach & pracy"], (viewer, url, titles)
        assert client.get(f"/forums/{category.slug}/feed.atom").status_code == 404
    assert 'href="/forums/otwarte/feed.atom"' in client.get("/forums/otwarte/").get_data(as_text=True)
    assert 'href="/forums/feed.atom"' in client.get("/forums/").get_data(as_text=True)
    client.login(member)
    feed = ElementTree.fromstring(client.get("/forums/feed.atom").get_data())
    assert "Poufny plan działań zespołu" in [e.findtext(f"{atom}title") for e in feed.iter(f"{atom}entry")]
    assert client.get(f"/forums/{category.slug}/feed.atom").status_code == 200
