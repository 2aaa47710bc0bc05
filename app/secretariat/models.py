"""The moderation log: every action of the secretariat, with who, what, when and why."""
from datetime import date, datetime

from sqlalchemy import Date, ForeignKey, Index, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.db import TimestampMixin, UTCDateTime
from app.extensions import db


class ModerationLogEntry(TimestampMixin, db.Model):
    __tablename__ = "moderation_log"
    __table_args__ = (Index("ix_moderation_log_created_at", "created_at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    actor_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"), index=True)
    # "post.hide", "thread.lock", "thread.move", "org.verify", "user.suspend", ...
    action: Mapped[str] = mapped_column(String(48), index=True, nullable=False)
    target_kind: Mapped[str] = mapped_column(String(32), nullable=False)  # "post", "thread", "organisation", "user"…
    target_id: Mapped[int] = mapped_column(nullable=False)
    target_label: Mapped[str] = mapped_column(String(300), default="", nullable=False)  # readable, kept if target goes
    reason: Mapped[str] = mapped_column(Text, default="", nullable=False)
    details: Mapped[str] = mapped_column(String(500), default="", nullable=False)  # labels.log_details(...): data, worded when read

    actor = relationship("User")

    @property
    def details_text(self) -> str:
        """The details in the reader's language (they are stored as data, see labels.log_details)."""
        from app.secretariat.labels import details_text

        return details_text(self.details)


ANNOUNCEMENT_LANGUAGES = ("pl", "en", "uk")


class Announcement(TimestampMixin, db.Model):
    """A notice of the secretariat, shown on the home page until its end date (inclusive).

    Written in Markdown in Polish and, optionally, English and Ukrainian; each language is
    rendered and sanitised once, when written. It is also published as a thread in the
    forums' Announcements category when the forums exist (forum_thread_id).
    """

    __tablename__ = "announcements"

    id: Mapped[int] = mapped_column(primary_key=True)
    title_pl: Mapped[str] = mapped_column(String(200), nullable=False)
    title_en: Mapped[str] = mapped_column(String(200), default="", nullable=False)
    title_uk: Mapped[str] = mapped_column(String(200), default="", nullable=False)
    body_pl: Mapped[str] = mapped_column(Text, nullable=False)
    body_pl_html: Mapped[str] = mapped_column(Text, nullable=False)
    body_en: Mapped[str] = mapped_column(Text, default="", nullable=False)
    body_en_html: Mapped[str] = mapped_column(Text, default="", nullable=False)
    body_uk: Mapped[str] = mapped_column(Text, default="", nullable=False)
    body_uk_html: Mapped[str] = mapped_column(Text, default="", nullable=False)
    # Shown on the home page up to and including this day (Warsaw time).
    ends_on: Mapped[date] = mapped_column(Date, index=True, nullable=False)
    withdrawn_at: Mapped[datetime | None] = mapped_column(UTCDateTime, index=True)
    author_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"), index=True)
    # The forum thread it was published as; no foreign key so the secretariat does not depend on forums.
    forum_thread_id: Mapped[int | None] = mapped_column(Integer)

    author = relationship("User")

    def title_in(self, lang: str) -> str:
        return getattr(self, f"title_{self.language_of(lang)}")

    def body_html_in(self, lang: str) -> str:
        """The rendered body in lang, else in Polish (always written)."""
        return getattr(self, f"body_{self.language_of(lang)}_html")

    def language_of(self, lang: str) -> str:
        """The language the announcement is shown in for an interface in lang."""
        return lang if getattr(self, f"title_{lang}", "") and getattr(self, f"body_{lang}", "") else "pl"

    def is_current(self, today: date) -> bool:
        return self.withdrawn_at is None and self.ends_on >= today
