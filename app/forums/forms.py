"""Forum forms: the shape of the input only (the rules are in services.py)."""
from wtforms import (
    BooleanField, HiddenField, RadioField, SelectField, StringField, SubmitField, TextAreaField,
)
from wtforms.validators import DataRequired, Length, Optional

from app import taxonomy
from app.forms import AppForm, MultiCheckboxField
from app.forums.services import MAX_POST_LENGTH, MAX_REASON_LENGTH, MAX_TITLE_LENGTH, MIN_TITLE_LENGTH
from app.i18n import lazy_gettext as _l

BODY_HINT = _l("Markdown: *italics*, **bold**, [link](https://…), lists, > quotes, `code`, tables. "
               "Write @name to mention someone.")


def title_field():
    return StringField(_l("Title"), validators=[
        DataRequired(_l("Enter a title.")),
        Length(min=MIN_TITLE_LENGTH, max=MAX_TITLE_LENGTH,
               message=_l("A title has between %(min)d and %(max)d characters.")),
    ], render_kw={"maxlength": MAX_TITLE_LENGTH})


def body_field(label=None):
    return TextAreaField(label or _l("Your post"), validators=[
        DataRequired(_l("Write the text of your post.")),
        Length(max=MAX_POST_LENGTH, message=_l("A post can have at most %(max)d characters.")),
    ], description=BODY_HINT, render_kw={"rows": 10})


def reason_field(label=None):
    return TextAreaField(label or _l("Reason"), validators=[
        DataRequired(_l("Give a reason.")),
        Length(max=MAX_REASON_LENGTH, message=_l("A reason has at most %(max)d characters.")),
    ], render_kw={"rows": 3})


class ThreadForm(AppForm):
    title = title_field()
    body = body_field(_l("First post"))
    themes = MultiCheckboxField(_l("Topics"), validate_choice=False,
                                description=_l("Choose the topics the thread is about; they help others find it."))
    organisation = SelectField(_l("Written on behalf of"), validate_choice=False, validators=[Optional()])
    submit = SubmitField(_l("Start the thread"))

    def __init__(self, *args, organisations=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.themes.choices = (taxonomy.choices("thematic_areas", group="life-area")
                               + taxonomy.choices("thematic_areas", group="topic"))
        self.organisation.choices = [("", _l("Myself only"))] + [(str(o.id), o.name) for o in organisations]
        if not organisations:
            del self.organisation


class ReplyForm(AppForm):
    body = body_field(_l("Your reply"))
    reply_to = HiddenField()
    submit = SubmitField(_l("Send the reply"))


class EditPostForm(AppForm):
    title = title_field()
    body = body_field(_l("Text"))
    submit = SubmitField(_l("Save the changes"))

    def __init__(self, *args, opening=False, **kwargs):
        super().__init__(*args, **kwargs)
        if not opening:
            del self.title


class ConfirmForm(AppForm):
    """A button and its CSRF token (follow, delete, archive…)."""

    submit = SubmitField(_l("Confirm"))


class ReportForm(AppForm):
    reason = reason_field(_l("What is wrong with this post?"))
    submit = SubmitField(_l("Send the report"))


class ModeratePostForm(AppForm):
    action = RadioField(_l("Action"), validate_choice=False, choices=[
        ("hide", _l("Hide the post")), ("unhide", _l("Show the post again")),
        ("suspend_author", _l("Suspend the author")),
    ])
    reason = reason_field(_l("Reason (written to the moderation log)"))
    submit = SubmitField(_l("Apply"))


class ModerateThreadForm(AppForm):
    action = RadioField(_l("Action"), validate_choice=False, choices=[
        ("lock", _l("Lock (no new replies)")), ("unlock", _l("Unlock")), ("pin", _l("Pin to the top")),
        ("unpin", _l("Unpin")), ("move", _l("Move to another category")),
    ])
    category = SelectField(_l("Move to"), validate_choice=False, validators=[Optional()])
    reason = reason_field(_l("Reason (written to the moderation log)"))
    submit = SubmitField(_l("Apply"))


class DismissReportForm(AppForm):
    reason = reason_field(_l("Why is no action needed?"))
    submit = SubmitField(_l("Dismiss the report"))


class CategoryForm(AppForm):
    slug = StringField(_l("Address"), validators=[Length(max=80)],
                       description=_l("Part of the address: /forums/<address>/. Letters, digits and hyphens. "
                                      "It cannot be changed later."))
    name_pl = StringField(_l("Name in Polish"), validators=[DataRequired(_l("Enter the name in every language.")),
                                                            Length(max=120)])
    name_en = StringField(_l("Name in English"), validators=[DataRequired(_l("Enter the name in every language.")),
                                                             Length(max=120)])
    name_uk = StringField(_l("Name in Ukrainian"), validators=[DataRequired(_l("Enter the name in every language.")),
                                                               Length(max=120)])
    description_pl = TextAreaField(_l("Description in Polish"), validators=[Length(max=600)], render_kw={"rows": 2})
    description_en = TextAreaField(_l("Description in English"), validators=[Length(max=600)], render_kw={"rows": 2})
    description_uk = TextAreaField(_l("Description in Ukrainian"), validators=[Length(max=600)], render_kw={"rows": 2})
    moderators_only = BooleanField(_l("Only the secretariat starts threads here"))
    submit = SubmitField(_l("Save the category"))


class GroupForm(AppForm):
    name = StringField(_l("Name of the working group"), validators=[DataRequired(_l("Enter a name.")), Length(max=120)])
    description = TextAreaField(_l("What the group works on"), validators=[Length(max=600)], render_kw={"rows": 3})
    coordinator = StringField(_l("Coordinator (user name or e-mail address)"),
                              validators=[DataRequired(_l("Name the coordinator."))])
    submit = SubmitField(_l("Create the working group"))


class AddMemberForm(AppForm):
    user = StringField(_l("User name or e-mail address"), validators=[DataRequired(_l("Name the person to add."))])
    role = SelectField(_l("Role"), choices=[("member", _l("Member")), ("coordinator", _l("Coordinator"))],
                       validate_choice=False)
    submit = SubmitField(_l("Add to the group"))
