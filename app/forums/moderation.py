"""Moderation verbs of the secretariat: hide and unhide posts, lock, pin and move threads,
suspend an author, dismiss reports. Every one is written to the moderation log with the reason.
"""
from sqlalchemy import select

from app.auth.services import suspend_user
from app.db import utcnow
from app.extensions import db
from app.forums.models import Category, Post, PostReport, Thread
from app.forums.queries import get_by_id
from app.forums.services import ForumError, clean_reason, refresh_last_post
from app.i18n import gettext as _
from app.permissions import can
from app.secretariat.labels import LANGUAGE_ORDER, log_details
from app.secretariat.moderation_log import log_moderation

THREAD_ACTIONS = ("lock", "unlock", "pin", "unpin", "move")
POST_ACTIONS = ("hide", "unhide", "suspend_author")


def _require_moderator(actor, obj=None) -> None:
    if not can(actor, "forums.moderate", obj):
        raise ForumError(_("Only the network secretariat may do this."), "reason")


def post_label(post: Post) -> str:
    return f"{post.thread.title} #{post.position}"


def _resolve_reports(actor, post: Post, resolution: str) -> int:
    reports = db.session.execute(
        select(PostReport).where(PostReport.post_id == post.id, PostReport.resolved_at.is_(None))
    ).scalars().all()
    for report in reports:
        report.resolved_at, report.resolved_by_id, report.resolution = utcnow(), actor.id, resolution
    return len(reports)


def hide_post(actor, post: Post, reason: str) -> None:
    """Hide a post from everyone but the secretariat and its author; its open reports are resolved."""
    _require_moderator(actor, post)
    reason = clean_reason(reason)
    if post.is_hidden:
        raise ForumError(_("This post is already hidden."), "action")
    post.hidden_at, post.hidden_by_id, post.hidden_reason = utcnow(), actor.id, reason
    if post.is_opening:
        post.thread.hidden_at = post.hidden_at
    resolved = _resolve_reports(actor, post, "hidden")
    db.session.flush()
    refresh_last_post(post.thread)
    details = log_details("reports_resolved", count=resolved) if resolved else ""
    log_moderation(actor, "post.hide", "post", post.id, target_label=post_label(post), reason=reason, details=details)


def unhide_post(actor, post: Post, reason: str) -> None:
    _require_moderator(actor, post)
    reason = clean_reason(reason)
    if not post.is_hidden:
        raise ForumError(_("This post is not hidden."), "action")
    post.hidden_at, post.hidden_by_id, post.hidden_reason = None, None, None
    if post.is_opening:
        post.thread.hidden_at = None
    db.session.flush()
    refresh_last_post(post.thread)
    log_moderation(actor, "post.unhide", "post", post.id, target_label=post_label(post), reason=reason)


def suspend_author(actor, post: Post, reason: str) -> None:
    """Suspend the author of a post (they are logged out everywhere and can no longer log in)."""
    _require_moderator(actor, post)
    reason = clean_reason(reason)
    author = post.author
    if author is None or not can(actor, "account.suspend", author):
        raise ForumError(_("You may not suspend the author of this post."), "action")
    if author.is_suspended:
        raise ForumError(_("This author is already suspended."), "action")
    suspend_user(author, reason)
    log_moderation(actor, "user.suspend", "user", author.id, target_label=f"{author.display_name} (@{author.username})",
                   reason=reason, details=log_details("post", id=post.id))


def moderate_post(actor, post: Post, action: str, reason: str) -> None:
    verbs = {"hide": hide_post, "unhide": unhide_post, "suspend_author": suspend_author}
    if action not in verbs:
        raise ForumError(_("Choose what to do."), "action")
    verbs[action](actor, post, reason)


def moderate_thread(actor, thread: Thread, action: str, reason: str, category_id=None) -> None:
    """Lock, unlock, pin, unpin or move a thread."""
    _require_moderator(actor, thread)
    if action not in THREAD_ACTIONS:
        raise ForumError(_("Choose what to do."), "action")
    reason = clean_reason(reason)
    if action == "move":
        _move_thread(actor, thread, category_id, reason)
        return
    flag = {"lock": ("locked", True), "unlock": ("locked", False), "pin": ("pinned", True), "unpin": ("pinned", False)}
    name, wanted = flag[action]
    current = thread.is_locked if name == "locked" else thread.pinned
    if current == wanted:
        raise ForumError(_("Nothing to change: the thread is already in that state."), "action")
    if name == "locked":
        thread.locked_at = utcnow() if wanted else None
    else:
        thread.pinned = wanted
    log_moderation(actor, f"thread.{action}", "thread", thread.id, target_label=thread.title, reason=reason)


def _names(category: Category) -> list[str]:
    """The category's name in each language, for the log to show it in its reader's."""
    return [category.name_in(lang) for lang in LANGUAGE_ORDER]


def _move_thread(actor, thread: Thread, category_id, reason: str) -> None:
    target = get_by_id(Category, category_id)
    if target is None:
        raise ForumError(_("Choose the category to move the thread to."), "category")
    if target.id == thread.category_id:
        raise ForumError(_("The thread is already in this category."), "category")
    if target.is_archived:
        raise ForumError(_("Threads cannot be moved into an archived category."), "category")
    source = thread.category
    thread.category, thread.category_id, thread.working_group_id = target, target.id, target.working_group_id
    db.session.flush()
    log_moderation(actor, "thread.move", "thread", thread.id, target_label=thread.title, reason=reason,
                   details=log_details("moved", source=_names(source), target=_names(target)))


def dismiss_report(actor, report: PostReport, reason: str) -> None:
    """Close a report without acting on the post."""
    _require_moderator(actor, report)
    reason = clean_reason(reason)
    if not report.is_open:
        raise ForumError(_("This report has already been dealt with."), "reason")
    report.resolved_at, report.resolved_by_id, report.resolution = utcnow(), actor.id, "dismissed"
    log_moderation(actor, "report.dismiss", "post", report.post_id, target_label=post_label(report.post),
                   reason=reason, details=log_details("report", id=report.id, reason=report.reason))
