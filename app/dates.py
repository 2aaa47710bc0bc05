"""Dates and times as the interface shows them: one style per language, no seconds.

Babel's own styles differ in ways users notice: English "short" is American ("1/5/27"),
Ukrainian "short" has a two-digit year while Polish has four, and "medium" times show
seconds. The named styles here (short, medium, long, full) are explicit patterns per
language, British for English; any other value is a Babel pattern ("LLLL y", "HH:mm").
Times are in the site's zone (Flask-Babel's timezone, Europe/Warsaw).
"""
from datetime import datetime
from functools import lru_cache

from babel import dates as babel_dates
from flask_babel import to_user_timezone

from app.i18n import current_locale, current_timezone

DATE_STYLES = {
    "pl": {"short": "dd.MM.yyyy", "medium": "d MMM yyyy", "long": "d MMMM yyyy", "full": "EEEE, d MMMM yyyy"},
    "en": {"short": "dd/MM/yyyy", "medium": "d MMM yyyy", "long": "d MMMM yyyy", "full": "EEEE, d MMMM yyyy"},
    "uk": {"short": "dd.MM.yyyy", "medium": "d MMM yyyy", "long": "d MMMM yyyy", "full": "EEEE, d MMMM yyyy"},
}
CLOCK = "HH:mm"
# Formatted dates kept per process. Lists show the same dates on every visit, and Babel's
# formatting was a tenth of a forum page; the answer is a pure function of the key.
FORMATTED_KEPT = 8192


def _pattern(style: str, locale) -> str:
    styles = DATE_STYLES.get(locale.language if locale else "pl", DATE_STYLES["pl"])
    return styles.get(style, style)


def format_date(value, style: str = "medium") -> str:
    """value (a date or datetime) in the language's date style, or a Babel pattern."""
    if not value:
        return ""
    timezone = None
    if isinstance(value, datetime):  # its date where the site is (as Flask-Babel's format_date)
        timezone = current_timezone()
        value = to_user_timezone(value)
    locale = current_locale()
    return _formatted_date(value, _pattern(style, locale), locale, timezone)


def format_datetime(value, style: str = "medium") -> str:
    """A datetime as the language's date style and the time to the minute, or a Babel pattern."""
    if not value:
        return ""
    locale = current_locale()
    pattern = f"{_pattern(style, locale)}, {CLOCK}" if style in DATE_STYLES["pl"] else style
    return _formatted_datetime(value, pattern, locale, current_timezone())


# What Flask-Babel's format_date and format_datetime call, with the request's locale and zone
# as arguments. Equal datetimes are the same instant: in one zone, the same text. The zone is
# part of both keys (a date of a datetime was converted to it).
@lru_cache(maxsize=FORMATTED_KEPT)
def _formatted_date(value, pattern: str, locale, timezone) -> str:
    return babel_dates.format_date(value, pattern, locale=locale)


@lru_cache(maxsize=FORMATTED_KEPT)
def _formatted_datetime(value, pattern: str, locale, timezone) -> str:
    return babel_dates.format_datetime(value, pattern, tzinfo=timezone, locale=locale)
