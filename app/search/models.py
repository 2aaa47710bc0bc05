"""The postgres backend's tables: one row per search document, and the words they hold.

Created by the same migration on SQLite and PostgreSQL (one schema history, one metadata; the
tables stay empty on SQLite and under SEARCH_BACKEND=whoosh), so switching backends needs only
`flask search-reindex`. The PostgreSQL-only types have plain variants on SQLite.
"""
from sqlalchemy import JSON, DDL, BigInteger, Index, String, Text, event
from sqlalchemy.dialects.postgresql import ARRAY, TSVECTOR
from sqlalchemy.orm import Mapped, mapped_column

from app.extensions import db

TextList = ARRAY(Text).with_variant(JSON(), "sqlite")


class SearchDocument(db.Model):
    """A search document (documents.to_document) as the postgres backend stores and matches it."""

    __tablename__ = "search_document"
    __table_args__ = (
        # The kind beside the words (btree_gin): one kind's capped count reads only its matches.
        Index("ix_search_document_vector_kind", "vector", "kind", postgresql_using="gin"),
        Index("ix_search_document_kind_date", "kind", "date"),  # the newest matches of a kind
        Index("ix_search_document_date", "date"),  # the newest matches of all kinds
        Index("ix_search_document_names", "names", postgresql_using="gin"),  # exact names among many matches
        Index("ix_search_document_grants", "grants", postgresql_using="gin"),
        Index("ix_search_document_themes", "themes", postgresql_using="gin"),
        Index("ix_search_document_counties", "counties", postgresql_using="gin"),
        Index("ix_search_document_parents", "parents", postgresql_using="gin"),
    )

    key: Mapped[str] = mapped_column(String(80), primary_key=True)  # "<kind>:<id>"
    kind: Mapped[str] = mapped_column(String(20))
    grants: Mapped[list] = mapped_column(TextList)  # the document's "visibility": who may find it
    themes: Mapped[list] = mapped_column(TextList)
    counties: Mapped[list] = mapped_column(TextList)
    parents: Mapped[list] = mapped_column(TextList)  # keys whose change may change this document
    names: Mapped[list] = mapped_column(TextList)  # an organisation's whole names, folded: exact-name first
    date: Mapped[int] = mapped_column(BigInteger)  # seconds since 1970, UTC: filter and tie-break
    title: Mapped[str] = mapped_column(Text)
    body: Mapped[str] = mapped_column(Text)
    digest: Mapped[str] = mapped_column(String(40))  # documents.digest_of: search-check compares it
    # The app's own analysis (analysis.py) at the words' positions, title weight A, body D.
    vector: Mapped[str] = mapped_column(TSVECTOR().with_variant(Text(), "sqlite"))


class SearchWord(db.Model):
    """Every folded word ever indexed (never removed): the candidates of "did you mean", nearest by
    trigrams. Only ever offered after a search the viewer may see finds it (queries._spelt)."""

    __tablename__ = "search_word"
    __table_args__ = (
        Index("ix_search_word_trigrams", "word", postgresql_using="gist", postgresql_ops={"word": "gist_trgm_ops"}),
    )

    word: Mapped[str] = mapped_column(Text, primary_key=True)


# db.create_all() (tests, a new installation) needs pg_trgm before the trigram index; the
# migration creates it too. A trusted extension since PostgreSQL 13: the database owner may.
event.listen(SearchWord.__table__, "before_create",
             DDL("CREATE EXTENSION IF NOT EXISTS pg_trgm").execute_if(dialect="postgresql"))
# And btree_gin before the (vector, kind) index (trusted too).
event.listen(SearchDocument.__table__, "before_create",
             DDL("CREATE EXTENSION IF NOT EXISTS btree_gin").execute_if(dialect="postgresql"))
