"""One date style per language (British English), four-digit years, times without seconds."""
from datetime import date, datetime, timedelta, timezone

import pytest
from flask_babel import force_locale

from app.dates import format_date, format_datetime
from app.templating import format_number

WINTER_NOON_UTC = datetime(2027, 1, 5, 13, 30, 45, tzinfo=timezone.utc)  # 14:30 in Warsaw


@pytest.mark.parametrize("lang, short, medium, full", [
    ("pl", "05.01.2027", "5 sty 2027", "wtorek, 5 stycznia 2027"),
    ("en", "05/01/2027", "5 Jan 2027", "Tuesday, 5 January 2027"),
    ("uk", "05.01.2027", "5 січ. 2027", "вівторок, 5 січня 2027"),
])
def test_dates_in_each_language(app, lang, short, medium, full):
    with force_locale(lang):
        assert format_date(date(2027, 1, 5), "short") == short
        assert format_date(date(2027, 1, 5)) == medium
        assert format_date(date(2027, 1, 5), "full") == full


@pytest.mark.parametrize("lang, expected", [("pl", "05.01.2027, 14:30"), ("en", "05/01/2027, 14:30"),
                                            ("uk", "05.01.2027, 14:30")])
def test_times_are_in_warsaw_to_the_minute(app, lang, expected):
    with force_locale(lang):
        assert format_datetime(WINTER_NOON_UTC, "short") == expected
        assert ":45" not in format_datetime(WINTER_NOON_UTC)  # no seconds in the default style either


def test_a_babel_pattern_passes_through(app):
    with force_locale("pl"):
        assert format_date(date(2027, 1, 5), "LLLL y") == "styczeń 2027"
        assert format_datetime(WINTER_NOON_UTC, "HH:mm") == "14:30"


def test_kept_formatting_follows_the_language_and_the_instant(app):
    """Formatted dates and counts are kept per process (dates.py, templating.format_number): the
    language and the zone are part of the key, and one instant in another zone is the same text."""
    near_midnight = datetime(2027, 1, 5, 23, 30, tzinfo=timezone.utc)  # 6 January in Warsaw
    with app.test_request_context():
        for lang, expected in (("pl", "6 sty 2027"), ("en", "6 Jan 2027"), ("pl", "6 sty 2027"), ("uk", "6 січ. 2027")):
            with force_locale(lang):
                assert format_date(near_midnight) == expected
                assert format_date(near_midnight.replace(tzinfo=None)) == expected  # naive: UTC
                assert format_datetime(near_midnight.astimezone(timezone(timedelta(hours=-5))), "short").endswith("00:30")
        with force_locale("pl"):
            assert format_number(1234567) == "1\xa0234\xa0567"
            assert format_number(2.5) == "2,5"
        with force_locale("en"):
            assert format_number(1234567) == "1,234,567"
