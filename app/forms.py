"""Form pieces every part uses: checkbox lists, trimming, and validation against the taxonomy."""
from flask_babel import lazy_gettext as _l
from wtforms import SelectMultipleField
from wtforms.validators import ValidationError
from wtforms.widgets import CheckboxInput, ListWidget

from app import taxonomy


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
