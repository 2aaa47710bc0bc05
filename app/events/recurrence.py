"""RFC 5545 recurrence: validating rules, building common ones, expanding them into occurrences.

Rules are expanded with python-dateutil on the organiser's wall clock: DTSTART is an aware
datetime in the event's zone (zoneinfo), and dateutil keeps the wall-clock time of DTSTART for
every occurrence, each with the UTC offset of its own date. So 10:00 stays 10:00 in Warsaw in
March and in November, while the UTC instants move by an hour.

A stored rule is canonical: upper case, parts in a fixed order, UNTIL in UTC ("Z") for timed
events and as a date for all-day events, as RFC 5545 requires for each kind of DTSTART.
"""
import re
import threading
from bisect import bisect_left
from functools import lru_cache
from itertools import islice, takewhile
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta, timezone
from zoneinfo import ZoneInfo

from dateutil.rrule import rrulestr

from app.dates import format_date
from app.events.models import SINGLE
from app.i18n import gettext as _, lazy_gettext as _l, ngettext

FREQUENCIES = ("DAILY", "WEEKLY", "MONTHLY", "YEARLY")
# Parts a rule may have, in the canonical order. Sub-daily parts (BYHOUR...) are refused: the
# time of day comes from the event's start, and each occurrence is addressed by its date.
PARTS = ("FREQ", "INTERVAL", "BYMONTH", "BYMONTHDAY", "BYDAY", "BYSETPOS", "WKST", "COUNT", "UNTIL")
WEEKDAYS = ("MO", "TU", "WE", "TH", "FR", "SA", "SU")
MAX_RULE_LENGTH = 300
MAX_OCCURRENCES = 500   # per series, and per expansion of a window
MAX_INTERVAL = 99
HORIZON_YEARS = 5       # a series may not run further than this from its start
_BYDAY = re.compile(r"^([+-]?[1-5])?(MO|TU|WE|TH|FR|SA|SU)$")
_UNTIL = re.compile(r"^(\d{8})(T(\d{6})(Z)?)?$")

# "every first Tuesday of the month": whole phrases, because ordinals agree with the weekday's
# gender in Polish and Ukrainian. Keys: (position, weekday 0=Monday); position -1 = last.
NTH_WEEKDAY = {
    (1, 0): _l("every first Monday of the month"), (1, 1): _l("every first Tuesday of the month"),
    (1, 2): _l("every first Wednesday of the month"), (1, 3): _l("every first Thursday of the month"),
    (1, 4): _l("every first Friday of the month"), (1, 5): _l("every first Saturday of the month"),
    (1, 6): _l("every first Sunday of the month"),
    (2, 0): _l("every second Monday of the month"), (2, 1): _l("every second Tuesday of the month"),
    (2, 2): _l("every second Wednesday of the month"), (2, 3): _l("every second Thursday of the month"),
    (2, 4): _l("every second Friday of the month"), (2, 5): _l("every second Saturday of the month"),
    (2, 6): _l("every second Sunday of the month"),
    (3, 0): _l("every third Monday of the month"), (3, 1): _l("every third Tuesday of the month"),
    (3, 2): _l("every third Wednesday of the month"), (3, 3): _l("every third Thursday of the month"),
    (3, 4): _l("every third Friday of the month"), (3, 5): _l("every third Saturday of the month"),
    (3, 6): _l("every third Sunday of the month"),
    (4, 0): _l("every fourth Monday of the month"), (4, 1): _l("every fourth Tuesday of the month"),
    (4, 2): _l("every fourth Wednesday of the month"), (4, 3): _l("every fourth Thursday of the month"),
    (4, 4): _l("every fourth Friday of the month"), (4, 5): _l("every fourth Saturday of the month"),
    (4, 6): _l("every fourth Sunday of the month"),
    (-1, 0): _l("every last Monday of the month"), (-1, 1): _l("every last Tuesday of the month"),
    (-1, 2): _l("every last Wednesday of the month"), (-1, 3): _l("every last Thursday of the month"),
    (-1, 4): _l("every last Friday of the month"), (-1, 5): _l("every last Saturday of the month"),
    (-1, 6): _l("every last Sunday of the month"),
}


class RecurrenceError(ValueError):
    """A rule that cannot be used; the message is translated and meant for the user."""


# --- parsing and validating -----------------------------------------------------------------
def parse_rule(text: str) -> dict[str, str]:
    """The parts of an RRULE value ("FREQ=WEEKLY;BYDAY=TU"), checked for shape only."""
    value = (text or "").strip().upper()
    if value.startswith("RRULE:"):
        value = value[len("RRULE:"):]
    if not value:
        raise RecurrenceError(_("Enter a repetition rule, e.g. FREQ=MONTHLY;BYDAY=1TU."))
    if len(value) > MAX_RULE_LENGTH or "\n" in value:
        raise RecurrenceError(_("The rule is too long; it may have at most %(max)d characters.", max=MAX_RULE_LENGTH))
    parts = {}
    for chunk in value.strip(";").split(";"):
        name, sep, part = chunk.partition("=")
        name, part = name.strip(), part.strip()
        if not sep or not part:
            raise RecurrenceError(_("“%(chunk)s” is not a rule part; parts look like NAME=VALUE, separated by “;”.",
                                    chunk=chunk[:40]))
        if name not in PARTS:
            raise RecurrenceError(_("“%(name)s” cannot be used in a rule here. Allowed parts: %(parts)s.",
                                    name=name[:40], parts=", ".join(PARTS)))
        if name in parts:
            raise RecurrenceError(_("“%(name)s” is given twice.", name=name))
        parts[name] = part
    _check_parts(parts)
    return parts


def _check_parts(parts: dict) -> None:
    if parts.get("FREQ") not in FREQUENCIES:
        raise RecurrenceError(_("The rule needs FREQ=DAILY, WEEKLY, MONTHLY or YEARLY."))
    if "COUNT" in parts and "UNTIL" in parts:
        raise RecurrenceError(_("A rule may end with UNTIL or with COUNT, not both."))
    _check_number(parts, "INTERVAL", 1, MAX_INTERVAL)
    _check_number(parts, "COUNT", 1, MAX_OCCURRENCES)
    for day in parts.get("BYDAY", "").split(",") if "BYDAY" in parts else ():
        if not _BYDAY.match(day):
            raise RecurrenceError(_("“%(value)s” is not a weekday; use MO, TU, WE, TH, FR, SA, SU, e.g. 1TU for the first Tuesday.",
                                    value=day[:20]))
    for name, low, high in (("BYMONTH", 1, 12), ("BYMONTHDAY", -31, 31), ("BYSETPOS", -366, 366)):
        for item in parts.get(name, "").split(",") if name in parts else ():
            if not re.fullmatch(r"[+-]?\d{1,3}", item) or not (low <= int(item) <= high) or int(item) == 0:
                raise RecurrenceError(_("%(name)s=%(value)s is out of range.", name=name, value=item[:20]))
    _check_combinations(parts)
    if "WKST" in parts and parts["WKST"] not in WEEKDAYS:
        raise RecurrenceError(_("WKST must be a weekday: MO, TU, WE, TH, FR, SA or SU."))
    if "UNTIL" in parts and not _UNTIL.match(parts["UNTIL"]):
        raise RecurrenceError(_("UNTIL must be a date like 20261231 or a time like 20261231T235959Z."))


def _check_combinations(parts: dict) -> None:
    """Refuse combinations RFC 5545 forbids or that can never happen (dateutil would search for
    such dates until the year 9999, taking seconds)."""
    freq = parts["FREQ"]
    if freq not in ("MONTHLY", "YEARLY") and any(_BYDAY.match(d).group(1) for d in parts.get("BYDAY", "").split(",") if _BYDAY.match(d)):
        raise RecurrenceError(_("A numbered weekday such as 1TU can only be used with FREQ=MONTHLY or FREQ=YEARLY."))
    if freq == "WEEKLY" and "BYMONTHDAY" in parts:
        raise RecurrenceError(_("BYMONTHDAY cannot be used with FREQ=WEEKLY."))
    if "BYSETPOS" in parts:
        size = {"WEEKLY": 7, "MONTHLY": 31, "YEARLY": 366}.get(freq)
        if size is None or not any(k in parts for k in ("BYDAY", "BYMONTHDAY", "BYMONTH")):
            raise RecurrenceError(_("BYSETPOS needs FREQ=WEEKLY, MONTHLY or YEARLY and a BYDAY or BYMONTHDAY part."))
        if any(abs(int(p)) > size for p in parts["BYSETPOS"].split(",")):
            raise RecurrenceError(_("BYSETPOS=%(value)s can never be reached.", value=parts["BYSETPOS"][:20]))
    if "BYMONTHDAY" in parts and "BYMONTH" in parts:
        lengths = {1: 31, 2: 29, 3: 31, 4: 30, 5: 31, 6: 30, 7: 31, 8: 31, 9: 30, 10: 31, 11: 30, 12: 31}
        days = [abs(int(d)) for d in parts["BYMONTHDAY"].split(",")]
        if not any(day <= lengths[int(m)] for m in parts["BYMONTH"].split(",") for day in days):
            raise RecurrenceError(_("No month of this rule has such a day, so it would never happen."))


def _check_number(parts: dict, name: str, low: int, high: int) -> None:
    if name in parts and (not parts[name].isdigit() or not low <= int(parts[name]) <= high):
        raise RecurrenceError(_("%(name)s must be a whole number from %(low)d to %(high)d.", name=name, low=low, high=high))


def _until_value(raw: str, zone: ZoneInfo, all_day: bool) -> str:
    """UNTIL in the form RFC 5545 wants: a date for all-day events, else a UTC time."""
    match = _UNTIL.match(raw)
    try:
        day = datetime.strptime(match.group(1), "%Y%m%d").date()
        if match.group(3):
            clock = datetime.strptime(match.group(3), "%H%M%S").time()
        else:
            clock = time(23, 59, 59)  # a date means: until the end of that day
    except ValueError:
        raise RecurrenceError(_("UNTIL=%(value)s is not a real date.", value=raw[:20])) from None
    if all_day:
        return day.strftime("%Y%m%d")
    moment = datetime.combine(day, clock)
    moment = moment.replace(tzinfo=timezone.utc) if match.group(4) else moment.replace(tzinfo=zone)
    return moment.astimezone(timezone.utc).strftime("%Y%m%dT%H%M%SZ")


def normalise_rule(text: str, start: datetime, all_day: bool = False) -> str:
    """The canonical form of a user's rule for a series starting at start (aware, local zone).

    Raises RecurrenceError with a message for the user when the rule is malformed, never
    happens, does not include the start itself, or runs too long or too often.
    """
    parts = parse_rule(text)
    if "UNTIL" in parts:
        parts["UNTIL"] = _until_value(parts["UNTIL"], start.tzinfo, all_day)
    if parts.get("INTERVAL") == "1":
        del parts["INTERVAL"]
    canonical = ";".join(f"{name}={parts[name]}" for name in PARTS if name in parts)
    first = _check_expansion(canonical, start, all_day)
    if first != start:
        raise RecurrenceError(_("The start (%(start)s) is not one of the dates of this rule; its first date would be %(first)s. Choose a start date that fits the rule.",
                                start=format_date(start.date(), "full"), first=format_date(first.date(), "full")))
    return canonical


def _check_expansion(canonical: str, start: datetime, all_day: bool) -> datetime:
    try:
        rule = rrulestr(_dateutil_text(canonical, start.tzinfo, all_day), dtstart=start)
    except (ValueError, TypeError, OverflowError):
        raise RecurrenceError(_("This rule cannot be understood. Check it against the examples.")) from None
    horizon = _add_years(start, HORIZON_YEARS)
    dates = rule.between(start, horizon, inc=True, count=MAX_OCCURRENCES + 1)
    if not dates:
        raise RecurrenceError(_("This rule gives no date within %(years)d years of the start.", years=HORIZON_YEARS))
    if len(dates) > MAX_OCCURRENCES:
        raise RecurrenceError(_("This rule gives more than %(max)d dates. End it earlier (UNTIL or COUNT) or make it less frequent.",
                                max=MAX_OCCURRENCES))
    if "COUNT" not in canonical and "UNTIL" not in canonical:
        return dates[0]
    if rule.after(horizon) is not None:
        raise RecurrenceError(_("A series may run for at most %(years)d years from its start.", years=HORIZON_YEARS))
    return dates[0]


def _add_years(moment: datetime, years: int) -> datetime:
    try:
        return moment.replace(year=moment.year + years)
    except ValueError:  # 29 February
        return moment.replace(year=moment.year + years, day=28)


def _dateutil_text(canonical: str, zone, all_day: bool) -> str:
    """dateutil wants UNTIL as aware as DTSTART: turn an all-day rule's date into a UTC time."""
    match = re.search(r"UNTIL=(\d{8})(?=;|$)", canonical)
    if not match:
        return canonical
    day = datetime.strptime(match.group(1), "%Y%m%d").date()
    end = datetime.combine(day, time(23, 59, 59), tzinfo=zone).astimezone(timezone.utc)
    return canonical.replace(match.group(0), "UNTIL=" + end.strftime("%Y%m%dT%H%M%SZ"))


# --- building common rules from the form ------------------------------------------------------
def build_rule(kind: str, start: date, interval: int = 1, until: date | None = None,
               count: int | None = None, weekdays=()) -> str | None:
    """The RRULE text of a common repetition ("weekly", "monthly_weekday", "monthly_day", "daily")."""
    if not kind:
        return None
    interval_part = f";INTERVAL={interval}" if interval and interval > 1 else ""
    if kind == "daily":
        text = f"FREQ=DAILY{interval_part}"
    elif kind == "weekly":
        days = [d for d in WEEKDAYS if d in set(weekdays)] or [WEEKDAYS[start.weekday()]]
        if WEEKDAYS[start.weekday()] not in days:
            days.insert(0, WEEKDAYS[start.weekday()])
            days.sort(key=WEEKDAYS.index)
        text = f"FREQ=WEEKLY{interval_part};BYDAY={','.join(days)}"
    elif kind == "monthly_weekday":
        text = f"FREQ=MONTHLY{interval_part};BYDAY={nth_weekday_of(start)}{WEEKDAYS[start.weekday()]}"
    elif kind == "monthly_day":
        text = f"FREQ=MONTHLY{interval_part};BYMONTHDAY={start.day}"
    else:
        raise RecurrenceError(_("Choose how the event repeats."))
    if until is not None:
        text += f";UNTIL={until.strftime('%Y%m%d')}"
    elif count:
        text += f";COUNT={count}"
    return text


def nth_weekday_of(day: date) -> int:
    """1–4 for the first to fourth such weekday of its month; -1 for the last (the fifth)."""
    nth = (day.day - 1) // 7 + 1
    return -1 if nth == 5 else nth


# --- describing ---------------------------------------------------------------------------------
def describe(canonical: str | None) -> str:
    """The rule in words, in the interface language ("every first Tuesday of the month, until …")."""
    if not canonical:
        return ""
    parts = dict(chunk.split("=", 1) for chunk in canonical.split(";"))
    text = _describe_frequency(parts)
    if "UNTIL" in parts:
        until = datetime.strptime(parts["UNTIL"][:8], "%Y%m%d").date()
        text += ", " + _("until %(date)s", date=format_date(until, "long"))
    elif "COUNT" in parts:
        count = int(parts["COUNT"])
        text += ", " + ngettext("%(num)d time", "%(num)d times", count)
    return text


def _describe_frequency(parts: dict) -> str:
    interval = int(parts.get("INTERVAL", 1))
    freq, byday = parts["FREQ"], parts.get("BYDAY", "")
    simple = set(parts) <= {"FREQ", "INTERVAL", "BYDAY", "BYMONTHDAY", "COUNT", "UNTIL", "WKST"}
    if simple and freq == "DAILY" and not byday and "BYMONTHDAY" not in parts:
        return ngettext("every day", "every %(num)d days", interval)
    if simple and freq == "WEEKLY" and "BYMONTHDAY" not in parts and all(d in WEEKDAYS for d in byday.split(",") if d):
        days = ", ".join(_weekday_name(d) for d in byday.split(",") if d)
        return ngettext("every week: %(days)s", "every %(num)d weeks: %(days)s", interval, days=days)
    if simple and freq == "MONTHLY" and interval == 1 and _BYDAY.match(byday or "-") and "BYMONTHDAY" not in parts:
        match = _BYDAY.match(byday)
        key = (int(match.group(1) or 0), WEEKDAYS.index(match.group(2)))
        if key in NTH_WEEKDAY:
            return str(NTH_WEEKDAY[key])
    if simple and freq == "MONTHLY" and not byday and parts.get("BYMONTHDAY", "").isdigit():
        return ngettext("every month on day %(day)s", "every %(num)d months on day %(day)s", interval,
                        day=parts["BYMONTHDAY"])
    if simple and freq == "YEARLY" and not byday and "BYMONTHDAY" not in parts:
        return ngettext("every year", "every %(num)d years", interval)
    return _("repeats by the rule %(rule)s", rule=";".join(f"{k}={v}" for k, v in parts.items() if k not in ("COUNT", "UNTIL")))


def _weekday_name(code: str) -> str:
    monday = date(2024, 1, 1)
    return format_date(monday + timedelta(days=WEEKDAYS.index(code)), "EEEE")


# --- expanding ---------------------------------------------------------------------------------
@dataclass(frozen=True)
class Occurrence:
    """One time an event happens: its key ("" for a single event, else its original local date)."""

    event: object
    key: str
    original_start: datetime
    starts_at: datetime
    ends_at: datetime
    state: str = "scheduled"  # scheduled | cancelled | moved
    override: object = None

    @property
    def occurrence_date(self) -> date | None:
        return date.fromisoformat(self.key) if self.key else None

    @property
    def is_cancelled(self) -> bool:
        return self.state == "cancelled" or self.event.is_cancelled

    @property
    def is_moved(self) -> bool:
        return self.state == "moved"

    @property
    def local_start(self) -> datetime:
        return self.starts_at.astimezone(self.event.zone)

    @property
    def local_end(self) -> datetime:
        return self.ends_at.astimezone(self.event.zone)

    @property
    def last_day(self) -> date:
        """The last calendar day it covers (all-day ends are exclusive)."""
        end = self.local_end
        if self.event.all_day or (end.time() == time(0) and end > self.local_start):
            return (end - timedelta(days=1)).date()
        return end.date()

    @property
    def is_multi_day(self) -> bool:
        return self.last_day > self.local_start.date()

    def days(self) -> list[date]:
        first, last = self.local_start.date(), self.last_day
        return [first + timedelta(days=n) for n in range((last - first).days + 1)]

    def is_past(self, now: datetime) -> bool:
        return self.ends_at <= now

    def has_started(self, now: datetime) -> bool:
        return self.starts_at <= now


def wall_duration(event) -> timedelta:
    """Length on the wall clock (all-day events: whole days, whatever the clocks do)."""
    zone = event.zone
    return (event.ends_at.astimezone(zone).replace(tzinfo=None)
            - event.starts_at.astimezone(zone).replace(tzinfo=None))


def occurrence_length(event) -> timedelta:
    """How long each occurrence lasts: as long as the first, as RFC 5545 expands a DTEND.

    Counted on the wall clock for all-day events (a day is midnight to midnight, 23 or 25
    hours when the clocks change) and in real time for the others, so that an occurrence on
    the night the clocks go forward — 02:30 to 03:00 on 28 March 2027, when 02:30 is read as
    03:30 — lasts its half hour (03:30–04:00) instead of ending before it starts.
    """
    return wall_duration(event) if event.all_day else event.ends_at - event.starts_at


def _at_wall(local_start: datetime, length: timedelta, all_day: bool) -> tuple[datetime, datetime]:
    start_utc = local_start.astimezone(timezone.utc)
    if not all_day:
        return start_utc, start_utc + length
    naive_end = local_start.replace(tzinfo=None) + length
    return start_utc, naive_end.replace(tzinfo=local_start.tzinfo).astimezone(timezone.utc)


def _rule(event):
    start = event.starts_at.astimezone(event.zone)
    return rrulestr(_dateutil_text(event.recurrence_rule, event.zone, event.all_day), dtstart=start)


class SeriesDates:
    """The local start times of one rule, generated in order once and kept as far as they were asked for.

    Lists, the month grid and feeds ask for the dates of the same few hundred series on every
    request; walking dateutil's generator from each series' first date cost most of their time.
    """

    BATCH = 16

    def __init__(self, rule):
        self._iterator = iter(rule)
        self._starts: list[datetime] = []
        self._complete = False
        self._lock = threading.Lock()

    def starting_from(self, local_moment: datetime):
        """The start times at or after local_moment (same zone), lazily and in order."""
        index = bisect_left(self._starts, local_moment)
        while True:
            if index >= len(self._starts) and not self._extend(index):
                return
            if self._starts[index] >= local_moment:  # dates generated just now may still be earlier
                yield self._starts[index]
            index += 1

    def _extend(self, wanted: int) -> bool:
        with self._lock:  # one generator shared by the threads of a worker
            while len(self._starts) <= wanted and not self._complete:
                batch = list(islice(self._iterator, self.BATCH))
                self._starts.extend(batch)
                self._complete = len(batch) < self.BATCH
            return len(self._starts) > wanted


@lru_cache(maxsize=4096)
def _series_dates(rule_text: str, zone_name: str, starts_at: datetime, all_day: bool) -> SeriesDates:
    # Safe to keep for the life of the process: the key is everything the dates depend on, so an
    # edited series (new rule, start or zone) gets a new entry and the old one ages out.
    zone = ZoneInfo(zone_name)
    rule = rrulestr(_dateutil_text(rule_text, zone, all_day), dtstart=starts_at.astimezone(zone))
    return SeriesDates(rule)


def series_dates(event) -> SeriesDates:
    """The (shared, cached) start times of a recurring event's rule, before exceptions."""
    return _series_dates(event.recurrence_rule, event.timezone, event.starts_at, event.all_day)


def _from_local(event, local_start: datetime, duration: timedelta) -> Occurrence:
    key = local_start.date().isoformat()
    start, end = _at_wall(local_start, duration, event.all_day)
    override = event.override_for(local_start.date())
    if override is None:
        return Occurrence(event, key, start, start, end)
    if override.kind == "moved" and override.starts_at is not None:
        return Occurrence(event, key, start, override.starts_at, override.ends_at, "moved", override)
    return Occurrence(event, key, start, start, end, "cancelled", override)


def occurrences(event, window_start: datetime, window_end: datetime, limit: int = MAX_OCCURRENCES) -> list[Occurrence]:
    """The occurrences overlapping [window_start, window_end), in time order (cancelled ones too)."""
    if not event.is_recurring:
        single = Occurrence(event, SINGLE, event.starts_at, event.starts_at, event.ends_at)
        return [single] if single.starts_at < window_end and single.ends_at > window_start else []
    duration = occurrence_length(event)
    zone = event.zone
    lookback = window_start.astimezone(zone) - duration - timedelta(days=1)
    local_end = window_end.astimezone(zone)
    found = {}
    inside_count = 0
    # Lazily, and only until limit dates fall inside the window: a long series (or a window of
    # years) costs no more than the dates asked for. (dateutil's between() ignores its count.)
    for local_start in takewhile(lambda s: s <= local_end, series_dates(event).starting_from(lookback)):
        occurrence = _from_local(event, local_start, duration)
        found[occurrence.key] = occurrence
        inside_count += occurrence.starts_at < window_end and occurrence.ends_at > window_start
        if inside_count >= limit:
            break
    for override in event.overrides:  # occurrences moved into the window from outside it
        key = override.occurrence_date.isoformat()
        if override.kind == "moved" and key not in found and override.starts_at is not None:
            occurrence = get_occurrence(event, key)
            if occurrence is not None:
                found[key] = occurrence
    inside = [o for o in found.values() if o.starts_at < window_end and o.ends_at > window_start]
    return sorted(inside, key=lambda o: (o.starts_at, o.key))[:limit]


def get_occurrence(event, key: str) -> Occurrence | None:
    """The occurrence with this key, or None when the event does not happen then."""
    if not event.is_recurring:
        return occurrences(event, event.starts_at, event.ends_at + timedelta(seconds=1))[0] if key == SINGLE else None
    try:
        day = date.fromisoformat(key)
    except (TypeError, ValueError):
        return None
    zone = event.zone
    first_local = event.starts_at.astimezone(zone)
    candidate = datetime.combine(day, first_local.timetz()).replace(tzinfo=zone)
    found = next(series_dates(event).starting_from(candidate), None)
    if found is None or found.date() != day:
        return None
    return _from_local(event, found, occurrence_length(event))


def first_occurrence(event, after: datetime, include_cancelled: bool = False) -> Occurrence | None:
    """The first occurrence that has not ended at `after` (the next one, or the current one)."""
    span = timedelta(days=62)
    start, horizon = after, after + timedelta(days=366 * HORIZON_YEARS + 1)
    while start < horizon:
        for occurrence in occurrences(event, start, start + span):
            if occurrence.ends_at > after and (include_cancelled or not occurrence.is_cancelled or not event.is_recurring):
                return occurrence
        if not event.is_recurring:
            return None
        start += span
    return None


def last_occurrence(event, before: datetime) -> Occurrence | None:
    """The most recent occurrence that started before `before`."""
    if not event.is_recurring:
        return occurrences(event, event.starts_at, event.ends_at + timedelta(seconds=1))[0] if event.starts_at < before else None
    found = [o for o in occurrences(event, event.starts_at, before) if o.starts_at < before and not o.is_cancelled]
    return found[-1] if found else None


def series_end(event) -> datetime | None:
    """The end of the last occurrence (UTC), or None for a series that never ends."""
    if not event.is_recurring:
        return event.ends_at
    if "COUNT=" not in event.recurrence_rule and "UNTIL=" not in event.recurrence_rule:
        return None
    duration = occurrence_length(event)
    ends = [_at_wall(s, duration, event.all_day)[1] for s in list(_rule(event))[:MAX_OCCURRENCES]]
    ends += [o.ends_at for o in event.overrides if o.kind == "moved" and o.ends_at is not None]
    return max(ends) if ends else event.ends_at
