"""The site's address, proxies, abuse limits, logs and the doctor, as an operator deploys it."""
import logging
import re

import pytest

from app import create_app
from app.db import commit
from app.extensions import db
from tests import factories
from tests.conftest import CSRF_INPUT, make_test_config
from tests.forums.factories import make_category
from tests.mailserver import Mailbox
from tests.notifications.factories import make_notification

SITE = "https://forum.example.org"


def login_attempt(client, email, forwarded_for=None):
    headers = {"X-Forwarded-For": forwarded_for} if forwarded_for else {}
    return client.post_form("/auth/login", {"email": email, "password": "wrong"}, headers=headers).status_code


# --- proxies ------------------------------------------------------------------------------------
@pytest.mark.parametrize("trusted, expected", [(1, [200, 200, 200, 200]), (0, [200, 200, 429, 429])])
def test_forwarded_addresses_are_different_clients_only_behind_trusted_proxies(make_app, trusted, expected):
    app = make_app(RATELIMIT_ENABLED=True, LOGIN_RATE_LIMIT="2 per minute", TRUSTED_PROXIES=trusted)
    with app.app_context():
        client = app.test_client()
        codes = [login_attempt(client, f"person{n}@example.org", forwarded_for=f"198.51.100.{n}") for n in range(4)]
    assert codes == expected


def test_behind_a_trusted_proxy_the_forwarded_scheme_and_address_are_used(make_app):
    app = make_app(TRUSTED_PROXIES=1)
    seen = {}

    @app.get("/test-seen")
    def remember():
        from flask import request

        seen.update(address=request.remote_addr, secure=request.is_secure)
        return "ok"

    app.test_client().get("/test-seen", headers={"X-Forwarded-For": "203.0.113.7", "X-Forwarded-Proto": "https"})
    assert seen == {"address": "203.0.113.7", "secure": True}


# --- the site's address ----------------------------------------------------------------------------
def test_links_in_mail_follow_site_url_whatever_host_the_request_came_with(make_app, mailbox):
    app = make_app(SITE_URL=SITE + "/")
    with app.app_context():
        email = factories.make_user().email
        db.session.commit()
        client, behind_proxy = app.test_client(), "http://127.0.0.1:8000"  # what nginx's proxy_pass may send
        token = CSRF_INPUT.search(client.get("/auth/reset", base_url=behind_proxy).text).group(1)
        client.post("/auth/reset", data={"email": email, "csrf_token": token}, base_url=behind_proxy)
    links = Mailbox.links_in(mailbox.last_to(email))
    assert links and all(link.startswith(SITE + "/") for link in links), links


def test_a_commands_mail_links_start_with_site_url_and_carry_the_sites_identity(make_app, mailbox):
    app = make_app(SITE_URL=SITE, SERVER_NAME=None)
    with app.app_context():
        member = factories.make_user()
        email = member.email
        make_notification(member, "reply", title="Wątek o mieszkaniach")
        commit()
    result = app.test_cli_runner().invoke(args=["send-digests"])
    assert result.exit_code == 0, result.output
    message = mailbox.last_to(email)
    assert all(link.startswith(SITE + "/") for link in Mailbox.links_in(message))
    assert message["List-Unsubscribe"].strip().startswith(f"<{SITE}/account/unsubscribe/")
    assert message["Message-ID"].strip().endswith("@forum.example.org>")
    assert re.search(r"[+-]0[12]00$", message["Date"].strip()), message["Date"]  # Warsaw: +0100 or +0200


def test_feed_ids_follow_site_url_not_the_host_header(make_app):
    app = make_app(SITE_URL=SITE)
    with app.app_context():
        slug = make_category().slug
        db.session.commit()
        feed = app.test_client().get(f"/forums/{slug}/feed.atom", base_url="http://127.0.0.1:8000").text
    assert f"<id>{SITE}/forums/{slug}" in feed and "127.0.0.1" not in feed.split("rel=\"self\"")[0]


@pytest.mark.parametrize("site_url", ["forum.example.org", "ftp://forum.example.org", "https://forum.example.org/?a=1"])
def test_a_site_url_that_is_not_an_address_stops_the_start(tmp_path, mail_server, site_url):
    with pytest.raises(ValueError, match="SITE_URL"):
        create_app(make_test_config(tmp_path, mail_server, SITE_URL=site_url))


def test_production_refuses_to_start_without_site_url(tmp_path, mail_server):
    config = make_test_config(tmp_path, mail_server, TESTING=False, FORUM_ENV="production", SECRET_KEY="k" * 40)
    with pytest.raises(RuntimeError, match="SITE_URL"):
        create_app(config)


# --- abuse limits ------------------------------------------------------------------------------------
def test_too_many_threads_get_the_limit_page_with_the_text_kept(make_app):
    app = make_app(RATELIMIT_ENABLED=True, THREAD_RATE_LIMIT="2 per minute")
    with app.app_context():
        slug = make_category().slug
        author = factories.make_user()
        db.session.commit()
        client = app.test_client()
        client.login(author)
        answers = [client.post_form(f"/forums/{slug}/new?lang=en",
                                    {"title": f"Nabór numer {n}", "body": f"Treść ogłoszenia numer {n} do wysłania."})
                   for n in range(3)]
    assert [answer.status_code for answer in answers] == [302, 302, 429]
    page = answers[-1].text
    assert "Too many attempts" in page
    assert "Treść ogłoszenia numer 2 do wysłania." in page  # what they typed, to copy or send again
    assert f'action="/forums/{slug}/new?lang=en"' in page and 'name="csrf_token"' in page


def test_a_refused_form_does_not_count_against_the_member(make_app):
    app = make_app(RATELIMIT_ENABLED=True, THREAD_RATE_LIMIT="1 per minute")
    with app.app_context():
        category = make_category()
        author = factories.make_user()
        db.session.commit()
        client = app.test_client()
        client.login(author)
        refused = client.post_form(f"/forums/{category.slug}/new", {"title": "", "body": ""})
        accepted = client.post_form(f"/forums/{category.slug}/new", {"title": "Pierwszy wątek", "body": "Treść wątku."})
    assert (refused.status_code, accepted.status_code) == (400, 302)


# --- logs ----------------------------------------------------------------------------------------------
def test_an_unexpected_error_is_logged_with_its_traceback_and_request(tmp_path, mail_server, caplog):
    app = create_app(make_test_config(tmp_path, mail_server, TESTING=False))

    @app.get("/boom")
    def boom():
        raise RuntimeError("the search reader broke")

    with caplog.at_level(logging.ERROR, logger="app"):
        response = app.test_client().get("/boom")
    assert response.status_code == 500
    errors = [record for record in caplog.records if record.name == "app.errors"]
    assert len(errors) == 1
    record = errors[0]
    assert record.exc_info[0] is RuntimeError and "the search reader broke" in caplog.text
    assert "Traceback" in caplog.text
    assert record.request_id == response.headers["X-Request-ID"] and record.path == "/boom"


def test_every_request_has_an_id_and_one_log_line(client, caplog):
    with caplog.at_level(logging.INFO, logger="app.access"):
        response = client.get("/orgs/?lang=en")
    assert re.fullmatch(r"[0-9a-f]{32}", response.headers["X-Request-ID"])
    lines = [record for record in caplog.records if record.name == "app.access"]
    assert len(lines) == 1 and "GET /orgs/?lang=en 200" in lines[0].getMessage()


def test_a_trusted_proxys_request_id_is_kept(make_app):
    app = make_app(TRUSTED_PROXIES=1)
    response = app.test_client().get("/healthz", headers={"X-Request-ID": "nginx-4f1c2a9b"})
    assert response.headers["X-Request-ID"] == "nginx-4f1c2a9b"
    untrusted = make_app().test_client().get("/healthz", headers={"X-Request-ID": "nginx-4f1c2a9b"})
    assert untrusted.headers["X-Request-ID"] != "nginx-4f1c2a9b"


def test_json_log_lines(make_app, capfd):
    import json

    app = make_app(LOG_FORMAT="json")
    app.test_client().get("/healthz")
    lines = [json.loads(line) for line in capfd.readouterr().err.splitlines() if line.startswith("{")]
    access = [line for line in lines if line["logger"] == "app.access"]
    assert access and access[-1]["path"] == "/healthz" and access[-1]["status"] == 200


# --- demo accounts ---------------------------------------------------------------------------------------
def test_a_demo_account_cannot_log_in_in_production(make_app, monkeypatch):
    app = make_app()
    with app.app_context():
        demo = factories.make_user(email="member@demo.forum.test")
        db.session.commit()
        from app.auth import services

        assert services.authenticate(demo.email, factories.PASSWORD) is not None
        monkeypatch.setitem(app.config, "FORUM_ENV", "production")
        monkeypatch.setitem(app.config, "TESTING", False)
        assert services.authenticate(demo.email, factories.PASSWORD) is None
