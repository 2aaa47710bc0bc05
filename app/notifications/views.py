"""My notifications, my notification choices, the unsubscribe link, my data and account deletion."""
import json

from flask import Blueprint, Response, flash, redirect, render_template, request, url_for
from flask_login import current_user, logout_user

from app.db import commit
from app.extensions import csrf
from app.i18n import gettext as _
from app.inputs import page_arg
from app.main.views import home_section
from app.notifications import delivery, privacy, queries, services
from app.notifications.forms import (
    DeleteAccountForm, MarkAllReadForm, MarkReadForm, PreferencesForm, UnsubscribeForm,
)
from app.notifications.home import for_you
from app.notifications.kinds import delivery_label, kind_choice_label, kind_label
from app.permissions import access_notification, require
from app.security import safe_next_url

bp = Blueprint("notifications", __name__)


class _LazyUnreadCount:
    """The header's unread count, read from the database only if a template shows it."""

    def __init__(self):
        self._value = None

    def __int__(self):
        if self._value is None:
            self._value = queries.unread_count(current_user)
        return self._value

    def __bool__(self):
        return int(self) > 0

    def __str__(self):
        return str(int(self))

    def __eq__(self, other):
        return int(self) == other

    __hash__ = None


@bp.app_context_processor
def _notification_context():
    return {"unread_notifications_count": _LazyUnreadCount()}


@bp.app_template_global()
def notification_kind_label(kind: str) -> str:
    return kind_label(kind)


def _require_login():
    require(current_user, "notifications.view", status=401)


# --- the list --------------------------------------------------------------------------
@bp.get("/account/notifications")
def list_notifications():
    _require_login()
    unread_only = request.args.get("show") == "unread"
    return render_template("notifications/list.html", unread_only=unread_only,
                           page_obj=queries.list_notifications(current_user, page_arg(), unread_only),
                           unread=queries.unread_count(current_user),
                           read_form=MarkReadForm(), all_form=MarkAllReadForm())


@bp.get("/account/notifications/<int:notification_id>")
def open_notification(notification_id):
    """Follow a notification's link, marking it read on the way."""
    _require_login()
    notification = access_notification(current_user, notification_id)
    services.mark_read(current_user, notification)
    commit()
    return redirect(safe_next_url(notification.url, url_for("notifications.list_notifications")))


@bp.post("/account/notifications/<int:notification_id>/read")
def mark_read(notification_id):
    _require_login()
    notification = access_notification(current_user, notification_id)
    if MarkReadForm().validate_on_submit():
        services.mark_read(current_user, notification)
        commit()
    return redirect(safe_next_url(request.form.get("next"), url_for("notifications.list_notifications")))


@bp.post("/account/notifications/read-all")
def mark_all_read():
    _require_login()
    if MarkAllReadForm().validate_on_submit():
        count = services.mark_all_read(current_user)
        commit()
        flash(_("All notifications are marked as read (%(count)d).", count=count), "success")
    return redirect(url_for("notifications.list_notifications"))


# --- choices ---------------------------------------------------------------------------
@bp.route("/account/notifications/settings", methods=["GET", "POST"])
def settings():
    _require_login()
    form = PreferencesForm(data=services.preferences_of(current_user) if request.method == "GET" else None)
    if form.validate_on_submit():
        services.set_preferences(current_user, form.choices())
        commit()
        flash(_("Your notification choices are saved."), "success")
        return redirect(url_for("notifications.settings"))
    return render_template("notifications/settings.html", form=form,
                           may_email=services.may_receive_email(current_user)), 400 if form.errors else 200


@bp.route("/account/unsubscribe/<token>", methods=["GET", "POST"])
@csrf.exempt  # RFC 8058: mail programs POST here without a session; the signed token is the authority
def unsubscribe(token):
    try:
        user, scope = delivery.read_unsubscribe_token(token)
    except delivery.ExpiredUnsubscribeLink:
        return render_template("notifications/unsubscribe.html", problem="expired"), 400
    except delivery.InvalidUnsubscribeLink:
        return render_template("notifications/unsubscribe.html", problem="invalid"), 400
    if request.method == "POST":  # a GET never changes anything: link checkers open links too
        changed = services.unsubscribe(user, scope)
        commit()
        return render_template("notifications/unsubscribe.html", done=True, scope=scope, changed=changed,
                               kind_choice_label=kind_choice_label, delivery_label=delivery_label)
    return render_template("notifications/unsubscribe.html", form=UnsubscribeForm(), scope=scope,
                           kind_choice_label=kind_choice_label)


# --- my data ---------------------------------------------------------------------------
@bp.get("/account/export.json")
def export_data():
    _require_login()
    data = privacy.export_user_data(current_user)
    body = json.dumps(data, ensure_ascii=False, indent=2, default=str)
    return Response(body, mimetype="application/json", headers={
        "Content-Disposition": f'attachment; filename="my-data-{current_user.username}.json"',
        "Cache-Control": "no-store",
    })


@bp.route("/account/delete", methods=["GET", "POST"])
def delete_account():
    _require_login()
    form = DeleteAccountForm()
    if form.validate_on_submit():
        try:
            privacy.delete_account(current_user._get_current_object(), form.password.data)
        except privacy.PrivacyError as error:
            target = form[error.field] if error.field in form else form.confirm
            target.errors = [*target.errors, str(error)]
        else:
            commit()
            logout_user()
            flash(_("Your account and your personal data have been deleted. Thank you for taking part."), "success")
            return redirect(url_for("main.home"))
    return render_template("notifications/delete_account.html", form=form,
                           orphaned=privacy.sole_admin_organisations(current_user)), 400 if form.errors else 200


# --- home page -------------------------------------------------------------------------
@home_section("notifications")
def _home_for_you() -> dict:
    return for_you(current_user)
