"""Register, confirm, log in and out, reset a forgotten password."""
from flask import Blueprint, flash, redirect, render_template, request, session, url_for
from flask_babel import get_locale
from flask_login import current_user, login_user, logout_user

from app.auth import services
from app.auth.forms import LoginForm, RegisterForm, ResendConfirmationForm, ResetPasswordForm, ResetRequestForm
from app.db import commit
from app.limits import per_account_failures, per_client
from app.i18n import gettext as _, remember_language
from app.security import safe_next_url

bp = Blueprint("auth", __name__, url_prefix="/auth")


@bp.route("/register", methods=["GET", "POST"])
@per_client("REGISTER_RATE_LIMIT")
def register():
    form = RegisterForm()
    if form.validate_on_submit():
        services.register_user(form.email.data, form.display_name.data, form.password.data,
                               language=str(get_locale()))
        commit()
        return render_template("auth/check_inbox.html", email=form.email.data)
    return render_template("auth/register.html", form=form)


@bp.route("/confirm/<token>")
def confirm_email(token):
    try:
        services.confirm_email(token)
    except services.ExpiredToken:
        return render_template("auth/token_problem.html", expired=True, purpose="confirm"), 400
    except services.InvalidToken:
        return render_template("auth/token_problem.html", expired=False, purpose="confirm"), 400
    commit()
    flash(_("Thank you, your e-mail address is confirmed."), "success")
    return redirect(url_for("auth.login") if not current_user.is_authenticated else url_for("main.home"))


@bp.post("/confirm/resend")
def resend_confirmation():
    form = ResendConfirmationForm()
    if current_user.is_authenticated and not current_user.is_confirmed and form.validate_on_submit():
        services.send_confirmation(current_user)
        flash(_("We have sent a new confirmation link to %(email)s.", email=current_user.email), "info")
    return redirect(url_for("account.index"))


@bp.route("/login", methods=["GET", "POST"])
@per_client("LOGIN_RATE_LIMIT")
@per_account_failures("LOGIN_ACCOUNT_RATE_LIMIT")
def login():
    form = LoginForm()
    next_url = safe_next_url(request.values.get("next"), url_for("main.home"))
    if form.validate_on_submit():
        user = services.authenticate(form.email.data, form.password.data)
        if user is not None and not user.is_suspended:
            services.record_login(user)
            commit()
            login_user(user, remember=form.remember.data)
            if user.language:
                remember_language(user.language)
            flash(_("You are logged in."), "success")
            return redirect(next_url)
        form.password.errors.append(
            _("This account is suspended. Contact the network secretariat.") if user
            else _("The e-mail address or the password is not right.")
        )
    return render_template("auth/login.html", form=form, next_url=next_url)


@bp.post("/logout")
def logout():
    if current_user.is_authenticated:
        services.end_all_sessions(current_user._get_current_object())
        commit()
    language = session.get("lang")
    logout_user()
    session.clear()
    remember_language(language)
    flash(_("You are logged out."), "info")
    return redirect(url_for("main.home"))


@bp.route("/reset", methods=["GET", "POST"])
@per_client("RESET_RATE_LIMIT")
def request_reset():
    form = ResetRequestForm()
    if form.validate_on_submit():
        services.request_password_reset(form.email.data, language=str(get_locale()))
        return render_template("auth/check_inbox.html", email=form.email.data, reset=True)
    return render_template("auth/reset_request.html", form=form)


@bp.route("/reset/<token>", methods=["GET", "POST"])
def reset_password(token):
    try:
        services.user_for_reset_token(token)
    except services.InvalidToken as exc:
        expired = isinstance(exc, services.ExpiredToken)
        return render_template("auth/token_problem.html", expired=expired, purpose="reset"), 400
    form = ResetPasswordForm()
    if form.validate_on_submit():
        services.reset_password(token, form.password.data)
        commit()
        logout_user()
        flash(_("Your password has been changed. You can log in with it now."), "success")
        return redirect(url_for("auth.login"))
    return render_template("auth/reset_password.html", form=form)
