"""THE access policy. Every decision about who may see or do what is made here.

Views call require(user, action, obj) or an access_<thing>(user, id) loader; templates call
can(action, obj) (the current user is filled in). Nothing else compares roles. The anonymous
user has the same interface as a user (see AnonymousUser), so rules never branch on
is_authenticated.

A rule is a function (user, obj) -> bool registered under an action name
"<domain>.<verb>". Each domain keeps its rules in its own section below.
"""
from collections.abc import Callable

from flask import abort
from flask_login import AnonymousUserMixin

_RULES: dict[str, Callable] = {}


class AnonymousUser(AnonymousUserMixin):
    """The visitor who is not logged in: a user with no rights beyond reading."""

    id = None
    role = "anonymous"
    display_name = ""
    username = ""
    language = None
    is_confirmed = False
    is_suspended = False
    is_moderator = False
    is_admin = False

    def member_org_ids(self) -> frozenset:
        return frozenset()

    def admin_org_ids(self) -> frozenset:
        return frozenset()


def rule(action: str):
    """Register the decorated function as the rule for action."""

    def register(func):
        if action in _RULES:
            raise RuntimeError(f"rule {action!r} defined twice")
        _RULES[action] = func
        return func

    return register


def can(user, action: str, obj=None) -> bool:
    """May user perform action (on obj)? Unknown actions are refused."""
    check = _RULES.get(action)
    if check is None:
        raise KeyError(f"no permission rule for {action!r}")
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


# --- roles -------------------------------------------------------------------------------
def is_active_writer(user) -> bool:
    """Logged in, e-mail confirmed, not suspended: may write anything members may write."""
    return bool(user.is_authenticated and user.is_confirmed and not user.is_suspended)


def is_staff(user) -> bool:
    """Moderators and admins (the network secretariat)."""
    return bool(user.is_authenticated and not user.is_suspended and (user.is_moderator or user.is_admin))


# --- accounts ----------------------------------------------------------------------------
@rule("account.view")
def _account_view(user, obj):
    return user.is_authenticated


@rule("account.write")
def _account_write(user, obj):
    return is_active_writer(user)


@rule("account.make_admin")
def _account_make_admin(user, target):
    return bool(user.is_authenticated and user.is_admin and not user.is_suspended)


@rule("account.make_moderator")
def _account_make_moderator(user, target):
    return is_staff(user)


@rule("account.suspend")
def _account_suspend(user, target):
    # Staff may suspend members; only admins may suspend staff; nobody suspends themselves.
    if not is_staff(user) or target is None or target.id == user.id:
        return False
    return user.is_admin or not (target.is_moderator or target.is_admin)


def access_user(viewer, username: str):
    """The public profile of username; 404 when there is no such account."""
    from app.auth.models import User
    from app.extensions import db

    user = db.session.execute(db.select(User).where(User.username == username)).scalar_one_or_none()
    return found_or_404(user)




# --- directory ---------------------------------------------------------------------------

# --- forums ------------------------------------------------------------------------------

# --- events ------------------------------------------------------------------------------

# --- partnerships ------------------------------------------------------------------------

# --- notifications ---------------------------------------------------------------------

# --- search ------------------------------------------------------------------------------

# --- secretariat -------------------------------------------------------------------------
@rule("secretariat.view")
def _secretariat_view(user, obj):
    return is_staff(user)
