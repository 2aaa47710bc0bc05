"""search: the postgres backend's tsvectors compressed with lz4, where the server has it

A phrase, or any search that must look at word positions, re-reads the tsvector of every
candidate row, and a large one (a library document's text) is stored compressed. lz4 unpacks
several times faster than PostgreSQL's default pglz: at the large size the capped counts of
"karta pobytu" went from 73 to 55 ms. Rows written before keep their compression until
they are written again (`flask search-reindex` rewrites them all). A server built without lz4
keeps pglz. PostgreSQL only: on SQLite the table stays empty.

Revision ID: search_3
Revises: grants_6
Create Date: 2026-12-07 18:05:00

"""
from alembic import op
from sqlalchemy import text

revision = "search_3"
down_revision = "grants_6"
branch_labels = None
depends_on = None


def _server_has_lz4(bind) -> bool:
    return bool(bind.execute(text(
        "SELECT 'lz4' = ANY(enumvals) FROM pg_settings WHERE name = 'default_toast_compression'")).scalar())


def upgrade():
    bind = op.get_bind()
    if bind.dialect.name == "postgresql" and _server_has_lz4(bind):
        op.execute("ALTER TABLE search_document ALTER COLUMN vector SET COMPRESSION lz4")


def downgrade():
    if op.get_bind().dialect.name == "postgresql":
        op.execute("ALTER TABLE search_document ALTER COLUMN vector SET COMPRESSION DEFAULT")
