"""The notification list, the choices page, the unsubscribe link, the home page's "for you"."""
import re
import time
from html.parser import HTMLParser

import pytest
from flask import render_template

from app.db import commit
from app.extensions import db
from app.notifications import delivery
from app.notifications.models import DEFAULT_DELIVERY, Notification, NotificationPreference
from app.notifications.services import preferences_of
from tests.factories import make_user
from tests.mailserver import Mailbox
from tests.notifications.factories import make_notification


def unsubscribe_path(user, scope):
    with delivery.url_context():
        return "/account/unsubscribe/" + delivery.unsubscribe_token(user, scope)


def test_the_list_shows_my_notifications_newest_first_and_nobody_elses(client, member, outsider):
    make_notification(member, "reply", title="Pierwsza odpowiedź", actor=outsider)
    make_notification(member, "mention", title="Druga wzmianka")
    make_notification(outsider, "reply", title="Cudza sprawa")
    client.login(member)
    page = client.get("/account/notifications").text
    assert page.index("Druga wzmianka") < page.index("Pierwsza odpowiedź")
    assert "Cudza sprawa" not in page
    assert "Olek Zewnętrzny" in page  # who caused it
    assert "Masz 2 nieprzeczytane powiadomienia." in page


def test_the_list_needs_a_login(client):
    response = client.get("/account/notifications")
    assert response.status_code == 302 and "/auth/login" in response.location


def test_opening_a_notification_marks_it_read_and_goes_to_its_page(client, member):
    notification = make_notification(member, "reply", url="/forums/p/7")
    client.login(member)
    response = client.get(f"/account/notifications/{notification.id}")
    assert response.status_code == 302 and response.location.endswith("/forums/p/7")
    assert db.session.get(Notification, notification.id).read_at is not None


def test_someone_elses_notification_is_not_found(client, member, outsider):
    notification = make_notification(outsider, "reply")
    client.login(member)
    assert client.get(f"/account/notifications/{notification.id}").status_code == 404
    assert client.post_form(f"/account/notifications/{notification.id}/read").status_code == 404
    assert db.session.get(Notification, notification.id).read_at is None


def test_mark_one_and_mark_all_read(client, member):
    first = make_notification(member, "reply", title="Jedna")
    make_notification(member, "mention", title="Dwie")
    client.login(member)
    client.post_form(f"/account/notifications/{first.id}/read")
    assert db.session.get(Notification, first.id).read_at is not None
    page = client.get("/account/notifications?show=unread").text
    assert "Dwie" in page and "Jedna" not in page
    response = client.post_form("/account/notifications/read-all", follow_redirects=True)
    assert "Masz 0 nieprzeczytanych powiadomień." in response.text
    assert db.session.execute(db.select(Notification).where(Notification.read_at.is_(None))).first() is None


def test_the_list_runs_a_fixed_number_of_queries(client, member, count_queries):
    def queries_for(count):
        for number in range(count):
            make_notification(member, "reply", title=f"Powiadomienie {number}", actor=make_user())
        with count_queries() as counter:
            assert client.get("/account/notifications").status_code == 200
        return counter.count

    client.login(member)
    assert queries_for(2) == queries_for(18)


def checked_choices(page: str) -> dict[str, str]:
    """{radio group name: value of its checked radio} as a browser would show the form."""
    class Radios(HTMLParser):
        def __init__(self):
            super().__init__()
            self.checked = {}

        def handle_starttag(self, tag, attrs):
            attrs = dict(attrs)
            if tag == "input" and attrs.get("type") == "radio" and "checked" in attrs:
                self.checked[attrs["name"]] = attrs["value"]

    parser = Radios()
    parser.feed(page)
    return parser.checked


def test_the_settings_show_the_defaults_and_save_choices(client, member):
    client.login(member)
    page = client.get("/account/notifications/settings").text
    assert "Odpowiedzi na moje wpisy" in page
    assert checked_choices(page) == DEFAULT_DELIVERY  # every kind shows its default ticked
    data = {kind: "app" for kind in preferences_of(member)}
    data["reply"] = "email"
    response = client.post_form("/account/notifications/settings", data)
    assert response.status_code == 302
    assert preferences_of(member)["reply"] == "email" and preferences_of(member)["mention"] == "app"
    shown = checked_choices(client.get("/account/notifications/settings").text)
    assert shown["reply"] == "email" and shown["mention"] == "app"  # the page shows what was saved


def test_a_forged_choice_is_refused_next_to_its_field(client, member):
    client.login(member)
    data = {kind: "digest" for kind in preferences_of(member)}
    data["reply"] = "carrier-pigeon"
    response = client.post_form("/account/notifications/settings", data)
    assert response.status_code == 400
    assert 'id="reply-error"' in response.text
    assert db.session.execute(db.select(NotificationPreference)).first() is None


def test_the_unsubscribe_link_asks_first_then_stops_that_kind(app, client, mailbox, member):
    make_notification(member, "mention")
    commit()
    link = next(x for x in Mailbox.links_in(mailbox.last_to(member.email)) if "/unsubscribe/" in x)
    path = link.replace("http://forum.test", "")
    page = client.get(path)  # no login needed; a GET changes nothing (link checkers open links)
    assert page.status_code == 200 and "Wzmianki o mnie" in page.text
    assert preferences_of(member)["mention"] == "email"
    done = client.post(path)  # the page's button: no session, no CSRF token needed
    assert done.status_code == 200 and "Gotowe" in done.text
    assert preferences_of(member)["mention"] == "app"
    assert preferences_of(member)["conversation_message"] == "email"  # other kinds untouched


def test_one_click_unsubscribe_from_a_mail_program(client, member):
    """RFC 8058: the mail program POSTs List-Unsubscribe=One-Click to the header's address."""
    response = client.post(unsubscribe_path(member, "digest"), data={"List-Unsubscribe": "One-Click"})
    assert response.status_code == 200
    assert all(value != "digest" for value in preferences_of(member).values())


def test_unsubscribing_from_everything(client, member):
    client.post(unsubscribe_path(member, "all"))
    assert set(preferences_of(member).values()) == {"app"}


@pytest.mark.parametrize("token", ["forged", "eyJ1IjoxLCJzIjoiYWxsIn0.ZZZZZZ.abcdefabcdefabcdefabcdefabc"])
def test_a_forged_unsubscribe_link_is_refused_clearly(client, member, token):
    response = client.post(f"/account/unsubscribe/{token}")
    assert response.status_code == 400
    assert "nieprawidłowy" in response.text
    assert set(preferences_of(member).values()) != {"app"}


def test_an_expired_unsubscribe_link_says_so(app, client, member, monkeypatch):
    from itsdangerous.timed import TimestampSigner

    monkeypatch.setattr(TimestampSigner, "get_timestamp", lambda self: int(time.time()) - 200 * 24 * 3600)
    path = unsubscribe_path(member, "all")
    monkeypatch.undo()
    response = client.post(path)
    assert response.status_code == 400 and "wygasł" in response.text
    assert set(preferences_of(member).values()) != {"app"}


def test_a_link_of_a_deleted_account_does_not_reach_a_new_one(app, client):
    user = make_user()
    path = unsubscribe_path(user, "all")
    db.session.delete(user)
    db.session.flush()
    make_user()  # may get the same id on SQLite
    assert client.post(path).status_code == 400


def test_the_header_link_shows_the_unread_count(app, member):
    make_notification(member, "reply")
    make_notification(member, "mention")
    from flask_login import login_user

    with app.test_request_context("/"):
        login_user(member)
        html = render_template("notifications/_nav_link.html")
    assert "/account/notifications" in html and ">2<" in html.replace(" ", "").replace('<spanclass="badge">', ">")


def test_home_page_for_you_shows_unread_notifications_to_their_owner_only(client, member):
    make_notification(member, "reply", title="Odpowiedź w wątku o mieszkaniach")
    assert "Dla Ciebie" not in client.get("/").text
    client.login(member)
    page = client.get("/").text
    assert "Dla Ciebie" in page and "Odpowiedź w wątku o mieszkaniach" in page


def test_every_page_header_shows_my_unread_count_and_the_account_page_links_my_data(client, member, outsider):
    make_notification(member, "mention")
    make_notification(member, "reply")
    make_notification(outsider, "reply")
    commit()
    client.login(member)
    header = client.get("/orgs/").text.split("</header>")[0]
    assert re.search(r'href="/account/notifications">Powiadomienia <span class="badge">2<span class="visually-hidden"> '
                     r'[^<]+</span></span></a>', header)
    account = client.get("/account/").text
    assert 'href="/account/export.json"' in account and 'href="/account/delete"' in account
    client.get(f"/account/notifications/{notification_ids(member)[0]}")  # reading one lowers the count
    assert '<span class="badge">1<' in client.get("/orgs/").text.split("</header>")[0]


def notification_ids(user) -> list[int]:
    return list(db.session.execute(db.select(Notification.id).where(Notification.user_id == user.id)).scalars())
