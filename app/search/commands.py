"""flask --app app search-reindex / search-check."""
import sys
import time

import click
from flask.cli import with_appcontext

from app.jobs import MACHINE, SITE, runs_once
from app.search import backends, sync

SHOWN_DIFFERENCES = 20


def _progress():
    """One progress line, rewritten in place: the rows gone through of each kind so far (the
    worker processes of a rebuild go through the kinds side by side)."""
    rows = {}

    def report(kind, done):
        rows[kind.name] = done
        click.echo("\r  " + ", ".join(f"{name}: {count:,}" for name, count in rows.items()) + " rows", nl=False)

    def finish():
        if rows:
            click.echo()

    return report, finish


@click.command("search-reindex")
@with_appcontext
def search_reindex():
    """Rebuild the search index from the database (searches keep working meanwhile)."""
    report, finish = _progress()
    started = time.perf_counter()
    click.echo(f"Rebuilding {backends.current().describe()} …")
    try:
        count = sync.rebuild(progress=report)
    except backends.RebuildRunning:
        finish()
        click.echo("Another process is rebuilding the search index; try again when it has finished.", err=True)
        sys.exit(1)
    finish()
    seconds = time.perf_counter() - started
    click.echo(f"Search index rebuilt: {count:,} documents in {seconds:.1f} s ({count / max(seconds, 1e-6):,.0f} documents/s).")


def _check_scope() -> str:
    """Each machine checks its own Whoosh index; the shared table is checked once for the site."""
    return SITE if backends.current().NAME == "postgres" else MACHINE


@click.command("search-check")
@with_appcontext
@runs_once("search-check", _check_scope)
def search_check():
    """List the differences between the search index and the database; exit 1 if there are any."""
    report, finish = _progress()
    click.echo("Comparing the search index with the database …")
    found = sync.differences(progress=report)
    finish()
    if found is None:
        click.echo("The search index is missing. Rebuild it: flask --app app search-reindex", err=True)
        sys.exit(1)
    for name, meaning in (("missing", "in the database, not in the index"), ("extra", "in the index only"),
                          ("stale", "changed since it was indexed")):
        keys = found[name]
        if keys:
            click.echo(f"{len(keys):,} {meaning}: " + ", ".join(keys[:SHOWN_DIFFERENCES])
                       + (" …" if len(keys) > SHOWN_DIFFERENCES else ""))
    queued = backends.current().pending_changes()
    total = sum(len(keys) for keys in found.values())
    if queued:
        click.echo(f"{queued:,} committed changes are still queued for the index.")
    if total:
        click.echo(f"{total:,} differences ({len(found['missing'])} missing, {len(found['extra'])} extra, "
                   f"{len(found['stale'])} stale). Fix them: flask --app app search-reindex")
        sys.exit(1)
    click.echo("The search index and the database agree.")


COMMANDS = [search_reindex, search_check]
