"""A submitted application as a PDF, for the applicants' records: the call, the partnership,
every section, the budget with its totals, the attachments and when it was submitted.

fpdf2 (pure Python) writes it with DejaVu Sans, shipped in app/grants/fonts with its licence:
it covers Polish and Cyrillic, and the application must print the same on a fresh machine with
no fonts installed and no network. The labels are in the reader's language (the request's, or
the recipient's when the PDF goes with an e-mail); what the applicants wrote stays as written.
"""
from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from app import taxonomy
from app.dates import format_date, format_datetime
from app.grants.models import BUDGET_CATEGORY_LABELS
from app.grants.money import format_pln
from app.i18n import gettext as _

if TYPE_CHECKING:
    from fpdf import FPDF

FONTS = Path(__file__).resolve().parent / "fonts"
FAMILY = "DejaVu"
BODY, LINE = 10, 5.5
HEADING_FILL = (232, 236, 241)


def _document(title: str, lang: str) -> FPDF:
    # fpdf2 and fontTools are imported here, not with the module: they add 24 MB to every web
    # worker (about a tenth of one), for a PDF made now and then.
    from fpdf import FPDF

    pdf = FPDF(format="A4")
    pdf.add_font(FAMILY, "", FONTS / "DejaVuSans.ttf")
    pdf.add_font(FAMILY, "B", FONTS / "DejaVuSans-Bold.ttf")
    pdf.set_title(title)
    pdf.set_lang(lang)
    pdf.set_creator("Małopolska Otwarta · Forum Współpracy")
    pdf.set_auto_page_break(True, margin=15)
    pdf.add_page()
    return pdf


def _heading(pdf: FPDF, text: str, size: int = 13) -> None:
    pdf.ln(3)
    pdf.set_font(FAMILY, "B", size)
    pdf.multi_cell(0, LINE + 1.5, text, align="L", new_x="LMARGIN", new_y="NEXT")
    pdf.set_font(FAMILY, "", BODY)


def _paragraph(pdf: FPDF, text: str) -> None:
    pdf.multi_cell(0, LINE, text or _("Not written yet."), align="L", new_x="LMARGIN", new_y="NEXT")


def _table(pdf: FPDF, header: list[str], rows: list[list[str]], widths: tuple, right: int = 0) -> None:
    """A table with a header row; the last `right` columns (numbers) aligned right."""
    if not rows:
        _paragraph(pdf, _("None yet."))
        return
    from fpdf.fonts import FontFace  # with fpdf2 (see _document)

    align = ["LEFT"] * (len(header) - right) + ["RIGHT"] * right
    heading = FontFace(emphasis="BOLD", fill_color=HEADING_FILL)
    with pdf.table(col_widths=widths, text_align=align, headings_style=heading, line_height=LINE,
                   padding=1.5) as table:
        for values in [header, *rows]:
            row = table.row()
            for value in values:
                row.cell(value)


def _partnership(pdf: FPDF, application) -> None:
    _heading(pdf, _("Partnership"))
    rows = [[application.lead_org.name, taxonomy.label("sectors", application.lead_org.sector), _("Lead")]]
    rows += [[p.organisation.name, taxonomy.label("sectors", p.organisation.sector),
              _("Partner") if p.confirmed_at else _("Awaiting its admin's confirmation")]
             for p in application.partners]
    _table(pdf, [_("Organisation"), _("Sector"), _("Role")], rows, (3, 2, 1.4))


def _budget(pdf: FPDF, application) -> None:
    _heading(pdf, _("Budget"))
    rows = [[str(BUDGET_CATEGORY_LABELS.get(line.category, line.category)), line.description, str(line.quantity),
             format_pln(line.unit_cost), format_pln(line.total)] for line in application.budget_lines]
    if rows:
        rows += [["", _("Budget total"), "", "", format_pln(application.budget_total)],
                 ["", _("Own contribution"), "", "", format_pln(application.own_contribution)],
                 ["", _("Grant requested"), "", "", format_pln(application.requested_amount)]]
    _table(pdf, [_("Category"), _("What"), _("Quantity"), _("Unit cost"), _("Total")], rows, (2, 3, 1, 1.6, 1.6),
           right=3)


def _attachments(pdf: FPDF, application) -> None:
    _heading(pdf, _("Attachments"))
    rows = [[d.name, getattr(application.file_for(d.id), "filename", None) or _("Missing")]
            for d in application.call.documents]
    rows += [[_("Other attachments"), a.filename] for a in application.extra_files]
    _table(pdf, [_("Document"), _("File")], rows, (1, 1))


def application_pdf(application, lang: str) -> bytes:
    """The application as a PDF (labels in lang), for its readers to keep."""
    pdf = _document(application.title, lang)
    pdf.set_font(FAMILY, "", BODY)
    _paragraph(pdf, _("Application for a small grant"))
    _heading(pdf, application.title, size=16)
    _paragraph(pdf, _("Call: %(call)s", call=application.call.title_in(lang)))
    if application.submitted_at is not None:
        _paragraph(pdf, _("Submitted on %(moment)s (Warsaw time).",
                          moment=format_datetime(application.submitted_at, "long")))
    _partnership(pdf, application)
    _heading(pdf, _("Summary"))
    _paragraph(pdf, application.summary)
    _heading(pdf, _("The problem"))
    _paragraph(pdf, application.problem)
    _heading(pdf, _("Activities"))
    _table(pdf, [_("Activity"), _("From"), _("To")], [
        [a.description, format_date(a.starts_on, "short"), format_date(a.ends_on, "short")]
        for a in application.activities], (4, 1.2, 1.2))
    _heading(pdf, _("Expected results"))
    _table(pdf, [_("Expected result"), _("Indicator"), _("Target value")], [
        [r.result, r.indicator, str(r.target)] for r in application.results], (3, 2, 1), right=1)
    _budget(pdf, application)
    _attachments(pdf, application)
    return bytes(pdf.output())
