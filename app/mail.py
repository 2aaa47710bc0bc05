"""The one way e-mail leaves the application.

With MAIL_SERVER configured, messages go through SMTP. Without it (a laptop, a demo) each
message is written to the log and as an .eml file to instance/mail/ so it can be read.
Sending never breaks the page that triggered it: failures are logged.
"""
import logging
import os
import uuid
from datetime import datetime, timezone
from email.utils import format_datetime, make_msgid
from zoneinfo import ZoneInfo

from flask import current_app, render_template
from flask_babel import force_locale
from flask_mailman import EmailMultiAlternatives

from app import site

log = logging.getLogger(__name__)


def render_email(template: str, lang: str, **context) -> tuple[str, str, str]:
    """(subject, plain text, HTML) of templates/<template>.txt and .html, rendered in lang.

    The first line of the .txt template is the subject.
    """
    with force_locale(lang or current_app.config["BABEL_DEFAULT_LOCALE"]):
        text = render_template(f"{template}.txt", **context)
        html = render_template(f"{template}.html", **context)
    subject, _, body = text.partition("\n")
    return subject.strip(), body.strip() + "\n", html


def send_email(to: str, template: str, lang: str, headers: dict | None = None,
               attachments: list[tuple[str, bytes | str, str]] | None = None, **context) -> bool:
    """Render and send one multipart message; returns False (and logs) when sending failed.

    attachments: (filename, content, mimetype) of each file sent with it, e.g. an .ics invitation.
    """
    if current_app.config.get("MAIL_SUPPRESS_SEND"):
        log.info("mail suppressed (MAIL_SUPPRESS_SEND): %r to %s", template, to)
        return True
    subject, text, html = render_email(template, lang, **context)
    message = EmailMultiAlternatives(
        subject=subject, body=text, to=[to], headers={**identity_headers(), **(headers or {})},
        from_email=current_app.config["MAIL_DEFAULT_SENDER"],
    )
    message.attach_alternative(html, "text/html")
    for filename, content, mimetype in attachments or ():
        message.attach(filename, content, mimetype)
    try:
        if current_app.config["MAIL_BACKEND"] == "file":
            _write_to_folder(message)
        else:
            message.send()
    except Exception:  # a mail server problem must not break the page that sends
        log.exception("could not send %r to %s", template, to)
        return False
    return True


def identity_headers() -> dict:
    """Message-ID in the site's own domain and Date in the site's zone (not the machine's -0000)."""
    zone = ZoneInfo(current_app.config["BABEL_DEFAULT_TIMEZONE"])
    return {"Message-ID": make_msgid(domain=site.domain()), "Date": format_datetime(datetime.now(zone))}


def _write_to_folder(message) -> None:
    folder = current_app.config["MAIL_FILE_DIR"]
    os.makedirs(folder, exist_ok=True)
    stamp = datetime.now(timezone.utc).strftime("%Y%m%dT%H%M%S")
    path = os.path.join(folder, f"{stamp}-{uuid.uuid4().hex[:8]}.eml")
    with open(path, "wb") as f:
        f.write(message.message().as_bytes())
    log.warning("mail to %s: %s (saved in %s)\n%s", message.to[0], message.subject, path, message.body)
