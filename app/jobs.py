"""Periodic commands that run once, however many machines' timers start them.

cron or a systemd timer on every application machine starts the same commands at the same
time. A job of the whole site (send-digests) takes a lock in the shared database — a
PostgreSQL advisory lock, held by its own connection for as long as the job runs, released
by PostgreSQL itself if the process dies — so one machine does the work and the others
say so and stop. On SQLite (one machine) the lock is a file next to the database.
A job of one machine (search-check while each machine keeps its own Whoosh index) locks in
that machine's instance folder, so two starts on one machine do not overlap.

A lock stops two runs at the same moment; a job still has to be idempotent for runs one
after the other (send-digests records each day's digest, so a second run sends nothing).
"""
import fcntl
import functools
import hashlib
import logging
import os
import sys
import time
from contextlib import contextmanager

import click
from flask import current_app
from sqlalchemy import text

from app.extensions import db

log = logging.getLogger(__name__)

SITE = "site"  # one run for all machines
MACHINE = "machine"  # one run per machine


def _advisory_key(name: str) -> int:
    """A stable signed 64-bit number for the job's name (PostgreSQL's advisory lock key)."""
    digest = hashlib.sha256(f"forum-job:{name}".encode()).digest()
    return int.from_bytes(digest[:8], "big", signed=True)


@contextmanager
def _advisory_lock(name: str):
    with db.engine.connect() as connection:
        key = _advisory_key(name)
        got = connection.execute(text("SELECT pg_try_advisory_lock(:key)"), {"key": key}).scalar()
        connection.commit()  # the lock is the session's; no transaction stays open while the job runs
        try:
            yield bool(got)
        finally:
            if got:
                connection.execute(text("SELECT pg_advisory_unlock(:key)"), {"key": key})
                connection.commit()


def _lock_folder(scope: str) -> str:
    """Where a file lock lives: beside the SQLite database (every app on it), or the instance folder."""
    database = db.engine.url.database if db.engine.dialect.name == "sqlite" else None
    if scope == SITE and database and database != ":memory:":
        return os.path.dirname(os.path.abspath(database))
    return current_app.instance_path


@contextmanager
def _file_lock(name: str, scope: str):
    path = os.path.join(_lock_folder(scope), f".job-{name}.lock")
    with open(path, "a") as handle:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            yield False
            return
        try:
            yield True
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


@contextmanager
def job_lock(name: str, scope: str = SITE):
    """Yields True when this process holds the job's lock, False when another run holds it."""
    if scope == SITE and db.engine.dialect.name == "postgresql":
        with _advisory_lock(name) as got:
            yield got
    else:
        with _file_lock(name, scope) as got:
            yield got


def runs_once(name: str, scope=SITE):
    """Decorate a click command: it runs only while holding its lock, and logs what it did.
    scope is SITE, MACHINE, or a function returning one when the command runs (in the app)."""

    def decorate(command):
        @functools.wraps(command)
        def run(*args, **kwargs):
            where_to_run = scope() if callable(scope) else scope
            with job_lock(name, where_to_run) as got:
                if not got:
                    where = "another machine or process" if where_to_run == SITE else "another process on this machine"
                    click.echo(f"{name}: already running on {where}; nothing done here.")
                    log.info("job %s skipped: already running on %s", name, where)
                    return
                _run_logged(name, command, args, kwargs)

        return run

    return decorate


def _run_logged(name, command, args, kwargs) -> None:
    started = time.perf_counter()
    log.info("job %s started", name)
    status = 0
    try:
        command(*args, **kwargs)
    except SystemExit as stop:
        status = stop.code if isinstance(stop.code, int) else 1
        raise
    except Exception:
        status = 1
        log.exception("job %s failed", name)
        raise
    finally:
        log.info("job %s finished in %.1f s with exit status %s", name, time.perf_counter() - started, status)
    sys.stdout.flush()
