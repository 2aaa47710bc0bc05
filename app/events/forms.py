"""Events forms: the shape of the input only (the world is checked in services.py)."""
import re
from dataclasses import dataclass
from datetime import date, time

from wtforms import BooleanField, RadioField, SelectField, SelectMultipleField, StringField, SubmitField, TextAreaField
from wtforms.validators import DataRequired, Length, Optional, ValidationError

from app import taxonomy
from app.dates import format_date
from app.forms import AppForm, MultiCheckboxField, known_values, strip
from app.i18n import lazy_gettext as _l
from app.inputs import parse_number, to_id
from app.events.models import DEFAULT_TIMEZONE
from app.events.recurrence import WEEKDAYS
from app.tags import valid_slugs

TITLE_MAX = 200
DESCRIPTION_MAX = 20_000
_SLUG = re.compile(r"^[a-z0-9][a-z0-9-]{0,99}$")
_ISO_DATE = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})$")
_PL_DATE = re.compile(r"^(\d{1,2})\.(\d{1,2})\.(\d{4})$")
_TIME = re.compile(r"^(\d{1,2})[:.](\d{2})(?::\d{2})?$")
_THREAD_URL = re.compile(r"/forums/t/(\d+)")


# --- the list's filters (GET, from the URL) --------------------------------------------------------
FILTER_FIELDS = ("county", "theme", "type", "org", "language")


@dataclass(frozen=True)
class EventFilters:
    """What a list, the month grid or a feed shows: unknown values already dropped."""

    county: tuple = ()
    theme: tuple = ()
    type: tuple = ()
    org: tuple = ()
    language: tuple = ()
    date_from: date | None = None
    date_to: date | None = None

    @classmethod
    def from_args(cls, args) -> "EventFilters":
        """Read request.args; values outside the taxonomy and dates that do not exist are ignored."""
        date_from, date_to = parse_date(args.get("from")), parse_date(args.get("to"))
        if date_from and date_to and date_to < date_from:
            date_to = None
        return cls(
            county=tuple(valid_slugs("counties", args.getlist("county"))),
            theme=tuple(valid_slugs("thematic_areas", args.getlist("theme"))),
            type=tuple(valid_slugs("event_types", args.getlist("type"))),
            org=tuple(v for v in dict.fromkeys(args.getlist("org")) if _SLUG.match(v))[:20],
            language=tuple(valid_slugs("languages", args.getlist("language"))),
            date_from=date_from, date_to=date_to,
        )

    def selected(self, name: str) -> tuple:
        return getattr(self, name)

    @property
    def is_filtered(self) -> bool:
        return any(getattr(self, name) for name in FILTER_FIELDS) or bool(self.date_from or self.date_to)

    def as_args(self) -> dict:
        """The filters as URL parameters (for the feed link and the month grid)."""
        args = {name: list(getattr(self, name)) for name in FILTER_FIELDS if getattr(self, name)}
        if self.date_from:
            args["from"] = self.date_from.isoformat()
        if self.date_to:
            args["to"] = self.date_to.isoformat()
        return args

    def feed_args(self) -> dict:
        return {name: list(getattr(self, name)) for name in FILTER_FIELDS if getattr(self, name)}

    def day_args(self, day: date) -> dict:
        """The filters and one day as URL parameters (the list of a month grid's day)."""
        return {**self.feed_args(), "from": day.isoformat(), "to": day.isoformat()}


def parse_date(value) -> date | None:
    """YYYY-MM-DD or DD.MM.YYYY, or None when it is not a real date (or too far from today to
    compute with safely: before 1900 or after 2200)."""
    day = _calendar_date(value)
    return day if day is not None and 1900 <= day.year <= 2200 else None


def _calendar_date(value) -> date | None:
    """YYYY-MM-DD or DD.MM.YYYY as a date of any year, or None."""
    text = (value or "").strip()
    match = _ISO_DATE.match(text)
    parts = (match.group(1), match.group(2), match.group(3)) if match else None
    if parts is None and (match := _PL_DATE.match(text)):
        parts = (match.group(3), match.group(2), match.group(1))
    if parts is None:
        return None
    try:
        return date(int(parts[0]), int(parts[1]), int(parts[2]))
    except ValueError:
        return None


def parse_time(value) -> time | None:
    match = _TIME.match((value or "").strip())
    if not match:
        return None
    hour, minute = int(match.group(1)), int(match.group(2))
    return time(hour, minute) if hour < 24 and minute < 60 else None


def parse_month(value) -> tuple[int, int] | None:
    """(year, month) of "YYYY-MM", or None (month=2026-13 is ignored)."""
    match = re.fullmatch(r"(\d{4})-(\d{2})", (value or "").strip())
    if not match:
        return None
    year, month = int(match.group(1)), int(match.group(2))
    return (year, month) if 1 <= month <= 12 and 2000 <= year <= 2100 else None


# --- fields -------------------------------------------------------------------------------------------
class DateText(StringField):
    """A date picked or typed (YYYY-MM-DD or DD.MM.YYYY); the typed text is kept when it is wrong."""

    def __init__(self, label=None, validators=None, **kwargs):
        kwargs.setdefault("render_kw", {"type": "date"})
        super().__init__(label, validators, **kwargs)

    def pre_validate(self, form):
        if self.data and parse_date(self.data) is None:
            if _calendar_date(self.data) is not None:  # a real date, only far out of range (e.g. 1850)
                raise ValidationError(_l("Enter a date between the years 2000 and 2100."))
            raise ValidationError(_l("“%(value)s” is not a real date. Use the form YYYY-MM-DD, e.g. 2026-03-03.",
                                     value=self.data[:20]))

    @property
    def value(self) -> date | None:
        return parse_date(self.data)


class TimeText(StringField):
    def __init__(self, label=None, validators=None, **kwargs):
        kwargs.setdefault("render_kw", {"type": "time"})
        super().__init__(label, validators, **kwargs)

    def pre_validate(self, form):
        if self.data and parse_time(self.data) is None:
            raise ValidationError(_l("“%(value)s” is not a time. Use hours and minutes, e.g. 10:00.", value=self.data[:20]))

    @property
    def value(self) -> time | None:
        return parse_time(self.data)


class WholeNumber(StringField):
    """A whole number within bounds; anything else gets the field's message and is kept as typed."""

    def __init__(self, label=None, validators=None, low=1, high=100_000, message=None, **kwargs):
        kwargs.setdefault("render_kw", {"inputmode": "numeric"})
        super().__init__(label, validators, **kwargs)
        self.low, self.high, self.message = low, high, message

    def pre_validate(self, form):
        text = (self.data or "").strip()
        if text and (not re.fullmatch(r"[+-]?\d{1,7}", text) or not self.low <= int(text) <= self.high):
            raise ValidationError(self.message or _l("Enter a whole number from %(low)d to %(high)d.",
                                                       low=self.low, high=self.high))

    @property
    def value(self) -> int | None:
        text = (self.data or "").strip()
        return int(text) if text else None


def web_link(form, field):
    value = (field.data or "").strip()
    scheme = value.partition(":")[0].lower()
    if value and (scheme not in ("http", "https") or not value[len(scheme):].startswith("://")
                  or any(ch.isspace() for ch in value) or len(value) < 12):
        raise ValidationError(_l("Enter a web address starting with https:// or http://, e.g. https://meet.example.org/abc."))


# --- the event form ------------------------------------------------------------------------------------
# The values are hours before each date; "" sends no reminder.
REMINDER_CHOICES = (
    ("", _l("No reminder")),
    ("1", _l("1 hour before")),
    ("3", _l("3 hours before")),
    ("24", _l("1 day before")),
    ("48", _l("2 days before")),
    ("168", _l("1 week before")),
)

REPEAT_CHOICES = (
    ("", _l("Does not repeat")),
    ("weekly", _l("Every week")),
    ("monthly_weekday", _l("Every month on the same weekday (e.g. the first Tuesday)")),
    ("monthly_day", _l("Every month on the same day of the month")),
    ("daily", _l("Every day")),
    ("custom", _l("Custom rule (advanced)")),
)
REPEAT_END_CHOICES = (("never", _l("No end date")), ("until", _l("Until a date")), ("count", _l("A number of times")))


class EventForm(AppForm):
    title = StringField(_l("Title"), filters=[strip], validators=[
        DataRequired(_l("Enter the title of the event.")),
        Length(max=TITLE_MAX, message=_l("The title has at most %(max)d characters.")),
    ], description=_l("e.g. Coordination meeting on migrant integration, Tarnów"))
    event_type = SelectField(_l("Type of event"), validate_choice=False, validators=[
        DataRequired(_l("Choose the type of event.")), known_values("event_types"),
    ])
    organisation_id = SelectField(_l("Organiser"), coerce=to_id, validate_choice=False, validators=[
        DataRequired(_l("Choose the organiser organisation.")),
    ], description=_l("Only members of an organisation may publish events for it."))
    co_organiser_ids = SelectMultipleField(_l("Co-organisers"), coerce=to_id, validate_choice=False,
                                           description=_l("Optional. Hold Ctrl (or Cmd) to choose several."))
    description = TextAreaField(_l("Description"), validators=[
        Length(max=DESCRIPTION_MAX, message=_l("The description has at most %(max)d characters.")),
    ], description=_l("The programme, for whom, what to bring. You can use Markdown: **bold**, lists, links."))
    themes = MultiCheckboxField(_l("Thematic areas"), validate_choice=False, validators=[known_values("thematic_areas")])
    languages = MultiCheckboxField(_l("Languages of the event"), validate_choice=False,
                                   validators=[known_values("languages")])

    all_day = BooleanField(_l("All day (no times)"))
    start_date = DateText(_l("Start date"), validators=[DataRequired(_l("Enter the date of the event."))],
                          description=_l("Warsaw time. Format YYYY-MM-DD, e.g. 2026-03-03."))
    start_time = TimeText(_l("Start time"), description=_l("e.g. 10:00"))
    end_date = DateText(_l("End date"), description=_l("Leave empty when the event ends on the day it starts."))
    end_time = TimeText(_l("End time"), description=_l("e.g. 12:00"))

    county = SelectField(_l("County"), validate_choice=False, validators=[known_values("counties")])
    address = StringField(_l("Address"), filters=[strip], validators=[
        Length(max=300, message=_l("The address has at most %(max)d characters.")),
    ], description=_l("Street, number, town and room, e.g. ul. Mickiewicza 2, Tarnów, room 12."))
    online_url = StringField(_l("Online link"), filters=[strip], validators=[
        Length(max=500, message=_l("The link has at most %(max)d characters.")), web_link,
    ], render_kw={"type": "url", "inputmode": "url"},
        description=_l("For an online or hybrid event: the address of the meeting."))

    registration_enabled = BooleanField(_l("Registration required"))
    capacity = WholeNumber(_l("Number of places"), low=1, high=100_000, message=_l(
        "The number of places must be a whole number from 1 to 100000; leave it empty for no limit."),
        description=_l("Leave empty for no limit."))
    waiting_list = BooleanField(_l("Keep a waiting list when the places are taken"), default=True)
    deadline_date = DateText(_l("Registration closes on"), description=_l(
        "Optional; otherwise registration closes when the event starts. For a repeating event the same time "
        "before each date applies."))
    deadline_time = TimeText(_l("Registration closes at"), description=_l("e.g. 16:00; the end of the day if empty"))
    reminder_hours = SelectField(_l("Reminder to registrants"), choices=REMINDER_CHOICES, default="24",
                                 description=_l("An e-mail and a notification to everyone with a place."))

    repeat = SelectField(_l("Repeats"), choices=REPEAT_CHOICES, validate_choice=False)
    repeat_interval = WholeNumber(_l("Every how many weeks, months or days"), low=1, high=99,
                                  description=_l("1 = every week / month / day; 2 = every other one."))
    repeat_weekdays = MultiCheckboxField(_l("On these weekdays (weekly repetition)"), validate_choice=False)
    repeat_end = RadioField(_l("Until when"), choices=REPEAT_END_CHOICES, default="never", validate_choice=False)
    repeat_until = DateText(_l("Last date"))
    repeat_count = WholeNumber(_l("Number of times"), low=1, high=500)
    rrule = StringField(_l("Custom rule (RFC 5545 RRULE)"), filters=[strip], validators=[
        Length(max=300, message=_l("The rule has at most %(max)d characters.")),
    ], description=_l("For “Custom rule” only, e.g. FREQ=MONTHLY;BYDAY=1TU;UNTIL=20261231 (every first Tuesday "
                      "until the end of 2026) or FREQ=WEEKLY;BYDAY=MO,WE;COUNT=10."))

    save_draft = SubmitField(_l("Save as draft"))
    publish = SubmitField(_l("Publish"))

    def set_choices(self, organisations, co_organisers, lang: str) -> None:
        self.event_type.choices = [("", _l("— choose —"))] + taxonomy.choices("event_types", lang)
        self.organisation_id.choices = [(o.id, o.name) for o in organisations]
        self.co_organiser_ids.choices = [(o.id, o.name) for o in co_organisers]
        self.themes.choices = [c for c in taxonomy.choices("thematic_areas", lang)
                               if taxonomy.get("thematic_areas", c[0])["group"] != "programme-area"]
        self.languages.choices = taxonomy.choices("languages", lang)
        self.county.choices = [("", _l("— none —"))] + taxonomy.choices("counties", lang)
        monday = date(2024, 1, 1)
        self.repeat_weekdays.choices = [(code, format_date(monday.replace(day=1 + n), "EEEE"))
                                        for n, code in enumerate(WEEKDAYS)]

    def validate_repeat(self, field):
        if (field.data or "") not in dict(REPEAT_CHOICES):  # absent from a hand-made form: no repetition
            raise ValidationError(_l("Choose how the event repeats."))

    def validate_repeat_end(self, field):
        if field.data not in dict(REPEAT_END_CHOICES):
            raise ValidationError(_l("Choose until when the event repeats."))

    def validate_co_organiser_ids(self, field):
        if any(value is None for value in field.data or ()):
            raise ValidationError(_l("Choose co-organisers from the list."))

    def validate_repeat_weekdays(self, field):
        if any(day not in WEEKDAYS for day in field.data or ()):
            raise ValidationError(_l("Choose weekdays from the list."))


def event_data(form: EventForm):
    """The form's values as plain EventData for the services."""
    from app.events.services import EventData

    return EventData(
        title=form.title.data or "", event_type=form.event_type.data or "",
        organisation_id=form.organisation_id.data, co_organiser_ids=[i for i in form.co_organiser_ids.data or [] if i],
        description=form.description.data or "", themes=form.themes.data or [], languages=form.languages.data or [],
        all_day=form.all_day.data, start_date=form.start_date.value, start_time=form.start_time.value,
        end_date=form.end_date.value, end_time=form.end_time.value,
        county=form.county.data or None, address=form.address.data, online_url=form.online_url.data,
        registration_enabled=form.registration_enabled.data, capacity=form.capacity.value,
        waiting_list=form.waiting_list.data, deadline_date=form.deadline_date.value,
        deadline_time=form.deadline_time.value,
        reminder_hours=int(form.reminder_hours.data) if (form.reminder_hours.data or "").isdigit() else None,
        repeat=form.repeat.data or "", repeat_interval=form.repeat_interval.value or 1,
        repeat_weekdays=form.repeat_weekdays.data or [], repeat_end=form.repeat_end.data or "never",
        repeat_until=form.repeat_until.value, repeat_count=form.repeat_count.value, rrule=form.rrule.data or "",
        timezone=DEFAULT_TIMEZONE,
    )


def form_values(event) -> dict:
    """An existing event as the edit form's initial values (wall-clock dates and times)."""
    start, end = event.starts_at.astimezone(event.zone), event.ends_at.astimezone(event.zone)
    # All-day events end at the midnight after their last day (exclusive, as in iCalendar).
    end_date = date.fromordinal(end.date().toordinal() - 1) if event.all_day else end.date()
    deadline = event.registration_deadline.astimezone(event.zone) if event.registration_deadline else None
    return {
        "title": event.title, "event_type": event.event_type, "organisation_id": event.organisation_id,
        "co_organiser_ids": [link.organisation_id for link in event.co_organiser_links],
        "description": event.description, "themes": event.themes, "languages": event.languages,
        "all_day": event.all_day, "start_date": start.date().isoformat(),
        "start_time": "" if event.all_day else start.strftime("%H:%M"),
        "end_date": "" if end_date == start.date() else end_date.isoformat(),
        "end_time": "" if event.all_day else end.strftime("%H:%M"),
        "county": event.county or "", "address": event.address or "", "online_url": event.online_url or "",
        "registration_enabled": event.registration_enabled,
        "capacity": str(event.capacity) if event.capacity else "", "waiting_list": event.waiting_list,
        "deadline_date": deadline.date().isoformat() if deadline else "",
        "deadline_time": deadline.strftime("%H:%M") if deadline else "",
        "reminder_hours": str(event.reminder_hours) if event.reminder_hours else "",
        "repeat": "custom" if event.recurrence_rule else "", "rrule": event.recurrence_rule or "",
        "repeat_end": "never",
    }


# --- smaller forms --------------------------------------------------------------------------------------
class ConfirmForm(AppForm):
    """A button with its CSRF token (publish, register, cancel a registration)."""

    submit = SubmitField(_l("Confirm"))


class CancelEventForm(AppForm):
    reason = TextAreaField(_l("Reason (shown on the event page)"), filters=[strip], validators=[
        Length(max=500, message=_l("At most %(max)d characters, please.")),
    ])
    submit = SubmitField(_l("Cancel the event"))


class OccurrenceForm(AppForm):
    """Move one occurrence of a series to another time, cancel it, or restore it."""

    start_date = DateText(_l("New date"), validators=[Optional()])
    start_time = TimeText(_l("New start time"))
    end_date = DateText(_l("New end date"), description=_l("Leave empty when it ends on the same day."))
    end_time = TimeText(_l("New end time"))
    note = StringField(_l("Note (shown on the page)"), filters=[strip], validators=[
        Length(max=500, message=_l("At most %(max)d characters, please.")),
    ])
    move = SubmitField(_l("Move this date"))
    cancel = SubmitField(_l("Cancel this date"))
    restore = SubmitField(_l("Restore as planned"))


class MinutesForm(AppForm):
    minutes = TextAreaField(_l("Minutes"), validators=[
        Length(max=DESCRIPTION_MAX, message=_l("The minutes have at most %(max)d characters.")),
    ], description=_l("What was agreed, who does what by when. You can use Markdown."))
    forum_thread = StringField(_l("Forum thread for the discussion"), filters=[strip], validators=[
        Length(max=300, message=_l("At most %(max)d characters, please.")),
    ], description=_l("The thread's number or address, e.g. /forums/t/42. Optional."))
    submit = SubmitField(_l("Save the minutes"))

    def validate_forum_thread(self, field):
        if field.data and self.thread_id is None:
            raise ValidationError(_l("Enter the number of a forum thread or its address, e.g. /forums/t/42."))

    @property
    def thread_id(self) -> int | None:
        text = (self.forum_thread.data or "").strip()
        if parse_number(text) is not None:  # a number alone ("²".isdigit() too, but int() refuses it)
            return to_id(text)
        match = _THREAD_URL.search(text)
        return int(match.group(1)) if match and len(match.group(1)) < 10 else None
