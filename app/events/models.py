"""The events calendar: events (single or recurring), occurrence exceptions, registrations.

Times are stored twice over, on purpose: `starts_at`/`ends_at` are the first occurrence in UTC
(unambiguous, sortable, comparable in SQL), and `timezone` names the zone whose wall clock the
organiser meant. Recurrence is expanded on that wall clock (see recurrence.py), so a meeting
"every first Tuesday at 10:00" stays at 10:00 Warsaw time on both sides of a DST change.
"""
from datetime import date, datetime
from zoneinfo import ZoneInfo

from sqlalchemy import Date, ForeignKey, Index, Integer, String, Text, UniqueConstraint, text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.db import TimestampMixin, UTCDateTime, utcnow
from app.extensions import db
from app.tags import TaggedMixin, TagRowMixin

EVENT_TAG_VOCABULARIES = ("thematic_areas", "languages")
STATUSES = ("draft", "published", "cancelled")
REGISTRATION_STATES = ("confirmed", "waiting", "cancelled")
OVERRIDE_KINDS = ("cancelled", "moved")
DEFAULT_TIMEZONE = "Europe/Warsaw"
DEFAULT_REMINDER_HOURS = 24
REMINDER_HOURS = (1, 3, 24, 48, 168)  # the organiser's choices (hours before each date)
# The occurrence key of a single (non-recurring) event; recurring occurrences use their date.
SINGLE = ""


class EventTag(TagRowMixin, db.Model):
    __tablename__ = "event_tags"
    # The theme and language filters select events by (vocabulary, slug); the key starts with event_id.
    __table_args__ = (Index("ix_event_tags_vocabulary_slug", "vocabulary", "slug"),)

    event_id: Mapped[int] = mapped_column(ForeignKey("events.id", ondelete="CASCADE"), primary_key=True)


class EventCoOrganiser(db.Model):
    __tablename__ = "event_co_organisers"

    event_id: Mapped[int] = mapped_column(ForeignKey("events.id", ondelete="CASCADE"), primary_key=True)
    organisation_id: Mapped[int] = mapped_column(
        ForeignKey("organisations.id", ondelete="CASCADE"), primary_key=True, index=True
    )

    organisation = relationship("Organisation", lazy="joined")


class EventStateMixin:
    """Readings of an event's status, zone, rule and exceptions, shared by Event and listing.EventTimes."""

    @property
    def zone(self) -> ZoneInfo:
        return ZoneInfo(self.timezone)

    @property
    def is_recurring(self) -> bool:
        return bool(self.recurrence_rule)

    @property
    def is_draft(self) -> bool:
        return self.status == "draft"

    @property
    def is_published(self) -> bool:
        return self.status == "published"

    @property
    def is_cancelled(self) -> bool:
        return self.status == "cancelled"

    def override_for(self, occurrence_date: date):
        return next((o for o in self.overrides if o.occurrence_date == occurrence_date), None)


class Event(EventStateMixin, TaggedMixin, TimestampMixin, db.Model):
    __tablename__ = "events"
    # Lists and the month grid select "starts before the window ends and its last occurrence ends
    # after the window starts": with last_ends_at in the index, SQLite tests both without reading
    # each row; the same with the county first for the county filter (most events are in a few
    # cities). updated_at: the data version of feeds, lists and grids (max) in one index lookup.
    __table_args__ = (Index("ix_events_status_starts_last", "status", "starts_at", "last_ends_at"),
                      Index("ix_events_status_county_starts", "status", "county", "starts_at", "last_ends_at"),
                      Index("ix_events_updated_at", "updated_at"),
                      # The few hundred series among thousands of events, for the lists that expand them.
                      Index("ix_events_series", "status", "starts_at", "last_ends_at",
                            sqlite_where=text("recurrence_rule IS NOT NULL"),
                            postgresql_where=text("recurrence_rule IS NOT NULL")))
    TAG_MODEL = EventTag

    id: Mapped[int] = mapped_column(primary_key=True)
    # Stable iCalendar UID: never changes, whatever is edited.
    uid: Mapped[str] = mapped_column(String(100), unique=True, nullable=False)
    title: Mapped[str] = mapped_column(String(200), nullable=False)
    event_type: Mapped[str] = mapped_column(String(64), index=True, nullable=False)
    organisation_id: Mapped[int] = mapped_column(
        ForeignKey("organisations.id", ondelete="CASCADE"), index=True, nullable=False
    )
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    description: Mapped[str] = mapped_column(Text, default="", nullable=False)
    description_html: Mapped[str] = mapped_column(Text, default="", nullable=False)
    status: Mapped[str] = mapped_column(String(16), default="draft", nullable=False)  # STATUSES

    timezone: Mapped[str] = mapped_column(String(64), default=DEFAULT_TIMEZONE, nullable=False)
    all_day: Mapped[bool] = mapped_column(default=False, nullable=False)
    # First occurrence, UTC. For all-day events: local midnight of the first day and of the day
    # after the last day (an exclusive end, as in iCalendar).
    starts_at: Mapped[datetime] = mapped_column(UTCDateTime, index=True, nullable=False)
    ends_at: Mapped[datetime] = mapped_column(UTCDateTime, nullable=False)
    # RFC 5545 RRULE value (no "RRULE:" prefix), canonical form written by recurrence.py.
    recurrence_rule: Mapped[str | None] = mapped_column(String(500))
    # End of the last occurrence, UTC; NULL for a series without end. Lets SQL find what is
    # upcoming or past without expanding every series.
    last_ends_at: Mapped[datetime | None] = mapped_column(UTCDateTime, index=True)

    county: Mapped[str | None] = mapped_column(String(64), index=True)
    address: Mapped[str | None] = mapped_column(String(300))
    online_url: Mapped[str | None] = mapped_column(String(500))

    registration_enabled: Mapped[bool] = mapped_column(default=False, nullable=False)
    capacity: Mapped[int | None] = mapped_column(Integer)  # None: no limit
    waiting_list: Mapped[bool] = mapped_column(default=True, nullable=False)
    # Registration closes then for the first occurrence, and as long before the start of each
    # later occurrence; None: it closes when the occurrence starts.
    registration_deadline: Mapped[datetime | None] = mapped_column(UTCDateTime)
    # Registrants are reminded this many hours before each occurrence; None: no reminder.
    # No column default: the ORM would put it in place of an explicit None (the default is
    # EventData's, DEFAULT_REMINDER_HOURS).
    reminder_hours: Mapped[int | None] = mapped_column(Integer)
    # The event page lists the organisations of confirmed registrants who consented to it.
    public_participants: Mapped[bool] = mapped_column(default=False, server_default=text("false"), nullable=False)

    # iCalendar SEQUENCE: bumped by every change a subscriber's calendar must notice.
    sequence: Mapped[int] = mapped_column(default=0, nullable=False)
    published_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    cancelled_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    cancellation_reason: Mapped[str | None] = mapped_column(String(500))

    organisation = relationship("Organisation", lazy="joined")
    created_by = relationship("User")
    tags: Mapped[list[EventTag]] = relationship(cascade="all, delete-orphan", lazy="selectin")
    co_organiser_links: Mapped[list[EventCoOrganiser]] = relationship(
        cascade="all, delete-orphan", lazy="selectin"
    )
    overrides: Mapped[list["OccurrenceOverride"]] = relationship(
        back_populates="event", cascade="all, delete-orphan", lazy="selectin",
        order_by="OccurrenceOverride.occurrence_date",
    )

    @property
    def co_organisers(self) -> list:
        return sorted((link.organisation for link in self.co_organiser_links), key=lambda o: o.sort_key)

    @property
    def organiser_ids(self) -> set[int]:
        """The organiser organisation and every co-organiser."""
        return {self.organisation_id, *(link.organisation_id for link in self.co_organiser_links)}

    def __repr__(self) -> str:
        return f"<Event {self.id} {self.title!r}>"


class OccurrenceOverride(TimestampMixin, db.Model):
    """One occurrence of a recurring event cancelled or moved (iCalendar EXDATE / RECURRENCE-ID)."""

    __tablename__ = "event_occurrence_overrides"
    __table_args__ = (UniqueConstraint("event_id", "occurrence_date"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    event_id: Mapped[int] = mapped_column(ForeignKey("events.id", ondelete="CASCADE"), index=True)
    # The local date on which the occurrence was originally planned: its key and address.
    occurrence_date: Mapped[date] = mapped_column(Date, nullable=False)
    kind: Mapped[str] = mapped_column(String(16), nullable=False)  # OVERRIDE_KINDS
    starts_at: Mapped[datetime | None] = mapped_column(UTCDateTime)  # new times when moved
    ends_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    note: Mapped[str | None] = mapped_column(String(500))
    sequence: Mapped[int] = mapped_column(default=0, nullable=False)

    event: Mapped[Event] = relationship(back_populates="overrides")


class Registration(TimestampMixin, db.Model):
    __tablename__ = "event_registrations"
    __table_args__ = (
        UniqueConstraint("event_id", "occurrence_key", "user_id"),
        Index("ix_event_registrations_place", "event_id", "occurrence_key", "status"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    event_id: Mapped[int] = mapped_column(ForeignKey("events.id", ondelete="CASCADE"), nullable=False)
    # SINGLE ("") for a single event, else the occurrence's original local date "YYYY-MM-DD".
    occurrence_key: Mapped[str] = mapped_column(String(10), default=SINGLE, nullable=False)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True, nullable=False)
    status: Mapped[str] = mapped_column(String(16), nullable=False)  # REGISTRATION_STATES
    # Position in the queue: the time of (re-)registration; the waiting list is served in order.
    queued_at: Mapped[datetime] = mapped_column(UTCDateTime, nullable=False)
    promoted_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    cancelled_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    note: Mapped[str | None] = mapped_column(String(500))
    # The organisation the registrant represents: one of theirs, or typed; None: none given.
    organisation_name: Mapped[str | None] = mapped_column(String(300))
    # Consent to appear (the organisation, never the person) on the event's public list.
    listed: Mapped[bool] = mapped_column(default=False, server_default=text("false"), nullable=False)

    event: Mapped[Event] = relationship()
    user = relationship("User", lazy="joined")

    @property
    def is_active(self) -> bool:
        return self.status in ("confirmed", "waiting")


class ReminderSent(db.Model):
    """A reminder sent for one registration and occurrence: send-reminders never sends it again."""

    __tablename__ = "event_reminders_sent"
    __table_args__ = (UniqueConstraint("registration_id", "occurrence_key"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    registration_id: Mapped[int] = mapped_column(
        ForeignKey("event_registrations.id", ondelete="CASCADE"), nullable=False)
    occurrence_key: Mapped[str] = mapped_column(String(10), nullable=False)
    sent_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, nullable=False)


class EventMinutes(TimestampMixin, db.Model):
    """The minutes of one meeting (one occurrence) and the forum thread where it is discussed."""

    __tablename__ = "event_minutes"
    __table_args__ = (UniqueConstraint("event_id", "occurrence_key"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    event_id: Mapped[int] = mapped_column(ForeignKey("events.id", ondelete="CASCADE"), index=True, nullable=False)
    occurrence_key: Mapped[str] = mapped_column(String(10), default=SINGLE, nullable=False)
    body: Mapped[str] = mapped_column(Text, default="", nullable=False)
    body_html: Mapped[str] = mapped_column(Text, default="", nullable=False)
    # A forum thread; no foreign key so that events do not depend on the forums' tables.
    forum_thread_id: Mapped[int | None] = mapped_column(Integer)
    updated_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))


MESSAGE_AUDIENCES = ("confirmed", "waiting", "both")


class EventMessage(TimestampMixin, db.Model):
    """What the organisers wrote to the registrants of one date: kept to show who sent what, when, to how many."""

    __tablename__ = "event_messages"
    __table_args__ = (Index("ix_event_messages_event_occurrence", "event_id", "occurrence_key"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    event_id: Mapped[int] = mapped_column(ForeignKey("events.id", ondelete="CASCADE"), nullable=False)
    occurrence_key: Mapped[str] = mapped_column(String(10), default=SINGLE, nullable=False)
    audience: Mapped[str] = mapped_column(String(16), nullable=False)  # MESSAGE_AUDIENCES
    subject: Mapped[str] = mapped_column(String(200), nullable=False)
    # Plain text as written (the e-mail sends it so); body_html for the page.
    body: Mapped[str] = mapped_column(Text, nullable=False)
    body_html: Mapped[str] = mapped_column(Text, nullable=False)
    sender_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    recipient_count: Mapped[int] = mapped_column(Integer, default=0, nullable=False)

    event: Mapped[Event] = relationship()
    sender = relationship("User", lazy="joined")


class EventMessageRecipient(db.Model):
    """One person a message went to (they, and the organisers, may read it on the site)."""

    __tablename__ = "event_message_recipients"

    message_id: Mapped[int] = mapped_column(ForeignKey("event_messages.id", ondelete="CASCADE"), primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), primary_key=True, index=True)


QUESTION_KINDS = ("short_text", "long_text", "one_choice", "several_choices", "yes_no")
CHOICE_KINDS = ("one_choice", "several_choices")


class RegistrationQuestion(TimestampMixin, db.Model):
    """A question the registration form asks, in pl (required) and en/uk (the pl text when empty)."""

    __tablename__ = "event_questions"

    id: Mapped[int] = mapped_column(primary_key=True)
    event_id: Mapped[int] = mapped_column(ForeignKey("events.id", ondelete="CASCADE"), index=True, nullable=False)
    position: Mapped[int] = mapped_column(Integer, default=0, nullable=False)
    kind: Mapped[str] = mapped_column(String(16), nullable=False)  # QUESTION_KINDS
    required: Mapped[bool] = mapped_column(default=False, nullable=False)
    label_pl: Mapped[str] = mapped_column(String(300), nullable=False)
    label_en: Mapped[str] = mapped_column(String(300), default="", nullable=False)
    label_uk: Mapped[str] = mapped_column(String(300), default="", nullable=False)
    # The choices, one per line in each language (the same number of lines; empty en/uk: the pl lines).
    choices_pl: Mapped[str] = mapped_column(Text, default="", nullable=False)
    choices_en: Mapped[str] = mapped_column(Text, default="", nullable=False)
    choices_uk: Mapped[str] = mapped_column(Text, default="", nullable=False)

    def label(self, lang: str) -> str:
        return getattr(self, f"label_{lang}", "") or self.label_pl

    def choices(self, lang: str = "pl") -> list[str]:
        """The choices' labels in lang, in order (their index is the value a form sends)."""
        lines = (getattr(self, f"choices_{lang}", "") or self.choices_pl).splitlines()
        return [line.strip() for line in lines if line.strip()]


class RegistrationAnswer(db.Model):
    """One answer, with the question's text as it was asked: editing or removing a question keeps it readable."""

    __tablename__ = "event_registration_answers"

    id: Mapped[int] = mapped_column(primary_key=True)
    registration_id: Mapped[int] = mapped_column(
        ForeignKey("event_registrations.id", ondelete="CASCADE"), index=True, nullable=False)
    question_id: Mapped[int | None] = mapped_column(ForeignKey("event_questions.id", ondelete="SET NULL"))
    position: Mapped[int] = mapped_column(Integer, default=0, nullable=False)
    kind: Mapped[str] = mapped_column(String(16), nullable=False)
    question_text: Mapped[str] = mapped_column(String(300), nullable=False)  # the pl label when answered
    # Typed text; the chosen choices (pl labels) one per line; "yes"/"no" (shown translated).
    answer: Mapped[str] = mapped_column(Text, default="", nullable=False)


class Attendance(TimestampMixin, db.Model):
    """One person who attended one meeting (one occurrence): a registrant ticked on the checklist,
    or someone who came without registering (registration_id None, name and organisation typed)."""

    __tablename__ = "event_attendance"
    __table_args__ = (UniqueConstraint("event_id", "occurrence_key", "registration_id"),
                      Index("ix_event_attendance_event_occurrence", "event_id", "occurrence_key"))

    id: Mapped[int] = mapped_column(primary_key=True)
    event_id: Mapped[int] = mapped_column(ForeignKey("events.id", ondelete="CASCADE"), nullable=False)
    occurrence_key: Mapped[str] = mapped_column(String(10), default=SINGLE, nullable=False)
    registration_id: Mapped[int | None] = mapped_column(ForeignKey("event_registrations.id", ondelete="CASCADE"))
    # The person's name and organisation when marked (a registrant's are copied): the record stays as it was.
    name: Mapped[str] = mapped_column(String(200), nullable=False)
    organisation_name: Mapped[str | None] = mapped_column(String(300))
    recorded_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))

    @property
    def is_walk_in(self) -> bool:
        return self.registration_id is None and bool(self.name)

    @property
    def is_former_registrant(self) -> bool:
        """A registrant who came and has since deleted their account: still counted, no longer named."""
        return self.registration_id is None and not self.name
