"""May the recipient still see what a notification is about? Asked whenever it is shown or sent.

A notification is made only for those who may see its subject, but access can be lost later
(removed from a working group, left an organisation). So every kind declares here, once, how
its subject is loaded from `subject_key` ("<type>:<id>[:…]") and which action of the policy
(app.permissions.can) guards it; the list, the unread count, the immediate e-mail and the
digest all ask `hidden_ids` / `is_visible`. A hidden notification stays stored (access may come
back) but is neither shown, counted nor mailed. Kinds with no subject (None below) are about the
recipient themself (their organisation's verification, a warning about their own post).
"""
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from sqlalchemy import select

from app.directory.models import Organisation
from app.events.models import Event
from app.extensions import db
from app.forums.models import Post, Thread
from app.grants.models import GrantApplication, GrantCall
from app.inputs import to_id
from app.library.models import LibraryDocument
from app.notifications.models import KINDS, Notification
from app.partnerships.models import PartnershipConversation, PartnershipPost
from app.permissions import can

# Loads {id: the object the action is checked on} for the ids of subject keys.
Loader = Callable[[list[int]], dict[int, object]]


def _threads_of_posts(ids: list[int]) -> dict:
    rows = db.session.execute(select(Post.id, Thread).join(Thread, Thread.id == Post.thread_id)
                              .where(Post.id.in_(ids)))
    return {post_id: thread for post_id, thread in rows}


def _rows_of(model) -> Loader:
    """A loader of the rows of one model by id."""

    def load(ids: list[int]) -> dict:
        return {row.id: row for row in db.session.execute(select(model).where(model.id.in_(ids))).scalars()}

    return load


@dataclass(frozen=True)
class Guard:
    load: Loader
    action: str  # may the recipient do this to the loaded subject?


_THREAD = _rows_of(Thread)
_EVENT = _rows_of(Event)
_CONVERSATION = _rows_of(PartnershipConversation)
_APPLICATION = _rows_of(GrantApplication)

GUARDS: dict[str, Guard | None] = {
    "reply": Guard(_threads_of_posts, "forums.view_thread"),                  # post:<id>
    "mention": Guard(_threads_of_posts, "forums.view_thread"),                # post:<id>
    "followed_post": Guard(_THREAD, "forums.view_thread"),                    # thread:<id>
    "event_registration": Guard(_EVENT, "events.view_registrations"),         # event-registrations:<id>:…
    "waitlist_promotion": Guard(_EVENT, "events.view"),                       # event:<id>:…
    "partnership_interest": Guard(_CONVERSATION, "partnerships.view_conversation"),
    "conversation_message": Guard(_CONVERSATION, "partnerships.view_conversation"),
    "partnership_match": Guard(_rows_of(PartnershipPost), "partnerships.view"),
    "org_verified": None,
    "moderation_warning": None,
    "org_without_admin": Guard(_rows_of(Organisation), "directory.manage_members"),
    # To registrants (app/events/messages.py): event:<event id>:<registration id>:…
    "event_registered": Guard(_EVENT, "events.view"),
    "registration_removed": Guard(_EVENT, "events.view"),
    "event_cancelled": Guard(_EVENT, "events.view"),
    "event_moved": Guard(_EVENT, "events.view"),
    "event_reminder": Guard(_EVENT, "events.view"),
    "event_message": Guard(_EVENT, "events.view"),                            # event:<id>:message:<message id>
    "library_document": Guard(_rows_of(LibraryDocument), "library.view"),  # library:<id>
    # Small grants (app/grants/messages.py): grant-call:<id>:… and grant-application:<id>:…
    "grant_call": Guard(_rows_of(GrantCall), "grants.view_call"),
    "grant_invitation": Guard(_APPLICATION, "grants.view_application"),
    "grant_review_assigned": Guard(_APPLICATION, "grants.view_application"),
    "grant_decision": Guard(_APPLICATION, "grants.view_application"),
    "grant_submitted": Guard(_APPLICATION, "grants.view_application"),
    "grant_report_reviewed": Guard(_APPLICATION, "grants.view_application"),
}
if set(KINDS) - set(GUARDS):  # a new kind must say here who may still see it
    raise RuntimeError(f"notification kinds without a guard: {sorted(set(KINDS) - set(GUARDS))}")


def _subject_id(subject_key: str | None) -> int | None:
    parts = (subject_key or "").split(":")
    return to_id(parts[1]) if len(parts) > 1 else None  # the one way to read an id ("²".isdigit() is true)


def _visible_flags(user, notifications: Iterable) -> dict[int, bool]:
    """{notification id: may user see it}, loading each guard's subjects in one query."""
    flags, wanted = {}, {}
    for notification in notifications:
        guard, subject_id = GUARDS.get(notification.kind), _subject_id(notification.subject_key)
        if guard is None or subject_id is None:  # nothing to check again (none was recorded)
            flags[notification.id] = True
        else:
            wanted.setdefault(guard, []).append((notification.id, subject_id))
    for guard, pairs in wanted.items():
        subjects = guard.load(sorted({subject_id for _, subject_id in pairs}))
        allowed = {subject_id: can(user, guard.action, subject) for subject_id, subject in subjects.items()}
        for notification_id, subject_id in pairs:
            flags[notification_id] = allowed.get(subject_id, False)  # a subject gone is not seen
    return flags


def is_visible(user, notification: Notification) -> bool:
    """May user (its recipient) still see notification's subject?"""
    return _visible_flags(user, [notification])[notification.id]


def visible(user, notifications: list) -> list:
    """The notifications (or rows with id, kind and subject_key) user may still see, in order."""
    flags = _visible_flags(user, notifications)
    return [n for n in notifications if flags[n.id]]


def hidden_ids(user, unread_only: bool = False) -> list[int]:
    """Ids of user's notifications whose subject they may no longer see (for SQL filters)."""
    statement = select(Notification.id, Notification.kind, Notification.subject_key).where(
        Notification.user_id == user.id, Notification.subject_key.is_not(None),
        Notification.kind.in_([kind for kind, guard in GUARDS.items() if guard is not None]))
    if unread_only:
        statement = statement.where(Notification.read_at.is_(None))
    flags = _visible_flags(user, db.session.execute(statement).all())
    return sorted(notification_id for notification_id, seen in flags.items() if not seen)
