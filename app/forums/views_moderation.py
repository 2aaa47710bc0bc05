"""Moderation pages of the secretariat: posts, threads, reports, previous versions."""
from flask import flash, redirect, render_template, request, url_for
from flask_login import current_user

from app.db import commit
from app.forums import moderation, queries
from app.forums.forms import DismissReportForm, ModeratePostForm, ModerateThreadForm
from app.forums.models import PostReport
from app.forums.services import ForumError
from app.forums.views import bp, post_url, require_writer
from app.i18n import gettext as _
from app.permissions import access_post, access_thread, found_or_404, require
from app.refusals import show_refusal
from app.taxonomy import current_language


@bp.route("/p/<int:post_id>/moderate", methods=["GET", "POST"])
def moderate_post(post_id):
    post = access_post(current_user, post_id)
    require_writer("forums.moderate", post)
    form = ModeratePostForm(data={"action": request.args.get("action", "unhide" if post.is_hidden else "hide")})
    if form.validate_on_submit():
        try:
            moderation.moderate_post(current_user, post, form.action.data, form.reason.data)
        except ForumError as error:
            show_refusal(form, error)
        else:
            commit()
            flash(_("Done. The action is written to the moderation log."), "success")
            return redirect(post_url(post.id, post.thread_id, post.position))
    return render_template("forums/moderate_post.html", post=post, form=form), 400 if form.errors else 200


@bp.route("/t/<int:thread_id>/moderate", methods=["GET", "POST"])
def moderate_thread(thread_id):
    thread = access_thread(current_user, thread_id)
    require_writer("forums.moderate", thread)
    form = ModerateThreadForm(data={"action": request.args.get("action")})
    form.category.choices = [("", "—")] + [
        (str(cid), name) for cid, name in queries.category_choices(current_language(), exclude_id=thread.category_id)
    ]
    if form.validate_on_submit():
        try:
            moderation.moderate_thread(current_user, thread, form.action.data, form.reason.data, form.category.data)
        except ForumError as error:
            show_refusal(form, error)
        else:
            commit()
            flash(_("Done. The action is written to the moderation log."), "success")
            return redirect(url_for(".show_thread", thread_id=thread.id))
    return render_template("forums/moderate_thread.html", thread=thread, form=form), 400 if form.errors else 200


@bp.get("/p/<int:post_id>/history")
def post_history(post_id):
    post = access_post(current_user, post_id)
    require_writer("forums.view_revisions", post)
    return render_template("forums/history.html", post=post, revisions=queries.revisions_of(post))


@bp.get("/reports")
def list_reports():
    require_writer("forums.moderate")
    return render_template("forums/reports.html", reports=queries.open_reports(), form=DismissReportForm())


@bp.post("/reports/<int:report_id>/dismiss")
def dismiss_report(report_id):
    require_writer("forums.moderate")
    report = found_or_404(queries.get_by_id(PostReport, report_id))
    require(current_user, "forums.view_thread", report.post.thread, status=404)
    form = DismissReportForm()
    if form.validate_on_submit():
        try:
            moderation.dismiss_report(current_user, report, form.reason.data)
        except ForumError as error:
            flash(error.message, "error")
        else:
            commit()
            flash(_("The report is dismissed."), "success")
            return redirect(url_for(".list_reports"))
    else:
        flash(_("Give a reason to dismiss the report."), "error")
    return render_template("forums/reports.html", reports=queries.open_reports(), form=form,
                           failed_report_id=report.id), 400
