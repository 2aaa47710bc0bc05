"""The principal: everything the policy needs to know about a viewer, loaded once.

One query per kind of membership, the first time a rule asks about a user object; the object
lives for one request (Flask-Login loads it per request), so this is once per request. A change
of the user's own role, suspension or confirmation is noticed by itself (the principal is
reloaded when they differ); code that changes someone's memberships calls forget_principal(user).
"""
from functools import cache, cached_property

from flask_login import AnonymousUserMixin
from sqlalchemy import bindparam, literal, select, union_all

from app.directory.models import Membership
from app.extensions import db
from app.forums.models import WorkingGroupMember

_CACHE = "_principal"  # the attribute of a user object that holds its principal


class Principal:
    """A viewer as the policy sees them. The flags come with the user; the memberships are
    read (in one query) the first time a rule needs them: public pages never do."""

    def __init__(self, user_id=None, is_confirmed=False, is_suspended=False, is_staff=False, roles=None):
        self.user_id = user_id
        self.is_confirmed, self.is_suspended, self.is_staff = is_confirmed, is_suspended, is_staff
        self._roles = roles  # {("org" | "group", id): role}, or a function that reads it
        # What the policy derives from the principal alone (grants.viewer_grants), kept as long
        # as the principal is: a signed-in page asks for it once per check, dozens of times.
        self.derived: dict = {}

    @property
    def is_authenticated(self) -> bool:
        return self.user_id is not None

    @cached_property
    def org_roles(self) -> dict:
        """{organisation id: "member" | "admin"} of active memberships."""
        return {row_id: role for (kind, row_id), role in self._all_roles.items() if kind == "org"}

    @cached_property
    def group_roles(self) -> dict:
        """{working group id: "member" | "coordinator"}."""
        return {row_id: role for (kind, row_id), role in self._all_roles.items() if kind == "group"}

    @cached_property
    def _all_roles(self) -> dict:
        return self._roles() if callable(self._roles) else dict(self._roles or {})

    @property
    def member_org_ids(self) -> frozenset:
        return frozenset(self.org_roles)

    @property
    def admin_org_ids(self) -> frozenset:
        return frozenset(org_id for org_id, role in self.org_roles.items() if role == "admin")

    @property
    def group_ids(self) -> frozenset:
        return frozenset(self.group_roles)

    def coordinates(self, group_id) -> bool:
        return self.group_roles.get(group_id) == "coordinator"


ANONYMOUS = Principal()


class AnonymousUser(AnonymousUserMixin):
    """The visitor who is not logged in: a user with no rights beyond reading."""

    id = None
    role = "anonymous"
    display_name = ""
    username = ""
    language = None
    is_confirmed = False
    is_suspended = False
    is_moderator = False
    is_admin = False

    def member_org_ids(self) -> frozenset:
        return frozenset()

    def admin_org_ids(self) -> frozenset:
        return frozenset()


def principal_of(user) -> Principal:
    """The principal of user (a User, AnonymousUser or None), loaded once per user object."""
    if user is None or not user.is_authenticated:
        return ANONYMOUS
    stamp = (user.id, user.role, user.suspended_at, user.confirmed_at)
    cached = user.__dict__.get(_CACHE)
    if cached is None or cached[0] != stamp:
        cached = (stamp, _load(user))
        user.__dict__[_CACHE] = cached
    return cached[1]


def forget_principal(user) -> None:
    """Drop the loaded principal of a user object after their memberships or role changed."""
    if user is not None:
        user.__dict__.pop(_CACHE, None)


def _load(user) -> Principal:
    suspended = bool(user.is_suspended)
    return Principal(user_id=user.id, is_confirmed=bool(user.is_confirmed), is_suspended=suspended,
                     is_staff=not suspended and bool(user.is_moderator or user.is_admin),
                     roles=lambda: _read_roles(user.id))


def _read_roles(user_id: int) -> dict:
    """{("org" | "group", id): role} of the user's active memberships, in one query."""
    rows = db.session.execute(_roles_statement(), {"user_id": user_id}).all()
    return {(kind, row_id): role for kind, row_id, role in rows}


@cache  # built once (on first use: the mappers must be configured); every signed-in page runs it
def _roles_statement():
    return union_all(
        select(literal("org"), Membership.organisation_id, Membership.role)
        .where(Membership.user_id == bindparam("user_id"), Membership.status == "active"),
        select(literal("group"), WorkingGroupMember.group_id, WorkingGroupMember.role)
        .where(WorkingGroupMember.user_id == bindparam("user_id")),
    )
