"""What a viewer may find: their visibility values (the documents' grants they hold) and the
filters of the results page. How a backend applies them is its own (search/whoosh/scope.py,
search/postgres/querying.py)."""
from dataclasses import dataclass
from datetime import date, datetime, time, timezone

from app.permissions import viewer_grants


def viewer_visibility(user) -> list[str]:
    """The grants of the documents user may find: the policy's viewer grants."""
    return sorted(viewer_grants(user))


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
