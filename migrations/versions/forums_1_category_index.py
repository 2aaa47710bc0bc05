"""forum_threads: the category index also holds what the visibility rule and the counts read

(category_id, pinned, last_post_at) + (hidden_at, working_group_id, reply_count). A category
page counts its visible threads (not hidden, not a working group's): at the large size (5,132
threads in the busiest category) that count read every thread's row, 4-5 ms; from the index
alone, 0.6 ms. The forum index's per-category counts (threads and posts) read the same columns.
A reply rewrites the thread's entry already (last_post_at moves), so writes cost no more.

Revision ID: forums_1
Revises: library_3
Create Date: 2026-12-08 00:50:00

"""
from alembic import op

revision = "forums_1"
down_revision = "library_3"
branch_labels = None
depends_on = None

WIDE = ["category_id", "pinned", "last_post_at", "hidden_at", "working_group_id", "reply_count"]


def upgrade():
    with op.batch_alter_table("forum_threads", schema=None) as batch_op:
        batch_op.drop_index("ix_forum_threads_category_order")
        batch_op.create_index("ix_forum_threads_category_order", WIDE, unique=False)


def downgrade():
    with op.batch_alter_table("forum_threads", schema=None) as batch_op:
        batch_op.drop_index("ix_forum_threads_category_order")
        batch_op.create_index("ix_forum_threads_category_order", WIDE[:3], unique=False)
