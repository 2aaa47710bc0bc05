"""events: registration questions, their answers, the organisation represented and the public list

- event_questions: the questions an event's registration form asks (pl/en/uk, kind, required).
- event_registration_answers: each answer with the question's text as asked (question_id is
  set to NULL when the question is removed; the answer stays readable).
- event_registrations.organisation_name, .listed: the organisation a registrant represents and
  their consent to appear on the public list; events.public_participants: the list is shown.

Revision ID: events_4
Revises: events_3
Create Date: 2026-12-07 11:00:00

"""
import sqlalchemy as sa
from alembic import op

import app.db

revision = "events_4"
down_revision = "events_3"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("events", schema=None) as batch_op:
        batch_op.add_column(sa.Column("public_participants", sa.Boolean(), server_default=sa.text("false"),
                                      nullable=False))
    with op.batch_alter_table("event_registrations", schema=None) as batch_op:
        batch_op.add_column(sa.Column("organisation_name", sa.String(length=300), nullable=True))
        batch_op.add_column(sa.Column("listed", sa.Boolean(), server_default=sa.text("false"), nullable=False))
    op.create_table(
        "event_questions",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("event_id", sa.Integer(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=16), nullable=False),
        sa.Column("required", sa.Boolean(), nullable=False),
        sa.Column("label_pl", sa.String(length=300), nullable=False),
        sa.Column("label_en", sa.String(length=300), nullable=False),
        sa.Column("label_uk", sa.String(length=300), nullable=False),
        sa.Column("choices_pl", sa.Text(), nullable=False),
        sa.Column("choices_en", sa.Text(), nullable=False),
        sa.Column("choices_uk", sa.Text(), nullable=False),
        sa.Column("created_at", app.db.UTCDateTime(), nullable=False),
        sa.Column("updated_at", app.db.UTCDateTime(), nullable=False),
        sa.ForeignKeyConstraint(["event_id"], ["events.id"], name=op.f("fk_event_questions_event_id_events"),
                                ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_event_questions")),
    )
    op.create_index(op.f("ix_event_questions_event_id"), "event_questions", ["event_id"])
    op.create_table(
        "event_registration_answers",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("registration_id", sa.Integer(), nullable=False),
        sa.Column("question_id", sa.Integer(), nullable=True),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=16), nullable=False),
        sa.Column("question_text", sa.String(length=300), nullable=False),
        sa.Column("answer", sa.Text(), nullable=False),
        sa.ForeignKeyConstraint(["question_id"], ["event_questions.id"],
                                name=op.f("fk_event_registration_answers_question_id_event_questions"),
                                ondelete="SET NULL"),
        sa.ForeignKeyConstraint(["registration_id"], ["event_registrations.id"],
                                name=op.f("fk_event_registration_answers_registration_id_event_registrations"),
                                ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_event_registration_answers")),
    )
    op.create_index(op.f("ix_event_registration_answers_registration_id"), "event_registration_answers",
                    ["registration_id"])


def downgrade():
    op.drop_index(op.f("ix_event_registration_answers_registration_id"), table_name="event_registration_answers")
    op.drop_table("event_registration_answers")
    op.drop_index(op.f("ix_event_questions_event_id"), table_name="event_questions")
    op.drop_table("event_questions")
    with op.batch_alter_table("event_registrations", schema=None) as batch_op:
        batch_op.drop_column("listed")
        batch_op.drop_column("organisation_name")
    with op.batch_alter_table("events", schema=None) as batch_op:
        batch_op.drop_column("public_participants")
