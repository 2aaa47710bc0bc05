"""Invitations by e-mail, join requests, removing members, handing over the admin role."""
import re

import pytest

from app.directory import services
from app.directory.models import Invitation, Membership
from app.extensions import db
from tests import factories
from tests.mailserver import Mailbox


def membership_of(org, user) -> Membership | None:
    return db.session.execute(
        db.select(Membership).where(Membership.organisation_id == org.id, Membership.user_id == user.id)
    ).scalar_one_or_none()


def invitation_link(mailbox, address) -> str:
    message = mailbox.last_to(address)
    link = next(link for link in Mailbox.links_in(message) if "/orgs/invitations/" in link)
    return link.split("forum.test", 1)[1]


def test_invitation_link_joins_the_account_that_opens_it_once(app, client, mailbox, organisation, org_admin, outsider):
    client.login(org_admin)
    response = client.post_form(f"/orgs/{organisation.slug}/members/invite", {"email": "Nowa.Osoba@Example.org"})
    assert response.status_code == 302
    message = mailbox.last_to("nowa.osoba@example.org")
    assert "Fundacja Otwarta Małopolska" in message["Subject"]
    link = invitation_link(mailbox, "nowa.osoba@example.org")
    assert "nowa.osoba@example.org" in client.get(f"/orgs/{organisation.slug}/members").get_data(as_text=True)

    visitor = app.test_client()
    assert "/auth/login" in visitor.get(link).headers["Location"]
    visitor.login(outsider)
    page = visitor.get(link)
    assert page.status_code == 200 and "Fundacja Otwarta Małopolska" in page.get_data(as_text=True)
    assert membership_of(organisation, outsider) is None  # opening the page alone changes nothing
    response = visitor.post_form(link, {})
    assert response.headers["Location"].endswith(f"/orgs/{organisation.slug}")
    assert membership_of(organisation, outsider).is_active
    assert membership_of(organisation, outsider).role == "member"

    again = visitor.post_form(link, {})
    assert again.status_code == 400


def test_forged_and_withdrawn_invitations_are_refused_with_a_message(app, client, mailbox, organisation, org_admin,
                                                                     outsider):
    client.login(org_admin)
    client.post_form(f"/orgs/{organisation.slug}/members/invite", {"email": "x@example.org"})
    link = invitation_link(mailbox, "x@example.org")
    visitor = app.test_client()
    visitor.login(outsider)
    assert visitor.get(link[:-3] + "abc").status_code == 400
    invitation = db.session.execute(db.select(Invitation)).scalar_one()
    client.post_form(f"/orgs/{organisation.slug}/invitations/{invitation.id}/cancel", {})
    response = visitor.get(link)
    assert response.status_code == 400
    assert membership_of(organisation, outsider) is None


def test_expired_invitation_is_refused(make_app, mailbox):
    app = make_app(ORG_INVITATION_MAX_AGE=-1)
    with app.app_context():
        admin, visitor_user = factories.make_user(), factories.make_user()
        org = factories.make_org(admin=admin)
        client = app.test_client()
        client.login(admin)
        client.post_form(f"/orgs/{org.slug}/members/invite", {"email": "late@example.org"})
        visitor = app.test_client()
        visitor.login(visitor_user)
        response = visitor.post_form(invitation_link(mailbox, "late@example.org"), {})
        assert response.status_code == 400
        assert membership_of(org, visitor_user) is None


def test_inviting_a_member_again_is_refused_next_to_the_field(client, mailbox, organisation, org_admin, member):
    client.login(org_admin)
    response = client.post_form(f"/orgs/{organisation.slug}/members/invite", {"email": member.email})
    assert response.status_code == 200 and 'id="email-error"' in response.get_data(as_text=True)
    bad = client.post_form(f"/orgs/{organisation.slug}/members/invite", {"email": "nope"})
    assert 'id="email-error"' in bad.get_data(as_text=True) and 'value="nope"' in bad.get_data(as_text=True)
    assert not mailbox.messages


def test_join_request_is_mailed_to_admins_and_approved(app, client, mailbox, organisation, org_admin, outsider):
    visitor = app.test_client()
    visitor.login(outsider)
    visitor.post_form(f"/orgs/{organisation.slug}/join", {"message": "Pracuję w punkcie przy Wałowej."})
    request = membership_of(organisation, outsider)
    assert request.status == "requested" and organisation.id not in outsider.member_org_ids()
    assert "Pracuję w punkcie" in Mailbox.text_of(mailbox.last_to(org_admin.email))
    assert visitor.post_form(f"/orgs/{organisation.slug}/join", {}).status_code == 302  # a second ask: a message
    assert db.session.execute(db.select(db.func.count(Membership.id))
                              .where(Membership.user_id == outsider.id)).scalar_one() == 1

    client.login(org_admin)
    assert "Pracuję w punkcie" in client.get(f"/orgs/{organisation.slug}/members").get_data(as_text=True)
    client.post_form(f"/orgs/{organisation.slug}/members/{request.id}/approve", {})
    assert membership_of(organisation, outsider).is_active
    assert organisation.name in mailbox.last_to(outsider.email)["Subject"]


def test_refused_join_request_is_removed(app, client, organisation, org_admin, outsider):
    services.request_to_join(outsider, organisation, "")
    request = membership_of(organisation, outsider)
    client.login(org_admin)
    client.post_form(f"/orgs/{organisation.slug}/members/{request.id}/refuse", {})
    assert membership_of(organisation, outsider) is None


def test_admin_removes_a_member(client, organisation, org_admin, member):
    client.login(org_admin)
    client.post_form(f"/orgs/{organisation.slug}/members/{membership_of(organisation, member).id}/remove", {})
    assert membership_of(organisation, member) is None


def test_the_last_admin_can_be_neither_removed_nor_demoted_nor_leave(client, organisation, org_admin, moderator):
    own = membership_of(organisation, org_admin)
    client.login(moderator)
    for action in ("remove", "make-member"):
        client.post_form(f"/orgs/{organisation.slug}/members/{own.id}/{action}", {})
        assert membership_of(organisation, org_admin).is_admin
    client.login(org_admin)
    response = client.post_form(f"/orgs/{organisation.slug}/leave", {}, follow_redirects=True)
    assert membership_of(organisation, org_admin).is_admin
    assert "flash-error" in response.get_data(as_text=True)
    with pytest.raises(services.DirectoryError):
        services.leave_org(org_admin, organisation)


def test_hand_over_the_admin_role(client, organisation, org_admin, member):
    client.login(org_admin)
    client.post_form(f"/orgs/{organisation.slug}/members/{membership_of(organisation, member).id}/hand-over", {})
    assert membership_of(organisation, member).is_admin
    assert membership_of(organisation, org_admin).role == "member"
    # The former admin may now leave; the new one is the only admin.
    client.post_form(f"/orgs/{organisation.slug}/leave", {})
    assert membership_of(organisation, org_admin) is None
    assert organisation.id in member.admin_org_ids()


def test_a_second_admin_lets_the_first_step_down(client, organisation, org_admin, member):
    client.login(org_admin)
    client.post_form(f"/orgs/{organisation.slug}/members/{membership_of(organisation, member).id}/make-admin", {})
    client.post_form(f"/orgs/{organisation.slug}/members/{membership_of(organisation, org_admin).id}/make-member", {})
    assert membership_of(organisation, member).is_admin
    assert membership_of(organisation, org_admin).role == "member"


def test_memberships_of_another_organisation_cannot_be_reached_through_mine(client, organisation, other_admin, member):
    client.login(other_admin)
    theirs = membership_of(organisation, member)
    mine = db.session.execute(db.select(Membership).where(Membership.user_id == other_admin.id)).scalar_one()
    other_slug = mine.organisation.slug
    response = client.post_form(f"/orgs/{other_slug}/members/{theirs.id}/remove", {}, follow_redirects=True)
    assert membership_of(organisation, member) is not None
    assert "flash-error" in response.get_data(as_text=True)


def test_members_list_is_shown_to_members_only(app, client, organisation, member, org_admin):
    assert member.display_name not in app.test_client().get(f"/orgs/{organisation.slug}").get_data(as_text=True)
    client.login(member)
    assert org_admin.display_name in client.get(f"/orgs/{organisation.slug}").get_data(as_text=True)


def test_a_too_long_join_message_comes_back_next_to_its_field_as_typed(client, organisation, outsider):
    client.login(outsider)
    typed = "Pracuję w punkcie informacyjnym dla cudzoziemców. " * 40  # over 1,000 characters
    response = client.post_form(f"/orgs/{organisation.slug}/join", {"message": typed})
    page = response.get_data(as_text=True)
    assert response.status_code == 400
    assert 'id="message-error"' in page and "1000" in page
    assert typed.strip()[:200] in page
    assert membership_of(organisation, outsider) is None


def test_the_profile_lists_the_first_members_and_counts_the_rest(client, monkeypatch, count_queries):
    from app.directory import views

    monkeypatch.setattr(views, "MEMBERS_SHOWN", 3)
    admin = factories.make_user(display_name="Zofia Adminka")
    viewer = factories.make_user(display_name="Adam Członek")
    others = [factories.make_user(display_name=f"Osoba {letter}") for letter in "CB"]
    org = factories.make_org(name="Fundacja Liczna", admin=admin, members=[viewer, *others])
    client.login(viewer)
    page = client.get(f"/orgs/{org.slug}?lang=pl").get_data(as_text=True)
    listed = re.findall(r"<li>([^<]+?)(?: <span|</li>)", page.split('id="members-heading"')[1].split("</section>")[0])
    assert listed == ["Zofia Adminka", "Adam Członek", "Osoba B"]  # admins first, then by name
    assert "i jeszcze 1 osoba" in page
    with count_queries() as few:
        client.get(f"/orgs/{org.slug}")
    for number in range(20):
        db.session.add(Membership(organisation_id=org.id, role="member", status="active",
                                  user_id=factories.make_user(display_name=f"Nowa {number}").id))
    with count_queries() as many:
        page = client.get(f"/orgs/{org.slug}?lang=en").get_data(as_text=True)
    assert "and 21 more members" in page and many.count == few.count  # whatever the number of members
