"""The month grid: weeks of a month with the first occurrences of each day, and its navigation."""
import calendar as pycalendar
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta, timezone

from app.db import utcnow
from app.events import derived, listing
from app.events.queries import draft_scope, filtered, in_window, local_zone, visible_events_statement
from app.events.recurrence import occurrences


DAY_LIMIT = 4  # entries shown in a day's cell; the rest are counted and linked to that day's list


@dataclass
class Day:
    day: date
    in_month: bool
    is_today: bool
    entries: list  # the first DAY_LIMIT occurrences on that day (multi-day ones on each of their days)
    more: int = 0  # occurrences on that day not shown in the cell
    is_past: bool = False


def month_grid(viewer, year: int, month: int, filters) -> list[list[Day]]:
    """Weeks (Monday first) of the month with the first occurrences of each day, cancelled ones marked.

    A busy day has dozens of events; a cell shows DAY_LIMIT and links to the day's list for the
    rest. The candidates are light rows (listing.EventTimes hold all a cell shows), in a fixed
    number of statements however many events the month has. The grid is kept per data version
    (derived.py) for the viewer's scope (the organisations whose drafts they see), the filters,
    the month and today's date: it holds plain values only, never session-bound objects.
    """
    today = utcnow().astimezone(local_zone()).date()
    key = ("month_grid", draft_scope(viewer), filters, year, month, today)
    return derived.VALUES.get(key, derived.data_version(), lambda: _month_grid(viewer, year, month, filters, today))


def _month_grid(viewer, year: int, month: int, filters, today: date) -> list[list[Day]]:
    zone = local_zone()
    first = date(year, month, 1)
    grid_start = first - timedelta(days=first.weekday())
    last = date(year, month, pycalendar.monthrange(year, month)[1])
    grid_end = last + timedelta(days=7 - last.weekday())
    start = datetime.combine(grid_start, time(0), tzinfo=zone).astimezone(timezone.utc)
    end = datetime.combine(grid_end, time(0), tzinfo=zone).astimezone(timezone.utc)
    statement = in_window(filtered(visible_events_statement(viewer), filters), start, end)
    events = listing.event_times(statement)
    listing.with_overrides([e for e in events if e.is_recurring])
    by_day: dict[date, list] = {}
    for event in events:
        for occurrence in occurrences(event, start, end):
            for day in occurrence.days():
                by_day.setdefault(day, []).append(occurrence)
    cells = []
    for day in (grid_start + timedelta(days=n) for n in range((grid_end - grid_start).days)):
        entries = sorted(by_day.get(day, []), key=_day_order)
        cells.append(Day(day, day.month == month, day == today, entries[:DAY_LIMIT],
                         max(0, len(entries) - DAY_LIMIT), day < today))
    return [cells[i:i + 7] for i in range(0, len(cells), 7)]


def _day_order(occurrence):
    return (not occurrence.event.all_day, occurrence.starts_at, occurrence.event.title)


def month_links(year: int, month: int) -> dict:
    """The neighbouring months (YYYY-MM) and the weekday names (short, full), Monday first."""
    from app.dates import format_date

    previous = (year - 1, 12) if month == 1 else (year, month - 1)
    following = (year + 1, 1) if month == 12 else (year, month + 1)
    monday = date(2024, 1, 1)
    names = [(format_date(monday + timedelta(days=n), "EEE"), format_date(monday + timedelta(days=n), "EEEE"))
             for n in range(7)]
    return {"prev_month": f"{previous[0]:04d}-{previous[1]:02d}", "next_month": f"{following[0]:04d}-{following[1]:02d}",
            "weekday_names": names}
