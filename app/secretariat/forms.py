"""Forms of the secretariat (shape only; the rules are in services.py)."""
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import DateField, RadioField, SearchField, SelectField, StringField, SubmitField, TextAreaField
from wtforms.validators import InputRequired, Length, Optional

LANGUAGE_LABELS = {"pl": _l("Polish"), "en": _l("English"), "uk": _l("Ukrainian")}


class AnnouncementForm(FlaskForm):
    title_pl = StringField(_l("Title in Polish"), validators=[Length(max=200)])
    body_pl = TextAreaField(_l("Text in Polish"), description=_l("Markdown: **bold**, *italics*, lists, links."),
                            validators=[Length(max=15_000)])
    title_en = StringField(_l("Title in English"), validators=[Length(max=200)])
    body_en = TextAreaField(_l("Text in English"), validators=[Length(max=15_000)])
    title_uk = StringField(_l("Title in Ukrainian"), validators=[Length(max=200)])
    body_uk = TextAreaField(_l("Text in Ukrainian"), validators=[Length(max=15_000)])
    ends_on = DateField(_l("Shown on the home page until (inclusive)"),
                        validators=[InputRequired(_l("Enter the last day on which the announcement is shown."))])
    submit = SubmitField(_l("Publish"))

    def texts(self) -> dict:
        return {name: self[name].data or "" for lang in ("pl", "en", "uk") for name in (f"title_{lang}", f"body_{lang}")}


class ResolveReportForm(FlaskForm):
    action = RadioField(_l("What to do"), choices=[
        ("hide", _l("Hide the post (the author and the secretariat still see it)")),
        ("warn", _l("Warn the author (the post stays; the author is told why)")),
        ("dismiss", _l("Dismiss the report (the post is fine)")),
    ], validators=[InputRequired(_l("Choose what to do."))])
    reason = TextAreaField(
        _l("Reason"), description=_l("Written to the moderation log; a warning sends it to the author."),
        validators=[InputRequired(_l("Give a reason.")), Length(max=500)])
    submit = SubmitField(_l("Resolve the report"))


class WithdrawForm(FlaskForm):
    submit = SubmitField(_l("Take off the home page"))


class RoleForm(FlaskForm):
    role = SelectField(_l("Role"), choices=[("member", _l("Member")), ("moderator", _l("Moderator (secretariat)")),
                                            ("admin", _l("Administrator"))])
    reason = StringField(_l("Reason (optional)"), validators=[Optional(), Length(max=500)])
    submit = SubmitField(_l("Change the role"))


class SuspendForm(FlaskForm):
    reason = StringField(_l("Reason for the suspension"), validators=[Length(max=500)])
    submit = SubmitField(_l("Suspend"))


class UnsuspendForm(FlaskForm):
    reason = StringField(_l("Note (optional)"), validators=[Optional(), Length(max=500)])
    submit = SubmitField(_l("Lift the suspension"))


class LogFilterForm(FlaskForm):
    """The moderation log's filters (GET, no CSRF); values not offered are ignored."""

    class Meta:
        csrf = False

    actor = SelectField(_l("Who"), choices=[], validate_choice=False)
    action = SelectField(_l("Action"), choices=[], validate_choice=False)
    date_from = DateField(_l("From"), validators=[Optional()])
    date_to = DateField(_l("To"), validators=[Optional()])
    submit = SubmitField(_l("Filter"))


class UserSearchForm(FlaskForm):
    class Meta:
        csrf = False

    q = SearchField(_l("Name, user name or e-mail"), validators=[Optional(), Length(max=100)])
    show = SelectField(_l("Show"), choices=[
        ("all", _l("All accounts")), ("staff", _l("Secretariat (moderators and administrators)")),
        ("suspended", _l("Suspended accounts")), ("unconfirmed", _l("Unconfirmed accounts")),
    ], validate_choice=False)
    submit = SubmitField(_l("Search"))

