"""What people are told about applications: invitations, review assignments, decisions.

Each message is a notification (in-app, and e-mail as the recipient chose), its title written
in the recipient's own language. Subject keys start with "grant-application:<id>" so that the
notifications check again, whenever shown or sent, that the recipient still sees the
application (app/notifications/subjects.py).
"""
from flask import current_app
from flask_babel import force_locale
from flask_babel import gettext as _
from sqlalchemy import select

from app.auth.models import User
from app.directory.models import Membership
from app.extensions import db


def _path(endpoint: str, **values) -> str:
    """A path on this site, also outside a request (e.g. while seeding the demo)."""
    return current_app.url_map.bind("localhost").build(endpoint, values)


def _members(organisation_id: int, admins_only: bool) -> list:
    statement = select(User).join(Membership, Membership.user_id == User.id).where(
        Membership.organisation_id == organisation_id, Membership.status == "active")
    if admins_only:
        statement = statement.where(Membership.is_admin)
    return list(db.session.execute(statement.order_by(User.id)).scalars())


def _tell(users, kind: str, application, tag: str, title, actor=None) -> None:
    """Notify each user, the title (a function) written in their language."""
    from app.notifications.services import notify

    url = _path("grants.show_application", application_id=application.id)
    for user in users:
        with force_locale(user.language or current_app.config["BABEL_DEFAULT_LOCALE"]):
            text = title()
        notify(user, kind, title=text, url=url, actor=actor, subject_key=f"grant-application:{application.id}:{tag}")


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
    from app.grants.money import format_pln

    def title():
        if application.decision == "granted":
            return _("Your application “%(title)s” is granted %(amount)s",
                     title=application.title, amount=format_pln(application.awarded_amount))
        if application.decision == "reserve":
            return _("Your application “%(title)s” is on the reserve list", title=application.title)
        return _("Your application “%(title)s” is not granted", title=application.title)

    _tell(_members(application.lead_org_id, admins_only=False), "grant_decision", application,
          f"decision-{application.decision}", title, actor)
