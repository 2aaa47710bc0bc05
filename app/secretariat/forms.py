"""Forms of the secretariat (shape only; the rules are in services.py)."""
import re
from datetime import date

from wtforms import DateField, RadioField, SearchField, SelectField, StringField, SubmitField, TextAreaField
from wtforms.validators import InputRequired, Length, Optional

from app.forms import AppForm
from app.i18n import lazy_gettext as _l

LANGUAGE_LABELS = {"pl": _l("Polish"), "en": _l("English"), "uk": _l("Ukrainian")}


class AnnouncementForm(AppForm):
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


class ResolveReportForm(AppForm):
    action = RadioField(_l("What to do"), choices=[
        ("hide", _l("Hide the post (the author and the secretariat still see it)")),
        ("warn", _l("Warn the author (the post stays; the author is told why)")),
        ("dismiss", _l("Dismiss the report (the post is fine)")),
    ], validators=[InputRequired(_l("Choose what to do."))])
    reason = TextAreaField(
        _l("Reason"), description=_l("Written to the moderation log; a warning sends it to the author."),
        validators=[InputRequired(_l("Give a reason.")), Length(max=500)])
    submit = SubmitField(_l("Resolve the report"))


class WithdrawForm(AppForm):
    submit = SubmitField(_l("Take off the home page"))


class RoleForm(AppForm):
    role = SelectField(_l("Role"), choices=[("member", _l("Member")), ("moderator", _l("Moderator (secretariat)")),
                                            ("admin", _l("Administrator"))])
    reason = StringField(_l("Reason (optional)"), validators=[Optional(), Length(max=500)])
    submit = SubmitField(_l("Change the role"))


class SuspendForm(AppForm):
    reason = StringField(_l("Reason for the suspension"), validators=[Length(max=500)])
    submit = SubmitField(_l("Suspend"))


class UnsuspendForm(AppForm):
    reason = StringField(_l("Note (optional)"), validators=[Optional(), Length(max=500)])
    submit = SubmitField(_l("Lift the suspension"))


class LogFilterForm(AppForm):
    """The moderation log's filters (GET, no CSRF); values not offered are ignored."""

    class Meta:
        csrf = False

    actor = SelectField(_l("Who"), choices=[], validate_choice=False)
    action = SelectField(_l("Action"), choices=[], validate_choice=False)
    date_from = DateField(_l("From"), validators=[Optional()])
    date_to = DateField(_l("To"), validators=[Optional()])
    submit = SubmitField(_l("Filter"))


class UserSearchForm(AppForm):
    class Meta:
        csrf = False

    q = SearchField(_l("Name, user name or e-mail"), validators=[Optional(), Length(max=100)])
    show = SelectField(_l("Show"), choices=[
        ("all", _l("All accounts")), ("staff", _l("Secretariat (moderators and administrators)")),
        ("suspended", _l("Suspended accounts")), ("unconfirmed", _l("Unconfirmed accounts")),
    ], validate_choice=False)
    submit = SubmitField(_l("Search"))


_MONTH = re.compile(r"^(\d{4})-(\d{1,2})$")
MAX_PERIOD_YEARS = 10


def parse_month(text: str | None) -> date | None:
    """The first day of a month typed as YYYY-MM, or None."""
    match = _MONTH.match((text or "").strip())
    if not match or not (2000 <= int(match.group(1)) <= 2100 and 1 <= int(match.group(2)) <= 12):
        return None
    return date(int(match.group(1)), int(match.group(2)), 1)


class PeriodForm(AppForm):
    """The period of the meetings' figures (GET: in the address, no CSRF)."""

    class Meta:
        csrf = False

    from_month = StringField(_l("From the month"), description=_l("As YYYY-MM, e.g. 2026-01."))
    to_month = StringField(_l("To the month (inclusive)"), description=_l("As YYYY-MM, e.g. 2026-12."))

    def period(self, default: tuple[date, date]) -> tuple[date, date]:
        """The chosen (first, last) month, the default for what is missing; errors go next to the fields."""
        first, last = default
        wrong = False
        for name in ("from_month", "to_month"):
            if self[name].data:
                found = parse_month(self[name].data)
                if found is None:
                    self[name].errors, wrong = [_l("Enter a month as YYYY-MM, e.g. 2026-01.")], True
                elif name == "from_month":
                    first = found
                else:
                    last = found
        if wrong:
            return default
        if last < first:
            self.to_month.errors = [_l("The period cannot end before it starts.")]
            return default
        if (last.year - first.year) * 12 + last.month - first.month >= MAX_PERIOD_YEARS * 12:
            self.to_month.errors = [_l("Choose at most %(years)d years.", years=MAX_PERIOD_YEARS)]
            return default
        return first, last
