"""Library forms: the list's filters (GET) and the document form (shape of input only)."""
from dataclasses import dataclass

from wtforms import DateField, SelectField, StringField, SubmitField, TextAreaField
from wtforms.validators import DataRequired, Length, Optional, ValidationError

from app import taxonomy
from app.directory.forms import add_scheme, web_address
from app.files.forms import describe_documents, file_field
from app.forms import AppForm, ListFilters, MultiCheckboxField, known_values, positive_page, strip, taxonomy_values
from app.i18n import lazy_gettext as _l
from app.library.models import DOCUMENT_TYPES, LANGUAGES, SUMMARY_MAX, TITLE_MAX, URL_MAX
from app.tags import valid_slugs

# URL parameter → taxonomy vocabulary of the tag filters.
TAG_FILTERS = {"theme": "thematic_areas", "county": "counties", "language": "languages",
               "target_group": "target_groups"}
FILTER_FIELDS = ("type", *TAG_FILTERS)
SORTS = ("newest", "relevant")
MAX_QUERY_LENGTH = 200
SECRETARIAT = "secretariat"  # the publisher choice "the network secretariat" (no organisation)


@dataclass(frozen=True)
class LibraryFilters(ListFilters):
    """What the library list shows: the URL's filters, unknown values already dropped."""

    FILTER_FIELDS = FILTER_FIELDS

    q: str = ""
    type: tuple = ()
    theme: tuple = ()
    county: tuple = ()
    language: tuple = ()
    target_group: tuple = ()
    sort: str = "newest"
    page: int = 1
    retired: bool = False  # the retired documents instead (the secretariat's view, see queries)

    @classmethod
    def from_args(cls, args) -> "LibraryFilters":
        q = " ".join((args.get("q") or "").split())[:MAX_QUERY_LENGTH]
        values = {
            "q": q,
            "type": tuple(v for v in dict.fromkeys(args.getlist("type")) if v in DOCUMENT_TYPES),
            # With words to look for, the best matches come first unless the reader asks otherwise.
            "sort": args.get("sort") if args.get("sort") in SORTS else ("relevant" if q else "newest"),
            "page": positive_page(args.get("page")),
            "retired": args.get("retired") == "1",
        }
        for name, vocabulary in TAG_FILTERS.items():
            values[name] = tuple(valid_slugs(vocabulary, args.getlist(name)))
        return cls(**values)


class DocumentForm(AppForm):
    publisher = SelectField(_l("Published by"), validators=[DataRequired()])
    title_pl = StringField(_l("Title in Polish"), filters=[strip], validators=[Optional(), Length(max=TITLE_MAX)])
    title_en = StringField(_l("Title in English"), filters=[strip], validators=[Optional(), Length(max=TITLE_MAX)])
    title_uk = StringField(_l("Title in Ukrainian"), filters=[strip], validators=[Optional(), Length(max=TITLE_MAX)])
    summary_pl = TextAreaField(_l("Summary in Polish"), filters=[strip], validators=[Optional(), Length(max=SUMMARY_MAX)])
    summary_en = TextAreaField(_l("Summary in English"), filters=[strip], validators=[Optional(), Length(max=SUMMARY_MAX)])
    summary_uk = TextAreaField(_l("Summary in Ukrainian"), filters=[strip], validators=[Optional(), Length(max=SUMMARY_MAX)])
    doc_type = SelectField(_l("Type of document"), choices=list(DOCUMENT_TYPES.items()), validators=[DataRequired()])
    published_on = DateField(_l("Date of the document"), validators=[DataRequired(_l("Enter the date of the document."))])
    themes = MultiCheckboxField(_l("Thematic areas"), validate_choice=False, validators=[known_values("thematic_areas")])
    target_groups = MultiCheckboxField(_l("Target groups"), validate_choice=False,
                                       validators=[known_values("target_groups")])
    counties = MultiCheckboxField(_l("Counties it concerns"), validate_choice=False, validators=[known_values("counties")])
    languages = MultiCheckboxField(_l("Languages of the document"), validate_choice=False,
                                   validators=[known_values("languages")])
    file = file_field(_l("File"), required=False)
    external_url = StringField(_l("Or a link to the document elsewhere"), filters=[add_scheme],
                               validators=[Optional(), Length(max=URL_MAX), web_address],
                               description=_l("For a document published on another site, e.g. a ministry's report."))
    submit = SubmitField(_l("Publish"))

    def __init__(self, *args, publishers=(), has_file=False, **kwargs):
        super().__init__(*args, **kwargs)
        self.publisher.choices = list(publishers)
        self.themes.choices = [(item["slug"], taxonomy.label_of(item)) for item in taxonomy.items("thematic_areas")
                               if item.get("group") != "programme-area"]
        self.target_groups.choices = taxonomy.choices("target_groups")
        self.counties.choices = taxonomy.choices("counties")
        self.languages.choices = taxonomy.choices("languages")
        self.has_file = has_file
        self.file.description = (_l("Choose a file only to replace the current one.") if has_file
                                 else describe_documents())

    def validate_title_pl(self, field):
        if not any(getattr(self, f"title_{lang}").data for lang in LANGUAGES):
            raise ValidationError(_l("Give the title in at least one language."))

    def validate(self, extra_validators=None) -> bool:
        valid = super().validate(extra_validators)
        if (not self.has_file and not getattr(self.file, "bytes", None) and not self.external_url.data
                and not self.file.errors and not self.external_url.errors):
            self.file.errors = list(self.file.errors) + [_l("Attach the file or give a link to it.")]
            return False
        return valid

    def document_values(self) -> dict:
        """The plain values services.create_document / update_document take."""
        values = {name: getattr(self, name).data or None for name in
                  ("title_pl", "title_en", "title_uk", "summary_pl", "summary_en", "summary_uk", "external_url")}
        values.update(doc_type=self.doc_type.data, published_on=self.published_on.data,
                      themes=self.themes.data or [], target_groups=self.target_groups.data or [],
                      counties=self.counties.data or [], languages=self.languages.data or [])
        return values

    def fill_from(self, document) -> None:
        for name in ("title_pl", "title_en", "title_uk", "summary_pl", "summary_en", "summary_uk",
                     "external_url", "doc_type", "published_on"):
            getattr(self, name).data = getattr(document, name)
        self.themes.data, self.target_groups.data = document.themes, document.target_groups
        self.counties.data, self.languages.data = document.counties, document.languages
        self.publisher.data = str(document.organisation_id) if document.organisation_id else SECRETARIAT


class ModerateForm(AppForm):
    """Feature / retire buttons (the CSRF token only)."""


class FollowForm(AppForm):
    themes = MultiCheckboxField(_l("Themes I follow"), validate_choice=False, validators=[known_values("thematic_areas")],
                                description=_l("New documents on these themes arrive in your notifications and, "
                                               "if you chose it, in your daily e-mail digest."))
    submit = SubmitField(_l("Save the themes"))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.themes.choices = taxonomy_values("thematic_areas")
