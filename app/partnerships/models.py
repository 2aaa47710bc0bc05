"""The partnership board: posts (offers and requests), named partners, interest conversations.

A post's stored status moves open → in_talks → formed / closed. "Expired" is never stored: a
post whose call deadline has passed while it is still open or in talks is shown as expired and
left out of the active lists (see effective_status and queries.expired_condition), so no
scheduled job is needed.
"""
from datetime import date, datetime
from zoneinfo import ZoneInfo

from sqlalchemy import Date, ForeignKey, Index, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.db import TimestampMixin, UTCDateTime, utcnow
from app.extensions import db
from app.tags import TaggedMixin, TagRowMixin

KINDS = ("offer", "request")
STATUSES = ("open", "in_talks", "formed", "closed")
ACTIVE_STATUSES = ("open", "in_talks")  # the statuses a passed deadline turns into "expired"
# Tag vocabularies of a post. Places are counties plus two area scopes of the taxonomy
# ("region" = the whole region, "outside-region" = inter-regional / international).
POST_TAG_VOCABULARIES = ("thematic_areas", "target_groups", "counties", "area_scopes", "sectors", "languages")
PLACE_SCOPES = ("region", "outside-region")
LOCAL_TIMEZONE = ZoneInfo("Europe/Warsaw")


def local_today() -> date:
    """Today's date in Małopolska: a call deadline is a day there, not a UTC instant."""
    return datetime.now(LOCAL_TIMEZONE).date()


class PartnershipPostTag(TagRowMixin, db.Model):
    __tablename__ = "partnership_post_tags"
    __table_args__ = (Index("ix_partnership_post_tags_vocabulary_slug", "vocabulary", "slug"),)

    post_id: Mapped[int] = mapped_column(ForeignKey("partnership_posts.id", ondelete="CASCADE"), primary_key=True)


class PartnershipPost(TaggedMixin, TimestampMixin, db.Model):
    __tablename__ = "partnership_posts"
    # The board's open posts (status, deadline) with what it joins and sorts by: its order reads
    # the index alone, not whole rows (migration partnerships_1). updated_at: the posts' data
    # version (app/kept.py) takes its max on every board and home page (partnerships_2).
    __table_args__ = (Index("ix_partnership_posts_board", "status", "deadline", "organisation_id", "created_at", "id"),
                      Index("ix_partnership_posts_updated_at", "updated_at"))
    TAG_MODEL = PartnershipPostTag

    id: Mapped[int] = mapped_column(primary_key=True)
    organisation_id: Mapped[int] = mapped_column(
        ForeignKey("organisations.id", ondelete="CASCADE"), index=True, nullable=False
    )
    author_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"), index=True)
    kind: Mapped[str] = mapped_column(String(16), index=True, nullable=False)  # KINDS
    title: Mapped[str] = mapped_column(String(200), nullable=False)
    description: Mapped[str] = mapped_column(Text, nullable=False)
    description_html: Mapped[str] = mapped_column(Text, nullable=False)
    offered: Mapped[str] = mapped_column(Text, default="", nullable=False)  # what the organisation brings
    funding_source: Mapped[str | None] = mapped_column(String(64), index=True)
    deadline: Mapped[date | None] = mapped_column(Date, index=True)  # the call's deadline
    duration_months: Mapped[int | None] = mapped_column()
    status: Mapped[str] = mapped_column(String(16), default="open", nullable=False)  # STATUSES
    status_changed_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, nullable=False)
    formed_at: Mapped[datetime | None] = mapped_column(UTCDateTime, index=True)

    organisation = relationship("Organisation", lazy="joined", innerjoin=True)
    author = relationship("User")
    tags: Mapped[list[PartnershipPostTag]] = relationship(cascade="all, delete-orphan", lazy="selectin")
    partners: Mapped[list["PartnershipPartner"]] = relationship(
        cascade="all, delete-orphan", order_by="PartnershipPartner.organisation_id"
    )

    @property
    def scopes(self) -> list[str]:
        return self.tag_slugs("area_scopes")

    @property
    def places(self) -> list[str]:
        """Area scopes first, then counties: what the form's "where" field holds."""
        return self.scopes + self.counties

    @property
    def sectors_sought(self) -> list[str]:
        return self.tag_slugs("sectors")

    def is_expired(self, today: date | None = None) -> bool:
        today = today or local_today()
        return self.status in ACTIVE_STATUSES and self.deadline is not None and self.deadline < today

    def effective_status(self, today: date | None = None) -> str:
        """The status shown: the stored one, or "expired" once the deadline has passed."""
        return "expired" if self.is_expired(today) else self.status

    def is_active(self, today: date | None = None) -> bool:
        """Open or in talks, and not expired: the post still looks for partners."""
        return self.status in ACTIVE_STATUSES and not self.is_expired(today)

    @property
    def is_public(self) -> bool:
        """Shown to everyone (search, anonymous visitors): its organisation is verified."""
        return self.organisation.verified_at is not None

    def __repr__(self) -> str:
        return f"<PartnershipPost {self.id} {self.kind} {self.status}>"


class PartnershipPartner(db.Model):
    """An organisation named by the poster as a partner (in talks with, or formed with)."""

    __tablename__ = "partnership_partners"

    post_id: Mapped[int] = mapped_column(ForeignKey("partnership_posts.id", ondelete="CASCADE"), primary_key=True)
    organisation_id: Mapped[int] = mapped_column(
        ForeignKey("organisations.id", ondelete="CASCADE"), primary_key=True, index=True
    )

    organisation = relationship("Organisation", lazy="joined", innerjoin=True)


class PartnershipConversation(TimestampMixin, db.Model):
    """The private exchange that an expression of interest opens between two organisations.

    Visible to the members of the posting organisation and of the interested one; to the
    secretariat only once one of them has reported it.
    """

    __tablename__ = "partnership_conversations"
    __table_args__ = (UniqueConstraint("post_id", "organisation_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    post_id: Mapped[int] = mapped_column(ForeignKey("partnership_posts.id", ondelete="CASCADE"), index=True)
    # The interested organisation (the other side is the post's organisation).
    organisation_id: Mapped[int] = mapped_column(ForeignKey("organisations.id", ondelete="CASCADE"), index=True)
    started_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    last_message_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, index=True, nullable=False)
    reported_at: Mapped[datetime | None] = mapped_column(UTCDateTime, index=True)
    reported_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    report_reason: Mapped[str | None] = mapped_column(String(1000))
    report_resolved_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    report_resolved_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))

    post: Mapped[PartnershipPost] = relationship(lazy="joined", innerjoin=True)
    organisation = relationship("Organisation", lazy="joined", innerjoin=True)
    started_by = relationship("User", foreign_keys=[started_by_id])
    reported_by = relationship("User", foreign_keys=[reported_by_id])
    messages: Mapped[list["ConversationMessage"]] = relationship(
        back_populates="conversation", cascade="all, delete-orphan", order_by="ConversationMessage.id"
    )

    @property
    def organisation_ids(self) -> frozenset:
        """The two sides: the posting organisation and the interested one."""
        return frozenset((self.post.organisation_id, self.organisation_id))

    @property
    def is_reported(self) -> bool:
        return self.reported_at is not None


class ConversationMessage(TimestampMixin, db.Model):
    __tablename__ = "partnership_messages"

    id: Mapped[int] = mapped_column(primary_key=True)
    conversation_id: Mapped[int] = mapped_column(
        ForeignKey("partnership_conversations.id", ondelete="CASCADE"), index=True
    )
    author_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"), index=True)
    # The side the author wrote for (kept if the author later leaves the organisation).
    organisation_id: Mapped[int | None] = mapped_column(ForeignKey("organisations.id", ondelete="SET NULL"))
    body: Mapped[str] = mapped_column(Text, nullable=False)  # plain text, shown escaped with its line breaks

    conversation: Mapped[PartnershipConversation] = relationship(back_populates="messages")
    author = relationship("User")
    organisation = relationship("Organisation")
