"""The organiser's list of registrants for office software: .xlsx, and CSV as Polish spreadsheets read it.

Polish Excel and LibreOffice read a CSV with the list separator of the Polish locale, ";"
(the decimal comma takes ","), and recognise UTF-8 only with a byte-order mark. The .xlsx
needs neither guess. A cell that starts like a formula ("=", "+", "-", "@") is neutralised in
both: a registrant's name or note must never run in the organiser's spreadsheet.
"""
import csv
import io
from datetime import datetime

from sqlalchemy import select

from app.events import questions
from app.events.queries import local_zone
from app.extensions import db
from app.i18n import gettext as _

CSV_SEPARATOR = ";"
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
XLSX_MIMETYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _cell(value) -> str:
    text = "" if value is None else str(value)
    return "'" + text if text.startswith(_FORMULA_START) else text


def _local(moment: datetime | None) -> datetime | None:
    """Warsaw wall-clock time without a zone: what spreadsheets store and show."""
    return moment.astimezone(local_zone()).replace(tzinfo=None, second=0, microsecond=0) if moment else None


def headers(question_columns=()) -> list[str]:
    return [_("Event"), _("Date"), _("Name"), _("E-mail address"), _("Organisation"), _("Status"),
            _("Position on the waiting list"), _("Registered at"), _("Place given at"), _("Note"), *question_columns]


def table(event, occurrence, registrations) -> tuple[list[str], list[list]]:
    """(headers, rows): one row per registrant, confirmed places first, then the waiting list in its order.

    The organisation is the one given when registering, else those the registrant is a member of.
    Each question answered is a column headed by its text as it was asked (a reworded question
    gets a column of its own: nobody's answer is put under words they did not answer).
    """
    organisations = organisations_of([r.user_id for r in registrations])
    answers = questions.answers_of([r.id for r in registrations])
    columns = list(dict.fromkeys(a.question_text for a in sorted(
        (a for found in answers.values() for a in found), key=lambda a: (a.position, a.id))))
    position = 0
    rows = []
    for registration in registrations:
        waiting = registration.status == "waiting"
        position += waiting
        given = {a.question_text: questions.shown_answer(a) for a in answers.get(registration.id, [])}
        rows.append([
            event.title, _local(occurrence.starts_at), registration.user.display_name, registration.user.email,
            registration.organisation_name or "; ".join(organisations.get(registration.user_id, [])),
            _("on the waiting list") if waiting else _("confirmed"), position if waiting else None,
            _local(registration.queued_at), _local(registration.promoted_at), registration.note or "",
            *(given.get(column, "") for column in columns),
        ])
    return headers(columns), rows


def organisations_of(user_ids: list[int]) -> dict[int, list[str]]:
    """{user id: names of the organisations they are an active member of}, in one query."""
    from app.directory.models import Membership, Organisation

    found: dict[int, list[str]] = {}
    if not user_ids:
        return found
    for user_id, name in db.session.execute(
        select(Membership.user_id, Organisation.name).join(Organisation, Organisation.id == Membership.organisation_id)
        .where(Membership.user_id.in_(user_ids), Membership.status == "active").order_by(Organisation.sort_key)
    ):
        found.setdefault(user_id, []).append(name)
    return found


def registrations_csv(event, occurrence, registrations) -> bytes:
    """The rows as CSV: ";" between cells, UTF-8 with BOM, times as YYYY-MM-DD HH:MM (Warsaw)."""
    out = io.StringIO()
    writer = csv.writer(out, delimiter=CSV_SEPARATOR)
    names, rows = table(event, occurrence, registrations)
    writer.writerow(names)
    for row in rows:
        writer.writerow([_cell(v.strftime("%Y-%m-%d %H:%M") if isinstance(v, datetime) else v) for v in row])
    return ("\ufeff" + out.getvalue()).encode("utf-8")


def registrations_xlsx(event, occurrence, registrations) -> bytes:
    """The rows as an Excel workbook: real dates and numbers, text cells never read as formulas."""
    from openpyxl import Workbook

    workbook = Workbook()
    sheet = workbook.active
    sheet.title = _("Registrations")[:31]
    names, rows = table(event, occurrence, registrations)
    sheet.append(names)
    for row in rows:
        sheet.append(row)
    for line in sheet.iter_rows(min_row=2):
        for cell in line:
            _format(cell)
    sheet.freeze_panes = "A2"
    for column, width in zip("ABCDEFGHIJ", (30, 17, 24, 28, 36, 18, 10, 17, 17, 30)):
        sheet.column_dimensions[column].width = width
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


def _format(cell) -> None:
    if isinstance(cell.value, datetime):
        cell.number_format = "yyyy-mm-dd hh:mm"
    elif cell.data_type == "f":  # openpyxl takes any text starting with "=" for a formula
        cell.data_type = "s"
