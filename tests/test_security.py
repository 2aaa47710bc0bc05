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
    app = create_app({"FORUM_ENV": "production", "SECRET_KEY": "s" * 40, "SQLALCHEMY_DATABASE_URI": "sqlite://"})
    assert app.config["SESSION_COOKIE_SECURE"] and app.config["REMEMBER_COOKIE_SECURE"]
    assert app.config["SESSION_COOKIE_HTTPONLY"]
