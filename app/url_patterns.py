"""url_for for the links a page repeats on every row, built once per request and endpoint.

A member's thread page asks url_for about 140 times, mostly for a few endpoints with another id
each (answer post N, quote it, report it); every call walks Werkzeug's rule building again
(about 13 µs). For an endpoint with a single rule and no defaults, called with non-negative
whole numbers only, the address is built once per request (application context) with
placeholder numbers, and later calls write their numbers into that pattern. Everything else
(text values, anchors, external or relative endpoints, endpoints with several rules or
defaults, whose address may depend on the values, or with converters that do not write a
number as its digits) is built by url_for as before.
"""
import re

from flask import g

# No real id or page number gets this big, and its digits do not occur in the app's addresses.
_PLACEHOLDER_BASE = 7_304_951_826_000
_PATTERNS = "_url_patterns"  # g's attribute: {(endpoint, names): pattern or None}
# A rule's variables; only the plain int and text converters write a number as its digits
# (int(fixed_digits=4) would pad it, a custom converter could do anything).
_VARIABLE = re.compile(r"<(?:(?P<converter>\w+)(?P<arguments>\([^)]*\))?:)?\w+>")
_PLAIN_CONVERTERS = {None, "int", "string", "default"}


def build(app, endpoint: str, values: dict, build_with_url_for) -> str | None:
    """The address from this request's pattern for endpoint, or None when url_for must build it
    (build_with_url_for(**values) is how the pattern itself is made)."""
    if not values or not _whole_numbers(values) or not _eligible(app, endpoint):
        return None
    patterns = g.setdefault(_PATTERNS, {})
    key = (endpoint, tuple(values))
    if key not in patterns:
        patterns[key] = _pattern(values, build_with_url_for)
    pattern = patterns[key]
    return None if pattern is None else pattern.format(*values.values())


def _whole_numbers(values: dict) -> bool:
    for value in values.values():
        if type(value) is not int or value < 0:  # not bool, not None (left out of the address)
            return False
    return True


def _eligible(app, endpoint: str) -> bool:
    known = app.extensions.setdefault("url_patterns", {})  # per app: its rules are fixed once set up
    eligible = known.get(endpoint)
    if eligible is None:
        rules = list(app.url_map.iter_rules(endpoint)) if endpoint in app.view_functions else []
        eligible = known[endpoint] = len(rules) == 1 and not rules[0].defaults and _plain(rules[0].rule)
    return eligible


def _plain(rule: str) -> bool:
    return all(match["converter"] in _PLAIN_CONVERTERS and not match["arguments"] for match in _VARIABLE.finditer(rule))


def _pattern(values: dict, build_with_url_for) -> str | None:
    """The address with {0}, {1}… where the values go, or None if a placeholder is not found
    exactly once (then every call builds its own)."""
    placeholders = [str(_PLACEHOLDER_BASE + index) for index in range(len(values))]
    address = build_with_url_for(**dict(zip(values, map(int, placeholders))))
    pattern = address.replace("{", "{{").replace("}", "}}")
    for index, placeholder in enumerate(placeholders):
        if pattern.count(placeholder) != 1:
            return None
        pattern = pattern.replace(placeholder, "{%d}" % index)
    return pattern
