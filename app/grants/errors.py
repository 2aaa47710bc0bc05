"""Refusals of the small-grants rules; their messages are translated, for the user."""
from app.refusals import Refused


class GrantError(Refused):
    """A rule of the small grants was broken."""


class NotAllowed(GrantError):
    """The actor may not do this."""


class LateSubmission(GrantError):
    """The call closed before the application was submitted (the draft is kept)."""


class NotEligible(GrantError):
    """A rule of the call's eligibility does not hold yet."""
