"""Verbs of the knowledge library: publish, edit, feature, retire. They flush; the view commits."""
from flask import current_app
from flask_babel import force_locale

from app.db import utcnow
from app.extensions import db
from app.files import services as file_services
from app.files.storage import FileRefused
from app.i18n import gettext
from app.i18n import lazy_gettext as _l
from app.library.models import DOCUMENT_TYPES, LANGUAGES, LibraryDocument, LibraryThemeFollow
from app.permissions import can, may_see
from app.refusals import Refused
from app.tags import valid_slugs

TAG_FIELDS = {"themes": "thematic_areas", "target_groups": "target_groups", "counties": "counties",
              "languages": "languages"}
TEXT_FIELDS = tuple(f"{part}_{lang}" for part in ("title", "summary") for lang in LANGUAGES) + ("external_url",)


class LibraryError(Refused):
    """A request the library's rules refuse."""


def _apply(document: LibraryDocument, values: dict) -> None:
    if values["doc_type"] not in DOCUMENT_TYPES:
        raise LibraryError(_l("Choose a type from the list."), "doc_type")
    if not any(values.get(f"title_{lang}") for lang in LANGUAGES):
        raise LibraryError(_l("Give the title in at least one language."), "title_pl")
    for name in TEXT_FIELDS:
        setattr(document, name, values.get(name) or None)
    document.doc_type = values["doc_type"]
    document.published_on = values["published_on"]
    for name, vocabulary in TAG_FIELDS.items():
        document.set_tags(vocabulary, values.get(name) or [])


def _attach(actor, document, file_bytes, filename) -> None:
    """Put the document's one file in place (replacing the one it had, at the same address)."""
    try:
        if document.file is None:
            file_services.add_attachment(actor, document, file_bytes, filename)
        else:
            file_services.replace_attachment(actor, document.file, file_bytes, filename)
    except FileRefused as refused:
        raise LibraryError(refused.message, "file") from None
    db.session.expire(document, ["attachments"])


def create_document(actor, organisation, values: dict, file_bytes: bytes | None = None,
                    filename: str | None = None) -> LibraryDocument:
    """Publish a document on behalf of organisation (None: the secretariat in its own name)."""
    if not can(actor, "library.publish", organisation) or (organisation is None and not can(actor, "library.feature")):
        raise LibraryError(_l("You may not publish in the library on behalf of this organisation."), "publisher")
    if not file_bytes and not values.get("external_url"):
        raise LibraryError(_l("Attach the file or give a link to it."), "file")
    document = LibraryDocument(organisation=organisation, published_by_id=actor.id)
    _apply(document, values)
    db.session.add(document)
    db.session.flush()
    if file_bytes:
        _attach(actor, document, file_bytes, filename)
    _notify_followers(actor, document)
    return document


def update_document(actor, document: LibraryDocument, values: dict, file_bytes: bytes | None = None,
                    filename: str | None = None) -> LibraryDocument:
    if not can(actor, "library.edit", document):
        raise LibraryError(_l("You may not edit this document."))
    _apply(document, values)
    if not file_bytes and not values.get("external_url") and document.file is None:
        raise LibraryError(_l("Attach the file or give a link to it."), "file")
    db.session.flush()
    if file_bytes:
        _attach(actor, document, file_bytes, filename)
    return document


def set_featured(actor, document: LibraryDocument, featured: bool) -> None:
    """Featured documents come first in the library (the secretariat's choice)."""
    if not can(actor, "library.feature", document):
        raise LibraryError(_l("Only the secretariat features documents."))
    document.featured_at = (document.featured_at or utcnow()) if featured else None
    db.session.flush()


def set_retired(actor, document: LibraryDocument, retired: bool) -> None:
    """A retired document leaves the lists, the feed and search; its publisher and the secretariat still see it."""
    if not can(actor, "library.feature", document):
        raise LibraryError(_l("Only the secretariat retires documents."))
    document.retired_at = (document.retired_at or utcnow()) if retired else None
    if retired:
        document.featured_at = None
    db.session.flush()


# --- following themes ---------------------------------------------------------------------------
def set_followed_themes(user, themes) -> list[str]:
    """The themes user follows become themes (unknown slugs dropped); returns them."""
    wanted = valid_slugs("thematic_areas", themes)
    db.session.execute(db.delete(LibraryThemeFollow).where(LibraryThemeFollow.user_id == user.id))
    db.session.add_all(LibraryThemeFollow(user_id=user.id, theme=theme) for theme in wanted)
    db.session.flush()
    return wanted


def _notify_followers(actor, document: LibraryDocument) -> None:
    """Readers following one of the document's themes hear of it (once it is public)."""
    from app.auth.models import User
    from app.notifications.services import notify

    if not document.themes or not may_see(None, "library", document):  # only what everyone may see
        return
    followers = db.session.execute(
        db.select(User).join(LibraryThemeFollow, LibraryThemeFollow.user_id == User.id)
        .where(LibraryThemeFollow.theme.in_(document.themes)).distinct()).scalars()
    # A path built without a request (the demo seeds documents from the command line).
    path = current_app.url_map.bind("localhost").build("library.show_document", {"document_id": document.id})
    for user in followers:
        with force_locale(user.language or current_app.config["BABEL_DEFAULT_LOCALE"]):
            title = gettext("New in the library: “%(title)s”", title=document.title_in(user.language or "pl"))
        notify(user, "library_document", title=title, url=path, actor=actor, subject_key=f"library:{document.id}")
