"""library: readers follow library themes (new documents arrive in their notifications)

- library_theme_follows: (user, thematic area slug).

Revision ID: library_2
Revises: files_1
Create Date: 2026-12-07 11:10:00

"""
import sqlalchemy as sa
from alembic import op

revision = "library_2"
down_revision = "files_1"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "library_theme_follows",
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("theme", sa.String(length=64), nullable=False),
        sa.ForeignKeyConstraint(["user_id"], ["users.id"], name=op.f("fk_library_theme_follows_user_id_users"),
                                ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("user_id", "theme", name=op.f("pk_library_theme_follows")),
    )
    with op.batch_alter_table("library_theme_follows", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_library_theme_follows_theme"), ["theme"], unique=False)


def downgrade():
    with op.batch_alter_table("library_theme_follows", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_library_theme_follows_theme"))
    op.drop_table("library_theme_follows")
