"""organisations: an index on updated_at

The events' data version (events/derived.py), read by the home page and every events list,
takes max(organisations.updated_at): without an index SQLite read every organisation's row,
descriptions and all (1.4 ms of the statement's 2.4 ms at the large size; 0.6 ms with it).

Revision ID: directory_3
Revises: partnerships_1
Create Date: 2026-12-07 21:40:00

"""
from alembic import op

revision = "directory_3"
down_revision = "partnerships_1"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("organisations", schema=None) as batch_op:
        batch_op.create_index("ix_organisations_updated_at", ["updated_at"], unique=False)


def downgrade():
    with op.batch_alter_table("organisations", schema=None) as batch_op:
        batch_op.drop_index("ix_organisations_updated_at")
