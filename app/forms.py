"""Form pieces every part uses: the forms' base, checkbox lists, trimming, validation against the
taxonomy, list filters."""
from dataclasses import replace
from functools import lru_cache

from babel.support import Translations
from flask import current_app, request
from flask_wtf import FlaskForm
from flask_wtf.file import FileField
from werkzeug.datastructures import CombinedMultiDict, MultiDict
from wtforms import SelectMultipleField
from wtforms.i18n import messages_path
from wtforms.validators import ValidationError
from wtforms.widgets import CheckboxInput, ListWidget

from app import taxonomy
from app.i18n import current_locale
from app.i18n import lazy_gettext as _l


class AppForm(FlaskForm):
    """The base of every form of the app: an uploaded file reaches only a file field.

    Flask-WTF reads request.files and request.form as one, so a file sent under a text field's
    name (a hand-made request) would reach that field as an object it cannot measure or clean,
    and fail with a server error. Files are read by the form's own (top-level) file fields only.
    """

    class Meta(FlaskForm.Meta):
        def wrap_formdata(self, form, formdata):
            formdata = super().wrap_formdata(form, formdata)
            if not isinstance(formdata, CombinedMultiDict):
                return formdata
            file_fields = {field.name for field in form if isinstance(field, FileField)}
            files = MultiDict([(name, upload) for name, upload in request.files.items(multi=True)
                               if name in file_fields])
            return CombinedMultiDict((files, request.form))

        def get_translations(self, form):
            """WTForms' own messages in the interface language, as Flask-WTF gives them, but read
            once per language and process: Flask-WTF reads the catalogue from disk in every request
            that builds a form (a third of a millisecond on each page with a reply box)."""
            if not current_app.config.get("WTF_I18N_ENABLED", True):
                return super().get_translations(form)
            return _wtforms_translations(str(current_locale()))


@lru_cache(maxsize=8)
def _wtforms_translations(locale: str) -> Translations:
    return Translations.load(messages_path(), [locale], domain="wtforms")


class MultiCheckboxField(SelectMultipleField):
    """Several choices as a list of checkboxes (rendered as a fieldset by the form macros)."""

    widget = ListWidget(prefix_label=False)
    option_widget = CheckboxInput()


def strip(value):
    """A field filter: text without surrounding white space (other values unchanged)."""
    return value.strip() if isinstance(value, str) else value


def known_values(vocabulary: str):
    """Every chosen value must be a slug of vocabulary (a hand-made form gets a message, not a 500)."""

    def check(form, field):
        values = field.data if isinstance(field.data, list) else [field.data]
        unknown = [v for v in values if v and not taxonomy.is_valid(vocabulary, v)]
        if unknown:
            raise ValidationError(_l("Choose from the list; this value is not known: %(values)s.",
                                     values=", ".join(str(v)[:40] for v in unknown[:3])))

    return check


def html_required(field) -> bool:
    """Whether the control carries HTML's required attribute (WTForms adds it for required fields).

    A select whose first option is a real choice already has a value: HTML allows required
    there only with an empty placeholder first option (the Nu checker's error on the account
    and event forms), and it adds nothing, so such a select goes without.
    """
    if not field.flags.required:
        return False
    if field.type == "SelectField" and not field.has_groups():
        choices = list(field.iter_choices())
        return bool(choices) and choices[0][0] in ("", None)
    return True


def error_entries(form) -> list[tuple]:
    """Every message of the form for its summary on top: [(field id, label, messages)], in the
    form's order; the rows of a FieldList of FormFields each by themselves ("Budget line 2: Quantity")."""
    found = []
    for field in form:
        entries = getattr(field, "entries", None)
        if entries is not None and field.type == "FieldList":
            for number, entry in enumerate(entries, start=1):
                row = getattr(entry, "form", None)
                found += [(sub.id, f"{field.label.text} {number}: {sub.label.text}", sub.errors)
                          for sub in (row or ()) if sub.errors]
        elif field.errors:
            found.append((field.id, field.label.text, field.errors))
    return found


# --- the GET filters of lists (directory, library) -----------------------------------------------
MAX_PAGE = 100_000


def positive_page(value) -> int:
    """A page number from the URL; 1 when missing, not a number or out of range."""
    try:
        number = int(value)
    except (TypeError, ValueError):
        return 1
    return number if 1 <= number <= MAX_PAGE else 1


class ListFilters:
    """What the filters of a list share: a frozen dataclass with q, page and the FILTER_FIELDS
    (tuples of chosen values), read from the URL with unknown values dropped."""

    FILTER_FIELDS: tuple = ()

    def without(self, name: str):
        """The same filters with one field cleared (to count what its values would give)."""
        return replace(self, **{name: "" if name == "q" else ()})

    def selected(self, name: str) -> tuple:
        return getattr(self, name)

    @property
    def is_filtered(self) -> bool:
        return bool(self.q) or any(getattr(self, name) for name in self.FILTER_FIELDS)

    def key(self) -> tuple:
        """What the list's rows depend on (not its page or order): a key for values kept per filters."""
        return (self.q, *(getattr(self, name) for name in self.FILTER_FIELDS))

    def as_args(self) -> dict:
        """The filters as URL parameters (for export and feed links)."""
        args = {name: list(getattr(self, name)) for name in self.FILTER_FIELDS if getattr(self, name)}
        if self.q:
            args["q"] = self.q
        return args


def taxonomy_values(vocabulary: str) -> list[tuple[str, str]]:
    """(slug, label) of a vocabulary's items a list filters by (the programme areas are headings only)."""
    return [(item["slug"], taxonomy.label_of(item)) for item in taxonomy.items(vocabulary)
            if item.get("group") != "programme-area"]


def facet(name: str, legend, values, filters: ListFilters, counts: dict) -> dict | None:
    """A filter's values with their counts: the chosen ones and those that would give results."""
    chosen = filters.selected(name)
    options = [{"value": value, "label": label, "count": counts[name].get(value, 0), "checked": value in chosen}
               for value, label in values if counts[name].get(value) or value in chosen]
    return {"name": name, "legend": legend, "options": options} if options else None
