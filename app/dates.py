"""Dates and times as the interface shows them: one style per language, no seconds.

Babel's own styles differ in ways users notice: English "short" is American ("1/5/27"),
Ukrainian "short" has a two-digit year while Polish has four, and "medium" times show
seconds. The named styles here (short, medium, long, full) are explicit patterns per
language, British for English; any other value is a Babel pattern ("LLLL y", "HH:mm").
Times are in the site's zone (Flask-Babel's timezone, Europe/Warsaw).
"""
from flask_babel import format_date as babel_format_date
from flask_babel import format_datetime as babel_format_datetime
from flask_babel import get_locale

DATE_STYLES = {
    "pl": {"short": "dd.MM.yyyy", "medium": "d MMM yyyy", "long": "d MMMM yyyy", "full": "EEEE, d MMMM yyyy"},
    "en": {"short": "dd/MM/yyyy", "medium": "d MMM yyyy", "long": "d MMMM yyyy", "full": "EEEE, d MMMM yyyy"},
    "uk": {"short": "dd.MM.yyyy", "medium": "d MMM yyyy", "long": "d MMMM yyyy", "full": "EEEE, d MMMM yyyy"},
}
CLOCK = "HH:mm"


def _pattern(style: str) -> str:
    locale = get_locale()
    styles = DATE_STYLES.get(locale.language if locale else "pl", DATE_STYLES["pl"])
    return styles.get(style, style)


def format_date(value, style: str = "medium") -> str:
    """value (a date or datetime) in the language's date style, or a Babel pattern."""
    return babel_format_date(value, _pattern(style)) if value else ""


def format_datetime(value, style: str = "medium") -> str:
    """A datetime as the language's date style and the time to the minute, or a Babel pattern."""
    if not value:
        return ""
    pattern = f"{_pattern(style)}, {CLOCK}" if style in DATE_STYLES["pl"] else style
    return babel_format_datetime(value, pattern)
