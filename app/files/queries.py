"""Reads of attachments, for parents the viewer may already see (views load the parent with access_*)."""
from flask import g

from app.extensions import db
from app.files.models import PARENT_COLUMNS, Attachment


def list_attachments(kind: str, parent_id: int) -> list[Attachment]:
    """The files of one parent, oldest first, with their details and uploaders (one query)."""
    return attachments_by_parent(kind, [parent_id]).get(parent_id, [])


def attachments_by_parent(kind: str, parent_ids) -> dict[int, list[Attachment]]:
    """{parent id: [attachments]} for many parents in one query (a thread page's posts)."""
    ids = sorted(set(parent_ids))
    if not ids:
        return {}
    column = getattr(Attachment, PARENT_COLUMNS[kind])
    found: dict[int, list[Attachment]] = {}
    for attachment in db.session.execute(db.select(Attachment).where(column.in_(ids)).order_by(Attachment.id)).scalars():
        found.setdefault(getattr(attachment, PARENT_COLUMNS[kind]), []).append(attachment)
    return found


def attachments_on_page(kind: str, parent_id: int, page_ids) -> list[Attachment]:
    """The files of parent_id, loaded once per request for all of page_ids (templates of lists)."""
    cache = g.setdefault("_attachments_on_page", {})
    key = (kind, tuple(sorted(set(page_ids))))
    if key not in cache:
        cache[key] = attachments_by_parent(kind, key[1])
    return cache[key].get(parent_id, [])
