"""iCalendar output, read back with the icalendar library and with a small independent parser."""
import re
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import icalendar
import pytest
from dateutil.rrule import rrulestr

from app.db import commit
from app.events import services
from tests.events.factories import event_data, make_event

WARSAW = ZoneInfo("Europe/Warsaw")
TITLE = "Spotkanie; integracja, Тарнів"
DESCRIPTION = "Зустріч, обговорення; план\nDrugi wiersz: ąęłńóśźż, „cudzysłów”"


# --- the second parser: RFC 5545 read by hand, independent of the icalendar library ---------------
def unfold(body: bytes) -> list[str]:
    """Content lines: every physical line ends with CRLF and is at most 75 octets; folds joined."""
    assert body.endswith(b"\r\n")
    physical = body.split(b"\r\n")[:-1]
    assert all(len(line) <= 75 for line in physical), max(physical, key=len)
    assert not any(b"\n" in line or b"\r" in line for line in physical)
    for line in physical:
        line.decode("utf-8")  # folding never splits a Polish or Ukrainian letter
    lines: list[bytes] = []
    for line in physical:
        if line[:1] in (b" ", b"\t"):
            lines[-1] += line[1:]
        else:
            lines.append(line)
    return [line.decode("utf-8") for line in lines]


def unescape_text(value: str) -> str:
    return re.sub(r"\\([\\;,nN])", lambda m: "\n" if m.group(1) in "nN" else m.group(1), value)


def parse_by_hand(body: bytes) -> list[dict]:
    """Each component as {"name": ..., "props": [(name, params, value)], "children": [...]}."""
    root = {"name": None, "props": [], "children": []}
    stack = [root]
    for line in unfold(body):
        head, _, value = re.match(r'^((?:[^:";]|"[^"]*"|;)*?):(.*)$', line).group(1, 0, 2)
        name, *params = head.split(";")
        if name == "BEGIN":
            component = {"name": value, "props": [], "children": []}
            stack[-1]["children"].append(component)
            stack.append(component)
        elif name == "END":
            assert stack.pop()["name"] == value
        else:
            stack[-1]["props"].append((name, dict(p.split("=", 1) for p in params), value))
    assert len(stack) == 1
    return root["children"]


def prop(component: dict, name: str):
    return next(((params, value) for n, params, value in component["props"] if n == name), (None, None))


def vevents(body: bytes) -> list[dict]:
    (calendar,) = parse_by_hand(body)
    return [c for c in calendar["children"] if c["name"] == "VEVENT"]


# --- fixtures ----------------------------------------------------------------------------------
@pytest.fixture
def series(org, organiser, request_ctx):
    """Every first Tuesday of 2031 at 10:00; 4 March cancelled, 1 April moved to Wednesday 2 April 12:00."""
    event = make_event(org, author=organiser, title=TITLE, description=DESCRIPTION, start_date=date(2031, 1, 7),
                       repeat="monthly_weekday", repeat_end="until", repeat_until=date(2031, 12, 31))
    services.cancel_occurrence(organiser, event, "2031-03-04", "Sala zajęta")
    services.move_occurrence(organiser, event, "2031-04-01", datetime(2031, 4, 2, 12, tzinfo=WARSAW),
                             datetime(2031, 4, 2, 14, tzinfo=WARSAW))
    commit()
    return event


def test_a_series_parses_back_with_the_icalendar_library(client, series):
    response = client.get(f"/events/{series.id}.ics")
    assert response.status_code == 200 and response.mimetype == "text/calendar"
    calendar = icalendar.Calendar.from_ical(response.get_data())
    (zone,) = calendar.walk("VTIMEZONE")
    assert str(zone["TZID"]) == "Europe/Warsaw"
    master, cancelled, moved = sorted(calendar.walk("VEVENT"), key=lambda c: c["RECURRENCE-ID"].to_ical()
                                      if "RECURRENCE-ID" in c else b"")
    assert str(master["SUMMARY"]) == TITLE and DESCRIPTION in str(master["DESCRIPTION"])
    assert str(master["UID"]) == str(moved["UID"]) == series.uid
    start = master.decoded("DTSTART")
    assert start == datetime(2031, 1, 7, 10, tzinfo=WARSAW) and str(start.tzinfo) == "Europe/Warsaw"
    assert master["RRULE"]["FREQ"] == ["MONTHLY"] and master["RRULE"]["BYDAY"] == ["1TU"]
    exdates = [d.dt for d in master["EXDATE"].dts]
    assert exdates == [datetime(2031, 3, 4, 10, tzinfo=WARSAW)]
    assert moved.decoded("RECURRENCE-ID") == datetime(2031, 4, 1, 10, tzinfo=WARSAW)
    assert moved.decoded("DTSTART") == datetime(2031, 4, 2, 12, tzinfo=WARSAW)
    # The cancelled date is also an instance of its own, cancelled, with the organiser's note.
    assert cancelled.decoded("RECURRENCE-ID") == datetime(2031, 3, 4, 10, tzinfo=WARSAW)
    assert str(cancelled["STATUS"]) == "CANCELLED" and "Sala zajęta" in str(cancelled["DESCRIPTION"])
    assert str(cancelled["UID"]) == series.uid and str(master["STATUS"]) == "CONFIRMED"

    # The rule, with its EXDATE, expands to the dates the site shows (10:00 in summer and winter).
    rule = rrulestr(master["RRULE"].to_ical().decode(), dtstart=start)
    dates = [d for d in rule if d not in exdates]
    assert len(dates) == 11 and datetime(2031, 3, 4, 10, tzinfo=WARSAW) not in dates
    assert {(d.hour, d.utcoffset()) for d in dates} == {(10, timedelta(hours=1)), (10, timedelta(hours=2))}


def test_a_series_parses_back_by_hand(client, series):
    body = client.get(f"/events/{series.id}.ics").get_data()
    (calendar,) = parse_by_hand(body)
    assert prop(calendar, "VERSION")[1] == "2.0"
    zones = [c for c in calendar["children"] if c["name"] == "VTIMEZONE"]
    assert [prop(z, "TZID")[1] for z in zones] == ["Europe/Warsaw"]
    assert {c["name"] for c in zones[0]["children"]} == {"DAYLIGHT", "STANDARD"}
    master, cancelled, moved = sorted(vevents(body), key=lambda c: prop(c, "RECURRENCE-ID")[1] or "")
    assert unescape_text(prop(master, "SUMMARY")[1]) == TITLE
    assert prop(master, "SUMMARY")[1] == r"Spotkanie\; integracja\, Тарнів"
    assert DESCRIPTION in unescape_text(prop(master, "DESCRIPTION")[1])
    assert prop(master, "DTSTART") == ({"TZID": "Europe/Warsaw"}, "20310107T100000")
    assert prop(master, "EXDATE") == ({"TZID": "Europe/Warsaw"}, "20310304T100000")
    assert prop(moved, "RECURRENCE-ID") == ({"TZID": "Europe/Warsaw"}, "20310401T100000")
    assert prop(moved, "DTSTART") == ({"TZID": "Europe/Warsaw"}, "20310402T120000")
    assert prop(cancelled, "RECURRENCE-ID") == ({"TZID": "Europe/Warsaw"}, "20310304T100000")
    assert prop(cancelled, "STATUS")[1] == "CANCELLED"
    assert prop(master, "UID")[1] == prop(moved, "UID")[1] == prop(cancelled, "UID")[1] == series.uid


def test_uid_is_stable_and_sequence_grows_with_changes(client, series, organiser, org):
    first = vevents(client.get(f"/events/{series.id}.ics").get_data())[0]
    with client.application.test_request_context("/"):
        services.update_event(organiser, series, event_data(
            org, title="Spotkanie koordynacyjne (nowa sala)", start_date=date(2031, 1, 7),
            repeat="monthly_weekday", repeat_end="until", repeat_until=date(2031, 12, 31)))
        commit()
    again = vevents(client.get(f"/events/{series.id}.ics").get_data())[0]
    assert prop(again, "UID")[1] == prop(first, "UID")[1]
    assert int(prop(again, "SEQUENCE")[1]) > int(prop(first, "SEQUENCE")[1])


def test_cancelled_events_stay_in_the_feed_marked_cancelled(client, org, organiser, request_ctx):
    event = make_event(org, author=organiser, title="Seminarium odwołane")
    services.cancel_event(organiser, event, "Choroba prowadzącej")
    commit()
    found = [c for c in vevents(client.get("/events/feed.ics").get_data())
             if unescape_text(prop(c, "SUMMARY")[1]) == "Seminarium odwołane"]
    assert [prop(c, "STATUS")[1] for c in found] == ["CANCELLED"]


def test_the_feed_takes_the_lists_filters_and_never_drafts(client, org, organiser, request_ctx):
    make_event(org, author=organiser, title="W Tarnowie", county="tarnow-city")
    make_event(org, author=organiser, title="W Nowym Sączu", county="nowy-sacz-city", event_type="workshop",
               themes=["housing"])
    make_event(org, author=organiser, title="Szkic w Tarnowie", county="tarnow-city", publish=False)
    commit()

    def titles(query: str) -> set:
        body = client.get(f"/events/feed.ics{query}").get_data()
        icalendar.Calendar.from_ical(body)  # parses with the library too
        return {unescape_text(prop(c, "SUMMARY")[1]) for c in vevents(body)}

    assert titles("") == {"W Tarnowie", "W Nowym Sączu"}
    assert titles("?county=tarnow-city") == {"W Tarnowie"}
    assert titles("?type=workshop") == {"W Nowym Sączu"}
    assert titles("?theme=housing") == {"W Nowym Sączu"}
    assert titles(f"?org={org.slug}&county=nowy-sacz-city") == {"W Nowym Sączu"}
    assert titles("?county=atlantis") == {"W Tarnowie", "W Nowym Sączu"}  # unknown values are ignored
    client.login(organiser)  # even for the organiser's organisation: feeds are public, drafts stay out
    assert "Szkic w Tarnowie" not in titles("")


def test_all_day_multi_day_event_has_dates(client, org, organiser, request_ctx):
    event = make_event(org, author=organiser, title="Konferencja", all_day=True, start_date=date(2031, 5, 12),
                       end_date=date(2031, 5, 13), start_time=None, end_time=None)
    commit()
    (component,) = vevents(client.get(f"/events/{event.id}.ics").get_data())
    assert prop(component, "DTSTART") == ({"VALUE": "DATE"}, "20310512")
    assert prop(component, "DTEND") == ({"VALUE": "DATE"}, "20310514")  # exclusive end


def test_the_ics_of_a_draft_is_not_found(client, org, organiser, request_ctx):
    draft = make_event(org, author=organiser, publish=False)
    assert client.get(f"/events/{draft.id}.ics").status_code == 404


def test_single_event_ics_in_ukrainian_text(client, org, organiser, request_ctx):
    event = make_event(org, author=organiser, title="Консультація: житло, робота; мова",
                       description="Рядок перший\nРядок другий, з комою; і крапкою з комою " + "довгий " * 30)
    commit()
    body = client.get(f"/events/{event.id}.ics").get_data()
    (component,) = vevents(body)
    assert unescape_text(prop(component, "SUMMARY")[1]) == "Консультація: житло, робота; мова"
    parsed = icalendar.Calendar.from_ical(body).walk("VEVENT")[0]
    assert str(parsed["DESCRIPTION"]).startswith("Рядок перший\nРядок другий, з комою; і крапкою з комою")
    assert parsed.decoded("DTSTART").time() == time(10)
