"""Small grants: calls seen by everyone once published, applications by their partnership,
reviewers and the secretariat, reviews by the secretariat and their author.

(grants.py beside this module is the visibility-grants machinery, hence this module's name.)

An application's readers are many organisations (the lead and every invited partner) and many
reviewers: a one-row Grant(...) declaration cannot name them, so its Python check and its SQL
filter are written here side by side, from the same three sources.
"""
from flask import abort
from sqlalchemy import exists, false, or_, select

from app.directory.models import Organisation
from app.extensions import db
from app.grants.models import GrantApplication, GrantCall, GrantPartner, GrantReview
from app.inputs import MAX_ID
from app.permissions.grants import Grant, may_see, visibility
from app.permissions.principal import principal_of
from app.permissions.registry import can, found_or_404, is_active_writer, is_staff, rule


@visibility("grants.call")
def grant_call_grants(call):
    # Drafts: the secretariat only; published calls: everyone.
    return [Grant("public", when=call.status == "published"), Grant("staff")]


@rule("grants.view_call")
def _grants_view_call(user, call):
    return may_see(user, "grants.call", call)


@rule("grants.manage_calls")
def _grants_manage_calls(user, obj):
    # Write, publish and extend calls (FAQ), assign reviewers, record decisions: the secretariat.
    return is_staff(user) and is_active_writer(user)


def _verified_member_org_ids(user) -> list[int]:
    member_of = principal_of(user).member_org_ids
    if not member_of:
        return []
    return list(db.session.execute(select(Organisation.id).where(
        Organisation.id.in_(member_of), Organisation.verified_at.is_not(None))).scalars())


@rule("grants.apply")
def _grants_apply(user, organisation):
    # A member of a verified organisation, for that organisation (None: for any of theirs).
    if not is_active_writer(user):
        return False
    if organisation is None:
        return bool(_verified_member_org_ids(user))
    return organisation.is_verified and organisation.id in principal_of(user).member_org_ids


def _in_partnership(user, application) -> bool:
    member_of = principal_of(user).member_org_ids
    return application.lead_org_id in member_of or any(
        partner.organisation_id in member_of for partner in application.partners)


def _is_reviewer(user, application) -> bool:
    user_id = principal_of(user).user_id
    return user_id is not None and any(review.reviewer_id == user_id for review in application.reviews)


@rule("grants.view_application")
def _grants_view_application(user, application):
    if application is None or not principal_of(user).is_authenticated:
        return False
    return is_staff(user) or _in_partnership(user, application) or _is_reviewer(user, application)


def application_where(user, model=GrantApplication):
    """SQL: the applications user may see (the same three sources as grants.view_application)."""
    principal = principal_of(user)
    if not principal.is_authenticated:
        return false()
    if principal.is_staff:
        return model.id.is_not(None)
    member_of = sorted(principal.member_org_ids)
    return or_(
        model.lead_org_id.in_(member_of),
        exists().where(GrantPartner.application_id == model.id, GrantPartner.organisation_id.in_(member_of)),
        exists().where(GrantReview.application_id == model.id, GrantReview.reviewer_id == principal.user_id),
    )


@rule("grants.edit_application")
def _grants_edit_application(user, application):
    # The lead organisation's members, while it is a draft (a submitted one is frozen).
    return (application is not None and application.is_draft and is_active_writer(user)
            and application.lead_org_id in principal_of(user).member_org_ids)


@rule("grants.answer_invitation")
def _grants_answer_invitation(user, partner):
    # The invited organisation's admins confirm (or decline) its part in a draft.
    return (partner is not None and is_active_writer(user)
            and partner.organisation_id in principal_of(user).admin_org_ids)


@rule("grants.view_reviews")
def _grants_view_reviews(user, application):
    # Scores side by side, the ranking: the secretariat only.
    return is_staff(user)


@rule("grants.write_review")
def _grants_write_review(user, review):
    # Only its author, while the application is under review (not decided).
    return (review is not None and is_active_writer(user) and review.reviewer_id == principal_of(user).user_id
            and review.submitted_at is None)


@rule("grants.write_report")
def _grants_write_report(user, application):
    # The lead organisation's members, for a granted project, while the report is not submitted or accepted.
    return (application is not None and application.decision == "granted" and is_active_writer(user)
            and application.lead_org_id in principal_of(user).member_org_ids
            and (application.report is None or application.report.is_editable))


@rule("grants.view_results")
def _grants_view_results(user, call):
    # The list of granted projects: public once the secretariat publishes it; the secretariat before.
    return (call is not None and may_see(user, "grants.call", call)
            and (call.results_published_at is not None or is_staff(user)))


def _grant_row(model, row_id: int):
    if not 0 < row_id <= MAX_ID:
        abort(404)
    return found_or_404(db.session.get(model, row_id))


def access_grant_call(user, call_id: int):
    """The call, or 404 when missing or not visible to user (a draft for non-staff)."""
    call = _grant_row(GrantCall, call_id)
    return call if can(user, "grants.view_call", call) else found_or_404(None)


def access_grant_application(user, application_id: int):
    """The application, or 404 when missing or not visible to user."""
    application = _grant_row(GrantApplication, application_id)
    return application if can(user, "grants.view_application", application) else found_or_404(None)


def access_grant_review(user, review_id: int):
    """A review: its author and the secretariat only; 404 for anyone else."""
    review = _grant_row(GrantReview, review_id)
    if review.reviewer_id != principal_of(user).user_id and not is_staff(user):
        abort(404)
    return review


def access_grant_partner(user, partner_id: int):
    """An organisation's place in a partnership, for whoever sees its application; else 404."""
    partner = _grant_row(GrantPartner, partner_id)
    access_grant_application(user, partner.application_id)
    return partner

