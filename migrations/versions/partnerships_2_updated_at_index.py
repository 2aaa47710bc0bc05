"""partnership_posts: an index on updated_at

The board's kept order (partnerships/queries.py, app/kept.py) is checked against the posts' data
version, max(partnership_posts.updated_at), on every board and home page: without an index
SQLite read every post's row, descriptions and all (2 of the statement's 2.7 ms at the large size).

Revision ID: partnerships_2
Revises: directory_3
Create Date: 2026-12-08 00:20:00

"""
from alembic import op

revision = "partnerships_2"
down_revision = "directory_3"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("partnership_posts", schema=None) as batch_op:
        batch_op.create_index("ix_partnership_posts_updated_at", ["updated_at"], unique=False)


def downgrade():
    with op.batch_alter_table("partnership_posts", schema=None) as batch_op:
        batch_op.drop_index("ix_partnership_posts_updated_at")
