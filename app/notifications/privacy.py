"""The user's own data: export everything they wrote (JSON) and delete their account.

Each part's rows are collected by its own function below, given that part's models module.
"""
import importlib
import logging
from datetime import date, datetime


from app.auth.models import User
from app.db import utcnow
from app.directory.services import DirectoryError, organisations_to_hand_over, release_organisations
from app.events import attendance, registration as registrations
from app.extensions import db
from app.grants.review import forget_reviewer
from app.i18n import lazy_gettext as _l
from app.notifications.models import Notification, NotificationPreference
from app.refusals import Refused

log = logging.getLogger(__name__)
EXPORT_FORMAT = "malopolska-otwarta-export/1"


class PrivacyError(Refused):
    """A refused request about personal data."""


def _models(domain: str):
    return importlib.import_module(f"app.{domain}.models")


def _iso(value):
    if isinstance(value, (datetime, date)):
        return value.isoformat()
    return value


def _rows(statement) -> list:
    return list(db.session.execute(statement).scalars())


def _record(obj, *fields) -> dict:
    return {field: _iso(getattr(obj, field, None)) for field in fields}


# --- export ----------------------------------------------------------------------------
def export_user_data(user) -> dict:
    """Everything the user wrote or registered for, as plain JSON-ready values."""
    data = {
        "format": EXPORT_FORMAT,
        "exported_at": utcnow().isoformat(),
        "account": _record(user, "id", "username", "display_name", "email", "language", "role",
                           "created_at", "confirmed_at", "terms_accepted_at", "last_login_at",
                           "suspended_at", "suspension_reason"),
        "notification_preferences": {
            p.kind: p.delivery for p in _rows(db.select(NotificationPreference).where(
                NotificationPreference.user_id == user.id))},
        "notifications": [
            _record(n, "kind", "title", "url", "created_at", "read_at", "emailed_at")
            for n in _rows(db.select(Notification).where(Notification.user_id == user.id).order_by(Notification.id))],
    }
    for part, collect in (("directory", _export_directory), ("forums", _export_forums),
                          ("events", _export_events), ("partnerships", _export_partnerships),
                          ("files", _export_files), ("library", _export_library), ("grants", _export_grants),
                          ("secretariat", _export_secretariat)):
        data[part] = collect(_models(part), user)
    return data


def _export_directory(m, user) -> dict:
    memberships = _rows(db.select(m.Membership).where(m.Membership.user_id == user.id).order_by(m.Membership.id))
    created = _rows(db.select(m.Organisation).where(m.Organisation.created_by_id == user.id).order_by(m.Organisation.id))
    return {
        "memberships": [{"organisation": ms.organisation.name, "organisation_slug": ms.organisation.slug,
                         "role": ms.role, "status": ms.status, "message": ms.message,
                         "since": _iso(ms.created_at)} for ms in memberships],
        "organisations_created": [_record(o, "slug", "name", "created_at") for o in created],
    }


def _export_forums(m, user) -> dict:
    posts = _rows(db.select(m.Post).where(m.Post.author_id == user.id).order_by(m.Post.id))
    threads = _rows(db.select(m.Thread).where(m.Thread.author_id == user.id).order_by(m.Thread.id))
    revisions = _rows(db.select(m.PostRevision).join(m.Post, m.Post.id == m.PostRevision.post_id)
                      .where(m.Post.author_id == user.id).order_by(m.PostRevision.id))
    reports = _rows(db.select(m.PostReport).where(m.PostReport.reporter_id == user.id).order_by(m.PostReport.id))
    return {
        "threads": [{**_record(t, "id", "title", "created_at"), "category": t.category.slug} for t in threads],
        "posts": [{**_record(p, "id", "thread_id", "position", "reply_to_id", "body", "created_at",
                             "edited_at", "deleted_at"), "thread_title": p.thread.title} for p in posts],
        "earlier_versions_of_my_posts": [_record(r, "post_id", "title", "body", "written_at", "replaced_at")
                                         for r in revisions],
        "reports_i_made": [_record(r, "post_id", "reason", "created_at", "resolution") for r in reports],
        "followed_threads": list(db.session.execute(db.select(m.ThreadSubscription.thread_id).where(
            m.ThreadSubscription.user_id == user.id).order_by(m.ThreadSubscription.thread_id)).scalars()),
        "followed_categories": list(db.session.execute(db.select(m.Category.slug).join(
            m.CategorySubscription, m.CategorySubscription.category_id == m.Category.id).where(
            m.CategorySubscription.user_id == user.id).order_by(m.Category.slug)).scalars()),
        "working_groups": [{"name": g.group.name, "role": g.role} for g in _rows(
            db.select(m.WorkingGroupMember).where(m.WorkingGroupMember.user_id == user.id))],
    }


def _export_events(m, user) -> dict:
    registrations = _rows(db.select(m.Registration).where(m.Registration.user_id == user.id).order_by(m.Registration.id))
    created = _rows(db.select(m.Event).where(m.Event.created_by_id == user.id).order_by(m.Event.id))
    answers = _answers_of([r.id for r in registrations], m)
    attended = {a.registration_id for a in _rows(db.select(m.Attendance).where(
        m.Attendance.registration_id.in_([r.id for r in registrations] or [0])))}
    written = _rows(db.select(m.EventMessage).where(m.EventMessage.sender_id == user.id).order_by(m.EventMessage.id))
    return {
        "registrations": [{**_record(r, "event_id", "occurrence_key", "status", "note", "organisation_name", "listed",
                                     "created_at", "promoted_at", "cancelled_at"), "event_title": r.event.title,
                           "answers": answers.get(r.id, []), "attended": r.id in attended}
                          for r in registrations],
        "events_created": [_record(e, "id", "title", "description", "starts_at", "ends_at", "status",
                                   "minutes", "created_at") for e in created],
        "messages_to_registrants": [_record(w, "event_id", "occurrence_key", "audience", "subject", "body",
                                            "recipient_count", "created_at") for w in written],
    }


def _answers_of(registration_ids: list[int], m) -> dict[int, list[dict]]:
    found: dict[int, list[dict]] = {}
    for answer in _rows(db.select(m.RegistrationAnswer).where(m.RegistrationAnswer.registration_id.in_(
            registration_ids or [0])).order_by(m.RegistrationAnswer.position, m.RegistrationAnswer.id)):
        found.setdefault(answer.registration_id, []).append(_record(answer, "question_text", "answer"))
    return found


def _export_partnerships(m, user) -> dict:
    posts = _rows(db.select(m.PartnershipPost).where(m.PartnershipPost.author_id == user.id).order_by(m.PartnershipPost.id))
    messages = _rows(db.select(m.ConversationMessage).where(m.ConversationMessage.author_id == user.id)
                     .order_by(m.ConversationMessage.id))
    return {
        "posts": [{**_record(p, "id", "kind", "title", "description", "offered", "status", "deadline",
                             "created_at"), "organisation": p.organisation.name} for p in posts],
        "messages": [_record(msg, "conversation_id", "body", "created_at") for msg in messages],
    }


def _export_files(m, user) -> dict:
    """The files the user uploaded (names, where, sizes; the files themselves at their addresses)."""
    from flask import url_for

    uploads = _rows(db.select(m.Attachment).where(m.Attachment.uploaded_by_id == user.id).order_by(m.Attachment.id))
    return {"uploads": [
        {**_record(a, "id", "filename", "content_type", "size", "parent_kind", "parent_id", "created_at", "replaced_at"),
         "address": url_for("files.download", attachment_id=a.id, filename=a.filename)} for a in uploads]}


def _export_library(m, user) -> dict:
    documents = _rows(db.select(m.LibraryDocument).where(m.LibraryDocument.published_by_id == user.id)
                      .order_by(m.LibraryDocument.id))
    return {"documents": [
        _record(d, "id", "title_pl", "title_en", "title_uk", "summary_pl", "summary_en", "summary_uk", "doc_type",
                "published_on", "external_url", "organisation_id", "created_at") for d in documents]}


def _export_grants(m, user) -> dict:
    """Small-grant applications the user started (their text) and the reviews they wrote (their scores)."""
    applications = _rows(db.select(m.GrantApplication).where(m.GrantApplication.created_by_id == user.id)
                         .order_by(m.GrantApplication.id))
    reviews = _rows(db.select(m.GrantReview).where(m.GrantReview.reviewer_id == user.id).order_by(m.GrantReview.id))
    criteria = {c.id: c.name for c in _rows(db.select(m.GrantCriterion).where(m.GrantCriterion.id.in_(
        [s.criterion_id for r in reviews for s in r.scores] or [0])))}
    return {
        "applications_started": [
            {**_record(a, "id", "title", "status", "summary", "problem", "created_at", "submitted_at"),
             "call": a.call.title_pl, "lead_organisation": a.lead_org.name} for a in applications],
        "reviews": [
            {**_record(r, "application_id", "assigned_at", "submitted_at"),
             "scores": [{"criterion": criteria.get(s.criterion_id), "points": s.points, "justification": s.comment}
                        for s in r.scores]} for r in reviews],
    }


def _export_secretariat(m, user) -> dict:
    data = {"moderation_actions": [
        _record(e, "action", "target_kind", "target_id", "target_label", "reason", "details", "created_at")
        for e in _rows(db.select(m.ModerationLogEntry).where(m.ModerationLogEntry.actor_id == user.id)
                       .order_by(m.ModerationLogEntry.id))]}
    if hasattr(m, "Announcement"):
        data["announcements"] = [
            _record(a, "id", "title_pl", "title_en", "title_uk", "body_pl", "body_en", "body_uk",
                    "ends_on", "created_at")
            for a in _rows(db.select(m.Announcement).where(m.Announcement.author_id == user.id)
                           .order_by(m.Announcement.id))]
    return data


# --- deletion --------------------------------------------------------------------------
def sole_admin_organisations(user) -> list:
    """Organisations user must hand over before deleting the account (they have other members)."""
    return organisations_to_hand_over(user)


def _release_organisations(user) -> None:
    """The directory's one rule for an organisation's last admin (app/directory/services.py)."""
    try:
        release_organisations(user)
    except DirectoryError as error:
        raise PrivacyError(error.message) from error


def delete_account(user, password: str) -> None:
    """Remove the account and its personal data; what the user wrote stays, as "deleted user".

    Posts, threads, events and partnership posts keep their text with no author (the
    database sets their author to NULL); memberships, registrations, subscriptions and
    notifications go with the account. Active registrations are cancelled first, so that the
    waiting list moves up; the meetings the person attended keep counting them, without a name;
    the small-grant reviews they submitted stay, without a name.
    """
    if not user.check_password(password):
        raise PrivacyError(_l("The password is not right."), field="password")
    if user.is_admin and _count_admins() <= 1:
        raise PrivacyError(_l("You are the only administrator. Make someone else an administrator first."))
    _release_organisations(user)
    _cancel_registrations(user)
    attendance.keep_without_names(user)
    forget_reviewer(user)
    _forget_invitations(user)
    db.session.delete(user)
    db.session.flush()


def _count_admins() -> int:
    return db.session.execute(db.select(db.func.count(User.id)).where(User.role == "admin")).scalar()


def _cancel_registrations(user) -> None:
    m = _models("events")
    active = _rows(db.select(m.Registration).where(
        m.Registration.user_id == user.id, m.Registration.status.in_(("confirmed", "waiting"))))
    for item in active:
        try:
            registrations.cancel_registration(user, item)
        except Exception as exc:  # e.g. the event has started: the row goes with the account
            log.info("registration %s left to the account deletion: %s", item.id, exc)


def _forget_invitations(user) -> None:
    m = _models("directory")
    db.session.execute(db.delete(m.Invitation).where(
        db.func.lower(m.Invitation.email) == user.email.lower(), m.Invitation.accepted_at.is_(None)))
