"""events: messages from the organisers to the registrants of one date

- event_messages: what was written (subject, body), to whom (audience), by whom, to how many.
- event_message_recipients: who it went to (they may read it on the site).

Revision ID: events_3
Revises: events_2
Create Date: 2026-12-07 10:45:00

"""
import sqlalchemy as sa
from alembic import op

import app.db

revision = "events_3"
down_revision = "events_2"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "event_messages",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("event_id", sa.Integer(), nullable=False),
        sa.Column("occurrence_key", sa.String(length=10), nullable=False),
        sa.Column("audience", sa.String(length=16), nullable=False),
        sa.Column("subject", sa.String(length=200), nullable=False),
        sa.Column("body", sa.Text(), nullable=False),
        sa.Column("body_html", sa.Text(), nullable=False),
        sa.Column("sender_id", sa.Integer(), nullable=True),
        sa.Column("recipient_count", sa.Integer(), nullable=False),
        sa.Column("created_at", app.db.UTCDateTime(), nullable=False),
        sa.Column("updated_at", app.db.UTCDateTime(), nullable=False),
        sa.ForeignKeyConstraint(["event_id"], ["events.id"], name=op.f("fk_event_messages_event_id_events"),
                                ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["sender_id"], ["users.id"], name=op.f("fk_event_messages_sender_id_users"),
                                ondelete="SET NULL"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_event_messages")),
    )
    op.create_index("ix_event_messages_event_occurrence", "event_messages", ["event_id", "occurrence_key"])
    op.create_table(
        "event_message_recipients",
        sa.Column("message_id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(["message_id"], ["event_messages.id"],
                                name=op.f("fk_event_message_recipients_message_id_event_messages"), ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["user_id"], ["users.id"], name=op.f("fk_event_message_recipients_user_id_users"),
                                ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("message_id", "user_id", name=op.f("pk_event_message_recipients")),
    )
    op.create_index(op.f("ix_event_message_recipients_user_id"), "event_message_recipients", ["user_id"])


def downgrade():
    op.drop_index(op.f("ix_event_message_recipients_user_id"), table_name="event_message_recipients")
    op.drop_table("event_message_recipients")
    op.drop_index("ix_event_messages_event_occurrence", table_name="event_messages")
    op.drop_table("event_messages")
