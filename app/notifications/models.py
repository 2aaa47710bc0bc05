"""Notifications: what a user should hear about (reply, mention, registration, interest…)."""
from datetime import datetime

from sqlalchemy import ForeignKey, Index, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.db import TimestampMixin, UTCDateTime
from app.extensions import db

# Kinds of notification; each user chooses per kind how to receive it (secretariat issue).
KINDS = (
    "reply",                # a reply to my post
    "mention",              # @username in a post
    "followed_post",        # a new post in a thread or category I follow
    "event_registration",   # someone registered for my event
    "waitlist_promotion",   # I moved from the waiting list to a place
    "partnership_interest", # interest in my organisation's partnership post
    "conversation_message", # an answer in my conversation
    "org_verified",         # my organisation was verified (or refused)
    "partnership_match",    # a new partnership post matching my organisation
)


class Notification(TimestampMixin, db.Model):
    __tablename__ = "notifications"
    __table_args__ = (Index("ix_notifications_user_unread", "user_id", "read_at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), nullable=False)
    kind: Mapped[str] = mapped_column(String(32), nullable=False)
    actor_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    # Plain text, already in words (e.g. the thread title); the page renders it escaped.
    title: Mapped[str] = mapped_column(String(300), nullable=False)
    url: Mapped[str] = mapped_column(String(500), nullable=False)  # a path on this site
    # What the notification is about, so that duplicates can be avoided ("post:12").
    subject_key: Mapped[str | None] = mapped_column(String(64), index=True)
    read_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    emailed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    actor = relationship("User", foreign_keys=[actor_id])
