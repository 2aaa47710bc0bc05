"""search: indexes that keep a very common word's search bounded on the postgres backend

The tsvector's GIN index also holds the kind (btree_gin), so the capped count of one kind reads
only that kind's matches; a btree on (kind, date) and one on date give the newest matches
without visiting every one; a GIN index on the exact names finds an organisation named by the
query among any number of matches (querying.py). PostgreSQL only: on SQLite the table stays
empty. btree_gin is a trusted extension since PostgreSQL 13: the database's owner may create it.

Revision ID: search_2
Revises: grants_3
Create Date: 2026-12-07 14:05:00

"""
from alembic import op

revision = "search_2"
down_revision = "grants_3"
branch_labels = None
depends_on = None


def upgrade():
    if op.get_bind().dialect.name == "postgresql":
        op.execute("CREATE EXTENSION IF NOT EXISTS btree_gin")
    with op.batch_alter_table("search_document", schema=None) as batch_op:
        batch_op.drop_index("ix_search_document_vector")
        batch_op.create_index("ix_search_document_vector_kind", ["vector", "kind"], unique=False, postgresql_using="gin")
        batch_op.create_index("ix_search_document_kind_date", ["kind", "date"], unique=False)
        batch_op.create_index("ix_search_document_date", ["date"], unique=False)
        batch_op.create_index("ix_search_document_names", ["names"], unique=False, postgresql_using="gin")


def downgrade():
    with op.batch_alter_table("search_document", schema=None) as batch_op:
        for name in ("names", "date", "kind_date", "vector_kind"):
            batch_op.drop_index(f"ix_search_document_{name}")
        batch_op.create_index("ix_search_document_vector", ["vector"], unique=False, postgresql_using="gin")
