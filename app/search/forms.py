"""The search form: GET parameters from the URL; unknown values are ignored, not errors."""
from wtforms import DateField, SearchField, SelectField
from wtforms.validators import Optional, ValidationError

from app import taxonomy
from app.forms import AppForm
from app.i18n import lazy_gettext as _l
from app.search import documents
from app.search.queries import Filters, clean_query


class SearchForm(AppForm):
    class Meta:
        csrf = False  # a GET form: nothing changes

    q = SearchField(
        _l("Search for"),
        description=_l('All words must appear. Put an exact phrase in "quotes"; '
                       "a minus sign excludes a word: housing -Kraków."),
    )
    kind = SelectField(_l("Show"), validate_choice=False)
    theme = SelectField(_l("Thematic area"), validate_choice=False)
    county = SelectField(_l("County"), validate_choice=False)
    date_from = DateField(_l("Dated from"), validators=[Optional()])
    date_to = DateField(_l("Dated until"), validators=[Optional()])

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.kind.choices = [("", _l("everything"))] + [(k.name, k.plural) for k in documents.kinds().values()]
        self.theme.choices = [("", _l("any thematic area"))] + taxonomy.choices("thematic_areas")
        self.county.choices = [("", _l("any county"))] + taxonomy.choices("counties")

    def validate_date_to(self, field):
        if field.data and self.date_from.data and field.data < self.date_from.data:
            raise ValidationError(_l("This date is before the “dated from” date."))

    def query_text(self) -> tuple[str, bool]:
        """(the query to search for, whether it had to be shortened)."""
        return clean_query(self.q.data)

    def filters(self) -> Filters:
        """The valid filters; an unknown value or a date in error is left out."""
        self.validate()
        known = lambda field: field.data if field.data in dict(field.choices) else ""  # noqa: E731
        return Filters(
            kind=known(self.kind), theme=known(self.theme), county=known(self.county),
            date_from=None if self.date_from.errors else self.date_from.data,
            date_to=None if self.date_to.errors else self.date_to.data,
        )
