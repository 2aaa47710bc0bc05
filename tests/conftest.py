"""Fixtures: an app on a temporary database, a real SMTP server, a test client, personas."""
import contextvars
import os
import re

import pytest
from flask import has_app_context
from flask.testing import FlaskClient

from app import create_app
from app.extensions import db
from tests import factories
from tests.mailserver import MailServer

CSRF_INPUT = re.compile(r'name="csrf_token"[^>]*value="([^"]+)"')


def database_url(tmp_path) -> str:
    """TEST_DATABASE_URL (the PostgreSQL run of make test) or a SQLite file in tmp_path."""
    return os.environ.get("TEST_DATABASE_URL") or f"sqlite:///{tmp_path / 'test.sqlite3'}"


def make_test_config(tmp_path, mail_server, **overrides) -> dict:
    config = {
        "TESTING": True,
        "SECRET_KEY": "test-secret-key",
        "SQLALCHEMY_DATABASE_URI": database_url(tmp_path),
        "SERVER_NAME": "forum.test",
        "MAIL_SERVER": "127.0.0.1",
        "MAIL_PORT": mail_server.port,
        "SEARCH_INDEX_DIR": str(tmp_path / "search-index"),
        "PAGE_CACHE_GENERATION_FILE": str(tmp_path / "page-cache-generation"),  # not shared with other runs
        "RATELIMIT_ENABLED": False,
        "PASSWORD_HASH_METHOD": "pbkdf2:sha256:1000",  # scrypt is slow on purpose; tests need not be
    }
    config.update(overrides)
    return config


def reset_database() -> None:
    """A fresh schema and an empty search index (as init-db leaves a new installation)."""
    from app.search import sync

    db.session.remove()
    db.drop_all()
    db.create_all()
    sync.ensure_index()


def dispose_database() -> None:
    db.session.remove()
    if db.engine.dialect.name == "postgresql":
        db.drop_all()
    db.engine.dispose()


def without_csrf(html: str) -> str:
    """A page's HTML without its forms' CSRF tokens (signed anew each second), to compare two renderings."""
    return re.sub(r'name="csrf_token" value="[^"]*"', "", html)


def clear_page_cache() -> None:
    from flask import current_app

    from app.extensions import cache

    if "cache" in current_app.extensions:
        cache.clear()


class FormClient(FlaskClient):
    """A test client that commits the test's data first and sends forms with their CSRF token.

    Each request runs in a fresh context, as a real one would: it gets its own application
    context, g and database session, instead of reusing the test's.
    """

    _csrf_token = None

    def open(self, *args, **kwargs):
        if has_app_context():
            db.session.commit()
        response = contextvars.Context().run(super().open, *args, **kwargs)
        if has_app_context():
            db.session.expire_all()
        return response

    def csrf_token(self) -> str:
        if self._csrf_token is None:
            page = self.get("/auth/login").get_data(as_text=True)
            self._csrf_token = CSRF_INPUT.search(page).group(1)
        return self._csrf_token

    def post_form(self, url, data=None, **kwargs):
        data = dict(data or {})
        data.setdefault("csrf_token", self.csrf_token())
        return self.post(url, data=data, **kwargs)

    def login(self, user, password=factories.PASSWORD):
        self._csrf_token = None
        response = self.post_form("/auth/login", {"email": user.email, "password": password})
        assert response.status_code == 302, "login failed"
        self._csrf_token = None  # a new session after login
        return response


@pytest.fixture
def redis_url():
    """TEST_REDIS_URL of the throwaway redis-server make test starts (scripts/with-redis.sh), emptied."""
    url = os.environ.get("TEST_REDIS_URL")
    if not url:
        if os.environ.get("CI"):
            pytest.fail("CI requires the Redis tests: run them through scripts/with-redis.sh (make test does).")
        pytest.skip("no Redis: run through scripts/with-redis.sh (make test does)")
    import redis

    client = redis.Redis.from_url(url)
    client.flushdb()
    client.close()
    return url


@pytest.fixture(scope="session")
def mail_server():
    server = MailServer().start()
    yield server
    server.stop()


@pytest.fixture
def mailbox(mail_server):
    mail_server.mailbox.clear()
    return mail_server.mailbox


@pytest.fixture
def make_app(tmp_path, mail_server):
    """make_app(**config) → an app on a fresh database (for tests that need special settings)."""
    apps = []

    def build(**overrides):
        (tmp_path / f"app{len(apps)}").mkdir(exist_ok=True)
        application = create_app(make_test_config(tmp_path / f"app{len(apps)}", mail_server, **overrides))
        application.test_client_class = FormClient
        with application.app_context():
            reset_database()
        apps.append(application)
        return application

    yield build
    for application in apps:
        with application.app_context():
            dispose_database()


@pytest.fixture
def app(make_app, mailbox):
    application = make_app()
    with application.app_context():
        yield application


@pytest.fixture
def client(app):
    return app.test_client()


@pytest.fixture
def cli_app(tmp_path, mail_server):
    """An app on an empty database (no tables, no index): a new installation, for commands."""
    application = create_app(make_test_config(tmp_path, mail_server))
    application.test_client_class = FormClient
    with application.app_context():
        db.drop_all()
        db.session.execute(db.text("DROP TABLE IF EXISTS alembic_version"))
        db.session.commit()
    yield application
    with application.app_context():
        if db.engine.dialect.name == "postgresql":  # before dispose: no connection may be left open
            db.session.execute(db.text("DROP TABLE IF EXISTS alembic_version"))
            db.session.commit()
        dispose_database()


# --- personas ------------------------------------------------------------------------
@pytest.fixture
def member(app):
    return factories.make_user(display_name="Maria Członkini")


@pytest.fixture
def outsider(app):
    return factories.make_user(display_name="Olek Zewnętrzny")


@pytest.fixture
def unconfirmed(app):
    return factories.make_user(display_name="Nowy Niepotwierdzony", confirmed_at=None)


@pytest.fixture
def moderator(app):
    return factories.make_user(display_name="Monika Moderatorka", role="moderator")


@pytest.fixture
def admin(app):
    return factories.make_user(display_name="Adam Admin", role="admin")


@pytest.fixture
def anonymous(app):
    from app.permissions import AnonymousUser

    return AnonymousUser()


@pytest.fixture
def count_queries(app):
    """with count_queries() as counter: ...  → counter.count SQL statements run meanwhile."""
    from contextlib import contextmanager

    from sqlalchemy import event

    class Counter:
        count = 0
        statements: list

    @contextmanager
    def counting():
        # The test's unsaved data is committed first: that commit (and the search indexing it
        # triggers) is the setup's work, not the measured request's.
        db.session.commit()
        clear_page_cache()  # the page must be rendered, not served as kept for anonymous visitors
        counter = Counter()
        counter.statements = []

        def before_cursor_execute(conn, cursor, statement, *args):
            counter.count += 1
            counter.statements.append(statement)

        event.listen(db.engine, "before_cursor_execute", before_cursor_execute)
        try:
            yield counter
        finally:
            event.remove(db.engine, "before_cursor_execute", before_cursor_execute)

    return counting
