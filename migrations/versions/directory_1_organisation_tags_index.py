"""organisation tags: index on (vocabulary, slug, organisation_id)

The directory's tag filters and facet counts and the partnership match lists select
organisations by "has this theme / county" (organisation_id IN (SELECT ... WHERE vocabulary = ?
AND slug IN (...))); without this index each such subquery scanned the whole tag table (with
organisation_id in it, the index alone answers them).

Revision ID: directory_1
Revises: 0002
Create Date: 2026-11-30 01:30:00

"""
from alembic import op

revision = "directory_1"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("organisation_tags", schema=None) as batch_op:
        batch_op.create_index("ix_organisation_tags_vocabulary_slug", ["vocabulary", "slug", "organisation_id"],
                              unique=False)


def downgrade():
    with op.batch_alter_table("organisation_tags", schema=None) as batch_op:
        batch_op.drop_index("ix_organisation_tags_vocabulary_slug")
