"""Reads of the small grants, already filtered by what the viewer may see."""
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import joinedload, lazyload, selectinload

from app.db import utcnow
from app.directory.models import Membership, Organisation
from app.directory.naming import search_key
from app.directory.queries import sort_key_column
from app.extensions import db
from app.grants.models import GrantApplication, GrantCall, GrantPartner, GrantReview
from app.permissions import principal_of, visible_where
from app.permissions.small_grants import application_where

PARTNERS_SHOWN = 20  # matches listed by the partner search; more: type more of the name
MIN_PARTNER_QUERY = 2
MAX_PARTNER_WORDS = 6


def list_calls(viewer) -> list[GrantCall]:
    """Calls the viewer may see (drafts: the secretariat), the latest deadline first; 2 queries."""
    return list(db.session.execute(
        select(GrantCall).where(visible_where("grants.call", viewer, GrantCall))
        .options(lazyload(GrantCall.criteria), lazyload(GrantCall.documents))
        .order_by(GrantCall.closes_at.desc(), GrantCall.id.desc())
    ).scalars())


def open_calls(viewer, limit: int = 3) -> list[GrantCall]:
    """Published calls open now (the home page)."""
    now = utcnow()
    return list(db.session.execute(
        select(GrantCall).where(visible_where("grants.call", viewer, GrantCall), GrantCall.status == "published",
                                GrantCall.opens_at <= now, GrantCall.closes_at > now)
        .options(lazyload(GrantCall.criteria), lazyload(GrantCall.documents))
        .order_by(GrantCall.closes_at).limit(limit)).scalars())


def _applications(viewer):
    return (select(GrantApplication).where(application_where(viewer))
            .options(joinedload(GrantApplication.lead_org), joinedload(GrantApplication.call),
                     lazyload(GrantApplication.activities), lazyload(GrantApplication.results),
                     lazyload(GrantApplication.budget_lines), lazyload(GrantApplication.partners))
            .order_by(GrantApplication.id.desc()))


def my_applications(viewer, call_id: int | None = None) -> list[GrantApplication]:
    """Applications of the viewer's organisations (lead or partner), of one call or of all."""
    member_of = sorted(principal_of(viewer).member_org_ids)
    if not member_of:
        return []
    partner_of = select(GrantPartner.application_id).where(GrantPartner.organisation_id.in_(member_of))
    statement = _applications(viewer).where(
        GrantApplication.lead_org_id.in_(member_of) | GrantApplication.id.in_(partner_of))
    if call_id is not None:
        statement = statement.where(GrantApplication.call_id == call_id)
    return list(db.session.execute(statement).unique().scalars())


def my_reviews(viewer) -> list[GrantReview]:
    user_id = principal_of(viewer).user_id
    if user_id is None:
        return []
    return list(db.session.execute(
        select(GrantReview).where(GrantReview.reviewer_id == user_id)
        .options(joinedload(GrantReview.application).joinedload(GrantApplication.call))
        .order_by(GrantReview.id.desc())).unique().scalars())


def pending_invitations(viewer) -> list[GrantPartner]:
    """Invitations the viewer, as an organisation's admin, may confirm (drafts only)."""
    admin_of = sorted(principal_of(viewer).admin_org_ids)
    if not admin_of:
        return []
    return list(db.session.execute(
        select(GrantPartner).join(GrantApplication, GrantApplication.id == GrantPartner.application_id)
        .where(GrantPartner.organisation_id.in_(admin_of), GrantPartner.confirmed_at.is_(None),
               GrantApplication.status == "draft")
        .options(joinedload(GrantPartner.organisation)).order_by(GrantPartner.id)).unique().scalars())


def applying_orgs(viewer) -> list[Organisation]:
    """The viewer's verified organisations (those they may apply for)."""
    member_of = sorted(principal_of(viewer).member_org_ids)
    return list(db.session.execute(select(Organisation).where(
        Organisation.id.in_(member_of), Organisation.verified_at.is_not(None)).order_by(Organisation.sort_key)
    ).scalars()) if member_of else []


def is_partner_query(text: str) -> bool:
    return len(search_key(text).replace(" ", "")) >= MIN_PARTNER_QUERY


def find_partner_orgs(application, text: str) -> list[Organisation]:
    """Verified organisations not yet in the partnership whose name has every word of text (any case,
    with or without Polish letters), by name; at most PARTNERS_SHOWN + 1 (one more: "there are more").
    One statement, whatever the size of the directory."""
    if not is_partner_query(text):
        return []
    taken = [application.lead_org_id, *application.partner_org_ids()]
    statement = select(Organisation).where(Organisation.verified_at.is_not(None), Organisation.id.not_in(taken))
    for word in search_key(text).split()[:MAX_PARTNER_WORDS]:
        statement = statement.where(Organisation.name_key.contains(word, autoescape=True))
    return list(db.session.execute(statement.order_by(sort_key_column(), Organisation.id)
                                   .limit(PARTNERS_SHOWN + 1)).scalars())


def granted_applications(call: GrantCall) -> list[GrantApplication]:
    """The call's granted projects, the largest grant first (the results list)."""
    return list(db.session.execute(
        select(GrantApplication).where(GrantApplication.call_id == call.id, GrantApplication.decision == "granted")
        .options(joinedload(GrantApplication.lead_org), selectinload(GrantApplication.partners),
                 lazyload(GrantApplication.activities), lazyload(GrantApplication.results),
                 lazyload(GrantApplication.budget_lines))
        .order_by(GrantApplication.awarded_amount.desc(), GrantApplication.id)).unique().scalars())


# --- the secretariat's ranking ------------------------------------------------------------------------------
@dataclass
class Ranked:
    application: GrantApplication
    scores: list  # weighted score (0–100) of each submitted review
    average: float | None
    spread: float | None
    within_budget: bool = False


def review_score(review, criteria) -> float | None:
    """A submitted review's weighted score, 0–100: Σ points×weight / Σ max×weight."""
    if review.submitted_at is None:
        return None
    points = {score.criterion_id: score.points for score in review.scores}
    best = sum(c.max_points * c.weight for c in criteria)
    got = sum(points.get(c.id, 0) * c.weight for c in criteria)
    return round(100 * got / best, 2) if best else None


def review_values(review, criteria) -> dict:
    """A review's saved scores as its form's values, in the order of the criteria."""
    saved = {score.criterion_id: score for score in review.scores}
    return {"scores": [{"points": str(saved[c.id].points), "comment": saved[c.id].comment} if c.id in saved else {}
                       for c in criteria]}


def ranking(call: GrantCall) -> list[Ranked]:
    """Submitted applications by average weighted score; those the budget covers, in that order, marked."""
    applications = db.session.execute(
        select(GrantApplication).where(GrantApplication.call_id == call.id, GrantApplication.status == "submitted")
        .options(joinedload(GrantApplication.lead_org),
                 selectinload(GrantApplication.reviews).selectinload(GrantReview.scores),
                 lazyload(GrantApplication.activities), lazyload(GrantApplication.results))
    ).unique().scalars()
    ranked = []
    for application in applications:
        scores = [s for s in (review_score(r, call.criteria) for r in application.reviews) if s is not None]
        ranked.append(Ranked(application, scores, round(sum(scores) / len(scores), 2) if scores else None,
                             round(max(scores) - min(scores), 2) if scores else None))
    ranked.sort(key=lambda r: (r.average is None, -(r.average or 0), r.application.id))
    left = call.total_budget
    for row in ranked:
        if row.average is not None and 0 < row.application.requested_amount <= left:
            row.within_budget, left = True, left - row.application.requested_amount
    return ranked


def has_conflict(user_id: int, application: GrantApplication) -> bool:
    """Is the user a member of the lead or of any invited organisation? (A conflict of interest.)"""
    org_ids = [application.lead_org_id, *application.partner_org_ids()]
    return db.session.execute(select(Membership.id).where(
        Membership.user_id == user_id, Membership.organisation_id.in_(org_ids),
        Membership.status == "active").limit(1)).first() is not None
