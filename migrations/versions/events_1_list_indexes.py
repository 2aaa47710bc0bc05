"""events: indexes for the lists, the month grid, the tag filters and the feeds' data version

- (status, starts_at, last_ends_at) replaces (status, starts_at): every list selects events
  that start before the window's end and whose last occurrence ends after its start; with
  last_ends_at in the index the second test needs no row read (month grid: 6 ms → 1 ms of SQL).
- (status, county, starts_at, last_ends_at): the same for the county filter (Kraków and two
  filters: 8 ms → 1 ms per statement).
- event_tags (vocabulary, slug): "has this theme / language" subqueries scanned the whole table.
- (status, starts_at, last_ends_at) of series only (partial, recurrence_rule IS NOT NULL): the
  lists expand the few hundred series, which SQLite otherwise found among every event.
- events.updated_at: max(updated_at), part of the feeds' data version, in one index lookup.

Revision ID: events_1
Revises: directory_1
Create Date: 2026-11-30 01:30:00

"""
import sqlalchemy as sa
from alembic import op

revision = "events_1"
down_revision = "directory_1"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("events", schema=None) as batch_op:
        batch_op.drop_index("ix_events_status_starts")
        batch_op.create_index("ix_events_status_starts_last", ["status", "starts_at", "last_ends_at"], unique=False)
        batch_op.create_index("ix_events_status_county_starts", ["status", "county", "starts_at", "last_ends_at"],
                              unique=False)
        batch_op.create_index("ix_events_updated_at", ["updated_at"], unique=False)
        batch_op.create_index("ix_events_series", ["status", "starts_at", "last_ends_at"], unique=False,
                              sqlite_where=sa.text("recurrence_rule IS NOT NULL"),
                              postgresql_where=sa.text("recurrence_rule IS NOT NULL"))
    with op.batch_alter_table("event_tags", schema=None) as batch_op:
        batch_op.create_index("ix_event_tags_vocabulary_slug", ["vocabulary", "slug"], unique=False)


def downgrade():
    with op.batch_alter_table("event_tags", schema=None) as batch_op:
        batch_op.drop_index("ix_event_tags_vocabulary_slug")
    with op.batch_alter_table("events", schema=None) as batch_op:
        batch_op.drop_index("ix_events_series")
        batch_op.drop_index("ix_events_updated_at")
        batch_op.drop_index("ix_events_status_county_starts")
        batch_op.drop_index("ix_events_status_starts_last")
        batch_op.create_index("ix_events_status_starts", ["status", "starts_at"], unique=False)
