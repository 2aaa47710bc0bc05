"""flask --app app send-reminders: reminders before events (run every 10 minutes by cron or a timer)."""
import logging

import click

from app.events import reminders
from app.jobs import SITE, runs_once
from app.notifications import delivery

log = logging.getLogger(__name__)


@click.command("send-reminders")
@runs_once("send-reminders", SITE)
def send_reminders():
    """Remind registrants of the events that start soon; safe to run as often as wanted."""
    with delivery.url_context():
        sent = reminders.send_reminders()
    delivery.wait_for_background_sends(timeout=600)  # the e-mails leave before the command ends
    summary = f"Reminders: {sent} sent."
    click.echo(summary)
    log.info(summary)


COMMANDS = [send_reminders]
