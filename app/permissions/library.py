"""The knowledge library: documents seen like their publisher; published by verified organisations' members."""
from types import SimpleNamespace

from flask import abort

from app.extensions import db
from app.inputs import MAX_ID
from app.library.models import LibraryDocument
from app.permissions.events import belongs_to_a_verified_org
from app.permissions.grants import Grant, all_of, any_of, is_none, is_set, may_see, visibility
from app.permissions.principal import principal_of
from app.permissions.registry import can, is_active_writer, is_staff, rule

_NO_ORGANISATION = SimpleNamespace(verified_at=None)  # the secretariat's own documents


@visibility("library", entities_of=lambda document: (document, document.organisation or _NO_ORGANISATION))
def library_document_grants(document, organisation):
    # Public: not retired, and published by the secretariat or a verified organisation. Retired
    # documents and those of an organisation awaiting verification: its members and the secretariat.
    published = any_of(is_none(document.organisation_id), is_set(organisation.verified_at))
    return [Grant("public", when=all_of(is_none(document.retired_at), published)),
            Grant("org", document.organisation_id), Grant("staff")]


def _is_publisher(user, document) -> bool:
    return document.organisation_id is not None and document.organisation_id in principal_of(user).member_org_ids


@rule("library.view")
def _library_view(user, document):
    return may_see(user, "library", document)


@rule("library.view_unlisted")
def _library_view_unlisted(user, obj):
    """See every retired document (to bring it back)."""
    return is_staff(user)


@rule("library.publish")
def _library_publish(user, organisation):
    # The secretariat publishes in its own name or an organisation's; verified organisations'
    # members in their organisation's. Without an organisation: may the user publish at all?
    if is_staff(user) and is_active_writer(user):
        return True
    if organisation is None:
        return is_active_writer(user) and belongs_to_a_verified_org(user)
    return can(user, "directory.act_for", organisation)


@rule("library.edit")
def _library_edit(user, document):
    return document is not None and is_active_writer(user) and (is_staff(user) or _is_publisher(user, document))


@rule("library.feature")
def _library_feature(user, document):
    """Feature, retire and bring back documents: the secretariat."""
    return is_staff(user)


def access_library_document(viewer, document_id: int):
    """The library document, or 404 when it is missing or viewer may not see it."""
    document = db.session.get(LibraryDocument, document_id) if 0 < document_id <= MAX_ID else None
    if document is None or not can(viewer, "library.view", document):
        abort(404)
    return document
