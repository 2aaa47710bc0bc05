"""THE access policy. Every decision about who may see or do what is made here.

Views call require(user, action, obj) or an access_<thing>(user, id) loader; templates call
can(action, obj) (the current user is filled in). Nothing else compares roles. The anonymous
user has the same interface as a user (see AnonymousUser), so rules never branch on
is_authenticated.

A rule is a function (user, obj) -> bool registered under an action name
"<domain>.<verb>". Each domain keeps its rules in its own section below.
"""
from collections.abc import Callable

from flask import abort
from flask_login import AnonymousUserMixin

from app.inputs import MAX_ID  # ids beyond any stored one are simply not found

_RULES: dict[str, Callable] = {}


class AnonymousUser(AnonymousUserMixin):
    """The visitor who is not logged in: a user with no rights beyond reading."""

    id = None
    role = "anonymous"
    display_name = ""
    username = ""
    language = None
    is_confirmed = False
    is_suspended = False
    is_moderator = False
    is_admin = False

    def member_org_ids(self) -> frozenset:
        return frozenset()

    def admin_org_ids(self) -> frozenset:
        return frozenset()


def rule(action: str):
    """Register the decorated function as the rule for action."""

    def register(func):
        if action in _RULES:
            raise RuntimeError(f"rule {action!r} defined twice")
        _RULES[action] = func
        return func

    return register


def can(user, action: str, obj=None) -> bool:
    """May user perform action (on obj)? Unknown actions are refused."""
    check = _RULES.get(action)
    if check is None:
        raise KeyError(f"no permission rule for {action!r}")
    return bool(check(user, obj))


def require(user, action: str, obj=None, status: int = 403) -> None:
    """Abort with status (403 by default) unless can(user, action, obj)."""
    if not can(user, action, obj):
        abort(status)


def found_or_404(obj):
    """Return obj, or abort 404 when it is missing."""
    if obj is None:
        abort(404)
    return obj


# --- roles -------------------------------------------------------------------------------
def is_active_writer(user) -> bool:
    """Logged in, e-mail confirmed, not suspended: may write anything members may write."""
    return bool(user.is_authenticated and user.is_confirmed and not user.is_suspended)


def is_staff(user) -> bool:
    """Moderators and admins (the network secretariat)."""
    return bool(user.is_authenticated and not user.is_suspended and (user.is_moderator or user.is_admin))


# --- accounts ----------------------------------------------------------------------------
@rule("account.view")
def _account_view(user, obj):
    return user.is_authenticated


@rule("account.write")
def _account_write(user, obj):
    return is_active_writer(user)


@rule("account.make_admin")
def _account_make_admin(user, target):
    return bool(user.is_authenticated and user.is_admin and not user.is_suspended)


@rule("account.make_moderator")
def _account_make_moderator(user, target):
    return is_staff(user)


@rule("account.suspend")
def _account_suspend(user, target):
    # Staff may suspend members; only admins may suspend staff; nobody suspends themselves.
    if not is_staff(user) or target is None or target.id == user.id:
        return False
    return user.is_admin or not (target.is_moderator or target.is_admin)


def access_user(viewer, username: str):
    """The public profile of username; 404 when there is no such account."""
    from app.auth.models import User
    from app.extensions import db

    user = db.session.execute(db.select(User).where(User.username == username)).scalar_one_or_none()
    return found_or_404(user)




# --- directory ---------------------------------------------------------------------------
def _is_org_member(user, org) -> bool:
    return org is not None and org.id in user.member_org_ids()


def _is_org_admin(user, org) -> bool:
    return org is not None and org.id in user.admin_org_ids()


@rule("directory.view")
def _directory_view(user, org):
    # Unverified organisations: their own members and the secretariat only.
    return org.is_verified or is_staff(user) or _is_org_member(user, org)


@rule("directory.view_unverified")
def _directory_view_unverified(user, obj):
    """See every organisation awaiting verification (lists, exports, search)."""
    return is_staff(user)


@rule("directory.view_members")
def _directory_view_members(user, org):
    return is_staff(user) or _is_org_member(user, org)


@rule("directory.create")
def _directory_create(user, obj):
    return is_active_writer(user)


@rule("directory.edit")
def _directory_edit(user, org):
    return is_active_writer(user) and (_is_org_admin(user, org) or is_staff(user))


@rule("directory.manage_members")
def _directory_manage_members(user, org):
    return is_active_writer(user) and (_is_org_admin(user, org) or is_staff(user))


@rule("directory.request_join")
def _directory_request_join(user, org):
    return is_active_writer(user) and org.is_verified and not _is_org_member(user, org)


@rule("directory.leave")
def _directory_leave(user, org):
    return bool(user.is_authenticated) and _is_org_member(user, org)


@rule("directory.accept_invitation")
def _directory_accept_invitation(user, invitation):
    return bool(user.is_authenticated and not user.is_suspended)


@rule("directory.act_for")
def _directory_act_for(user, org):
    """Publish on behalf of org (events, partnership posts): its active members, once verified."""
    return is_active_writer(user) and org.is_verified and _is_org_member(user, org)


@rule("directory.verify")
def _directory_verify(user, org):
    # Verify or refuse; an organisation already verified has nothing left to decide.
    return is_staff(user) and (org is None or not org.is_verified)


def access_org(viewer, slug: str):
    """The organisation at slug, or 404 when there is none or viewer may not see it."""
    from app.directory.models import Organisation
    from app.extensions import db

    org = db.session.execute(db.select(Organisation).where(Organisation.slug == slug)).scalar_one_or_none()
    if org is None or not can(viewer, "directory.view", org):
        abort(404)
    return org


# --- forums ------------------------------------------------------------------------------
def _forum_group_roles(user) -> dict:
    from app.forums.queries import group_roles

    return group_roles(user)


def can_see_working_group(user, group_id) -> bool:
    """Public (no group), or the user is the secretariat or a member of the group."""
    return group_id is None or is_staff(user) or group_id in _forum_group_roles(user)


@rule("forums.view_category")
def _forums_view_category(user, category):
    return category is not None and can_see_working_group(user, category.working_group_id)


@rule("forums.view_thread")
def _forums_view_thread(user, thread):
    if thread is None or not can_see_working_group(user, thread.working_group_id):
        return False
    # A thread whose opening post was hidden is seen by the secretariat and its author only.
    return not thread.is_hidden or is_staff(user) or (user.id is not None and thread.author_id == user.id)


@rule("forums.create_thread")
def _forums_create_thread(user, category):
    return (is_active_writer(user) and can(user, "forums.view_category", category)
            and not category.is_archived and (not category.moderators_only or is_staff(user)))


@rule("forums.reply")
def _forums_reply(user, thread):
    return (is_active_writer(user) and can(user, "forums.view_thread", thread)
            and not thread.category.is_archived and not thread.is_hidden
            # Announcements and other secretariat-only categories: only the secretariat writes there.
            and ((not thread.is_locked and not thread.category.moderators_only) or is_staff(user)))


def _is_own_live_post(user, post) -> bool:
    return (is_active_writer(user) and post is not None and post.author_id == user.id
            and not post.is_deleted and can(user, "forums.view_thread", post.thread))


@rule("forums.edit_post")
def _forums_edit_post(user, post):
    return (_is_own_live_post(user, post) and not post.is_hidden and not post.thread.category.is_archived
            and (not post.thread.is_locked or is_staff(user)))


@rule("forums.delete_post")
def _forums_delete_post(user, post):
    return _is_own_live_post(user, post)


@rule("forums.report_post")
def _forums_report_post(user, post):
    return (is_active_writer(user) and post is not None and post.author_id != user.id
            and not post.is_deleted and not post.is_hidden and can(user, "forums.view_thread", post.thread))


@rule("forums.view_post_text")
def _forums_view_post_text(user, post):
    # Hidden posts: the secretariat and the author still read them; deleted ones nobody.
    if post.is_deleted or not can(user, "forums.view_thread", post.thread):
        return False
    return not post.is_hidden or is_staff(user) or (user.id is not None and post.author_id == user.id)


@rule("forums.moderate")
def _forums_moderate(user, obj):
    return is_staff(user)


@rule("forums.view_revisions")
def _forums_view_revisions(user, post):
    return is_staff(user)


@rule("forums.follow")
def _forums_follow(user, obj):
    from app.forums.models import Category

    action = "forums.view_category" if isinstance(obj, Category) else "forums.view_thread"
    return bool(user.is_authenticated and not user.is_suspended and can(user, action, obj))


@rule("forums.manage_categories")
def _forums_manage_categories(user, obj):
    return is_staff(user)


@rule("forums.create_group")
def _forums_create_group(user, obj):
    return is_staff(user)


@rule("forums.view_group")
def _forums_view_group(user, group):
    return group is not None and can_see_working_group(user, group.id)


@rule("forums.manage_group")
def _forums_manage_group(user, group):
    """Members of a working group are chosen by its coordinators and the secretariat."""
    if group is None:
        return False
    return is_staff(user) or (is_active_writer(user) and _forum_group_roles(user).get(group.id) == "coordinator")


def _forum_id(value) -> int:
    if not isinstance(value, int) or not 0 < value <= MAX_ID:
        abort(404)
    return value


def access_category(viewer, slug: str):
    """The category at slug, or 404 when missing or private to a group the viewer is not in."""
    from app.extensions import db
    from app.forums.models import Category

    category = db.session.execute(db.select(Category).where(Category.slug == slug)).scalar_one_or_none()
    if not can(viewer, "forums.view_category", category):
        abort(404)
    return category


def access_thread(viewer, thread_id: int):
    """The thread (with its category and organisation), or 404 when missing or not visible."""
    from sqlalchemy.orm import joinedload

    from app.extensions import db
    from app.forums.models import Thread

    thread = db.session.execute(
        db.select(Thread).options(joinedload(Thread.category), joinedload(Thread.organisation),
                                  joinedload(Thread.author))  # shown on every page of the thread
        .where(Thread.id == _forum_id(thread_id))
    ).unique().scalar_one_or_none()
    if not can(viewer, "forums.view_thread", thread):
        abort(404)
    return thread


def access_post(viewer, post_id: int):
    """The post (with its thread and category), or 404 when its thread is not visible."""
    from sqlalchemy.orm import joinedload

    from app.extensions import db
    from app.forums.models import Post, Thread

    post = db.session.execute(
        db.select(Post).options(joinedload(Post.thread).joinedload(Thread.category), joinedload(Post.author))
        .where(Post.id == _forum_id(post_id))
    ).unique().scalar_one_or_none()
    if post is None or not can(viewer, "forums.view_thread", post.thread):
        abort(404)
    return post


def access_group(viewer, group_id: int):
    """The working group, or 404 unless the viewer is a member or the secretariat."""
    from app.extensions import db
    from app.forums.models import WorkingGroup

    group = db.session.get(WorkingGroup, _forum_id(group_id))
    if not can(viewer, "forums.view_group", group):
        abort(404)
    return group


# --- events ------------------------------------------------------------------------------
def _in_organiser_org(user, event) -> bool:
    return event is not None and event.organisation_id in user.member_org_ids()


@rule("events.view")
def _events_view(user, event):
    # Drafts are seen by the organiser organisation only; published and cancelled by everyone.
    if event is None or event.status != "draft":
        return True
    return not user.is_suspended and _in_organiser_org(user, event)


def _belongs_to_a_verified_org(user) -> bool:
    from app.directory.models import Organisation
    from app.extensions import db

    member_of = user.member_org_ids()
    return bool(member_of) and db.session.execute(
        db.select(Organisation.id).where(Organisation.id.in_(member_of), Organisation.verified_at.is_not(None)).limit(1)
    ).first() is not None


@rule("events.create")
def _events_create(user, organisation):
    # The directory's rule: members publish for their organisation once it is verified (an
    # unverified one is hidden, and its events would be public). Without one: may the user
    # create an event for any organisation?
    if organisation is None:
        return is_active_writer(user) and _belongs_to_a_verified_org(user)
    return can(user, "directory.act_for", organisation)


@rule("events.edit")
def _events_edit(user, event):
    return is_active_writer(user) and _in_organiser_org(user, event)


@rule("events.cancel")
def _events_cancel(user, event):
    # The secretariat may cancel a published event too (e.g. one posted by mistake).
    return is_active_writer(user) and (_in_organiser_org(user, event) or (is_staff(user) and event.status != "draft"))


@rule("events.register")
def _events_register(user, event):
    return is_active_writer(user) and event is not None and event.status == "published" and event.registration_enabled


@rule("events.view_registrations")
def _events_view_registrations(user, event):
    # Organisers and co-organisers see who registered (personal data: nobody else).
    return is_active_writer(user) and event is not None and bool(event.organiser_ids & user.member_org_ids())


def access_event(viewer, event_id: int):
    """The event, or 404 when it is missing or the viewer may not see it (a draft)."""
    from app.events.models import Event
    from app.extensions import db

    # An id beyond any stored one is simply missing (PostgreSQL would refuse to compare it).
    event = db.session.get(Event, event_id) if 0 < event_id <= MAX_ID else None
    if event is None or not can(viewer, "events.view", event):
        abort(404)
    return event


def access_registration(viewer, registration_id: int):
    """The viewer's own registration, or 404."""
    from app.events.models import Registration
    from app.extensions import db

    registration = db.session.get(Registration, registration_id) if 0 < registration_id <= MAX_ID else None
    if registration is None or viewer.id is None or registration.user_id != viewer.id:
        abort(404)
    return registration


# --- partnerships ------------------------------------------------------------------------
def can_see_partnership_post(user, post) -> bool:
    """A post is public when its organisation is verified (the directory's rule for
    organisations); otherwise only that organisation's members and the secretariat see it."""
    return bool(
        post.organisation.verified_at is not None
        or post.organisation_id in user.member_org_ids()
        or is_staff(user)
    )


@rule("partnerships.view")
def _partnerships_view(user, post):
    return post is not None and can_see_partnership_post(user, post)


@rule("partnerships.view_unpublished")
def _partnerships_view_unpublished(user, obj):
    # Posts (and match candidates) of organisations awaiting verification, of any organisation.
    return is_staff(user)


@rule("partnerships.create")
def _partnerships_create(user, organisation):
    # Without an organisation: may this user post at all (on behalf of one of theirs)?
    if not is_active_writer(user):
        return False
    return organisation is None or organisation.id in user.member_org_ids()


@rule("partnerships.edit")
def _partnerships_edit(user, post):
    # The organisation's admins, and the author while still a member; also covers status changes.
    if post is None or not is_active_writer(user):
        return False
    if post.organisation_id in user.admin_org_ids():
        return True
    return post.author_id == user.id and post.organisation_id in user.member_org_ids()


@rule("partnerships.express_interest")
def _partnerships_express_interest(user, post):
    # A member of ANOTHER organisation, on a post that still looks for partners.
    return bool(
        post is not None and is_active_writer(user) and can_see_partnership_post(user, post)
        and post.is_active() and user.member_org_ids() - {post.organisation_id}
    )


@rule("partnerships.view_interests")
def _partnerships_view_interests(user, post):
    # The interests a post received: its own organisation's members only.
    return post is not None and post.organisation_id in user.member_org_ids()


@rule("partnerships.view_conversation")
def _partnerships_view_conversation(user, conversation):
    if conversation is None or not user.is_authenticated:
        return False
    if user.member_org_ids() & conversation.organisation_ids:
        return True
    return conversation.is_reported and is_staff(user)


@rule("partnerships.write_message")
def _partnerships_write_message(user, conversation):
    return bool(conversation is not None and is_active_writer(user)
                and user.member_org_ids() & conversation.organisation_ids)


@rule("partnerships.report_conversation")
def _partnerships_report_conversation(user, conversation):
    open_report = conversation is not None and conversation.is_reported and conversation.report_resolved_at is None
    return _partnerships_write_message(user, conversation) and not open_report


@rule("partnerships.moderate")
def _partnerships_moderate(user, obj):
    # Reported conversations: read them and resolve the report.
    return is_staff(user)


@rule("partnerships.view_org_matches")
def _partnerships_view_org_matches(user, organisation):
    return organisation is not None and organisation.id in user.admin_org_ids()


def _partnership_row(model, row_id: int):
    """The row with row_id, or 404 (an id beyond any stored one would overflow SQL's integer)."""
    from app.extensions import db

    if not 0 < row_id <= MAX_ID:
        abort(404)
    return found_or_404(db.session.get(model, row_id))


def access_partnership_post(user, post_id: int):
    """The partnership post, or 404 when it is missing or not visible to user."""
    from app.partnerships.models import PartnershipPost

    post = _partnership_row(PartnershipPost, post_id)
    return post if can(user, "partnerships.view", post) else found_or_404(None)


def access_conversation(user, conversation_id: int):
    """The partnership conversation, or 404 when it is missing or not visible to user."""
    from app.partnerships.models import PartnershipConversation

    conversation = _partnership_row(PartnershipConversation, conversation_id)
    return conversation if can(user, "partnerships.view_conversation", conversation) else found_or_404(None)


# --- notifications ---------------------------------------------------------------------
@rule("notifications.view")
def _notifications_view(user, obj):
    """One's own notifications, settings, data export and account deletion."""
    return bool(user.is_authenticated)


def access_notification(viewer, notification_id: int):
    """viewer's own notification, or 404 (someone else's is as good as missing)."""
    from app.extensions import db
    from app.notifications.models import Notification

    from app.notifications.subjects import is_visible

    notification = db.session.get(Notification, notification_id)
    if notification is None or not viewer.is_authenticated or notification.user_id != viewer.id:
        abort(404)
    if not is_visible(viewer, notification):  # about something viewer may no longer see
        abort(404)
    return notification


# --- search ------------------------------------------------------------------------------

# --- secretariat -------------------------------------------------------------------------
@rule("secretariat.view")
def _secretariat_view(user, obj):
    return is_staff(user)


@rule("secretariat.manage_announcements")
def _secretariat_manage_announcements(user, obj):
    return is_staff(user)


@rule("secretariat.suspend")
def _secretariat_suspend(user, target):
    return target is not None and not target.is_suspended and can(user, "account.suspend", target)


@rule("secretariat.unsuspend")
def _secretariat_unsuspend(user, target):
    # The same people who may suspend someone may lift it.
    if not is_staff(user) or target is None or target.id == user.id or not target.is_suspended:
        return False
    return user.is_admin or not (target.is_moderator or target.is_admin)


def _may_get_a_role(target) -> bool:
    return target is not None and target.is_confirmed and not target.is_suspended


@rule("secretariat.make_moderator")
def _secretariat_make_moderator(user, target):
    if not _may_get_a_role(target) or target.id == user.id or target.role == "moderator":
        return False
    if target.is_admin:  # an admin stepping down to moderator: taking a role away, admins only
        return can(user, "account.make_admin", target)
    return can(user, "account.make_moderator", target)


@rule("secretariat.make_admin")
def _secretariat_make_admin(user, target):
    # Only admins make admins.
    return (_may_get_a_role(target) and not target.is_admin and target.id != user.id
            and can(user, "account.make_admin", target))


@rule("secretariat.make_member")
def _secretariat_make_member(user, target):
    """Take the moderator or admin role away: admins only, never from themselves."""
    return (target is not None and target.is_moderator and target.id != user.id
            and can(user, "account.make_admin", target))


def access_managed_user(viewer, user_id: int):
    """A user account as the secretariat manages it; 404 when missing, 403 for non-staff."""
    from app.auth.models import User
    from app.extensions import db

    require(viewer, "secretariat.view")
    return found_or_404(db.session.get(User, user_id))


@rule("secretariat.resolve_report")
def _secretariat_resolve_report(user, report):
    # Whether the report is still open is the service's question (it answers in words).
    return is_staff(user) and (report is None or can(user, "forums.view_thread", report.post.thread))


def access_post_report(viewer, report_id: int):
    """A report of a forum post, to resolve; 404 when missing, 403 for non-staff."""
    from app.extensions import db
    from app.forums.models import PostReport

    require(viewer, "secretariat.view")
    report = db.session.get(PostReport, _forum_id(report_id))
    if report is None or not can(viewer, "secretariat.resolve_report", report):
        abort(404)
    return report


def access_announcement(viewer, announcement_id: int):
    """An announcement to manage; 404 when missing, 403 for non-staff."""
    from app.extensions import db
    from app.secretariat.models import Announcement

    require(viewer, "secretariat.manage_announcements")
    return found_or_404(db.session.get(Announcement, announcement_id))


# --- files and the knowledge library (issue 20) -----------------------------------------
# Files follow their parent: they are seen by exactly those who see it (the first rule) and
# added, replaced and removed by those who may edit it (the second).
ATTACHMENT_PARENT_RULES = {
    "forum_post": ("forums.view_post_text", "forums.edit_post"),
    "partnership_post": ("partnerships.view", "partnerships.edit"),
    "organisation": ("directory.view", "directory.edit"),
    "library_document": ("library.view", "library.edit"),
}
_PARENT_KIND_OF_TABLE = {"forum_posts": "forum_post", "partnership_posts": "partnership_post",
                         "organisations": "organisation", "library_documents": "library_document"}


def attachment_parent_kind(obj) -> str | None:
    """"forum_post", "partnership_post", "organisation" or "library_document" for a parent of files."""
    return _PARENT_KIND_OF_TABLE.get(getattr(obj, "__tablename__", None))


@rule("attachments.view")
def _attachments_view(user, attachment):
    return attachment is not None and can(user, ATTACHMENT_PARENT_RULES[attachment.parent_kind][0], attachment.parent)


@rule("attachments.manage")
def _attachments_manage(user, parent):
    kind = attachment_parent_kind(parent)
    return kind is not None and can(user, ATTACHMENT_PARENT_RULES[kind][0], parent) and can(
        user, ATTACHMENT_PARENT_RULES[kind][1], parent)


def access_attachment(viewer, attachment_id: int):
    """The attachment (with its file's details), or 404 when missing or its parent is not visible."""
    from app.extensions import db
    from app.files.models import Attachment

    attachment = db.session.get(Attachment, attachment_id) if 0 < attachment_id <= MAX_ID else None
    if attachment is None or not can(viewer, "attachments.view", attachment):
        abort(404)
    return attachment


def access_attachment_parent(viewer, kind: str, parent_id: int):
    """The parent of files of kind with parent_id, or 404 when missing or not visible to viewer."""
    from app.extensions import db
    from app.files.models import Attachment

    if kind not in ATTACHMENT_PARENT_RULES or not 0 < parent_id <= MAX_ID:
        abort(404)
    model = Attachment.__mapper__.relationships[kind].mapper.class_
    parent = db.session.get(model, parent_id)
    if parent is None or not can(viewer, ATTACHMENT_PARENT_RULES[kind][0], parent):
        abort(404)
    return parent


def _is_library_publisher(user, document) -> bool:
    return document.organisation_id is not None and document.organisation_id in user.member_org_ids()


def is_library_document_public(document) -> bool:
    """Listed for everyone: not retired, and published by the secretariat or a verified organisation."""
    return document.retired_at is None and (document.organisation_id is None
                                            or document.organisation.verified_at is not None)


@rule("library.view")
def _library_view(user, document):
    # Retired documents and those of an organisation awaiting verification: its members and the secretariat.
    return document is not None and (is_library_document_public(document) or is_staff(user)
                                     or _is_library_publisher(user, document))


@rule("library.view_unlisted")
def _library_view_unlisted(user, obj):
    """See every retired document and those of unverified organisations (lists, search)."""
    return is_staff(user)


@rule("library.publish")
def _library_publish(user, organisation):
    # The secretariat publishes in its own name or an organisation's; verified organisations'
    # members in their organisation's. Without an organisation: may the user publish at all?
    if is_staff(user) and is_active_writer(user):
        return True
    if organisation is None:
        return is_active_writer(user) and _belongs_to_a_verified_org(user)
    return can(user, "directory.act_for", organisation)


@rule("library.edit")
def _library_edit(user, document):
    return document is not None and is_active_writer(user) and (is_staff(user) or _is_library_publisher(user, document))


@rule("library.feature")
def _library_feature(user, document):
    """Feature, retire and bring back documents: the secretariat."""
    return is_staff(user)


def access_library_document(viewer, document_id: int):
    """The library document, or 404 when it is missing or viewer may not see it."""
    from app.extensions import db
    from app.library.models import LibraryDocument

    document = db.session.get(LibraryDocument, document_id) if 0 < document_id <= MAX_ID else None
    if document is None or not can(viewer, "library.view", document):
        abort(404)
    return document
