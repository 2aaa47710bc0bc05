"""Amounts in PLN: read from what people type, kept as whole grosze, shown for the locale.

Never a float: "0.1 + 0.2" must be 30 grosze, and 1 234,56 zł must stay 123456 grosze.
"""
import re
from decimal import Decimal

from flask_babel import format_decimal, get_locale

MAX_AMOUNT = 10**11  # grosze: a billion złoty, beyond any small grant (and within BigInteger)
_AMOUNT = re.compile(r"^(\d+)(?:[.,](\d{1,2}))?$")
_SPACES = re.compile(r"[\s\u00a0\u202f']")  # "1 234,50", "1'234.50" (thin and no-break spaces too)


def parse_amount(text: str | None) -> int | None:
    """PLN written as "1234", "1 234,5" or "1234.50" → grosze; None when it is not such an amount."""
    cleaned = _SPACES.sub("", text or "")
    match = _AMOUNT.match(cleaned)
    if not match or len(match.group(1)) > 12:
        return None
    whole, fraction = match.group(1), (match.group(2) or "").ljust(2, "0")
    grosze = int(whole) * 100 + int(fraction)
    return grosze if grosze <= MAX_AMOUNT else None


def amount_text(grosze: int | None) -> str:
    """Grosze as the form shows them back: "1234.50" (empty for None)."""
    if grosze is None:
        return ""
    return f"{grosze // 100}.{grosze % 100:02d}"


# Babel's own currency formats write "PLN9,000.00" in English and "PLN" in Ukrainian.
_PLN_PATTERNS = {"pl": "{} zł", "uk": "{} зл", "en": "PLN {}"}


def format_pln(grosze: int | None) -> str:
    """Grosze as the locale writes złoty: "1 234,50 zł" in Polish, "PLN 1,234.50" in English."""
    if grosze is None:
        return ""
    locale = get_locale()
    pattern = _PLN_PATTERNS.get(locale.language if locale else "pl", _PLN_PATTERNS["pl"])
    return pattern.format(format_decimal(Decimal(grosze) / 100, format="#,##0.00")).replace(" ", "\u00a0")
