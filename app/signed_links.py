"""Links signed with the app's secret: account confirmation, password reset, unsubscribing,
invitations to an organisation and to review a grant application. One rule signs and reads them.

A link's purpose is its salt, so a link made for one purpose never opens another. The salts are
the ones the links already sent carry: changing one would break every link in people's inboxes.
"""
from flask import current_app
from itsdangerous import BadSignature, SignatureExpired, URLSafeTimedSerializer

from app.extensions import db


class InvalidLink(Exception):
    """Forged, altered, cut short, or made for another purpose."""


class ExpiredLink(InvalidLink):
    """Signed by the app, but older than its purpose allows."""


class ClosedInvitation(Exception):
    """The invitation a valid link names is gone (reason "withdrawn") or was accepted ("used")."""

    def __init__(self, reason: str):
        super().__init__(reason)
        self.reason = reason


def sign(purpose: str, data: dict) -> str:
    return _serializer(purpose).dumps(data)


def read(purpose: str, token: str, max_age: int) -> dict:
    """The data of a valid link of purpose; ExpiredLink or InvalidLink otherwise."""
    try:
        data = _serializer(purpose).loads(token, max_age=max_age)
    except SignatureExpired as exc:
        raise ExpiredLink(purpose) from exc
    except BadSignature as exc:
        raise InvalidLink(purpose) from exc
    if not isinstance(data, dict):
        raise InvalidLink(purpose)
    return data


def invitation_link(purpose: str, invitation, owner_key: str, owner_id: int) -> str:
    """The token of an invitation (a row with id and accepted_at) to join what owner_id names."""
    return sign(purpose, {"i": invitation.id, owner_key: owner_id})


def open_invitation(purpose: str, token: str, max_age: int, model, owner_key: str, owner_column: str):
    """The open invitation of model a link names: ExpiredLink, InvalidLink or ClosedInvitation
    otherwise. The owner (organisation, application) is signed in the link and checked, so a
    row whose id is later reused for another owner is never opened by an old link."""
    data = read(purpose, token, max_age)
    invitation = db.session.get(model, data["i"]) if isinstance(data.get("i"), int) else None
    if invitation is None or getattr(invitation, owner_column) != data.get(owner_key):
        raise ClosedInvitation("withdrawn")
    if invitation.accepted_at is not None:
        raise ClosedInvitation("used")
    return invitation


def _serializer(purpose: str) -> URLSafeTimedSerializer:
    return URLSafeTimedSerializer(current_app.config["SECRET_KEY"], salt=purpose)
