"""Verbs on files: attach, replace, remove, set a logo. They flush; the view commits."""
from flask import current_app

from app.db import utcnow
from app.extensions import db
from app.files import storage
from app.files.models import PARENT_COLUMNS, Attachment, StoredFile
from app.files.storage import FileRefused
from app.grants.models import GrantApplication
from app.i18n import lazy_gettext as _l
from app.permissions import attachment_parent_kind, can

__all__ = ["FileRefused", "add_attachment", "replace_attachment", "remove_attachment", "set_logo"]


def _require_manage(actor, parent) -> str:
    kind = attachment_parent_kind(parent)
    if kind is None or not can(actor, "attachments.manage", parent):
        raise PermissionError("not allowed to change the files of this item")
    return kind


def count_attachments(kind: str, parent_id: int) -> int:
    column = getattr(Attachment, PARENT_COLUMNS[kind])
    return db.session.execute(db.select(db.func.count(Attachment.id)).where(column == parent_id)).scalar_one()


def organisation_of(parent) -> int | None:
    """The organisation whose quota a parent's files count against (None: a forum post, the secretariat's)."""
    kind = attachment_parent_kind(parent)
    if kind == "organisation":
        return parent.id
    if kind == "grant_application":
        return parent.lead_org_id
    return getattr(parent, "organisation_id", None) if kind in ("partnership_post", "library_document") else None


def organisation_usage(organisation_id: int) -> int:
    """Bytes of the files on the organisation's logo, partnership posts, library documents and the
    grant applications it leads."""
    from app.library.models import LibraryDocument
    from app.partnerships.models import PartnershipPost

    return db.session.execute(
        db.select(db.func.coalesce(db.func.sum(StoredFile.size), 0)).select_from(Attachment)
        .join(StoredFile, StoredFile.id == Attachment.file_id)
        .outerjoin(PartnershipPost, PartnershipPost.id == Attachment.partnership_post_id)
        .outerjoin(LibraryDocument, LibraryDocument.id == Attachment.library_document_id)
        .outerjoin(GrantApplication, GrantApplication.id == Attachment.grant_application_id)
        .where(db.or_(Attachment.organisation_id == organisation_id, PartnershipPost.organisation_id == organisation_id,
                      LibraryDocument.organisation_id == organisation_id,
                      GrantApplication.lead_org_id == organisation_id))).scalar_one()


def _check_quota(parent, adding: int, replacing: int = 0) -> None:
    quota = current_app.config.get("ORGANISATION_QUOTA_BYTES")
    organisation_id = organisation_of(parent)
    if not quota or organisation_id is None:
        return
    used = organisation_usage(organisation_id) - replacing
    if used + adding > quota:
        raise FileRefused(_l("Your organisation's files already take %(used)s of the %(quota)s it may keep. "
                             "Remove some before adding more.", used=storage.human_size(used),
                             quota=storage.human_size(quota)))


def add_attachment(actor, parent, data: bytes, filename: str | None) -> Attachment:
    """Attach a new file to parent (a forum post, partnership post or library document)."""
    kind = _require_manage(actor, parent)
    limit = current_app.config["MAX_ATTACHMENTS_PER_ITEM"]
    if count_attachments(kind, parent.id) >= limit:
        raise FileRefused(_l("This item already has %(count)d files, the most it may have. Remove one first.",
                             count=limit))
    _check_quota(parent, len(data))
    stored = storage.store(data)
    attachment = Attachment(file=stored, filename=storage.clean_filename(filename, stored.content_type),
                            uploaded_by_id=actor.id, replaced_at=utcnow(), **{PARENT_COLUMNS[kind]: parent.id})
    db.session.add(attachment)
    db.session.flush()
    return attachment


def replace_attachment(actor, attachment: Attachment, data: bytes, filename: str | None) -> Attachment:
    """Put a new version in place of attachment's file; its address (its id) stays the same."""
    _require_manage(actor, attachment.parent)
    old = attachment.file
    _check_quota(attachment.parent, len(data), replacing=old.size)
    stored = storage.store(data, images_only=attachment.parent_kind == "organisation")
    attachment.file = stored
    attachment.filename = storage.clean_filename(filename, stored.content_type)
    attachment.uploaded_by_id = actor.id
    attachment.replaced_at = utcnow()
    db.session.flush()
    storage.discard(old)
    db.session.flush()
    return attachment


def remove_attachment(actor, attachment: Attachment) -> None:
    _require_manage(actor, attachment.parent)
    if attachment.parent_kind == "library_document" and not attachment.parent.external_url:
        raise FileRefused(_l("A library document needs its file or a link to it: give the link before removing the file."))
    old = attachment.file
    db.session.delete(attachment)
    db.session.flush()
    storage.discard(old)
    db.session.flush()


def get_logo(org) -> Attachment | None:
    return db.session.execute(db.select(Attachment).where(Attachment.organisation_id == org.id)
                              .order_by(Attachment.id).limit(1)).scalar_one_or_none()


def set_logo(actor, org, data: bytes, filename: str | None) -> Attachment:
    """The organisation's logo (a PNG or JPEG); a new one replaces the old at the same address."""
    _require_manage(actor, org)
    logo = get_logo(org)
    if logo is not None:
        return replace_attachment(actor, logo, data, filename)
    _check_quota(org, len(data))
    stored = storage.store(data, images_only=True)
    logo = Attachment(file=stored, filename=storage.clean_filename(filename, stored.content_type),
                      uploaded_by_id=actor.id, replaced_at=utcnow(), organisation_id=org.id)
    db.session.add(logo)
    db.session.flush()
    return logo
