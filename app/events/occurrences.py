"""Verbs on one date of a series: cancel it, move it, restore it (iCalendar EXDATE / RECURRENCE-ID).

Re-exported by services.py; each tells the people registered for that date (messages.py).
"""
from datetime import datetime, time, timedelta, timezone


from app.events import messages
from app.events.errors import EventError
from app.events.models import Event, OccurrenceOverride
from app.events.recurrence import get_occurrence, series_end
from app.events.services import MAX_DURATION, _require, local_moment
from app.extensions import db
from app.i18n import gettext as _
from app.text import clean_input


def _occurrence_of(event: Event, key: str):
    if not event.is_recurring:
        raise EventError(_("Only a repeating event has occurrences to change."))
    occurrence = get_occurrence(event, key)
    if occurrence is None:
        raise EventError(_("The event does not take place on this date."))
    return occurrence


def cancel_occurrence(actor, event: Event, key: str, note: str = "") -> OccurrenceOverride:
    """Cancel one date of a series (EXDATE in calendars); its registrations stay, marked cancelled."""
    _require(actor, "events.edit", event)
    occurrence = _occurrence_of(event, key)
    override = occurrence.override or OccurrenceOverride(occurrence_date=occurrence.occurrence_date)
    before = _when_of(override)
    override.kind, override.starts_at, override.ends_at = "cancelled", None, None
    override.note = clean_input(note).strip()[:500] or None
    _save_override(event, override)
    _tell_if_changed(event, override, before)
    return override


def move_occurrence(actor, event: Event, key: str, start: datetime, end: datetime, note: str = "") -> OccurrenceOverride:
    """Move one date of a series to another time (a RECURRENCE-ID override in calendars)."""
    _require(actor, "events.edit", event)
    occurrence = _occurrence_of(event, key)
    if end <= start:
        raise EventError(_("The end must be after the start."), "end_time")
    if end - start > MAX_DURATION:
        raise EventError(_("An event may last at most %(days)d days; add a repetition for a longer cycle.",
                           days=MAX_DURATION.days), "end_date")
    override = occurrence.override or OccurrenceOverride(occurrence_date=occurrence.occurrence_date)
    before = _when_of(override)
    override.kind = "moved"
    override.starts_at, override.ends_at = start.astimezone(timezone.utc), end.astimezone(timezone.utc)
    override.note = clean_input(note).strip()[:500] or None
    _save_override(event, override)
    _tell_if_changed(event, override, before)
    return override


def _when_of(override: OccurrenceOverride) -> tuple:
    return override.kind, override.starts_at, override.ends_at


def _tell_if_changed(event: Event, override: OccurrenceOverride, before: tuple) -> None:
    # The same cancellation or move sent again (a repeated request, a note corrected) is no news
    # to registrants: their calendars still see the new note through SEQUENCE.
    if _when_of(override) != before:
        messages.tell_occurrence_changed(event, override)


def restore_occurrence(actor, event: Event, key: str) -> None:
    """Undo a cancellation or a move: the occurrence happens as the rule says."""
    _require(actor, "events.edit", event)
    occurrence = _occurrence_of(event, key)
    if occurrence.override is not None:
        event.overrides.remove(occurrence.override)
        event.sequence += 1
        db.session.flush()
        event.last_ends_at = series_end(event)
        db.session.flush()


def _save_override(event: Event, override: OccurrenceOverride) -> OccurrenceOverride:
    if override not in event.overrides:
        event.overrides.append(override)
    override.sequence = (override.sequence or 0) + 1
    event.sequence += 1
    db.session.flush()
    event.last_ends_at = series_end(event)
    db.session.flush()
    return override


def moved_times(event: Event, start_date, start_time, end_date, end_time) -> tuple[datetime, datetime]:
    """The new (start, end) of a moved occurrence from the wall-clock values typed."""
    zone = event.zone
    if start_date is None:
        raise EventError(_("Enter the new date."), "start_date")
    if event.all_day:
        start = datetime.combine(start_date, time(0), tzinfo=zone)
        end = datetime.combine((end_date or start_date) + timedelta(days=1), time(0), tzinfo=zone)
        if end <= start:
            raise EventError(_("The event cannot end before it starts."), "end_date")
        return start, end
    if start_time is None:
        raise EventError(_("Enter the new start time."), "start_time")
    if end_time is None:
        raise EventError(_("Enter the new end time."), "end_time")
    start = local_moment(start_date, start_time, zone, "start_time")
    end = local_moment(end_date or start_date, end_time, zone, "end_time")
    if end <= start:
        raise EventError(_("The end must be after the start."), "end_time")
    return start, end
