"""Verbs of the final report of a granted project: the applicants write and submit it, the
secretariat accepts it or returns it with comments (a returned report is edited again)."""
from dataclasses import dataclass, field


from app.db import utcnow
from app.extensions import db
from app.grants import messages
from app.grants.errors import GrantError, NotAllowed
from app.grants.models import GrantReport
from app.grants.money import format_pln
from app.i18n import gettext as _
from app.permissions import can
from app.text import clean_input


@dataclass
class ReportData:
    done: str
    spent: int
    own_spent: int
    reached: list = field(default_factory=list)  # the value reached, per expected result, in their order


def save_report(actor, application, data: ReportData, submit: bool) -> GrantReport:
    """Save the report (and submit it for the secretariat's review)."""
    if not can(actor, "grants.write_report", application):
        raise NotAllowed(_("You may not do this."))
    if data.spent > application.awarded_amount:
        raise GrantError(_("More than the grant awarded (%(amount)s) cannot be spent from it.",
                           amount=format_pln(application.awarded_amount)), "spent")
    report = application.report or GrantReport(application_id=application.id)
    application.report = report
    report.done, report.spent, report.own_spent = clean_input(data.done), data.spent, data.own_spent
    for result, reached in zip(application.results, data.reached):
        result.reached = reached
    if submit:
        if not report.done.strip() or any(r.reached is None for r in application.results):
            raise GrantError(_("Describe what was done and give the value each indicator reached."), "done")
        report.status, report.submitted_at = "submitted", utcnow()
    db.session.flush()
    return report


def review_report(actor, application, accept: bool, comment: str) -> GrantReport:
    """Accept the submitted report, or return it with comments for the applicants to correct."""
    report = application.report
    if not can(actor, "grants.manage_calls") or report is None:
        raise NotAllowed(_("You may not do this."))
    if report.status != "submitted":
        raise GrantError(_("Only a submitted report can be accepted or returned."))
    if not accept and not comment.strip():
        raise GrantError(_("Say what needs correcting."), "comment")
    report.status, report.comment, report.reviewed_at = ("accepted" if accept else "returned"), comment, utcnow()
    db.session.flush()
    messages.tell_report_reviewed(application, actor)
    return report

