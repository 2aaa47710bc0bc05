"""The small grants' rules as one matrix: persona × action × state, and the SQL filters agreeing
with the page checks for every persona."""
import pytest

from app.db import utcnow
from app.extensions import db
from app.grants.models import GrantApplication, GrantCall, GrantReview
from app.permissions import can, visible_where
from app.permissions.small_grants import application_where
from tests import factories
from tests.grants.factories import make_application, make_call

PERSONAS = ("anonymous", "outsider", "lead", "partner", "reviewer", "moderator")


@pytest.fixture
def world(app, anonymous, outsider, moderator, applicant, partner_admin, lead_org, partner_org):
    reviewer = factories.make_user(display_name="Renata Recenzentka")
    call = make_call()
    draft_call = make_call(status="draft", published_at=None)
    draft = make_application(call, lead_org, applicant, partners=[partner_org], confirmed=False)
    submitted = make_application(call, factories.make_org(name="Druga Fundacja", members=[applicant]), applicant,
                                 title="Złożony", status="submitted", submitted_at=utcnow(), partners=[partner_org])
    review = GrantReview(application_id=submitted.id, reviewer_id=reviewer.id, assigned_at=utcnow())
    db.session.add(review)
    db.session.flush()
    people = {"anonymous": anonymous, "outsider": outsider, "lead": applicant, "partner": partner_admin,
              "reviewer": reviewer, "moderator": moderator}
    return {"people": people, "call": call, "draft_call": draft_call, "draft": draft, "submitted": submitted,
            "review": review, "invitation": draft.partners[0]}


ALLOWED = {
    # (action, object): personas allowed
    ("grants.view_call", "call"): set(PERSONAS),
    ("grants.view_call", "draft_call"): {"moderator"},
    ("grants.manage_calls", None): {"moderator"},
    ("grants.apply", None): {"lead", "partner"},
    ("grants.view_application", "draft"): {"lead", "partner", "moderator"},
    ("grants.view_application", "submitted"): {"lead", "partner", "reviewer", "moderator"},
    ("grants.edit_application", "draft"): {"lead"},
    ("grants.edit_application", "submitted"): set(),
    ("grants.answer_invitation", "invitation"): {"partner"},
    ("grants.view_reviews", "submitted"): {"moderator"},
    ("grants.write_review", "review"): {"reviewer"},
    ("grants.write_report", "submitted"): set(),  # not granted
}


@pytest.mark.parametrize("action, target", list(ALLOWED))
@pytest.mark.parametrize("persona", PERSONAS)
def test_the_rules(world, persona, action, target):
    obj = world[target] if target else None
    assert can(world["people"][persona], action, obj) == (persona in ALLOWED[(action, target)])


@pytest.mark.parametrize("persona", PERSONAS)
def test_the_sql_filters_agree_with_the_page_checks(world, persona):
    user = world["people"][persona]
    calls = set(db.session.execute(db.select(GrantCall.id).where(visible_where("grants.call", user, GrantCall)))
                .scalars())
    assert calls == {c.id for c in (world["call"], world["draft_call"]) if can(user, "grants.view_call", c)}
    applications = set(db.session.execute(db.select(GrantApplication.id).where(application_where(user))).scalars())
    assert applications == {a.id for a in (world["draft"], world["submitted"])
                            if can(user, "grants.view_application", a)}
