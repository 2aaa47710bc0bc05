"""Verbs of the events calendar. First argument: the actor; plain values in; flush, never commit."""
import uuid
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta, timezone
from zoneinfo import ZoneInfo

from flask import current_app

from app import taxonomy
from app.db import utcnow
from app.directory.services import touch_activity
from app.events import messages
from app.events.errors import EventError, NotAllowed, RegistrationError  # noqa: F401 (re-exported)
from app.events.models import (
    DEFAULT_REMINDER_HOURS, DEFAULT_TIMEZONE, REMINDER_HOURS, SINGLE, Event, EventCoOrganiser, EventMinutes,
)
from app.events.recurrence import (
    RecurrenceError, build_rule, get_occurrence, normalise_rule, series_end,
)
from app.extensions import db
from app.i18n import gettext as _, lazy_gettext as _l
from app.inputs import to_id
from app.permissions import can
from app.text import clean_input, render_markdown

MAX_DURATION = timedelta(days=62)
MAX_CAPACITY = 100_000
SAFE_URL_SCHEMES = ("http", "https")
# Changes a subscribed calendar must notice (iCalendar SEQUENCE is bumped when they differ).
ICAL_FIELDS = ("title", "description", "starts_at", "ends_at", "all_day", "recurrence_rule", "status",
               "county", "address", "online_url", "event_type")


@dataclass
class EventData:
    """What an organiser typed, as plain values (see forms.event_data)."""

    title: str
    event_type: str
    organisation_id: int | None
    start_date: date
    start_time: time | None = None
    end_date: date | None = None
    end_time: time | None = None
    all_day: bool = False
    description: str = ""
    county: str | None = None
    address: str | None = None
    online_url: str | None = None
    themes: list = field(default_factory=list)
    languages: list = field(default_factory=list)
    co_organiser_ids: list = field(default_factory=list)
    registration_enabled: bool = False
    capacity: int | None = None
    waiting_list: bool = True
    deadline_date: date | None = None
    deadline_time: time | None = None
    reminder_hours: int | None = DEFAULT_REMINDER_HOURS  # before each date; None: no reminder
    repeat: str = ""          # "", daily, weekly, monthly_weekday, monthly_day, custom
    repeat_interval: int = 1
    repeat_weekdays: list = field(default_factory=list)
    repeat_end: str = "never"  # never, until, count
    repeat_until: date | None = None
    repeat_count: int | None = None
    rrule: str = ""           # the advanced field, used when repeat == "custom"
    timezone: str = DEFAULT_TIMEZONE


# --- creating and editing -----------------------------------------------------------------------
def create_event(actor, data: EventData, publish: bool = False) -> Event:
    """A new event of the actor's organisation, as a draft or published at once."""
    organisation = _organisation_of(actor, data.organisation_id)
    event = Event(uid=f"{uuid.uuid4()}@{_uid_host()}", organisation_id=organisation.id,
                  created_by_id=getattr(actor, "id", None), status="draft")
    event.organisation = organisation
    _apply(event, data)
    db.session.add(event)
    if publish:
        _publish(event)
    db.session.flush()
    touch_activity(organisation)
    return event


def update_event(actor, event: Event, data: EventData, publish: bool = False) -> Event:
    """Apply the organiser's changes; subscribed calendars see them through SEQUENCE."""
    _require(actor, "events.edit", event)
    if data.organisation_id != event.organisation_id:
        event.organisation = _organisation_of(actor, data.organisation_id)
        event.organisation_id = event.organisation.id
    before = _fingerprint(event)
    _apply(event, data)
    if publish and event.is_draft:
        _publish(event)
    if _fingerprint(event) != before and not event.is_draft:
        event.sequence += 1
    db.session.flush()
    _fill_all_places(event)
    touch_activity(event.organisation)
    return event


def publish_event(actor, event: Event) -> Event:
    _require(actor, "events.edit", event)
    if not event.is_draft:
        raise EventError(_("Only a draft can be published."))
    _publish(event)
    db.session.flush()
    touch_activity(event.organisation)
    return event


def cancel_event(actor, event: Event, reason: str = "") -> Event:
    """Cancel the whole event (every occurrence); calendars get STATUS:CANCELLED."""
    _require(actor, "events.cancel", event)
    if not event.is_published:
        raise EventError(_("Only a published event can be cancelled."))
    event.status = "cancelled"
    event.cancelled_at = utcnow()
    event.cancellation_reason = clean_input(reason).strip()[:500] or None
    event.sequence += 1
    db.session.flush()
    messages.tell_event_cancelled(event)
    return event


def _publish(event: Event) -> None:
    event.status = "published"
    event.published_at = utcnow()


def _fingerprint(event: Event) -> tuple:
    return (*(getattr(event, name) for name in ICAL_FIELDS), tuple(sorted(t.slug for t in event.tags)))


def _apply(event: Event, data: EventData) -> None:
    zone = _zone(data.timezone)
    starts_at, ends_at = _times(data, zone)
    event.timezone, event.all_day = zone.key, data.all_day
    event.starts_at, event.ends_at = starts_at, ends_at
    event.title = _required_text(data.title, 200, "title", _l("Enter the title of the event."))
    if not taxonomy.is_valid("event_types", data.event_type or ""):
        raise EventError(_("Choose a type of event from the list."), "event_type")
    event.event_type = data.event_type
    event.description = clean_input(data.description).strip()
    event.description_html = render_markdown(event.description)
    _apply_place(event, data)
    event.set_tags("thematic_areas", data.themes)
    event.set_tags("languages", data.languages)
    _apply_co_organisers(event, data.co_organiser_ids)
    event.recurrence_rule = _recurrence(data, starts_at.astimezone(zone))
    _apply_registration(event, data, zone)
    event.last_ends_at = series_end(event)


def _required_text(value, length: int, field_name: str, message: str) -> str:
    text = " ".join(clean_input(value).split())
    if not text:
        raise EventError(str(message), field_name)
    if len(text) > length:
        raise EventError(_("At most %(max)d characters, please.", max=length), field_name)
    return text


def _zone(name: str) -> ZoneInfo:
    try:
        return ZoneInfo(name or DEFAULT_TIMEZONE)
    except (ValueError, KeyError, OSError):
        raise EventError(_("Unknown time zone."), "start_date") from None


def local_moment(day: date, clock: time, zone: ZoneInfo, field_name: str) -> datetime:
    """The aware moment of a wall-clock time; refuses the hour skipped when clocks go forward."""
    moment = datetime.combine(day, clock).replace(tzinfo=zone)
    if moment.astimezone(timezone.utc).astimezone(zone).replace(tzinfo=None) != moment.replace(tzinfo=None):
        raise EventError(_("This time does not exist on that day: the clocks move forward an hour. Choose another time."),
                         field_name)
    return moment


def _times(data: EventData, zone: ZoneInfo) -> tuple[datetime, datetime]:
    """(start, end) in UTC; all-day events run from local midnight to the midnight after the last day."""
    if data.start_date is None:
        raise EventError(_("Enter the date of the event."), "start_date")
    if not (2000 <= data.start_date.year <= 2100):
        raise EventError(_("Enter a date between the years 2000 and 2100."), "start_date")
    end_date = data.end_date or data.start_date
    if data.all_day:
        if end_date < data.start_date:
            raise EventError(_("The event cannot end before it starts."), "end_date")
        start = datetime.combine(data.start_date, time(0), tzinfo=zone)
        end = datetime.combine(end_date + timedelta(days=1), time(0), tzinfo=zone)
    else:
        if data.start_time is None:
            raise EventError(_("Enter the start time, or mark the event as lasting all day."), "start_time")
        if data.end_time is None:
            raise EventError(_("Enter the end time."), "end_time")
        start = local_moment(data.start_date, data.start_time, zone, "start_time")
        end = local_moment(end_date, data.end_time, zone, "end_time")
        if end <= start:
            raise EventError(_("The end must be after the start."), "end_time" if end_date == data.start_date else "end_date")
    if end - start > MAX_DURATION:
        raise EventError(_("An event may last at most %(days)d days; add a repetition for a longer cycle.",
                           days=MAX_DURATION.days), "end_date")
    return start.astimezone(timezone.utc), end.astimezone(timezone.utc)


def check_safe_url(url: str | None, field_name: str = "online_url") -> str | None:
    """An http(s) address, or None; anything else (javascript:, data:…) is refused."""
    value = (url or "").strip()
    if not value:
        return None
    scheme, sep, rest = value.partition(":")
    if not sep or scheme.lower() not in SAFE_URL_SCHEMES or not rest.startswith("//") or len(rest) < 4:
        raise EventError(_("Enter a web address starting with https:// or http://."), field_name)
    if len(value) > 500 or any(ch.isspace() for ch in value):
        raise EventError(_("This web address is not valid."), field_name)
    return value


def _apply_place(event: Event, data: EventData) -> None:
    if data.county and not taxonomy.is_valid("counties", data.county):
        raise EventError(_("Choose a county from the list."), "county")
    event.county = data.county or None
    event.address = " ".join(clean_input(data.address).split())[:300] or None
    event.online_url = check_safe_url(data.online_url)
    if not (event.county or event.address or event.online_url):
        raise EventError(_("Give the place (county and address) or an online link, or both."), "address")


def _apply_co_organisers(event: Event, ids) -> None:
    from app.directory.models import Organisation

    wanted = {number for number in map(to_id, ids or ()) if number} - {event.organisation_id}
    if wanted:
        found = set(db.session.execute(db.select(Organisation.id).where(Organisation.id.in_(wanted))).scalars())
        if found != wanted:
            raise EventError(_("Choose co-organisers from the list."), "co_organiser_ids")
    keep = [link for link in event.co_organiser_links if link.organisation_id in wanted]
    present = {link.organisation_id for link in keep}
    event.co_organiser_links[:] = keep + [EventCoOrganiser(organisation_id=i) for i in sorted(wanted - present)]


def _recurrence(data: EventData, start: datetime) -> str | None:
    try:
        if data.repeat == "custom":
            return normalise_rule(data.rrule, start, data.all_day)
        until = data.repeat_until if data.repeat_end == "until" else None
        count = data.repeat_count if data.repeat_end == "count" else None
        if data.repeat and data.repeat_end == "until" and until is None:
            raise EventError(_("Enter the date of the last repetition."), "repeat_until")
        if data.repeat and data.repeat_end == "count" and not count:
            raise EventError(_("Enter how many times the event takes place."), "repeat_count")
        if until is not None and until < start.date():
            raise EventError(_("The repetitions cannot end before the event starts."), "repeat_until")
        text = build_rule(data.repeat, start.date(), data.repeat_interval or 1, until, count, data.repeat_weekdays)
        return normalise_rule(text, start, data.all_day) if text else None
    except RecurrenceError as error:
        raise EventError(str(error), "rrule" if data.repeat == "custom" else "repeat") from None


def _apply_registration(event: Event, data: EventData, zone: ZoneInfo) -> None:
    event.registration_enabled = bool(data.registration_enabled)
    if data.capacity is not None and not (1 <= data.capacity <= MAX_CAPACITY):
        raise EventError(_("The number of places must be a whole number from 1 to %(max)d; leave it empty for no limit.",
                           max=MAX_CAPACITY), "capacity")
    event.capacity = data.capacity
    event.waiting_list = bool(data.waiting_list)
    deadline = None
    if data.deadline_date is not None:
        deadline = local_moment(data.deadline_date, data.deadline_time or time(23, 59), zone, "deadline_time")
        deadline = deadline.astimezone(timezone.utc)
        if deadline > event.starts_at:
            raise EventError(_("Registration must close before the event starts."), "deadline_date")
    event.registration_deadline = deadline
    if data.reminder_hours is not None and data.reminder_hours not in REMINDER_HOURS:
        raise EventError(_("Choose when the reminder is sent from the list."), "reminder_hours")
    event.reminder_hours = data.reminder_hours


def _organisation_of(actor, organisation_id):
    from app.directory.models import Organisation

    organisation = db.session.get(Organisation, organisation_id) if organisation_id else None
    if organisation is None or not can(actor, "events.create", organisation):
        raise NotAllowed(_("You can publish events only for a verified organisation you are a member of."), "organisation_id")
    return organisation


def _uid_host() -> str:
    return current_app.config.get("EVENTS_UID_HOST") or "forum.malopolska-otwarta.pl"


def _require(actor, action: str, obj) -> None:
    if not can(actor, action, obj):
        raise NotAllowed(_("You may not do this."))


# --- minutes and discussion -----------------------------------------------------------------------
def set_minutes(actor, event: Event, key: str, body: str, forum_thread_id: int | None) -> EventMinutes:
    """The minutes (Markdown) of one meeting and the forum thread where it is discussed (organisers and co-organisers)."""
    _require(actor, "events.write_minutes", event)
    if (key and not event.is_recurring) or (event.is_recurring and get_occurrence(event, key) is None):
        raise EventError(_("The event does not take place on this date."))
    if forum_thread_id is not None:
        from app.events.queries import linked_thread

        if linked_thread(actor, forum_thread_id) is None:
            raise EventError(_("There is no forum thread with this number that you can see."), "forum_thread")
    minutes = db.session.execute(
        db.select(EventMinutes).where(EventMinutes.event_id == event.id, EventMinutes.occurrence_key == key)
    ).scalar_one_or_none() or EventMinutes(event_id=event.id, occurrence_key=key)
    minutes.body = clean_input(body).strip()
    minutes.body_html = render_markdown(minutes.body) if minutes.body else ""
    minutes.forum_thread_id = forum_thread_id
    minutes.updated_by_id = getattr(actor, "id", None)
    db.session.add(minutes)
    db.session.flush()
    touch_activity(event.organisation)
    return minutes


# Registration lives in its own module; re-exported so that views call services.<verb>.
from app.events.registration import (  # noqa: E402
    cancel_registration, fill_places, register_for_event, remove_registration,
)
# The verbs on one date of a series, likewise.
from app.events.occurrences import (  # noqa: E402
    cancel_occurrence, move_occurrence, moved_times, restore_occurrence,
)


def _fill_all_places(event: Event) -> None:
    """After a change of capacity: give free places to the waiting lists of future occurrences."""
    from app.events.models import Registration

    keys = db.session.execute(
        db.select(Registration.occurrence_key).where(Registration.event_id == event.id, Registration.status == "waiting")
        .distinct()
    ).scalars().all()
    for key in keys:
        fill_places(None, event, key)


__all__ = [
    "EventData", "EventError", "NotAllowed", "RegistrationError", "create_event", "update_event", "publish_event",
    "cancel_event", "cancel_occurrence", "move_occurrence", "moved_times", "restore_occurrence", "set_minutes",
    "register_for_event", "cancel_registration", "remove_registration", "SINGLE",
]
