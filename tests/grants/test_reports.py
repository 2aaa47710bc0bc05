"""The final report of a granted project: written by the lead organisation, accepted or returned by the secretariat."""
import pytest

from app.db import utcnow
from app.extensions import db
from app.grants.models import GrantApplication
from tests.grants.factories import make_application


@pytest.fixture
def granted(call, lead_org, partner_org, applicant):
    application = make_application(call, lead_org, applicant, partners=[partner_org], status="submitted",
                                   submitted_at=utcnow())
    application.decision, application.awarded_amount, application.decided_at = "granted", 900_000, utcnow()
    return application


def _report(**overrides):
    data = {"done": "Warsztaty dla 45 rodzin.", "reached-0-reached": "45", "spent": "8999,99", "own_spent": "100"}
    data.update(overrides)
    return data


def test_the_lead_submits_and_the_secretariat_returns_then_accepts(client, granted, applicant, moderator):
    url = f"/grants/applications/{granted.id}/report"
    client.login(applicant)
    assert client.post_form(url, {**_report(), "submit_report": "1"}).status_code == 302
    report = db.session.get(GrantApplication, granted.id).report
    assert (report.status, report.spent, granted.results[0].reached) == ("submitted", 899_999, 45)
    assert client.post_form(url, _report(done="Zmiana")).status_code == 403  # submitted: frozen
    client.post_form("/auth/logout")
    client.login(moderator)
    client.post_form(f"{url}/review", {"comment": "Brakuje listy obecności.", "return_report": "1"})
    db.session.refresh(report)
    assert report.status == "returned"
    client.post_form("/auth/logout")
    client.login(applicant)
    assert "Brakuje listy obecności." in client.get(url).get_data(as_text=True)
    client.post_form(url, {**_report(done="Poprawione."), "submit_report": "1"})
    client.post_form("/auth/logout")
    client.login(moderator)
    client.post_form(f"{url}/review", {"accept": "1"})
    db.session.refresh(report)
    assert (report.status, report.done) == ("accepted", "Poprawione.")


def test_more_than_the_grant_cannot_be_spent_from_it(client, granted, applicant):
    client.login(applicant)
    response = client.post_form(f"/grants/applications/{granted.id}/report", _report(spent="9000,01"))
    assert response.status_code == 400 and 'id="spent-error"' in response.get_data(as_text=True)


def test_who_sees_and_writes_the_report(client, granted, partner_admin, outsider, call, lead_org, applicant):
    url = f"/grants/applications/{granted.id}/report"
    for person, status in ((outsider, 404), (partner_admin, 200)):
        client.login(person)
        assert client.get(url).status_code == status
        client.post_form("/auth/logout")
    client.login(partner_admin)
    assert client.post_form(url, _report()).status_code == 403  # a partner reads, the lead writes
    not_granted = make_application(call, lead_org, applicant, title="Inny", status="submitted")
    client.post_form("/auth/logout")
    client.login(applicant)
    assert client.get(f"/grants/applications/{not_granted.id}/report").status_code == 404
