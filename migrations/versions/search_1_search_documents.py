"""search: the postgres backend's tables (search_document, search_word)

One row per search document: kind, key, grants, themes, counties, parents, the exact names,
date, title and body, its digest, and a tsvector of the app's own analysis; GIN indexes on the
tsvector and the arrays; search_word holds the indexed words with a trigram (GiST) index for
"did you mean". Created on SQLite too, with plain types (the same migrations everywhere,
architecture rule 11): it stays empty there and under SEARCH_BACKEND=whoosh, so switching
backends on PostgreSQL needs only `flask search-reindex`. pg_trgm is a trusted extension since
PostgreSQL 13: the database's owner may create it.

Revision ID: search_1
Revises: events_5
Create Date: 2026-12-07 11:10:00

"""
import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision = "search_1"
down_revision = "events_5"
branch_labels = None
depends_on = None

TEXT_LIST = postgresql.ARRAY(sa.Text()).with_variant(sa.JSON(), "sqlite")


def upgrade():
    if op.get_bind().dialect.name == "postgresql":
        op.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
    op.create_table(
        "search_document",
        sa.Column("key", sa.String(length=80), nullable=False),
        sa.Column("kind", sa.String(length=20), nullable=False),
        sa.Column("grants", TEXT_LIST, nullable=False),
        sa.Column("themes", TEXT_LIST, nullable=False),
        sa.Column("counties", TEXT_LIST, nullable=False),
        sa.Column("parents", TEXT_LIST, nullable=False),
        sa.Column("names", TEXT_LIST, nullable=False),
        sa.Column("date", sa.BigInteger(), nullable=False),
        sa.Column("title", sa.Text(), nullable=False),
        sa.Column("body", sa.Text(), nullable=False),
        sa.Column("digest", sa.String(length=40), nullable=False),
        sa.Column("vector", postgresql.TSVECTOR().with_variant(sa.Text(), "sqlite"), nullable=False),
        sa.PrimaryKeyConstraint("key", name=op.f("pk_search_document")),
    )
    with op.batch_alter_table("search_document", schema=None) as batch_op:
        for column in ("vector", "grants", "themes", "counties", "parents"):
            batch_op.create_index(f"ix_search_document_{column}", [column], unique=False, postgresql_using="gin")
    op.create_table(
        "search_word",
        sa.Column("word", sa.Text(), nullable=False),
        sa.PrimaryKeyConstraint("word", name=op.f("pk_search_word")),
    )
    with op.batch_alter_table("search_word", schema=None) as batch_op:
        batch_op.create_index("ix_search_word_trigrams", ["word"], unique=False, postgresql_using="gist",
                              postgresql_ops={"word": "gist_trgm_ops"})


def downgrade():
    with op.batch_alter_table("search_word", schema=None) as batch_op:
        batch_op.drop_index("ix_search_word_trigrams")
    op.drop_table("search_word")
    with op.batch_alter_table("search_document", schema=None) as batch_op:
        for column in ("parents", "counties", "themes", "grants", "vector"):
            batch_op.drop_index(f"ix_search_document_{column}")
    op.drop_table("search_document")
