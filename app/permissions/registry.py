"""The registry of rules: can(user, action, obj), require(...), and the two roles every part uses.

A rule is a function (user, obj) -> bool registered under an action name "<domain>.<verb>".
Each part registers its rules in its own module of this package.
"""
from collections.abc import Callable

from flask import abort
from werkzeug.local import LocalProxy

from app.permissions.principal import principal_of

_RULES: dict[str, Callable] = {}


def rule(action: str):
    """Register the decorated function as the rule for action."""

    def register(func):
        if action in _RULES:
            raise RuntimeError(f"rule {action!r} defined twice")
        _RULES[action] = func
        return func

    return register


def can(user, action: str, obj=None) -> bool:
    """May user perform action (on obj)? Unknown actions are a mistake in the code: KeyError."""
    check = _RULES.get(action)
    if check is None:
        raise KeyError(f"no permission rule for {action!r}")
    if type(user) is LocalProxy:
        # current_user: the rules read the viewer several times (and ask each other), and every
        # read through the proxy looks the user up again (a tenth of a signed-in thread page).
        user = user._get_current_object()
    return bool(check(user, obj))


def require(user, action: str, obj=None, status: int = 403) -> None:
    """Abort with status (403 by default) unless can(user, action, obj)."""
    if not can(user, action, obj):
        abort(status)


def found_or_404(obj):
    """Return obj, or abort 404 when it is missing."""
    if obj is None:
        abort(404)
    return obj


def is_active_writer(user) -> bool:
    """Logged in, e-mail confirmed, not suspended: may write anything members may write."""
    principal = principal_of(user)
    return principal.is_authenticated and principal.is_confirmed and not principal.is_suspended


def is_staff(user) -> bool:
    """Moderators and admins (the network secretariat), while not suspended."""
    return principal_of(user).is_staff
