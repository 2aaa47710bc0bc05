"""Membership pages of the directory blueprint: members, join requests, invitations."""
from flask import flash, redirect, render_template, request, url_for
from flask_login import current_user, login_required

from app.db import commit
from app.directory import queries, services
from app.directory.forms import InviteForm, JoinForm
from app.directory.views import _user, bp
from app.i18n import gettext as _, lazy_gettext as _l
from app.permissions import access_org, require
from app.refusals import show_refusal

# URL action → (service verb, its extra arguments, message when done).
MEMBER_ACTIONS = {
    "approve": (services.approve_request, {}, _l("The request is approved; the person is now a member.")),
    "refuse": (services.refuse_request, {}, _l("The request is refused.")),
    "remove": (services.remove_member, {}, _l("The person is no longer a member.")),
    "make-admin": (services.change_role, {"role": "admin"}, _l("The person is now an admin.")),
    "make-member": (services.change_role, {"role": "member"}, _l("The person is now a member without admin rights.")),
    "hand-over": (services.hand_over_admin, {}, _l("You handed the admin role over.")),
}


def _members_page(org, invite_form=None):
    memberships = queries.list_memberships(org)
    return render_template("directory/members.html", org=org, memberships=memberships,
                           demotable=services.demotable_memberships(memberships),
                           invitations=queries.list_open_invitations(org), invite_form=invite_form or InviteForm())


@bp.get("/<slug>/members")
@login_required
def manage_members(slug):
    org = access_org(current_user, slug)
    require(current_user, "directory.manage_members", org)
    return _members_page(org)


@bp.post("/<slug>/members/invite")
@login_required
def invite_member(slug):
    org = access_org(current_user, slug)
    require(current_user, "directory.manage_members", org)
    form = InviteForm()
    if form.validate_on_submit():
        try:
            services.invite_member(_user(), org, form.email.data)
        except services.DirectoryError as error:
            show_refusal(form, error)
        else:
            commit()
            flash(_("The invitation is on its way to %(email)s.", email=form.email.data), "success")
            return redirect(url_for("directory.manage_members", slug=org.slug))
    return _members_page(org, form)


@bp.post("/<slug>/members/<int:membership_id>/<any(approve, refuse, remove, 'make-admin', 'make-member', 'hand-over'):action>")
@login_required
def member_action(slug, membership_id, action):
    org = access_org(current_user, slug)
    require(current_user, "directory.manage_members", org)
    verb, arguments, done = MEMBER_ACTIONS[action]
    try:
        verb(_user(), org, membership_id, **arguments)
    except services.DirectoryError as error:
        show_refusal(None, error)
    else:
        commit()
        flash(str(done), "success")
    if action == "hand-over":
        return redirect(url_for("directory.show_org", slug=org.slug))
    return redirect(url_for("directory.manage_members", slug=org.slug))


@bp.post("/<slug>/invitations/<int:invitation_id>/cancel")
@login_required
def cancel_invitation(slug, invitation_id):
    org = access_org(current_user, slug)
    require(current_user, "directory.manage_members", org)
    try:
        services.cancel_invitation(_user(), org, invitation_id)
    except services.DirectoryError as error:
        show_refusal(None, error)
    else:
        commit()
        flash(_("The invitation is withdrawn; its link no longer works."), "success")
    return redirect(url_for("directory.manage_members", slug=org.slug))


@bp.post("/<slug>/join")
@login_required
def join_org(slug):
    org = access_org(current_user, slug)
    require(current_user, "directory.request_join", org)
    form = JoinForm()
    if form.validate_on_submit():
        try:
            services.request_to_join(_user(), org, form.message.data)
        except services.DirectoryError as error:
            show_refusal(None, error)
        else:
            commit()
            flash(_("Your request is sent to the organisation's admins."), "success")
    else:  # the message comes back next to its field, as typed
        from app.directory.views import render_org_page

        return render_org_page(org, form, 400)
    return redirect(url_for("directory.show_org", slug=org.slug))


@bp.post("/<slug>/leave")
@login_required
def leave_org(slug):
    org = access_org(current_user, slug)
    require(current_user, "directory.leave", org)
    try:
        services.leave_org(_user(), org)
    except services.DirectoryError as error:
        show_refusal(None, error)
        return redirect(url_for("directory.show_org", slug=org.slug))
    commit()
    flash(_("You have left “%(name)s”.", name=org.name), "success")
    return redirect(url_for("directory.list_orgs"))


@bp.route("/invitations/<token>", methods=["GET", "POST"])
@login_required
def accept_invitation(token):
    require(current_user, "directory.accept_invitation")
    try:
        invitation = services.load_invitation(token)
    except services.DirectoryError as error:
        return render_template("directory/invitation.html", error=error.message, invitation=None), 400
    if request.method == "POST":
        services.accept_invitation(_user(), invitation)
        commit()
        flash(_("Welcome! You are now a member of “%(name)s”.", name=invitation.organisation.name), "success")
        return redirect(url_for("directory.show_org", slug=invitation.organisation.slug))
    return render_template("directory/invitation.html", invitation=invitation, error=None)
