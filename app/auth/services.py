"""Account verbs. They take plain values, flush but never commit."""
from flask import current_app, url_for
from sqlalchemy import func

from app import signed_links
from app.auth.models import User
from app.config import is_production
from app.db import utcnow
from app.extensions import db
from app.mail import send_email
from app.translit import slugify


DEMO_EMAIL_DOMAIN = "demo.forum.test"  # seed-demo's addresses: made up, never delivered


class AuthError(Exception):
    """A request the account rules refuse; str(error) is a message code for the view."""


class InvalidToken(AuthError):
    pass


class ExpiredToken(InvalidToken):
    pass


def _make_token(purpose: str, data: dict) -> str:
    return signed_links.sign(f"auth.{purpose}", data)


def _load_token(purpose: str, token: str, max_age: int) -> dict:
    try:
        return signed_links.read(f"auth.{purpose}", token, max_age)
    except signed_links.ExpiredLink as exc:
        raise ExpiredToken(purpose) from exc
    except signed_links.InvalidLink as exc:
        raise InvalidToken(purpose) from exc


def normalise_email(email: str) -> str:
    return (email or "").strip().lower()


def get_user_by_email(email: str) -> User | None:
    return db.session.execute(
        db.select(User).where(func.lower(User.email) == normalise_email(email))
    ).scalar_one_or_none()


def make_unique_username(display_name: str) -> str:
    """A mention-friendly handle from the name: "Anna Kowalska" → "anna-kowalska", then -2, -3…"""
    base = slugify(display_name, max_length=30) or "user"
    taken = set(db.session.execute(
        db.select(User.username).where(User.username.like(f"{base}%"))
    ).scalars())
    candidate, number = base, 1
    while candidate in taken:
        number += 1
        candidate = f"{base}-{number}"
    return candidate


def create_user(email: str, display_name: str, password: str, language: str | None = None,
                role: str = "member", confirmed: bool = False) -> User:
    now = utcnow()
    user = User(
        email=normalise_email(email), display_name=display_name.strip(),
        username=make_unique_username(display_name), role=role, language=language,
        terms_accepted_at=now, confirmed_at=now if confirmed else None,
    )
    user.set_password(password)
    db.session.add(user)
    db.session.flush()
    return user


def register_user(email: str, display_name: str, password: str, language: str) -> User | None:
    """Create an unconfirmed account and mail its confirmation link.

    If the address is taken, the owner is told by e-mail instead and None is returned, so
    the page shown is the same either way (it never reveals who is registered), and so is
    the time it takes: the password is hashed either way.
    """
    existing = get_user_by_email(email)
    if existing is not None:
        hash_password_in_vain(password)
        send_email(existing.email, "mail/already_registered", existing.language or language,
                   user=existing, login_url=url_for("auth.login", _external=True),
                   reset_url=url_for("auth.request_reset", _external=True))
        return None
    user = create_user(email, display_name, password, language=language)
    send_confirmation(user)
    return user


def send_confirmation(user: User) -> None:
    token = _make_token("confirm", {"uid": user.id, "email": user.email})
    send_email(user.email, "mail/confirm_email", user.language, user=user,
               confirm_url=url_for("auth.confirm_email", token=token, _external=True))


def hash_password_in_vain(password: str) -> None:
    """Do the hashing a real account would cost (the slow part), so the answer's timing reveals nothing."""
    User(password_hash="").set_password(password)


def confirm_email(token: str) -> User:
    """Mark the account of a valid confirmation token as confirmed."""
    data = _load_token("confirm", token, current_app.config["CONFIRM_TOKEN_MAX_AGE"])
    user = db.session.get(User, data.get("uid"))
    if user is None or user.email != data.get("email"):
        raise InvalidToken("confirm")
    if user.confirmed_at is None:
        user.confirmed_at = utcnow()
    return user


def is_demo_address(email: str) -> bool:
    """An address of seed-demo's made-up network (its accounts share one known password)."""
    domain = email.rpartition("@")[2].casefold()
    return domain == DEMO_EMAIL_DOMAIN or domain.endswith("." + DEMO_EMAIL_DOMAIN)


def authenticate(email: str, password: str) -> User | None:
    """The user with these credentials, or None. Spends the same time when the e-mail is unknown.

    In production a demo account never logs in, even if demo data reached the database.
    """
    user = get_user_by_email(email)
    if user is None or (is_production(current_app.config) and is_demo_address(user.email)):
        hash_password_in_vain(password)
        return None
    return user if user.check_password(password) else None


def record_login(user: User) -> None:
    user.last_login_at = utcnow()


def end_all_sessions(user: User) -> None:
    """Invalidate every login cookie of user, including copies taken before now."""
    user.session_version = (user.session_version or 0) + 1


def request_password_reset(email: str, language: str) -> None:
    """Mail a reset link if the address belongs to an account; do nothing visible otherwise."""
    user = get_user_by_email(email)
    if user is None:
        return
    # The token carries a piece of the current hash, so it stops working once used.
    token = _make_token("reset", {"uid": user.id, "pw": user.password_hash[-16:]})
    send_email(user.email, "mail/reset_password", user.language or language, user=user,
               reset_url=url_for("auth.reset_password", token=token, _external=True))


def user_for_reset_token(token: str) -> User:
    data = _load_token("reset", token, current_app.config["RESET_TOKEN_MAX_AGE"])
    user = db.session.get(User, data.get("uid"))
    if user is None or user.password_hash[-16:] != data.get("pw"):
        raise InvalidToken("reset")
    return user


def reset_password(token: str, new_password: str) -> User:
    user = user_for_reset_token(token)
    user.set_password(new_password)
    if user.confirmed_at is None:
        user.confirmed_at = utcnow()  # the link reached their mailbox: the address works
    end_all_sessions(user)
    return user


def change_password(user: User, current_password: str, new_password: str) -> None:
    if not user.check_password(current_password):
        raise AuthError("wrong_password")
    user.set_password(new_password)
    end_all_sessions(user)


def set_language(user: User, language: str) -> None:
    if language not in current_app.config["LANGUAGES"]:
        raise AuthError("unknown_language")
    user.language = language


def set_role(user: User, role: str) -> None:
    if role not in ("member", "moderator", "admin"):
        raise AuthError("unknown_role")
    user.role = role


def suspend_user(user: User, reason: str) -> None:
    user.suspended_at = utcnow()
    user.suspension_reason = reason
    end_all_sessions(user)


def unsuspend_user(user: User) -> None:
    user.suspended_at = None
    user.suspension_reason = None


def load_user_from_session(user_id: str) -> User | None:
    """Flask-Login's loader: "<id>:<session version>" must match the stored version."""
    user_pk, _, version = (user_id or "").partition(":")
    if not user_pk.isdigit() or not version.isdigit():
        return None
    user = db.session.get(User, int(user_pk))
    if user is None or user.session_version != int(version) or user.is_suspended:
        return None
    return user
