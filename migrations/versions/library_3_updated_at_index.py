"""library_documents: an index on updated_at

The library's kept lists, facet counts and newest documents (library/queries.py, app/kept.py)
are checked against the documents' data version, max(library_documents.updated_at), on every
library list and home page. A document's row is wide (summaries in three languages, the search
text): without an index SQLite reads every one.

Revision ID: library_3
Revises: partnerships_2
Create Date: 2026-12-08 00:40:00

"""
from alembic import op

revision = "library_3"
down_revision = "partnerships_2"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("library_documents", schema=None) as batch_op:
        batch_op.create_index("ix_library_documents_updated_at", ["updated_at"], unique=False)


def downgrade():
    with op.batch_alter_table("library_documents", schema=None) as batch_op:
        batch_op.drop_index("ix_library_documents_updated_at")
