"""Domain exceptions of the events calendar; their messages are translated, for the user."""


class EventError(Exception):
    """A rule of the calendar was broken; `field` names the form field the message belongs to."""

    def __init__(self, message: str, field: str | None = None):
        super().__init__(message)
        self.message = message
        self.field = field


class NotAllowed(EventError):
    """The actor may not do this (views answer 403 or 404)."""


class RegistrationError(EventError):
    """A registration cannot be made or cancelled (full, closed, cancelled date…)."""


class AlreadyRegistered(RegistrationError):
    """The person already has a place or a place on the waiting list."""
