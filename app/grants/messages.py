"""What people are told: a new call (organisations it fits), invitations, review assignments, the
submission's confirmation, decisions, and the secretariat's answer to a final report.

Each message is a notification (in-app, and e-mail as the recipient chose), its title written
in the recipient's own language. Subject keys start with "grant-application:<id>" or
"grant-call:<id>" so that the notifications check again, whenever shown or sent, that the
recipient still sees the application or the call (app/notifications/subjects.py).
"""
from flask import current_app
from flask_babel import force_locale
from sqlalchemy import or_, select

from app.auth.models import User
from app.dates import format_datetime
from app.directory.models import Membership, Organisation, OrganisationTag
from app.extensions import db
from app.grants.models import GrantApplication
from app.grants.money import format_pln
from app.grants.pdf import application_pdf
from app.i18n import gettext as _
from app.inputs import to_id
from app.notifications.kinds import MailDetails, mail_details_for
from app.notifications.services import notify
from app.permissions import can
from app.taxonomy import current_language


def _path(endpoint: str, **values) -> str:
    """A path on this site, also outside a request (e.g. while seeding the demo)."""
    return current_app.url_map.bind("localhost").build(endpoint, values)


def _members(organisation_id: int, admins_only: bool) -> list:
    statement = select(User).join(Membership, Membership.user_id == User.id).where(
        Membership.organisation_id == organisation_id, Membership.status == "active")
    if admins_only:
        statement = statement.where(Membership.is_admin)
    return list(db.session.execute(statement.order_by(User.id)).scalars())


def _notify_each(users, kind: str, url: str, subject_key: str, title, actor=None) -> None:
    """Notify each user, the title (a function) written in their language."""
    for user in users:
        with force_locale(user.language or current_app.config["BABEL_DEFAULT_LOCALE"]):
            text = title()
        notify(user, kind, title=text, url=url, actor=actor, subject_key=subject_key)


def _tell(users, kind: str, application, tag: str, title, actor=None) -> None:
    _notify_each(users, kind, _path("grants.show_application", application_id=application.id),
                 f"grant-application:{application.id}:{tag}", title, actor)


def _fitting_admins(call) -> list:
    """Admins of verified organisations that share a theme of the call (if it has themes) and serve
    one of its counties or the whole region (if it has counties). A call with neither tells nobody."""
    if not call.themes and not call.counties:
        return []
    statement = select(User).join(Membership, Membership.user_id == User.id).join(
        Organisation, Organisation.id == Membership.organisation_id).where(
        Membership.is_admin, Organisation.verified_at.is_not(None))
    tagged = lambda vocabulary, slugs: select(OrganisationTag.organisation_id).where(  # noqa: E731
        OrganisationTag.vocabulary == vocabulary, OrganisationTag.slug.in_(slugs))
    if call.themes:
        statement = statement.where(Organisation.id.in_(tagged("thematic_areas", call.themes)))
    if call.counties:
        statement = statement.where(or_(Organisation.whole_region, Organisation.id.in_(tagged("counties", call.counties))))
    return list(db.session.execute(statement.order_by(User.id)).unique().scalars())


def tell_call_published(call, actor) -> None:
    """The admins of the organisations the call fits hear of it."""
    _notify_each(_fitting_admins(call), "grant_call", _path("grants.show_call", call_id=call.id),
                 f"grant-call:{call.id}:published", lambda: _("New call for small grants: %(title)s",
                                                              title=call.title_in(current_language())), actor)


def tell_invited(application, partner, actor) -> None:
    """The invited organisation's admins are asked to confirm their part."""
    _tell(_members(partner.organisation_id, admins_only=True), "grant_invitation", application,
          f"invited-{partner.organisation_id}",
          lambda: _("%(org)s invites your organisation to the application “%(title)s”",
                    org=application.lead_org.name, title=application.title), actor)


def tell_reviewer(review, actor) -> None:
    application = review.application
    _tell([review.reviewer], "grant_review_assigned", application, f"review-{review.id}",
          lambda: _("Please review the application “%(title)s”", title=application.title), actor)


def tell_decision(application, actor) -> None:
    """The lead organisation's members hear the secretariat's decision."""
    def title():
        if application.decision == "granted":
            return _("Your application “%(title)s” is granted %(amount)s",
                     title=application.title, amount=format_pln(application.awarded_amount))
        if application.decision == "reserve":
            return _("Your application “%(title)s” is on the reserve list", title=application.title)
        return _("Your application “%(title)s” is not granted", title=application.title)

    _tell(_members(application.lead_org_id, admins_only=False), "grant_decision", application,
          f"decision-{application.decision}", title, actor)


def tell_submitted(application, submitter) -> None:
    """The submitter and the lead organisation's admins get the confirmation (by e-mail unless
    they chose otherwise), each in their language."""
    title = lambda: _("Your application “%(title)s” is submitted", title=application.title)  # noqa: E731
    _tell([submitter], "grant_submitted", application, "submitted", title)  # no actor: the submitter is told too
    admins = [user for user in _members(application.lead_org_id, admins_only=True) if user.id != submitter.id]
    _tell(admins, "grant_submitted", application, "submitted", title, submitter)


def tell_report_reviewed(application, actor) -> None:
    """The lead organisation's members hear that the final report is accepted, or returned (then
    only those who can correct it)."""
    report, members = application.report, _members(application.lead_org_id, admins_only=False)
    if report.status == "returned":
        members = [user for user in members if can(user, "grants.write_report", application)]

    def title():
        if report.status == "accepted":
            return _("The final report of “%(title)s” is accepted", title=application.title)
        return _("The final report of “%(title)s” is returned for corrections: %(comment)s",
                 title=application.title, comment=report.comment)

    _tell(members, "grant_report_reviewed", application, f"report-{report.status}-{report.reviewed_at:%Y%m%d%H%M%S}",
          title, actor)


@mail_details_for("grant_submitted")
def submission_mail(notification) -> MailDetails | None:
    """The confirmation's lines (the call, the partnership, the amount requested, when, the files)
    and the application as a PDF, in the recipient's language."""
    parts = (notification.subject_key or "").split(":")
    application = db.session.get(GrantApplication, to_id(parts[1]) or 0) if len(parts) > 1 else None
    if application is None or application.submitted_at is None:
        return None
    partners = ", ".join(p.organisation.name for p in application.partners)
    return MailDetails(lines=[
        _("Call: %(call)s", call=application.call.title_in(current_language())),
        _("Lead organisation: %(org)s", org=application.lead_org.name),
        _("Partners: %(orgs)s", orgs=partners or "—"),
        _("Grant requested: %(amount)s", amount=format_pln(application.requested_amount)),
        _("Submitted on %(moment)s (Warsaw time).", moment=format_datetime(application.submitted_at, "long")),
        _("Attachments: %(files)s", files=", ".join(a.filename for a in application.files) or "—"),
    ], attachments=[(f"grant-application-{application.id}.pdf", application_pdf(application, current_language()),
                     "application/pdf")])
