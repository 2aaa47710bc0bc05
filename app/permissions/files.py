"""Files: seen by exactly those who see their parent; added, replaced and removed by its editors."""
from flask import abort

from app.extensions import db
from app.files.models import Attachment
from app.inputs import MAX_ID
from app.permissions.registry import can, rule

# The parent's (view rule, edit rule), per kind of parent.
ATTACHMENT_PARENT_RULES = {
    "forum_post": ("forums.view_post_text", "forums.edit_post"),
    "partnership_post": ("partnerships.view", "partnerships.edit"),
    "organisation": ("directory.view", "directory.edit"),
    "library_document": ("library.view", "library.edit"),
    # Only the application's readers download; its lead's members change files while it is a draft.
    "grant_application": ("grants.view_application", "grants.edit_application"),
}
_PARENT_KIND_OF_TABLE = {"forum_posts": "forum_post", "partnership_posts": "partnership_post",
                         "organisations": "organisation", "library_documents": "library_document",
                         "grant_applications": "grant_application"}


def attachment_parent_kind(obj) -> str | None:
    """The kind of parent of files obj is ("forum_post", "grant_application"…), None when it is none."""
    return _PARENT_KIND_OF_TABLE.get(getattr(obj, "__tablename__", None))


@rule("attachments.view")
def _attachments_view(user, attachment):
    return attachment is not None and can(user, ATTACHMENT_PARENT_RULES[attachment.parent_kind][0], attachment.parent)


@rule("attachments.manage")
def _attachments_manage(user, parent):
    kind = attachment_parent_kind(parent)
    # The edit rule first: it refuses most viewers cheaply (not their post), before the view rule's grants.
    return kind is not None and can(user, ATTACHMENT_PARENT_RULES[kind][1], parent) and can(
        user, ATTACHMENT_PARENT_RULES[kind][0], parent)


def access_attachment(viewer, attachment_id: int):
    """The attachment (with its file's details), or 404 when missing or its parent is not visible."""
    attachment = db.session.get(Attachment, attachment_id) if 0 < attachment_id <= MAX_ID else None
    if attachment is None or not can(viewer, "attachments.view", attachment):
        abort(404)
    return attachment


def access_attachment_parent(viewer, kind: str, parent_id: int):
    """The parent of files of kind with parent_id, or 404 when missing or not visible to viewer."""
    if kind not in ATTACHMENT_PARENT_RULES or not 0 < parent_id <= MAX_ID:
        abort(404)
    model = Attachment.__mapper__.relationships[kind].mapper.class_
    parent = db.session.get(model, parent_id)
    if parent is None or not can(viewer, ATTACHMENT_PARENT_RULES[kind][0], parent):
        abort(404)
    return parent
