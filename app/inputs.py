"""What a request brings, read one way: ids and numbers in range, text that can be stored.

Hostile input must never become a server error, and it used to in three ways: an integer past
64 bits reached SQL (an overflow in SQLite, "integer out of range" in PostgreSQL), a lone
surrogate in a JSON body reached the database (it cannot be encoded), and a JSON body that is no
form (a list, a number, nested objects) reached WTForms. So:

- every `<int:...>` of the URL map is an id an Integer column can hold; larger is no page (404);
- integers of the query string are read with int_arg() / page_arg(), ids of a form with to_id();
- the request's text (query string, form, JSON) loses NUL characters and has lone surrogates
  replaced, before anything reads it; a path segment with NUL is no page;
- a JSON body is accepted only in the shape of a form: an object of text values (else 400).
"""
import re

from flask import request
from werkzeug.datastructures import ImmutableMultiDict
from werkzeug.routing import IntegerConverter, PathConverter, UnicodeConverter, ValidationError

from app.errors import render_error
from app.i18n import lazy_gettext as _l
from app.site import SiteRequest

MAX_ID = 2**31 - 1  # the largest value of an Integer column in PostgreSQL (SQLite's is larger)
MAX_PAGE = 100_000  # deeper pages are never linked; the bound keeps SQL's OFFSET small
ASCII_DIGITS = re.compile(r"[0-9]+")  # "²".isdigit() is true, yet int("²") fails
TOO_LARGE = 10**18  # what a number of more digits reads as: beyond every range, and cheap to compare
UNSTORABLE = re.compile("[\x00\ud800-\udfff]")  # NUL (PostgreSQL refuses it) and lone surrogates
JSON_NOT_A_FORM = _l("Send the form's fields as a JSON object whose values are text.")


# --- ids in the URL ------------------------------------------------------------------------
class IdConverter(IntegerConverter):
    """Werkzeug's int, bounded by default to what an id column holds: a larger number is no page."""

    def __init__(self, map, fixed_digits=0, min=None, max=MAX_ID, signed=False):
        super().__init__(map, fixed_digits=fixed_digits, min=min, max=max, signed=signed)


class _StorableSegment:
    """A path segment with a NUL character matches no route (404) instead of reaching SQL."""

    def to_python(self, value: str):
        if "\x00" in value:
            raise ValidationError()
        return super().to_python(value)


class TextConverter(_StorableSegment, UnicodeConverter):
    """Werkzeug's string converter, without NUL characters."""


class StorablePathConverter(_StorableSegment, PathConverter):
    """Werkzeug's path converter, without NUL characters."""


# --- numbers and ids, from the query string or a form ------------------------------------------
def parse_number(text: str) -> int | None:
    """A whole number written in ASCII digits, else None; past 18 digits it reads as TOO_LARGE."""
    text = text.strip()
    if not ASCII_DIGITS.fullmatch(text):
        return None
    digits = text.lstrip("0") or "0"
    return int(digits) if len(digits) <= 18 else TOO_LARGE


def to_id(value) -> int | None:
    """value (a number, or text from a URL, a query or a form) as a row id; None when it cannot be one."""
    number = value if isinstance(value, int) and not isinstance(value, bool) else parse_number(str(value or ""))
    return number if number is not None and 0 < number <= MAX_ID else None


def int_arg(name: str, default=None, *, minimum: int = 1, maximum: int = MAX_ID, args=None):
    """The query parameter as an integer from minimum to maximum; default when missing, not a number or out of range."""
    number = parse_number((request.args if args is None else args).get(name, ""))
    return number if number is not None and minimum <= number <= maximum else default


def page_arg(args=None) -> int:
    """The ?page= number: 1 when missing or not a number; a huge one is MAX_PAGE, past the end like any other."""
    number = parse_number((request.args if args is None else args).get("page", ""))
    return min(number, MAX_PAGE) if number else 1


# --- text that can be stored -------------------------------------------------------------------
def storable(value):
    """value with NUL characters removed and lone surrogates replaced (U+FFFD), in strings, lists and dicts."""
    if isinstance(value, str):
        return UNSTORABLE.sub(lambda found: "" if found.group() == "\x00" else "\ufffd", value)
    if isinstance(value, list):
        return [storable(item) for item in value]
    if isinstance(value, dict):
        return {storable(key): storable(item) for key, item in value.items()}
    return value


class StorableMultiDict(ImmutableMultiDict):
    """request.args, request.form and request.files, their text made storable as they are parsed."""

    def __init__(self, mapping=None):
        pairs = ImmutableMultiDict(mapping).items(multi=True)
        super().__init__([(storable(key), storable(value)) for key, value in pairs])


class StorableRequest(SiteRequest):
    """The request class of the app: the site's (upload views take bodies as big as a file), and
    whatever the encoding sent, views read storable text."""

    parameter_storage_class = StorableMultiDict

    def get_json(self, force=False, silent=False, cache=True):
        return storable(super().get_json(force=force, silent=silent, cache=cache))


def is_form_shaped(data) -> bool:
    """A JSON body Flask-WTF can read as a form: an object of strings or lists of strings."""
    return isinstance(data, dict) and all(
        isinstance(value, str) or (isinstance(value, list) and all(isinstance(item, str) for item in value))
        for value in data.values()
    )


def refuse_json_that_is_no_form():
    """before_request: Flask-WTF reads any JSON body as a form, so it must have a form's shape."""
    if request.is_json:
        data = request.get_json(silent=True)  # malformed JSON: Flask-WTF's own reading answers 400
        if data is not None and not is_form_shaped(data):
            return render_error(400, JSON_NOT_A_FORM)
    return None


def init_app(app) -> None:
    """Before the blueprints: their routes are compiled with the converters in place then."""
    app.request_class = StorableRequest
    app.url_map.converters.update(int=IdConverter, default=TextConverter, string=TextConverter,
                                  path=StorablePathConverter)
    app.before_request(refuse_json_that_is_no_form)
