"""CSRF, security headers, cookies and production settings."""
import pytest

from app import create_app
from tests.factories import PASSWORD


def test_a_form_posted_without_its_csrf_token_is_refused_with_a_clear_page(client, member):
    response = client.post("/auth/login", data={"email": member.email, "password": PASSWORD})
    assert response.status_code == 400
    assert "formularz" in response.text.lower()
    assert client.get("/account/").status_code == 302  # and nobody was logged in


def test_logout_without_csrf_token_does_not_log_out(client, member):
    client.login(member)
    assert client.post("/auth/logout").status_code == 400
    assert client.get("/account/").status_code == 200


def test_security_headers_are_on_every_page(client):
    response = client.get("/")
    csp = response.headers["Content-Security-Policy"]
    assert "frame-ancestors 'none'" in csp
    assert "script-src 'self'" in csp and "unsafe-inline" not in csp
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.headers["Referrer-Policy"] == "same-origin"


def test_production_refuses_the_development_secret_key(tmp_path, monkeypatch):
    monkeypatch.setenv("FORUM_ENV", "production")
    monkeypatch.delenv("SECRET_KEY", raising=False)
    monkeypatch.setattr("flask.Flask.instance_path", str(tmp_path), raising=False)
    with pytest.raises(RuntimeError, match="SECRET_KEY"):
        create_app({"FORUM_ENV": "production", "SQLALCHEMY_DATABASE_URI": "sqlite://"})


def test_production_cookies_are_secure_and_http_only(tmp_path):
    app = create_app({"FORUM_ENV": "production", "SECRET_KEY": "s" * 40, "SQLALCHEMY_DATABASE_URI": "sqlite://",
                      "SITE_URL": "https://forum.example.org"})
    assert app.config["SESSION_COOKIE_SECURE"] and app.config["REMEMBER_COOKIE_SECURE"]
    assert app.config["SESSION_COOKIE_HTTPONLY"]


# --- pages of a signed-in member are kept by no cache -------------------------------------------------
def test_a_signed_in_members_pages_are_private_and_not_stored(client, member):
    client.login(member)
    for address in ("/", "/account/", "/account/notifications", "/forums/", "/events/mine"):
        response = client.get(address)
        assert response.status_code == 200, address
        assert response.headers["Cache-Control"] == "private, no-store", address


def test_anonymous_pages_and_static_files_keep_their_caching(client, member):
    anonymous_page = client.get("/")
    assert "no-store" not in anonymous_page.headers.get("Cache-Control", "")
    client.login(member)
    with client.get("/static/css/site.css") as stylesheet:
        assert stylesheet.status_code == 200
        assert "no-store" not in stylesheet.headers.get("Cache-Control", "")  # the same file for everyone


def test_the_anonymous_page_cache_still_serves_pages(client, count_queries):
    with count_queries() as counter:
        client.get("/forums/")
        rendered = counter.count
        assert client.get("/forums/").status_code == 200
    assert rendered > 0 and counter.count == rendered  # the second time served as kept, without the view


# --- redirect targets -------------------------------------------------------------------------------
@pytest.mark.parametrize("target", [
    "//evil\uff0fexample", "//evil.example\uff03@forum.test", "http://a\uff03b@c/", "//[::1", "/\\evil.example",
    "https://evil.example/", "\uff0f\uff0fevil.example", "/\tevil",
])
def test_a_redirect_target_off_the_site_or_unreadable_gives_the_default(target):
    from app.security import safe_next_url

    assert safe_next_url(target, "/home") == "/home"


def test_login_with_an_unreadable_next_goes_home(client, member):
    client.csrf_token()
    response = client.post_form("/auth/login?next=//evil%EF%BC%8Fexample",
                                {"email": member.email, "password": PASSWORD})
    assert response.status_code == 302
    assert response.headers["Location"] == "/"
