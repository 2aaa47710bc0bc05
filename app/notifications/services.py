"""Recording notifications and the user's choices. Delivery by e-mail is in delivery.py."""

from app.db import utcnow
from app.extensions import db
from app.i18n import lazy_gettext as _l
from app.notifications.models import DEFAULT_DELIVERY, DELIVERIES, KINDS, Notification, NotificationPreference
from app.refusals import Refused


class NotificationError(Refused):
    """A request the notification rules refuse."""


def notify(recipient, kind: str, *, title: str, url: str, actor=None, subject_key: str | None = None):
    """Record that recipient should hear about something; never notifies the actor themself.

    Returns the Notification, or None when nothing was recorded (actor = recipient, or the
    same subject_key already notified to this user and still unread). An e-mail, when the
    recipient wants one at once, leaves after the commit (see delivery.py).
    """
    if kind not in KINDS:
        raise ValueError(f"unknown notification kind {kind!r}")
    if recipient is None or (actor is not None and actor.id == recipient.id):
        return None
    if subject_key and _unread_exists(recipient.id, kind, subject_key):
        return None
    notification = Notification(
        user_id=recipient.id, kind=kind, title=title[:300], url=url,
        actor_id=actor.id if actor is not None else None, subject_key=subject_key,
        delivery=delivery_for(recipient, kind),
    )
    db.session.add(notification)
    db.session.flush()
    if notification.delivery == "email":
        from app.notifications import delivery

        delivery.send_after_commit(notification)
    return notification


def _unread_exists(user_id: int, kind: str, subject_key: str) -> bool:
    return db.session.execute(
        db.select(Notification.id).where(
            Notification.user_id == user_id, Notification.kind == kind,
            Notification.subject_key == subject_key, Notification.read_at.is_(None),
        ).limit(1)
    ).first() is not None


def may_receive_email(user) -> bool:
    """Only confirmed addresses of accounts in good standing get e-mail."""
    return bool(user is not None and user.is_confirmed and not user.is_suspended and user.email)


def delivery_for(user, kind: str) -> str:
    """How kind reaches user now: their choice, else the default; "app" without a usable address."""
    if not may_receive_email(user):
        return "app"
    chosen = db.session.execute(
        db.select(NotificationPreference.delivery).where(
            NotificationPreference.user_id == user.id, NotificationPreference.kind == kind)
    ).scalar_one_or_none()
    return chosen or DEFAULT_DELIVERY[kind]


def preferences_of(user) -> dict[str, str]:
    """{kind: delivery} for every kind, the defaults filled in."""
    chosen = dict(db.session.execute(
        db.select(NotificationPreference.kind, NotificationPreference.delivery)
        .where(NotificationPreference.user_id == user.id)
    ).all())
    return {kind: chosen.get(kind) or DEFAULT_DELIVERY[kind] for kind in KINDS}


def set_preferences(user, choices: dict[str, str]) -> None:
    """Store the user's choice for each kind given (unknown kinds or deliveries are refused)."""
    for kind, value in choices.items():
        if kind not in KINDS or value not in DELIVERIES:
            raise NotificationError(_l("That choice is not available."))
    existing = {p.kind: p for p in db.session.execute(
        db.select(NotificationPreference).where(NotificationPreference.user_id == user.id)).scalars()}
    for kind, value in choices.items():
        if kind in existing:
            existing[kind].delivery = value
        else:
            db.session.add(NotificationPreference(user_id=user.id, kind=kind, delivery=value))
    _retarget_pending(user.id, choices)
    db.session.flush()


def unsubscribe(user, scope: str) -> list[str]:
    """Stop e-mail for one kind, for the digest ("digest") or for everything ("all").

    Returns the kinds that changed; the notifications stay in the in-app list.
    """
    current = preferences_of(user)
    if scope == "all":
        kinds = [k for k, v in current.items() if v != "app"]
    elif scope == "digest":
        kinds = [k for k, v in current.items() if v == "digest"]
    elif scope in KINDS:
        kinds = [scope] if current[scope] != "app" else []
    else:
        raise NotificationError(_l("That choice is not available."))
    set_preferences(user, {kind: "app" for kind in kinds})
    return kinds


def _retarget_pending(user_id: int, choices: dict[str, str]) -> None:
    """Notifications still waiting for their e-mail follow the new choice (none, now, digest)."""
    for value in set(choices.values()):
        kinds = [kind for kind, chosen in choices.items() if chosen == value]
        db.session.execute(
            db.update(Notification).where(
                Notification.user_id == user_id, Notification.kind.in_(kinds),
                Notification.emailed_at.is_(None), Notification.delivery != "app",
                Notification.delivery != value,
            ).values(delivery=value).execution_options(synchronize_session=False)
        )


def mark_read(user, notification: Notification) -> None:
    if notification.user_id != user.id:
        raise NotificationError(_l("This notification is not yours."))
    if notification.read_at is None:
        notification.read_at = utcnow()
        db.session.flush()


def mark_all_read(user) -> int:
    """Mark every unread notification of user as read; returns how many there were."""
    result = db.session.execute(
        db.update(Notification).where(Notification.user_id == user.id, Notification.read_at.is_(None))
        .values(read_at=utcnow()).execution_options(synchronize_session=False)
    )
    return result.rowcount or 0
