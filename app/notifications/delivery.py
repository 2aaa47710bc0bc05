"""Notification e-mail: at once after the commit, or as the daily digest; and unsubscribe links.

The one module of the notifications that sends mail (through app.mail.send_email).

- An immediate e-mail is queued when the notification is flushed and sent only after the
  request's commit succeeded (app.db.on_commit), so a rolled-back request mails nothing.
  Outside tests it is sent by one background thread, so a slow mail server never holds up a
  page. Before sending, the notification is claimed (emailed_at set in one UPDATE … WHERE
  emailed_at IS NULL), so two senders never send it twice; a failed send un-claims it and
  counts the failure, and `send-digests` retries it (up to MAX_EMAIL_FAILURES times).
- The digest: at most one per user and Warsaw day, recorded in DigestDelivery (claimed by its
  unique key before sending, released again when the sending failed).
"""
import hashlib
import logging
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager, nullcontext
from datetime import date, datetime
from zoneinfo import ZoneInfo

from flask import current_app, has_request_context, url_for
from sqlalchemy import event
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from app import signed_links, site
from app.db import commit, on_commit, utcnow
from app.extensions import db
from app.mail import send_email
from app.notifications import subjects
from app.notifications.kinds import mail_details
from app.notifications.models import MAX_EMAIL_FAILURES, KINDS, DigestDelivery, Notification
from app.notifications.services import may_receive_email

log = logging.getLogger(__name__)

LOCAL_ZONE = ZoneInfo("Europe/Warsaw")
QUEUE_KEY = "notifications.to_send_after_commit"
UNSUBSCRIBE_SALT = "notifications.unsubscribe"
DEFAULT_UNSUBSCRIBE_MAX_AGE = 60 * 60 * 24 * 180  # half a year: mail is read late
DIGEST_ITEMS_SHOWN = 50
_executor: ThreadPoolExecutor | None = None


# --- after the commit ------------------------------------------------------------------
def send_after_commit(notification: Notification) -> None:
    """Send notification's e-mail once the current transaction has been committed."""
    db.session.info.setdefault(QUEUE_KEY, []).append(notification.id)


@event.listens_for(Session, "after_rollback")
def _forget_queue(session) -> None:
    session.info.pop(QUEUE_KEY, None)


@on_commit
def _deliver_queued() -> None:
    ids = db.session.info.pop(QUEUE_KEY, None)
    if not ids:
        return
    try:
        app = current_app._get_current_object()
        if _sends_in_background(app):
            base_url = site.base_url()
            _background().submit(_send_in_worker, app, ids, base_url)
        else:
            send_immediately(ids)
    except Exception:  # the page that notified has committed; mail trouble must not break it
        log.exception("could not hand over notification e-mails %s", ids)


def _sends_in_background(app) -> bool:
    setting = app.config.get("NOTIFICATIONS_SEND_ASYNC")
    return (not app.testing) if setting is None else bool(setting)


def _background() -> ThreadPoolExecutor:
    global _executor
    if _executor is None:
        _executor = ThreadPoolExecutor(max_workers=1, thread_name_prefix="notification-mail")
    return _executor


def _send_in_worker(app, ids: list[int], base_url: str | None) -> None:
    with app.app_context():
        try:
            with url_context(base_url):
                send_immediately(ids)
        except Exception:
            log.exception("sending notification e-mails %s failed", ids)
        finally:
            db.session.remove()


def wait_for_background_sends(timeout: float = 10) -> None:
    """Block until the background sender has sent what it was given (for tests and shutdown)."""
    if _executor is not None:
        _executor.submit(lambda: None).result(timeout=timeout)


# --- sending ---------------------------------------------------------------------------
def send_immediately(ids: list[int]) -> tuple[int, int]:
    """Send the immediate e-mail of each notification not sent yet; (sent, failed)."""
    sent = failed = 0
    for notification_id in ids:
        outcome = _send_one(notification_id)
        sent += outcome is True
        failed += outcome is False
    return sent, failed


def _claim(notification_id: int) -> bool:
    claimed = db.session.execute(
        db.update(Notification).where(
            Notification.id == notification_id, Notification.emailed_at.is_(None),
            Notification.delivery == "email",
        ).values(emailed_at=utcnow()).execution_options(synchronize_session=False)
    ).rowcount
    commit()
    return bool(claimed)


def _send_one(notification_id: int) -> bool | None:
    """True sent, False failed (left for a retry), None nothing to send."""
    if not _claim(notification_id):
        return None
    notification = db.session.get(Notification, notification_id)
    user = notification.user
    # Checked now, not only when made: the recipient may have lost access in between.
    if not may_receive_email(user) or not subjects.is_visible(user, notification):
        notification.delivery, notification.emailed_at = "app", None
        commit()
        return None
    details = mail_details(notification)
    ok = send_email(
        user.email, "notifications/mail/notification", user.language,
        headers=unsubscribe_headers(user, notification.kind), attachments=details.attachments,
        user=user, notification=notification, link=absolute_url(notification.url), details=details.lines,
        **_footer_links(user, notification.kind),
    )
    if not ok:
        notification.emailed_at = None
        notification.email_failures += 1
        if notification.email_failures >= MAX_EMAIL_FAILURES:
            log.error("giving up the e-mail of notification %s after %s failures",
                      notification.id, notification.email_failures)
    commit()
    return ok


def retry_failed(echo: Callable[[str], None] = lambda line: None) -> tuple[int, int]:
    """Send again the immediate e-mails that failed (or were never handed over); (sent, failed)."""
    ids = list(db.session.execute(
        db.select(Notification.id).where(
            Notification.delivery == "email", Notification.emailed_at.is_(None),
            Notification.email_failures < MAX_EMAIL_FAILURES,
        ).order_by(Notification.id)
    ).scalars())
    if ids:
        echo(f"Retrying {len(ids)} immediate e-mail(s)…")
    return send_immediately(ids)


def local_today(now: datetime | None = None) -> date:
    """The day in Małopolska: a daily digest is per local day."""
    return (now or utcnow()).astimezone(LOCAL_ZONE).date()


def send_digests(today: date | None = None, echo: Callable[[str], None] = lambda line: None) -> dict:
    """Send each user with pending digest notifications one digest, at most one per day.

    Returns {"sent": n, "failed": n, "skipped": n} (skipped: already sent that day).
    """
    today = today or local_today()
    user_ids = list(db.session.execute(
        db.select(Notification.user_id).where(
            Notification.delivery == "digest", Notification.emailed_at.is_(None))
        .group_by(Notification.user_id).order_by(Notification.user_id)
    ).scalars())
    done_today = set(db.session.execute(
        db.select(DigestDelivery.user_id).where(DigestDelivery.sent_on == today)).scalars())
    counts = {"sent": 0, "failed": 0, "skipped": 0}
    for number, user_id in enumerate(user_ids, start=1):
        if user_id in done_today:
            outcome = "skipped"
        else:
            outcome = _send_digest(user_id, today)
        counts[outcome] += 1
        echo(f"[{number}/{len(user_ids)}] user {user_id}: {_OUTCOME_WORDS[outcome]}")
    return counts


_OUTCOME_WORDS = {"sent": "digest sent", "failed": "sending failed, will retry",
                  "skipped": "already sent today"}


def _send_digest(user_id: int, today: date) -> str:
    claim = DigestDelivery(user_id=user_id, sent_on=today)
    db.session.add(claim)
    try:
        commit()
    except IntegrityError:  # another run got there first
        return "skipped"
    items = list(db.session.execute(
        db.select(Notification).where(
            Notification.user_id == user_id, Notification.delivery == "digest",
            Notification.emailed_at.is_(None))
        .order_by(Notification.kind, Notification.created_at.desc(), Notification.id.desc())
    ).scalars())
    user = items[0].user if items else None
    items = _leave_hidden_out(user, items)
    if not items or not may_receive_email(user):
        for item in items:
            item.delivery = "app"
        db.session.delete(claim)
        commit()
        return "skipped"
    if not _mail_digest(user, items):
        db.session.delete(claim)
        commit()
        return "failed"
    now = utcnow()
    for item in items:
        item.emailed_at = now
    claim.item_count = len(items)
    commit()
    return "sent"


def _leave_hidden_out(user, items: list[Notification]) -> list[Notification]:
    """The items user may still see; the others stay in the database but are never mailed."""
    if not items:
        return items
    shown = subjects.visible(user, items)
    for item in set(items) - set(shown):
        item.delivery = "app"
    return shown


def _mail_digest(user, items: list[Notification]) -> bool:
    groups = {}
    for item in items[:DIGEST_ITEMS_SHOWN]:
        groups.setdefault(item.kind, []).append(item)
    ordered = [(kind, groups[kind]) for kind in KINDS if kind in groups]
    return send_email(
        user.email, "notifications/mail/digest", user.language,
        headers=unsubscribe_headers(user, "digest"),
        user=user, groups=ordered, total=len(items), hidden=max(0, len(items) - DIGEST_ITEMS_SHOWN),
        list_url=absolute_url(url_for("notifications.list_notifications")), absolute_url=absolute_url,
        **_footer_links(user, "digest"),
    )


# --- links -----------------------------------------------------------------------------
@contextmanager
def url_context(base_url: str | None = None):
    """A request context for url_for(_external=True) when there is none (CLI, worker)."""
    if has_request_context():
        with nullcontext():
            yield
        return
    with current_app.test_request_context(base_url=base_url or site.base_url()):
        yield


def absolute_url(path: str) -> str:
    return url_for("main.home", _external=True).rstrip("/") + "/" + path.lstrip("/")


def _footer_links(user, scope: str) -> dict:
    return {
        "settings_url": url_for("notifications.settings", _external=True),
        "unsubscribe_url": url_for("notifications.unsubscribe", token=unsubscribe_token(user, scope),
                                   _external=True),
        "unsubscribe_scope": scope,
    }


def unsubscribe_headers(user, scope: str) -> dict:
    """RFC 2369 / RFC 8058 headers: mail programs show an "Unsubscribe" button that POSTs."""
    link = url_for("notifications.unsubscribe", token=unsubscribe_token(user, scope), _external=True)
    return {
        "List-Unsubscribe": f"<{link}>",
        "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
        "Auto-Submitted": "auto-generated",
    }


def _account_stamp(user) -> str:
    # Ties a link to this very account: a later account with a reused id cannot use it.
    return hashlib.sha256(f"{user.id}:{user.created_at.isoformat()}".encode()).hexdigest()[:16]


def unsubscribe_token(user, scope: str) -> str:
    """A signed token that stops e-mail of scope (a kind, "digest" or "all") for user."""
    return signed_links.sign(UNSUBSCRIBE_SALT, {"u": user.id, "a": _account_stamp(user), "s": scope})


class InvalidUnsubscribeLink(Exception):
    pass


class ExpiredUnsubscribeLink(InvalidUnsubscribeLink):
    pass


def read_unsubscribe_token(token: str):
    """(user, scope) of a valid token; raises ExpiredUnsubscribeLink or InvalidUnsubscribeLink."""
    from app.auth.models import User

    max_age = current_app.config.get("UNSUBSCRIBE_TOKEN_MAX_AGE", DEFAULT_UNSUBSCRIBE_MAX_AGE)
    try:
        data = signed_links.read(UNSUBSCRIBE_SALT, token, max_age)
    except signed_links.ExpiredLink as exc:
        raise ExpiredUnsubscribeLink() from exc
    except signed_links.InvalidLink as exc:
        raise InvalidUnsubscribeLink() from exc
    user = db.session.get(User, data.get("u")) if isinstance(data.get("u"), int) else None
    scope = data.get("s")
    if user is None or data.get("a") != _account_stamp(user) or scope not in (*KINDS, "digest", "all"):
        raise InvalidUnsubscribeLink()
    return user, scope
