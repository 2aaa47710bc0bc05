"""Reviewers who have no account yet: the secretariat enters their e-mail address, they get a
signed link, create a reviewer account with it and are assigned the application.

The link proves the address (so the account is confirmed at once); it works once, for 14 days.
A reviewer account belongs to no organisation: it sees only the applications given to it
(app/permissions/small_grants.py needs nothing more).
"""
from datetime import timedelta

from flask import current_app, url_for
from flask_babel import get_locale
from sqlalchemy import select

from app import signed_links
from app.auth.services import create_user, get_user_by_email, normalise_email
from app.db import utcnow
from app.extensions import db
from app.grants.errors import GrantError
from app.grants.models import GrantApplication, GrantReview, GrantReviewerInvitation
from app.grants.queries import has_conflict
from app.i18n import gettext as _
from app.mail import send_email

INVITATION_MAX_AGE = int(timedelta(days=14).total_seconds())


INVITATION_LINK = "grants.reviewer_invitation"  # the signed link's purpose (app/signed_links.py)


def invitation_token(invitation: GrantReviewerInvitation) -> str:
    return signed_links.invitation_link(INVITATION_LINK, invitation, "a", invitation.application_id)


def invite_reviewer(actor, application: GrantApplication, email: str) -> GrantReviewerInvitation:
    """E-mail the address (which has no account) a link to create a reviewer account for application.
    The caller (review.assign_reviewer) has checked the actor and the application."""
    email = normalise_email(email)
    invitation = db.session.execute(select(GrantReviewerInvitation).where(
        GrantReviewerInvitation.application_id == application.id, GrantReviewerInvitation.email == email,
        GrantReviewerInvitation.accepted_at.is_(None))).scalar_one_or_none()
    if invitation is None:
        invitation = GrantReviewerInvitation(application_id=application.id, email=email)
        db.session.add(invitation)
    invitation.invited_by_id = actor.id
    db.session.flush()
    language = str(get_locale() or "pl")  # the secretariat's: nothing is known of the person yet
    send_email(email, "grants/mail/reviewer_invitation", language, inviter=actor,
               call_title=application.call.title_in(language),
               accept_url=url_for("grants.reviewer_invitation", token=invitation_token(invitation), _external=True))
    return invitation


def load_invitation(token: str) -> GrantReviewerInvitation:
    """The open invitation of a link; GrantError when the link is forged, expired or already used."""
    max_age = current_app.config.get("GRANT_REVIEWER_INVITATION_MAX_AGE", INVITATION_MAX_AGE)
    try:
        return signed_links.open_invitation(INVITATION_LINK, token, max_age, GrantReviewerInvitation, "a",
                                            "application_id")
    except signed_links.ExpiredLink:
        raise GrantError(_("This invitation has expired. Ask the secretariat for a new one.")) from None
    except signed_links.InvalidLink:
        raise GrantError(_("This invitation link is not valid. Check that you copied all of it.")) from None
    except signed_links.ClosedInvitation as closed:
        raise GrantError(_("This invitation has already been used.") if closed.reason == "used"
                         else _("This invitation has been withdrawn.")) from None


def create_reviewer_account(invitation: GrantReviewerInvitation, display_name: str, password: str,
                            language: str):
    """A confirmed reviewer account for the invited address, assigned to the application."""
    if get_user_by_email(invitation.email) is not None:
        raise GrantError(_("An account with this address exists already: log in and open the link again."))
    user = create_user(invitation.email, display_name, password, language=language, role="reviewer",
                       confirmed=True)
    accept_invitation(invitation, user)
    return user


def accept_invitation(invitation: GrantReviewerInvitation, user) -> GrantReview:
    """Assign the account that opened the link (it must have the invited address)."""
    if normalise_email(user.email) != invitation.email:
        raise GrantError(_("This invitation is for another e-mail address. Log out and open the link again."))
    application = invitation.application
    if has_conflict(user.id, application):  # they may have joined a partner since they were invited
        raise GrantError(_("You belong to an organisation of the partnership: a conflict of interest. "
                           "Tell the secretariat, which will ask someone else."))
    review = next((r for r in application.reviews if r.reviewer_id == user.id), None)
    if review is None:
        review = GrantReview(application_id=application.id, reviewer_id=user.id,
                             assigned_by_id=invitation.invited_by_id, assigned_at=utcnow())
        application.reviews.append(review)
    invitation.accepted_at, invitation.accepted_by_id = utcnow(), user.id
    db.session.flush()
    return review
