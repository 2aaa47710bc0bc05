"""Stored files (the bytes, in the shared database) and the attachments that name them.

A StoredFile is the content: its bytes live in the database so that every application
machine serves every file with no shared disk (architecture rule 16). An Attachment is a
file as its parent shows it (a forum post, a partnership post, an organisation's logo, a
library document): its name, who uploaded it, when. Replacing the file of an attachment
points it at a new StoredFile and keeps the attachment's id, and so its address.
"""
from datetime import datetime

from sqlalchemy import CheckConstraint, ForeignKey, Integer, LargeBinary, String, Text
from sqlalchemy.orm import Mapped, deferred, mapped_column, relationship

from app.db import TimestampMixin, UTCDateTime
from app.extensions import db

# Parent kind → the attachment's foreign key column naming it (exactly one is set).
PARENT_COLUMNS = {
    "forum_post": "forum_post_id",
    "partnership_post": "partnership_post_id",
    "organisation": "organisation_id",
    "library_document": "library_document_id",
    "grant_application": "grant_application_id",
}


class StoredFile(TimestampMixin, db.Model):
    """The bytes of one uploaded file, their sniffed type and the text read from them."""

    __tablename__ = "stored_files"

    id: Mapped[int] = mapped_column(primary_key=True)
    content_type: Mapped[str] = mapped_column(String(100), nullable=False)  # decided from the bytes
    size: Mapped[int] = mapped_column(Integer, nullable=False)
    sha256: Mapped[str] = mapped_column(String(64), nullable=False)
    # Loaded only when the file is served: lists never read the bytes.
    data: Mapped[bytes] = deferred(mapped_column(LargeBinary, nullable=False))
    # Text read from the document for search (None: not a text format); a note when it could not be read.
    text: Mapped[str | None] = deferred(mapped_column(Text))
    text_note: Mapped[str | None] = mapped_column(String(200))


class Attachment(TimestampMixin, db.Model):
    """A file shown on a parent: a forum post, a partnership post, an organisation, a library document,
    a grant application."""

    __tablename__ = "attachments"
    __table_args__ = (
        CheckConstraint(" + ".join(f"CAST({column} IS NOT NULL AS INTEGER)" for column in PARENT_COLUMNS.values())
                        + " = 1", name="one_parent"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    file_id: Mapped[int] = mapped_column(ForeignKey("stored_files.id", ondelete="RESTRICT"), index=True)
    filename: Mapped[str] = mapped_column(String(200), nullable=False)  # cleaned (storage.clean_filename)
    uploaded_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"), index=True)
    forum_post_id: Mapped[int | None] = mapped_column(ForeignKey("forum_posts.id", ondelete="CASCADE"), index=True)
    partnership_post_id: Mapped[int | None] = mapped_column(
        ForeignKey("partnership_posts.id", ondelete="CASCADE"), index=True)
    organisation_id: Mapped[int | None] = mapped_column(ForeignKey("organisations.id", ondelete="CASCADE"), index=True)
    library_document_id: Mapped[int | None] = mapped_column(
        ForeignKey("library_documents.id", ondelete="CASCADE"), index=True)
    grant_application_id: Mapped[int | None] = mapped_column(
        ForeignKey("grant_applications.id", ondelete="CASCADE"), index=True)
    # On an application: the call's required document this file is (None: an extra attachment).
    grant_document_id: Mapped[int | None] = mapped_column(
        ForeignKey("grant_required_documents.id", ondelete="SET NULL"), index=True)
    # When the file was last put in place (upload or replacement): the list's "date".
    replaced_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    file: Mapped[StoredFile] = relationship(lazy="joined", innerjoin=True)
    uploaded_by: Mapped["User | None"] = relationship(lazy="joined")  # noqa: F821
    # The parents, loaded when a download checks access (one of them is set).
    forum_post: Mapped["Post | None"] = relationship()  # noqa: F821
    partnership_post: Mapped["PartnershipPost | None"] = relationship()  # noqa: F821
    organisation: Mapped["Organisation | None"] = relationship()  # noqa: F821
    library_document: Mapped["LibraryDocument | None"] = relationship(back_populates="attachments")  # noqa: F821
    grant_application: Mapped["GrantApplication | None"] = relationship(back_populates="files")  # noqa: F821

    @property
    def parent(self):
        return getattr(self, self.parent_kind)

    @property
    def parent_kind(self) -> str:
        for kind, column in PARENT_COLUMNS.items():
            if getattr(self, column) is not None:
                return kind
        raise ValueError("attachment without a parent")

    @property
    def parent_id(self) -> int:
        return getattr(self, PARENT_COLUMNS[self.parent_kind])

    @property
    def size(self) -> int:
        return self.file.size

    @property
    def content_type(self) -> str:
        return self.file.content_type

    @property
    def is_image(self) -> bool:
        return self.file.content_type.startswith("image/")

    @property
    def date(self) -> datetime:
        return self.replaced_at or self.created_at
