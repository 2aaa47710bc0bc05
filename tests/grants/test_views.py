"""The pages, persona by persona: who sees calls, applications and reviews (404 for the rest),
forms that keep what was typed, and lists whose number of queries does not grow."""
from datetime import timedelta

import pytest

from app.db import utcnow
from app.extensions import db
from app.grants.models import GrantApplication, GrantCall, GrantReview
from app.notifications.models import Notification
from tests import factories
from tests.grants.factories import make_application, make_call


def _as(client, person):
    client.post_form("/auth/logout")
    if person is not None:
        client.login(person)


@pytest.fixture
def draft_call(app):
    return make_call(status="draft", title_pl="Szkic konkursu", title_en="Draft call", published_at=None)


@pytest.fixture
def people(applicant, partner_admin, outsider, moderator, anonymous):
    return {"anonymous": None, "outsider": outsider, "applicant": applicant, "partner": partner_admin,
            "moderator": moderator}


# --- calls -----------------------------------------------------------------------------------------------
@pytest.mark.parametrize("persona, status", [
    ("anonymous", 404), ("outsider", 404), ("applicant", 404), ("moderator", 200)])
def test_a_draft_call_is_seen_by_the_secretariat_only(client, people, draft_call, call, persona, status):
    _as(client, people[persona])
    assert client.get(f"/grants/{draft_call.id}").status_code == status
    listing = client.get("/grants/").get_data(as_text=True)
    assert ("Szkic konkursu" in listing) == (status == 200)
    assert "Małe granty dla sieci lokalnych 2027" in listing  # the published call: everyone


def test_a_published_call_shows_its_rules_criteria_and_faq_in_the_visitors_language(client, call):
    call.required_county, call.requires_employer = "tarnow-city", True
    page = client.get(f"/grants/{call.id}?lang=uk").get_data(as_text=True)
    assert "Малі гранти для місцевих мереж 2027" in page and "Trafność" in page
    assert "роботодавець" in page and "Тарн" in page


def test_only_the_secretariat_writes_calls(client, member, moderator):
    assert client.get("/grants/new").status_code == 302  # to the login page
    client.login(member)
    assert client.get("/grants/new").status_code == 403
    _as(client, moderator)
    assert client.get("/grants/new").status_code == 200


def _call_form(**overrides):
    data = {"title_pl": "Granty 2027", "total_budget": "100 000", "min_grant": "5000", "max_grant": "30000,50",
            "opens_on": "2027-03-01", "opens_time": "09:00", "closes_on": "2027-03-31", "closes_time": "16:00",
            "min_organisations": "2", "min_sectors": "2", "criteria-0-name": "Trafność",
            "criteria-0-max_points": "10", "criteria-0-weight": "2", "documents": "Umowa partnerska"}
    data.update(overrides)
    return data


def test_the_secretariat_creates_a_call_with_exact_amounts(client, moderator):
    client.login(moderator)
    response = client.post_form("/grants/new", _call_form())
    assert response.status_code == 302
    call = db.session.execute(db.select(GrantCall)).scalar_one()
    assert (call.total_budget, call.min_grant, call.max_grant) == (10_000_000, 500_000, 3_000_050)
    assert [c.name for c in call.criteria] == ["Trafność"] and call.status == "draft"


@pytest.mark.parametrize("field, typed, message", [
    ("max_grant", "-300", "nie może być ujemna"),
    ("min_grant", "12.345", "dwoma miejscami"),
    ("criteria-0-weight", "", "Wypełnij także to pole"),
    ("closes_on", "2027-02-30", "nie jest prawidłową datą"),
])
def test_bad_input_keeps_what_was_typed_with_the_message_by_the_field(client, moderator, field, typed, message):
    client.login(moderator)
    response = client.post_form("/grants/new", _call_form(**{field: typed}))
    html = response.get_data(as_text=True)
    assert response.status_code == 400
    assert message in html and 'value="Granty 2027"' in html
    assert f'id="{field}-error"' in html
    assert db.session.execute(db.select(GrantCall)).first() is None


def test_a_refusal_of_the_service_lands_next_to_its_field(client, moderator):
    client.login(moderator)
    html = client.post_form("/grants/new", _call_form(min_grant="40000")).get_data(as_text=True)
    assert 'id="min_grant-error"' in html and "nie może być większa" in html


def test_add_a_row_re_renders_with_one_more_row_and_keeps_the_rows(client, moderator):
    client.login(moderator)
    data = _call_form(**{f"criteria-{n}-{f}": "" for n in (1, 2, 3) for f in ("name", "max_points", "weight")})
    html = client.post_form("/grants/new", {**data, "add_criterion": "1"}).get_data(as_text=True)
    assert 'name="criteria-4-name"' in html and 'value="Trafność"' in html
    assert db.session.execute(db.select(GrantCall)).first() is None


def test_posts_without_the_csrf_token_are_refused(client, moderator, call):
    client.login(moderator)
    assert client.post("/grants/new", data=_call_form()).status_code == 400
    assert client.post(f"/grants/{call.id}/faq", data={"question": "Q", "answer": "A"}).status_code == 400


def test_the_secretariat_extends_the_faq_while_the_call_is_open(client, moderator, call):
    client.login(moderator)
    client.post_form(f"/grants/{call.id}/faq", {"question": "Czy gmina może być liderem?", "answer": "**Tak**."})
    assert "<strong>Tak</strong>" in client.get(f"/grants/{call.id}").get_data(as_text=True)


def test_the_calls_list_runs_a_fixed_number_of_queries(client, count_queries):
    for n in range(2):
        make_call(title_pl=f"Konkurs {n}")
    with count_queries() as few:
        assert client.get("/grants/").status_code == 200
    for n in range(2, 12):
        make_call(title_pl=f"Konkurs {n}")
    with count_queries() as many:
        assert client.get("/grants/").status_code == 200
    assert many.count == few.count


# --- applications ------------------------------------------------------------------------------------------
@pytest.fixture
def application(call, lead_org, partner_org, applicant):
    return make_application(call, lead_org, applicant, partners=[partner_org])


@pytest.mark.parametrize("persona, status", [
    ("anonymous", 404), ("outsider", 404), ("applicant", 200), ("partner", 200), ("moderator", 200)])
def test_an_application_is_seen_by_its_partnership_and_the_secretariat(client, people, application, persona,
                                                                       status):
    _as(client, people[persona])
    assert client.get(f"/grants/applications/{application.id}").status_code == status
    if persona != "anonymous":  # "my applications": those of the viewer's organisations only
        mine = client.get("/grants/mine").get_data(as_text=True)
        assert ("Sieć wsparcia w Tarnowie" in mine) == (persona in ("applicant", "partner"))


def test_an_assigned_reviewer_sees_it_and_nobody_else_outside(client, application, outsider):
    client.login(outsider)
    assert client.get(f"/grants/applications/{application.id}").status_code == 404
    db.session.add(GrantReview(application_id=application.id, reviewer_id=outsider.id, assigned_at=utcnow()))
    assert client.get(f"/grants/applications/{application.id}").status_code == 200


def test_partners_and_others_may_not_edit(client, application, partner_admin, applicant):
    client.login(partner_admin)
    assert client.get(f"/grants/applications/{application.id}/edit").status_code == 403
    _as(client, applicant)
    assert client.get(f"/grants/applications/{application.id}/edit").status_code == 200


def _application_form(**overrides):
    data = {"title": "Sieć wsparcia", "summary": "S", "problem": "P", "own_contribution": "100,10",
            "activities-0-description": "Warsztaty", "activities-0-starts_on": "2027-05-01",
            "activities-0-ends_on": "2027-05-02", "results-0-result": "Porady", "results-0-indicator": "rodziny",
            "results-0-target": "40", "budget-0-category": "staff", "budget-0-description": "Trener",
            "budget-0-quantity": "3", "budget-0-unit_cost": "0,10", "budget-1-category": "materials",
            "budget-1-description": "Papier", "budget-1-quantity": "1", "budget-1-unit_cost": "1999,90"}
    data.update(overrides)
    return data


def test_saving_the_budget_computes_exact_totals(client, applicant, application):
    client.login(applicant)
    assert client.post_form(f"/grants/applications/{application.id}/edit", _application_form()).status_code == 302
    db.session.refresh(application)
    assert application.budget_total == 30 + 199_990
    assert application.requested_amount == 200_020 - 10_010
    page = client.get(f"/grants/applications/{application.id}").get_data(as_text=True)
    assert "2000,20" in page.replace("\u00a0", "").replace(" ", "")


def test_a_bad_budget_row_keeps_everything_typed(client, applicant, application):
    client.login(applicant)
    response = client.post_form(f"/grants/applications/{application.id}/edit",
                                _application_form(**{"budget-1-unit_cost": "-5", "budget-0-quantity": ""}))
    html = response.get_data(as_text=True)
    assert response.status_code == 400
    assert 'id="budget-1-unit_cost-error"' in html and 'id="budget-0-quantity-error"' in html
    assert 'value="-5"' in html and 'value="Trener"' in html and "Warsztaty" in html


def test_add_a_budget_row_without_javascript(client, applicant, application):
    client.login(applicant)
    html = client.post_form(f"/grants/applications/{application.id}/edit",
                            {**_application_form(), "add_budget_line": "1"}).get_data(as_text=True)
    assert 'name="budget-2-description"' in html and 'value="Papier"' in html
    db.session.refresh(application)
    assert application.budget_lines[0].description == "Trener" and application.budget_lines[0].unit_cost == 100_000


def test_submission_at_the_deadline_is_refused_and_the_draft_kept(client, applicant, application, monkeypatch):
    from app.grants import services

    client.login(applicant)
    monkeypatch.setattr(services, "utcnow", lambda: application.call.closes_at + timedelta(seconds=1))
    response = client.post_form(f"/grants/applications/{application.id}/submit", follow_redirects=True)
    assert "szkic pozostaje zapisany" in response.get_data(as_text=True)
    assert db.session.get(GrantApplication, application.id).status == "draft"


def test_a_submitted_application_is_read_only_for_the_applicants(client, applicant, application):
    client.login(applicant)
    client.post_form(f"/grants/applications/{application.id}/submit")
    assert db.session.get(GrantApplication, application.id).status == "submitted"
    assert client.get(f"/grants/applications/{application.id}/edit").status_code == 403
    response = client.post_form(f"/grants/applications/{application.id}/edit", _application_form(title="Zmiana"))
    assert response.status_code == 403
    assert db.session.get(GrantApplication, application.id).title == "Sieć wsparcia w Tarnowie"


def test_the_invited_admin_confirms_on_the_platform(client, call, lead_org, applicant, partner_org, partner_admin):
    application = make_application(call, lead_org, applicant)
    client.login(applicant)
    client.post_form(f"/grants/applications/{application.id}/partners", {"organisation_id": str(partner_org.id)})
    partner = db.session.get(GrantApplication, application.id).partners[0]
    assert partner.confirmed_at is None
    _as(client, partner_admin)
    assert "Підтвердити нашу участь" in client.get("/grants/mine?lang=uk").get_data(as_text=True)
    client.post_form(f"/grants/partners/{partner.id}/confirm")
    db.session.refresh(partner)
    assert partner.confirmed_at is not None


# --- review and decisions ----------------------------------------------------------------------------------
@pytest.fixture
def submitted(application):
    application.status, application.submitted_at = "submitted", utcnow()
    return application


def test_a_reviewer_from_the_partnership_cannot_be_assigned(client, moderator, submitted, partner_admin):
    client.login(moderator)
    response = client.post_form(f"/grants/applications/{submitted.id}/reviewers", {"email": partner_admin.email})
    assert response.status_code == 400 and "konflikt interesów" in response.get_data(as_text=True)
    assert not db.session.get(GrantApplication, submitted.id).reviews


def test_reviews_are_seen_by_their_author_and_the_secretariat_only(client, moderator, submitted, outsider,
                                                                    applicant):
    reviewer = factories.make_user(display_name="Renata Recenzentka")
    client.login(moderator)
    client.post_form(f"/grants/applications/{submitted.id}/reviewers", {"email": reviewer.email})
    review = db.session.get(GrantApplication, submitted.id).reviews[0]
    assert db.session.execute(db.select(Notification).where(Notification.user_id == reviewer.id)).scalar()
    for person, status in ((reviewer, 200), (applicant, 404), (outsider, 404), (moderator, 200)):
        _as(client, person)
        assert client.get(f"/grants/reviews/{review.id}").status_code == status, person.display_name
    assert "Renata Recenzentka" in client.get(f"/grants/applications/{submitted.id}").get_data(as_text=True)
    _as(client, applicant)
    assert "Renata Recenzentka" not in client.get(f"/grants/applications/{submitted.id}").get_data(as_text=True)
    assert client.get(f"/grants/{submitted.call_id}/ranking").status_code == 404


def test_points_above_the_maximum_are_refused_next_to_the_field(client, submitted):
    reviewer = factories.make_user()
    review = GrantReview(application_id=submitted.id, reviewer_id=reviewer.id, assigned_at=utcnow())
    db.session.add(review)
    client.login(reviewer)
    response = client.post_form(f"/grants/reviews/{review.id}", {
        "scores-0-points": "11", "scores-0-comment": "Dobrze", "scores-1-points": "5", "scores-1-comment": "Ok",
        "submit_review": "1"})
    html = response.get_data(as_text=True)
    assert response.status_code == 400 and 'id="scores-0-points-error"' in html and "od 0 do 10" in html
    response = client.post_form(f"/grants/reviews/{review.id}", {
        "scores-0-points": "10", "scores-0-comment": "Dobrze", "scores-1-points": "5", "scores-1-comment": "Ok",
        "submit_review": "1"})
    assert response.status_code == 302
    db.session.refresh(review)
    assert review.submitted_at is not None and sorted(s.points for s in review.scores) == [5, 10]


def test_ranking_and_a_decision_told_in_the_recipients_language(client, moderator, submitted, applicant):
    from app.grants.models import GrantScore

    applicant.language = "en"
    criteria = submitted.call.criteria
    for points in ((10, 5), (5, 0)):
        review = GrantReview(application_id=submitted.id, reviewer_id=factories.make_user().id,
                             assigned_at=utcnow(), submitted_at=utcnow())
        review.scores = [GrantScore(criterion_id=c.id, points=p, comment="x") for c, p in zip(criteria, points)]
        db.session.add(review)
    client.login(moderator)
    ranking = client.get(f"/grants/{submitted.call_id}/ranking").get_data(as_text=True)
    # (10×2 + 5×1) / 25 = 100; (5×2 + 0) / 25 = 40: average 70, spread 60.
    assert "Sieć wsparcia w Tarnowie" in ranking and ">70<" in ranking and ">60<" in ranking
    response = client.post_form(f"/grants/applications/{submitted.id}/decision",
                                {"decision": "granted", "amount": "9000", "reason": ""})
    assert response.status_code == 302
    assert db.session.get(GrantApplication, submitted.id).awarded_amount == 900_000
    notification = db.session.execute(db.select(Notification).where(Notification.user_id == applicant.id,
                                                                   Notification.kind == "grant_decision")).scalar()
    assert notification.title == "Your application “Sieć wsparcia w Tarnowie” is granted PLN\u00a09,000.00"


def test_a_grant_above_the_request_is_refused(client, moderator, submitted):
    client.login(moderator)
    response = client.post_form(f"/grants/applications/{submitted.id}/decision",
                                {"decision": "granted", "amount": "10000,01"})
    assert response.status_code == 400 and 'id="amount-error"' in response.get_data(as_text=True)
    assert db.session.get(GrantApplication, submitted.id).decision is None


def test_the_deadline_as_a_calendar_entry_on_the_warsaw_clock(client, call, draft_call):
    body = client.get(f"/grants/{call.id}/deadline.ics").get_data(as_text=True)
    local = call.closes_at.astimezone(__import__("zoneinfo").ZoneInfo("Europe/Warsaw"))
    assert f"DTSTART;TZID=Europe/Warsaw:{local:%Y%m%dT%H%M%S}" in body
    assert f"UID:grant-call-{call.id}-deadline@" in body and "BEGIN:VTIMEZONE" in body
    assert client.get(f"/grants/{draft_call.id}/deadline.ics").status_code == 404


def test_an_invitation_is_hidden_once_the_organisation_leaves_the_partnership(
        client, call, lead_org, applicant, partner_org, partner_admin):
    from app.grants import services
    from app.notifications.subjects import is_visible

    application = make_application(call, lead_org, applicant)
    with client.application.test_request_context("/"):
        partner = services.invite_partner(applicant, application, partner_org.id)
        notification = db.session.execute(db.select(Notification).where(
            Notification.user_id == partner_admin.id)).scalar_one()
        assert is_visible(partner_admin, notification)
        services.remove_partner(applicant, application, partner)
        assert not is_visible(partner_admin, notification)


def test_my_page_and_the_ranking_run_a_fixed_number_of_queries(client, call, lead_org, applicant, moderator,
                                                               count_queries):
    def applications(count):
        for n in range(count):
            org = factories.make_org(name=f"Organizacja {count}-{n}", members=[applicant])
            make_application(call, org, applicant, status="submitted", submitted_at=utcnow())

    applications(2)
    counts = []
    for person, url in ((applicant, "/grants/mine"), (moderator, f"/grants/{call.id}/ranking")):
        _as(client, person)
        with count_queries() as few:
            assert client.get(url).status_code == 200
        counts.append(few.count)
    applications(8)
    for (person, url), few in zip(((applicant, "/grants/mine"), (moderator, f"/grants/{call.id}/ranking")), counts):
        _as(client, person)
        with count_queries() as many:
            assert client.get(url).status_code == 200
        assert many.count == few, url


def test_pages_with_several_forms_keep_their_ids_unique(client, moderator, submitted, call):
    from tests.test_html_validity import Checked

    client.login(moderator)
    for url in (f"/grants/applications/{submitted.id}", f"/grants/{call.id}", "/grants/new"):
        page = Checked()
        page.feed(client.get(url).get_data(as_text=True))
        assert page.duplicates == [], (url, page.duplicates)


def test_the_results_list_is_public_once_published(client, moderator, submitted, call, outsider):
    submitted.decision, submitted.awarded_amount = "granted", 900_000
    url = f"/grants/{call.id}/results"
    assert client.get(url).status_code == 404
    client.login(moderator)
    client.post_form(f"{url}/publish")  # still open: refused
    assert db.session.get(GrantCall, call.id).results_published_at is None
    call.closes_at = utcnow() - timedelta(minutes=1)
    client.post_form(f"{url}/publish")
    assert db.session.get(GrantCall, call.id).results_published_at is not None
    client.post_form("/auth/logout")
    page = client.get(url).get_data(as_text=True)
    assert "Sieć wsparcia w Tarnowie" in page and "Gmina Testowa" in page and "9\u00a0000,00\u00a0zł" in page
