"""Command-line commands: flask --app app <command>."""
import sys

import click
from flask import current_app
from flask.cli import with_appcontext
from flask_migrate import upgrade
from sqlalchemy import inspect

from app.config import is_production
from app.db import commit
from app.extensions import db


def register_commands(app) -> None:
    from app import DOMAINS, _domain_module

    from app.doctor import doctor

    commands = [init_db, seed_demo, create_admin, doctor]
    for domain in DOMAINS:  # parts add commands of their own in app/<domain>/commands.py
        module = _domain_module(domain, "commands")
        if module is not None:
            commands += module.COMMANDS
    for command in commands:
        if not getattr(command.callback, "_runs_in_app_context", False):
            command.callback = with_appcontext(command.callback)
            command.callback._runs_in_app_context = True
        app.cli.add_command(command)


@click.command("init-db")
def init_db():
    """Create the database or upgrade it to the newest schema."""
    upgrade()
    click.echo("Database is up to date.")
    from app.search.sync import prepare_index

    if prepare_index():
        click.echo("Search index created.")


def database_is_empty() -> bool:
    from app.auth.models import User

    if not inspect(db.engine).has_table(User.__tablename__):
        return True
    return db.session.execute(db.select(User.id).limit(1)).first() is None


@click.command("seed-demo")
@click.option("--seed", default=2023, show_default=True, help="Random seed: the same seed gives the same data.")
def seed_demo(seed):
    """Fill an empty database with the demo network and print the demo logins."""
    import random

    from app.demo import DEMO_ACCOUNTS, DEMO_PASSWORD, DemoContext, demo_parts

    if is_production(current_app.config):
        click.echo("seed-demo refuses to run in production (FORUM_ENV=production): it creates "
                   "accounts with a known password.", err=True)
        sys.exit(1)
    if not inspect(db.engine).has_table("users"):
        click.echo("The database has no tables yet. Run: flask --app app init-db", err=True)
        sys.exit(1)
    if not database_is_empty():
        click.echo("The database already has data; demo data not added (your data is kept).")
    else:
        # The demo accounts' addresses are made up: the notifications the demo causes stay in-app.
        current_app.config["MAIL_SUPPRESS_SEND"] = True
        ctx = DemoContext(random=random.Random(seed))
        parts = demo_parts()
        summaries = []
        for number, (name, seed_part) in enumerate(parts, start=1):
            click.echo(f"[{number}/{len(parts)}] {name}…", nl=False)
            summary = seed_part(ctx)
            db.session.flush()
            click.echo(f" {summary}")
            summaries.append(summary)
        commit()
        click.echo("Demo network created: " + "; ".join(summaries) + ".")
    click.echo(f"\nDemo logins (password for all: {DEMO_PASSWORD}):")
    for email, _name, _role, purpose in DEMO_ACCOUNTS:
        click.echo(f"  {email:30} {purpose}")


@click.command("create-admin")
@click.argument("email")
@click.option("--name", default="Administrator", help="Display name of the account.")
@click.password_option(help="Password (asked for when not given).")
def create_admin(email, name, password):
    """Make EMAIL an admin, creating the account if needed."""
    from app.auth import services
    from app.auth.forms import MIN_PASSWORD_LENGTH

    user = services.get_user_by_email(email)
    if user is None:
        if len(password) < MIN_PASSWORD_LENGTH:
            click.echo(f"The password must have at least {MIN_PASSWORD_LENGTH} characters.", err=True)
            sys.exit(1)
        user = services.create_user(email, name, password, role="admin", confirmed=True)
        message = f"Admin account {user.email} created."
    else:
        services.set_role(user, "admin")
        message = f"{user.email} is now an admin."
    commit()
    click.echo(message)
