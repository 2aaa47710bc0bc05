"""Pages that keep the forum's structure: categories (secretariat) and working groups."""
from flask import abort, flash, redirect, render_template, request, url_for
from flask_login import current_user

from app.db import commit
from app.forums import admin, queries
from app.forums.forms import AddMemberForm, CategoryForm, ConfirmForm, GroupForm
from app.forums.models import LANGUAGES, Category, WorkingGroupMember
from app.forums.services import ForumError
from app.forums.views import bp, require_writer
from app.i18n import gettext as _
from app.permissions import access_group, found_or_404
from app.refusals import show_refusal


def _texts(form) -> tuple[dict, dict]:
    return ({lang: form[f"name_{lang}"].data for lang in LANGUAGES},
            {lang: form[f"description_{lang}"].data for lang in LANGUAGES})


@bp.get("/manage/")
def manage_categories():
    require_writer("forums.manage_categories")
    categories = [c for c in queries.list_categories(current_user, include_archived=True) if not c.is_private]
    return render_template("forums/manage_categories.html", categories=categories, form=ConfirmForm())


@bp.route("/manage/new", methods=["GET", "POST"])
def new_category():
    require_writer("forums.manage_categories")
    form = CategoryForm()
    if form.validate_on_submit():
        try:
            category = admin.create_category(current_user, form.slug.data, *_texts(form), form.moderators_only.data)
        except ForumError as error:
            show_refusal(form, error)
        else:
            commit()
            flash(_("The category is created."), "success")
            return redirect(url_for(".show_category", slug=category.slug))
    return render_template("forums/category_form.html", form=form, category=None), 400 if form.errors else 200


@bp.route("/manage/<int:category_id>/edit", methods=["GET", "POST"])
def edit_category(category_id):
    require_writer("forums.manage_categories")
    category = found_or_404(queries.get_by_id(Category, category_id))
    form = CategoryForm(obj=category)
    if form.validate_on_submit():
        try:
            admin.update_category(current_user, category, *_texts(form), form.moderators_only.data)
        except ForumError as error:
            show_refusal(form, error)
        else:
            commit()
            flash(_("The category is saved."), "success")
            return redirect(url_for(".manage_categories"))
    return render_template("forums/category_form.html", form=form, category=category), 400 if form.errors else 200


@bp.post("/manage/<int:category_id>/<any(up, down, archive, unarchive):verb>")
def change_category(category_id, verb):
    require_writer("forums.manage_categories")
    category = found_or_404(queries.get_by_id(Category, category_id))
    if not ConfirmForm().validate_on_submit():
        abort(400)
    if verb in ("up", "down"):
        admin.reorder_category(current_user, category, verb)
    else:
        admin.set_category_archived(current_user, category, verb == "archive")
    commit()
    flash(_("The category is saved."), "success")
    return redirect(url_for(".manage_categories"))


@bp.get("/groups/")
def list_groups():
    require_writer()
    return render_template("forums/groups.html", groups=queries.list_groups(current_user))


@bp.route("/groups/new", methods=["GET", "POST"])
def new_group():
    require_writer("forums.create_group")
    form = GroupForm()
    if form.validate_on_submit():
        try:
            group = admin.create_working_group(current_user, form.name.data, form.description.data,
                                               queries.find_user(form.coordinator.data))
        except ForumError as error:
            show_refusal(form, error)
        else:
            commit()
            flash(_("The working group is created."), "success")
            return redirect(url_for(".show_group", group_id=group.id))
    return render_template("forums/group_form.html", form=form), 400 if form.errors else 200


@bp.route("/groups/<int:group_id>/", methods=["GET", "POST"])
def show_group(group_id):
    group = access_group(current_user, group_id)
    form = AddMemberForm()
    if request.method == "POST":
        require_writer("forums.manage_group", group)
        if form.validate_on_submit():
            try:
                admin.add_group_member(current_user, group, queries.find_user(form.user.data), form.role.data)
            except ForumError as error:
                show_refusal(form, error)
            else:
                commit()
                flash(_("The member is added."), "success")
                return redirect(url_for(".show_group", group_id=group.id))
    return render_template("forums/group.html", group=group, members=queries.group_members(group), form=form,
                           confirm_form=ConfirmForm()), 400 if form.errors else 200


@bp.post("/groups/<int:group_id>/members/<int:member_id>/<any(member, coordinator, remove):verb>")
def change_member(group_id, member_id, verb):
    group = access_group(current_user, group_id)
    require_writer("forums.manage_group", group)
    member = found_or_404(queries.get_by_id(WorkingGroupMember, member_id))
    if not ConfirmForm().validate_on_submit():
        abort(400)
    try:
        admin.change_group_member(current_user, group, member, None if verb == "remove" else verb)
    except ForumError as error:
        flash(error.message, "error")
    else:
        commit()
        flash(_("The group's members are saved."), "success")
    return redirect(url_for(".show_group", group_id=group.id))
