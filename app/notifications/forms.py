"""Forms of the notification settings and of the account's privacy actions (shape only)."""
from wtforms import BooleanField, PasswordField, RadioField, SubmitField
from wtforms.validators import DataRequired, InputRequired

from app.forms import AppForm
from app.i18n import lazy_gettext as _l
from app.notifications.kinds import DELIVERY_LABELS, KIND_CHOICE_LABELS
from app.notifications.models import DELIVERIES, KINDS


class PreferencesForm(AppForm):
    """One radio group per kind: only on the site, e-mail at once, or the daily digest."""

    submit = SubmitField(_l("Save my choices"))

    def kind_fields(self):
        return [self[kind] for kind in KINDS]

    def choices(self) -> dict[str, str]:
        return {kind: self[kind].data for kind in KINDS}


for _kind in KINDS:
    setattr(PreferencesForm, _kind, RadioField(
        KIND_CHOICE_LABELS[_kind], choices=[(d, DELIVERY_LABELS[d]) for d in DELIVERIES],
        validators=[InputRequired(_l("Choose how to hear about this."))],
    ))
del _kind


class MarkReadForm(AppForm):
    submit = SubmitField(_l("Mark as read"))


class MarkAllReadForm(AppForm):
    submit = SubmitField(_l("Mark all as read"))


class UnsubscribeForm(AppForm):
    """The button on the unsubscribe page; the signed link is the authority, not a session."""

    class Meta:
        csrf = False

    submit = SubmitField(_l("Stop these e-mails"))


class DeleteAccountForm(AppForm):
    password = PasswordField(_l("Your password"), validators=[DataRequired(_l("Enter your password."))],
                             render_kw={"autocomplete": "current-password"})
    confirm = BooleanField(_l("I understand that my account and personal data will be deleted for good."),
                           validators=[DataRequired(_l("Tick the box to confirm."))])
    submit = SubmitField(_l("Delete my account"))
