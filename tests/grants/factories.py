"""Plain functions that make calls and applications for the small-grants tests."""
from datetime import timedelta

from app.db import utcnow
from app.extensions import db
from app.grants.models import (
    GrantActivity, GrantApplication, GrantBudgetLine, GrantCall, GrantCriterion, GrantPartner, GrantResult,
)


def make_call(**overrides) -> GrantCall:
    """A published call, open since yesterday for ten more days, with two criteria."""
    now = utcnow()
    values = {
        "status": "published", "title_pl": "Małe granty dla sieci lokalnych 2027",
        "title_en": "Small grants for local networks 2027", "title_uk": "Малі гранти для місцевих мереж 2027",
        "description_pl": "Opis konkursu.", "description_pl_html": "<p>Opis konkursu.</p>",
        "total_budget": 10_000_000, "min_grant": 500_000, "max_grant": 3_000_000,
        "opens_at": now - timedelta(days=1), "closes_at": now + timedelta(days=10),
        "min_organisations": 2, "min_sectors": 2, "published_at": now,
    }
    values.update(overrides)
    call = GrantCall(**values)
    call.criteria = [GrantCriterion(position=0, name="Trafność", max_points=10, weight=2),
                     GrantCriterion(position=1, name="Budżet", max_points=5, weight=1)]
    db.session.add(call)
    db.session.flush()
    return call


def make_application(call, lead_org, author=None, *, partners=(), confirmed=True, complete=True,
                     **overrides) -> GrantApplication:
    """A draft of lead_org; complete: text, one activity, one result and a 10 000 zł budget line."""
    values = {"title": "Sieć wsparcia w Tarnowie", "status": "draft"}
    values.update(overrides)
    application = GrantApplication(call=call, lead_org=lead_org, created_by_id=getattr(author, "id", None), **values)
    if complete:
        application.summary, application.problem = "Podsumowanie.", "Problem."
        application.activities = [GrantActivity(position=0, description="Warsztaty", starts_on=utcnow().date(),
                                                 ends_on=utcnow().date())]
        application.results = [GrantResult(position=0, result="Porady", indicator="rodziny", target=40)]
        application.budget_lines = [GrantBudgetLine(position=0, category="staff", description="Trener",
                                                    quantity=10, unit_cost=100_000)]
    for org in partners:
        application.partners.append(GrantPartner(organisation=org, confirmed_at=utcnow() if confirmed else None))
    db.session.add(application)
    db.session.flush()
    return application
