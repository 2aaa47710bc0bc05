"""My account: profile, interface language, password; public user pages."""
from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask_login import current_user, login_user

from app.account import queries
from app.account.forms import ChangePasswordForm, LanguageForm
from app.auth import services as auth_services
from app.auth.forms import ResendConfirmationForm
from app.db import commit
from app.i18n import gettext as _, remember_language
from app.permissions import access_user, require

bp = Blueprint("account", __name__)


def _render_account(language_form=None, password_form=None):
    return render_template(
        "account/index.html",
        language_form=language_form or LanguageForm(language=current_user.language or "pl"),
        password_form=password_form or ChangePasswordForm(),
        resend_form=ResendConfirmationForm(),
    )


@bp.get("/account/")
def index():
    require(current_user, "account.view", status=401)
    return _render_account()


@bp.post("/account/language")
def change_language():
    require(current_user, "account.view", status=401)
    form = LanguageForm()
    if not form.validate_on_submit():
        return _render_account(language_form=form), 400
    auth_services.set_language(current_user, form.language.data)
    commit()
    remember_language(form.language.data)
    flash(_("The interface language is saved."), "success")
    return redirect(url_for("account.index"))


@bp.post("/account/password")
def change_password():
    require(current_user, "account.view", status=401)
    form = ChangePasswordForm()
    if form.validate_on_submit():
        try:
            auth_services.change_password(current_user, form.current_password.data, form.password.data)
        except auth_services.AuthError:
            form.current_password.errors.append(_("The current password is not right."))
        else:
            commit()
            login_user(current_user._get_current_object())  # a fresh cookie for this browser only
            flash(_("Your password is changed. You have been logged out on your other devices."), "success")
            return redirect(url_for("account.index"))
    return _render_account(password_form=form), 400


@bp.get("/users/")
def find_people():
    """Find someone's @name to mention them (members only: not a public list of people)."""
    require(current_user, "account.view", status=401)
    text = request.args.get("q", "")
    return render_template("account/people.html", text=text, people=queries.find_people(text),
                           too_short=0 < len(text.strip().lstrip("@")) < queries.MIN_QUERY_LENGTH)


@bp.get("/users/<username>")
def user_profile(username):
    user = access_user(current_user, username)
    return render_template("account/profile.html", user=user)
