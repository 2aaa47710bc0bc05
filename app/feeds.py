"""Atom feeds: times in RFC 3339, and answers that feed readers can ask for again cheaply.

Entry ids and links are built with url_for(_external=True), so they come from SITE_URL
(app/site.py) and stay the same behind a proxy or after a move to https, as RFC 4287 wants.
A feed answer carries an ETag (of its body) and Last-Modified (its newest entry), and a
reader that already has it gets 304 Not Modified.
"""
from datetime import timezone

from flask import Response, request

from app.db import utcnow

ATOM_TYPE = "application/atom+xml"
READER_MAX_AGE = 300  # seconds a feed reader may keep the feed before asking again


def atom_time(value) -> str:
    """RFC 3339 time in UTC for Atom (now when there is nothing yet)."""
    value = value or utcnow()
    if value.tzinfo is None:  # stored as UTC
        value = value.replace(tzinfo=timezone.utc)
    return value.astimezone(timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")


def atom_response(body: str, updated=None) -> Response:
    """The feed, with ETag and Last-Modified, or 304 for a reader that has this version."""
    response = Response(body, mimetype=ATOM_TYPE)
    response.charset = "utf-8"
    response.add_etag()
    if updated is not None:
        response.last_modified = updated if updated.tzinfo else updated.replace(tzinfo=timezone.utc)
    response.cache_control.public = True
    response.cache_control.max_age = READER_MAX_AGE
    return response.make_conditional(request)


def init_app(app) -> None:
    app.add_template_filter(atom_time, "atom_time")
