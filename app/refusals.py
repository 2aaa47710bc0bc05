"""A request a part's rules refuse: one exception shape, and one way to show it on the form.

Services raise a Refused (each part names its own subclass: ForumError, EventError…) with a
translated message and, when it concerns one, the form field; the view shows it next to that
field, or above the form.
"""
from flask import flash

from app.extensions import db


class Refused(Exception):
    """A refusal by a part's rules: message (translated, possibly lazily) and the field it concerns."""

    default_field: str | None = None

    def __init__(self, message, field: str | None = None):
        super().__init__(message)
        self._message = message  # a lazy string is translated when shown, in the reader's language
        self.field = field if field is not None else self.default_field

    @property
    def message(self) -> str:
        return str(self._message)


def show_refusal(form, error: Refused) -> None:
    """Undo what the refused request had changed, and put the message next to its field (or on top)."""
    db.session.rollback()
    field = form._fields.get(error.field) if form is not None and error.field else None
    if field is None:
        flash(error.message, "error")
    else:
        field.errors = [*field.errors, error.message]
