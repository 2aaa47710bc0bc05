"""The deadline of a call as an iCalendar entry (RFC 5545), for the applicants' calendar programs.

One VEVENT with a stable UID per call, at the closing moment on the Warsaw wall clock (the
same VTIMEZONE the events calendar uses); a change of the deadline bumps nothing but DTSTAMP,
so the UID is what programs match on.
"""
from flask import current_app, url_for
from icalendar import Calendar, Event as VEvent

from app.db import utcnow
from app.events.ical import PRODID, warsaw_vtimezone
from app.events.queries import local_zone
from app.i18n import gettext as _


def deadline_calendar(call, lang: str) -> bytes:
    """A VCALENDAR with the call's closing moment."""
    calendar = Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add_component(warsaw_vtimezone())
    entry = VEvent()
    host = current_app.config.get("EVENTS_UID_HOST") or "forum.malopolska-otwarta.pl"
    entry.add("uid", f"grant-call-{call.id}-deadline@{host}")
    entry.add("dtstamp", utcnow())
    closes = call.closes_at.astimezone(local_zone())
    entry.add("dtstart", closes)
    entry.add("dtend", closes)
    entry.add("summary", _("Deadline: %(title)s", title=call.title_in(lang)))
    entry.add("url", url_for("grants.show_call", call_id=call.id, _external=True))
    entry.add("transp", "TRANSPARENT")
    calendar.add_component(entry)
    return calendar.to_ical()
