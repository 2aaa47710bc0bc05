"""THE access policy. Every decision about who may see or do what is made in this package.

Views call require(user, action, obj) or an access_<thing>(user, id) loader; templates call
can(action, obj) (the current user is filled in); lists and counts filter with
visible_where(kind, user, Model); search documents carry grants_of(kind, obj) and are
filtered by viewer_grants(user). Nothing else compares roles.

- principal.py: what the policy knows of a viewer, loaded once per user object (per request);
- grants.py: who may see what, declared once per visible kind, read as Python and as SQL;
- registry.py: rule(), can(), require(), and the roles every part uses;
- one module per part registering its rules and declaring its kinds' grants.
"""
from app.permissions.grants import grants_of, may_see, relevant_grants, viewer_grants, visible_where
from app.permissions.principal import AnonymousUser, Principal, forget_principal, principal_of
from app.permissions.registry import can, found_or_404, is_active_writer, is_staff, require, rule
from app.permissions.accounts import access_user  # noqa: E402  (each part registers on import)
from app.permissions.directory import access_org
from app.permissions.events import access_event, access_event_message, access_registration
from app.permissions.files import access_attachment, access_attachment_parent, attachment_parent_kind
from app.permissions.forums import access_category, access_group, access_post, access_thread
from app.permissions.library import access_library_document
from app.permissions.notifications import access_notification
from app.permissions.partnerships import access_conversation, access_partnership_post
from app.permissions.secretariat import access_announcement, access_managed_user, access_post_report
from app.permissions.small_grants import (
    access_grant_application, access_grant_call, access_grant_partner, access_grant_review,
)

__all__ = [
    "AnonymousUser", "Principal", "access_announcement", "access_category", "access_conversation", "access_event",
    "access_event_message", "access_attachment", "access_attachment_parent", "access_library_document",
    "attachment_parent_kind", "access_grant_application", "access_grant_call", "access_grant_partner",
    "access_grant_review",
    "access_group", "access_managed_user", "access_notification", "access_org", "access_partnership_post",
    "access_post", "access_post_report", "access_registration", "access_thread", "access_user", "can",
    "forget_principal", "found_or_404", "grants_of", "is_active_writer", "is_staff", "may_see", "principal_of",
    "relevant_grants", "require", "rule", "viewer_grants", "visible_where",
]
