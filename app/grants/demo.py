"""Demo data of the small grants: an open call with questions and answers, and a closed call
whose applications were reviewed and decided (one granted, one rejected)."""
from datetime import timedelta

from app.db import utcnow
from app.extensions import db
from app.files import samples, storage
from app.files.models import Attachment
from app.grants.models import (
    GrantActivity, GrantApplication, GrantBudgetLine, GrantCall, GrantCriterion, GrantFaq, GrantPartner,
    GrantReport, GrantRequiredDocument, GrantResult, GrantReview, GrantScore,
)
from app.text import render_markdown

CRITERIA = (("Trafność wobec potrzeb migrantów w powiecie", 20, 3), ("Siła i różnorodność partnerstwa", 10, 2),
            ("Realność budżetu i harmonogramu", 10, 1))


def _call(title_pl, title_en, title_uk, opens_at, closes_at, **values) -> GrantCall:
    description = ("Konkurs sekretariatu sieci na **małe granty** dla lokalnych sieci współpracy "
                   "(działanie 5.1.1 f programu „Małopolska otwarta”).")
    call = GrantCall(status="published", title_pl=title_pl, title_en=title_en, title_uk=title_uk,
                     description_pl=description, description_pl_html=render_markdown(description),
                     total_budget=15_000_000, min_grant=500_000, max_grant=4_000_000, opens_at=opens_at,
                     closes_at=closes_at, published_at=opens_at, min_organisations=2, min_sectors=2, **values)
    call.criteria = [GrantCriterion(position=n, name=name, max_points=points, weight=weight)
                     for n, (name, points, weight) in enumerate(CRITERIA)]
    call.documents = [GrantRequiredDocument(position=0, name="Umowa lub list intencyjny partnerstwa"),
                      GrantRequiredDocument(position=1, name="Statut organizacji wiodącej")]
    call.set_tags("thematic_areas", ["labour-market", "housing"])
    db.session.add(call)
    return call


def _application(call, lead, partner, title, amount_per_unit, submitted_at=None) -> GrantApplication:
    start = (call.closes_at + timedelta(days=30)).date()
    application = GrantApplication(
        call=call, lead_org=lead, title=title, status="submitted" if submitted_at else "draft",
        submitted_at=submitted_at, summary="Punkt porad i spotkania sieci w powiecie, raz w miesiącu.",
        problem="Rodziny z Ukrainy nie wiedzą, gdzie szukać pomocy w sprawie pracy i mieszkania.",
        own_contribution=200_000)
    application.partners = [GrantPartner(organisation=partner, confirmed_at=submitted_at or utcnow())]
    application.activities = [GrantActivity(position=0, description="Dyżury doradców", starts_on=start,
                                            ends_on=start + timedelta(days=90))]
    application.results = [GrantResult(position=0, result="Rodziny objęte poradnictwem", indicator="liczba rodzin",
                                       target=60)]
    application.budget_lines = [
        GrantBudgetLine(position=0, category="staff", description="Doradca (godziny)", quantity=120,
                        unit_cost=amount_per_unit),
        GrantBudgetLine(position=1, category="venue", description="Sala na spotkania", quantity=6, unit_cost=30_000)]
    db.session.add(application)
    return application


def _attach_documents(application) -> None:
    """A file for each of the call's required documents (made here, kept through app/files' storage)."""
    for document in application.call.documents:
        data = samples.make_pdf(document.name, [f"{application.lead_org.name}: {application.title}.",
                                                "Dokument przykładowy danych demonstracyjnych."])
        db.session.add(Attachment(file=storage.store(data), filename=storage.clean_filename(
            f"{document.name}.pdf", storage.PDF), grant_application_id=application.id,
            grant_document_id=document.id, replaced_at=application.submitted_at or utcnow()))


def _review(application, reviewer, points) -> GrantReview:
    now = utcnow()
    review = GrantReview(application_id=application.id, reviewer_id=reviewer.id, assigned_at=now, submitted_at=now)
    review.scores = [GrantScore(criterion_id=c.id, points=p, comment="Uzasadnienie oceny.")
                     for c, p in zip(application.call.criteria, points)]
    db.session.add(review)
    return review


def _pairs(orgs) -> list:
    """Pairs of verified organisations of different sectors (lead, partner)."""
    pairs, used = [], set()
    for lead in orgs:
        partner = next((o for o in orgs if o.sector != lead.sector and o.id not in used and o.id != lead.id), None)
        if partner is not None and lead.id not in used:
            pairs.append((lead, partner))
            used |= {lead.id, partner.id}
    return pairs


def seed(ctx) -> str:
    orgs = [o for o in ctx.extra.get("orgs", []) if o.verified_at is not None]
    moderator = ctx.users.get("moderator")
    pairs = _pairs(orgs)
    if len(pairs) < 3 or moderator is None:
        return "no small grants (the directory's demo organisations are missing)"
    now = utcnow()
    open_call = _call("Małe granty dla sieci lokalnych 2027", "Small grants for local networks 2027",
                      "Малі гранти для місцевих мереж 2027", now - timedelta(days=5), now + timedelta(days=25))
    open_call.faqs = [GrantFaq(question="Czy gmina może być organizacją wiodącą?", answer="Tak.",
                               answer_html=render_markdown("Tak."), author_id=moderator.id)]
    closed = _call("Partnerstwa z pracodawcami 2026 (5.1.1 g)", "Partnerships with employers 2026 (5.1.1 g)",
                   "Партнерства з роботодавцями 2026 (5.1.1 g)", now - timedelta(days=120), now - timedelta(days=60))
    db.session.flush()
    granted = _application(closed, *pairs[0], "Praca bez barier w Tarnowie", 15_000, now - timedelta(days=61))
    rejected = _application(closed, *pairs[1], "Mieszkanie na start", 25_000, now - timedelta(days=62))
    draft = _application(open_call, *pairs[2], "Sieć sąsiedzka", 10_000)
    db.session.flush()
    for application in (granted, rejected, draft):
        _attach_documents(application)
    _review(granted, moderator, (18, 9, 8))
    _review(rejected, moderator, (8, 5, 4))
    granted.decision, granted.awarded_amount, granted.decided_at = "granted", granted.requested_amount, now
    rejected.decision, rejected.decision_reason, rejected.decided_at = "rejected", "Za mało punktów.", now
    closed.results_published_at = now
    granted.results[0].reached = 64
    granted.report = GrantReport(status="accepted", done="Dyżury doradców co tydzień i 6 spotkań sieci.",
                                 spent=granted.awarded_amount, own_spent=200_000, submitted_at=now, reviewed_at=now)
    return ("2 calls for small grants (one open), 3 applications with their required documents, "
            "1 grant awarded with its final report")
