"""Calendars done the way calendar programs expect: plain text, cancelled instances, clock changes, subscribing."""
import re
from datetime import date, datetime, time, timedelta
from html import unescape
from zoneinfo import ZoneInfo

import icalendar

from app.db import commit
from app.events import services
from app.events.recurrence import get_occurrence
from tests.events.factories import make_event

WARSAW = ZoneInfo("Europe/Warsaw")


def vevents(client, url: str) -> list:
    return icalendar.Calendar.from_ical(client.get(url).get_data()).walk("VEVENT")


def test_the_description_is_plain_text_not_markdown(client, org, organiser, request_ctx):
    event = make_event(org, author=organiser, description="Spotkanie w sprawie **integracji**.\n\n"
                       "Program: [na stronie](https://example.org/program) i _więcej_.\nDruga linia")
    commit()
    [component] = vevents(client, f"/events/{event.id}.ics")
    description = str(component["DESCRIPTION"])
    assert description.startswith("Spotkanie w sprawie integracji.\n\n"
                                   "Program: na stronie (https://example.org/program) i więcej.\nDruga linia")
    assert "**" not in description and "](" not in description and "<" not in description


def test_a_series_crossing_the_spring_clock_change_keeps_its_length(client, org, organiser, request_ctx):
    # 02:30 does not exist on 28 March 2027 (clocks go from 02:00 to 03:00): it is read as 03:30,
    # as calendar programs read it, and the half hour still follows it.
    event = make_event(org, author=organiser, title="Nocny dyżur", start_date=date(2027, 3, 21),
                       start_time=time(2, 30), end_time=time(3, 0), repeat="weekly", repeat_end="count",
                       repeat_count=3)
    commit()
    night = get_occurrence(event, "2027-03-28")
    assert night.ends_at - night.starts_at == timedelta(minutes=30)
    assert (night.local_start.time(), night.local_end.time()) == (time(3, 30), time(4, 0))
    after = get_occurrence(event, "2027-04-04")
    assert (after.local_start.time(), after.local_end.time()) == (time(2, 30), time(3, 0))
    page = unescape(re.sub(r"<[^>]+>", " ", client.get("/events/%d/2027-03-28" % event.id).get_data(as_text=True)))
    assert "03:30" in page and not re.search(r"03:30\s*[–-]\s*03:00", page)


def test_a_cancelled_date_is_a_cancelled_instance_with_its_note(client, org, organiser, request_ctx):
    event = make_event(org, author=organiser, start_date=date(2031, 6, 3), repeat="weekly", repeat_end="count",
                       repeat_count=3)
    services.cancel_occurrence(organiser, event, "2031-06-10", "Sala zajęta")
    commit()
    master, cancelled = sorted(vevents(client, f"/events/{event.id}.ics"), key=lambda c: "RECURRENCE-ID" in c)
    assert cancelled.decoded("RECURRENCE-ID") == datetime(2031, 6, 10, 10, tzinfo=WARSAW)
    assert str(cancelled["STATUS"]) == "CANCELLED" and str(master["STATUS"]) == "CONFIRMED"
    assert str(cancelled["DESCRIPTION"]).startswith("ODWOŁANE: Sala zajęta")
    assert [d.dt for d in master["EXDATE"].dts] == [datetime(2031, 6, 10, 10, tzinfo=WARSAW)]


def test_each_filtered_feed_names_its_filter(client, org, organiser, request_ctx):
    make_event(org, author=organiser, county="tarnow-city")
    commit()

    def name(query: str) -> str:
        return str(icalendar.Calendar.from_ical(client.get(f"/events/feed.ics{query}").get_data())["X-WR-CALNAME"])

    assert name("") == "Małopolska Otwarta · wydarzenia"
    assert name("?county=tarnow-city") == "Małopolska Otwarta · wydarzenia · Tarnów (miasto na prawach powiatu)"
    assert name(f"?org={org.slug}&type=workshop") == \
        "Małopolska Otwarta · wydarzenia · warsztaty · Miejski Ośrodek Pomocy Społecznej w Tarnowie"


def test_the_pages_offer_webcal_links_in_their_language_and_the_steps(client, org, organiser, request_ctx):
    make_event(org, author=organiser)
    commit()
    for path in ("/events/?county=tarnow-city&lang=uk", "/events/calendar?county=tarnow-city&lang=uk"):
        page = unescape(client.get(path).get_data(as_text=True))
        assert 'href="webcal://forum.test/events/feed.ics?lang=uk&county=tarnow-city"' in page
        assert "http://forum.test/events/feed.ics?lang=uk&county=tarnow-city" in page
        assert "Google" in page and "Outlook" in page and "iPhone" in page
    feed = client.get("/events/feed.ics?lang=uk&county=tarnow-city")
    assert str(icalendar.Calendar.from_ical(feed.get_data())["X-WR-CALNAME"]).startswith("Małopolska Otwarta · події · ")
    assert "Set-Cookie" not in feed.headers  # a public, cached answer: the language must not stick to it
