"""Reads of a user's notifications (always the viewer's own, and only those they may still see)."""
from functools import cache

from flask import g
from sqlalchemy import bindparam, select
from sqlalchemy.orm import joinedload

from app.db import on_commit
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


def _unread_shown(user) -> list:
    """(id, kind, subject_key) of user's unread notifications that they may see, newest first.

    Read once per request: every page's header counts them and the home page's box lists the
    newest. A commit forgets them, as it may have marked some read (reading a thread does).
    """
    kept = g.setdefault("unread_notifications", {})
    if user.id not in kept:
        kept[user.id] = visible(user, db.session.execute(_unread_statement(), {"user_id": user.id}).all())
    return kept[user.id]


@cache  # built once (on first use: the mappers must be configured); every signed-in page runs it
def _unread_statement():
    return (select(Notification.id, Notification.kind, Notification.subject_key)
            .where(Notification.user_id == bindparam("user_id"), Notification.read_at.is_(None))
            .order_by(Notification.created_at.desc(), Notification.id.desc()))


@on_commit
def _forget_unread() -> None:
    g.pop("unread_notifications", None)


def unread_count(user) -> int:
    """How many unread notifications user may see; one query (more only for subjects to check)."""
    if not user.is_authenticated:
        return 0
    return len(_unread_shown(user))


def latest_unread(user, limit: int = 5) -> list[Notification]:
    """The newest `limit` of user's unread notifications that they may see, with who caused them."""
    ids = [row.id for row in _unread_shown(user)[:limit]]
    if not ids:
        return []
    return list(db.session.execute(
        select(Notification).options(joinedload(Notification.actor)).where(Notification.id.in_(ids))
        .order_by(Notification.created_at.desc(), Notification.id.desc())).scalars())
