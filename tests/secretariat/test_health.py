"""Network health: the figures of a known small network, the charts' text and the CSV."""
import csv
import io
from datetime import date, datetime, timezone

import pytest

from app.db import commit
from app.secretariat.queries import month_starts, network_health
from tests import factories
from tests.events.factories import make_event
from tests.forums.factories import make_category, make_reply, make_thread, post_at
from tests.partnerships.factories import make_post

TODAY = date(2026, 6, 15)


def at(year, month, dd=10, hour=12):
    return datetime(year, month, dd, hour, tzinfo=timezone.utc)


@pytest.fixture
def network(app, request_ctx):
    """Orgs: two NGOs (Kraków, Tarnów county) and an employer (whole region) verified, one
    NGO waiting; accounts, forum posts, events and partnership posts spread over months."""
    factories.make_org(org_type="ngo", counties=["krakow-city"])
    factories.make_org(org_type="ngo", counties=["krakow-city", "tarnowski"])
    employer_admin = factories.make_user(created_at=at(2024, 1, 1))
    employer = factories.make_org(org_type="employer", counties=[], whole_region=True, admin=employer_admin)
    factories.make_org(org_type="ngo", counties=["krakow-city"], verified_at=None)  # not counted
    for when in (at(2026, 1, 5), at(2026, 6, 1), at(2026, 6, 14)):
        factories.make_user(created_at=when)
    factories.make_user(created_at=at(2026, 6, 2), confirmed_at=None)  # unconfirmed: not counted
    factories.make_user(created_at=at(2025, 6, 30))  # thirteen months ago: outside the window
    author = factories.make_user(created_at=at(2024, 1, 1))
    thread = make_thread(author=author, category=make_category())
    thread.created_at = post_at(thread, 1).created_at = at(2026, 3, 3)
    make_reply(thread, author=author).created_at = at(2026, 4, 30, 21)  # 23:00 in Warsaw: still April
    make_reply(thread, author=author).created_at = at(2026, 4, 30, 22)  # midnight in Warsaw: May
    make_event(employer, author=employer_admin, county="tarnow-city").created_at = at(2026, 5, 5)
    make_event(employer, author=employer_admin, county=None, online_url="https://meet.example.org/x",
               address="").created_at = at(2026, 5, 6)
    make_event(employer, author=employer_admin, county="tarnow-city", publish=False)  # a draft: not counted
    formed = make_post(employer, status="formed")
    formed.created_at, formed.formed_at = at(2026, 2, 1), at(2026, 6, 1)
    open_post = make_post(employer)
    open_post.created_at = at(2026, 6, 3)
    commit()


def figures_by_key():
    return {figure.key: figure for figure in network_health(TODAY)}


def values(figure) -> dict:
    return {row.key: row.value for row in figure.rows if row.value}


def test_the_window_is_the_last_twelve_calendar_months():
    starts = month_starts(TODAY)
    assert starts[0] == date(2025, 7, 1) and starts[-2] == date(2026, 6, 1) and starts[-1] == date(2026, 7, 1)


def test_the_figures_of_a_known_network(network):
    figures = figures_by_key()
    assert values(figures["organisations_per_sector"]) == {"civil-society": 2, "business": 1}
    assert values(figures["organisations_per_county"]) == {"krakow-city": 2, "tarnowski": 1, "whole-region": 1}
    members = values(figures["new_members_per_month"])
    assert members["2026-01"] == 1 and members["2026-06"] == 2 and "2025-06" not in members
    assert values(figures["threads_per_month"]) == {"2026-03": 1}
    assert values(figures["posts_per_month"]) == {"2026-03": 1, "2026-04": 1, "2026-05": 1}
    assert values(figures["events_per_month"]) == {"2026-05": 2}
    assert values(figures["events_per_county"]) == {"tarnow-city": 1, "none": 1}
    assert values(figures["partnership_posts_per_month"]) == {"2026-02": 1, "2026-06": 1}
    assert values(figures["partnerships_formed_per_month"]) == {"2026-06": 1}
    assert all(len(f.rows) == 12 for f in figures.values() if f.kind == "months")


def test_the_csv_has_the_same_figures(client, moderator, network, monkeypatch):
    from app.secretariat import queries

    monkeypatch.setattr(queries, "local_today", lambda now=None: TODAY)
    client.login(moderator)
    response = client.get("/secretariat/health.csv")
    assert response.status_code == 200 and response.mimetype == "text/csv"
    assert 'filename="network-health-2026-06-15.csv"' in response.headers["Content-Disposition"]
    rows = list(csv.DictReader(io.StringIO(response.text.lstrip("\ufeff"))))
    shown = {(row["figure"], row["key"]): row["value"] for row in rows}  # amounts of grants: "1500.00"
    for figure in figures_by_key().values():
        for row in figure.rows:
            assert shown[(figure.key, row.key)] == str(row.value)
    assert shown[("organisations_per_sector", "civil-society")] == "2"
    assert rows[0]["figure_title"] == "Zweryfikowane organizacje według sektora"


def test_the_charts_read_without_colour_and_have_the_figures_as_text(client, moderator, network, monkeypatch):
    from app.secretariat import queries

    monkeypatch.setattr(queries, "local_today", lambda now=None: TODAY)
    client.login(moderator)
    page = client.get("/secretariat/health").text
    chart = page.split('id="chart-events_per_month-caption"')[1].split("</figure>")[0]
    assert 'role="img"' in page and "<desc" in chart
    assert ">2</text>" in chart  # the number is written above its column, not only drawn
    table = page.split('id="monthly-table"')[1].split("</table>")[0]
    assert "maj 2026" in table  # months in words, in the reader's language
    sector_table = page.split('id="table-organisations_per_sector"')[1].split("</table>")[0]
    assert '<td class="number">2</td>' in sector_table


def test_the_csv_is_safe_in_a_spreadsheet():
    from app.secretariat.export import figures_csv
    from app.secretariat.queries import Figure, Row

    text = figures_csv([Figure("x", "=HYPERLINK(1)", "categories", [Row("a", "+cmd", 1)])])
    assert "'=HYPERLINK(1)" in text and "'+cmd" in text
