"""Notifications: what a user should hear about (reply, mention, registration, interest…).

Each notification is recorded for the in-app list. How it also reaches the user by e-mail is
the user's choice per kind (NotificationPreference): not at all ("app"), at once ("email") or
in the daily digest ("digest"). The choice in force when the notification was made is kept in
Notification.delivery; `emailed_at` is set once the e-mail went out, so a notification whose
e-mail failed stays pending and is retried by `flask --app app send-digests`.
"""
from datetime import date, datetime

from sqlalchemy import Date, ForeignKey, Index, Integer, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.db import TimestampMixin, UTCDateTime, utcnow
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
    "moderation_warning",   # the secretariat warns me about a post of mine
    "org_without_admin",    # (to the secretariat) an organisation's last admin and member went
    # To the people registered for an event (app/events/messages.py writes them):
    "event_registered",     # my place, or my place on the waiting list, is recorded
    "registration_removed", # the organiser cancelled my registration
    "event_cancelled",      # the event, or the date I registered for, is cancelled
    "event_moved",          # the date I registered for has new times
    "event_reminder",       # the event I registered for is coming up
    "event_message",        # the organisers wrote to the registrants of my date (app/events/letters.py)
    "library_document",     # a new library document on a theme I follow (app/library/services.py)
    # Small grants (app/grants/messages.py writes them):
    "grant_call",           # a new call for small grants fits my organisation's themes and counties
    "grant_invitation",     # my organisation is invited into an application's partnership
    "grant_review_assigned",  # the secretariat asks me to review an application
    "grant_decision",       # the secretariat decided on my organisation's application
    "grant_submitted",      # the application I (or my organisation) submitted is received
    "grant_report_reviewed",  # the secretariat accepted or returned my organisation's final report
)

# How a kind reaches the user besides the in-app list.
DELIVERIES = ("app", "email", "digest")
# Until the user chooses: what needs an answer soon comes at once, the rest once a day.
DEFAULT_DELIVERY = {
    "reply": "digest",
    "mention": "email",
    "followed_post": "digest",
    "event_registration": "digest",
    "waitlist_promotion": "email",
    "partnership_interest": "email",
    "conversation_message": "email",
    "org_verified": "email",
    "partnership_match": "digest",
    "moderation_warning": "email",
    "org_without_admin": "email",
    "event_registered": "email",
    "registration_removed": "email",
    "event_cancelled": "email",
    "event_moved": "email",
    "event_reminder": "email",
    "event_message": "email",
    "library_document": "digest",
    "grant_call": "digest",
    "grant_invitation": "email",
    "grant_review_assigned": "email",
    "grant_decision": "email",
    "grant_submitted": "email",
    "grant_report_reviewed": "email",
}
# An immediate e-mail that failed this many times is given up (it stays in the in-app list).
MAX_EMAIL_FAILURES = 5


class Notification(TimestampMixin, db.Model):
    __tablename__ = "notifications"
    __table_args__ = (
        Index("ix_notifications_user_unread", "user_id", "read_at"),
        Index("ix_notifications_user_created", "user_id", "created_at"),
        Index("ix_notifications_email_pending", "delivery", "emailed_at"),
    )

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
    # DELIVERIES: the recipient's choice for this kind when the notification was made.
    delivery: Mapped[str] = mapped_column(String(8), default="app", nullable=False)
    emailed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    email_failures: Mapped[int] = mapped_column(Integer, default=0, nullable=False)

    actor = relationship("User", foreign_keys=[actor_id])
    user = relationship("User", foreign_keys=[user_id])

    @property
    def is_read(self) -> bool:
        return self.read_at is not None

    @property
    def awaits_email(self) -> bool:
        return self.delivery in ("email", "digest") and self.emailed_at is None


class NotificationPreference(db.Model):
    """A user's choice for one kind; kinds without a row use DEFAULT_DELIVERY."""

    __tablename__ = "notification_preferences"

    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), primary_key=True)
    kind: Mapped[str] = mapped_column(String(32), primary_key=True)
    delivery: Mapped[str] = mapped_column(String(8), nullable=False)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow, nullable=False)


class DigestDelivery(db.Model):
    """The daily digest sent to a user on a (Warsaw) day: at most one per user and day."""

    __tablename__ = "notification_digests"
    __table_args__ = (UniqueConstraint("user_id", "sent_on"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True, nullable=False)
    sent_on: Mapped[date] = mapped_column(Date, nullable=False)
    sent_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, nullable=False)
    item_count: Mapped[int] = mapped_column(Integer, default=0, nullable=False)
