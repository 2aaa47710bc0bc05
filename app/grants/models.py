"""Small grants for local networks (programme 5.1.1 f/g): calls, applications, reviews, decisions.

Money is stored as whole grosze (BigInteger): exact on SQLite and PostgreSQL alike, never a
float. Moments are UTC (UTCDateTime); the call's opening and closing times are entered and
shown on the Warsaw wall clock (see services.warsaw_moment).
"""
from datetime import date, datetime

from sqlalchemy import BigInteger, Date, ForeignKey, Index, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship


from app.db import TimestampMixin, UTCDateTime
from app.extensions import db
from app.i18n import lazy_gettext as _l
from app.tags import TaggedMixin, TagRowMixin

CALL_STATUSES = ("draft", "published")
APPLICATION_STATUSES = ("draft", "submitted")
DECISIONS = ("granted", "reserve", "rejected")
REPORT_STATUSES = ("draft", "submitted", "accepted", "returned")
LANGUAGES = ("pl", "en", "uk")
EMPLOYER_SECTOR = "business"  # taxonomy sector of employers (5.1.1 g)
# How search names a call (here, so that the words live in this part's catalogue).
CALL_LABEL, CALLS_LABEL = _l("Call for small grants"), _l("Calls for small grants")
BUDGET_CATEGORIES = ("staff", "venue", "materials", "travel", "services", "promotion", "other")
BUDGET_CATEGORY_LABELS = {
    "staff": _l("Staff and fees"), "venue": _l("Venue and equipment"), "materials": _l("Materials"),
    "travel": _l("Travel"), "services": _l("Services (translation, catering…)"), "promotion": _l("Promotion"),
    "other": _l("Other"),
}


class GrantCallTag(TagRowMixin, db.Model):
    __tablename__ = "grant_call_tags"

    call_id: Mapped[int] = mapped_column(ForeignKey("grant_calls.id", ondelete="CASCADE"), primary_key=True)


class GrantCall(TaggedMixin, TimestampMixin, db.Model):
    """A call for small grants, written and published by the secretariat."""

    __tablename__ = "grant_calls"
    __table_args__ = (Index("ix_grant_calls_status_closes", "status", "closes_at"),)
    TAG_MODEL = GrantCallTag

    id: Mapped[int] = mapped_column(primary_key=True)
    status: Mapped[str] = mapped_column(String(16), default="draft", nullable=False)  # CALL_STATUSES
    title_pl: Mapped[str] = mapped_column(String(200), nullable=False)
    title_en: Mapped[str] = mapped_column(String(200), default="", nullable=False)
    title_uk: Mapped[str] = mapped_column(String(200), default="", nullable=False)
    description_pl: Mapped[str] = mapped_column(Text, default="", nullable=False)
    description_pl_html: Mapped[str] = mapped_column(Text, default="", nullable=False)
    description_en: Mapped[str] = mapped_column(Text, default="", nullable=False)
    description_en_html: Mapped[str] = mapped_column(Text, default="", nullable=False)
    description_uk: Mapped[str] = mapped_column(Text, default="", nullable=False)
    description_uk_html: Mapped[str] = mapped_column(Text, default="", nullable=False)
    total_budget: Mapped[int] = mapped_column(BigInteger, nullable=False)  # grosze
    min_grant: Mapped[int] = mapped_column(BigInteger, nullable=False)  # grosze
    max_grant: Mapped[int] = mapped_column(BigInteger, nullable=False)  # grosze
    opens_at: Mapped[datetime] = mapped_column(UTCDateTime, nullable=False)
    closes_at: Mapped[datetime] = mapped_column(UTCDateTime, nullable=False)
    # Eligibility rules the platform checks on every application.
    min_organisations: Mapped[int] = mapped_column(Integer, default=2, nullable=False)  # lead included
    min_sectors: Mapped[int] = mapped_column(Integer, default=1, nullable=False)
    required_county: Mapped[str | None] = mapped_column(String(64))
    requires_employer: Mapped[bool] = mapped_column(default=False, nullable=False)
    published_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    results_published_at: Mapped[datetime | None] = mapped_column(UTCDateTime)  # the public results list
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))

    tags: Mapped[list[GrantCallTag]] = relationship(cascade="all, delete-orphan", lazy="selectin")
    criteria: Mapped[list["GrantCriterion"]] = relationship(
        cascade="all, delete-orphan", order_by="GrantCriterion.position", lazy="selectin")
    documents: Mapped[list["GrantRequiredDocument"]] = relationship(
        cascade="all, delete-orphan", order_by="GrantRequiredDocument.position", lazy="selectin")
    faqs: Mapped[list["GrantFaq"]] = relationship(cascade="all, delete-orphan", order_by="GrantFaq.id")

    @property
    def is_published(self) -> bool:
        return self.status == "published"

    def title_in(self, lang: str) -> str:
        """The title in lang, else Polish (the call's own language)."""
        return getattr(self, f"title_{lang}", "") or self.title_pl

    def description_html_in(self, lang: str) -> str:
        return getattr(self, f"description_{lang}_html", "") or self.description_pl_html

    def is_open_at(self, moment: datetime) -> bool:
        return self.is_published and self.opens_at <= moment < self.closes_at


class GrantCriterion(db.Model):
    """An evaluation criterion: reviewers give 0..max_points; the weight counts in the ranking."""

    __tablename__ = "grant_criteria"

    id: Mapped[int] = mapped_column(primary_key=True)
    call_id: Mapped[int] = mapped_column(ForeignKey("grant_calls.id", ondelete="CASCADE"), index=True, nullable=False)
    position: Mapped[int] = mapped_column(Integer, nullable=False)
    name: Mapped[str] = mapped_column(String(300), nullable=False)
    max_points: Mapped[int] = mapped_column(Integer, nullable=False)
    weight: Mapped[int] = mapped_column(Integer, default=1, nullable=False)


class GrantRequiredDocument(db.Model):
    """A document every application must carry: an attachment (app/files) names it by grant_document_id."""

    __tablename__ = "grant_required_documents"

    id: Mapped[int] = mapped_column(primary_key=True)
    call_id: Mapped[int] = mapped_column(ForeignKey("grant_calls.id", ondelete="CASCADE"), index=True, nullable=False)
    position: Mapped[int] = mapped_column(Integer, nullable=False)
    name: Mapped[str] = mapped_column(String(300), nullable=False)


class GrantFaq(TimestampMixin, db.Model):
    """A question and the secretariat's answer, added while the call is open."""

    __tablename__ = "grant_faqs"

    id: Mapped[int] = mapped_column(primary_key=True)
    call_id: Mapped[int] = mapped_column(ForeignKey("grant_calls.id", ondelete="CASCADE"), index=True, nullable=False)
    question: Mapped[str] = mapped_column(String(1000), nullable=False)
    answer: Mapped[str] = mapped_column(Text, nullable=False)
    answer_html: Mapped[str] = mapped_column(Text, nullable=False)
    author_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))


class GrantApplication(TimestampMixin, db.Model):
    """An application of a lead organisation (and its partnership) to a call."""

    __tablename__ = "grant_applications"
    __table_args__ = (Index("ix_grant_applications_call_status", "call_id", "status"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    call_id: Mapped[int] = mapped_column(ForeignKey("grant_calls.id", ondelete="CASCADE"), nullable=False)
    lead_org_id: Mapped[int] = mapped_column(ForeignKey("organisations.id", ondelete="CASCADE"), index=True,
                                             nullable=False)
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    status: Mapped[str] = mapped_column(String(16), default="draft", nullable=False)  # APPLICATION_STATUSES
    title: Mapped[str] = mapped_column(String(200), nullable=False)
    summary: Mapped[str] = mapped_column(Text, default="", nullable=False)
    problem: Mapped[str] = mapped_column(Text, default="", nullable=False)
    own_contribution: Mapped[int] = mapped_column(BigInteger, default=0, nullable=False)  # grosze
    submitted_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    decision: Mapped[str | None] = mapped_column(String(16))  # DECISIONS
    awarded_amount: Mapped[int | None] = mapped_column(BigInteger)  # grosze, when granted
    decision_reason: Mapped[str] = mapped_column(Text, default="", nullable=False)
    decided_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    call: Mapped[GrantCall] = relationship()
    lead_org = relationship("Organisation")
    partners: Mapped[list["GrantPartner"]] = relationship(
        cascade="all, delete-orphan", order_by="GrantPartner.id", lazy="selectin")
    activities: Mapped[list["GrantActivity"]] = relationship(
        cascade="all, delete-orphan", order_by="GrantActivity.position", lazy="selectin")
    results: Mapped[list["GrantResult"]] = relationship(
        cascade="all, delete-orphan", order_by="GrantResult.position", lazy="selectin")
    budget_lines: Mapped[list["GrantBudgetLine"]] = relationship(
        cascade="all, delete-orphan", order_by="GrantBudgetLine.position", lazy="selectin")
    reviews: Mapped[list["GrantReview"]] = relationship(cascade="all, delete-orphan", order_by="GrantReview.id",
                                                        back_populates="application")
    report: Mapped["GrantReport | None"] = relationship(cascade="all, delete-orphan", uselist=False)
    # Its attachments (app/files): the call's required documents and extra files; loaded when shown.
    files: Mapped[list["Attachment"]] = relationship(  # noqa: F821
        back_populates="grant_application", order_by="Attachment.id", passive_deletes=True)

    def file_for(self, document_id: int):
        """The attachment that is the required document document_id, or None when it is missing."""
        return next((a for a in self.files if a.grant_document_id == document_id), None)

    @property
    def extra_files(self) -> list:
        return [a for a in self.files if a.grant_document_id is None]

    @property
    def is_draft(self) -> bool:
        return self.status == "draft"

    @property
    def requested_amount(self) -> int:
        """The budget's total minus the own contribution, in grosze."""
        return self.budget_total - self.own_contribution

    @property
    def budget_total(self) -> int:
        return sum(line.total for line in self.budget_lines)

    def partner_org_ids(self, confirmed_only: bool = False) -> list[int]:
        return [p.organisation_id for p in self.partners if p.confirmed_at is not None or not confirmed_only]


class GrantPartner(db.Model):
    """An organisation invited into an application's partnership; its admin confirms."""

    __tablename__ = "grant_partners"
    __table_args__ = (UniqueConstraint("application_id", "organisation_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    application_id: Mapped[int] = mapped_column(ForeignKey("grant_applications.id", ondelete="CASCADE"),
                                                nullable=False)
    organisation_id: Mapped[int] = mapped_column(ForeignKey("organisations.id", ondelete="CASCADE"), index=True,
                                                 nullable=False)
    invited_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    confirmed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    confirmed_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))

    organisation = relationship("Organisation", lazy="joined")


class GrantActivity(db.Model):
    __tablename__ = "grant_activities"

    id: Mapped[int] = mapped_column(primary_key=True)
    application_id: Mapped[int] = mapped_column(ForeignKey("grant_applications.id", ondelete="CASCADE"),
                                                index=True, nullable=False)
    position: Mapped[int] = mapped_column(Integer, nullable=False)
    description: Mapped[str] = mapped_column(String(1000), nullable=False)
    starts_on: Mapped[date] = mapped_column(Date, nullable=False)
    ends_on: Mapped[date] = mapped_column(Date, nullable=False)


class GrantResult(db.Model):
    """An expected result and the indicator that measures it (target value and unit)."""

    __tablename__ = "grant_results"

    id: Mapped[int] = mapped_column(primary_key=True)
    application_id: Mapped[int] = mapped_column(ForeignKey("grant_applications.id", ondelete="CASCADE"),
                                                index=True, nullable=False)
    position: Mapped[int] = mapped_column(Integer, nullable=False)
    result: Mapped[str] = mapped_column(String(1000), nullable=False)
    indicator: Mapped[str] = mapped_column(String(300), nullable=False)
    target: Mapped[int] = mapped_column(Integer, nullable=False)
    reached: Mapped[int | None] = mapped_column(Integer)  # from the final report


class GrantBudgetLine(db.Model):
    __tablename__ = "grant_budget_lines"

    id: Mapped[int] = mapped_column(primary_key=True)
    application_id: Mapped[int] = mapped_column(ForeignKey("grant_applications.id", ondelete="CASCADE"),
                                                index=True, nullable=False)
    position: Mapped[int] = mapped_column(Integer, nullable=False)
    category: Mapped[str] = mapped_column(String(32), nullable=False)  # BUDGET_CATEGORIES
    description: Mapped[str] = mapped_column(String(300), nullable=False)
    quantity: Mapped[int] = mapped_column(Integer, nullable=False)
    unit_cost: Mapped[int] = mapped_column(BigInteger, nullable=False)  # grosze

    @property
    def total(self) -> int:
        return self.quantity * self.unit_cost


class GrantReview(db.Model):
    """A reviewer's assignment to an application, and their scores once submitted."""

    __tablename__ = "grant_reviews"
    __table_args__ = (UniqueConstraint("application_id", "reviewer_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    application_id: Mapped[int] = mapped_column(ForeignKey("grant_applications.id", ondelete="CASCADE"),
                                                nullable=False)
    # NULL once a submitted review's author deleted their account: the scores stay (the ranking and
    # the decisions rest on them), as posts stay with "deleted user".
    reviewer_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"), index=True)
    assigned_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    assigned_at: Mapped[datetime] = mapped_column(UTCDateTime, nullable=False)
    submitted_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    application: Mapped[GrantApplication] = relationship(back_populates="reviews")
    reviewer = relationship("User", foreign_keys=[reviewer_id], lazy="joined")
    scores: Mapped[list["GrantScore"]] = relationship(cascade="all, delete-orphan", lazy="selectin")


class GrantScore(db.Model):
    __tablename__ = "grant_scores"
    __table_args__ = (UniqueConstraint("review_id", "criterion_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    review_id: Mapped[int] = mapped_column(ForeignKey("grant_reviews.id", ondelete="CASCADE"), nullable=False)
    criterion_id: Mapped[int] = mapped_column(ForeignKey("grant_criteria.id", ondelete="CASCADE"), index=True,
                                              nullable=False)
    points: Mapped[int] = mapped_column(Integer, nullable=False)
    comment: Mapped[str] = mapped_column(Text, default="", nullable=False)


class GrantReviewerInvitation(TimestampMixin, db.Model):
    """The secretariat's invitation of an e-mail address with no account to review an application;
    its signed link lets the person create a reviewer account, which is then assigned."""

    __tablename__ = "grant_reviewer_invitations"

    id: Mapped[int] = mapped_column(primary_key=True)
    application_id: Mapped[int] = mapped_column(ForeignKey("grant_applications.id", ondelete="CASCADE"),
                                                index=True, nullable=False)
    email: Mapped[str] = mapped_column(String(254), nullable=False)
    invited_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    accepted_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    accepted_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))

    application: Mapped[GrantApplication] = relationship()


class GrantReport(TimestampMixin, db.Model):
    """The final report of a granted project; the secretariat accepts it or returns it with comments."""

    __tablename__ = "grant_reports"

    id: Mapped[int] = mapped_column(primary_key=True)
    application_id: Mapped[int] = mapped_column(ForeignKey("grant_applications.id", ondelete="CASCADE"),
                                                unique=True, nullable=False)
    status: Mapped[str] = mapped_column(String(16), default="draft", nullable=False)  # REPORT_STATUSES
    done: Mapped[str] = mapped_column(Text, default="", nullable=False)  # what was done
    spent: Mapped[int] = mapped_column(BigInteger, default=0, nullable=False)  # grosze of the grant spent
    own_spent: Mapped[int] = mapped_column(BigInteger, default=0, nullable=False)  # grosze of own contribution
    submitted_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    comment: Mapped[str] = mapped_column(Text, default="", nullable=False)  # the secretariat's
    reviewed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    @property
    def is_editable(self) -> bool:
        return self.status in ("draft", "returned")
