"""Starting threads, threaded replies, quoting, permalinks across pages, editing and deleting."""
import re

from app.db import insert_or_update, utcnow
from app.extensions import db
from app.forums import services
from app.forums.models import POSTS_PER_PAGE, Post, PostRevision, Thread, ThreadRead
from app.notifications.models import Notification
from tests import factories
from tests.forums import factories as ff


def _notes(user, kind=None):
    query = db.select(Notification).where(Notification.user_id == user.id)
    if kind:
        query = query.where(Notification.kind == kind)
    return db.session.execute(query).scalars().all()


def test_start_a_thread_through_the_form(client, member):
    category = ff.make_category(theme="housing")
    client.login(member)
    response = client.post_form(f"/forums/{category.slug}/new", {
        "title": "Kto ma wzór umowy dla społecznej agencji najmu?",
        "body": "Szukamy **wzoru** umowy.", "themes": ["housing", "legalisation"],
    })
    assert response.status_code == 302
    thread = db.session.execute(db.select(Thread)).scalar_one()
    assert response.headers["Location"].endswith(f"/forums/t/{thread.id}")
    assert thread.author_id == member.id and thread.reply_count == 0 and thread.last_poster_id == member.id
    assert thread.themes == ["housing", "legalisation"]
    page = client.get(f"/forums/t/{thread.id}").get_data(as_text=True)
    assert "<strong>wzoru</strong>" in page and "Kto ma wzór umowy" in page
    listing = client.get(f"/forums/{category.slug}/").get_data(as_text=True)
    assert "Kto ma wzór umowy" in listing


def test_thread_on_behalf_of_an_organisation_only_if_a_member(client, member, outsider):
    org = factories.make_org(name="Fundacja Dom Otwarty", members=[member])
    other = factories.make_org(name="Stowarzyszenie Obce")
    category = ff.make_category()
    client.login(member)
    form = client.get(f"/forums/{category.slug}/new").get_data(as_text=True)
    assert "Fundacja Dom Otwarty" in form and "Stowarzyszenie Obce" not in form
    response = client.post_form(f"/forums/{category.slug}/new", {
        "title": "Wątek w imieniu fundacji", "body": "Treść", "organisation": str(other.id)})
    assert response.status_code == 400
    assert "organizacji, do której należysz" in response.get_data(as_text=True)
    response = client.post_form(f"/forums/{category.slug}/new", {
        "title": "Wątek w imieniu fundacji", "body": "Treść", "organisation": str(org.id)})
    assert response.status_code == 302
    thread = db.session.execute(db.select(Thread)).scalar_one()
    assert thread.organisation_id == org.id
    assert "Fundacja Dom Otwarty" in client.get(f"/forums/t/{thread.id}").get_data(as_text=True)


def test_threaded_replies_show_parent_excerpt_and_replies(client, member, outsider):
    thread = ff.make_thread(member, title="Kursy polskiego", body="Jak zorganizowaliście kursy dla dorosłych?")
    first = ff.post_at(thread, 1)
    answer = ff.make_reply(thread, outsider, body="U nas kurs odbywa się w bibliotece w soboty.", reply_to=first)
    nested = ff.make_reply(thread, member, body="A kto prowadzi zajęcia?", reply_to=answer)
    page = client.get(f"/forums/t/{thread.id}").get_data(as_text=True)
    nested_html = page[page.index(f'id="post-{nested.id}"'):]
    nested_html = nested_html[:nested_html.index("</article>")]
    assert "W odpowiedzi na" in nested_html
    assert f'href="#post-{answer.id}"' in nested_html
    assert "U nas kurs odbywa się w bibliotece" in nested_html  # the parent's excerpt
    answer_html = page[page.index(f'id="post-{answer.id}"'):]
    answer_html = answer_html[:answer_html.index("</article>")]
    assert f'href="#post-{nested.id}"' in answer_html  # the replies to each post are listed
    assert nested.reply_to_id == answer.id and nested.position == 3


def test_quote_prefills_the_reply_form(client, member, outsider):
    thread = ff.make_thread(member, body="Pierwsza linia\n\nDruga linia")
    first = ff.post_at(thread, 1)
    client.login(outsider)
    page = client.get(f"/forums/p/{first.id}/reply?quote=1").get_data(as_text=True)
    assert "&gt; Pierwsza linia\n&gt;\n&gt; Druga linia" in page
    assert f'name="reply_to" type="hidden" value="{first.id}"' in page
    response = client.post_form(f"/forums/p/{first.id}/reply", {"body": "> Pierwsza linia\n\nZgadzam się.",
                                                                  "reply_to": first.id})
    assert response.status_code == 302
    reply = ff.post_at(thread, 2)
    assert reply.reply_to_id == first.id and "<blockquote>" in reply.body_html


def test_permalinks_lead_to_the_right_page_and_anchor(client, member):
    thread = ff.make_thread(member)
    ff.add_many_posts(thread, POSTS_PER_PAGE * 3 + 4)  # 65 posts: 4 pages
    for position, page in ((1, None), (POSTS_PER_PAGE, None), (POSTS_PER_PAGE + 1, 2), (65, 4)):
        post = ff.post_at(thread, position)
        location = client.get(f"/forums/p/{post.id}").headers["Location"]
        expected = f"/forums/t/{thread.id}" + (f"?page={page}" if page else "") + f"#post-{post.id}"
        assert location.endswith(expected), (position, location)
        shown = client.get(location.split("#")[0]).get_data(as_text=True)
        assert f'id="post-{post.id}"' in shown
    assert client.get("/forums/p/999999").status_code == 404


def test_reply_links_cross_pages(client, member, outsider):
    thread = ff.make_thread(member)
    first = ff.post_at(thread, 1)
    ff.add_many_posts(thread, POSTS_PER_PAGE + 5)
    late = ff.make_reply(thread, outsider, body="Wracam do pierwszego pytania.", reply_to=first)
    assert late.page == 2
    first_page = client.get(f"/forums/t/{thread.id}").get_data(as_text=True)
    assert f"/forums/t/{thread.id}?page=2#post-{late.id}" in first_page  # reply listed under the parent
    second_page = client.get(f"/forums/t/{thread.id}?page=2").get_data(as_text=True)
    assert f"/forums/t/{thread.id}#post-{first.id}" in second_page  # parent linked from the reply


def test_unknown_pages_fall_back_to_first_or_last(client, member):
    thread = ff.make_thread(member)
    ff.add_many_posts(thread, 30)
    assert client.get(f"/forums/t/{thread.id}?page=abc").status_code == 200
    last = client.get(f"/forums/t/{thread.id}?page=999").get_data(as_text=True)
    assert f'id="post-{ff.post_at(thread, 31).id}"' in last


def test_edit_marks_post_and_keeps_revisions_for_moderators(client, member, moderator, outsider):
    thread = ff.make_thread(member, title="Stary tytuł", body="Pierwsza wersja")
    first = ff.post_at(thread, 1)
    client.login(member)
    response = client.post_form(f"/forums/p/{first.id}/edit", {"title": "Nowy tytuł", "body": "Druga wersja"})
    assert response.status_code == 302
    page = client.get(f"/forums/t/{thread.id}").get_data(as_text=True)
    assert "Druga wersja" in page and "edytowano" in page and "Nowy tytuł" in page
    revision = db.session.execute(db.select(PostRevision)).scalar_one()
    assert revision.body == "Pierwsza wersja" and revision.title == "Stary tytuł"
    client.login(outsider)
    assert client.get(f"/forums/p/{first.id}/history").status_code == 403
    client.login(moderator)
    history = client.get(f"/forums/p/{first.id}/history").get_data(as_text=True)
    assert "Pierwsza wersja" in history and "Stary tytuł" in history


def test_delete_keeps_the_replies_context(client, member, outsider):
    thread = ff.make_thread(member)
    post = ff.make_reply(thread, member, body="Tekst do usunięcia")
    answer = ff.make_reply(thread, outsider, body="Odpowiadam na to", reply_to=post)
    client.login(member)
    assert client.post_form(f"/forums/p/{post.id}/delete").status_code == 302
    db.session.refresh(post)
    assert post.is_deleted and post.body == ""
    page = client.get(f"/forums/t/{thread.id}").get_data(as_text=True)
    assert "Tekst do usunięcia" not in page
    assert "usunięty przez autora" in page.lower()
    answer_html = page[page.index(f'id="post-{answer.id}"'):]
    assert f'href="#post-{post.id}"' in answer_html[:answer_html.index("</article>")]
    thread_row = db.session.get(Thread, thread.id)
    assert thread_row.last_post_id == answer.id


def test_mentions_link_and_notify(app, member, outsider):
    thread = ff.make_thread(member)
    written = services.reply(outsider, thread, f"Pytanie do @{member.username} i do @nikt-taki-nie-istnieje.")
    db.session.flush()
    assert f'<a href="/users/{member.username}">@{member.username}</a>' in written.post.body_html
    assert "@nikt-taki-nie-istnieje" in written.post.body_html and "/users/nikt-taki" not in written.post.body_html
    assert written.unknown_mentions == ["nikt-taki-nie-istnieje"]
    kinds = {n.kind for n in _notes(member)}
    assert "mention" in kinds
    note = _notes(member, "mention")[0]
    assert note.url == f"/forums/p/{written.post.id}" and note.actor_id == outsider.id


def test_reply_notifies_the_parents_author_once(app, member, outsider):
    thread = ff.make_thread(member)
    services.reply(outsider, thread, f"@{member.username} odpowiadam", ff.post_at(thread, 1).id)
    db.session.flush()
    notes = _notes(member)
    assert [n.kind for n in notes] == ["reply"]  # not also "mention" and "followed_post"


def test_followers_of_thread_and_category_are_notified(client, member, outsider):
    category = ff.make_category()
    thread = ff.make_thread(member, category)
    watcher, category_watcher = factories.make_user(), factories.make_user()
    services.follow(watcher, thread)
    services.follow(category_watcher, category)
    ff.make_reply(thread, outsider)
    ff.make_reply(thread, outsider)
    db.session.flush()
    assert len(_notes(watcher, "followed_post")) == 1  # one unread notice per thread
    assert len(_notes(category_watcher, "followed_post")) == 1
    assert len(_notes(member, "followed_post")) == 1  # the author follows their thread
    assert _notes(outsider) == []
    client.login(watcher)
    page = client.get(f"/forums/t/{thread.id}").get_data(as_text=True)
    assert "Przestań obserwować ten wątek" in page
    assert "Obserwuj tę kategorię" in client.get(f"/forums/{category.slug}/").text  # the thread only
    client.login(category_watcher)
    assert "Przestań obserwować tę kategorię" in client.get(f"/forums/{category.slug}/").text
    assert "Obserwuj ten wątek" in client.get(f"/forums/t/{thread.id}").text  # the category only
    client.login(watcher)
    client.post_form(f"/forums/t/{thread.id}/unfollow")
    ff.make_reply(thread, outsider, body="Po wypisaniu")
    db.session.execute(db.update(Notification).values(read_at=db.func.now()))  # all read
    ff.make_reply(thread, outsider, body="Jeszcze jeden")
    db.session.flush()
    assert all(n.read_at is not None for n in _notes(watcher))


def test_unread_markers(client, member, outsider):
    category = ff.make_category()
    thread = ff.make_thread(outsider, category, title="Wątek do czytania")
    client.login(member)
    client.get(f"/forums/t/{thread.id}")  # read
    listing = client.get(f"/forums/{category.slug}/").get_data(as_text=True)
    assert "nowy wpis" not in listing and "nowe wpisy" not in listing
    ff.make_reply(thread, outsider)
    second = ff.make_reply(thread, outsider)
    listing = client.get(f"/forums/{category.slug}/").get_data(as_text=True)
    assert "2 nowe wpisy" in listing
    location = client.get(f"/forums/t/{thread.id}/unread").headers["Location"]
    assert location.endswith(f"#post-{ff.post_at(thread, 2).id}")
    client.get(f"/forums/t/{thread.id}")
    listing = client.get(f"/forums/{category.slug}/").get_data(as_text=True)
    assert "nowe wpisy" not in listing
    assert second.position == 3


def test_pinned_threads_come_first_then_by_last_activity(client, member, moderator):
    from app.forums import moderation

    category = ff.make_category()
    old = ff.make_thread(member, category, title="Stary przypięty")
    middle = ff.make_thread(member, category, title="Środkowy")
    newest = ff.make_thread(member, category, title="Najnowszy")
    moderation.moderate_thread(moderator, old, "pin", "Ważne")
    ff.make_reply(middle, moderator)  # middle becomes the most recently active unpinned one
    page = client.get(f"/forums/{category.slug}/").get_data(as_text=True)
    positions = [page.index(title) for title in ("Stary przypięty", "Środkowy", "Najnowszy")]
    assert positions == sorted(positions)
    assert newest.reply_count == 0


def test_home_page_shows_latest_public_threads_only(client, member):
    ff.make_thread(member, title="Publiczna rozmowa o mieszkaniach")
    group = ff.make_group(members=[member])
    ff.make_thread(member, ff.group_category(group), title="Tajna rozmowa zespołu")
    from app.forums.views import latest_discussions

    titles = [t.title for t in latest_discussions()["threads"]]
    assert "Publiczna rozmowa o mieszkaniach" in titles and "Tajna rozmowa zespołu" not in titles
    page = client.get("/").get_data(as_text=True)
    assert "Publiczna rozmowa o mieszkaniach" in page and "Tajna rozmowa" not in page


def test_positions_are_unique_and_counted(app, member, outsider):
    thread = ff.make_thread(member)
    for _ in range(5):
        ff.make_reply(thread, outsider)
    positions = db.session.execute(db.select(Post.position).where(Post.thread_id == thread.id)
                                   .order_by(Post.position)).scalars().all()
    assert positions == [1, 2, 3, 4, 5, 6]
    assert db.session.get(Thread, thread.id).reply_count == 5


def test_thread_page_text_is_escaped(client, member):
    thread = ff.make_thread(member, title="<script>alert(1)</script> tytuł")
    page = client.get(f"/forums/t/{thread.id}").get_data(as_text=True)
    assert "<script>alert(1)</script>" not in page
    assert re.search(r"&lt;script&gt;alert\(1\)&lt;/script&gt; tytuł", page)


def test_a_reading_recorded_by_another_request_meanwhile_is_moved_on_not_duplicated(app):
    """Two tabs opening a thread at once both find no reading and both record one: the second
    must move the first on, not fail on the unique key (a 500 under load, seen by the benchmark)."""
    from sqlalchemy import text

    reader = factories.make_user()
    thread = ff.make_thread(reader)
    db.session.commit()
    with db.engine.begin() as other_request:
        other_request.execute(text("INSERT INTO forum_thread_reads (user_id, thread_id, last_read_position, read_at) "
                                   "VALUES (:user, :thread, 1, CURRENT_TIMESTAMP)"), {"user": reader.id, "thread": thread.id})
    db.session.execute(insert_or_update(
        ThreadRead, {"user_id": reader.id, "thread_id": thread.id, "last_read_position": 3, "read_at": utcnow()},
        keys=("user_id", "thread_id"), update={"last_read_position": 3}, where=ThreadRead.last_read_position < 3))
    db.session.commit()
    assert db.session.get(ThreadRead, (reader.id, thread.id)).last_read_position == 3
    assert services.mark_read(reader, thread, 2) is False  # never backwards
