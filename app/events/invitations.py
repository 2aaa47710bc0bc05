"""The .ics sent with a registrant's e-mail (iTIP, RFC 5546): REQUEST to add or update, CANCEL to remove.

It carries the same UID as the feed and the event's own .ics, so a calendar that subscribes
to the feed and one that received the invitation hold one entry, not two. For one date of a
series only that date is sent, as the instance (RECURRENCE-ID) the feed also describes.
"""
from email.utils import parseaddr

from flask import current_app
from icalendar import vCalAddress, vText

from app.events import ical

REQUEST, CANCEL = "REQUEST", "CANCEL"


def invitation(event, occurrence, method: str, attendee) -> bytes:
    """The VCALENDAR (bytes) with the VEVENT of this occurrence for attendee (a user)."""
    calendar = ical.new_calendar(event.title, method=method)
    if not event.all_day:
        calendar.add_component(ical.event_zone(event))
    if event.is_recurring:
        component = ical.occurrence_component(event, occurrence)
    else:
        component = ical.event_components(event)[0]
    if method == CANCEL:
        component["status"] = "CANCELLED"
    if "organizer" not in component:  # iTIP needs one: the site's sender, in the organisation's name
        component.add("organizer", _site_organizer(event), encode=0)
    component.add("attendee", _attendee(attendee), encode=0)
    calendar.add_component(component)
    return calendar.to_ical()


def _site_organizer(event) -> vCalAddress:
    sender = parseaddr(current_app.config["MAIL_DEFAULT_SENDER"])[1]
    address = vCalAddress(f"mailto:{sender}")
    address.params["cn"] = vText(event.organisation.name)
    return address


def _attendee(user) -> vCalAddress:
    address = vCalAddress(f"mailto:{user.email}")
    address.params["cn"] = vText(user.display_name)
    address.params["role"] = vText("REQ-PARTICIPANT")
    address.params["partstat"] = vText("ACCEPTED")
    return address


def attachment(event, occurrence, method: str, attendee) -> tuple[str, bytes, str]:
    """(filename, content, mimetype) for app.mail.send_email's attachments."""
    name = f"event-{event.id}{'-' + occurrence.key if occurrence.key else ''}.ics"
    return name, invitation(event, occurrence, method, attendee), f"text/calendar; method={method}"
