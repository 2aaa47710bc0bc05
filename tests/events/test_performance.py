"""What keeps the events pages fast on large data, seen from outside: a fixed number of statements
whatever the amount of events, a month grid that shows a few events a day and links the rest, a
feed with a bounded window that is rebuilt when the data changes and answers 304 when it has not."""
import re
from datetime import date, time, timedelta

import icalendar
import pytest

from app import kept
from app.db import commit, utcnow
from app.events import feeds, lists, services
from tests.events.factories import event_data, future_day, make_event


@pytest.fixture(autouse=True)
def fresh_caches():
    """Each test starts with nothing kept, as a new worker would (kept values are per application)."""
    feeds.feed_cache.clear()
    feeds.event_cache.clear()
    yield


def add_events(org, organiser, singles: int, series: int) -> None:
    for n in range(singles):
        make_event(org, author=organiser, title=f"Spotkanie {n}", start_date=future_day(2 + n), themes=["housing"])
    for n in range(series):
        event = make_event(org, author=organiser, title=f"Cykl {n}", start_date=future_day(1 + n), repeat="weekly",
                           themes=["housing"])
        if n == 0:  # one exception too: exceptions are loaded in one statement, whatever their number
            services.cancel_occurrence(organiser, event, (future_day(8)).isoformat(), "Święto")
    commit()


def statements(client, count_queries, url: str) -> int:
    with client.application.app_context():
        kept.forget()
    feeds.feed_cache.clear()
    feeds.event_cache.clear()
    with count_queries() as counter:
        assert client.get(url).status_code == 200
    return counter.count


PAGES = ["/events/", "/events/?county=tarnow-city&theme=housing", "/events/calendar?month={month}",
         "/events/feed.ics?county=tarnow-city", "/"]


def test_pages_run_the_same_number_of_statements_with_more_events(client, org, organiser, request_ctx,
                                                                    count_queries):
    month = f"{future_day(3):%Y-%m}"
    add_events(org, organiser, singles=2, series=1)
    first = make_event(org, author=organiser, title="Strona wydarzenia", start_date=future_day(5))
    commit()
    urls = [u.format(month=month) for u in PAGES] + [f"/events/{first.id}"]
    small = {url: statements(client, count_queries, url) for url in urls}
    add_events(org, organiser, singles=14, series=4)
    large = {url: statements(client, count_queries, url) for url in urls}
    assert large == small
    assert max(small.values()) <= 15


def test_the_month_grid_shows_four_events_a_day_and_links_the_rest(client, org, organiser, request_ctx):
    day = future_day(10)
    for n in range(6):
        make_event(org, author=organiser, title=f"Dyżur {n}", start_date=day, start_time=time(8 + n, 0),
                   end_time=time(8 + n, 30))
    commit()
    html = client.get(f"/events/calendar?month={day:%Y-%m}&county=tarnow-city").get_data(as_text=True)
    cell = next(c for c in re.findall(r"<td[^>]*>(.*?)</td>", html, re.S)
                if re.search(rf'class="day-number"[^>]*>{day.day}<', c) and "Dyżur" in c)
    assert [f"Dyżur {n}" in cell for n in range(6)] == [True] * 4 + [False] * 2  # the earliest first
    link = re.search(r'<a class="day-more" href="([^"]+)">jeszcze 2<span class="visually-hidden"> – wszystkie wydarzenia:',
                     cell)
    assert link, cell
    href = link.group(1).replace("&amp;", "&")
    assert f"from={day.isoformat()}" in href and f"to={day.isoformat()}" in href and "county=tarnow-city" in href
    day_list = client.get(href).get_data(as_text=True)
    assert all(f"Dyżur {n}" in day_list for n in range(6))


def test_the_feed_holds_90_days_back_and_12_months_ahead_and_says_so(client, org, organiser, request_ctx):
    make_event(org, author=organiser, title="Za jedenaście miesięcy", start_date=future_day(330))
    make_event(org, author=organiser, title="Za trzynaście miesięcy", start_date=future_day(400))
    make_event(org, author=organiser, title="Za tydzień", start_date=future_day(7))
    commit()
    body = client.get("/events/feed.ics").get_data()
    summaries = {str(c["SUMMARY"]) for c in icalendar.Calendar.from_ical(body).walk("VEVENT")}
    assert summaries == {"Za jedenaście miesięcy", "Za tydzień"}
    for page in ("/events/", f"/events/calendar?month={future_day(1):%Y-%m}"):
        assert "Kanał obejmuje wydarzenia z ostatnich 90 dni i z najbliższych 12 miesięcy" in \
            client.get(page).get_data(as_text=True)


def test_the_feed_window_moves_by_whole_days():
    start, end = feeds.feed_window(utcnow())
    later_start, later_end = feeds.feed_window(utcnow() + timedelta(minutes=1))
    assert (start, end) == (later_start, later_end) or later_start - start == timedelta(days=1)
    assert feeds._months_after(date(2027, 1, 31), 1) == date(2027, 2, 28)
    assert feeds._months_after(date(2026, 11, 30), 12) == date(2027, 11, 30)


def test_a_changed_event_is_in_the_next_feed_and_an_unchanged_feed_answers_304(client, org, organiser,
                                                                             request_ctx):
    event = make_event(org, author=organiser, title="Stara nazwa", start_date=future_day(7))
    commit()
    client.login(organiser)  # past the whole-page cache for anonymous visitors, which answers 200 itself
    first = client.get("/events/feed.ics?county=tarnow-city")
    etag = first.headers["ETag"]
    assert b"Stara nazwa" in first.get_data()
    again = client.get("/events/feed.ics?county=tarnow-city", headers={"If-None-Match": etag})
    assert again.status_code == 304 and again.get_data() == b""
    services.update_event(organiser, event, event_data(org, title="Nowa nazwa", start_date=future_day(7)))
    commit()
    changed = client.get("/events/feed.ics?county=tarnow-city", headers={"If-None-Match": etag})
    assert changed.status_code == 200 and changed.headers["ETag"] != etag
    assert b"Nowa nazwa" in changed.get_data() and b"Stara nazwa" not in changed.get_data()
    # Another filter has its own feed and its own tag.
    other = client.get("/events/feed.ics?county=nowy-sacz-city")
    assert other.headers["ETag"] != changed.headers["ETag"] and b"Nowa nazwa" not in other.get_data()


def test_a_published_draft_and_a_renamed_organisation_reach_the_kept_feed(client, org, organiser, request_ctx):
    draft = make_event(org, author=organiser, title="Jeszcze szkic", start_date=future_day(9), publish=False)
    make_event(org, author=organiser, title="Opublikowane", start_date=future_day(8))
    commit()
    assert b"Jeszcze szkic" not in client.get("/events/feed.ics").get_data()
    services.publish_event(organiser, draft)
    commit()
    body = client.get("/events/feed.ics").get_data()
    assert b"Jeszcze szkic" in body
    org.name = "Ośrodek po zmianie nazwy"
    commit()
    assert "Ośrodek po zmianie nazwy" in client.get("/events/feed.ics").get_data(as_text=True).replace("\r\n ", "")


def test_the_home_list_shows_a_new_event_at_once(client, org, organiser, request_ctx, app):
    make_event(org, author=organiser, title="Później", start_date=future_day(20))
    commit()
    with app.test_request_context("/"):
        app.preprocess_request()
        from flask_login import current_user

        assert [o.event.title for o in lists.upcoming_occurrences(current_user)] == ["Później"]
    make_event(org, author=organiser, title="Wcześniej", start_date=future_day(2))
    commit()
    with app.test_request_context("/"):
        app.preprocess_request()
        from flask_login import current_user

        assert [o.event.title for o in lists.upcoming_occurrences(current_user)] == ["Wcześniej", "Później"]


def test_the_chosen_organiser_is_a_filter_that_can_be_unticked(client, org, organiser, request_ctx):
    """No drop-down of every organiser (thousands: 300 KB a page); the organisation's profile links here."""
    make_event(org, author=organiser, title="Pierwsze", start_date=future_day(4))
    commit()
    assert 'name="org"' not in client.get("/events/").get_data(as_text=True)
    profile = client.get(f"/orgs/{org.slug}").get_data(as_text=True)
    assert f'href="/events/?org={org.slug}"' in profile
    chosen = client.get(f"/events/?org={org.slug}").get_data(as_text=True)
    assert f'<input type="checkbox" id="filter-org-{org.slug}" name="org" value="{org.slug}" checked>' in chosen
    assert f'<label for="filter-org-{org.slug}">{org.name}</label>' in chosen
    assert "Pierwsze" in chosen


def test_kept_values_are_per_filter_and_viewer_scope(client, org, organiser, request_ctx):
    make_event(org, author=organiser, title="Szkic organizatora", start_date=future_day(5), publish=False)
    make_event(org, author=organiser, title="Dla wszystkich", start_date=future_day(5))
    commit()
    month = f"/events/calendar?month={future_day(5):%Y-%m}"
    assert "Szkic organizatora" not in client.get(month).get_data(as_text=True)
    client.login(organiser)
    assert "Szkic organizatora" in client.get(month).get_data(as_text=True)
    assert "Dla wszystkich" not in client.get(month + "&county=nowy-sacz-city").get_data(as_text=True)
