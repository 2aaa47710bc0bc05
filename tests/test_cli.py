"""The command line: init-db, seed-demo, create-admin."""
from types import SimpleNamespace

from sqlalchemy import inspect

from app import create_app
from app.auth.models import User
from app.extensions import db
from tests.conftest import make_test_config


def test_init_db_creates_the_schema_through_migrations(cli_app):
    result = cli_app.test_cli_runner().invoke(args=["init-db"])
    assert result.exit_code == 0, result.output
    with cli_app.app_context():
        tables = set(inspect(db.engine).get_table_names())
    assert {"users", "alembic_version"} <= tables


def test_seed_demo_creates_the_demo_accounts_once_and_keeps_data(cli_app):
    runner = cli_app.test_cli_runner()
    runner.invoke(args=["init-db"])
    first = runner.invoke(args=["seed-demo"])
    assert first.exit_code == 0, first.output
    assert "admin@demo.forum.test" in first.output and "demo-password" in first.output
    with cli_app.app_context():
        count = db.session.execute(db.select(db.func.count(User.id))).scalar()
        member = db.session.execute(db.select(User).where(User.email == "member@demo.forum.test")).scalar_one()
        assert member.is_confirmed and member.check_password("demo-password")
    second = runner.invoke(args=["seed-demo"])
    assert second.exit_code == 0 and "already" in second.output
    with cli_app.app_context():
        assert db.session.execute(db.select(db.func.count(User.id))).scalar() == count
    # The demo addresses are on .test, a special-use domain: signing in must still work.
    for who in ("admin", "moderator", "orgadmin", "member", "outsider"):
        client = cli_app.test_client()
        client.login(SimpleNamespace(email=f"{who}@demo.forum.test"), password="demo-password")
        assert client.get("/account/").status_code == 200


def test_seed_demo_refuses_production(tmp_path, mail_server):
    app = create_app(make_test_config(tmp_path, mail_server, TESTING=False, FORUM_ENV="production",
                                      SECRET_KEY="a-real-production-secret-key-0123456789",
                                      SITE_URL="https://forum.example.org"))
    result = app.test_cli_runner().invoke(args=["seed-demo"])
    assert result.exit_code == 1 and "production" in result.output


def test_create_admin_creates_or_promotes(cli_app):
    runner = cli_app.test_cli_runner()
    runner.invoke(args=["init-db"])
    result = runner.invoke(args=["create-admin", "boss@example.org", "--password", "a long admin password"])
    assert result.exit_code == 0, result.output
    with cli_app.app_context():
        boss = db.session.execute(db.select(User).where(User.email == "boss@example.org")).scalar_one()
        assert boss.is_admin and boss.is_confirmed
    short = runner.invoke(args=["create-admin", "x@example.org", "--password", "short"])
    assert short.exit_code == 1 and "10" in short.output
