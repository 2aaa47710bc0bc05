"""Reads about people: the search that finds someone's @name to mention them."""
from sqlalchemy import func, or_, select

from app.auth.models import User
from app.extensions import db

PEOPLE_SHOWN = 20
MIN_QUERY_LENGTH = 2
MAX_QUERY_LENGTH = 80


def find_people(text: str) -> list[User]:
    """Confirmed, not suspended accounts whose name or @name contains text (any case), by name."""
    text = " ".join((text or "").split())[:MAX_QUERY_LENGTH].lstrip("@").casefold()
    if len(text) < MIN_QUERY_LENGTH:
        return []
    pattern = "%" + text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"
    return list(db.session.execute(
        select(User).where(User.confirmed_at.is_not(None), User.suspended_at.is_(None),
                           or_(func.lower(User.display_name).like(pattern, escape="\\"),
                               func.lower(User.username).like(pattern, escape="\\")))
        .order_by(func.lower(User.display_name), User.username).limit(PEOPLE_SHOWN)).scalars())
