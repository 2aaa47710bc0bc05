"""An organisation's postal address: street and number, postcode (Polish NN-NNN) and town."""
import re

from app.i18n import lazy_gettext as _l


ADDRESS_PARTS = ("street", "postcode", "city")
# The street takes up to the whole of the old one-line address (300), so that no address was cut in two.
STREET_MAX, CITY_MAX = 300, 100
POSTCODE = re.compile(r"^[0-9]{2}-[0-9]{3}$")
# "31039", "31 039", "31–039": the same postcode typed another way.
_POSTCODE_TYPED = re.compile(r"^([0-9]{2})[\s\-\u2010-\u2015]?([0-9]{3})$")
POSTCODE_ERROR = _l("Enter the postcode as two digits, a dash and three digits, e.g. 33-100.")
MISSING = {
    "street": _l("Enter the street and number too (or leave the whole address empty)."),
    "postcode": _l("Enter the postcode too, e.g. 33-100 (or leave the whole address empty)."),
    "city": _l("Enter the town too (or leave the whole address empty)."),
}


def normalise_postcode(value: str | None) -> str:
    """The postcode in its written form NN-NNN when what was typed is one; else the text unchanged."""
    text = (value or "").strip()
    match = _POSTCODE_TYPED.match(text)
    return f"{match.group(1)}-{match.group(2)}" if match else text


def is_valid_postcode(value: str) -> bool:
    return bool(POSTCODE.match(value))


def missing_parts(parts: dict) -> list[str]:
    """The parts still to fill in when some are given: an address is all three or none."""
    given = [name for name in ADDRESS_PARTS if (parts.get(name) or "").strip()]
    return [name for name in ADDRESS_PARTS if given and name not in given]


def address_line(street: str | None, postcode: str | None, city: str | None) -> str:
    """One line as it is written on an envelope: "ul. Wałowa 12, 33-100 Tarnów"."""
    town = " ".join(filter(None, (postcode, city)))
    return ", ".join(filter(None, (street, town)))
