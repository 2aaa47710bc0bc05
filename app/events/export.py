"""The organiser's CSV of registrants (UTF-8 with BOM, so that spreadsheets read Polish letters)."""
import csv
import io

from flask_babel import format_datetime
from flask_babel import gettext as _

# A cell starting with one of these is a formula in spreadsheet programs: neutralised.
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def _cell(value) -> str:
    text = "" if value is None else str(value)
    return "'" + text if text.startswith(_FORMULA_START) else text


def registrations_csv(event, occurrence, registrations) -> bytes:
    """One row per registrant of one occurrence: confirmed places first, then the waiting list."""
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow([_("Event"), _("Date"), _("Name"), _("E-mail address"), _("Status"), _("Position on the waiting list"),
                     _("Registered at"), _("Note")])
    when = format_datetime(occurrence.starts_at, "short")
    position = 0
    for registration in registrations:
        waiting = registration.status == "waiting"
        position += waiting
        writer.writerow([_cell(v) for v in (
            event.title, when, registration.user.display_name, registration.user.email,
            _("on the waiting list") if waiting else _("confirmed"), position if waiting else "",
            format_datetime(registration.queued_at, "short"), registration.note or "",
        )])
    return ("\ufeff" + out.getvalue()).encode("utf-8")
