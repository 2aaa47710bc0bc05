"""The files of an application: the call's required documents and extra attachments.

The bytes, their limits, type checks and text go through app/files (storage and its services);
this module only says which required document a file is, and keeps a submitted application's
files as they were (app/files asks grants.edit_application, which holds only for a draft).
"""

from app.extensions import db
from app.files import services as file_services
from app.files.models import Attachment
from app.grants.errors import GrantError
from app.grants.models import GrantApplication, GrantRequiredDocument
from app.i18n import gettext as _


def _require_draft(application: GrantApplication) -> None:
    if not application.is_draft:
        raise GrantError(_("The application is submitted: it can no longer be changed."))


def required_document(application: GrantApplication, document_id: int) -> GrantRequiredDocument | None:
    """The call's required document document_id, or None when the call asks for no such document."""
    return next((d for d in application.call.documents if d.id == document_id), None)


def attach_document(actor, application: GrantApplication, document: GrantRequiredDocument, data: bytes,
                    filename: str | None) -> Attachment:
    """Put the file in place as the required document (replacing the one there, at the same address)."""
    _require_draft(application)
    current = application.file_for(document.id)
    if current is not None:
        return file_services.replace_attachment(actor, current, data, filename)
    attachment = file_services.add_attachment(actor, application, data, filename)
    attachment.grant_document_id = document.id
    db.session.flush()
    return attachment


def attach_extra_file(actor, application: GrantApplication, data: bytes, filename: str | None) -> Attachment:
    """An attachment the call does not ask for (a letter of support, a photo)."""
    _require_draft(application)
    return file_services.add_attachment(actor, application, data, filename)


def remove_file(actor, application: GrantApplication, attachment: Attachment) -> None:
    _require_draft(application)
    if attachment.grant_application_id != application.id:
        raise GrantError(_("This file is not one of the application's."))
    file_services.remove_attachment(actor, attachment)


def missing_documents(application: GrantApplication) -> list[GrantRequiredDocument]:
    """The call's required documents the application has no file for yet."""
    present = {a.grant_document_id for a in application.files}
    return [d for d in application.call.documents if d.id not in present]
