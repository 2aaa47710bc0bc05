"""The partnership board: posts seen like their organisation, conversations by their sides."""
from flask import abort

from app.extensions import db
from app.inputs import MAX_ID
from app.partnerships.models import PartnershipConversation, PartnershipPost
from app.permissions.grants import Grant, is_set, may_see, visibility
from app.permissions.principal import principal_of
from app.permissions.registry import found_or_404, is_active_writer, is_staff, rule


@visibility("partnerships", entities_of=lambda post: (post, post.organisation))
def partnership_post_grants(post, organisation):
    # Public once its organisation is verified (the directory's rule for organisations);
    # until then its organisation's members and the secretariat.
    return [Grant("public", when=is_set(organisation.verified_at)), Grant("org", post.organisation_id),
            Grant("staff")]


@rule("partnerships.view")
def _partnerships_view(user, post):
    return may_see(user, "partnerships", post)


@rule("partnerships.view_unpublished")
def _partnerships_view_unpublished(user, obj):
    # Posts (and match candidates) of organisations awaiting verification, of any organisation.
    return is_staff(user)


@rule("partnerships.create")
def _partnerships_create(user, organisation):
    # Without an organisation: may this user post at all (on behalf of one of theirs)?
    if not is_active_writer(user):
        return False
    return organisation is None or organisation.id in principal_of(user).member_org_ids


@rule("partnerships.edit")
def _partnerships_edit(user, post):
    # The organisation's admins, and the author while still a member; also covers status changes.
    if post is None or not is_active_writer(user):
        return False
    principal = principal_of(user)
    if post.organisation_id in principal.admin_org_ids:
        return True
    return post.author_id == user.id and post.organisation_id in principal.member_org_ids


@rule("partnerships.express_interest")
def _partnerships_express_interest(user, post):
    # A member of ANOTHER organisation, on a post that still looks for partners.
    return bool(
        post is not None and is_active_writer(user) and may_see(user, "partnerships", post)
        and post.is_active() and principal_of(user).member_org_ids - {post.organisation_id}
    )


@rule("partnerships.view_interests")
def _partnerships_view_interests(user, post):
    # The interests a post received: its own organisation's members only.
    return post is not None and post.organisation_id in principal_of(user).member_org_ids


def _is_a_side(user, conversation) -> bool:
    return not principal_of(user).member_org_ids.isdisjoint(conversation.organisation_ids)


@rule("partnerships.view_conversation")
def _partnerships_view_conversation(user, conversation):
    if conversation is None or not principal_of(user).is_authenticated:
        return False
    return _is_a_side(user, conversation) or (conversation.is_reported and is_staff(user))


@rule("partnerships.write_message")
def _partnerships_write_message(user, conversation):
    return conversation is not None and is_active_writer(user) and _is_a_side(user, conversation)


@rule("partnerships.report_conversation")
def _partnerships_report_conversation(user, conversation):
    open_report = conversation is not None and conversation.is_reported and conversation.report_resolved_at is None
    return _partnerships_write_message(user, conversation) and not open_report


@rule("partnerships.moderate")
def _partnerships_moderate(user, obj):
    # Reported conversations: read them and resolve the report.
    return is_staff(user)


@rule("partnerships.view_org_matches")
def _partnerships_view_org_matches(user, organisation):
    return organisation is not None and organisation.id in principal_of(user).admin_org_ids


def _partnership_row(model, row_id: int):
    """The row with row_id, or 404 (an id beyond any stored one would overflow SQL's integer)."""
    if not 0 < row_id <= MAX_ID:
        abort(404)
    return found_or_404(db.session.get(model, row_id))


def access_partnership_post(user, post_id: int):
    """The partnership post, or 404 when it is missing or not visible to user."""
    post = _partnership_row(PartnershipPost, post_id)
    return post if may_see(user, "partnerships", post) else found_or_404(None)


def access_conversation(user, conversation_id: int):
    """The partnership conversation, or 404 when it is missing or not visible to user."""
    conversation = _partnership_row(PartnershipConversation, conversation_id)
    return conversation if _partnerships_view_conversation(user, conversation) else found_or_404(None)
