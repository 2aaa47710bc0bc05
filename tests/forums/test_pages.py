"""Every forum page answers each persona as the policy says: shown, sent to log in, or refused."""
import re

import pytest

from app.extensions import db
from app.forums.admin import ensure_default_categories
from app.forums.models import Category
from tests.forums import factories as ff

LOGIN, OK, FORBIDDEN, MISSING = 302, 200, 403, 404
# page → expected status for (anonymous, member who wrote the thread, moderator)
PAGES = {
    "/forums/": (OK, OK, OK),
    "/forums/housing/": (OK, OK, OK),
    "/forums/housing/new": (LOGIN, OK, OK),
    "/forums/announcements/new": (LOGIN, FORBIDDEN, OK),
    "/forums/t/{thread}": (OK, OK, OK),
    "/forums/users/{username}": (OK, OK, OK),
    "/forums/p/{reply}/reply?quote=1": (LOGIN, OK, OK),
    "/forums/p/{reply}/report": (LOGIN, OK, FORBIDDEN),  # nobody reports their own post
    "/forums/p/{first}/edit": (LOGIN, OK, FORBIDDEN),
    "/forums/p/{first}/delete": (LOGIN, OK, FORBIDDEN),
    "/forums/p/{reply}/moderate": (LOGIN, FORBIDDEN, OK),
    "/forums/t/{thread}/moderate": (LOGIN, FORBIDDEN, OK),
    "/forums/p/{reply}/history": (LOGIN, FORBIDDEN, OK),
    "/forums/reports": (LOGIN, FORBIDDEN, OK),
    "/forums/groups/": (LOGIN, OK, OK),
    "/forums/groups/{group}/": (MISSING, OK, OK),
    "/forums/groups/new": (LOGIN, FORBIDDEN, OK),
    "/forums/manage/": (LOGIN, FORBIDDEN, OK),
    "/forums/manage/new": (LOGIN, FORBIDDEN, OK),
    "/forums/manage/{category}/edit": (LOGIN, FORBIDDEN, OK),
}


@pytest.mark.parametrize("persona", [0, 1, 2], ids=["anonymous", "member", "moderator"])
def test_every_page_answers_as_the_policy_says(client, member, moderator, persona):
    ensure_default_categories()
    housing = db.session.execute(db.select(Category).where(Category.slug == "housing")).scalar_one()
    thread = ff.make_thread(member, housing, title="Mieszkania dla rodzin", body=f"Pytanie do @{moderator.username}")
    first = ff.post_at(thread, 1)
    reply = ff.make_reply(thread, moderator, body="Odpowiedź sekretariatu", reply_to=first)
    group = ff.make_group(members=[member])
    ids = {"thread": thread.id, "first": first.id, "reply": reply.id, "group": group.id, "category": housing.id,
           "username": member.username}
    user = (None, member, moderator)[persona]
    if user is not None:
        client.login(user)
    wrong = {}
    for template, expected in PAGES.items():
        url = template.format(**ids)
        response = client.get(url)
        if response.status_code != expected[persona]:
            wrong[url] = response.status_code
        if expected[persona] == LOGIN:
            assert "/auth/login" in response.headers["Location"], url
    assert not wrong, wrong


def test_a_feed_reader_that_has_the_category_feed_gets_304_until_a_new_post(client):
    thread = ff.make_thread(title="Kursy języka polskiego")
    feed = f"/forums/{thread.category.slug}/feed.atom"
    first = client.get(feed)
    assert first.status_code == 200 and first.headers["ETag"] and first.headers["Last-Modified"]
    assert client.get(feed, headers={"If-None-Match": first.headers["ETag"]}).status_code == 304
    ff.make_reply(thread, body="Nowy termin kursu.")
    db.session.commit()
    assert client.get(feed, headers={"If-None-Match": first.headers["ETag"]}).status_code == 200


def test_the_forum_index_counts_visible_threads_and_names_the_latest(client):
    from app.db import utcnow

    category = ff.make_category(name_pl="Kategoria liczona")
    older = ff.make_thread(category=category, title="Starszy wątek")
    ff.make_reply(older)
    ff.make_thread(category=category, title="Najnowszy wątek")
    ff.make_thread(category=category, title="Ukryty wątek").hidden_at = utcnow()
    db.session.commit()

    def row():
        return client.get("/forums/").text.split("Kategoria liczona")[1].split("</tr>")[0]

    assert re.findall(r'<td class="num">(\d+)</td>', row()) == ["2", "3"]  # threads, posts: the hidden one left out
    assert "Najnowszy wątek" in row() and "Ukryty wątek" not in row()

    older.last_post_at = ff.make_thread(category=category, title="Jeszcze nowszy").last_post_at  # the same moment
    db.session.commit()
    assert "Jeszcze nowszy" in row()  # of two at the same moment, the newer thread
