"""Verbs of the small grants: calls and applications. First argument: the actor; flush, never commit.

Review and decisions are in review.py; what people are told is in messages.py.
"""
from dataclasses import dataclass, field
from datetime import date, datetime, time, timezone

from sqlalchemy import select, update
from sqlalchemy.exc import IntegrityError

from app import taxonomy
from app.dates import format_datetime
from app.db import utcnow
from app.directory.models import Organisation
from app.events.errors import EventError
from app.events.queries import local_zone
from app.events.services import local_moment
from app.extensions import db
from app.grants import messages
from app.grants.eligibility import checklist
from app.grants.errors import GrantError, LateSubmission, NotAllowed, NotEligible
from app.grants.models import (
    BUDGET_CATEGORIES, GrantActivity, GrantApplication, GrantBudgetLine, GrantCall, GrantCriterion, GrantFaq,
    GrantPartner, GrantRequiredDocument, GrantResult, GrantScore,
)
from app.i18n import gettext as _
from app.permissions import can
from app.text import clean_input, render_markdown

LANGS = ("pl", "en", "uk")


@dataclass
class CallData:
    """What the secretariat typed for a call, as plain values (amounts in grosze)."""

    title_pl: str
    total_budget: int
    min_grant: int
    max_grant: int
    opens_on: date
    opens_time: time
    closes_on: date
    closes_time: time
    title_en: str = ""
    title_uk: str = ""
    description_pl: str = ""
    description_en: str = ""
    description_uk: str = ""
    min_organisations: int = 2
    min_sectors: int = 1
    required_county: str | None = None
    requires_employer: bool = False
    themes: list = field(default_factory=list)
    counties: list = field(default_factory=list)
    criteria: list = field(default_factory=list)  # [(name, max_points, weight)]
    documents: list = field(default_factory=list)  # [name]


@dataclass
class ApplicationData:
    """What applicants typed: text, rows of activities, results and budget (amounts in grosze)."""

    title: str
    summary: str = ""
    problem: str = ""
    own_contribution: int = 0
    activities: list = field(default_factory=list)  # [(description, starts_on, ends_on)]
    results: list = field(default_factory=list)  # [(result, indicator, target)]
    budget: list = field(default_factory=list)  # [(category, description, quantity, unit_cost)]


def _require(actor, action: str, obj=None) -> None:
    if not can(actor, action, obj):
        raise NotAllowed(_("You may not do this."))


# --- calls ------------------------------------------------------------------------------------------------
def create_call(actor, data: CallData) -> GrantCall:
    """A new call, as a draft only the secretariat sees."""
    _require(actor, "grants.manage_calls")
    call = GrantCall(status="draft", created_by_id=actor.id)
    _apply_call(call, data)
    db.session.add(call)
    db.session.flush()
    return call


def update_call(actor, call: GrantCall, data: CallData) -> GrantCall:
    _require(actor, "grants.manage_calls")
    _apply_call(call, data)
    db.session.flush()
    return call


def publish_call(actor, call: GrantCall) -> GrantCall:
    """Make the call public; it needs evaluation criteria first."""
    _require(actor, "grants.manage_calls")
    if call.is_published:
        raise GrantError(_("The call is already published."))
    if not call.criteria:
        raise GrantError(_("Add at least one evaluation criterion before publishing."))
    call.status, call.published_at = "published", utcnow()
    db.session.flush()
    messages.tell_call_published(call, actor)
    return call


def _warsaw(day: date, clock: time, field_name: str) -> datetime:
    try:
        return local_moment(day, clock, local_zone(), field_name).astimezone(timezone.utc)
    except EventError as error:  # the hour skipped when clocks go forward
        raise GrantError(error.message, field_name) from None


def _apply_call(call: GrantCall, data: CallData) -> None:
    if not data.title_pl.strip():
        raise GrantError(_("Enter the title in Polish."), "title_pl")
    if data.min_grant > data.max_grant:
        raise GrantError(_("The smallest grant cannot be larger than the largest."), "min_grant")
    if data.max_grant > data.total_budget:
        raise GrantError(_("The largest grant cannot exceed the call's total budget."), "max_grant")
    opens_at = _warsaw(data.opens_on, data.opens_time, "opens_time")
    closes_at = _warsaw(data.closes_on, data.closes_time, "closes_time")
    if closes_at <= opens_at:
        raise GrantError(_("The call must close after it opens."), "closes_on")
    if data.required_county and not taxonomy.is_valid("counties", data.required_county):
        raise GrantError(_("Choose the county from the list."), "required_county")
    for lang in LANGS:
        setattr(call, f"title_{lang}", getattr(data, f"title_{lang}").strip())
        source = clean_input(getattr(data, f"description_{lang}"))
        setattr(call, f"description_{lang}", source)
        setattr(call, f"description_{lang}_html", render_markdown(source))
    call.total_budget, call.min_grant, call.max_grant = data.total_budget, data.min_grant, data.max_grant
    call.opens_at, call.closes_at = opens_at, closes_at
    call.min_organisations, call.min_sectors = data.min_organisations, data.min_sectors
    call.required_county, call.requires_employer = data.required_county or None, data.requires_employer
    call.set_tags("thematic_areas", data.themes)
    call.set_tags("counties", data.counties)
    _apply_criteria(call, [(name.strip(), points, weight) for name, points, weight in data.criteria])
    _apply_documents(call, list(dict.fromkeys(d.strip() for d in data.documents if d.strip())))


def _apply_documents(call: GrantCall, names: list) -> None:
    """Update the required documents in place, for applications' files name them by id.

    A name still listed keeps its document wherever it moves; a new name in the place of one no
    longer listed is that document renamed (a corrected spelling keeps the files sent for it);
    any other new name is a new document. A document dropped from the call leaves its files on
    the applications as extra attachments (the foreign key sets them free)."""
    kept = {document.name: document for document in call.documents if document.name in names}
    dropped = {document.position: document for document in call.documents if document.name not in names}
    wanted = []
    for position, name in enumerate(names):
        document = kept.get(name) or dropped.pop(position, None) or GrantRequiredDocument(name=name)
        document.position, document.name = position, name
        wanted.append(document)
    call.documents = wanted


def publish_results(actor, call: GrantCall) -> GrantCall:
    """Make the list of granted projects public, once the call is closed and something is decided."""
    _require(actor, "grants.manage_calls")
    if utcnow() < call.closes_at:
        raise GrantError(_("The results are published after the call closes."))
    decided = db.session.execute(select(GrantApplication.id).where(
        GrantApplication.call_id == call.id, GrantApplication.decision.is_not(None)).limit(1)).first()
    if decided is None:
        raise GrantError(_("Record the decisions before publishing the results."))
    call.results_published_at = call.results_published_at or utcnow()
    db.session.flush()
    return call


def _apply_criteria(call: GrantCall, wanted: list) -> None:
    """Update the criteria in place (their ids carry the reviewers' scores); once anything is
    scored they no longer change, so that every application is scored on the same scale."""
    current = [(c.name, c.max_points, c.weight) for c in call.criteria]
    if wanted == current:
        return
    scored = call.id is not None and db.session.execute(select(GrantScore.id).join(
        GrantCriterion, GrantCriterion.id == GrantScore.criterion_id).where(GrantCriterion.call_id == call.id)
        .limit(1)).first()
    if scored:
        raise GrantError(_("The criteria cannot change once reviewers have scored applications."), "criteria-0-name")
    for n, (name, points, weight) in enumerate(wanted):
        if n < len(call.criteria):
            criterion = call.criteria[n]
            criterion.position, criterion.name, criterion.max_points, criterion.weight = n, name, points, weight
        else:
            call.criteria.append(GrantCriterion(position=n, name=name, max_points=points, weight=weight))
    del call.criteria[len(wanted):]


def add_faq(actor, call: GrantCall, question: str, answer: str) -> GrantFaq:
    """A question and its answer, published on the call page while the call is open."""
    _require(actor, "grants.manage_calls")
    if not call.is_published or utcnow() >= call.closes_at:
        raise GrantError(_("Questions and answers are added while the call is open."))
    answer = clean_input(answer)
    faq = GrantFaq(call_id=call.id, question=clean_input(question).strip(), answer=answer,
                   answer_html=render_markdown(answer), author_id=actor.id)
    db.session.add(faq)
    db.session.flush()
    return faq


# --- applications -------------------------------------------------------------------------------------
def start_application(actor, call: GrantCall, organisation_id: int | None, title: str) -> GrantApplication:
    """A draft application of one of the actor's verified organisations, while the call is open."""
    organisation = db.session.get(Organisation, organisation_id) if organisation_id else None
    if organisation is None or not can(actor, "grants.apply", organisation):
        raise NotAllowed(_("Choose one of your verified organisations."), "organisation_id")
    if not call.is_open_at(utcnow()):
        raise GrantError(_("The call is not open for applications."))
    taken = db.session.execute(select(GrantApplication.id).where(
        GrantApplication.call_id == call.id, GrantApplication.lead_org_id == organisation.id)).first()
    if taken is not None:
        raise GrantError(_("Your organisation already has an application in this call."), "organisation_id")
    if not title.strip():
        raise GrantError(_("Enter the title of the project."), "title")
    application = GrantApplication(call=call, lead_org=organisation, created_by_id=actor.id,
                                   title=title.strip()[:200], status="draft")
    db.session.add(application)
    db.session.flush()
    return application


def save_application(actor, application: GrantApplication, data: ApplicationData) -> GrantApplication:
    """Save the draft as it is (incomplete is fine: the checklist says what is missing)."""
    _require_draft_editor(actor, application)
    if not data.title.strip():
        raise GrantError(_("Enter the title of the project."), "title")
    for n, (_description, starts_on, ends_on) in enumerate(data.activities):
        if ends_on < starts_on:
            raise GrantError(_("An activity cannot end before it starts."), f"activities-{n}-ends_on")
    for n, line in enumerate(data.budget):
        if line[0] not in BUDGET_CATEGORIES:
            raise GrantError(_("Choose the category from the list."), f"budget-{n}-category")
    application.title, application.summary = data.title.strip()[:200], clean_input(data.summary)
    application.problem, application.own_contribution = clean_input(data.problem), data.own_contribution
    application.activities[:] = [GrantActivity(position=n, description=d.strip(), starts_on=s, ends_on=e)
                                 for n, (d, s, e) in enumerate(data.activities)]
    application.results[:] = [GrantResult(position=n, result=r.strip(), indicator=i.strip(), target=t)
                              for n, (r, i, t) in enumerate(data.results)]
    application.budget_lines[:] = [GrantBudgetLine(position=n, category=c, description=d.strip(), quantity=q,
                                                   unit_cost=u) for n, (c, d, q, u) in enumerate(data.budget)]
    if data.own_contribution > application.budget_total:
        raise GrantError(_("The own contribution cannot exceed the budget's total."), "own_contribution")
    db.session.flush()
    return application


def _require_draft_editor(actor, application: GrantApplication) -> None:
    if not application.is_draft:
        raise GrantError(_("The application is submitted: it can no longer be changed."))
    _require(actor, "grants.edit_application", application)


def invite_partner(actor, application: GrantApplication, organisation_id: int | None) -> GrantPartner:
    """Invite a verified organisation of the directory; its admins are asked to confirm."""
    _require_draft_editor(actor, application)
    organisation = db.session.get(Organisation, organisation_id) if organisation_id else None
    if organisation is None or not organisation.is_verified:
        raise GrantError(_("Choose a verified organisation from the directory."), "organisation_id")
    if organisation.id == application.lead_org_id or organisation.id in application.partner_org_ids():
        raise GrantError(_("This organisation is already in the partnership."), "organisation_id")
    partner = GrantPartner(application_id=application.id, organisation=organisation, invited_by_id=actor.id)
    application.partners.append(partner)
    try:
        db.session.flush()
    except IntegrityError as error:  # the same invitation sent at the same moment from another tab
        raise GrantError(_("This organisation is already in the partnership."), "organisation_id") from error
    messages.tell_invited(application, partner, actor)
    return partner


def remove_partner(actor, application: GrantApplication, partner: GrantPartner) -> None:
    _require_draft_editor(actor, application)
    application.partners.remove(partner)
    db.session.flush()


def answer_invitation(actor, partner: GrantPartner, accept: bool) -> None:
    """The invited organisation's admin confirms its part, or declines (the invitation goes)."""
    application = db.session.get(GrantApplication, partner.application_id)
    _require(actor, "grants.answer_invitation", partner)
    if not application.is_draft:
        raise GrantError(_("The application is submitted: the partnership can no longer change."))
    if accept:
        partner.confirmed_at, partner.confirmed_by_id = utcnow(), actor.id
    else:
        application.partners.remove(partner)
    db.session.flush()


def submit_application(actor, application: GrantApplication) -> GrantApplication:
    """Submit, when every rule holds and the call is still open by the server's clock."""
    _require_draft_editor(actor, application)
    now = utcnow()
    if now >= application.call.closes_at:
        raise LateSubmission(_("The call closed at %(moment)s: the application can no longer be submitted. "
                               "Your draft is kept.", moment=_warsaw_text(application.call.closes_at)))
    if now < application.call.opens_at:
        raise GrantError(_("The call is not open for applications yet."))
    failing = [check.label for check in checklist(application) if not check.holds]
    if failing:
        raise NotEligible(_("The application does not meet every rule yet: %(rules)s", rules=" ".join(failing)))
    # One statement decides: of two submissions at once (two tabs) only one changes the row.
    changed = db.session.execute(update(GrantApplication).where(
        GrantApplication.id == application.id, GrantApplication.status == "draft",
    ).values(status="submitted", submitted_at=now).execution_options(synchronize_session=False)).rowcount
    if changed != 1:
        raise GrantError(_("The application is submitted: it can no longer be changed."))
    db.session.refresh(application)
    messages.tell_submitted(application, actor)
    return application


def _warsaw_text(moment: datetime) -> str:
    return format_datetime(moment, "long")
