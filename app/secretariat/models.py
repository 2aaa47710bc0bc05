"""The moderation log: every action of the secretariat, with who, what, when and why."""
from sqlalchemy import ForeignKey, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.db import TimestampMixin
from app.extensions import db


class ModerationLogEntry(TimestampMixin, db.Model):
    __tablename__ = "moderation_log"

    id: Mapped[int] = mapped_column(primary_key=True)
    actor_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"), index=True)
    # "post.hide", "thread.lock", "thread.move", "org.verify", "user.suspend", ...
    action: Mapped[str] = mapped_column(String(48), index=True, nullable=False)
    target_kind: Mapped[str] = mapped_column(String(32), nullable=False)  # "post", "thread", "organisation", "user"…
    target_id: Mapped[int] = mapped_column(nullable=False)
    target_label: Mapped[str] = mapped_column(String(300), default="", nullable=False)  # readable, kept if target goes
    reason: Mapped[str] = mapped_column(Text, default="", nullable=False)
    details: Mapped[str] = mapped_column(String(500), default="", nullable=False)  # e.g. "from housing to health"

    actor = relationship("User")
