"""What is searchable: one Kind per searchable model, each with its to_document(obj).

A document is a dict of the index's fields. Its `visibility` is the object's grants in the
policy (app/permissions/grants.py: "public", "org:<id>", "group:<id>", "author:<id>", "staff"…);
a viewer finds a document when they hold one of them (permissions.viewer_grants).
Results are re-checked with the domain's permission rule (Kind.can_view) before display.

to_document(obj) returns None for what nobody may find (deleted posts): it is then removed
from the index. The kinds themselves are in searchable.py; adding a kind is adding one
_<kind>() function to its KIND_BUILDERS.
"""
import hashlib
import json
from dataclasses import dataclass, field
from typing import Callable

from sqlalchemy import select

BATCH_SIZE = 500


@dataclass
class Kind:
    name: str  # the index's kind value and the ?kind= filter
    label: object  # lazy translated name of one item
    plural: object  # lazy translated name of the kind, for the filter
    model: type
    build: Callable  # obj -> dict of fields (without key/kind/digest) or None
    can_view: Callable  # (user, obj) -> bool: the domain's permission policy
    url: Callable  # obj -> address of the item
    summary: Callable  # obj -> dict(title, text, organisation, counties, date)
    options: tuple = ()  # eager loading for batches
    prepare: Callable | None = None  # (session, objs) -> None: preload what build needs
    # Model class -> function(obj, changed attribute names or None for new/deleted) -> keys to refresh.
    watches: dict = field(default_factory=dict)
    # Parent key prefixes ("thread", "org") whose children this kind's documents are (see children_ids).
    children_of: dict = field(default_factory=dict)

    def key(self, obj_id) -> str:
        return f"{self.name}:{obj_id}"


_registry: dict | None = None  # built on first use: the kinds import the models of every part


def kinds() -> dict[str, Kind]:
    """{name: Kind} of every searchable kind, in display order."""
    global _registry
    if _registry is None:
        from app.search.searchable import KIND_BUILDERS  # it imports Kind from here

        _registry = {kind.name: kind for kind in (builder() for builder in KIND_BUILDERS)}
    return _registry


def kind_of(obj) -> Kind | None:
    for kind in kinds().values():
        if type(obj) is kind.model:
            return kind
    return None


def digest_of(document: dict) -> str:
    """A stable hash of a document's fields (without the digest itself): search-check compares it."""
    payload = json.dumps({k: v for k, v in document.items() if k != "digest"}, sort_keys=True, default=str)
    return hashlib.sha1(payload.encode("utf-8")).hexdigest()


def to_document(obj) -> dict | None:
    """The index document of obj (any searchable model), or None if nobody may find it."""
    kind = kind_of(obj)
    fields = kind.build(obj) if kind is not None else None
    if fields is None:
        return None
    document = {"key": kind.key(obj.id), "kind": kind.name, **fields}
    for name in ("visibility", "themes", "counties", "parents"):
        document[name] = " ".join(document[name])
    document["digest"] = digest_of(document)
    return document


def load(session, kind: Kind, ids) -> dict:
    """{id: object} of the given ids of kind, loaded with what to_document needs."""
    ids = sorted(set(ids))
    found = {}
    for start in range(0, len(ids), BATCH_SIZE):
        chunk = ids[start:start + BATCH_SIZE]
        rows = session.execute(select(kind.model).options(*kind.options).where(kind.model.id.in_(chunk)))
        objs = rows.unique().scalars().all()
        if kind.prepare:
            kind.prepare(session, objs)
        found.update((obj.id, obj) for obj in objs)
    return found


def batches(session, kind: Kind, size: int = BATCH_SIZE, share=(0, 1)):
    """Every object of kind, in batches of size (by id, with eager loading), for a rebuild;
    share=(number, shares): only those whose id is number modulo shares."""
    number, shares = share
    query = select(kind.model).options(*kind.options).order_by(kind.model.id).limit(size)
    if shares > 1:
        query = query.where(kind.model.id % shares == number)
    last = 0
    while True:
        rows = session.execute(query.where(kind.model.id > last))
        objs = rows.unique().scalars().all()
        if not objs:
            return
        if kind.prepare:
            kind.prepare(session, objs)
        yield objs
        last = objs[-1].id
        session.expunge_all()  # keep memory flat over hundreds of thousands of rows


def children_ids(session, kind: Kind, parent: str) -> list[int]:
    """Ids of kind's objects under parent ("thread:5", "org:3", "group:2") in the database."""
    prefix, _, value = parent.partition(":")
    column = kind.children_of.get(prefix)
    if column is None or not value.isdigit():
        return []
    return list(session.execute(select(kind.model.id).where(column == int(value))).scalars())
