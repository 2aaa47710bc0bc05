"""Polish registry numbers of an organisation: KRS, NIP and REGON, and how each is checked.

The rules are the registries' own: NIP (tax number) has a check digit with the weights of the
Ministry of Finance, REGON (statistical number, 9 digits or 14 for a local unit) those of
Statistics Poland (GUS). A KRS number (National Court Register) is a plain 10-digit serial
number with no check digit, so only its form can be checked.
"""
import re
from collections.abc import Callable
from dataclasses import dataclass

from app.i18n import lazy_gettext as _l


# What people paste besides the digits: spaces, dashes, dots, and "PL" before a NIP.
_SEPARATORS = re.compile(r"[\s.\-]")
_NIP_WEIGHTS = (6, 5, 7, 2, 3, 4, 5, 6, 7)
_REGON9_WEIGHTS = (8, 9, 2, 3, 4, 5, 6, 7)
_REGON14_WEIGHTS = (2, 4, 8, 5, 0, 9, 7, 3, 6, 1, 2, 4, 8)


def compact(value: str | None) -> str:
    """The number without separators: "PL 123-456-32-18" → "1234563218"."""
    text = _SEPARATORS.sub("", value or "").upper()
    return text[2:] if text.startswith("PL") else text


def _check_digit(digits: str, weights: tuple) -> int:
    return sum(int(digit) * weight for digit, weight in zip(digits, weights)) % 11


def _is_digits(number: str, *lengths: int) -> bool:
    return len(number) in lengths and number.isascii() and number.isdigit()


def is_valid_krs(number: str) -> bool:
    return _is_digits(number, 10)


def is_valid_nip(number: str) -> bool:
    """10 digits whose weighted sum modulo 11 is the last digit (a sum of 10 is never issued)."""
    return _is_digits(number, 10) and _check_digit(number[:9], _NIP_WEIGHTS) == int(number[9])


def is_valid_regon(number: str) -> bool:
    """9 digits, or 14 (a local unit: its organisation's 9-digit REGON and five more), each with its check digit."""
    if not _is_digits(number, 9, 14) or (len(number) == 14 and not is_valid_regon(number[:9])):
        return False
    weights = _REGON9_WEIGHTS if len(number) == 9 else _REGON14_WEIGHTS
    return _check_digit(number[:-1], weights) % 10 == int(number[-1])  # a remainder of 10 counts as 0


@dataclass(frozen=True)
class Registry:
    field: str              # the Organisation column and form field
    scheme: str             # the org-id.guide list code (HSDS identifier_scheme)
    name: str               # identifier_type in the export (English, as org-id.guide names the list)
    is_valid: Callable[[str], bool]
    label: object           # the form's label, hint and error (translated when shown)
    hint: object
    error: object

    @property
    def abbreviation(self) -> str:
        """KRS, NIP, REGON: the same in every language."""
        return self.field.upper()


REGISTRIES = (
    Registry("krs", "PL-KRS", "KRS (National Court Register)", is_valid_krs, _l("KRS number"),
             _l("10 digits, for associations and foundations in the National Court Register."),
             _l("A KRS number has 10 digits, e.g. 0000123456.")),
    Registry("nip", "PL-NIP", "NIP (tax identification number)", is_valid_nip, _l("NIP (tax number)"),
             _l("10 digits, e.g. 123-456-32-18."),
             _l("This is not a valid NIP: it has 10 digits and the last one must match the others "
                "(check for a typing mistake).")),
    Registry("regon", "PL-REGON", "REGON (National Official Business Register)", is_valid_regon, _l("REGON number"),
             _l("9 digits, or 14 for a local unit."),
             _l("This is not a valid REGON: it has 9 or 14 digits and the last one must match the others "
                "(check for a typing mistake).")),
)
REGISTRY_BY_FIELD = {registry.field: registry for registry in REGISTRIES}


def problem(field: str, value: str | None):
    """None if value is empty or a valid number of that registry, else the message to show."""
    number = compact(value)
    registry = REGISTRY_BY_FIELD[field]
    return None if not number or registry.is_valid(number) else registry.error
