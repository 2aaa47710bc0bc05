"""iCalendar (RFC 5545) output, made with the icalendar library: one event or a feed.

Every VEVENT keeps the event's stable UID; a change bumps SEQUENCE; a series carries its
RRULE and each moved or cancelled date as a VEVENT of the same UID with a RECURRENCE-ID (a
cancelled one with STATUS:CANCELLED and the organiser's note, and also as an EXDATE for programs
that ignore cancelled instances). DESCRIPTION is plain text: calendar programs show Markdown raw. Times are given with TZID=Europe/Warsaw and a VTIMEZONE whose yearly rules
hold for every future year (the EU rule: last Sunday of March and of October).
"""
import re
from datetime import datetime, timedelta, timezone
from html import unescape
from functools import cache
from zoneinfo import ZoneInfo

from flask import url_for
from icalendar import Calendar, Event as VEvent, Timezone, TimezoneDaylight, TimezoneStandard, vCalAddress, vRecur, vText

from app import taxonomy
from app.events.models import DEFAULT_TIMEZONE
from app.events.recurrence import get_occurrence
from app.i18n import gettext as _
from app.text import sanitised_text

PRODID = "-//Malopolska Otwarta//Forum Wspolpracy//PL"


@cache
def warsaw_vtimezone() -> Timezone:
    """Europe/Warsaw as VTIMEZONE with RRULEs (valid since 1996, for all future years)."""
    zone = Timezone()
    zone.add("tzid", DEFAULT_TIMEZONE)
    zone.add("x-lic-location", DEFAULT_TIMEZONE)
    daylight = TimezoneDaylight()
    daylight.add("tzname", "CEST")
    daylight.add("tzoffsetfrom", timedelta(hours=1))
    daylight.add("tzoffsetto", timedelta(hours=2))
    daylight.add("dtstart", datetime(1970, 3, 29, 2, 0))
    daylight.add("rrule", vRecur.from_ical("FREQ=YEARLY;BYMONTH=3;BYDAY=-1SU"))
    standard = TimezoneStandard()
    standard.add("tzname", "CET")
    standard.add("tzoffsetfrom", timedelta(hours=2))
    standard.add("tzoffsetto", timedelta(hours=1))
    standard.add("dtstart", datetime(1970, 10, 25, 3, 0))
    standard.add("rrule", vRecur.from_ical("FREQ=YEARLY;BYMONTH=10;BYDAY=-1SU"))
    zone.add_component(daylight)
    zone.add_component(standard)
    return zone


def _vtimezone(name: str, events) -> Timezone:
    if name == DEFAULT_TIMEZONE:
        return warsaw_vtimezone()
    first = min(e.starts_at for e in events) - timedelta(days=1)
    last = max((e.last_ends_at or e.starts_at + timedelta(days=366 * 5)) for e in events) + timedelta(days=1)
    return Timezone.from_tzinfo(ZoneInfo(name), first_date=first.date(), last_date=last.date())


def event_zone(event) -> Timezone:
    """The VTIMEZONE an event's times refer to."""
    return _vtimezone(event.timezone, [event])


def new_calendar(name: str, method: str = "PUBLISH") -> Calendar:
    calendar = Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", method)
    calendar.add("x-wr-calname", name)
    calendar.add("x-wr-timezone", DEFAULT_TIMEZONE)
    calendar.add("refresh-interval", timedelta(hours=6), parameters={"VALUE": "DURATION"})
    calendar.add("x-published-ttl", "PT6H")
    return calendar


def calendar_of(events, name: str) -> bytes:
    """The VCALENDAR (bytes, CRLF lines folded at 75 octets) of these events."""
    events = list(events)
    return assemble(name, events, [event_ical(event) for event in events])


def assemble(name: str, zone_sources, bodies) -> bytes:
    """A VCALENDAR around already serialised events (event_ical), with the VTIMEZONEs they need.

    zone_sources: objects with timezone, all_day, starts_at and last_ends_at (events or rows).
    The result is what the library writes for the whole calendar: it serialises each
    component on its own lines, so the events' bytes can be made (and kept) one by one.
    """
    calendar = new_calendar(name)
    zone_sources = list(zone_sources)
    for zone_name in sorted({e.timezone for e in zone_sources if not e.all_day}):
        calendar.add_component(_vtimezone(zone_name, [e for e in zone_sources if e.timezone == zone_name]))
    head, end = calendar.to_ical(), b"END:VCALENDAR\r\n"
    return head[:-len(end)] + b"".join(bodies) + end


def event_ical(event) -> bytes:
    """The serialised VEVENTs of one event (its master and moved occurrences)."""
    return b"".join(component.to_ical() for component in event_components(event))


def event_components(event) -> list[VEvent]:
    """The master VEVENT of an event and one VEVENT per moved or cancelled occurrence."""
    master = _base(event, event.starts_at, event.ends_at, event.sequence)
    master.add("url", url_for("events.show_event", event_id=event.id, _external=True))
    components = [master]
    if event.is_recurring:
        master.add("rrule", vRecur.from_ical(event.recurrence_rule))
        cancelled = [o for o in event.overrides if o.kind == "cancelled"]
        if cancelled:
            master.add("exdate", [_when(event, _original_start(event, o)) for o in cancelled])
        for override in event.overrides:
            occurrence = get_occurrence(event, override.occurrence_date.isoformat())
            if occurrence is not None and (occurrence.is_moved or occurrence.is_cancelled):
                components.append(occurrence_component(event, occurrence))
    return components


def _original_start(event, override) -> datetime:
    occurrence = get_occurrence(event, override.occurrence_date.isoformat())
    if occurrence is not None:
        return occurrence.original_start
    local = event.starts_at.astimezone(event.zone)
    return datetime.combine(override.occurrence_date, local.timetz()).replace(tzinfo=event.zone)


def occurrence_component(event, occurrence) -> VEvent:
    """One date of a series as its own VEVENT (RECURRENCE-ID): moved, cancelled, or as planned."""
    note = occurrence.override.note if occurrence.override is not None else None
    component = _base(event, occurrence.starts_at, occurrence.ends_at, event.sequence,
                      cancelled=occurrence.is_cancelled, note=note)
    component.add("recurrence-id", _when(event, occurrence.original_start))
    component.add("url", url_for("events.show_occurrence", event_id=event.id, occurrence=occurrence.key,
                                 _external=True))
    return component


def _when(event, moment: datetime):
    """A DTSTART-like value: a date for all-day events, else a time in the event's zone."""
    local = moment.astimezone(event.zone)
    return local.date() if event.all_day else local


def _base(event, starts_at: datetime, ends_at: datetime, sequence: int, cancelled: bool | None = None,
          note: str | None = None) -> VEvent:
    component = VEvent()
    component.add("uid", event.uid)
    component.add("dtstamp", event.updated_at.astimezone(timezone.utc))
    component.add("created", event.created_at.astimezone(timezone.utc))
    component.add("last-modified", event.updated_at.astimezone(timezone.utc))
    component.add("sequence", sequence)
    component.add("summary", event.title)
    component.add("dtstart", _when(event, starts_at))
    component.add("dtend", _when(event, ends_at))
    cancelled = event.is_cancelled if cancelled is None else cancelled
    component.add("status", "CANCELLED" if cancelled else "CONFIRMED")
    component.add("transp", "OPAQUE")
    component.add("categories", [taxonomy.label("event_types", event.event_type)])
    location = _location(event)
    if location:
        component.add("location", location)
    component.add("description", _description(event, cancelled, note))
    organiser = event.organisation
    if organiser is not None and organiser.email:
        address = vCalAddress(f"mailto:{organiser.email}")
        address.params["cn"] = vText(organiser.name)
        component.add("organizer", address, encode=0)
    return component


def _location(event) -> str:
    parts = [event.address or "", taxonomy.label("counties", event.county) if event.county else ""]
    place = ", ".join(p for p in parts if p)
    if event.online_url:
        place = f"{place} / {event.online_url}" if place else event.online_url
    return place


def _description(event, cancelled: bool, note: str | None) -> str:
    lines = [description_text(event.description_html)]
    if cancelled:
        reason = event.cancellation_reason if event.is_cancelled else note
        lines.insert(0, _("CANCELLED") + (f": {reason}" if reason else ""))
    elif note:
        lines.insert(0, note)
    if event.online_url:
        lines.append(_("Online: %(url)s", url=event.online_url))
    lines.append(_("Organiser: %(name)s", name=event.organisation.name))
    lines.append(url_for("events.show_event", event_id=event.id, _external=True))
    return "\n\n".join(line for line in lines if line)


_PARAGRAPH_END = re.compile(r"</(?:p|li|h[1-6]|blockquote|pre|tr)>|<br\s*/?>|<hr\s*/?>")
_LINK = re.compile(r'<a\s[^>]*?href="([^"]*)"[^>]*>(.*?)</a>', re.S)


def description_text(html: str | None) -> str:
    """The event's description (sanitised HTML) as plain text: paragraphs and lines kept, links spelled out."""
    if not html:
        return ""
    with_links = _LINK.sub(lambda m: m[2] if unescape(m[1]) == sanitised_text(m[2]) else f"{m[2]} ({m[1]})", html)
    paragraphs = (_lines_of(part) for part in _PARAGRAPH_END.split(with_links))
    return "\n\n".join(text for text in paragraphs if text)


def _lines_of(html_part: str) -> str:
    # The author's line breaks stay: in a calendar they are all the layout there is.
    lines = (sanitised_text(line) for line in html_part.split("\n"))
    return "\n".join(line for line in lines if line)
