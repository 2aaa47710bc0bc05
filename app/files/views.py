"""Files: downloads (access checked on every request) and the pages that add, replace and remove them."""
from flask import Blueprint, abort, flash, redirect, render_template, url_for
from flask_login import current_user, login_required

from app.db import commit
from app.extensions import db
from app.files import queries, services, storage
from app.files.forms import LogoForm, RemoveForm, ReplaceForm, UploadForm
from app.i18n import gettext as _
from app.permissions import (access_attachment, access_attachment_parent, access_org,
                             attachment_parent_kind, require)
from app.site import accepts_uploads

bp = Blueprint("files", __name__, url_prefix="/files")
# Parents whose files are listed on the files page (an organisation has its logo page, a library
# document its one file on the document's form).
MANAGED_HERE = ("forum_post", "partnership_post")


def parent_url(parent) -> str:
    """The page that shows parent's files."""
    kind = attachment_parent_kind(parent)
    if kind == "forum_post":
        return url_for("forums.permalink", post_id=parent.id)
    if kind == "partnership_post":
        return url_for("partnerships.show_post", post_id=parent.id)
    if kind == "organisation":
        return url_for("directory.show_org", slug=parent.slug)
    if kind == "grant_application":
        return url_for("grants.application_files", application_id=parent.id)
    return url_for("library.show_document", document_id=parent.id)


def parent_title(parent) -> str:
    """What the files page names its item by: the thread, the post's or the document's title."""
    from app import taxonomy

    kind = attachment_parent_kind(parent)
    if kind == "forum_post":
        return parent.thread.title
    if kind == "library_document":
        return parent.title_in(taxonomy.current_language())
    return getattr(parent, "title", None) or parent.name


def _user():
    return current_user._get_current_object()


def _saved(form, service, target):
    """The attachment service(actor, target, bytes, name) saved and committed; None when it refused
    the file (its message then goes next to the file field)."""
    try:
        attachment = service(_user(), target, form.file.bytes, form.file.data.filename)
    except services.FileRefused as refused:
        db.session.rollback()
        form.file.errors = [refused.message]
        return None
    commit()
    return attachment


@bp.get("/<int:attachment_id>")
@bp.get("/<int:attachment_id>/<path:filename>")
def download(attachment_id, filename=None):
    attachment = access_attachment(current_user, attachment_id)
    return storage.serve(attachment.file, attachment.filename)


def _manage_page(parent, kind, upload=None, replace_forms=None, status=200):
    attachments = queries.list_attachments(kind, parent.id)
    replace_forms = replace_forms or {}
    forms = {a.id: replace_forms.get(a.id) or ReplaceForm(prefix=f"replace-{a.id}") for a in attachments}
    return render_template("files/manage.html", parent=parent, kind=kind, attachments=attachments,
                           upload=upload or UploadForm(), replace_forms=forms, remove_form=RemoveForm(),
                           back_url=parent_url(parent), title=parent_title(parent)), status


@bp.route("/for/<kind>/<int:parent_id>", methods=["GET", "POST"])
@login_required
@accepts_uploads
def manage(kind, parent_id):
    if kind not in MANAGED_HERE:
        abort(404)
    parent = access_attachment_parent(current_user, kind, parent_id)
    require(current_user, "attachments.manage", parent)
    form = UploadForm()
    attachment = form.validate_on_submit() and _saved(form, services.add_attachment, parent)
    if attachment:
        flash(_("The file %(name)s was added.", name=attachment.filename), "success")
        return redirect(url_for(".manage", kind=kind, parent_id=parent_id))
    return _manage_page(parent, kind, upload=form, status=400 if form.errors else 200)


@bp.post("/<int:attachment_id>/replace")
@login_required
@accepts_uploads
def replace(attachment_id):
    attachment = access_attachment(current_user, attachment_id)
    parent, kind = attachment.parent, attachment.parent_kind
    require(current_user, "attachments.manage", parent)
    form = ReplaceForm(prefix=f"replace-{attachment.id}")
    if form.validate_on_submit() and _saved(form, services.replace_attachment, attachment):
        flash(_("The file was replaced; its address stays the same."), "success")
        return redirect(url_for(".manage", kind=kind, parent_id=parent.id) if kind in MANAGED_HERE else parent_url(parent))
    return _manage_page(parent, kind, replace_forms={attachment.id: form}, status=400)


@bp.post("/<int:attachment_id>/remove")
@login_required
def remove(attachment_id):
    attachment = access_attachment(current_user, attachment_id)
    parent, kind, name = attachment.parent, attachment.parent_kind, attachment.filename
    require(current_user, "attachments.manage", parent)
    if RemoveForm().validate_on_submit():
        try:
            services.remove_attachment(_user(), attachment)
        except services.FileRefused as refused:
            db.session.rollback()
            flash(refused.message, "error")
        else:
            commit()
            flash(_("The file %(name)s was removed.", name=name), "success")
    return redirect(url_for(".manage", kind=kind, parent_id=parent.id) if kind in MANAGED_HERE else parent_url(parent))


@bp.route("/logo/<slug>", methods=["GET", "POST"])
@login_required
@accepts_uploads
def logo(slug):
    org = access_org(current_user, slug)
    require(current_user, "attachments.manage", org)
    form = LogoForm()
    if form.validate_on_submit() and _saved(form, services.set_logo, org):
        flash(_("The logo was saved."), "success")
        return redirect(url_for("directory.show_org", slug=org.slug))
    return render_template("files/logo.html", org=org, form=form, logo=services.get_logo(org),
                           remove_form=RemoveForm()), 400 if form.errors else 200


@bp.app_template_global()
def attachments_of(kind: str, parent_id: int, page_ids=None):
    """The files of one parent; with page_ids, loaded once for a whole page of parents."""
    return queries.attachments_on_page(kind, parent_id, page_ids or [parent_id])


@bp.app_template_filter("file_size")
def file_size(size: int) -> str:
    return storage.human_size(size)


@bp.app_template_filter("file_type")
def file_type(content_type: str) -> str:
    return str(storage.type_label(content_type))
