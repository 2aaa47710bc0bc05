"""The organisation directory: who sees an organisation, who acts for it."""
from flask import abort

from app.directory.models import Organisation
from app.extensions import db
from app.permissions.grants import Grant, is_set, may_see, visibility
from app.permissions.principal import principal_of
from app.permissions.registry import is_active_writer, is_staff, rule


@visibility("directory")
def organisation_grants(org):
    # Unverified organisations: their own members and the secretariat only.
    return [Grant("public", when=is_set(org.verified_at)), Grant("org", org.id), Grant("staff")]


def is_org_member(user, org) -> bool:
    return org is not None and org.id in principal_of(user).member_org_ids


def is_org_admin(user, org) -> bool:
    return org is not None and org.id in principal_of(user).admin_org_ids


@rule("directory.view")
def _directory_view(user, org):
    return may_see(user, "directory", org)


@rule("directory.view_unverified")
def _directory_view_unverified(user, obj):
    """See every organisation awaiting verification (lists, exports, search)."""
    return is_staff(user)


@rule("directory.view_members")
def _directory_view_members(user, org):
    return is_staff(user) or is_org_member(user, org)


@rule("directory.create")
def _directory_create(user, obj):
    return is_active_writer(user)


@rule("directory.edit")
def _directory_edit(user, org):
    return is_active_writer(user) and (is_org_admin(user, org) or is_staff(user))


@rule("directory.manage_members")
def _directory_manage_members(user, org):
    return is_active_writer(user) and (is_org_admin(user, org) or is_staff(user))


@rule("directory.request_join")
def _directory_request_join(user, org):
    return is_active_writer(user) and org.is_verified and not is_org_member(user, org)


@rule("directory.leave")
def _directory_leave(user, org):
    return principal_of(user).is_authenticated and is_org_member(user, org)


@rule("directory.accept_invitation")
def _directory_accept_invitation(user, invitation):
    principal = principal_of(user)
    return principal.is_authenticated and not principal.is_suspended


@rule("directory.act_for")
def _directory_act_for(user, org):
    """Publish on behalf of org (events, partnership posts): its active members, once verified."""
    return is_active_writer(user) and org.is_verified and is_org_member(user, org)


@rule("directory.verify")
def _directory_verify(user, org):
    # Verify or refuse; an organisation already verified has nothing left to decide.
    return is_staff(user) and (org is None or not org.is_verified)


def access_org(viewer, slug: str):
    """The organisation at slug, or 404 when there is none or viewer may not see it."""
    org = db.session.execute(db.select(Organisation).where(Organisation.slug == slug)).scalar_one_or_none()
    if not may_see(viewer, "directory", org):
        abort(404)
    return org
