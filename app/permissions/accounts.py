"""Accounts: profiles, one's own settings, and the secretariat's roles."""
from app.auth.models import User
from app.extensions import db
from app.permissions.principal import principal_of
from app.permissions.registry import found_or_404, is_active_writer, is_staff, rule


@rule("account.view")
def _account_view(user, obj):
    return principal_of(user).is_authenticated


@rule("account.write")
def _account_write(user, obj):
    return is_active_writer(user)


@rule("account.make_admin")
def _account_make_admin(user, target):
    return is_staff(user) and user.is_admin


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
    user = db.session.execute(db.select(User).where(User.username == username)).scalar_one_or_none()
    return found_or_404(user)
