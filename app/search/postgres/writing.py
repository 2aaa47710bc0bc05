"""Writing the search_document table: in the transaction of each change, and whole rebuilds.

A change's documents are built from the transaction's own view of the database (a session of
their own on the same connection: fresh objects, none of the request's caches) and upserted or
deleted before the transaction commits, so they commit, or roll back, with the change.

A rebuild goes kind by kind in batches, one short transaction each. Writers hold a shared
advisory lock from building their documents to their commit, a rebuild's batch the exclusive
one while it reads and writes: a batch never writes a document read before a change that
committed meanwhile, and a writer waits at most one batch.
"""
from sqlalchemy import select, text
from sqlalchemy.orm import Session

from app.extensions import db
from app.search import backends, documents, sync
from app.search.postgres.vectors import vector_text

WRITE_LOCK = 0x5EA4C4  # advisory lock: writers shared, a rebuild's batch exclusive
REBUILD_LOCK = 0x5EA4C5  # advisory lock: one rebuild at a time
BATCH_SIZE = 500

_UPSERT = """
INSERT INTO search_document (key, kind, grants, themes, counties, parents, names, date, title, body, digest, vector)
VALUES (:key, :kind, CAST(:grants AS text[]), CAST(:themes AS text[]), CAST(:counties AS text[]),
        CAST(:parents AS text[]), CAST(:names AS text[]), :date, :title, :body, :digest, CAST(:vector AS tsvector))
ON CONFLICT (key) DO UPDATE SET kind = EXCLUDED.kind, grants = EXCLUDED.grants, themes = EXCLUDED.themes,
    counties = EXCLUDED.counties, parents = EXCLUDED.parents, names = EXCLUDED.names, date = EXCLUDED.date,
    title = EXCLUDED.title, body = EXCLUDED.body, digest = EXCLUDED.digest, vector = EXCLUDED.vector
"""
# A change rewrites only documents that differ; a rebuild rewrites all (the analysis may have changed).
UPSERT = text(_UPSERT + "WHERE search_document.digest IS DISTINCT FROM EXCLUDED.digest")
UPSERT_ALWAYS = text(_UPSERT)
DELETE = text("DELETE FROM search_document WHERE key = ANY(CAST(:keys AS text[]))")
ADD_WORDS = text("INSERT INTO search_word (word) SELECT unnest(CAST(:words AS text[])) ON CONFLICT DO NOTHING")


def row_of(document: dict) -> tuple[dict, list[str]]:
    """(the table's row of a document, its folded words)."""
    vector, words = vector_text(document["title"], document["body"])
    return {
        "key": document["key"], "kind": document["kind"], "grants": document["visibility"].split(),
        "themes": document["themes"].split(), "counties": document["counties"].split(),
        "parents": document["parents"].split(), "names": [n for n in document.get("name", "").split(",") if n],
        "date": document["date"], "title": document["title"], "body": document["body"],
        "digest": document["digest"], "vector": vector,
    }, words


def write(connection, rows: list[dict], gone: list[str], words, upsert=UPSERT) -> None:
    """Upsert rows, delete the keys gone, remember the words (sorted: concurrent writers insert
    shared new words in the same order and never deadlock on them)."""
    if gone:
        connection.execute(DELETE, {"keys": sorted(gone)})
    if rows:
        connection.execute(upsert, sorted(rows, key=lambda row: row["key"]))
    if words:
        connection.execute(ADD_WORDS, {"words": sorted(words)})


def _indexed_children(connection, parents) -> list[str]:
    rows = connection.execute(text("SELECT key FROM search_document WHERE parents && CAST(:parents AS text[])"),
                              {"parents": sorted(parents)})
    return list(rows.scalars())


def _rows_of(connection, keys, indexed_children) -> tuple[list[dict], list[str], set[str]]:
    """(rows to upsert, keys to delete, words met) of keys, read in the connection's transaction."""
    rows, gone, words = [], [], set()
    with Session(bind=connection, autoflush=False) as session:  # joins the transaction, never ends it
        for kind, obj_id, document in sync.documents_of(session, keys, indexed_children):
            if document is None:
                gone.append(kind.key(obj_id))
            else:
                row, found = row_of(document)
                rows.append(row)
                words.update(found)
    return rows, gone, words


def write_keys(connection, keys) -> int:
    """Bring the documents of keys up to date, in the connection's transaction; returns how many."""
    rows, gone, words = _rows_of(connection, keys, lambda parents: _indexed_children(connection, parents))
    write(connection, rows, gone, words)
    return len(rows) + len(gone)


def before_commit(session, keys) -> None:
    """The documents of keys, written in the session's transaction just before it commits."""
    connection = session.connection()
    connection.execute(text("SELECT pg_advisory_xact_lock_shared(:lock)"), {"lock": WRITE_LOCK})
    write_keys(connection, keys)


def refresh(keys) -> None:
    """Documents found stale when shown (the code that builds them changed): rewritten at once."""
    with db.engine.begin() as connection:
        connection.execute(text("SELECT pg_advisory_xact_lock_shared(:lock)"), {"lock": WRITE_LOCK})
        write_keys(connection, keys)


# --- rebuilding -----------------------------------------------------------------------------
def rebuild(report=None, procs: int | None = None) -> int:
    """Every document anew from the database, batch by batch (searches go on meanwhile, finding
    the old rows until each batch commits); then rows nobody should find are removed."""
    with db.engine.connect() as guard:
        if not guard.execute(text("SELECT pg_try_advisory_lock(:lock)"), {"lock": REBUILD_LOCK}).scalar():
            raise backends.RebuildRunning()
        try:
            written = set()
            for kind in documents.kinds().values():
                with Session(bind=db.engine) as session:
                    ids = list(session.execute(select(kind.model.id).order_by(kind.model.id)).scalars())
                for start in range(0, len(ids), BATCH_SIZE):
                    written |= _rebuild_batch([kind.key(obj_id) for obj_id in ids[start:start + BATCH_SIZE]])
                    if report:
                        report(kind.name, min(start + BATCH_SIZE, len(ids)))
            _remove_others(written)
            count = len(written)
        finally:
            guard.execute(text("SELECT pg_advisory_unlock(:lock)"), {"lock": REBUILD_LOCK})
            guard.commit()
    _settle()
    return count


def _settle() -> None:
    """Reclaim the old version of every row the rebuild left behind and refresh the planner's
    statistics, at once: left to autovacuum, that work on the whole table ran while the first
    searches were served and slowed them by about a quarter at the large size. VACUUM cannot run
    in a transaction, hence the connection of its own."""
    with db.engine.connect().execution_options(isolation_level="AUTOCOMMIT") as connection:
        connection.execute(text("VACUUM (ANALYZE) search_document"))


def _rebuild_batch(keys: list[str]) -> set[str]:
    """Write the documents of keys in one transaction; returns the keys that have a document."""
    with db.engine.begin() as connection:
        connection.execute(text("SELECT pg_advisory_xact_lock(:lock)"), {"lock": WRITE_LOCK})
        rows, gone, words = _rows_of(connection, keys, lambda parents: [])
        write(connection, rows, gone, words, upsert=UPSERT_ALWAYS)
    return {row["key"] for row in rows}


def _remove_others(written: set[str]) -> None:
    """Rows the rebuild did not write (objects gone, kinds gone): checked again under the lock, as
    a change may have added one meanwhile."""
    with db.engine.begin() as connection:
        connection.execute(text("SELECT pg_advisory_xact_lock(:lock)"), {"lock": WRITE_LOCK})
        others = set(connection.execute(text("SELECT key FROM search_document")).scalars()) - written
        known = {kind.name for kind in documents.kinds().values()}
        unknown = [key for key in others if key.partition(":")[0] not in known]
        if unknown:
            connection.execute(DELETE, {"keys": unknown})
        rest = others - set(unknown)
        if rest:
            write_keys(connection, rest)


def indexed_digests(app=None) -> dict[str, str]:
    rows = db.session.execute(text("SELECT key, digest FROM search_document"))
    return dict(rows.all())
