"""Recurrence rules: validation of what people type, expansion on the Warsaw wall clock across DST."""
import time as clock
from datetime import date, datetime, time, timedelta, timezone
from zoneinfo import ZoneInfo

import flask_babel
import pytest

from app.events import recurrence
from app.events.recurrence import RecurrenceError, build_rule, describe, get_occurrence, normalise_rule, occurrences
from tests.events.factories import make_event

WARSAW = ZoneInfo("Europe/Warsaw")
UTC = timezone.utc


def warsaw(*args) -> datetime:
    return datetime(*args, tzinfo=WARSAW)


@pytest.fixture
def monthly_meeting(org, organiser, request_ctx):
    """Every first Tuesday, 10:00–12:00 Warsaw time, from January to December 2026."""
    return make_event(org, author=organiser, start_date=date(2026, 1, 6), start_time=time(10), end_time=time(12),
                      repeat="monthly_weekday", repeat_end="until", repeat_until=date(2026, 12, 31))


def test_first_tuesday_stays_at_ten_in_march_and_november(monthly_meeting):
    dates = occurrences(monthly_meeting, warsaw(2026, 1, 1), warsaw(2027, 1, 1))
    assert [o.key for o in dates] == [
        "2026-01-06", "2026-02-03", "2026-03-03", "2026-04-07", "2026-05-05", "2026-06-02",
        "2026-07-07", "2026-08-04", "2026-09-01", "2026-10-06", "2026-11-03", "2026-12-01",
    ]
    by_key = {o.key: o for o in dates}
    # March 3: winter time (UTC+1); April 7: summer time (UTC+2); November 3: winter time again.
    assert by_key["2026-03-03"].starts_at == datetime(2026, 3, 3, 9, 0, tzinfo=UTC)
    assert by_key["2026-04-07"].starts_at == datetime(2026, 4, 7, 8, 0, tzinfo=UTC)
    assert by_key["2026-11-03"].starts_at == datetime(2026, 11, 3, 9, 0, tzinfo=UTC)
    for occurrence in dates:
        assert (occurrence.local_start.hour, occurrence.local_start.minute) == (10, 0)
        assert (occurrence.local_end.hour, occurrence.local_end.minute) == (12, 0)


def test_weekly_event_across_the_clock_change_weekends(org, organiser, request_ctx):
    """Saturday 10:00 before and after the last Sunday of March and of October 2026."""
    event = make_event(org, author=organiser, start_date=date(2026, 3, 21), start_time=time(10), end_time=time(11),
                       repeat="weekly", repeat_end="count", repeat_count=40)
    dates = {o.key: o for o in occurrences(event, warsaw(2026, 3, 1), warsaw(2027, 1, 1))}
    assert dates["2026-03-28"].starts_at == datetime(2026, 3, 28, 9, tzinfo=UTC)   # CET
    assert dates["2026-04-04"].starts_at == datetime(2026, 4, 4, 8, tzinfo=UTC)    # CEST
    assert dates["2026-10-24"].starts_at == datetime(2026, 10, 24, 8, tzinfo=UTC)  # CEST
    assert dates["2026-10-31"].starts_at == datetime(2026, 10, 31, 9, tzinfo=UTC)  # CET
    assert len(dates) == 40


def test_event_on_the_night_of_the_change_keeps_its_length(org, organiser, request_ctx):
    """A series starting at 01:30 on Sundays: on 29 March 2026 the hour 02:00–03:00 does not exist.

    Its two hours stay two hours (to 04:30), as calendar programs expand the feed's DTEND (RFC 5545).
    """
    event = make_event(org, author=organiser, start_date=date(2026, 3, 22), start_time=time(1, 30),
                       end_time=time(3, 30), repeat="weekly", repeat_end="count", repeat_count=3)
    change_day = get_occurrence(event, "2026-03-29")
    assert change_day.local_start.time() == time(1, 30) and change_day.local_end.time() == time(4, 30)
    assert change_day.ends_at - change_day.starts_at == timedelta(hours=2)


def test_the_skipped_hour_is_refused(org, organiser, request_ctx):
    from app.events.errors import EventError

    with pytest.raises(EventError, match="nie istnieje") as caught:
        make_event(org, author=organiser, start_date=date(2026, 3, 29), start_time=time(2, 30), end_time=time(4))
    assert caught.value.field == "start_time"


def test_unknown_or_wrong_occurrence_keys(monthly_meeting):
    assert get_occurrence(monthly_meeting, "2026-03-03") is not None
    assert get_occurrence(monthly_meeting, "2026-03-04") is None   # a Wednesday
    assert get_occurrence(monthly_meeting, "2027-01-05") is None   # after UNTIL
    assert get_occurrence(monthly_meeting, "2026-02-30") is None
    assert get_occurrence(monthly_meeting, "garbage") is None
    assert get_occurrence(monthly_meeting, "") is None


def test_cancelled_and_moved_occurrences(monthly_meeting, organiser):
    from app.events import services

    services.cancel_occurrence(organiser, monthly_meeting, "2026-04-07", "Święta")
    services.move_occurrence(organiser, monthly_meeting, "2026-05-05", warsaw(2026, 5, 6, 11), warsaw(2026, 5, 6, 13))
    dates = {o.key: o for o in occurrences(monthly_meeting, warsaw(2026, 4, 1), warsaw(2026, 6, 1))}
    assert dates["2026-04-07"].is_cancelled
    assert dates["2026-05-05"].is_moved and dates["2026-05-05"].local_start == warsaw(2026, 5, 6, 11)
    # A window holding only the new time still finds the moved occurrence, and not its old time.
    only_new = occurrences(monthly_meeting, warsaw(2026, 5, 6), warsaw(2026, 5, 7))
    assert [o.key for o in only_new] == ["2026-05-05"]
    assert occurrences(monthly_meeting, warsaw(2026, 5, 5), warsaw(2026, 5, 6)) == []
    assert monthly_meeting.sequence == 2


def test_all_day_multi_day_event(org, organiser, request_ctx):
    event = make_event(org, author=organiser, all_day=True, start_date=date(2026, 6, 12), end_date=date(2026, 6, 14),
                       start_time=None, end_time=None)
    (only,) = occurrences(event, warsaw(2026, 6, 1), warsaw(2026, 7, 1))
    assert only.days() == [date(2026, 6, 12), date(2026, 6, 13), date(2026, 6, 14)]
    assert only.starts_at == warsaw(2026, 6, 12) and only.ends_at == warsaw(2026, 6, 15)


@pytest.mark.parametrize("text, start, expected", [
    ("FREQ=MONTHLY;BYDAY=1TU", warsaw(2026, 1, 6, 10), "FREQ=MONTHLY;BYDAY=1TU"),
    ("rrule:freq=monthly;byday=1tu;interval=1", warsaw(2026, 1, 6, 10), "FREQ=MONTHLY;BYDAY=1TU"),
    # A date-only UNTIL means the end of that Warsaw day, written in UTC as RFC 5545 requires.
    ("FREQ=WEEKLY;UNTIL=20261231;BYDAY=TU", warsaw(2026, 1, 6, 10), "FREQ=WEEKLY;BYDAY=TU;UNTIL=20261231T225959Z"),
    ("FREQ=WEEKLY;BYDAY=MO,WE;COUNT=10", warsaw(2026, 1, 5, 18), "FREQ=WEEKLY;BYDAY=MO,WE;COUNT=10"),
])
def test_rules_are_normalised(request_ctx, text, start, expected):
    assert normalise_rule(text, start) == expected


def test_all_day_until_stays_a_date(request_ctx):
    assert normalise_rule("FREQ=YEARLY;UNTIL=20301231", warsaw(2026, 6, 12), all_day=True) == "FREQ=YEARLY;UNTIL=20301231"


@pytest.mark.parametrize("text, message", [
    ("nonsense", "nie jest częścią reguły"),
    ("FREQ=HOURLY", "FREQ=DAILY, WEEKLY, MONTHLY lub YEARLY"),
    ("FREQ=WEEKLY;BYHOUR=10", "nie może być tu użyte"),
    ("FREQ=WEEKLY;COUNT=0", "COUNT musi być liczbą całkowitą"),
    ("FREQ=WEEKLY;COUNT=100000", "COUNT musi być liczbą całkowitą"),
    ("FREQ=WEEKLY;COUNT=abc", "COUNT musi być liczbą całkowitą"),
    ("FREQ=WEEKLY;BYDAY=XX", "nie jest dniem tygodnia"),
    ("FREQ=WEEKLY;BYDAY=1TU", "tylko z FREQ=MONTHLY"),
    ("FREQ=MONTHLY;UNTIL=20261340", "nie jest prawidłową datą"),
    ("FREQ=MONTHLY;COUNT=3;UNTIL=20261231", "nie przez oba"),
    ("FREQ=MONTHLY;FREQ=WEEKLY", "podano dwa razy"),
    ("FREQ=DAILY", "więcej niż 500"),
    ("FREQ=MONTHLY;BYDAY=1TU;UNTIL=20250101", "nie daje żadnego terminu"),
    ("FREQ=WEEKLY;BYDAY=WE", "nie jest jednym z terminów"),
    ("FREQ=WEEKLY;COUNT=400", "najwyżej 5 lat"),
    ("FREQ=YEARLY;BYMONTH=2;BYMONTHDAY=30", "nigdy by się nie odbyło"),
    ("FREQ=DAILY;BYSETPOS=2", "BYSETPOS wymaga"),
    ("FREQ=MONTHLY;BYDAY=TU;BYSETPOS=40", "nigdy nie wystąpi"),
    ("FREQ=WEEKLY;" + "BYDAY=TU;" * 40, "za długa"),
    ("", "Wpisz regułę"),
])
def test_bad_rules_get_a_clear_message_quickly(request_ctx, text, message):
    began = clock.perf_counter()
    with pytest.raises(RecurrenceError, match=message):
        normalise_rule(text, warsaw(2026, 1, 6, 10))
    assert clock.perf_counter() - began < 1.0  # never a search until the year 9999


def test_rules_built_from_the_form(request_ctx):
    assert build_rule("monthly_weekday", date(2026, 1, 6)) == "FREQ=MONTHLY;BYDAY=1TU"
    assert build_rule("monthly_weekday", date(2026, 3, 31)) == "FREQ=MONTHLY;BYDAY=-1TU"  # the fifth = the last
    assert build_rule("monthly_day", date(2026, 1, 15), until=date(2026, 6, 30)) == "FREQ=MONTHLY;BYMONTHDAY=15;UNTIL=20260630"
    assert build_rule("weekly", date(2026, 1, 7), interval=2, weekdays=["MO"], count=6) == \
        "FREQ=WEEKLY;INTERVAL=2;BYDAY=MO,WE;COUNT=6"
    assert build_rule("", date(2026, 1, 6)) is None


def test_rules_described_in_polish_and_ukrainian(app):
    rule = "FREQ=MONTHLY;BYDAY=1TU;UNTIL=20261231T225959Z"

    def in_language(lang):
        # The test's app context (and so g, where Flask-Babel keeps the locale) outlives each
        # request here; a real request starts afresh, as refresh() makes it.
        context = app.test_request_context(f"/?lang={lang}")
        context.push()
        flask_babel.refresh()
        return context

    context = in_language("pl")
    assert describe(rule) == "w każdy pierwszy wtorek miesiąca, do 31 grudnia 2026"
    assert describe("FREQ=MONTHLY;BYDAY=-1WE") == "w każdą ostatnią środę miesiąca"
    assert describe("FREQ=WEEKLY;INTERVAL=2;BYDAY=MO,WE;COUNT=5") == "co 2 tygodnie: poniedziałek, środa, 5 razy"
    context.pop()
    context = in_language("uk")
    assert describe(rule).startswith("щопершого вівторка місяця, до 31 грудня 2026")
    context.pop()
    context = in_language("en")
    assert describe("FREQ=DAILY;COUNT=1") == "every day, 1 time"
    context.pop()


def test_expansion_is_bounded(monthly_meeting):
    assert len(occurrences(monthly_meeting, warsaw(2000, 1, 1), warsaw(2100, 1, 1), limit=5)) == 5
    assert recurrence.series_end(monthly_meeting) == datetime(2026, 12, 1, 11, tzinfo=UTC)
