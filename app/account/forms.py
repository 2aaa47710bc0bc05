"""Forms of the account page."""
from wtforms import PasswordField, SelectField, SubmitField
from wtforms.validators import DataRequired

from app.auth.forms import new_password_fields
from app.forms import AppForm
from app.i18n import LANGUAGE_NAMES, lazy_gettext as _l


class LanguageForm(AppForm):
    language = SelectField(_l("Interface language"), choices=list(LANGUAGE_NAMES.items()),
                           validators=[DataRequired()])
    submit = SubmitField(_l("Save the language"), id="save-language")  # two forms on one page: ids differ


class ChangePasswordForm(AppForm):
    current_password = PasswordField(_l("Current password"), validators=[DataRequired(_l("Enter your current password."))],
                                     render_kw={"autocomplete": "current-password"})
    password, confirm = new_password_fields()
    submit = SubmitField(_l("Change the password"), id="change-password")
