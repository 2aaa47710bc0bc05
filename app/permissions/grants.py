"""Who may see what, declared once per visible kind as grants.

An object's grants name who may see it: "public", "staff", "org:<id>" (the organisation's
members), "org-drafts:<id>" (its members who are not suspended), "group:<id>" (a working
group's members), "author:<id>" (one person) and "group-author:<group>:<id>" (one person
while a member of the group). A viewer holds grants too (viewer_grants); they may see the
object when the two sets meet.

Each kind declares its grants in ONE function of its columns (returning or yielding them),
written with the operators below so that it means the same on loaded objects (Python values:
the page check and the search document) and on model classes (SQL: the filter of every list
and count):

    def event_grants(event):
        return [Grant("public", when=event.status != "draft"),
                Grant("org-drafts", event.organisation_id, when=event.status == "draft")]

`==`, `!=` and the helpers is_none / is_set / all_of / any_of work on both; never use
Python's `and`, `or`, `not` or `is` in a declaration.
"""
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy import and_, false, or_, true
from sqlalchemy.sql import ClauseElement

from app.permissions.principal import principal_of


# Values of loaded objects' columns: never SQL (most checks on a page are on loaded objects).
_PYTHON_VALUES = frozenset({type(None), bool, int, float, str, datetime, date})


def _is_sql(value) -> bool:
    if type(value) in _PYTHON_VALUES:
        return False
    return isinstance(value, ClauseElement) or hasattr(value, "__clause_element__")


def is_none(value):
    """value IS NULL (SQL) / value is None (Python)."""
    return value.is_(None) if _is_sql(value) else value is None


def is_set(value):
    """value IS NOT NULL (SQL) / value is not None (Python)."""
    return value.is_not(None) if _is_sql(value) else value is not None


def all_of(*conditions):
    for condition in conditions:  # a loop, not any(): a page asks this hundreds of times
        if _is_sql(condition):
            return and_(*(c if _is_sql(c) else (true() if c else false()) for c in conditions))
    return all(conditions)


def any_of(*conditions):
    for condition in conditions:
        if _is_sql(condition):
            return or_(*(c if _is_sql(c) else (true() if c else false()) for c in conditions))
    return any(conditions)


class Grant:
    """Those who hold "<family>[:<id>…]" may see the object, while `when` holds.

    A plain class with slots: a page builds hundreds (every post's declaration, every check).
    """

    __slots__ = ("family", "ids", "when")

    def __init__(self, family: str, *ids, when=True):
        self.family, self.ids, self.when = family, ids, when

    def __repr__(self) -> str:
        return f"Grant({self.family!r}, *{self.ids!r}, when={self.when!r})"

    def token(self) -> str | None:
        """The grant's value on a loaded object, or None when it does not apply."""
        if not self.when or None in self.ids:
            return None
        if not self.ids:
            return self.family
        return ":".join((self.family, *map(str, self.ids)))

    def condition(self, held: set[tuple]):
        """SQL: the rows this grant opens to a viewer holding `held` ({(family, *ids)})."""
        when = self.when if _is_sql(self.when) else (true() if self.when else false())
        if not self.ids:
            return when if (self.family,) in held else None
        values = [grant[1:] for grant in held if grant[0] == self.family and len(grant) == len(self.ids) + 1]
        if not values:
            return None
        if len(self.ids) == 1:
            return and_(when, self.ids[0].in_(sorted(value[0] for value in values)))
        return and_(when, or_(*(and_(*(column == value for column, value in zip(self.ids, row)))
                                for row in sorted(values))))


@dataclass(frozen=True)
class Visibility:
    kind: str
    declare: Callable  # (*entities) -> its Grants (a list, or yielded)
    entities_of: Callable  # loaded object -> the entities declare() takes

    def families(self, *models) -> frozenset:
        return frozenset(grant.family for grant in self.declare(*models))


_KINDS: dict[str, Visibility] = {}


def visibility(kind: str, entities_of: Callable = lambda obj: (obj,)):
    """Register the decorated declaration as kind's grants (entities_of: object -> its arguments)."""

    def register(declare):
        if kind in _KINDS:
            raise RuntimeError(f"visibility of {kind!r} declared twice")
        _KINDS[kind] = Visibility(kind, declare, entities_of)
        return declare

    return register


def grants_of(kind: str, obj) -> frozenset[str]:
    """The grants of a loaded object of kind (empty: nobody may see it)."""
    declared = _KINDS[kind]
    tokens = (grant.token() for grant in declared.declare(*declared.entities_of(obj)))
    return frozenset(token for token in tokens if token is not None)


def viewer_grants(user) -> frozenset[str]:
    """The grants user holds, from their principal (worked out once per principal)."""
    principal = principal_of(user)
    held = principal.derived.get("grants")
    if held is None:
        held = principal.derived["grants"] = _grants_held(principal)
    return held


def _grants_held(principal) -> frozenset[str]:
    held = {"public"}
    if not principal.is_authenticated:
        return frozenset(held)
    held.add(f"author:{principal.user_id}")
    for org_id in principal.member_org_ids:
        held.add(f"org:{org_id}")
        if not principal.is_suspended:
            held.add(f"org-drafts:{org_id}")
    for group_id in principal.group_ids:
        held.add(f"group:{group_id}")
        held.add(f"group-author:{group_id}:{principal.user_id}")
    if principal.is_staff:
        held.add("staff")
    return frozenset(held)


def may_see(user, kind: str, obj) -> bool:
    """Do the object's grants and the viewer's meet? (grants_of's tokens, tried one by one: the
    first that opens answers.)"""
    if obj is None:
        return False
    declared = _KINDS[kind]
    held = None
    for grant in declared.declare(*declared.entities_of(obj)):
        token = grant.token()
        if token is None:
            continue
        if token == "public":  # everyone holds it: no look at the viewer's memberships
            return True
        if held is None:
            held = viewer_grants(user)
        if token in held:
            return True
    return False


def _parsed(tokens) -> set[tuple]:
    return {tuple(part if index == 0 else int(part) for index, part in enumerate(token.split(":")))
            for token in tokens}


def visible_where(kind: str, user, *models):
    """SQL condition on models (the classes or aliases kind's declaration takes): the rows user may see."""
    held = _parsed(viewer_grants(user))
    conditions = [c for c in (grant.condition(held) for grant in _KINDS[kind].declare(*models)) if c is not None]
    return or_(*conditions) if conditions else false()


def relevant_grants(kind: str, user, *models) -> frozenset[str]:
    """The viewer's grants that can open some object of kind: what makes one viewer's lists of
    kind differ from another's (a cache key)."""
    families = _KINDS[kind].families(*models)
    return frozenset(token for token in viewer_grants(user) if token.split(":", 1)[0] in families)


def declared_kinds() -> tuple[str, ...]:
    return tuple(_KINDS)
