"""The small grants in the secretariat's figures: calls, applications, awards and amounts per
county and per sector, on the dashboard and in the yearly CSV, in a fixed number of queries."""
import csv
import io
from datetime import date, datetime, timedelta, timezone

import pytest

from app.db import commit
from app.grants.figures import grant_figures
from tests import factories
from tests.grants.factories import make_application, make_call

SINCE, UNTIL = datetime(2026, 1, 1, tzinfo=timezone.utc), datetime(2027, 1, 1, tzinfo=timezone.utc)
TODAY = date(2026, 12, 15)  # the dashboard's last 12 months: January to December 2026


def _call(opens: datetime, **values):
    return make_call(opens_at=opens, closes_at=opens + timedelta(days=30), **values)


def _submitted(call, lead, decision=None, amount=None, title="Wniosek"):
    return make_application(call, lead, title=title, status="submitted", submitted_at=call.opens_at,
                            decision=decision, awarded_amount=amount)


@pytest.fixture
def grants(app):
    """NGO (Kraków and Tarnów county), local government (Tarnów county), employer (whole region)."""
    ngo = factories.make_org(name="Fundacja", org_type="ngo", counties=["krakow-city", "tarnowski"])
    gmina = factories.make_org(name="Gmina", org_type="gmina", counties=["tarnowski"])
    employer = factories.make_org(name="Zakład", org_type="employer", counties=[], whole_region=True)
    tarnow = _call(datetime(2026, 3, 1, tzinfo=timezone.utc))
    tarnow.set_tags("counties", ["tarnowski"])
    krakow = _call(datetime(2026, 6, 1, tzinfo=timezone.utc), required_county="krakow-city")
    _call(datetime(2026, 9, 1, tzinfo=timezone.utc))  # names no county: the whole region
    _submitted(tarnow, ngo, "granted", 1_000_000)
    _submitted(tarnow, gmina, "rejected")
    make_application(tarnow, employer)  # a draft: not counted
    _submitted(krakow, employer, "granted", 500_050)
    old = _call(datetime(2025, 11, 1, tzinfo=timezone.utc))  # opened before the period
    _submitted(old, ngo, "granted", 2_000_000)
    _submitted(_call(datetime(2026, 4, 1, tzinfo=timezone.utc), status="draft"), ngo)  # a draft call
    commit()
    return {"ngo": ngo, "gmina": gmina, "employer": employer, "krakow": krakow}


def _table(lines):
    return {line.key: (line.call_count, line.applications, line.awards, line.amount)
            for line in lines if not line.is_empty}


def test_per_county_and_sector(grants, request_ctx):
    figures = grant_figures(SINCE, UNTIL)
    assert _table(figures.by_county) == {
        "tarnowski": (1, 2, 1, 1_000_000),  # the NGO's and the gmina's applications; the call names it
        "krakow-city": (1, 2, 2, 1_500_050),  # the NGO serves Kraków too; the employer's call requires it
        "whole-region": (1, 0, 0, 0),  # the call that names no county
    }
    assert _table(figures.by_sector) == {
        "civil-society": (1, 1, 1, 1_000_000), "local-government": (1, 1, 0, 0), "business": (1, 1, 1, 500_050)}
    total = figures.total
    assert (total.call_count, total.applications, total.awards, total.amount) == (3, 3, 2, 1_500_050)


def test_the_figures_run_a_fixed_number_of_queries(grants, count_queries, request_ctx):
    with count_queries() as few:
        grant_figures(SINCE, UNTIL)
    for n in range(6):
        lead = factories.make_org(name=f"Organizacja {n}", counties=["nowosadecki", "gorlicki"])
        call = _call(datetime(2026, 5, 1 + n, tzinfo=timezone.utc))
        call.set_tags("counties", ["gorlicki"])
        _submitted(call, lead, "granted", 100_000)
    with count_queries() as many:
        figures = grant_figures(SINCE, UNTIL)
    assert figures.total.applications == 9 and many.count == few.count


def test_the_dashboard_and_the_csv_show_them(client, moderator, grants, monkeypatch):
    from app.secretariat import queries

    monkeypatch.setattr(queries, "local_today", lambda now=None: TODAY)
    client.login(moderator)
    page = client.get("/secretariat/").text
    section = page.split('id="grants-heading"')[1].split("</section>")[0]
    krakow_row = section.split("Kraków (miasto na prawach powiatu)</th>")[1].split("</tr>")[0]
    assert "15\u00a0000,50\u00a0zł" in krakow_row and "<td>2</td>" in krakow_row
    rows = list(csv.DictReader(io.StringIO(client.get("/secretariat/health.csv").text.lstrip("\ufeff"))))
    shown = {(row["figure"], row["key"]): row["value"] for row in rows}
    assert shown[("grant_amount_awarded_pln_per_county", "krakow-city")] == "15000.50"
    assert shown[("grant_awards_per_sector", "business")] == "1"
    assert shown[("grant_applications_per_county", "tarnowski")] == "2"
    assert shown[("grant_calls_per_county", "whole-region")] == "1"
