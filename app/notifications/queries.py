"""Reads of a user's notifications (always the viewer's own)."""
from sqlalchemy import func, select
from sqlalchemy.orm import joinedload

from app.extensions import db
from app.notifications.models import Notification

PER_PAGE = 30


def list_notifications(user, page: int = 1, unread_only: bool = False):
    """The user's notifications, newest first, with who caused them loaded."""
    statement = (select(Notification).options(joinedload(Notification.actor))
                 .where(Notification.user_id == user.id)
                 .order_by(Notification.created_at.desc(), Notification.id.desc()))
    if unread_only:
        statement = statement.where(Notification.read_at.is_(None))
    return db.paginate(statement, page=page, per_page=PER_PAGE, error_out=False)


def unread_count(user) -> int:
    if not user.is_authenticated:
        return 0
    return db.session.execute(select(func.count(Notification.id)).where(
        Notification.user_id == user.id, Notification.read_at.is_(None))).scalar_one()


def latest_unread(user, limit: int = 5) -> list[Notification]:
    return list(db.session.execute(
        select(Notification).options(joinedload(Notification.actor))
        .where(Notification.user_id == user.id, Notification.read_at.is_(None))
        .order_by(Notification.created_at.desc(), Notification.id.desc()).limit(limit)).scalars())
