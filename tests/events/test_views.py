"""The pages people use: lists with filters in the URL, month grid, event and occurrence pages, minutes."""
import re
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest

from app.db import commit, utcnow
from app.events import services
from tests import factories
from tests.events.factories import field_errors, flashed, future_day, make_event

WARSAW = ZoneInfo("Europe/Warsaw")


def titles(html: str) -> list[str]:
    """Event titles of the list's cards, in order."""
    return [re.sub(r"<[^>]+>", "", t).strip() for t in re.findall(r'<li class="card event-card[^"]*">\s*<h3>(.*?)</h3>', html, re.S)]


@pytest.fixture
def calendar(org, organiser, request_ctx):
    """A handful of upcoming and past events in different counties, themes, types and languages."""
    other_admin = factories.make_user()
    other = factories.make_org(name="Caritas Diecezji Tarnowskiej", admin=other_admin)
    make_event(org, author=organiser, title="Tarnów: spotkanie", county="tarnow-city", start_date=future_day(3),
               themes=["social-assistance"], languages=["pl"])
    make_event(org, author=organiser, title="Nowy Sącz: warsztaty", county="nowy-sacz-city", event_type="workshop",
               start_date=future_day(20), themes=["housing"], languages=["uk"])
    make_event(other, author=other_admin, title="Webinar Caritas", county=None, address=None,
               online_url="https://meet.example.org/abc", event_type="webinar", start_date=future_day(40),
               themes=["labour-market"], languages=["pl", "uk"])
    make_event(org, author=organiser, title="Zeszłomiesięczne spotkanie", start_date=future_day(-30))
    commit()
    return other


def test_upcoming_and_past_lists(client, calendar):
    upcoming = client.get("/events/").get_data(as_text=True)
    assert titles(upcoming) == ["Tarnów: spotkanie", "Nowy Sącz: warsztaty", "Webinar Caritas"]
    assert titles(client.get("/events/past").get_data(as_text=True)) == ["Zeszłomiesięczne spotkanie"]


@pytest.mark.parametrize("query, expected", [
    ("county=tarnow-city", ["Tarnów: spotkanie"]),
    ("county=tarnow-city&county=nowy-sacz-city", ["Tarnów: spotkanie", "Nowy Sącz: warsztaty"]),
    ("theme=housing", ["Nowy Sącz: warsztaty"]),
    ("type=webinar", ["Webinar Caritas"]),
    ("language=uk", ["Nowy Sącz: warsztaty", "Webinar Caritas"]),
    ("org=caritas-diecezji-tarnowskiej", ["Webinar Caritas"]),
    ("type=workshop&language=pl", []),
    ("county=atlantis&type=nonsense&from=2026-02-30", ["Tarnów: spotkanie", "Nowy Sącz: warsztaty", "Webinar Caritas"]),
])
def test_filters_live_in_the_url(client, calendar, query, expected):
    response = client.get(f"/events/?{query}")
    assert response.status_code == 200
    html = response.get_data(as_text=True)
    assert titles(html) == expected
    for pair in query.split("&"):
        name, value = pair.split("=")
        if value in ("tarnow-city", "housing", "webinar", "uk"):
            assert re.search(rf'name="{name}" value="{value}" checked', html), pair  # the form shows the state


def test_date_range_filter(client, calendar):
    start, end = future_day(10).isoformat(), future_day(30).isoformat()
    html = client.get(f"/events/?from={start}&to={end}").get_data(as_text=True)
    assert titles(html) == ["Nowy Sącz: warsztaty"]
    assert f'value="{start}"' in html and f'value="{end}"' in html
    past = client.get(f"/events/past?from={future_day(-40).isoformat()}&to={future_day(-20).isoformat()}")
    assert titles(past.get_data(as_text=True)) == ["Zeszłomiesięczne spotkanie"]


def test_month_grid_without_javascript(client, org, organiser, request_ctx):
    make_event(org, author=organiser, title="Spotkanie w marcu", start_date=date(2031, 3, 4))
    make_event(org, author=organiser, title="Konferencja dwudniowa", all_day=True, start_date=date(2031, 3, 12),
               end_date=date(2031, 3, 13), start_time=None, end_time=None)
    commit()
    html = client.get("/events/calendar?month=2031-03").get_data(as_text=True)
    assert "marzec 2031" in html.lower()
    cells = re.findall(r"<td([^>]*)>(.*?)</td>", html, re.S)
    day = {re.search(r'class="day-number"[^>]*>(\d+)<', c).group(1): c for attrs, c in cells
           if "other-month" not in attrs}
    assert "Spotkanie w marcu" in day["4"] and "10:00" in day["4"]
    assert "Konferencja dwudniowa" in day["12"] and "Konferencja dwudniowa" in day["13"]
    assert "Spotkanie w marcu" not in day["5"]
    assert 'href="/events/calendar?month=2031-04"' in html and 'href="/events/calendar?month=2031-02"' in html


@pytest.mark.parametrize("month", ["2026-13", "abc", "2026-00", "99999-01", "2026-1'"])
def test_a_bad_month_shows_the_current_month(client, month):
    response = client.get(f"/events/calendar?month={month}")
    assert response.status_code == 200
    today = utcnow().astimezone(WARSAW).date()
    html = response.get_data(as_text=True)
    assert f'value="{today.year:04d}-{today.month:02d}"' in html
    assert "to nie jest miesiąc, który możemy pokazać" in html


def test_event_page_shows_place_calendar_link_and_other_events(client, org, organiser, request_ctx):
    event = make_event(org, author=organiser, title="Spotkanie koordynacyjne",
                       address="Urząd Miasta Tarnowa, ul. Mickiewicza 2, sala 12", online_url="https://meet.example.org/x")
    make_event(org, author=organiser, title="Inne wydarzenie tego ośrodka", start_date=future_day(30))
    commit()
    html = client.get(f"/events/{event.id}").get_data(as_text=True)
    assert re.search(r"<address>Urząd Miasta Tarnowa, ul. Mickiewicza 2, sala 12<br>Tarnów \(miasto na prawach powiatu\)</address>", html)
    assert f'href="/events/{event.id}.ics"' in html
    assert "Inne wydarzenie tego ośrodka" in html
    assert "<strong>integracji</strong>" in html  # the Markdown description


def test_each_occurrence_has_its_own_page(client, org, organiser, request_ctx):
    event = make_event(org, author=organiser, title="Co pierwszy wtorek", start_date=date(2031, 1, 7),
                       repeat="monthly_weekday", repeat_end="count", repeat_count=6, registration_enabled=True)
    services.cancel_occurrence(organiser, event, "2031-03-04", "Remont sali")
    services.move_occurrence(organiser, event, "2031-04-01", datetime(2031, 4, 2, 12, tzinfo=WARSAW),
                             datetime(2031, 4, 2, 14, tzinfo=WARSAW), "Święto")
    commit()
    cancelled = client.get(f"/events/{event.id}/2031-03-04").get_data(as_text=True)
    assert "Ten termin został odwołany." in cancelled
    assert "Remont sali" in cancelled
    moved = client.get(f"/events/{event.id}/2031-04-01").get_data(as_text=True)
    assert "Święto" in moved and "2 kwietnia 2031" in moved and "12:00" in moved
    assert client.get(f"/events/{event.id}/2031-04-02").status_code == 404  # not a key of the series
    assert client.get(f"/events/{event.id}/2031-02-30").status_code == 404
    assert client.get(f"/events/{event.id}?occurrence=2031-02-04").headers["Location"].endswith(
        f"/events/{event.id}/2031-02-04")
    # A registration for one date is shown on that date only.
    person = factories.make_user()
    client.login(person)
    client.post_form(f"/events/{event.id}/2031-02-04/register")
    assert "Masz miejsce – jesteś zarejestrowany(-a)." in client.get(f"/events/{event.id}/2031-02-04").get_data(as_text=True)
    assert "Masz miejsce – jesteś zarejestrowany(-a)." not in client.get(f"/events/{event.id}/2031-05-06").get_data(as_text=True)


def test_minutes_are_sanitised_and_link_a_forum_thread(client, org, organiser, request_ctx):
    from tests.forums.factories import make_thread

    event = make_event(org, author=organiser, title="Spotkanie z protokołem", start_date=future_day(-7))
    thread = make_thread(author=organiser, title="Omówienie spotkania w Tarnowie")
    commit()
    client.login(organiser)
    response = client.post_form(f"/events/{event.id}/minutes", {
        "minutes": "## Ustalenia\n\n* **Ośrodek** przygotuje ulotki\n\n<script>alert(1)</script>"
                   "[link](javascript:alert(2))",
        "forum_thread": f"https://forum.test/forums/t/{thread.id}",
    })
    assert response.status_code == 302
    client.post_form("/auth/logout")
    html = client.get(f"/events/{event.id}").get_data(as_text=True)
    assert "<strong>Ośrodek</strong>" in html and "Ustalenia" in html
    assert "<script>alert(1)" not in html and 'href="javascript:' not in html
    assert f'href="/forums/t/{thread.id}"' in html and "Omówienie spotkania w Tarnowie" in html
    assert "Spotkanie z protokołem" in client.get("/events/past").get_data(as_text=True)


def test_minutes_refuse_an_unknown_thread(client, org, organiser, request_ctx):
    event = make_event(org, author=organiser, start_date=future_day(-7))
    client.login(organiser)
    response = client.post_form(f"/events/{event.id}/minutes", {"minutes": "Notatka robocza", "forum_thread": "99999"})
    assert response.status_code == 400
    html = response.get_data(as_text=True)
    assert "forum_thread" in field_errors(html) and "Notatka robocza" in html


def test_cancelling_an_event(client, org, organiser, request_ctx):
    event = make_event(org, author=organiser, title="Seminarium")
    client.login(organiser)
    response = client.post_form(f"/events/{event.id}/cancel", {"reason": "Choroba prowadzącej"}, follow_redirects=True)
    html = response.get_data(as_text=True)
    assert "Choroba prowadzącej" in html and "To wydarzenie zostało odwołane." in html
    assert "odwołane" in flashed(html)


@pytest.mark.parametrize("url", ["/events/", "/events/past", "/events/calendar?month={month}", "/events/feed.ics",
                                 "/"])
def test_list_pages_run_a_fixed_number_of_queries(client, org, organiser, request_ctx, count_queries, url):
    """The same number of SQL statements for 14 events as for 26 (tags, co-organisers, overrides included)."""
    partner = factories.make_org(name="Partner")
    month = future_day(3).strftime("%Y-%m")

    def add_events(count: int, offset: int):
        for n in range(count):
            repeat = {"repeat": "weekly", "repeat_end": "count", "repeat_count": 8} if n % 2 else {}
            day = future_day(3 + n % 5) if n % 3 else future_day(-60 + n)  # some of them in the past
            event = make_event(org, author=organiser, title=f"Wydarzenie {offset + n}", start_date=day,
                               start_time=time(9 + n % 5), end_time=time(15), co_organiser_ids=[partner.id], **repeat)
            if n % 2:
                key = event.starts_at.astimezone(WARSAW).date() + timedelta(days=7)
                services.cancel_occurrence(organiser, event, key.isoformat())
        commit()

    def queries_for_page() -> int:
        with count_queries() as counter:
            assert client.get(url.format(month=month)).status_code == 200
        return counter.count

    client.login(organiser)  # the organiser also sees drafts: the heavier case
    make_event(org, author=organiser, title="Szkic", publish=False, start_date=future_day(4))
    add_events(2, 0)
    few = queries_for_page()
    add_events(12, 100)
    many = queries_for_page()
    add_events(12, 200)
    more = queries_for_page()
    # A tiny list may skip a loader with nothing to load; past that the count never grows.
    assert few <= many == more


def test_a_full_event_without_waiting_list_offers_no_button(client, org, organiser, request_ctx):
    event = make_event(org, author=organiser, registration_enabled=True, capacity=1, waiting_list=False)
    services.register_for_event(factories.make_user(), event, "")
    commit()
    client.login(factories.make_user())
    html = client.get(f"/events/{event.id}").get_data(as_text=True)
    assert "Przepraszamy, nie ma już wolnych miejsc." in html
    assert f'action="/events/{event.id}/register"' not in html
