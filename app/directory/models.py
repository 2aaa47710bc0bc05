"""The organisation directory: organisations, their tags and their members."""
from datetime import datetime

from sqlalchemy import ForeignKey, Index, String, Text, UniqueConstraint, and_, event
from sqlalchemy.ext.hybrid import hybrid_property
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.db import TimestampMixin, UTCDateTime, utcnow
from app.directory.addresses import CITY_MAX, STREET_MAX, address_line
from app.directory.naming import name_key, polish_sort_key, search_key
from app.directory.registry_numbers import REGISTRIES
from app.extensions import db
from app.tags import TaggedMixin, TagRowMixin

# Vocabularies an organisation is tagged with (see taxonomy.json).
ORG_TAG_VOCABULARIES = ("thematic_areas", "target_groups", "counties", "languages")
DESCRIPTION_LANGUAGES = ("pl", "en", "uk")
MEMBER_ROLES = ("admin", "member")
MEMBERSHIP_STATES = ("active", "requested")


class OrganisationTag(TagRowMixin, db.Model):
    __tablename__ = "organisation_tags"
    # "Organisations with this theme / county" (the list's filters and facet counts, partner matching),
    # answered from the index alone: it holds the organisation_id too.
    __table_args__ = (Index("ix_organisation_tags_vocabulary_slug", "vocabulary", "slug", "organisation_id"),)

    organisation_id: Mapped[int] = mapped_column(
        ForeignKey("organisations.id", ondelete="CASCADE"), primary_key=True
    )


class Organisation(TaggedMixin, TimestampMixin, db.Model):
    __tablename__ = "organisations"
    # The data versions of kept values read max(updated_at) on every list and home page (app/kept.py).
    __table_args__ = (Index("ix_organisations_updated_at", "updated_at"),)
    TAG_MODEL = OrganisationTag

    id: Mapped[int] = mapped_column(primary_key=True)
    slug: Mapped[str] = mapped_column(String(100), unique=True, nullable=False)
    name: Mapped[str] = mapped_column(String(200), nullable=False)
    # Lower-cased, diacritics folded name: two organisations may not share it.
    name_key: Mapped[str] = mapped_column(String(200), unique=True, nullable=False)
    # Polish collation key for sorting by name ("Ł" after "L"), same on SQLite and PostgreSQL.
    sort_key: Mapped[str] = mapped_column(String(400), index=True, nullable=False)
    short_name: Mapped[str | None] = mapped_column(String(60))
    org_type: Mapped[str] = mapped_column(String(64), nullable=False)
    sector: Mapped[str] = mapped_column(String(64), index=True, nullable=False)
    whole_region: Mapped[bool] = mapped_column(default=False, nullable=False)
    # The postal address in its parts (HSDS and the post need them apart); `address` joins them.
    street: Mapped[str | None] = mapped_column(String(STREET_MAX))
    postcode: Mapped[str | None] = mapped_column(String(6))
    city: Mapped[str | None] = mapped_column(String(CITY_MAX))
    # Registry numbers (digits only, checked in registry_numbers.py), shown to the secretariat.
    krs: Mapped[str | None] = mapped_column(String(10))
    nip: Mapped[str | None] = mapped_column(String(10))
    regon: Mapped[str | None] = mapped_column(String(14))
    email: Mapped[str | None] = mapped_column(String(254))
    phone: Mapped[str | None] = mapped_column(String(40))
    website: Mapped[str | None] = mapped_column(String(300))
    description_pl: Mapped[str | None] = mapped_column(Text)
    description_pl_html: Mapped[str | None] = mapped_column(Text)
    description_en: Mapped[str | None] = mapped_column(Text)
    description_en_html: Mapped[str | None] = mapped_column(Text)
    description_uk: Mapped[str | None] = mapped_column(Text)
    description_uk_html: Mapped[str | None] = mapped_column(Text)
    verified_at: Mapped[datetime | None] = mapped_column(UTCDateTime, index=True)
    verified_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    refused_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    refusal_reason: Mapped[str | None] = mapped_column(String(1000))
    # Bumped by anything the organisation does (posts, events, partnership posts): "recent activity" sort.
    last_activity_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, index=True, nullable=False)
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    # Folded (ASCII, lower-case) name, short name, address and descriptions: the list's q filter.
    search_text: Mapped[str] = mapped_column(Text, default="", nullable=False)

    tags: Mapped[list[OrganisationTag]] = relationship(cascade="all, delete-orphan", lazy="selectin")
    memberships: Mapped[list["Membership"]] = relationship(
        back_populates="organisation", cascade="all, delete-orphan"
    )

    @property
    def is_verified(self) -> bool:
        return self.verified_at is not None

    @property
    def is_refused(self) -> bool:
        return self.verified_at is None and self.refused_at is not None

    @property
    def is_pending(self) -> bool:
        """Awaiting the secretariat's decision."""
        return self.verified_at is None and self.refused_at is None

    @property
    def address(self) -> str:
        """The address on one line, "ul. Wałowa 12, 33-100 Tarnów" ("" when none is given)."""
        return address_line(self.street, self.postcode, self.city)

    @property
    def registry_numbers(self) -> list[tuple]:
        """(Registry, number) of the registry numbers given, in the order KRS, NIP, REGON."""
        return [(registry, getattr(self, registry.field)) for registry in REGISTRIES
                if getattr(self, registry.field)]

    @property
    def descriptions(self) -> dict:
        """{language: Markdown source} of the descriptions written."""
        return {lang: getattr(self, f"description_{lang}") for lang in DESCRIPTION_LANGUAGES
                if getattr(self, f"description_{lang}")}

    def description_in(self, lang: str) -> tuple[str | None, str | None]:
        """(language, HTML) of the description in lang, else the first one written."""
        for candidate in (lang, *DESCRIPTION_LANGUAGES):
            html = getattr(self, f"description_{candidate}_html", None)
            if html:
                return candidate, html
        return None, None

    def description_excerpt(self, lang: str, length: int = 220) -> str:
        """The first words of the description shown to a reader of lang (plain text)."""
        from app.text import sanitised_text, shorten

        # The stored *_html was sanitised when written: no need to run bleach per card.
        return shorten(sanitised_text(self.description_in(lang)[1]), length)

    def __repr__(self) -> str:
        return f"<Organisation {self.id} {self.slug}>"


@event.listens_for(Organisation, "before_insert")
@event.listens_for(Organisation, "before_update")
def _derive_keys(mapper, connection, org: Organisation) -> None:
    """Keys derived from the name and texts, whoever wrote the row (services, factories, demo)."""
    org.name_key = name_key(org.name)
    org.sort_key = polish_sort_key(org.name)
    org.search_text = search_key(org.name, org.short_name, org.address, org.description_pl,
                                 org.description_en, org.description_uk)


class Membership(TimestampMixin, db.Model):
    __tablename__ = "memberships"
    __table_args__ = (
        UniqueConstraint("organisation_id", "user_id"),
        # A profile's list of members reads this index alone (queries.members_shown).
        Index("ix_memberships_listing", "organisation_id", "status", "role", "user_id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    organisation_id: Mapped[int] = mapped_column(ForeignKey("organisations.id", ondelete="CASCADE"), index=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    role: Mapped[str] = mapped_column(String(16), default="member", nullable=False)  # MEMBER_ROLES
    status: Mapped[str] = mapped_column(String(16), default="active", nullable=False)  # MEMBERSHIP_STATES
    message: Mapped[str | None] = mapped_column(String(1000))  # what a join request said

    organisation: Mapped[Organisation] = relationship(back_populates="memberships")
    user: Mapped["User"] = relationship()  # noqa: F821

    @property
    def is_active(self) -> bool:
        return self.status == "active"

    @hybrid_property
    def is_admin(self) -> bool:
        """An active admin of the organisation (also a SQL condition: Membership.is_admin)."""
        return self.status == "active" and self.role == "admin"

    @is_admin.inplace.expression
    @classmethod
    def _is_admin_condition(cls):
        return and_(cls.status == "active", cls.role == "admin")


class Invitation(TimestampMixin, db.Model):
    """An org admin's invitation of an e-mail address; the signed link joins the account that opens it."""

    __tablename__ = "invitations"

    id: Mapped[int] = mapped_column(primary_key=True)
    organisation_id: Mapped[int] = mapped_column(ForeignKey("organisations.id", ondelete="CASCADE"), index=True)
    email: Mapped[str] = mapped_column(String(254), nullable=False)
    invited_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    accepted_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    accepted_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))

    organisation: Mapped[Organisation] = relationship()
