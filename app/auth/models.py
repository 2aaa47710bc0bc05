"""Accounts."""
from datetime import datetime

from flask import current_app
from flask_login import UserMixin
from sqlalchemy import String
from sqlalchemy.orm import Mapped, mapped_column
from werkzeug.security import check_password_hash, generate_password_hash

from app.db import TimestampMixin, UTCDateTime
from app.extensions import db

# "reviewer": an account made from the secretariat's invitation to review small-grant applications
# (app/grants/review.py); it has no organisation and sees the applications given to it.
ROLES = ("member", "reviewer", "moderator", "admin")


class User(UserMixin, TimestampMixin, db.Model):
    __tablename__ = "users"

    id: Mapped[int] = mapped_column(primary_key=True)
    email: Mapped[str] = mapped_column(String(254), unique=True, nullable=False)
    username: Mapped[str] = mapped_column(String(40), unique=True, nullable=False)
    display_name: Mapped[str] = mapped_column(String(80), nullable=False)
    password_hash: Mapped[str] = mapped_column(String(255), nullable=False)
    role: Mapped[str] = mapped_column(String(16), default="member", nullable=False)
    language: Mapped[str | None] = mapped_column(String(5))
    confirmed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    terms_accepted_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    suspended_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    suspension_reason: Mapped[str | None] = mapped_column(String(500))
    # Part of the login cookie: bumping it ends every session of this user on the server.
    session_version: Mapped[int] = mapped_column(default=1, nullable=False)
    last_login_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    def set_password(self, password: str) -> None:
        # scrypt in production; tests configure a cheaper method to stay fast.
        method = current_app.config.get("PASSWORD_HASH_METHOD", "scrypt")
        self.password_hash = generate_password_hash(password, method=method)

    def check_password(self, password: str) -> bool:
        return check_password_hash(self.password_hash, password)

    def get_id(self) -> str:
        return f"{self.id}:{self.session_version}"

    @property
    def is_confirmed(self) -> bool:
        return self.confirmed_at is not None

    @property
    def is_suspended(self) -> bool:
        return self.suspended_at is not None

    @property
    def is_moderator(self) -> bool:
        return self.role in ("moderator", "admin")

    @property
    def is_admin(self) -> bool:
        return self.role == "admin"

    # The policy's principal holds the memberships (app/permissions/principal.py); these two
    # read it, for the parts that only ask "which organisations".
    def member_org_ids(self) -> frozenset:
        """Ids of organisations this user is an active member (or admin) of."""
        from app.permissions.principal import principal_of  # the policy imports this model

        return principal_of(self).member_org_ids

    def admin_org_ids(self) -> frozenset:
        """Ids of organisations this user administers."""
        from app.permissions.principal import principal_of

        return principal_of(self).admin_org_ids

    def __repr__(self) -> str:
        return f"<User {self.id} {self.username}>"
