"""Account forms: the shape of the input only."""
from functools import cache
from pathlib import Path

from wtforms import BooleanField, EmailField, PasswordField, StringField, SubmitField
from wtforms.validators import DataRequired, Email, EqualTo, Length, Regexp, ValidationError

from app.forms import AppForm
from app.i18n import lazy_gettext as _l

MIN_PASSWORD_LENGTH = 10


@cache
def common_passwords() -> frozenset:
    path = Path(__file__).with_name("common_passwords.txt")
    return frozenset(line.strip().lower() for line in path.read_text(encoding="utf-8").splitlines() if line.strip())


def not_common_password(form, field):
    if (field.data or "").lower() in common_passwords():
        raise ValidationError(_l("This password is one of the most common ones. Please choose another."))


# The shape of any e-mail address; enough to look an existing account up.
ADDRESS_SHAPE = r"^[^@\s]+@[^@\s]+\.[^@\s]+$"


def email_field(label=None, new_address=True):
    """An e-mail field; new addresses must be deliverable-looking, sign-in only needs the shape.

    email-validator refuses special-use domains such as .test, which existing accounts (the
    demo accounts among them) may well have: refusing them at login would lock those out.
    """
    check = (Email(_l("Enter a valid e-mail address, e.g. name@example.org.")) if new_address
             else Regexp(ADDRESS_SHAPE, message=_l("Enter a valid e-mail address, e.g. name@example.org.")))
    return EmailField(label or _l("E-mail address"), validators=[
        DataRequired(_l("Enter your e-mail address.")),
        Length(max=254, message=_l("An e-mail address has at most 254 characters.")),
        check,
    ], render_kw={"autocomplete": "email"})


def new_password_fields():
    password = PasswordField(_l("Password"), validators=[
        DataRequired(_l("Choose a password.")),
        Length(min=MIN_PASSWORD_LENGTH, max=200,
               message=_l("The password must have between %(min)d and %(max)d characters.")),
        not_common_password,
    ], render_kw={"autocomplete": "new-password"},
        description=_l("At least %(min)d characters.", min=MIN_PASSWORD_LENGTH))
    confirm = PasswordField(_l("Repeat the password"), validators=[
        DataRequired(_l("Repeat the password.")),
        EqualTo("password", message=_l("The two passwords differ.")),
    ], render_kw={"autocomplete": "new-password"})
    return password, confirm


class RegisterForm(AppForm):
    email = email_field()
    display_name = StringField(_l("Your name"), validators=[
        DataRequired(_l("Enter your name.")),
        Length(min=2, max=80, message=_l("The name must have between %(min)d and %(max)d characters.")),
    ], render_kw={"autocomplete": "name"}, description=_l("Shown next to what you write."))
    password, confirm = new_password_fields()
    accept_terms = BooleanField(
        _l("I accept the terms of use and have read the privacy notice."),
        validators=[DataRequired(_l("You must accept the terms and the privacy notice to register."))],
    )
    submit = SubmitField(_l("Create account"))


class LoginForm(AppForm):
    email = email_field(new_address=False)
    password = PasswordField(_l("Password"), validators=[DataRequired(_l("Enter your password."))],
                             render_kw={"autocomplete": "current-password"})
    remember = BooleanField(_l("Remember me on this device"))
    submit = SubmitField(_l("Log in"))


class ResetRequestForm(AppForm):
    email = email_field(new_address=False)
    submit = SubmitField(_l("Send the reset link"))


class ResetPasswordForm(AppForm):
    password, confirm = new_password_fields()
    submit = SubmitField(_l("Set the new password"))


class ResendConfirmationForm(AppForm):
    submit = SubmitField(_l("Send the confirmation link again"))
