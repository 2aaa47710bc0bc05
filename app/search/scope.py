"""What a viewer may find: their visibility values (the documents' grants they hold) and the
filters of the results page. How a backend applies them is its own (search/whoosh/scope.py,
search/postgres/querying.py)."""
from dataclasses import dataclass
from datetime import date, datetime, time, timezone

from sqlalchemy import select

from app.extensions import db
from app.permissions import is_staff


def viewer_visibility(user) -> list[str]:
    """The visibility values of the documents user may find (see documents.py)."""
    values = ["public"]
    if not user.is_authenticated:
        return values
    values.append(f"user:{user.id}")
    org_ids = sorted(user.member_org_ids())
    values += [f"org:{org_id}" for org_id in org_ids]
    if not user.is_suspended:
        values += [f"drafts:{org_id}" for org_id in org_ids]
    values += [f"group:{group_id}" for group_id in _working_group_ids(user)]
    if is_staff(user):
        values.append("staff")
    return values


def _working_group_ids(user) -> list[int]:
    try:
        from app.forums.models import WorkingGroupMember
    except ImportError:
        return []
    rows = db.session.execute(select(WorkingGroupMember.group_id).where(WorkingGroupMember.user_id == user.id))
    return sorted(rows.scalars())


@dataclass
class Filters:
    kind: str = ""
    theme: str = ""
    county: str = ""
    date_from: date | None = None
    date_to: date | None = None

    @property
    def is_filtered(self) -> bool:
        return bool(self.kind or self.theme or self.county or self.date_from or self.date_to)


def epoch_of(day: date, end: bool = False) -> int:
    moment = datetime.combine(day, time.max if end else time.min, tzinfo=timezone.utc)
    return int(moment.timestamp())
