"""Notifications for tests, made through the real notify()."""
from app.notifications.services import notify


def make_notification(recipient, kind="reply", title="Mieszkania dla rodzin z Ukrainy", url="/forums/p/1",
                      actor=None, subject_key=None):
    notification = notify(recipient, kind, title=title, url=url, actor=actor, subject_key=subject_key)
    assert notification is not None
    return notification


def choose(user, **choices):
    """Set user's delivery per kind, e.g. choose(user, reply="email")."""
    from app.notifications.services import set_preferences

    set_preferences(user, choices)
