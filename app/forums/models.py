"""Forums: categories, working groups, threads, posts and what members do with them.

Threads carry denormalised figures (reply_count, last_post_at, last_post_id, last_poster_id)
so that lists need a fixed number of queries. Posts are numbered within their thread
(position 1 is the opening post) and never removed (deleting or hiding keeps the row), so a
post's page is (position - 1) // POSTS_PER_PAGE + 1 without loading the thread.
"""
from datetime import datetime

from sqlalchemy import Boolean, ForeignKey, Index, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.db import TimestampMixin, UTCDateTime, utcnow
from app.extensions import db
from app.tags import TaggedMixin, TagRowMixin

POSTS_PER_PAGE = 20
THREADS_PER_PAGE = 25
LANGUAGES = ("pl", "en", "uk")
GROUP_ROLES = ("member", "coordinator")
# Vocabularies a thread may be tagged with.
THREAD_TAG_VOCABULARIES = ("thematic_areas",)


class WorkingGroup(TimestampMixin, db.Model):
    """A private forum: its category's threads are seen by its members and the secretariat only."""

    __tablename__ = "forum_working_groups"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(200), nullable=False)
    description: Mapped[str] = mapped_column(Text, default="", nullable=False)
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))

    members: Mapped[list["WorkingGroupMember"]] = relationship(
        back_populates="group", cascade="all, delete-orphan"
    )
    category: Mapped["Category"] = relationship(back_populates="working_group", uselist=False)

    def __repr__(self) -> str:
        return f"<WorkingGroup {self.id} {self.name!r}>"


class WorkingGroupMember(TimestampMixin, db.Model):
    __tablename__ = "forum_working_group_members"
    __table_args__ = (UniqueConstraint("group_id", "user_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    group_id: Mapped[int] = mapped_column(ForeignKey("forum_working_groups.id", ondelete="CASCADE"), index=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    role: Mapped[str] = mapped_column(String(16), default="member", nullable=False)  # GROUP_ROLES

    group: Mapped[WorkingGroup] = relationship(back_populates="members")
    user = relationship("User")

    @property
    def is_coordinator(self) -> bool:
        return self.role == "coordinator"


class Category(TimestampMixin, db.Model):
    """A forum of threads on one topic; names and descriptions in pl, en and uk."""

    __tablename__ = "forum_categories"

    id: Mapped[int] = mapped_column(primary_key=True)
    slug: Mapped[str] = mapped_column(String(80), unique=True, nullable=False)
    position: Mapped[int] = mapped_column(Integer, default=0, index=True, nullable=False)
    name_pl: Mapped[str] = mapped_column(String(120), nullable=False)
    name_en: Mapped[str] = mapped_column(String(120), nullable=False)
    name_uk: Mapped[str] = mapped_column(String(120), nullable=False)
    description_pl: Mapped[str] = mapped_column(String(600), default="", nullable=False)
    description_en: Mapped[str] = mapped_column(String(600), default="", nullable=False)
    description_uk: Mapped[str] = mapped_column(String(600), default="", nullable=False)
    # Only the secretariat starts threads here (e.g. "Announcements"); members may still reply.
    moderators_only: Mapped[bool] = mapped_column(Boolean, default=False, nullable=False)
    archived_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    # The taxonomy theme a default category stands for (its threads get that tag by default).
    theme: Mapped[str | None] = mapped_column(String(64))
    working_group_id: Mapped[int | None] = mapped_column(
        ForeignKey("forum_working_groups.id", ondelete="CASCADE"), unique=True
    )

    working_group: Mapped[WorkingGroup | None] = relationship(back_populates="category")

    @property
    def is_archived(self) -> bool:
        return self.archived_at is not None

    @property
    def is_private(self) -> bool:
        return self.working_group_id is not None

    def name_in(self, lang: str) -> str:
        return getattr(self, f"name_{lang}", None) or self.name_pl

    def description_in(self, lang: str) -> str:
        return getattr(self, f"description_{lang}", None) or self.description_pl

    def __repr__(self) -> str:
        return f"<Category {self.id} {self.slug}>"


class ThreadTag(TagRowMixin, db.Model):
    __tablename__ = "forum_thread_tags"

    thread_id: Mapped[int] = mapped_column(ForeignKey("forum_threads.id", ondelete="CASCADE"), primary_key=True)


class Thread(TaggedMixin, TimestampMixin, db.Model):
    __tablename__ = "forum_threads"
    # A category's page in its order, with what the visibility rule and the category counts read:
    # its thread count and the forum index's counts come from the index alone (migration forums_1).
    __table_args__ = (
        Index("ix_forum_threads_category_order", "category_id", "pinned", "last_post_at", "hidden_at",
              "working_group_id", "reply_count"),
        Index("ix_forum_threads_group_last", "working_group_id", "last_post_at"),
    )
    TAG_MODEL = ThreadTag

    id: Mapped[int] = mapped_column(primary_key=True)
    category_id: Mapped[int] = mapped_column(ForeignKey("forum_categories.id", ondelete="CASCADE"), nullable=False)
    # Copied from the category (and kept in step when a thread moves): the privacy filter.
    working_group_id: Mapped[int | None] = mapped_column(ForeignKey("forum_working_groups.id", ondelete="CASCADE"))
    title: Mapped[str] = mapped_column(String(200), nullable=False)
    author_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"), index=True)
    organisation_id: Mapped[int | None] = mapped_column(
        ForeignKey("organisations.id", ondelete="SET NULL"), index=True
    )
    pinned: Mapped[bool] = mapped_column(Boolean, default=False, nullable=False)
    locked_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    # Set when the opening post is hidden: the whole thread leaves the lists.
    hidden_at: Mapped[datetime | None] = mapped_column(UTCDateTime, index=True)
    # Denormalised: replies = posts after the opening one (all positions, placeholders too).
    reply_count: Mapped[int] = mapped_column(Integer, default=0, nullable=False)
    last_post_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, nullable=False)
    # A cache of the newest visible post, not a foreign key (posts also point at threads).
    last_post_id: Mapped[int | None] = mapped_column(Integer)
    last_poster_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))

    category: Mapped[Category] = relationship()
    author = relationship("User", foreign_keys=[author_id])
    last_poster = relationship("User", foreign_keys=[last_poster_id])
    organisation = relationship("Organisation")
    tags: Mapped[list[ThreadTag]] = relationship(cascade="all, delete-orphan", lazy="selectin")

    @property
    def is_locked(self) -> bool:
        return self.locked_at is not None

    @property
    def is_hidden(self) -> bool:
        return self.hidden_at is not None

    @property
    def post_count(self) -> int:
        return self.reply_count + 1

    @property
    def page_count(self) -> int:
        return (self.post_count - 1) // POSTS_PER_PAGE + 1

    @property
    def themes(self) -> list[str]:
        return self.tag_slugs("thematic_areas")

    def __repr__(self) -> str:
        return f"<Thread {self.id} {self.title[:30]!r}>"


class Post(db.Model):
    __tablename__ = "forum_posts"
    __table_args__ = (
        UniqueConstraint("thread_id", "position", name="uq_forum_posts_thread_position"),
        Index("ix_forum_posts_created_at", "created_at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    thread_id: Mapped[int] = mapped_column(ForeignKey("forum_threads.id", ondelete="CASCADE"), nullable=False)
    position: Mapped[int] = mapped_column(Integer, nullable=False)  # 1 = the opening post
    author_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"), index=True)
    reply_to_id: Mapped[int | None] = mapped_column(ForeignKey("forum_posts.id", ondelete="SET NULL"), index=True)
    body: Mapped[str] = mapped_column(Text, default="", nullable=False)  # Markdown source
    body_html: Mapped[str] = mapped_column(Text, default="", nullable=False)  # sanitised, mentions linked
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, nullable=False)
    edited_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    deleted_at: Mapped[datetime | None] = mapped_column(UTCDateTime)  # deleted by its author
    hidden_at: Mapped[datetime | None] = mapped_column(UTCDateTime)  # hidden by a moderator
    hidden_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    hidden_reason: Mapped[str | None] = mapped_column(String(1000))

    thread: Mapped[Thread] = relationship()
    author = relationship("User", foreign_keys=[author_id])
    reply_to: Mapped["Post | None"] = relationship(remote_side=[id])

    @property
    def is_deleted(self) -> bool:
        return self.deleted_at is not None

    @property
    def is_hidden(self) -> bool:
        return self.hidden_at is not None

    @property
    def is_opening(self) -> bool:
        return self.position == 1

    @property
    def page(self) -> int:
        return (self.position - 1) // POSTS_PER_PAGE + 1

    def __repr__(self) -> str:
        return f"<Post {self.id} thread={self.thread_id} #{self.position}>"


class PostRevision(db.Model):
    """A previous version of a post, kept when it is edited or deleted (seen by moderators)."""

    __tablename__ = "forum_post_revisions"

    id: Mapped[int] = mapped_column(primary_key=True)
    post_id: Mapped[int] = mapped_column(ForeignKey("forum_posts.id", ondelete="CASCADE"), index=True)
    title: Mapped[str | None] = mapped_column(String(200))  # the thread title, for opening posts
    body: Mapped[str] = mapped_column(Text, nullable=False)
    body_html: Mapped[str] = mapped_column(Text, nullable=False)
    written_at: Mapped[datetime] = mapped_column(UTCDateTime, nullable=False)  # when this version was written
    replaced_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, nullable=False)
    editor_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))

    editor = relationship("User")


class PostReport(TimestampMixin, db.Model):
    __tablename__ = "forum_post_reports"

    id: Mapped[int] = mapped_column(primary_key=True)
    post_id: Mapped[int] = mapped_column(ForeignKey("forum_posts.id", ondelete="CASCADE"), index=True)
    reporter_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"), index=True)
    reason: Mapped[str] = mapped_column(Text, nullable=False)
    resolved_at: Mapped[datetime | None] = mapped_column(UTCDateTime, index=True)
    resolved_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    resolution: Mapped[str | None] = mapped_column(String(32))  # "hidden", "dismissed"

    post: Mapped[Post] = relationship()
    reporter = relationship("User", foreign_keys=[reporter_id])

    @property
    def is_open(self) -> bool:
        return self.resolved_at is None


class ThreadSubscription(TimestampMixin, db.Model):
    __tablename__ = "forum_thread_subscriptions"

    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), primary_key=True)
    thread_id: Mapped[int] = mapped_column(
        ForeignKey("forum_threads.id", ondelete="CASCADE"), primary_key=True, index=True
    )


class CategorySubscription(TimestampMixin, db.Model):
    __tablename__ = "forum_category_subscriptions"

    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), primary_key=True)
    category_id: Mapped[int] = mapped_column(
        ForeignKey("forum_categories.id", ondelete="CASCADE"), primary_key=True, index=True
    )


class ThreadRead(db.Model):
    """How far a user has read a thread: the unread marker compares it with the thread's last position."""

    __tablename__ = "forum_thread_reads"

    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), primary_key=True)
    thread_id: Mapped[int] = mapped_column(ForeignKey("forum_threads.id", ondelete="CASCADE"), primary_key=True)
    last_read_position: Mapped[int] = mapped_column(Integer, default=0, nullable=False)
    read_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, nullable=False)
