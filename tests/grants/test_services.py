"""The rules of calls and applications, without HTTP: eligibility, budget, the deadline."""
from datetime import date, time, timedelta

import pytest
from sqlalchemy import insert

from app.db import utcnow
from app.grants import eligibility, services
from app.grants.errors import GrantError, LateSubmission, NotAllowed, NotEligible
from app.grants.models import GrantApplication, GrantPartner, GrantRequiredDocument
from app.grants.money import parse_amount
from app.notifications.models import Notification
from app.extensions import db
from tests import factories
from tests.grants.factories import make_application, make_call


def _failing(application) -> set[str]:
    return {check.key for check in eligibility.checklist(application) if not check.holds}


# --- money ---------------------------------------------------------------------------------------------
@pytest.mark.parametrize("typed, grosze", [
    ("1500", 150_000), ("1500,5", 150_050), ("1 500,50", 150_050), ("1500.05", 150_005), ("0,1", 10),
    ("1\u00a0234,56", 123_456), ("0", 0),
])
def test_amounts_are_read_exactly_in_grosze(typed, grosze):
    assert parse_amount(typed) == grosze


@pytest.mark.parametrize("typed", ["-5", "1,234", "12.345", "1e3", "abc", "", "1,2,3", "9" * 13])
def test_what_is_no_amount_is_refused(typed):
    assert parse_amount(typed) is None


def test_budget_totals_are_exact_sums_of_quantity_times_unit_cost(call, lead_org, applicant, request_ctx):
    application = make_application(call, lead_org, complete=False)
    lines = [("staff", "Trener", 3, 33_333), ("materials", "Papier", 7, 10), ("travel", "Bilety", 1, 1)]
    services.save_application(applicant, application, services.ApplicationData(
        title="Projekt", budget=lines, own_contribution=10_001))
    assert application.budget_total == 3 * 33_333 + 7 * 10 + 1 == 100_070
    assert application.requested_amount == 100_070 - 10_001


def test_own_contribution_above_the_total_is_refused_next_to_its_field(call, lead_org, applicant, request_ctx):
    application = make_application(call, lead_org)
    data = services.ApplicationData(title="Projekt", budget=[("staff", "Trener", 1, 1000)], own_contribution=1001)
    with pytest.raises(GrantError) as refused:
        services.save_application(applicant, application, data)
    assert refused.value.field == "own_contribution"


# --- eligibility ---------------------------------------------------------------------------------------
def test_a_lone_organisation_misses_the_partnership_and_sector_rules(call, lead_org, request_ctx):
    application = make_application(call, lead_org)
    assert _failing(application) == {"organisations", "sectors"}


def test_a_confirmed_partner_of_another_sector_makes_it_eligible(call, lead_org, partner_org, request_ctx):
    application = make_application(call, lead_org, partners=[partner_org])
    assert _failing(application) == set()
    assert eligibility.is_eligible(application)


def test_an_unconfirmed_invitation_does_not_count(call, lead_org, partner_org, request_ctx):
    application = make_application(call, lead_org, partners=[partner_org], confirmed=False)
    assert {"organisations", "sectors"} <= _failing(application)


def test_a_partner_of_the_same_sector_adds_an_organisation_but_no_sector(call, lead_org, request_ctx):
    other_ngo = factories.make_org(name="Stowarzyszenie Obok")
    application = make_application(call, lead_org, partners=[other_ngo])
    assert _failing(application) == {"sectors"}


def test_an_unverified_partner_does_not_count(call, lead_org, request_ctx):
    pending = factories.make_org(name="Gmina Niezweryfikowana", org_type="gmina", verified_at=None)
    application = make_application(call, lead_org, partners=[pending])
    assert {"organisations", "sectors"} <= _failing(application)


def test_the_chosen_county_must_be_served_by_someone(lead_org, partner_org, request_ctx):
    call = make_call(required_county="nowosadecki")
    application = make_application(call, lead_org, partners=[partner_org])
    assert _failing(application) == {"county"}
    whole_region = factories.make_org(name="Regionalna Sieć", org_type="university", whole_region=True)
    application.partners.append(type(application.partners[0])(organisation=whole_region, confirmed_at=utcnow()))
    assert _failing(application) == set()


def test_a_5_1_1_g_call_needs_an_employer(lead_org, partner_org, employer_org, request_ctx):
    call = make_call(requires_employer=True)
    application = make_application(call, lead_org, partners=[partner_org])
    assert _failing(application) == {"employer"}
    with_employer = make_application(call, factories.make_org(name="Inna Fundacja"), partners=[employer_org])
    assert _failing(with_employer) == set()


def test_the_grant_requested_must_be_within_the_calls_range(call, lead_org, partner_org, request_ctx):
    application = make_application(call, lead_org, partners=[partner_org])
    application.budget_lines[0].unit_cost = 10_000  # 10 × 100 zł = 1 000 zł, below the 5 000 zł minimum
    assert _failing(application) == {"budget"}
    application.budget_lines[0].unit_cost = 400_000  # 40 000 zł, above the 30 000 zł maximum
    assert _failing(application) == {"budget"}
    application.own_contribution = 1_000_000  # 40 000 − 10 000 = 30 000 zł: the maximum itself
    assert _failing(application) == set()


# --- submission and the deadline -------------------------------------------------------------------------
def test_an_eligible_application_is_submitted_and_frozen(call, lead_org, partner_org, applicant, request_ctx):
    application = make_application(call, lead_org, partners=[partner_org])
    services.submit_application(applicant, application)
    assert application.status == "submitted" and application.submitted_at is not None
    with pytest.raises(GrantError):
        services.save_application(applicant, application, services.ApplicationData(title="Zmiana"))
    with pytest.raises(GrantError):
        services.invite_partner(applicant, application, factories.make_org(name="Późny Partner").id)


def test_an_ineligible_application_is_refused_with_the_rules_it_misses(call, lead_org, applicant, request_ctx):
    application = make_application(call, lead_org)
    with pytest.raises(NotEligible) as refused:
        services.submit_application(applicant, application)
    assert "sektor" in refused.value.message
    assert application.status == "draft"


def test_a_submission_after_the_closing_moment_is_refused_and_the_draft_kept(
        lead_org, partner_org, applicant, request_ctx, monkeypatch):
    call = make_call()
    application = make_application(call, lead_org, partners=[partner_org])
    db.session.commit()
    # The server's clock decides: at the closing moment itself the call is closed.
    monkeypatch.setattr(services, "utcnow", lambda: call.closes_at)
    with pytest.raises(LateSubmission) as refused:
        services.submit_application(applicant, application)
    assert "szkic" in refused.value.message.lower()
    db.session.rollback()
    kept = db.session.get(GrantApplication, application.id)
    assert kept.status == "draft" and kept.summary == "Podsumowanie."


def test_a_submission_a_second_before_closing_is_accepted(lead_org, partner_org, applicant, request_ctx,
                                                          monkeypatch):
    call = make_call()
    application = make_application(call, lead_org, partners=[partner_org])
    monkeypatch.setattr(services, "utcnow", lambda: call.closes_at - timedelta(seconds=1))
    services.submit_application(applicant, application)
    assert application.submitted_at == call.closes_at - timedelta(seconds=1)


def test_two_submissions_at_once_submit_once(call, lead_org, partner_org, applicant, request_ctx):
    application = make_application(call, lead_org, partners=[partner_org])
    db.session.commit()
    # Another request submitted it between this one's loading and its submission.
    db.session.execute(db.update(GrantApplication).where(GrantApplication.id == application.id)
                       .values(status="submitted", submitted_at=utcnow()))
    with pytest.raises(GrantError):
        services.submit_application(applicant, application)


# --- the partnership ------------------------------------------------------------------------------------
def test_an_invited_organisations_admin_confirms_and_is_told_in_their_language(
        call, lead_org, partner_org, partner_admin, applicant, request_ctx):
    application = make_application(call, lead_org)
    partner = services.invite_partner(applicant, application, partner_org.id)
    notification = db.session.execute(db.select(Notification).where(Notification.user_id == partner_admin.id)).scalar()
    assert notification.kind == "grant_invitation" and "запрошує" in notification.title  # partner_admin reads uk
    with pytest.raises(NotAllowed):
        services.answer_invitation(applicant, partner, accept=True)  # not an admin of the partner
    services.answer_invitation(partner_admin, partner, accept=True)
    assert partner.confirmed_at is not None and _failing(application) == set()


def test_only_verified_organisations_can_be_invited_once(call, lead_org, partner_org, applicant, request_ctx):
    application = make_application(call, lead_org)
    pending = factories.make_org(name="Nowa Gmina", org_type="gmina", verified_at=None)
    for org_id in (pending.id, lead_org.id):
        with pytest.raises(GrantError):
            services.invite_partner(applicant, application, org_id)
    services.invite_partner(applicant, application, partner_org.id)
    with pytest.raises(GrantError):
        services.invite_partner(applicant, application, partner_org.id)


def test_the_same_invitation_sent_twice_at_once_is_refused_not_an_error(
        call, lead_org, partner_org, applicant, request_ctx):
    """Two tabs invite the same organisation: the second request's partnership was read before the
    first one's invitation was written, so only the database's unique key can see the repeat."""
    application = make_application(call, lead_org)
    assert not application.partner_org_ids()  # read now, as the second tab read it
    db.session.execute(insert(GrantPartner).values(application_id=application.id, organisation_id=partner_org.id,
                                                   invited_by_id=applicant.id))
    with pytest.raises(GrantError, match="już"):
        services.invite_partner(applicant, application, partner_org.id)


def test_only_the_lead_organisations_members_edit(call, lead_org, partner_org, partner_admin, outsider, request_ctx):
    application = make_application(call, lead_org, partners=[partner_org])
    for person in (partner_admin, outsider):
        with pytest.raises(NotAllowed):
            services.save_application(person, application, services.ApplicationData(title="Przejęty"))


def test_applications_start_only_while_the_call_is_open(lead_org, applicant, request_ctx):
    closed = make_call(opens_at=utcnow() - timedelta(days=20), closes_at=utcnow() - timedelta(days=1))
    with pytest.raises(GrantError):
        services.start_application(applicant, closed, lead_org.id, "Projekt")
    open_call = make_call()
    application = services.start_application(applicant, open_call, lead_org.id, "Projekt")
    assert application.is_draft and application.lead_org_id == lead_org.id
    with pytest.raises(GrantError):  # one application per lead organisation and call
        services.start_application(applicant, open_call, lead_org.id, "Drugi")


# --- calls -------------------------------------------------------------------------------------------------
def _call_data(**overrides):
    values = dict(title_pl="Konkurs", total_budget=10_000_000, min_grant=100_000, max_grant=2_000_000,
                  opens_on=date(2027, 3, 1), opens_time=time(9, 0), closes_on=date(2027, 3, 31),
                  closes_time=time(16, 0), criteria=[("Trafność", 10, 2)], documents=["Umowa", "Umowa", " "])
    values.update(overrides)
    return services.CallData(**values)


def test_a_call_keeps_warsaw_wall_clock_times_in_utc(moderator, request_ctx):
    call = services.create_call(moderator, _call_data())
    assert call.status == "draft"
    assert call.opens_at.isoformat() == "2027-03-01T08:00:00+00:00"  # CET, UTC+1
    assert call.closes_at.isoformat() == "2027-03-31T14:00:00+00:00"  # CEST after the change, UTC+2
    assert [d.name for d in call.documents] == ["Umowa"]


def test_editing_the_required_documents_keeps_each_ones_files(moderator, request_ctx):
    call = services.create_call(moderator, _call_data(documents=["Umowa partnerska", "Statut", "List intencyjny"]))
    agreement, statute, letter = (document.id for document in call.documents)
    # The agreement dropped, the letter moved up, the statute's name corrected, a budget added.
    services.update_call(moderator, call, _call_data(documents=["List intencyjny", "Statut organizacji", "Budżet"]))
    db.session.expire_all()
    listed = [(document.position, document.name, document.id) for document in call.documents]
    assert listed[:2] == [(0, "List intencyjny", letter), (1, "Statut organizacji", statute)]
    assert listed[2][:2] == (2, "Budżet") and listed[2][2] not in {agreement, statute, letter}
    assert db.session.get(GrantRequiredDocument, agreement) is None


@pytest.mark.parametrize("overrides, field", [
    ({"min_grant": 3_000_000}, "min_grant"),
    ({"max_grant": 20_000_000}, "max_grant"),
    ({"closes_on": date(2027, 2, 1)}, "closes_on"),
    ({"opens_on": date(2027, 3, 28), "opens_time": time(2, 30)}, "opens_time"),  # skipped by the clocks
])
def test_a_call_that_cannot_be_is_refused_next_to_the_field(moderator, request_ctx, overrides, field):
    with pytest.raises(GrantError) as refused:
        services.create_call(moderator, _call_data(**overrides))
    assert refused.value.field == field


def test_only_the_secretariat_writes_calls(member, request_ctx):
    with pytest.raises(NotAllowed):
        services.create_call(member, _call_data())


def test_publishing_tells_the_admins_of_organisations_the_call_fits(moderator, request_ctx):
    fits, elsewhere, region, unverified = (factories.make_user(language=lang) for lang in ("uk", "pl", "en", "pl"))
    factories.make_org(name="Dom Tarnów", admin=fits, themes=["housing"], counties=["tarnow-city"])
    factories.make_org(name="Dom Kraków", admin=elsewhere, themes=["housing"], counties=["krakow-city"])
    factories.make_org(name="Sieć Regionalna", admin=region, themes=["housing"], counties=[], whole_region=True)
    factories.make_org(name="Nowa Fundacja", admin=unverified, themes=["housing"], counties=["tarnow-city"],
                       verified_at=None)
    call = services.create_call(moderator, _call_data(title_uk="Гранти 2027", themes=["housing"],
                                                      counties=["tarnow-city"]))
    services.publish_call(moderator, call)
    told = {n.user_id: n.title for n in db.session.execute(
        db.select(Notification).where(Notification.kind == "grant_call")).scalars()}
    assert set(told) == {fits.id, region.id}
    assert told[fits.id] == "Новий конкурс малих грантів: Гранти 2027"
    assert told[region.id] == "New call for small grants: Konkurs"  # no English title: the Polish one


def test_criteria_keep_their_ids_and_freeze_once_scored(moderator, call, lead_org, request_ctx):
    from app.grants.models import GrantReview, GrantScore
    from tests.grants.factories import make_application as application_of

    criterion_id = call.criteria[0].id
    data = _call_data(criteria=[("Trafność", 10, 3), ("Budżet", 5, 1)])
    services.update_call(moderator, call, data)
    assert call.criteria[0].id == criterion_id and call.criteria[0].weight == 3
    application = application_of(call, lead_org, status="submitted", submitted_at=utcnow())
    review = GrantReview(application_id=application.id, reviewer_id=moderator.id, assigned_at=utcnow())
    review.scores = [GrantScore(criterion_id=criterion_id, points=7)]
    db.session.add(review)
    db.session.flush()
    with pytest.raises(GrantError) as refused:
        services.update_call(moderator, call, _call_data(criteria=[("Trafność", 20, 3)]))
    assert refused.value.field == "criteria-0-name"
    services.update_call(moderator, call, _call_data(title_pl="Nowy tytuł", criteria=[("Trafność", 10, 3),
                                                                                     ("Budżet", 5, 1)]))
    assert call.title_pl == "Nowy tytuł"
