"""The secretariat's figures of meetings: held, attendance and organisations reached per county and month, for a chosen period."""
import csv
import io
from datetime import date, time

import pytest

from app.db import commit
from app.events import attendance
from app.events.models import OccurrenceOverride
from app.extensions import db
from app.secretariat.queries import meetings_per_county_and_month
from tests import factories
from tests.events.factories import make_event


@pytest.fixture
def meetings(app, request_ctx):
    """March 2025: one meeting in Tarnów (2 people, 2 organisations), a weekly series in Kraków
    (4 dates, one cancelled; 1 person on 11 March from an organisation already counted in Tarnów),
    and a meeting in May 2025 outside the period asked for."""
    organiser = factories.make_user()
    org = factories.make_org(admin=organiser)
    tarnow = make_event(org, author=organiser, start_date=date(2025, 3, 11), county="tarnow-city")
    krakow = make_event(org, author=organiser, start_date=date(2025, 3, 4), county="krakow-city",
                        repeat="weekly", repeat_end="count", repeat_count=4)
    db.session.add(OccurrenceOverride(event_id=krakow.id, occurrence_date=date(2025, 3, 18), kind="cancelled"))
    make_event(org, author=organiser, start_date=date(2025, 5, 6), start_time=time(10), county="tarnow-city")
    db.session.flush()
    attendance.add_walk_in(organiser, tarnow, "", "Anna Nowak", "Fundacja Dom")
    attendance.add_walk_in(organiser, tarnow, "", "Jan Kowalski", "Gmina Tarnów")
    attendance.add_walk_in(organiser, krakow, "2025-03-11", "Ewa Zielińska", "fundacja  DOM")
    commit()


def test_held_attendance_and_organisations_per_county_and_month(app, meetings):
    table = meetings_per_county_and_month(date(2025, 3, 1), date(2025, 4, 1))
    lines = {(line.month, line.county): (line.held, line.attendance, line.organisations) for line in table.lines}
    assert lines == {("2025-03", "krakow-city"): (3, 1, 1), ("2025-03", "tarnow-city"): (1, 2, 2)}
    assert (table.held, table.attendance, table.organisations) == (4, 3, 2)  # Fundacja Dom counted once


def test_the_page_and_the_csv_take_the_period(app, client, moderator, meetings):
    client.login(moderator)
    page = client.get("/secretariat/health?from_month=2025-03&to_month=2025-05").get_data(as_text=True)
    table = page.split('id="meetings-table"')[1].split("</table>")[0]
    assert "marzec 2025" in table and "maj 2025" in table and "Kraków" in table
    response = client.get("/secretariat/health.csv?from_month=2025-03&to_month=2025-04")
    rows = list(csv.DictReader(io.StringIO(response.text.lstrip("\ufeff"))))
    shown = {(row["figure"], row["key"]): float(row["value"]) for row in rows}  # grant amounts: "1500.00"
    assert shown[("meetings_held", "2025-03/krakow-city")] == 3
    assert shown[("meeting_attendance", "2025-03/tarnow-city")] == 2
    assert shown[("organisations_reached", "2025-03/tarnow-city")] == 2
    assert ("meetings_held", "2025-05/tarnow-city") not in shown


@pytest.mark.parametrize("query, field, message", [
    ("from_month=marzec", "from_month", "Wpisz miesiąc w postaci RRRR-MM, np. 2026-01."),
    ("from_month=2025-05&to_month=2025-03", "to_month", "Okres nie może się kończyć przed początkiem."),
])
def test_a_wrong_period_is_said_next_to_its_field_and_kept(app, client, moderator, query, field, message):
    from tests.events.factories import field_errors

    client.login(moderator)
    response = client.get(f"/secretariat/health?{query}")
    assert response.status_code == 400
    html = response.get_data(as_text=True)
    assert field_errors(html)[field] == message
    assert f'value="{query.split("=")[1].split("&")[0]}"' in html


def test_only_the_secretariat_sees_the_figures(app, client, member):
    client.login(member)
    assert client.get("/secretariat/health?from_month=2025-03").status_code in (403, 404)


def test_the_dashboard_leads_to_the_meetings_figures(app, client, moderator):
    client.login(moderator)
    page = client.get("/secretariat/").get_data(as_text=True)
    assert "/secretariat/health#meetings-heading" in page and "za wybrany okres" in page
