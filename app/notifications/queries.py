"""Reads of a user's notifications (always the viewer's own, and only those they may still see)."""
from sqlalchemy import select
from sqlalchemy.orm import joinedload

from app.extensions import db
from app.notifications.models import Notification
from app.notifications.subjects import hidden_ids, visible

PER_PAGE = 30


def _shown_to(user, unread_only: bool):
    """The condition for user's notifications that the list shows (see subjects.py)."""
    conditions = [Notification.user_id == user.id]
    if unread_only:
        conditions.append(Notification.read_at.is_(None))
    hidden = hidden_ids(user, unread_only)
    if hidden:
        conditions.append(Notification.id.not_in(hidden))
    return conditions


def list_notifications(user, page: int = 1, unread_only: bool = False):
    """The user's notifications, newest first, with who caused them loaded."""
    statement = (select(Notification).options(joinedload(Notification.actor))
                 .where(*_shown_to(user, unread_only))
                 .order_by(Notification.created_at.desc(), Notification.id.desc()))
    return db.paginate(statement, page=page, per_page=PER_PAGE, error_out=False)


def unread_count(user) -> int:
    """How many unread notifications user may see; one query (more only for subjects to check),
    as every page's header shows it."""
    if not user.is_authenticated:
        return 0
    unread = db.session.execute(select(Notification.id, Notification.kind, Notification.subject_key).where(
        Notification.user_id == user.id, Notification.read_at.is_(None))).all()
    return len(visible(user, unread))


def latest_unread(user, limit: int = 5) -> list[Notification]:
    return list(db.session.execute(
        select(Notification).options(joinedload(Notification.actor))
        .where(*_shown_to(user, True))
        .order_by(Notification.created_at.desc(), Notification.id.desc()).limit(limit)).scalars())
