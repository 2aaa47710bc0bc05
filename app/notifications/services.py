"""Recording notifications. Delivery (e-mail now or as a digest) follows each user's choice."""
from app.extensions import db
from app.notifications.models import KINDS, Notification


def notify(recipient, kind: str, *, title: str, url: str, actor=None, subject_key: str | None = None):
    """Record that recipient should hear about something; never notifies the actor themself.

    Returns the Notification, or None when nothing was recorded (actor = recipient, or the
    same subject_key already notified to this user and still unread).
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
    )
    db.session.add(notification)
    db.session.flush()
    return notification


def _unread_exists(user_id: int, kind: str, subject_key: str) -> bool:
    return db.session.execute(
        db.select(Notification.id).where(
            Notification.user_id == user_id, Notification.kind == kind,
            Notification.subject_key == subject_key, Notification.read_at.is_(None),
        ).limit(1)
    ).first() is not None
