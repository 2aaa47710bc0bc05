"""Forms around a meeting: writing to the registrants, registration questions and answers, attendance.

The shape of the input only; services check the world (events/letters.py, questions.py, attendance.py).
"""
from markupsafe import Markup
from flask_babel import lazy_ngettext
from wtforms import BooleanField, RadioField, SelectField, StringField, SubmitField, TextAreaField
from wtforms.validators import DataRequired, Length, Optional

from app.events.letters import BODY_MAX, SUBJECT_MAX
from app.events.models import QUESTION_KINDS
from app.events.questions import ANSWER_MAX, CHOICE_MAX, LABEL_MAX, QuestionData, RegistrationDetails
from app.forms import AppForm, MultiCheckboxField, strip
from app.i18n import lazy_gettext as _l

_AT_MOST = _l("At most %(max)d characters, please.")


class RegistrantMessageForm(AppForm):
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


# --- registration questions -----------------------------------------------------------------------------
KIND_LABELS = {
    "short_text": _l("Short text"),
    "long_text": _l("Long text"),
    "one_choice": _l("One choice from a list"),
    "several_choices": _l("Several choices from a list"),
    "yes_no": _l("Yes or no"),
}
_CHOICES_HINT = _l("For a question with choices: one choice per line, in the same order in every language.")


class QuestionForm(AppForm):
    """One question of the registration form, in Polish (required), English and Ukrainian."""

    kind = SelectField(_l("Kind of question"), choices=[(k, KIND_LABELS[k]) for k in QUESTION_KINDS])
    required = BooleanField(_l("An answer is required"))
    label_pl = StringField(_l("Question in Polish"), filters=[strip], validators=[
        DataRequired(message=_l("Write the question in Polish.")), Length(max=LABEL_MAX, message=_AT_MOST)])
    label_en = StringField(_l("Question in English"), filters=[strip], validators=[
        Length(max=LABEL_MAX, message=_AT_MOST)], description=_l("Optional: without it the Polish text is shown."))
    label_uk = StringField(_l("Question in Ukrainian"), filters=[strip], validators=[
        Length(max=LABEL_MAX, message=_AT_MOST)], description=_l("Optional: without it the Polish text is shown."))
    choices_pl = TextAreaField(_l("Choices in Polish"), validators=[Length(max=CHOICE_MAX * 31, message=_AT_MOST)],
                               description=_CHOICES_HINT)
    choices_en = TextAreaField(_l("Choices in English"), validators=[Length(max=CHOICE_MAX * 31, message=_AT_MOST)])
    choices_uk = TextAreaField(_l("Choices in Ukrainian"), validators=[Length(max=CHOICE_MAX * 31, message=_AT_MOST)])
    submit = SubmitField(_l("Save the question"))

    def data_of(self) -> QuestionData:
        return QuestionData(**{name: self[name].data or ("" if name != "required" else False)
                               for name in QuestionData.__dataclass_fields__})


class PublicListForm(AppForm):
    public_participants = BooleanField(_l("Show on the event page the organisations of registrants who agree to it"))
    save = SubmitField(_l("Save"))


def registration_form(event, questions: list, lang: str, my_organisations: list[str]):
    """The registration form of one event: the organisation represented, the consent, the questions.

    Choices are checked by the service (validate_choice=False), so that an optional question left
    unanswered is no error and a choice removed meanwhile gets a message, not a crash.
    """
    class Form(AppForm):
        organisation = StringField(
            _l("Organisation you represent"), filters=[strip], default=my_organisations[0] if my_organisations else "",
            validators=[Length(max=300, message=_AT_MOST)], render_kw={"list": "my-organisations"} if my_organisations
            else {}, description=_l("Optional. One of your organisations, or type another name."))

    if event.public_participants:
        Form.listed = BooleanField(_l("My organisation may appear on the public list of participating organisations"))
    for question in questions:
        setattr(Form, f"q{question.id}", _question_field(question, lang))
    form = Form()
    form.question_names = [f"q{q.id}" for q in questions]
    return form


def _in_polish(text: str, fallback: bool):
    """Polish text shown on a page in another language is marked as Polish (WCAG 3.1.2)."""
    return Markup('<span lang="pl">{}</span>').format(text) if fallback else text


def _question_field(question, lang: str):
    label = _in_polish(question.label(lang), lang != "pl" and not getattr(question, f"label_{lang}", ""))
    check = [DataRequired(message=_l("Answer this question.")) if question.required else Optional()]
    if question.kind in ANSWER_MAX:
        field = StringField if question.kind == "short_text" else TextAreaField
        return field(label, filters=[strip], validators=[*check, Length(max=ANSWER_MAX[question.kind],
                                                                        message=_AT_MOST)])
    if question.kind == "yes_no":
        return RadioField(label, choices=[("yes", _l("Yes")), ("no", _l("No"))], validators=check,
                          validate_choice=False)
    fallback = lang != "pl" and not getattr(question, f"choices_{lang}", "")
    choices = [(i, _in_polish(text, fallback)) for i, text in enumerate(question.choices(lang))]
    field = RadioField if question.kind == "one_choice" else MultiCheckboxField
    return field(label, choices=[(str(i), text) for i, text in choices], validators=check, validate_choice=False)


def details_of(form):
    """What a registration form gives the service (None for the bare button of an event without the form)."""
    if not hasattr(form, "question_names"):
        return None
    return RegistrationDetails(answers={int(name[1:]): form[name].data for name in form.question_names},
                               organisation_name=form.organisation.data or "",
                               listed=bool(form.listed.data) if "listed" in form else False)


# --- attendance ----------------------------------------------------------------------------------------
class AttendanceForm(AppForm):
    """The checklist of registrants (choices: registration id → name)."""

    attended = MultiCheckboxField(_l("Who attended"), coerce=int, validate_choice=False)
    save = SubmitField(_l("Save the attendance"))

    def set_registrants(self, registrants, organisations: dict) -> None:
        self.attended.choices = [
            (r.id, r.user.display_name + (f" ({r.organisation_name or organisations.get(r.user_id, '')})"
                                          if r.organisation_name or organisations.get(r.user_id) else ""))
            for r in registrants]


class WalkInForm(AppForm):
    """Someone who attended without registering."""

    name = StringField(_l("Name"), filters=[strip], validators=[
        DataRequired(message=_l("Write the person's name.")), Length(max=200, message=_AT_MOST)])
    organisation = StringField(_l("Organisation"), filters=[strip], validators=[
        Length(max=300, message=_AT_MOST)], description=_l("Optional."))
    add = SubmitField(_l("Add to the attendance"))
