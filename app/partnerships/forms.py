"""Partnership forms: the shape of input only (the services check it against the world)."""
from flask_babel import lazy_ngettext
from wtforms import (
    DateField, IntegerField, RadioField, SelectField, StringField, SubmitField,
    TextAreaField,
)
from wtforms.validators import DataRequired, InputRequired, Length, Optional, ValidationError

from app import taxonomy
from app.forms import AppForm, MultiCheckboxField
from app.i18n import lazy_gettext as _l
from app.inputs import to_id
from app.partnerships.models import PLACE_SCOPES
from app.partnerships.services import DESCRIPTION_MAX, MESSAGE_MAX, OFFERED_MAX, REASON_MAX, TITLE_MAX


STATUS_LABELS = {"open": _l("Open"), "in_talks": _l("In talks"), "formed": _l("Partnership formed"),
                 "closed": _l("Closed"), "expired": _l("Expired")}
KIND_LABELS = {"offer": _l("Offer"), "request": _l("Request")}


class LocalDateField(DateField):
    """A date field whose message for an unreadable date is ours (and so translated)."""

    def process_formdata(self, valuelist):
        try:
            super().process_formdata(valuelist)
        except ValueError as error:
            raise ValueError(_l("Give the date as YYYY-MM-DD, e.g. 2025-03-31.")) from error


class WholeNumberField(IntegerField):
    def process_formdata(self, valuelist):
        try:
            super().process_formdata(valuelist)
        except ValueError as error:
            raise ValueError(_l("Give a whole number, e.g. 24.")) from error


class KnownSlugs:
    """Refuse values that are not in the taxonomy (e.g. from a hand-made form), naming them."""

    def __init__(self, vocabulary: str, extra=()):
        self.vocabulary, self.extra = vocabulary, tuple(extra)

    def __call__(self, form, field):
        values = field.data if isinstance(field.data, list) else [field.data] if field.data else []
        unknown = [v for v in values if not (taxonomy.is_valid(self.vocabulary, v) or v in self.extra)]
        if unknown:
            raise ValidationError(_l("Unknown value: %(values)s. Choose from the list.", values=", ".join(unknown)))


class AtLeastOne:
    # No "required" flag: WTForms would put it on every checkbox of the list.
    def __init__(self, message):
        self.message = message

    def __call__(self, form, field):
        if not field.data:
            raise ValidationError(self.message)


def place_choices() -> list:
    scopes = [(slug, taxonomy.label("area_scopes", slug)) for slug in PLACE_SCOPES]
    return scopes + taxonomy.choices("counties")


class PostForm(AppForm):
    organisation = SelectField(_l("On behalf of"), coerce=to_id, validate_choice=False)
    kind = RadioField(_l("Kind of post"), choices=[("request", _l("We seek a partner (request)")),
                                                   ("offer", _l("We offer cooperation (offer)"))],
                      validators=[InputRequired(_l("Choose whether you offer or seek a partnership."))],
                      validate_choice=False)
    title = StringField(_l("Title"), validators=[
        DataRequired(_l("Give the post a title.")),
        Length(max=TITLE_MAX, message=_l("The title has at most %(max)d characters."))])
    description = TextAreaField(_l("Description"), validators=[
        DataRequired(_l("Describe the partnership you offer or seek.")),
        Length(max=DESCRIPTION_MAX, message=_l("The description has at most %(max)d characters."))],
        description=_l("The project idea, the call, what the partners would do. Markdown: **bold**, lists, links."))
    offered = TextAreaField(_l("What your organisation brings"), validators=[
        Optional(), Length(max=OFFERED_MAX, message=_l("This field has at most %(max)d characters."))],
        description=_l("Experience, staff, premises, contacts, own contribution…"))
    sectors_sought = MultiCheckboxField(_l("Sectors sought"), validate_choice=False,
                                        validators=[KnownSlugs("sectors")],
                                        description=_l("Who you would like as partners, e.g. employers and "
                                                       "local government. Matching ranks these first."))
    themes = MultiCheckboxField(_l("Thematic areas"), validate_choice=False, validators=[
        AtLeastOne(_l("Choose at least one thematic area.")), KnownSlugs("thematic_areas")],
        description=_l("At least one."))
    target_groups = MultiCheckboxField(_l("Target groups"), validate_choice=False,
                                       validators=[KnownSlugs("target_groups")])
    places = MultiCheckboxField(_l("Where"), validate_choice=False, validators=[
        AtLeastOne(_l("Choose at least one county, or the whole region, or outside the region.")),
        KnownSlugs("counties", PLACE_SCOPES)],
        description=_l("At least one: counties, the whole region, or outside the region (inter-regional and "
                       "international cooperation)."))
    languages = MultiCheckboxField(_l("Working languages"), validate_choice=False,
                                   validators=[KnownSlugs("languages")])
    funding_source = SelectField(_l("Funding source"), validate_choice=False,
                                 validators=[KnownSlugs("funding_sources")])
    deadline = LocalDateField(_l("Call deadline"), validators=[Optional()],
                              description=_l("After this day the post shows as expired."))
    duration_months = WholeNumberField(_l("Expected duration (months)"), validators=[Optional()])
    submit = SubmitField(_l("Publish"))

    def fill_choices(self, organisations) -> None:
        self.organisation.choices = [(org.id, org.name) for org in organisations]
        self.sectors_sought.choices = taxonomy.choices("sectors")
        self.themes.choices = taxonomy.choices("thematic_areas")
        self.target_groups.choices = taxonomy.choices("target_groups")
        self.places.choices = place_choices()
        self.languages.choices = taxonomy.choices("languages")
        self.funding_source.choices = [("", _l("Not decided yet"))] + taxonomy.choices("funding_sources")

    @staticmethod
    def data_of(post) -> dict:
        """A post's values as the form's initial data (for editing)."""
        return {
            "organisation": post.organisation_id, "kind": post.kind, "title": post.title,
            "description": post.description, "offered": post.offered, "sectors_sought": post.sectors_sought,
            "themes": post.themes, "target_groups": post.target_groups, "places": post.places,
            "languages": post.languages, "funding_source": post.funding_source or "", "deadline": post.deadline,
            "duration_months": post.duration_months,
        }

    def values(self) -> dict:
        """The plain values a service takes."""
        names = ("kind", "title", "description", "offered", "sectors_sought", "themes", "target_groups", "places",
                 "languages", "funding_source", "deadline", "duration_months")
        return {name: self[name].data for name in names}


class InterestForm(AppForm):
    organisation = SelectField(_l("On behalf of"), coerce=to_id, validate_choice=False)
    message = TextAreaField(_l("Your message to the organisation"), validators=[
        DataRequired(_l("Write a message.")),
        Length(max=MESSAGE_MAX, message=_l("A message has at most %(max)d characters."))],
        description=_l("Who you are, what you could do together, how to reach you. Only the two "
                       "organisations' members will read it."))
    submit = SubmitField(_l("Express interest"))


class MessageForm(AppForm):
    message = TextAreaField(_l("Your answer"), validators=[
        DataRequired(_l("Write a message.")),
        Length(max=MESSAGE_MAX, message=_l("A message has at most %(max)d characters."))])
    submit = SubmitField(_l("Send"))


class ReportForm(AppForm):
    reason = TextAreaField(_l("What is wrong?"), validators=[
        DataRequired(_l("Tell the secretariat what is wrong.")),
        Length(max=REASON_MAX, message=_l("The reason has at most %(max)d characters."))],
        description=_l("The network secretariat will then be able to read this conversation."))
    submit = SubmitField(_l("Report to the secretariat"))


class ResolveForm(AppForm):
    note = StringField(_l("Note for the moderation log"), validators=[
        Optional(), Length(max=500, message=_l("The note has at most %(max)d characters."))])
    submit = SubmitField(_l("Mark the report as resolved"))


class StatusForm(AppForm):
    status = SelectField(_l("Status"), validate_choice=False)
    partners = MultiCheckboxField(_l("Partner organisations"), coerce=to_id, validate_choice=False,
                                  description=_l("Organisations that expressed interest in this post."))
    other_partner = StringField(_l("Another partner organisation"), validators=[Optional(), Length(max=200)],
                                description=_l("Its name as the directory shows it, or a part of it; "
                                               "case and Polish letters do not matter."))
    submit = SubmitField(_l("Change the status"))


class FilterForm(AppForm):
    """The board's filters (GET, no CSRF); queries.BoardFilters reads the same arguments."""

    class Meta:
        csrf = False

    kind = RadioField(_l("Kind"), validate_choice=False)
    theme = MultiCheckboxField(_l("Thematic area"), validate_choice=False)
    county = MultiCheckboxField(_l("County"), validate_choice=False)
    sector = MultiCheckboxField(_l("Sector sought"), validate_choice=False)
    funding = MultiCheckboxField(_l("Funding source"), validate_choice=False)
    status = SelectField(_l("Status"), validate_choice=False)
    deadline_within = SelectField(_l("Deadline within"), validate_choice=False)
    sort = SelectField(_l("Sort by"), validate_choice=False)

    def fill_choices(self) -> None:
        self.kind.choices = [("", _l("Offers and requests")), ("request", _l("Requests")), ("offer", _l("Offers"))]
        self.theme.choices = taxonomy.choices("thematic_areas")
        self.county.choices = place_choices()
        self.sector.choices = taxonomy.choices("sectors")
        self.funding.choices = taxonomy.choices("funding_sources")
        self.status.choices = [("", _l("Open or in talks")), *STATUS_LABELS.items(), ("all", _l("All"))]
        self.deadline_within.choices = [("", _l("Any time"))] + [
            (str(days), lazy_ngettext("%(num)d day", "%(num)d days", days)) for days in (7, 14, 30, 60, 90)]
        self.sort.choices = [("newest", _l("Newest")), ("deadline", _l("Nearest deadline"))]
