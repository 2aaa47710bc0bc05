"""Resolving a reported forum post: hide the post, dismiss the report, or warn its author.

Hiding and dismissing are the forums' own moderation verbs; warning is the secretariat's: the
author is notified (in their language, by e-mail if they chose so) and the post's open reports
are closed as "warned". Every outcome is written to the moderation log with the reason.
"""
from flask_babel import force_locale

from app.db import utcnow
from app.extensions import db
from app.i18n import gettext as _, lazy_gettext as _l
from app.notifications.services import notify
from app.permissions import can
from app.secretariat.labels import log_details
from app.secretariat.moderation_log import log_moderation
from app.secretariat.services import SecretariatError, clean_reason

RESOLUTIONS = ("hide", "dismiss", "warn")


def resolve_post_report(actor, report, action: str, reason: str) -> None:
    """Deal with an open report: "hide" the post, "dismiss" the report or "warn" the author."""
    from app.forums import moderation
    from app.forums.services import ForumError

    if not can(actor, "secretariat.resolve_report", report):
        raise SecretariatError(_l("Only the network secretariat may do this."))
    if not report.is_open:
        raise SecretariatError(_l("This report has already been dealt with."))
    if action not in RESOLUTIONS:
        raise SecretariatError(_l("Choose what to do."), "action")
    reason = clean_reason(reason)
    try:
        if action == "hide":
            moderation.hide_post(actor, report.post, reason)
        elif action == "dismiss":
            moderation.dismiss_report(actor, report, reason)
        else:
            warn_author(actor, report.post, reason)
    except ForumError as error:
        raise SecretariatError(error.message, "action") from error


def warn_author(actor, post, reason: str) -> None:
    """Tell the post's author that it breaks the rules; the post stays and its reports close."""
    from app.forums.models import PostReport
    from app.forums.moderation import post_label

    author = post.author
    if author is None:
        raise SecretariatError(_l("The author of this post has deleted their account; hide the post or "
                                  "dismiss the report instead."), "action")
    if author.id == actor.id:
        raise SecretariatError(_l("You cannot warn yourself."), "action")
    open_reports = db.session.execute(db.select(PostReport).where(
        PostReport.post_id == post.id, PostReport.resolved_at.is_(None))).scalars().all()
    now = utcnow()
    for report in open_reports:
        report.resolved_at, report.resolved_by_id, report.resolution = now, actor.id, "warned"
    with force_locale(author.language or "pl"):
        title = _("The secretariat warns you about your post in “%(thread)s”: %(reason)s",
                  thread=post.thread.title, reason=reason)
    notify(author, "moderation_warning", title=title, url=f"/forums/p/{post.id}", actor=actor)
    log_moderation(actor, "user.warn", "post", post.id, target_label=post_label(post), reason=reason,
                   details=log_details("warned", person=f"{author.display_name} (@{author.username})",
                                       count=len(open_reports)))
    db.session.flush()
