"""flask --app app send-digests: the daily e-mail digest (run once a day by cron or a timer)."""
import sys

import click

from app.jobs import SITE, runs_once
from app.notifications import delivery


@click.command("send-digests")
@runs_once("send-digests", SITE)
def send_digests():
    """Send today's digest to everyone who has one waiting, and retry failed e-mails.

    Safe to run more than once a day: nobody gets a second digest the same day. Exits with
    status 1 when some e-mail could not be sent (it is retried by the next run).
    """
    with delivery.url_context():
        counts = delivery.send_digests(echo=click.echo)
        retried, retry_failed = delivery.retry_failed(echo=click.echo)
    summary = (f"Digests: {counts['sent']} sent, {counts['failed']} failed, "
               f"{counts['skipped']} already sent today; immediate e-mails retried: "
               f"{retried} sent, {retry_failed} failed.")
    click.echo(summary)  # the job's start and end are logged by runs_once
    if counts["failed"] or retry_failed:
        sys.exit(1)


COMMANDS = [send_digests]
