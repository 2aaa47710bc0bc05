"""The secretariat's pages: dashboard, network health, moderation log, people, announcements.

Every address under /secretariat/ is for moderators and admins only (403 for anyone else).
"""
from urllib.parse import parse_qsl, urlsplit

from flask import Blueprint, Response, flash, redirect, render_template, request, url_for
from flask_login import current_user
from werkzeug.datastructures import MultiDict

from app.db import commit
from app.i18n import gettext as _
from app.inputs import page_arg
from app.main.views import home_section
from app.permissions import access_announcement, access_managed_user, access_post_report, require
from app.refusals import show_refusal
from app.secretariat import queries, reports, services
from app.secretariat.export import figures_csv
from app.secretariat.forms import (
    AnnouncementForm, LogFilterForm, PeriodForm, ResolveReportForm, RoleForm, SuspendForm, UnsuspendForm,
    UserSearchForm, WithdrawForm,
)
from app.secretariat.labels import action_label
from app.security import safe_next_url

bp = Blueprint("secretariat", __name__, url_prefix="/secretariat")


@bp.app_template_global()
def moderation_action_label(action: str) -> str:
    return action_label(action)


@bp.before_request
def _staff_only():
    require(current_user, "secretariat.view")


def _back(default_endpoint: str) -> str:
    return safe_next_url(request.form.get("next") or request.args.get("next"), url_for(default_endpoint))


# --- dashboard and figures -------------------------------------------------------------
@bp.get("/")
def dashboard():
    today = queries.local_today()
    return render_template(
        "secretariat/dashboard.html", pending=queries.pending_organisations(),
        reports=queries.open_post_reports(), conversation_reports=queries.open_conversation_reports(),
        accounts=queries.recent_accounts(), suspended=queries.suspended_accounts(limit=10),
        log_entries=queries.latest_log_entries(), announcements=queries.current_announcements(today),
        formed_total=queries.formed_partnerships_total(), unsuspend_form=UnsuspendForm(),
        grants=queries.small_grants(*queries.default_period(today)),
    )


def _period_form():
    """The meetings' period from the address (?from_month=YYYY-MM&to_month=YYYY-MM); the last 12 months by default."""
    form = PeriodForm(request.args)
    return form, form.period(queries.default_period(queries.local_today()))


@bp.get("/health")
def health():
    figures = queries.network_health()
    form, (first, last) = _period_form()
    return render_template("secretariat/health.html", figures=figures,
                           monthly=[f for f in figures if f.kind == "months"],
                           categories=[f for f in figures if f.kind == "categories"],
                           formed_total=queries.formed_partnerships_total(), period_form=form,
                           meetings=queries.meetings_per_county_and_month(first, last), first=first, last=last), \
        400 if form.errors else 200


@bp.get("/health.csv")
def health_csv():
    today = queries.local_today()
    _form, (first, last) = _period_form()
    meetings = queries.meeting_figures(queries.meetings_per_county_and_month(first, last))
    grants = queries.small_grant_figures(queries.small_grants(first, last))
    body = figures_csv(queries.network_health(today) + meetings + grants)
    filename = f"network-health-{today.isoformat()}.csv"
    return Response(body, mimetype="text/csv; charset=utf-8",
                    headers={"Content-Disposition": f'attachment; filename="{filename}"'})


# --- reported posts -------------------------------------------------------------------
@bp.route("/reports/<int:report_id>", methods=["GET", "POST"])
def resolve_report(report_id):
    report = access_post_report(current_user, report_id)
    form = ResolveReportForm()
    if report.is_open and form.validate_on_submit():
        try:
            reports.resolve_post_report(current_user, report, form.action.data, form.reason.data)
        except services.SecretariatError as error:
            show_refusal(form, error)
        else:
            commit()
            flash(_("The report is resolved. The action is written to the moderation log."), "success")
            return redirect(url_for("secretariat.dashboard"))
    elif request.method == "POST" and not report.is_open:
        flash(_("This report has already been dealt with."), "error")
    status = 400 if request.method == "POST" else 200
    return render_template("secretariat/report.html", report=report, form=form), status


# --- the moderation log ----------------------------------------------------------------
def _log_filters(form: LogFilterForm) -> queries.LogFilters:
    """The filters of the query string that make sense; anything else is ignored."""
    actors = queries.log_actors()
    actions = queries.log_actions()
    form.actor.choices = [("", _("Anyone"))] + [(str(i), name) for i, name in actors]
    form.action.choices = [("", _("Any action"))] + [(a, action_label(a)) for a in actions]
    form.validate()
    actor = request.args.get("actor", "")
    return queries.LogFilters(
        actor_id=int(actor) if actor in {str(i) for i, _name in actors} else None,
        action=request.args.get("action") if request.args.get("action") in actions else None,
        date_from=form.date_from.data if not form.date_from.errors else None,
        date_to=form.date_to.data if not form.date_to.errors else None,
    )


@bp.get("/log")
def moderation_log():
    form = LogFilterForm(request.args)
    filters = _log_filters(form)
    return render_template("secretariat/log.html", form=form, page_obj=queries.moderation_log(filters, page_arg()))


# --- people ----------------------------------------------------------------------------
@bp.get("/users")
def list_users():
    return _users_page(request.args)


def _users_page(args, refused: dict | None = None, status: int = 200):
    """The list of people; refused = the inline form a POST refused ({"user_id", "action", "form"}),
    shown open in its row with its errors and what was typed."""
    form = UserSearchForm(args)
    show = args.get("show") if args.get("show") in queries.USER_FILTERS else "all"
    page_obj = queries.search_users(args.get("q", ""), show, page_arg(args))
    return render_template("secretariat/users.html", form=form, page_obj=page_obj, refused=refused), status


# The ids of the inline forms' fields in secretariat/users.html (the error summary links to them).
INLINE_FIELD_IDS = {"role": {"role": "role-{id}", "reason": "role-reason-{id}"},
                    "suspend": {"reason": "suspend-reason-{id}"}, "unsuspend": {}}


def _list_args_of_next() -> MultiDict:
    """The list's query (search, filter, page) of the address the inline form came from."""
    return MultiDict(parse_qsl(urlsplit(_back("secretariat.list_users")).query))


def _form_problem(form) -> str:
    """What is wrong with a refused inline form when no field of it can say it (an expired token)."""
    if "csrf_token" in form.errors:
        return _("The form has expired or was not complete. Please try again.")
    return ""


def _user_action(user_id: int, form_class, verb, message: str, action: str):
    """Act on one person from an inline form of the list; a refused form comes back open in its
    row, with the message next to its field and what was typed (status 400)."""
    target = access_managed_user(current_user, user_id)
    form = form_class()
    if form.validate_on_submit():
        try:
            verb(target, form)
        except services.SecretariatError as error:
            show_refusal(form, error)
        else:
            commit()
            flash(message % {"name": target.display_name}, "success")
            return redirect(_back("secretariat.list_users"))
    anchors = {name: element.format(id=target.id) for name, element in INLINE_FIELD_IDS[action].items()}
    refused = {"user_id": target.id, "action": action, "form": form, "problem": _form_problem(form), "anchors": anchors}
    return _users_page(_list_args_of_next(), refused, 400)


@bp.post("/users/<int:user_id>/role")
def change_role(user_id):
    return _user_action(user_id, RoleForm, lambda target, form: services.change_role(
        current_user, target, form.role.data, form.reason.data), _("The role of %(name)s is changed."), "role")


@bp.post("/users/<int:user_id>/suspend")
def suspend_user(user_id):
    return _user_action(user_id, SuspendForm, lambda target, form: services.suspend(
        current_user, target, form.reason.data), _("%(name)s is suspended."), "suspend")


@bp.post("/users/<int:user_id>/unsuspend")
def unsuspend_user(user_id):
    return _user_action(user_id, UnsuspendForm, lambda target, form: services.unsuspend(
        current_user, target, form.reason.data), _("The suspension of %(name)s is lifted."), "unsuspend")


# --- announcements ---------------------------------------------------------------------
@bp.get("/announcements/")
def list_announcements():
    return render_template("secretariat/announcements.html", page_obj=queries.all_announcements(page_arg()),
                           today=queries.local_today(), withdraw_form=WithdrawForm())


def _announcement_form(form, announcement):
    """The form again; after a POST it was refused (a success redirects), hence 400."""
    return render_template("secretariat/announcement_form.html", form=form, announcement=announcement), \
        400 if request.method == "POST" else 200


@bp.route("/announcements/new", methods=["GET", "POST"])
def new_announcement():
    require(current_user, "secretariat.manage_announcements")
    form = AnnouncementForm()
    if form.validate_on_submit():
        try:
            services.create_announcement(current_user, form.texts(), form.ends_on.data, queries.local_today())
        except services.SecretariatError as error:
            show_refusal(form, error)
        else:
            commit()
            flash(_("The announcement is published on the home page."), "success")
            return redirect(url_for("secretariat.list_announcements"))
    return _announcement_form(form, None)


@bp.route("/announcements/<int:announcement_id>/edit", methods=["GET", "POST"])
def edit_announcement(announcement_id):
    announcement = access_announcement(current_user, announcement_id)
    form = AnnouncementForm(obj=announcement)
    if form.validate_on_submit():
        try:
            forum = services.update_announcement(current_user, announcement, form.texts(), form.ends_on.data,
                                                 queries.local_today())
        except services.SecretariatError as error:
            show_refusal(form, error)
        else:
            commit()
            flash(_("The announcement is saved."), "success")
            if forum == "not_allowed":
                flash(_("Its forum thread was written by another moderator and was left unchanged."), "warning")
            return redirect(url_for("secretariat.list_announcements"))
    return _announcement_form(form, announcement)


@bp.post("/announcements/<int:announcement_id>/withdraw")
def withdraw_announcement(announcement_id):
    announcement = access_announcement(current_user, announcement_id)
    if WithdrawForm().validate_on_submit():
        try:
            services.withdraw_announcement(current_user, announcement)
        except services.SecretariatError as error:
            flash(str(error.message), "error")
        else:
            commit()
            flash(_("The announcement is no longer shown on the home page."), "success")
    return redirect(url_for("secretariat.list_announcements"))


# --- home page -------------------------------------------------------------------------
@home_section("secretariat")
def _home_announcements() -> dict:
    return {"announcements": queries.current_announcements(queries.local_today(), limit=3)}

