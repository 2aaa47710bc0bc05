"""memberships: an index for the profile's list of members

An organisation's profile lists its first active members, admins first, then by name
(directory.queries.members_shown). SQLite read each membership's row for its status and role:
0.75 ms for the benchmark's busiest organisation (410 members); with (organisation_id, status,
role, user_id) it reads the index alone and the rows come in role order, 0.21 ms.

Revision ID: directory_4
Revises: forums_1
Create Date: 2026-12-08 03:00:00

"""
from alembic import op

revision = "directory_4"
down_revision = "forums_1"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("memberships", schema=None) as batch_op:
        batch_op.create_index("ix_memberships_listing", ["organisation_id", "status", "role", "user_id"], unique=False)


def downgrade():
    with op.batch_alter_table("memberships", schema=None) as batch_op:
        batch_op.drop_index("ix_memberships_listing")
