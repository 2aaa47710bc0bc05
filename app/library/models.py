"""The knowledge library: documents published by verified organisations and the secretariat."""
from datetime import date, datetime

from flask_babel import lazy_pgettext
from sqlalchemy import Date, ForeignKey, Index, String, Text, event
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.db import TimestampMixin, UTCDateTime
from app.extensions import db
from app.tags import TaggedMixin, TagRowMixin

LANGUAGES = ("pl", "en", "uk")  # of the title and summary
TAG_VOCABULARIES = ("thematic_areas", "target_groups", "counties", "languages")
# Kinds of document (slug → label); slugs appear in URLs (?type=report).
DOCUMENT_TYPES = {
    "report": lazy_pgettext("document type", "Report"),
    "guide": lazy_pgettext("document type", "Guide"),
    "template": lazy_pgettext("document type", "Template or model document"),
    "legal": lazy_pgettext("document type", "Legal information"),
    "research": lazy_pgettext("document type", "Research"),
    "presentation": lazy_pgettext("document type", "Presentation"),
    "minutes": lazy_pgettext("document type", "Minutes"),
    "other": lazy_pgettext("document type", "Other"),
}
TITLE_MAX, SUMMARY_MAX, URL_MAX = 300, 5_000, 500


class LibraryDocumentTag(TagRowMixin, db.Model):
    __tablename__ = "library_document_tags"
    __table_args__ = (Index("ix_library_document_tags_vocabulary_slug", "vocabulary", "slug", "document_id"),)

    document_id: Mapped[int] = mapped_column(ForeignKey("library_documents.id", ondelete="CASCADE"), primary_key=True)


class LibraryThemeFollow(db.Model):
    """A reader follows a theme: new documents on it arrive in their notifications and digest."""

    __tablename__ = "library_theme_follows"

    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), primary_key=True)
    theme: Mapped[str] = mapped_column(String(64), primary_key=True, index=True)  # a thematic_areas slug


class LibraryDocument(TaggedMixin, TimestampMixin, db.Model):
    __tablename__ = "library_documents"
    # updated_at: the documents' data version (app/kept.py) takes its max on every library list and
    # home page; without an index SQLite reads every document's wide row (migration library_3).
    __table_args__ = (Index("ix_library_documents_updated_at", "updated_at"),)
    TAG_MODEL = LibraryDocumentTag

    id: Mapped[int] = mapped_column(primary_key=True)
    title_pl: Mapped[str | None] = mapped_column(String(TITLE_MAX))
    title_en: Mapped[str | None] = mapped_column(String(TITLE_MAX))
    title_uk: Mapped[str | None] = mapped_column(String(TITLE_MAX))
    summary_pl: Mapped[str | None] = mapped_column(Text)  # plain text, shown escaped
    summary_en: Mapped[str | None] = mapped_column(Text)
    summary_uk: Mapped[str | None] = mapped_column(Text)
    doc_type: Mapped[str] = mapped_column(String(32), index=True, nullable=False)  # DOCUMENT_TYPES
    # None: published by the secretariat in its own name.
    organisation_id: Mapped[int | None] = mapped_column(ForeignKey("organisations.id", ondelete="CASCADE"), index=True)
    published_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"), index=True)
    published_on: Mapped[date] = mapped_column(Date, index=True, nullable=False)  # the document's own date
    external_url: Mapped[str | None] = mapped_column(String(URL_MAX))  # instead of (or beside) a file
    featured_at: Mapped[datetime | None] = mapped_column(UTCDateTime, index=True)
    retired_at: Mapped[datetime | None] = mapped_column(UTCDateTime, index=True)
    # Folded (ASCII, lower-case) titles and summaries: the list's q filter; titles alone rank it.
    search_text: Mapped[str] = mapped_column(Text, default="", nullable=False)
    title_key: Mapped[str] = mapped_column(Text, default="", nullable=False)

    tags: Mapped[list[LibraryDocumentTag]] = relationship(cascade="all, delete-orphan", lazy="selectin")
    organisation: Mapped["Organisation | None"] = relationship(lazy="joined")  # noqa: F821
    published_by: Mapped["User | None"] = relationship()  # noqa: F821
    attachments: Mapped[list["Attachment"]] = relationship(  # noqa: F821
        back_populates="library_document", order_by="Attachment.id", passive_deletes=True)

    @property
    def file(self):
        """The document's file (an Attachment), if it has one."""
        return self.attachments[0] if self.attachments else None

    @property
    def is_featured(self) -> bool:
        return self.featured_at is not None

    @property
    def is_retired(self) -> bool:
        return self.retired_at is not None

    @property
    def type_label(self):
        return DOCUMENT_TYPES.get(self.doc_type, self.doc_type)

    def text_in(self, field: str, lang: str) -> tuple[str | None, str | None]:
        """(language, text) of field ("title" or "summary") in lang, else the first one written."""
        for candidate in (lang, *LANGUAGES):
            value = getattr(self, f"{field}_{candidate}", None)
            if value:
                return candidate, value
        return None, None

    def title_in(self, lang: str) -> str:
        return self.text_in("title", lang)[1] or ""

    @property
    def titles(self) -> list[str]:
        return [t for t in (self.title_pl, self.title_en, self.title_uk) if t]

    @property
    def summaries(self) -> list[str]:
        return [s for s in (self.summary_pl, self.summary_en, self.summary_uk) if s]

    def __repr__(self) -> str:
        return f"<LibraryDocument {self.id} {self.doc_type}>"


@event.listens_for(LibraryDocument, "before_insert")
@event.listens_for(LibraryDocument, "before_update")
def _derive_search_text(mapper, connection, document: LibraryDocument) -> None:
    """The list's q filter matches titles and summaries however they were typed (whoever wrote the row)."""
    from app.directory.naming import search_key

    document.search_text = search_key(*document.titles, *document.summaries)
    document.title_key = search_key(*document.titles)
