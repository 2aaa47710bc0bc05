"""Whole pages kept for anonymous visitors (app/page_cache.py): served again only while correct."""
import time

from sqlalchemy import event, text

from app.extensions import db
from tests import factories


def rename_org_by_sql(org_id: int, name: str) -> None:
    """A write that bypasses the ORM, on a connection of its own (as a command or another worker would)."""
    with db.engine.begin() as connection:
        connection.execute(text("UPDATE organisations SET name = :name WHERE id = :id"), {"name": name, "id": org_id})


def statements_run_by(app, client, path) -> int:
    statements = []

    def count(*args):
        statements.append(args[2])

    with app.app_context():
        event.listen(db.engine, "before_cursor_execute", count)
        try:
            client.get(path)
        finally:
            event.remove(db.engine, "before_cursor_execute", count)
    return len(statements)


def test_second_anonymous_visit_is_served_without_the_database(client):
    factories.make_org(name="Fundacja Pierwsza Wizyta")
    db.session.commit()
    first = client.get("/orgs/")
    assert first.status_code == 200
    assert statements_run_by(client.application, client, "/orgs/") == 0
    second = client.get("/orgs/")
    assert second.get_data() == first.get_data()
    assert second.headers["Content-Security-Policy"]  # the site's headers are on a kept page too


def test_a_committed_change_is_seen_at_once(client):
    org = factories.make_org(name="Fundacja Stara Nazwa")
    assert "Fundacja Stara Nazwa" in client.get("/orgs/").get_data(as_text=True)
    org.name = "Fundacja Nowa Nazwa"
    db.session.commit()
    page = client.get("/orgs/").get_data(as_text=True)
    assert "Fundacja Nowa Nazwa" in page


def test_a_write_outside_the_orm_is_seen_at_once(client):
    org = factories.make_org(name="Fundacja Przed Zmianą")
    db.session.commit()
    client.get("/orgs/")
    rename_org_by_sql(org.id, "Fundacja Po Zmianie")
    assert "Fundacja Po Zmianie" in client.get("/orgs/").get_data(as_text=True)


def test_each_language_has_its_own_page(client):
    polish = client.get("/", headers={"Accept-Language": "pl"})
    ukrainian = client.get("/", headers={"Accept-Language": "uk"})
    assert 'lang="pl"' in polish.get_data(as_text=True)
    assert 'lang="uk"' in ukrainian.get_data(as_text=True)
    assert 'lang="pl"' in client.get("/", headers={"Accept-Language": "pl"}).get_data(as_text=True)


def test_a_signed_in_member_never_gets_the_anonymous_page(app, client, member):
    app.test_client().get("/")  # another visitor fills the cache
    client.login(member)
    page = client.get("/").get_data(as_text=True)
    assert member.display_name in page
    assert 'action="/auth/logout"' in page


def test_a_waiting_message_is_shown_not_the_kept_page(app, client, member):
    app.test_client().get("/")
    client.login(member)
    response = client.post_form("/auth/logout", follow_redirects=True)
    assert "Wylogowano" in response.get_data(as_text=True)


def test_pages_with_a_form_token_are_not_shared(app):
    """The CSRF token belongs to one visitor's session: each visitor gets a page with their own."""
    first, second = app.test_client(), app.test_client()
    first.get("/auth/login")
    second.get("/auth/login")
    assert first.csrf_token() != second.csrf_token()


def test_a_page_is_rendered_again_after_its_time(make_app):
    app = make_app(ANONYMOUS_PAGE_CACHE_SECONDS=1)
    client = app.test_client()
    client.get("/")
    assert statements_run_by(app, client, "/") == 0
    time.sleep(1.5)  # the clock moves (upcoming events, "2 hours ago"): the page must follow it
    assert statements_run_by(app, client, "/") > 0


def test_the_cache_can_be_turned_off(make_app):
    app = make_app(ANONYMOUS_PAGE_CACHE_SECONDS=0)
    client = app.test_client()
    client.get("/")
    assert statements_run_by(app, client, "/") > 0


def test_a_kept_feed_answers_a_client_that_has_it_with_304(client):
    first = client.get("/events/feed.ics")
    assert first.status_code == 200 and first.headers.get("ETag")
    again = client.get("/events/feed.ics", headers={"If-None-Match": first.headers["ETag"]})
    assert again.status_code == 304
    assert again.get_data() == b""


def test_public_pages_set_no_cookie_for_a_reader_who_is_not_signed_in(client):
    """A cookie would keep the page out of the cache (and a reader needs none)."""
    org = factories.make_org(name="Fundacja Bez Ciasteczek")
    db.session.commit()
    for path in ("/", "/orgs/", f"/orgs/{org.slug}", "/forums/", "/events/", "/partnerships/", "/search?q=fundacja"):
        response = client.get(path)
        assert response.status_code == 200, path
        assert "Set-Cookie" not in response.headers, path

