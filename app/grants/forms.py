"""Small-grants forms: the shape of the input only (the world is checked in services.py).

Multi-row parts (criteria, activities, results, budget lines) are FieldLists with a few empty
rows and an "add a row" button that re-renders the form with one more: no JavaScript needed.
A row left wholly empty is ignored; a row partly filled gets a message next to what is missing.
"""
from wtforms import (
    BooleanField, FieldList, Form, FormField, HiddenField, RadioField, SelectField, StringField, SubmitField,
    TextAreaField,
)
from wtforms.validators import DataRequired, Email, Length, ValidationError

from app import taxonomy
from app.auth.forms import new_password_fields
from app.events.forms import DateText, TimeText, WholeNumber
from app.files.forms import describe_documents, file_field
from app.forms import AppForm, MultiCheckboxField, error_entries, known_values, strip
from app.grants.models import BUDGET_CATEGORIES, BUDGET_CATEGORY_LABELS
from app.grants.money import amount_text, parse_amount
from app.grants.reports import ReportData
from app.grants.services import ApplicationData, CallData
from app.i18n import lazy_gettext as _l
from app.inputs import to_id

MAX_ROWS = 40
TEXT_MAX = 10_000


class MoneyField(StringField):
    """An amount in złoty ("1500", "1 500,50"); kept as typed when wrong; value in grosze."""

    def __init__(self, label=None, validators=None, **kwargs):
        kwargs.setdefault("render_kw", {"inputmode": "decimal", "autocomplete": "off"})
        super().__init__(label, validators, **kwargs)

    def pre_validate(self, form):
        text = (self.data or "").strip()
        if text.startswith("-"):
            raise ValidationError(_l("The amount cannot be negative."))
        if text and parse_amount(text) is None:
            raise ValidationError(_l("Enter an amount in złoty with at most two decimals, e.g. 1500 or 1500,50."))

    @property
    def value(self) -> int | None:
        return parse_amount(self.data)


class RowForm(Form):
    """One row of a table: wholly empty (ignored) or wholly filled."""

    REQUIRED: tuple = ()

    def is_blank(self) -> bool:
        return not any((f.data or "").strip() for f in self if isinstance(f.data, str) and f.type != "SelectField")

    def validate(self, extra_validators=None):
        valid = super().validate(extra_validators)
        if self.is_blank():
            for f in self:
                f.errors = []
            return True
        for name in self.REQUIRED:
            if not (self[name].data or "").strip() and not self[name].errors:
                self[name].errors = [_l("Fill this in too, or empty the whole row.")]
                valid = False
        return valid


class CriterionRow(RowForm):
    REQUIRED = ("name", "max_points", "weight")
    name = StringField(_l("Criterion"), filters=[strip], validators=[Length(max=300)])
    max_points = WholeNumber(_l("Maximum points"), low=1, high=100)
    weight = WholeNumber(_l("Weight"), low=1, high=10)


class ActivityRow(RowForm):
    REQUIRED = ("description", "starts_on", "ends_on")
    description = StringField(_l("Activity"), filters=[strip], validators=[Length(max=1000)])
    starts_on = DateText(_l("From"))
    ends_on = DateText(_l("To"))


class ResultRow(RowForm):
    REQUIRED = ("result", "indicator", "target")
    result = StringField(_l("Expected result"), filters=[strip], validators=[Length(max=1000)])
    indicator = StringField(_l("Indicator"), filters=[strip], validators=[Length(max=300)])
    target = WholeNumber(_l("Target value"), low=0, high=1_000_000)


class BudgetRow(RowForm):
    REQUIRED = ("description", "quantity", "unit_cost")
    category = SelectField(_l("Category"), validate_choice=False)
    description = StringField(_l("What"), filters=[strip], validators=[Length(max=300)])
    quantity = WholeNumber(_l("Quantity"), low=1, high=100_000)
    unit_cost = MoneyField(_l("Unit cost (PLN)"))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.category.choices = [(slug, BUDGET_CATEGORY_LABELS[slug]) for slug in BUDGET_CATEGORIES]

    def validate_category(self, field):
        if field.data not in BUDGET_CATEGORIES:
            raise ValidationError(_l("Choose the category from the list."))

    @property
    def total(self) -> int | None:
        quantity, cost = self.quantity.value if not self.quantity.errors else None, self.unit_cost.value
        return quantity * cost if quantity is not None and cost is not None else None


def rows(min_entries: int, row_form, label):
    return FieldList(FormField(row_form), label=label, min_entries=min_entries, max_entries=MAX_ROWS)


class RowsFormMixin:
    """A form with tables of rows: its messages, rows included, and its filled rows."""

    def all_errors(self) -> list:
        """[(field id, label, messages)] of the form and of each row."""
        return error_entries(self)

    def filled(self, name: str) -> list:
        """The rows of a FieldList that are not blank."""
        return [entry.form for entry in self[name].entries if not entry.form.is_blank()]


# --- calls ---------------------------------------------------------------------------------------------
class CallForm(RowsFormMixin, AppForm):
    title_pl = StringField(_l("Title in Polish"), filters=[strip], validators=[
        DataRequired(_l("Enter the title in Polish.")), Length(max=200)])
    title_en = StringField(_l("Title in English"), filters=[strip], validators=[Length(max=200)])
    title_uk = StringField(_l("Title in Ukrainian"), filters=[strip], validators=[Length(max=200)])
    description_pl = TextAreaField(_l("Description in Polish"), validators=[Length(max=TEXT_MAX)],
                                   description=_l("You can use Markdown: **bold**, lists, links."))
    description_en = TextAreaField(_l("Description in English"), validators=[Length(max=TEXT_MAX)])
    description_uk = TextAreaField(_l("Description in Ukrainian"), validators=[Length(max=TEXT_MAX)])
    total_budget = MoneyField(_l("Total budget of the call (PLN)"), validators=[
        DataRequired(_l("Enter the total budget."))])
    min_grant = MoneyField(_l("Smallest grant (PLN)"), validators=[DataRequired(_l("Enter the smallest grant."))])
    max_grant = MoneyField(_l("Largest grant (PLN)"), validators=[DataRequired(_l("Enter the largest grant."))])
    opens_on = DateText(_l("Opens on"), validators=[DataRequired(_l("Enter the opening date."))],
                        description=_l("Warsaw time. Format YYYY-MM-DD, e.g. 2026-03-03."))
    opens_time = TimeText(_l("Opens at"), validators=[DataRequired(_l("Enter the opening time."))])
    closes_on = DateText(_l("Closes on"), validators=[DataRequired(_l("Enter the closing date."))])
    closes_time = TimeText(_l("Closes at"), validators=[DataRequired(_l("Enter the closing time."))],
                           description=_l("Applications are accepted until this moment, by the server's clock."))
    min_organisations = WholeNumber(_l("Verified organisations in a partnership, at least (the lead included)"),
                                    low=1, high=20, validators=[DataRequired(_l("Enter a number."))])
    min_sectors = WholeNumber(_l("Different sectors in a partnership, at least"), low=1, high=9,
                              validators=[DataRequired(_l("Enter a number."))])
    required_county = SelectField(_l("County one partner must serve"), validate_choice=False,
                                  validators=[known_values("counties")])
    requires_employer = BooleanField(_l("An employer must be a partner (5.1.1 g)"))
    themes = MultiCheckboxField(_l("Thematic areas"), validate_choice=False, validators=[known_values("thematic_areas")])
    counties = MultiCheckboxField(_l("Counties"), validate_choice=False, validators=[known_values("counties")])
    criteria = rows(4, CriterionRow, _l("Criterion"))
    add_criterion = SubmitField(_l("Add a criterion row"))
    documents = TextAreaField(_l("Required attachments"), validators=[Length(max=TEXT_MAX)],
                              description=_l("One document per line, e.g. Partnership agreement."))
    save = SubmitField(_l("Save"))

    def set_choices(self, lang: str) -> None:
        self.required_county.choices = [("", _l("— none —"))] + taxonomy.choices("counties", lang)
        self.themes.choices = [c for c in taxonomy.choices("thematic_areas", lang)
                               if taxonomy.get("thematic_areas", c[0])["group"] != "programme-area"]
        self.counties.choices = taxonomy.choices("counties", lang)

    def validate(self, extra_validators=None):
        valid = super().validate(extra_validators)
        if not self.filled("criteria"):  # the message goes next to the first row's name
            first = self.criteria.entries[0].form.name
            first.errors = [*first.errors, _l("Give at least one evaluation criterion.")]
            return False
        return valid


def call_data(form: CallForm):
    return CallData(
        title_pl=form.title_pl.data or "", title_en=form.title_en.data or "", title_uk=form.title_uk.data or "",
        description_pl=form.description_pl.data or "", description_en=form.description_en.data or "",
        description_uk=form.description_uk.data or "",
        total_budget=form.total_budget.value, min_grant=form.min_grant.value, max_grant=form.max_grant.value,
        opens_on=form.opens_on.value, opens_time=form.opens_time.value,
        closes_on=form.closes_on.value, closes_time=form.closes_time.value,
        min_organisations=form.min_organisations.value, min_sectors=form.min_sectors.value,
        required_county=form.required_county.data or None, requires_employer=form.requires_employer.data,
        themes=form.themes.data or [], counties=form.counties.data or [],
        criteria=[(row.name.data, row.max_points.value, row.weight.value) for row in form.filled("criteria")],
        documents=(form.documents.data or "").splitlines(),
    )


def call_values(call, zone) -> dict:
    """An existing call as the edit form's values (Warsaw wall clock)."""
    opens, closes = call.opens_at.astimezone(zone), call.closes_at.astimezone(zone)
    return {
        **{f"{name}_{lang}": getattr(call, f"{name}_{lang}") for name in ("title", "description")
           for lang in ("pl", "en", "uk")},
        "total_budget": amount_text(call.total_budget), "min_grant": amount_text(call.min_grant),
        "max_grant": amount_text(call.max_grant),
        "opens_on": opens.date().isoformat(), "opens_time": opens.strftime("%H:%M"),
        "closes_on": closes.date().isoformat(), "closes_time": closes.strftime("%H:%M"),
        "min_organisations": str(call.min_organisations), "min_sectors": str(call.min_sectors),
        "required_county": call.required_county or "", "requires_employer": call.requires_employer,
        "themes": call.themes, "counties": call.counties,
        "criteria": [{"name": c.name, "max_points": str(c.max_points), "weight": str(c.weight)}
                     for c in call.criteria],
        "documents": "\n".join(d.name for d in call.documents),
    }


class FaqForm(AppForm):
    question = TextAreaField(_l("Question"), filters=[strip], validators=[
        DataRequired(_l("Enter the question.")), Length(max=1000)])
    answer = TextAreaField(_l("The answer"), filters=[strip], validators=[
        DataRequired(_l("Enter the answer.")), Length(max=TEXT_MAX)])
    add_faq = SubmitField(_l("Add to the questions and answers"))


class ApplicationFileForm(AppForm):
    """One file of an application: a required document (labelled by its name) or an extra file."""

    file = file_field(_l("Another file (optional)"), required=True)
    upload = SubmitField(_l("Upload the file"))

    def __init__(self, *args, label=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.file.description = describe_documents()
        if label:
            self.file.label.text = label


class ConfirmForm(AppForm):
    """A button with its CSRF token."""

    submit = SubmitField(_l("Confirm"))


# --- applications --------------------------------------------------------------------------------------
class StartApplicationForm(AppForm):
    organisation_id = SelectField(_l("Lead organisation"), coerce=to_id, validate_choice=False, validators=[
        DataRequired(_l("Choose your organisation."))])
    title = StringField(_l("Title of the project"), filters=[strip], validators=[
        DataRequired(_l("Enter the title of the project.")), Length(max=200)])
    start = SubmitField(_l("Start an application"))


class ApplicationForm(RowsFormMixin, AppForm):
    title = StringField(_l("Title of the project"), filters=[strip], validators=[
        DataRequired(_l("Enter the title of the project.")), Length(max=200)])
    summary = TextAreaField(_l("Summary"), validators=[Length(max=TEXT_MAX)],
                            description=_l("What the partnership will do, for whom, where, in a few sentences."))
    problem = TextAreaField(_l("The problem"), validators=[Length(max=TEXT_MAX)],
                            description=_l("What need of migrants or of the local network the project answers."))
    activities = rows(3, ActivityRow, _l("Activity"))
    add_activity = SubmitField(_l("Add an activity row"))
    results = rows(3, ResultRow, _l("Result"))
    add_result = SubmitField(_l("Add a result row"))
    budget = rows(5, BudgetRow, _l("Budget line"))
    add_budget_line = SubmitField(_l("Add a budget row"))
    own_contribution = MoneyField(_l("Own contribution (PLN)"),
                                  description=_l("The part of the budget the partnership pays itself."))
    save = SubmitField(_l("Save the draft"))

    ADD_BUTTONS = {"add_activity": "activities", "add_result": "results", "add_budget_line": "budget"}

    def added_row(self) -> bool:
        """Was an "add a row" button pressed? Then one more empty row, and nothing is saved."""
        for button, list_name in self.ADD_BUTTONS.items():
            if self[button].data and len(self[list_name].entries) < MAX_ROWS:
                self[list_name].append_entry()
                return True
        return False

    def budget_total(self) -> int:
        return sum(row.total or 0 for row in self.filled("budget"))


def application_data(form: ApplicationForm):
    return ApplicationData(
        title=form.title.data or "", summary=form.summary.data or "", problem=form.problem.data or "",
        own_contribution=form.own_contribution.value or 0,
        activities=[(r.description.data, r.starts_on.value, r.ends_on.value) for r in form.filled("activities")],
        results=[(r.result.data, r.indicator.data, r.target.value) for r in form.filled("results")],
        budget=[(r.category.data, r.description.data, r.quantity.value, r.unit_cost.value)
                for r in form.filled("budget")],
    )


def application_values(application) -> dict:
    return {
        "title": application.title, "summary": application.summary, "problem": application.problem,
        "own_contribution": amount_text(application.own_contribution) if application.own_contribution else "",
        "activities": [{"description": a.description, "starts_on": a.starts_on.isoformat(),
                        "ends_on": a.ends_on.isoformat()} for a in application.activities],
        "results": [{"result": r.result, "indicator": r.indicator, "target": str(r.target)}
                    for r in application.results],
        "budget": [{"category": b.category, "description": b.description, "quantity": str(b.quantity),
                    "unit_cost": amount_text(b.unit_cost)} for b in application.budget_lines],
    }


class InviteForm(AppForm):
    """The "invite" button beside an organisation the partner search found."""

    organisation_id = HiddenField(filters=[to_id], validators=[DataRequired(_l("Choose an organisation."))])
    invite = SubmitField(_l("Invite"))


class PartnerSearchForm(Form):
    """GET: find verified organisations of the directory by name (no CSRF: it changes nothing)."""

    partner_q = StringField(_l("Name of the organisation to invite"), filters=[strip],
                            validators=[Length(max=200)],
                            description=_l("Verified organisations of the directory. Its admins confirm on the platform."))


class ReviewerAccountForm(AppForm):
    """A reviewer's account, made from the secretariat's invitation (the address is the invited one)."""

    display_name = StringField(_l("Your name"), validators=[
        DataRequired(_l("Enter your name.")),
        Length(min=2, max=80, message=_l("The name must have between %(min)d and %(max)d characters."))],
        render_kw={"autocomplete": "name"})
    password, confirm = new_password_fields()
    accept_terms = BooleanField(
        _l("I accept the terms of use and have read the privacy notice."),
        validators=[DataRequired(_l("You must accept the terms and the privacy notice to register."))])
    submit = SubmitField(_l("Create my reviewer account"))


# --- review and decisions ---------------------------------------------------------------------------------
class ReviewerForm(AppForm):
    email = StringField(_l("Reviewer's e-mail address"), filters=[strip], validators=[
        DataRequired(_l("Enter the e-mail address of the reviewer's account.")),
        Email(_l("Enter an e-mail address, e.g. name@example.org.")), Length(max=254)],
        description=_l("An address with no account gets an invitation to create a reviewer account."))
    assign = SubmitField(_l("Assign"))


class ScoreRow(Form):
    points = WholeNumber(_l("Points"), low=0, high=100, validators=[DataRequired(_l("Give the points."))])
    comment = TextAreaField(_l("Justification"), filters=[strip], validators=[
        DataRequired(_l("Justify the points.")), Length(max=TEXT_MAX)])


class ReviewForm(RowsFormMixin, AppForm):
    scores = FieldList(FormField(ScoreRow), label=_l("Criterion"), min_entries=1, max_entries=MAX_ROWS)
    save = SubmitField(_l("Save the scores"))
    submit_review = SubmitField(_l("Submit the review"))


DECISION_CHOICES = (("granted", _l("Granted")), ("reserve", _l("Reserve list")), ("rejected", _l("Rejected")))


class DecisionForm(AppForm):
    decision = RadioField(_l("Decision"), choices=DECISION_CHOICES, validators=[
        DataRequired(_l("Choose the decision."))])
    amount = MoneyField(_l("Amount granted (PLN)"), description=_l("Only for a granted application."))
    reason = TextAreaField(_l("Reasons"), filters=[strip], validators=[Length(max=TEXT_MAX)])
    record = SubmitField(_l("Record the decision"))


# --- the final report ---------------------------------------------------------------------------------------
class ReachedRow(Form):
    reached = WholeNumber(_l("Value reached"), low=0, high=1_000_000)


class ReportForm(RowsFormMixin, AppForm):
    done = TextAreaField(_l("What was done"), validators=[Length(max=TEXT_MAX)],
                         description=_l("The activities carried out, for whom, and what changed."))
    reached = FieldList(FormField(ReachedRow), label=_l("Result"), min_entries=0, max_entries=MAX_ROWS)
    spent = MoneyField(_l("Spent from the grant (PLN)"), validators=[DataRequired(_l("Enter the amount spent."))])
    own_spent = MoneyField(_l("Own contribution spent (PLN)"))
    save = SubmitField(_l("Save the report"))
    submit_report = SubmitField(_l("Submit the report"))


class ReportReviewForm(AppForm):
    comment = TextAreaField(_l("Comments for the applicants"), filters=[strip], validators=[Length(max=TEXT_MAX)])
    accept = SubmitField(_l("Accept the report"))
    return_report = SubmitField(_l("Return for corrections"))


def report_data(form: ReportForm):
    return ReportData(done=form.done.data or "", spent=form.spent.value or 0, own_spent=form.own_spent.value or 0,
                      reached=[entry.form.reached.value for entry in form.reached.entries])


def report_values(application) -> dict:
    report = application.report
    return {"done": report.done if report else "",
            "spent": amount_text(report.spent) if report else "",
            "own_spent": amount_text(report.own_spent) if report else "",
            "reached": [{"reached": "" if r.reached is None else str(r.reached)} for r in application.results]}
