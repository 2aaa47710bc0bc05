"""events: reminders before an event

- events.reminder_hours: how many hours before each occurrence registrants are reminded
  (NULL: no reminder); existing events get the default, one day.
- event_reminders_sent: one row per registration and occurrence reminded, claimed before the
  e-mail leaves, so that send-reminders never reminds anyone twice.

Revision ID: events_2
Revises: directory_2
Create Date: 2026-12-02 02:00:00

"""
import sqlalchemy as sa
from alembic import op

import app.db

revision = "events_2"
down_revision = "directory_2"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("events", schema=None) as batch_op:
        batch_op.add_column(sa.Column("reminder_hours", sa.Integer(), nullable=True))
    op.execute(sa.text("UPDATE events SET reminder_hours = 24"))
    op.create_table(
        "event_reminders_sent",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("registration_id", sa.Integer(), nullable=False),
        sa.Column("occurrence_key", sa.String(length=10), nullable=False),
        sa.Column("sent_at", app.db.UTCDateTime(), nullable=False),
        sa.ForeignKeyConstraint(["registration_id"], ["event_registrations.id"],
                                name=op.f("fk_event_reminders_sent_registration_id_event_registrations"),
                                ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_event_reminders_sent")),
        sa.UniqueConstraint("registration_id", "occurrence_key",
                            name=op.f("uq_event_reminders_sent_registration_id")),
    )


def downgrade():
    op.drop_table("event_reminders_sent")
    with op.batch_alter_table("events", schema=None) as batch_op:
        batch_op.drop_column("reminder_hours")
