"""Signed links: one purpose never opens another, and an invitation opens only while it is open
and for the owner signed in it."""
import pytest

from app import signed_links
from app.directory.models import Invitation
from app.extensions import db
from tests import factories


def test_a_link_opens_only_for_its_own_purpose(app):
    token = signed_links.sign("auth.confirm", {"uid": 7})
    assert signed_links.read("auth.confirm", token, 60) == {"uid": 7}
    with pytest.raises(signed_links.InvalidLink):
        signed_links.read("auth.reset", token, 60)
    with pytest.raises(signed_links.InvalidLink):
        signed_links.read("auth.confirm", token[:-2], 60)
    with pytest.raises(signed_links.ExpiredLink):
        signed_links.read("auth.confirm", token, -1)


def test_signed_data_that_is_no_mapping_is_an_invalid_link(app):
    with pytest.raises(signed_links.InvalidLink):
        signed_links.read("directory.invitation", signed_links.sign("directory.invitation", [1, 2]), 60)


def test_an_invitation_opens_while_open_and_only_for_its_owner(app, member):
    org, other = factories.make_org(name="Fundacja Most"), factories.make_org(name="Fundacja Brzeg")
    invitation = Invitation(organisation_id=org.id, email="nowa@example.org")
    db.session.add(invitation)
    db.session.flush()

    def opened(token):
        return signed_links.open_invitation("directory.invitation", token, 60, Invitation, "o", "organisation_id")

    assert opened(signed_links.invitation_link("directory.invitation", invitation, "o", org.id)) is invitation
    with pytest.raises(signed_links.ClosedInvitation) as closed:  # the same id, signed for another owner
        opened(signed_links.invitation_link("directory.invitation", invitation, "o", other.id))
    assert closed.value.reason == "withdrawn"
    invitation.accepted_at = db.func.now()
    db.session.flush()
    db.session.expire(invitation)
    with pytest.raises(signed_links.ClosedInvitation) as closed:
        opened(signed_links.invitation_link("directory.invitation", invitation, "o", org.id))
    assert closed.value.reason == "used"
