"""Kept parts of forum pages (forums/fragments.py): every viewer gets the HTML a fresh rendering gives them."""
import io

import pytest

from app import kept
from app.db import utcnow
from app.extensions import db
from app.files import samples
from app.forums import moderation, services
from app.forums.models import Post
from tests import factories
from tests.conftest import clear_page_cache, without_csrf
from tests.forums.factories import make_category, make_reply, make_thread


def html(response) -> str:
    assert response.status_code == 200
    return without_csrf(response.text)


@pytest.fixture
def thread_url(client, member, outsider, moderator):
    """A thread with a post of each kind: plain, edited, hidden with a reason, deleted, a reply to
    the hidden one, a reply with a file, and a post with replies."""
    thread = make_thread(author=member, category=make_category(), title="Wątek do porównań")
    opening = db.session.execute(db.select(Post).where(Post.thread_id == thread.id, Post.position == 1)).scalar_one()
    edited = make_reply(thread, author=member, body="Pierwsza wersja.", reply_to=opening)
    services.edit_post(member, edited, "Druga wersja, poprawiona.")
    hidden = make_reply(thread, author=outsider, body="Tekst do ukrycia.")
    make_reply(thread, author=member, body="Odpowiedź na ukryty wpis.", reply_to=hidden)
    moderation.hide_post(moderator, hidden, "Poza tematem")
    deleted = make_reply(thread, author=member, body="Tekst do usunięcia.")
    services.delete_post(member, deleted)
    with_file = make_reply(thread, author=member, body="Wpis z plikiem.")
    db.session.commit()
    client.login(member)
    client.post(f"/files/for/forum_post/{with_file.id}", content_type="multipart/form-data", data={
        "csrf_token": client.csrf_token(), "file": (io.BytesIO(samples.make_pdf("Plik", ["Treść."])), "plik.pdf")})
    client.post_form("/auth/logout")
    return f"/forums/t/{thread.id}"


@pytest.fixture
def viewers(app, member, outsider, moderator):
    """A test client per viewer; two outsiders, whose permission answers are the same."""
    clients = {"guest": app.test_client()}
    for name, user in (("member", member), ("outsider", outsider),
                       ("second outsider", factories.make_user(display_name="Druga Osoba")), ("moderator", moderator)):
        clients[name] = app.test_client()
        clients[name].login(user)
        clients[name].get("/help")  # shows, and so ends, the "signed in" message
    return clients


def assert_each_viewer_gets_a_fresh_rendering(app, url, viewers, store: str, parts: int) -> None:
    kept_pages = {}
    for name, client in viewers.items():  # each after the others: the parts kept for them are there
        kept_pages[name] = html(client.get(url))
    assert len(app.extensions["kept_values"][store]) < parts * len(viewers)  # some were shared
    for name, client in viewers.items():
        kept.forget()
        clear_page_cache()
        assert html(client.get(url)) == kept_pages[name], name


def test_each_viewer_gets_the_articles_of_a_fresh_rendering(app, thread_url, viewers):
    assert_each_viewer_gets_a_fresh_rendering(app, thread_url, viewers, "forum_post_articles", parts=7)


def test_each_viewer_gets_the_thread_rows_of_a_fresh_rendering(app, thread_url, viewers, member, moderator):
    category = db.session.execute(db.select(Post).where(Post.position == 1)).scalar_one().thread.category
    pinned = make_thread(author=member, category=category, title="Przypięty", themes=["housing"])
    moderation.moderate_thread(moderator, pinned, "pin", "Porządek")
    db.session.commit()
    viewers["member"].get(f"/forums/t/{pinned.id}")  # read up to here: the reply below is new to them
    make_reply(pinned, author=moderator, body="Nowy wpis, nieprzeczytany przez autora.")
    moderation.moderate_thread(moderator, make_thread(author=member, category=category, title="Zamknięty"), "lock",
                               "Porządek")
    make_thread(author=member, category=category, title="Ukryty przez moderację").hidden_at = utcnow()
    db.session.commit()
    assert "thread-unread" in viewers["member"].get(f"/forums/{category.slug}/").text
    assert_each_viewer_gets_a_fresh_rendering(app, f"/forums/{category.slug}/", viewers, "forum_thread_rows",
                                              parts=4)


def test_a_kept_article_follows_an_edit_a_new_reply_and_a_renamed_author(client, thread_url, member, outsider):
    client.login(outsider)
    assert "Druga wersja, poprawiona." in client.get(thread_url).text
    post = db.session.execute(db.select(Post).where(Post.body == "Druga wersja, poprawiona.")).scalar_one()
    services.edit_post(member, post, "Trzecia wersja.")
    member.display_name = "Maria Nowe-Nazwisko"
    make_reply(post.thread, author=outsider, body="Odpowiedź na trzecią wersję.", reply_to=post)
    db.session.commit()
    page = client.get(thread_url).text
    assert "Trzecia wersja." in page and "Druga wersja" not in page
    assert "Maria Nowe-Nazwisko" in page and "Maria Członkini" not in page
    assert "Olek Zewnętrzny #7" in page  # the edited post lists its new reply


def test_kept_parts_follow_the_address_prefix_a_proxy_gives(make_app):
    app = make_app(TRUSTED_PROXIES=1)
    with app.app_context():
        thread = make_thread(author=factories.make_user(), category=make_category(), title="Wątek pod prefiksem")
        db.session.commit()
        client = app.test_client()
        url = f"/forums/t/{thread.id}"
        assert f'href="/forum{url}' not in client.get(url).text
        prefixed = client.get(url, headers={"X-Forwarded-Prefix": "/forum"}).text
    assert 'href="/forum/forums/p/' in prefixed  # the article's permalink, not the one kept without a prefix
