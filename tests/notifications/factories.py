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


class mail_server_down:
    """with mail_server_down(app): … sending fails as if the SMTP server were unreachable."""

    def __init__(self, app):
        from tests.mailserver import free_port

        self.state, self.port = app.extensions["mailman"], free_port()

    def __enter__(self):
        self.saved, self.state.port = self.state.port, self.port
        return self

    def __exit__(self, *exc):
        self.state.port = self.saved
