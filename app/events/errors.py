"""Domain exceptions of the events calendar; their messages are translated, for the user."""
from app.refusals import Refused


class EventError(Refused):
    """A rule of the calendar was broken."""


class NotAllowed(EventError):
    """The actor may not do this (views answer 403 or 404)."""


class RegistrationError(EventError):
    """A registration cannot be made or cancelled (full, closed, cancelled date…)."""


class AlreadyRegistered(RegistrationError):
    """The person already has a place or a place on the waiting list."""
