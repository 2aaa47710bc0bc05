"""The secretariat: its dashboard, announcements, roles, suspensions and reports."""
from flask import abort

from app.auth.models import User
from app.extensions import db
from app.forums.models import PostReport
from app.permissions.forums import forum_id
from app.permissions.registry import can, found_or_404, is_staff, require, rule
from app.secretariat.models import Announcement


@rule("secretariat.view")
def _secretariat_view(user, obj):
    return is_staff(user)


@rule("secretariat.manage_announcements")
def _secretariat_manage_announcements(user, obj):
    return is_staff(user)


@rule("secretariat.suspend")
def _secretariat_suspend(user, target):
    return target is not None and not target.is_suspended and can(user, "account.suspend", target)


@rule("secretariat.unsuspend")
def _secretariat_unsuspend(user, target):
    # The same people who may suspend someone may lift it.
    if not is_staff(user) or target is None or target.id == user.id or not target.is_suspended:
        return False
    return user.is_admin or not (target.is_moderator or target.is_admin)


def _may_get_a_role(target) -> bool:
    return target is not None and target.is_confirmed and not target.is_suspended


@rule("secretariat.make_moderator")
def _secretariat_make_moderator(user, target):
    if not _may_get_a_role(target) or target.id == user.id or target.role == "moderator":
        return False
    if target.is_admin:  # an admin stepping down to moderator: taking a role away, admins only
        return can(user, "account.make_admin", target)
    return can(user, "account.make_moderator", target)


@rule("secretariat.make_admin")
def _secretariat_make_admin(user, target):
    # Only admins make admins.
    return (_may_get_a_role(target) and not target.is_admin and target.id != user.id
            and can(user, "account.make_admin", target))


@rule("secretariat.make_member")
def _secretariat_make_member(user, target):
    """Take the moderator or admin role away: admins only, never from themselves."""
    return (target is not None and target.is_moderator and target.id != user.id
            and can(user, "account.make_admin", target))


@rule("secretariat.resolve_report")
def _secretariat_resolve_report(user, report):
    # Whether the report is still open is the service's question (it answers in words).
    return is_staff(user) and (report is None or can(user, "forums.view_thread", report.post.thread))


def access_managed_user(viewer, user_id: int):
    """A user account as the secretariat manages it; 404 when missing, 403 for non-staff."""
    require(viewer, "secretariat.view")
    return found_or_404(db.session.get(User, user_id))


def access_post_report(viewer, report_id: int):
    """A report of a forum post, to resolve; 404 when missing, 403 for non-staff."""
    require(viewer, "secretariat.view")
    report = db.session.get(PostReport, forum_id(report_id))
    if report is None or not can(viewer, "secretariat.resolve_report", report):
        abort(404)
    return report


def access_announcement(viewer, announcement_id: int):
    """An announcement to manage; 404 when missing, 403 for non-staff."""
    require(viewer, "secretariat.manage_announcements")
    return found_or_404(db.session.get(Announcement, announcement_id))
