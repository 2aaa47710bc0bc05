"""flask --app app doctor: check a configuration as an operator would, and say what to do.

Each check returns a Finding: "ok", a "warning" (works, but not as it should in production)
or a "problem" (something will fail). The command prints one line per check, the remedy
under each warning and problem, and exits 1 when there is a problem.
"""
import smtplib
import ssl
import sys
from dataclasses import dataclass

import click
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from flask import current_app
from sqlalchemy import text

from app.auth.models import User
from app.auth.services import DEMO_EMAIL_DOMAIN
from app.config import DEV_SECRET_KEY, is_production
from app.extensions import db
from app.search import sync
from app.shared_state import describe_problem

MIN_SECRET_LENGTH = 32
MAIL_TIMEOUT_SECONDS = 10


@dataclass
class Finding:
    level: str  # "ok", "warning" or "problem"
    what: str
    remedy: str = ""


def ok(what: str) -> Finding:
    return Finding("ok", what)


def warning(what: str, remedy: str) -> Finding:
    return Finding("warning", what, remedy)


def problem(what: str, remedy: str) -> Finding:
    return Finding("problem", what, remedy)


def production() -> bool:
    return is_production(current_app.config)


# --- the checks ---------------------------------------------------------------------------------
def check_secret_key() -> Finding:
    key = current_app.config.get("SECRET_KEY") or ""
    remedy = ("Set SECRET_KEY to a long random value and keep it stable: "
              "python3 -c 'import secrets; print(secrets.token_hex(32))'")
    if key == DEV_SECRET_KEY:
        return (problem if production() else warning)("SECRET_KEY is the development key.", remedy)
    if len(key) < MIN_SECRET_LENGTH:
        return problem(f"SECRET_KEY has only {len(key)} characters.", remedy)
    return ok("SECRET_KEY is set.")


def check_site_url() -> Finding:
    site_url = current_app.config.get("SITE_URL")
    if not site_url:
        return (problem if production() else warning)(
            "SITE_URL is not set: links in e-mails sent by commands point at localhost.",
            "Set SITE_URL to the public address, e.g. export SITE_URL=https://forum.example.org")
    if production() and not site_url.startswith("https://"):
        return warning(f"SITE_URL {site_url} is not https: session cookies are sent only over HTTPS.",
                       "Serve the site over TLS (see docs/deploy.md) and set SITE_URL=https://…")
    return ok(f"SITE_URL is {site_url}.")


def check_proxies() -> Finding:
    hops = int(current_app.config.get("TRUSTED_PROXIES") or 0)
    if hops == 0 and production():
        return warning("TRUSTED_PROXIES is 0: behind nginx every visitor would share the proxy's address "
                       "(one rate-limit counter for everyone, the proxy's address in the logs).",
                       "Behind one proxy (nginx) set TRUSTED_PROXIES=1; leave 0 only when clients connect directly.")
    return ok(f"TRUSTED_PROXIES is {hops}: the X-Forwarded-* headers of {hops} proxy hop(s) are believed.")


def check_database() -> list[Finding]:
    try:
        with db.engine.connect() as connection:
            connection.execute(text("SELECT 1"))
            current = MigrationContext.configure(connection).get_current_revision()
    except Exception as error:
        return [problem(f"The database does not answer: {type(error).__name__}: {error}",
                        "Check DATABASE_URL and that the database server runs and accepts this user.")]
    head = ScriptDirectory.from_config(current_app.extensions["migrate"].migrate.get_config()).get_current_head()
    found = [ok(f"The database answers ({db.engine.dialect.name}).")]
    if db.engine.dialect.name == "sqlite" and production():
        found.append(warning("The database is SQLite: one machine only, and no shared search later.",
                             "Use PostgreSQL in production: DATABASE_URL=postgresql+psycopg://…"))
    if current != head:
        found.append(problem(f"The database is at migration {current or 'none'}, the code expects {head}.",
                             "Run: flask --app app init-db"))
    else:
        found.append(ok("The database schema is up to date."))
    return found


def check_redis() -> Finding:
    if not current_app.config.get("REDIS_URL"):
        if production():
            return warning("REDIS_URL is not set: rate limits and the page cache's generation are per process.",
                           "With several workers or machines set REDIS_URL=redis://… (see docs/deploy.md).")
        return ok("REDIS_URL is not set (fine for one process on one machine).")
    trouble = describe_problem()
    if trouble:
        return problem(f"Redis does not answer at REDIS_URL: {trouble}",
                       "Start Redis or correct REDIS_URL; until then limits are not enforced.")
    return ok("Redis answers; rate limits and the page cache's generation are shared.")


def check_mail() -> Finding:
    config = current_app.config
    if not config.get("MAIL_SERVER"):
        if not production():
            return ok("MAIL_SERVER is not set: e-mails are written to instance/mail/ (development).")
        return problem("MAIL_SERVER is not set: e-mails are only written to instance/mail/.",
                       "Set MAIL_SERVER, MAIL_PORT and, if needed, MAIL_USERNAME, MAIL_PASSWORD, MAIL_USE_TLS.")
    where = f"{config['MAIL_SERVER']}:{config['MAIL_PORT']}"
    try:
        _greet_mail_server(config)
    except (OSError, smtplib.SMTPException) as error:
        return problem(f"The mail server {where} does not answer: {type(error).__name__}: {error}",
                       "Check MAIL_SERVER, MAIL_PORT, MAIL_USE_TLS/MAIL_USE_SSL and the credentials.")
    return ok(f"The mail server {where} answers" + (" and accepts the login." if config.get("MAIL_USERNAME") else "."))


def _greet_mail_server(config) -> None:
    """Connect, say EHLO, start TLS and log in as sending would, then leave without sending."""
    if config.get("MAIL_USE_SSL"):
        server = smtplib.SMTP_SSL(config["MAIL_SERVER"], config["MAIL_PORT"], timeout=MAIL_TIMEOUT_SECONDS,
                                  context=ssl.create_default_context())
    else:
        server = smtplib.SMTP(config["MAIL_SERVER"], config["MAIL_PORT"], timeout=MAIL_TIMEOUT_SECONDS)
    with server:
        server.ehlo()
        if config.get("MAIL_USE_TLS"):
            server.starttls(context=ssl.create_default_context())
            server.ehlo()
        if config.get("MAIL_USERNAME"):
            server.login(config["MAIL_USERNAME"], config.get("MAIL_PASSWORD") or "")


def check_search_index() -> Finding:
    found = sync.differences()
    if found is None:
        return problem("The search index is missing.", "Run: flask --app app search-reindex")
    total = sum(len(keys) for keys in found.values())
    if total:
        return problem(f"The search index and the database differ in {total:,} documents.",
                       "Run: flask --app app search-reindex")
    return ok("The search index agrees with the database.")


def check_demo_accounts() -> Finding:
    count = db.session.execute(
        db.select(db.func.count(User.id)).where(User.email.like(f"%{DEMO_EMAIL_DOMAIN}"))).scalar()
    if count and production():
        return problem(f"{count} demo accounts (@{DEMO_EMAIL_DOMAIN}) are in the database "
                       "(they cannot log in in production).",
                       "Start from a database without the demo network: never run seed-demo in production.")
    return ok("No demo accounts." if not count else f"{count} demo accounts (development).")


def run_checks(echo=click.echo) -> list[Finding]:
    """Every check, each printed as it finishes (the database and mail ones take a moment)."""
    checks = [check_secret_key, check_site_url, check_proxies, check_database, check_redis, check_mail,
              check_search_index, check_demo_accounts]
    findings = []
    for check in checks:
        try:
            result = check()
        except Exception as error:  # a check that breaks is itself a finding, and the others still run
            result = problem(f"{check.__name__} could not run: {type(error).__name__}: {error}",
                             "Fix the problems above first (often the database), then run doctor again.")
        for finding in result if isinstance(result, list) else [result]:
            echo(_format(finding))
            findings.append(finding)
    return findings


def _format(finding: Finding) -> str:
    label = {"ok": "ok     ", "warning": "WARNING", "problem": "PROBLEM"}[finding.level]
    line = f"{label} {finding.what}"
    return line + (f"\n        → {finding.remedy}" if finding.remedy else "")


@click.command("doctor")
def doctor():
    """Check the configuration, database, Redis, mail server and search index; say what to fix."""
    environment = current_app.config.get("FORUM_ENV")
    click.echo(f"Checking the {environment} configuration …")
    findings = run_checks()
    problems = sum(f.level == "problem" for f in findings)
    warnings = sum(f.level == "warning" for f in findings)
    click.echo(f"{len(findings)} checks: {problems} problem(s), {warnings} warning(s).")
    if problems:
        sys.exit(1)
