"""Secretariat verbs: announcements, roles and suspensions (the log: moderation_log.py).

Every verb takes the actor first and plain values, checks the policy, flushes and never
commits; refusals raise SecretariatError with a translated message and the field concerned.
"""
import logging
from datetime import date, timedelta


from app.auth import services as auth_services
from app.db import utcnow
from app.extensions import db
from app.forums import admin as forum_admin
from app.forums import services as forums
from app.forums.models import Category, Post, Thread
from app.i18n import lazy_gettext as _l
from app.permissions import can
from app.refusals import Refused
from app.secretariat.labels import log_details
from app.secretariat.models import ANNOUNCEMENT_LANGUAGES, Announcement
from app.secretariat.moderation_log import log_moderation
from app.text import clean_input, render_markdown

log = logging.getLogger(__name__)

MAX_TITLE_LENGTH = 200
MIN_TITLE_LENGTH = 3
MAX_BODY_LENGTH = 15_000  # three languages together stay within one forum post
MAX_REASON_LENGTH = 500
MAX_DAYS_AHEAD = 366
ANNOUNCEMENTS_CATEGORY = "announcements"
ROLES = ("member", "moderator", "admin")
# The rule that allows giving each role.
ROLE_RULES = {"member": "secretariat.make_member", "moderator": "secretariat.make_moderator",
              "admin": "secretariat.make_admin"}


class SecretariatError(Refused):
    """A request the secretariat's rules refuse."""


def _require(actor, action: str, obj=None) -> None:
    if not can(actor, action, obj):
        raise SecretariatError(_l("Only the network secretariat may do this."))


# --- announcements ---------------------------------------------------------------------
def _clean_texts(texts: dict) -> dict:
    """{title_xx, body_xx} cleaned: Polish required; another language needs both title and body."""
    clean = {}
    for lang in ANNOUNCEMENT_LANGUAGES:
        title = " ".join(clean_input(texts.get(f"title_{lang}")).split())
        body = clean_input(texts.get(f"body_{lang}")).strip()
        if lang == "pl" and not title:
            raise SecretariatError(_l("Enter the title in Polish."), f"title_{lang}")
        if lang == "pl" and not body:
            raise SecretariatError(_l("Write the announcement in Polish."), f"body_{lang}")
        if title and not body:
            raise SecretariatError(_l("Write the text for this title, or leave both empty."), f"body_{lang}")
        if body and not title:
            raise SecretariatError(_l("Give this text a title, or leave both empty."), f"title_{lang}")
        if title and not MIN_TITLE_LENGTH <= len(title) <= MAX_TITLE_LENGTH:
            raise SecretariatError(_l("A title has between %(min)d and %(max)d characters.",
                                      min=MIN_TITLE_LENGTH, max=MAX_TITLE_LENGTH), f"title_{lang}")
        if len(body) > MAX_BODY_LENGTH:
            raise SecretariatError(_l("The text can have at most %(max)d characters; this one has %(count)d.",
                                      max=MAX_BODY_LENGTH, count=len(body)), f"body_{lang}")
        clean[f"title_{lang}"], clean[f"body_{lang}"] = title, body
    return clean


def _check_end(ends_on: date | None, today: date) -> date:
    if ends_on is None:
        raise SecretariatError(_l("Enter the last day on which the announcement is shown."), "ends_on")
    if ends_on < today:
        raise SecretariatError(_l("The last day cannot be in the past."), "ends_on")
    if ends_on > today + timedelta(days=MAX_DAYS_AHEAD):
        raise SecretariatError(_l("An announcement can be shown for at most a year."), "ends_on")
    return ends_on


def _apply(announcement: Announcement, texts: dict, ends_on: date) -> None:
    for lang in ANNOUNCEMENT_LANGUAGES:
        body = texts[f"body_{lang}"]
        setattr(announcement, f"title_{lang}", texts[f"title_{lang}"])
        setattr(announcement, f"body_{lang}", body)
        setattr(announcement, f"body_{lang}_html", render_markdown(body) if body else "")
    announcement.ends_on = ends_on


def create_announcement(actor, texts: dict, ends_on: date | None, today: date) -> Announcement:
    """Publish an announcement on the home page and as a thread in the Announcements forum."""
    _require(actor, "secretariat.manage_announcements")
    clean, ends_on = _clean_texts(texts), _check_end(ends_on, today)
    announcement = Announcement(author_id=actor.id)
    _apply(announcement, clean, ends_on)
    db.session.add(announcement)
    db.session.flush()
    _publish_in_forum(actor, announcement)
    log_moderation(actor, "announcement.publish", "announcement", announcement.id,
                   target_label=announcement.title_pl, details=log_details("until", date=ends_on.isoformat()))
    return announcement


def update_announcement(actor, announcement: Announcement, texts: dict, ends_on: date | None, today: date) -> str:
    """Change an announcement; returns what happened to its forum thread (see _publish_in_forum)."""
    _require(actor, "secretariat.manage_announcements")
    if announcement.withdrawn_at is not None:
        raise SecretariatError(_l("This announcement has been taken off the home page; write a new one."))
    clean = _clean_texts(texts)
    ends_on = ends_on if ends_on == announcement.ends_on else _check_end(ends_on, today)
    _apply(announcement, clean, ends_on)
    db.session.flush()
    forum = _publish_in_forum(actor, announcement)
    log_moderation(actor, "announcement.update", "announcement", announcement.id,
                   target_label=announcement.title_pl, details=log_details("until", date=ends_on.isoformat()))
    return forum


def withdraw_announcement(actor, announcement: Announcement) -> None:
    """Take the announcement off the home page now (its forum thread stays)."""
    _require(actor, "secretariat.manage_announcements")
    if announcement.withdrawn_at is not None:
        raise SecretariatError(_l("This announcement has already been taken off the home page."))
    announcement.withdrawn_at = utcnow()
    db.session.flush()
    log_moderation(actor, "announcement.withdraw", "announcement", announcement.id,
                   target_label=announcement.title_pl)


def forum_text(announcement: Announcement) -> str:
    """The forum post: the Polish text, then each other language under its own title."""
    parts = [announcement.body_pl]
    for lang in ANNOUNCEMENT_LANGUAGES[1:]:
        title, body = getattr(announcement, f"title_{lang}"), getattr(announcement, f"body_{lang}")
        if title and body:
            parts.append(f"### {title}\n\n{body}")
    return "\n\n---\n\n".join(parts)


def _publish_in_forum(actor, announcement: Announcement) -> str:
    """Create (or bring up to date) the announcement's thread.

    Returns "created", "updated", "unchanged" or "not_allowed" (another moderator wrote the thread).
    """
    try:
        thread = db.session.get(Thread, announcement.forum_thread_id) if announcement.forum_thread_id else None
        if thread is None:
            category = db.session.execute(
                db.select(Category).where(Category.slug == ANNOUNCEMENTS_CATEGORY)).scalar_one_or_none()
            if category is None:
                forum_admin.ensure_default_categories()
                category = db.session.execute(
                    db.select(Category).where(Category.slug == ANNOUNCEMENTS_CATEGORY)).scalar_one()
            written = forums.create_thread(actor, category, announcement.title_pl, forum_text(announcement))
            announcement.forum_thread_id = written.thread.id
        else:
            opening = db.session.execute(
                db.select(Post).where(Post.thread_id == thread.id, Post.position == 1)).scalar_one()
            if opening.body == forum_text(announcement) and thread.title == announcement.title_pl:
                return "unchanged"
            if not can(actor, "forums.edit_post", opening):
                return "not_allowed"  # only its author edits a post; the view says so
            forums.edit_post(actor, opening, forum_text(announcement), title=announcement.title_pl)
            db.session.flush()
            return "updated"
    except forums.ForumError as error:
        raise SecretariatError(_l("The forum did not accept the announcement: %(message)s",
                                  message=error.message), error.field) from error
    db.session.flush()
    return "created"


# --- people ----------------------------------------------------------------------------
def _user_label(user) -> str:
    return f"{user.display_name} (@{user.username})"


def clean_reason(reason: str | None, required: bool = True) -> str:
    text = clean_input(reason).strip()
    if required and not text:
        raise SecretariatError(_l("Give a reason."), "reason")
    if len(text) > MAX_REASON_LENGTH:
        raise SecretariatError(_l("A reason has at most %(max)d characters.", max=MAX_REASON_LENGTH), "reason")
    return text


def change_role(actor, target, role: str, reason: str = "") -> None:
    """Make target a member, moderator or admin (only admins make admins or take roles away)."""
    if role not in ROLES:
        raise SecretariatError(_l("Choose a role."), "role")
    if target.role == role:
        raise SecretariatError(_l("Nothing to change: the account already has this role."), "role")
    if not can(actor, ROLE_RULES[role], target):
        raise SecretariatError(_l("You may not give this role to this account."), "role")
    reason = clean_reason(reason, required=False)
    previous = target.role
    auth_services.set_role(target, role)
    log_moderation(actor, "user.role", "user", target.id, target_label=_user_label(target),
                   reason=reason, details=log_details("role_change", previous=previous, role=role))
    db.session.flush()


def suspend(actor, target, reason: str) -> None:
    """Suspend an account: logged out everywhere, cannot log in until the suspension is lifted."""
    if not can(actor, "secretariat.suspend", target):
        raise SecretariatError(_l("You may not suspend this account."), "reason")
    reason = clean_reason(reason)
    auth_services.suspend_user(target, reason)
    log_moderation(actor, "user.suspend", "user", target.id, target_label=_user_label(target), reason=reason)
    db.session.flush()


def unsuspend(actor, target, reason: str = "") -> None:
    if not target.is_suspended:
        raise SecretariatError(_l("This account is not suspended."), "reason")
    if not can(actor, "secretariat.unsuspend", target):
        raise SecretariatError(_l("You may not lift this suspension."), "reason")
    reason = clean_reason(reason, required=False)
    auth_services.unsuspend_user(target)
    log_moderation(actor, "user.unsuspend", "user", target.id, target_label=_user_label(target), reason=reason)
    db.session.flush()
