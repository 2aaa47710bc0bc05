"""Bad input gets a clear message next to the field, keeps what was typed, and never a 500."""
import html

import pytest

from app.extensions import db
from app.forums import moderation
from app.forums.models import Post, Thread
from tests.forums import factories as ff


@pytest.fixture
def category(app):
    return ff.make_category()


@pytest.mark.parametrize("title, body, message", [
    ("", "Treść", "Wpisz tytuł."),
    ("   \t ", "Treść", "Wpisz tytuł."),
    ("Dobry tytuł", "", "Wpisz treść wpisu."),
    ("Dobry tytuł", " \n\t  \n", "Wpisz treść wpisu."),
    ("Dobry tytuł", "\x00\x00\x00", "Wpisz treść wpisu."),
    ("ab", "Treść", "Tytuł musi mieć od 3 do 200 znaków."),
    ("x" * 201, "Treść", "Tytuł musi mieć od 3 do 200 znaków."),
])
def test_new_thread_refuses_empty_or_malformed_input(client, member, category, title, body, message):
    client.login(member)
    response = client.post_form(f"/forums/{category.slug}/new", {"title": title, "body": body})
    assert response.status_code == 400
    page = response.get_data(as_text=True)
    assert message in page
    assert 'aria-invalid="true"' in page
    assert db.session.execute(db.select(Thread)).first() is None


def test_a_200000_character_post_is_refused_and_kept(client, member, category):
    client.login(member)
    body = ("Bardzo długi wpis. " * 11000)[:200_000]
    response = client.post_form(f"/forums/{category.slug}/new", {"title": "Długi wpis", "body": body})
    assert response.status_code == 400
    page = response.get_data(as_text=True)
    assert "Wpis może mieć najwyżej 50000 znaków." in page or "Wpis może mieć najwyżej 50 000 znaków." in page
    assert body[:1000] in page and len(page) > 200_000  # the text typed is still in the form
    assert 'value="Długi wpis"' in page


def test_nul_bytes_are_removed_and_the_rest_kept(client, member, category):
    client.login(member)
    response = client.post_form(f"/forums/{category.slug}/new", {"title": "Ty\x00tuł", "body": "Tre\x00ść wpisu"})
    assert response.status_code == 302
    thread = db.session.execute(db.select(Thread)).scalar_one()
    post = ff.post_at(thread, 1)
    assert thread.title == "Tytuł" and post.body == "Treść wpisu"


def test_invalid_utf8_does_not_break_the_form(client, member, category):
    client.login(member)
    raw = b"title=Zepsute+%FF%FE+znaki&body=Tre%C5%9B%C4%87+%C0%AF&csrf_token=" + client.csrf_token().encode()
    response = client.post(f"/forums/{category.slug}/new", data=raw,
                           content_type="application/x-www-form-urlencoded")
    assert response.status_code in (302, 400)
    thread = db.session.execute(db.select(Thread)).scalar_one()
    assert thread.title.startswith("Zepsute")


def test_reply_to_a_post_of_another_thread_is_refused_and_text_kept(client, member, outsider):
    thread, other = ff.make_thread(member), ff.make_thread(member)
    foreign = ff.post_at(other, 1)
    client.login(outsider)
    response = client.post_form(f"/forums/t/{thread.id}/reply", {"body": "Moja odpowiedź", "reply_to": foreign.id})
    assert response.status_code == 400
    page = response.get_data(as_text=True)
    assert "Wpis, na który odpowiadasz, nie należy do tego wątku." in page
    assert "Moja odpowiedź" in page
    assert thread.reply_count == 0


@pytest.mark.parametrize("reply_to", ["abc", "-1", "99999999999999999999", "1 OR 1=1"])
def test_reply_to_nonsense_is_refused(client, member, outsider, reply_to):
    thread = ff.make_thread(member)
    client.login(outsider)
    response = client.post_form(f"/forums/t/{thread.id}/reply", {"body": "Tekst", "reply_to": reply_to})
    assert response.status_code == 400
    assert "nie należy do tego wątku" in response.get_data(as_text=True)


def test_reply_in_a_locked_thread_is_refused_and_text_kept(client, member, outsider, moderator):
    thread = ff.make_thread(member)
    first = ff.post_at(thread, 1)
    client.login(outsider)
    assert "Wyślij odpowiedź" in client.get(f"/forums/t/{thread.id}").get_data(as_text=True)
    moderation.moderate_thread(moderator, thread, "lock", "Koniec dyskusji")  # locked while they typed
    for url in (f"/forums/t/{thread.id}/reply", f"/forums/p/{first.id}/reply"):
        response = client.post_form(url, {"body": "Spóźniona odpowiedź", "reply_to": first.id})
        assert response.status_code == 400
        page = response.get_data(as_text=True)
        assert "Ten wątek jest zamknięty" in page and "Spóźniona odpowiedź" in page
    assert db.session.execute(db.select(db.func.count(Post.id))).scalar_one() == 1
    assert "Wyślij odpowiedź" not in client.get(f"/forums/t/{thread.id}").get_data(as_text=True)


def test_reply_to_a_deleted_post_is_refused(client, member, outsider):
    from app.forums import services

    thread = ff.make_thread(member)
    post = ff.make_reply(thread, member)
    services.delete_post(member, post)
    client.login(outsider)
    response = client.post_form(f"/forums/t/{thread.id}/reply", {"body": "Tekst", "reply_to": post.id})
    assert response.status_code == 400
    assert "został usunięty lub ukryty" in response.get_data(as_text=True)


def test_unknown_mention_is_left_as_text_with_a_notice(client, member, outsider):
    thread = ff.make_thread(member)
    client.login(outsider)
    response = client.post_form(f"/forums/t/{thread.id}/reply", {"body": "Pytanie do @ktos-nieznany"},
                                follow_redirects=True)
    page = response.get_data(as_text=True)
    assert "Nie ma tu nikogo o nazwie @ktos-nieznany" in page
    assert "@ktos-nieznany" in ff.post_at(thread, 2).body_html
    assert "/users/ktos-nieznany" not in page


def test_edit_with_empty_body_keeps_the_old_text(client, member):
    thread = ff.make_thread(member, body="Oryginał")
    first = ff.post_at(thread, 1)
    client.login(member)
    response = client.post_form(f"/forums/p/{first.id}/edit", {"title": thread.title, "body": "  "})
    assert response.status_code == 400
    assert "Wpisz treść wpisu." in response.get_data(as_text=True)
    assert ff.post_at(thread, 1).body == "Oryginał"


def test_report_needs_a_reason_and_only_once(client, member, outsider):
    thread = ff.make_thread(member)
    first = ff.post_at(thread, 1)
    client.login(outsider)
    response = client.post_form(f"/forums/p/{first.id}/report", {"reason": "   "})
    assert response.status_code == 400 and "Podaj powód." in response.get_data(as_text=True)
    assert client.post_form(f"/forums/p/{first.id}/report", {"reason": "Reklama"}).status_code == 302
    response = client.post_form(f"/forums/p/{first.id}/report", {"reason": "Znowu reklama"})
    assert response.status_code == 400
    assert "został już przez Ciebie zgłoszony" in response.get_data(as_text=True)


def test_attack_strings_in_title_and_body_are_rendered_harmless(client, member, category):
    client.login(member)
    title = '"><img src=x onerror=alert(1)>'
    body = '<script>alert(1)</script>\n\n[klik](javascript:alert(1))'
    response = client.post_form(f"/forums/{category.slug}/new", {"title": title, "body": body})
    assert response.status_code == 302
    page = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "<script>alert(1)" not in page and "<img" not in page and 'href="javascript' not in page
    assert html.escape(title, quote=False) in page or "&#34;&gt;&lt;img" in page


def test_unknown_filter_values_and_pages_are_ignored(client, member, category):
    ff.make_thread(member, category, title="Wątek widoczny")
    response = client.get(f"/forums/{category.slug}/?theme=nie-ma-takiego&page=abc")
    assert response.status_code == 200 and "Wątek widoczny" in response.get_data(as_text=True)
    assert client.get(f"/forums/{category.slug}/?page=999").status_code == 200
    assert client.get("/forums/nie-ma-takiej-kategorii/").status_code == 404
    assert client.get("/forums/t/99999").status_code == 404
    for url in ("/forums/t/99999999999999999999", "/forums/p/99999999999999999999",
                "/forums/p/99999999999999999999/reply", "/forums/groups/99999999999999999999/"):
        assert client.get(url).status_code == 404, url


def test_anonymous_writers_are_sent_to_log_in(client, member, category):
    thread = ff.make_thread(member, category)
    response = client.get(f"/forums/{category.slug}/new")
    assert response.status_code == 302 and "/auth/login" in response.headers["Location"]
    response = client.post_form(f"/forums/t/{thread.id}/reply", {"body": "Anonim"})
    assert response.status_code == 302 and "/auth/login" in response.headers["Location"]


def test_unconfirmed_users_may_read_but_not_write(client, unconfirmed, member, category):
    thread = ff.make_thread(member, category)
    client.login(unconfirmed)
    page = client.get(f"/forums/t/{thread.id}").get_data(as_text=True)
    assert "Potwierdź adres e-mail, aby pisać na forum." in page
    assert client.post_form(f"/forums/t/{thread.id}/reply", {"body": "Tekst"}).status_code == 403
    assert client.get(f"/forums/{category.slug}/new").status_code == 403


def test_only_the_secretariat_writes_in_announcements(client, member, moderator):
    announcements = ff.make_category(slug="ogloszenia", moderators_only=True)
    thread = ff.make_thread(moderator, announcements, title="Spotkanie sieci w marcu")
    client.login(member)
    page = client.get(f"/forums/t/{thread.id}").get_data(as_text=True)
    assert "W tej kategorii pisze tylko sekretariat sieci." in page and "Wyślij odpowiedź" not in page
    response = client.post_form(f"/forums/t/{thread.id}/reply", {"body": "Czy będzie transmisja?"})
    assert response.status_code == 400
    page = response.get_data(as_text=True)
    assert "W tej kategorii pisze tylko sekretariat sieci." in page and "Czy będzie transmisja?" in page
    assert client.get("/forums/ogloszenia/new").status_code == 403
    client.login(moderator)
    assert client.post_form(f"/forums/t/{thread.id}/reply", {"body": "Uzupełnienie: sala 2."}).status_code == 302
