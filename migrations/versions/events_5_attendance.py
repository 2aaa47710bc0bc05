"""events: attendance of each meeting (registrants ticked, people who came without registering)

Revision ID: events_5
Revises: events_4
Create Date: 2026-12-07 11:30:00

"""
import sqlalchemy as sa
from alembic import op

import app.db

revision = "events_5"
down_revision = "events_4"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "event_attendance",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("event_id", sa.Integer(), nullable=False),
        sa.Column("occurrence_key", sa.String(length=10), nullable=False),
        sa.Column("registration_id", sa.Integer(), nullable=True),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("organisation_name", sa.String(length=300), nullable=True),
        sa.Column("recorded_by_id", sa.Integer(), nullable=True),
        sa.Column("created_at", app.db.UTCDateTime(), nullable=False),
        sa.Column("updated_at", app.db.UTCDateTime(), nullable=False),
        sa.ForeignKeyConstraint(["event_id"], ["events.id"], name=op.f("fk_event_attendance_event_id_events"),
                                ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["recorded_by_id"], ["users.id"], name=op.f("fk_event_attendance_recorded_by_id_users"),
                                ondelete="SET NULL"),
        sa.ForeignKeyConstraint(["registration_id"], ["event_registrations.id"],
                                name=op.f("fk_event_attendance_registration_id_event_registrations"),
                                ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_event_attendance")),
        sa.UniqueConstraint("event_id", "occurrence_key", "registration_id",
                            name=op.f("uq_event_attendance_event_id")),
    )
    op.create_index("ix_event_attendance_event_occurrence", "event_attendance", ["event_id", "occurrence_key"])


def downgrade():
    op.drop_index("ix_event_attendance_event_occurrence", table_name="event_attendance")
    op.drop_table("event_attendance")
