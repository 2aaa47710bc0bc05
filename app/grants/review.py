"""Verbs of the review: assigning reviewers, scoring, and the secretariat's decisions.

A reviewer may not belong to any organisation of the partnership (conflict of interest);
points stay within each criterion's maximum; a decision is told to the lead organisation's
members in their language (messages.py).
"""
from sqlalchemy import delete, func, select

from app.auth.models import User
from app.db import utcnow
from app.extensions import db
from app.grants import messages
from app.grants.errors import GrantError, NotAllowed
from app.grants.models import DECISIONS, GrantApplication, GrantReview, GrantReviewerInvitation, GrantScore
from app.grants.queries import has_conflict
from app.grants.reviewer_invitations import invite_reviewer
from app.i18n import gettext as _
from app.permissions import can


def _require(actor, action: str, obj=None) -> None:
    if not can(actor, action, obj):
        raise NotAllowed(_("You may not do this."))


def _require_submitted(application: GrantApplication) -> None:
    if application.is_draft:
        raise GrantError(_("The application is not submitted yet."))


def assign_reviewer(actor, application: GrantApplication, email: str) -> GrantReview | GrantReviewerInvitation:
    """Give the application to the account with this e-mail address, unless it has a conflict; an
    address with no account gets an invitation to create a reviewer account (returned instead)."""
    _require(actor, "grants.manage_calls")
    _require_submitted(application)
    reviewer = db.session.execute(select(User).where(func.lower(User.email) == email.strip().lower())).scalar()
    if reviewer is None:
        return invite_reviewer(actor, application, email)
    if not reviewer.is_confirmed or reviewer.is_suspended:
        raise GrantError(_("No active account has this e-mail address."), "email")
    if has_conflict(reviewer.id, application):
        raise GrantError(_("This person belongs to an organisation of the partnership: a conflict of interest."),
                         "email")
    if any(review.reviewer_id == reviewer.id for review in application.reviews):
        raise GrantError(_("This person already reviews the application."), "email")
    review = GrantReview(application_id=application.id, reviewer=reviewer, assigned_by_id=actor.id,
                         assigned_at=utcnow())
    application.reviews.append(review)
    db.session.flush()
    messages.tell_reviewer(review, actor)
    return review


def save_scores(actor, review: GrantReview, scores: list, submit: bool) -> GrantReview:
    """scores: [(points, comment)] in the order of the call's criteria; submit freezes the review."""
    _require(actor, "grants.write_review", review)
    application = db.session.get(GrantApplication, review.application_id)
    if application.decision is not None:
        raise GrantError(_("The decision is made: the review is closed."))
    criteria = application.call.criteria
    if len(scores) != len(criteria):
        raise GrantError(_("Score every criterion."))
    for n, (criterion, (points, comment)) in enumerate(zip(criteria, scores)):
        if points is None or not 0 <= points <= criterion.max_points:
            raise GrantError(_("Give from 0 to %(max)d points.", max=criterion.max_points), f"scores-{n}-points")
    existing = {score.criterion_id: score for score in review.scores}
    for criterion, (points, comment) in zip(criteria, scores):
        score = existing.get(criterion.id) or GrantScore(criterion_id=criterion.id)
        score.points, score.comment = points, comment or ""
        if score.id is None:
            review.scores.append(score)
    if submit:
        review.submitted_at = utcnow()
    db.session.flush()
    return review


def decide(actor, application: GrantApplication, decision: str, amount: int | None, reason: str) -> None:
    """Record granted (with an amount) / reserve / rejected, and tell the applicants."""
    _require(actor, "grants.manage_calls")
    _require_submitted(application)
    if decision not in DECISIONS:
        raise GrantError(_("Choose the decision."), "decision")
    call = application.call
    if decision == "granted":
        if amount is None or not call.min_grant <= amount <= min(call.max_grant, application.requested_amount):
            raise GrantError(_("Grant an amount within the call's range and no more than requested."), "amount")
        granted = db.session.execute(select(func.coalesce(func.sum(GrantApplication.awarded_amount), 0)).where(
            GrantApplication.call_id == call.id, GrantApplication.decision == "granted",
            GrantApplication.id != application.id)).scalar()
        if granted + amount > call.total_budget:
            raise GrantError(_("The grants would exceed the call's total budget."), "amount")
    previous = application.decision
    application.decision, application.decision_reason = decision, reason or ""
    application.awarded_amount = amount if decision == "granted" else None
    application.decided_at = utcnow()
    db.session.flush()
    if previous != decision:
        messages.tell_decision(application, actor)


def forget_reviewer(user) -> None:
    """Before an account goes: the reviews it had not submitted are withdrawn (the secretariat
    assigns someone else) and invitations to its address that wait go too; submitted reviews stay,
    their author cleared by the database (the ranking and the decisions rest on their scores)."""
    db.session.execute(delete(GrantReview).where(
        GrantReview.reviewer_id == user.id, GrantReview.submitted_at.is_(None)))
    db.session.execute(delete(GrantReviewerInvitation).where(
        func.lower(GrantReviewerInvitation.email) == user.email.lower(), GrantReviewerInvitation.accepted_at.is_(None)))
