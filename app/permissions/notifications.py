"""Notifications: one's own, and only while their subject may still be seen."""
from flask import abort

from app.extensions import db
from app.notifications.models import Notification
from app.permissions.principal import principal_of
from app.permissions.registry import rule


@rule("notifications.view")
def _notifications_view(user, obj):
    """One's own notifications, settings, data export and account deletion."""
    return principal_of(user).is_authenticated


def access_notification(viewer, notification_id: int):
    """viewer's own notification, or 404 (someone else's is as good as missing)."""
    from app.notifications.subjects import is_visible  # it loads subjects and asks this policy about them

    notification = db.session.get(Notification, notification_id)
    if notification is None or not viewer.is_authenticated or notification.user_id != viewer.id:
        abort(404)
    if not is_visible(viewer, notification):  # about something viewer may no longer see
        abort(404)
    return notification
