"""Forms around a meeting: writing to the registrants, registration questions and answers, attendance.

The shape of the input only; services check the world (events/letters.py, questions.py, attendance.py).
"""
from flask_babel import lazy_gettext as _l
from flask_babel import lazy_ngettext
from flask_wtf import FlaskForm
from wtforms import RadioField, StringField, SubmitField, TextAreaField
from wtforms.validators import DataRequired, Length

from app.events.letters import BODY_MAX, SUBJECT_MAX
from app.forms import strip

_AT_MOST = _l("At most %(max)d characters, please.")


class RegistrantMessageForm(FlaskForm):
    """The organisers write to those registered for one date."""

    audience = RadioField(_l("To whom"), default="confirmed", validators=[
        DataRequired(message=_l("Choose who receives the message.")),
    ])
    subject = StringField(_l("Subject"), filters=[strip], validators=[
        DataRequired(message=_l("Write the subject.")), Length(max=SUBJECT_MAX, message=_AT_MOST),
    ])
    body = TextAreaField(_l("Message"), validators=[
        DataRequired(message=_l("Write the message.")), Length(max=BODY_MAX, message=_AT_MOST),
    ], description=_l("Sent as you write it; each person gets it in the list of notifications and, "
                      "as their settings say, by e-mail, with the date and place in their language."))
    submit = SubmitField(_l("Send the message"))

    def set_audiences(self, counts: dict[str, int]) -> None:
        self.audience.choices = [
            ("confirmed", lazy_ngettext("Confirmed places (%(num)d person)", "Confirmed places (%(num)d people)",
                                        counts["confirmed"])),
            ("waiting", lazy_ngettext("The waiting list (%(num)d person)", "The waiting list (%(num)d people)",
                                      counts["waiting"])),
            ("both", lazy_ngettext("Both (%(num)d person)", "Both (%(num)d people)", counts["both"])),
        ]
