"""Directory forms: the shape of the input only (the world is checked in services.py)."""
import re
from dataclasses import dataclass, field
from urllib.parse import urlsplit

from wtforms import BooleanField, EmailField, SelectField, StringField, SubmitField, TextAreaField
from wtforms.validators import DataRequired, Email, Length, Optional, ValidationError
from markupsafe import Markup, escape
from wtforms.widgets import Select

from app import taxonomy
from app.directory import registry_numbers
from app.directory.addresses import (ADDRESS_PARTS, CITY_MAX, MISSING, POSTCODE_ERROR, STREET_MAX, is_valid_postcode,
                                     missing_parts, normalise_postcode)
from app.directory.registry_numbers import REGISTRIES, REGISTRY_BY_FIELD
from app.forms import AppForm, ListFilters, MultiCheckboxField, known_values, positive_page, strip
from app.i18n import lazy_gettext as _l
from app.tags import valid_slugs

NAME_MIN, NAME_MAX = 3, 200
DESCRIPTION_MAX = 10_000
_PHONE = re.compile(r"^\+?[0-9 ()./-]+$")
REGISTRY_FIELDS = tuple(registry.field for registry in REGISTRIES)


# --- the list's filters (GET, from the URL) ------------------------------------------------
# URL parameter → taxonomy vocabulary of the tag filters.
TAG_FILTERS = {"theme": "thematic_areas", "county": "counties", "language": "languages",
               "target_group": "target_groups"}
FILTER_FIELDS = ("sector", "type", *TAG_FILTERS, "verified")
VERIFIED_VALUES = ("yes", "no")
SORTS = ("name", "activity")
MAX_QUERY_LENGTH = 200


@dataclass(frozen=True)
class DirectoryFilters(ListFilters):
    """What the directory list shows: the URL's filters, unknown values already dropped."""

    FILTER_FIELDS = FILTER_FIELDS

    q: str = ""
    sector: tuple = ()
    type: tuple = ()
    theme: tuple = ()
    county: tuple = ()
    language: tuple = ()
    target_group: tuple = ()
    verified: tuple = ()
    sort: str = "name"
    page: int = 1
    extra: dict = field(default_factory=dict, compare=False)

    @classmethod
    def from_args(cls, args) -> "DirectoryFilters":
        """Read request.args; values outside the taxonomy, bad pages and sorts are ignored."""
        values = {
            "q": " ".join((args.get("q") or "").split())[:MAX_QUERY_LENGTH],
            "sector": tuple(valid_slugs("sectors", args.getlist("sector"))),
            "type": tuple(valid_slugs("org_types", args.getlist("type"))),
            "verified": tuple(v for v in dict.fromkeys(args.getlist("verified")) if v in VERIFIED_VALUES),
            "sort": args.get("sort") if args.get("sort") in SORTS else "name",
            "page": positive_page(args.get("page")),
        }
        for name, vocabulary in TAG_FILTERS.items():
            values[name] = tuple(valid_slugs(vocabulary, args.getlist(name)))
        return cls(**values)


# --- the profile form ---------------------------------------------------------------------
class GroupedSelect(Select):
    """A <select> with <optgroup>s and a first empty option ("choose…")."""

    def __init__(self, placeholder):
        super().__init__()
        self.placeholder = placeholder

    def __call__(self, field, **kwargs):
        html = super().__call__(field, **kwargs)
        head, _, rest = html.partition(">")
        selected = "" if field.data else " selected"
        return Markup(f'{head}><option value=""{selected}>{escape(self.placeholder)}</option>{rest}')


def phone_number(form, field):
    value = (field.data or "").strip()
    digits = sum(ch.isdigit() for ch in value)
    if value and (not _PHONE.match(value) or not 7 <= digits <= 15):
        raise ValidationError(_l("Enter a phone number of 7 to 15 digits, e.g. +48 12 345 67 89."))


def postcode_format(form, field):
    """A Polish postcode, NN-NNN ("31039" and "31 039" are taken and written as 31-039)."""
    field.data = normalise_postcode(field.data)
    if field.data and not is_valid_postcode(field.data):
        raise ValidationError(POSTCODE_ERROR)


def registry_number(form, field):
    """A KRS, NIP or REGON number (the field's name says which), checked by its rule."""
    error = registry_numbers.problem(field.short_name, field.data)
    if error is not None:
        raise ValidationError(error)


def registry_number_field(name: str) -> StringField:
    registry = REGISTRY_BY_FIELD[name]
    return StringField(registry.label, filters=[strip], validators=[Optional(), registry_number],
                       description=registry.hint, render_kw={"inputmode": "numeric"})


def web_address(form, field):
    value = (field.data or "").strip()
    if not value:
        return
    try:
        parts = urlsplit(value)
    except ValueError:
        parts = None
    if (parts is None or parts.scheme not in ("http", "https") or "." not in (parts.hostname or "")
            or any(ch.isspace() for ch in value)):
        raise ValidationError(_l("Enter a website address, e.g. https://www.example.org."))


def add_scheme(value):
    """"www.example.org" → "https://www.example.org" (what people usually type)."""
    value = (value or "").strip()
    if value and "://" not in value and not value.startswith(("mailto:", "javascript:", "data:")):
        return "https://" + value
    return value


def org_type_choices() -> dict:
    """Organisation types grouped by their sector (rendered as <optgroup>s)."""
    groups = {}
    for item in taxonomy.items("org_types"):
        sector_label = taxonomy.label("sectors", item["sector"])
        groups.setdefault(sector_label, []).append((item["slug"], taxonomy.label_of(item)))
    return groups


class OrganisationForm(AppForm):
    name = StringField(_l("Name of the organisation"), filters=[strip], validators=[
        DataRequired(_l("Enter the organisation's name.")),
        Length(min=NAME_MIN, max=NAME_MAX, message=_l("The organisation's name must have between %(min)d and %(max)d characters.")),
    ], description=_l("The full official name, e.g. Fundacja Otwarta Małopolska."))
    short_name = StringField(_l("Short name"), filters=[strip], validators=[
        Optional(), Length(max=60, message=_l("The short name has at most %(max)d characters.")),
    ], description=_l("An abbreviation people know, e.g. MOPS Kraków (optional)."))
    org_type = SelectField(_l("Type of organisation"), validate_choice=False, widget=GroupedSelect(_l("— choose —")),
                           validators=[
        DataRequired(_l("Choose the type of organisation.")), known_values("org_types"),
    ], description=_l("The sector follows from the type."))
    life_areas = MultiCheckboxField(_l("Life areas"), validate_choice=False, validators=[known_values("thematic_areas")])
    topics = MultiCheckboxField(_l("Detailed topics"), validate_choice=False, validators=[known_values("thematic_areas")])
    target_groups = MultiCheckboxField(_l("Target groups"), validate_choice=False,
                                       validators=[known_values("target_groups")])
    whole_region = BooleanField(_l("We work in the whole Małopolska region"))
    counties = MultiCheckboxField(_l("Counties served"), validate_choice=False, validators=[known_values("counties")])
    languages = MultiCheckboxField(_l("Languages in which we serve people"), validate_choice=False,
                                   validators=[known_values("languages")])
    street = StringField(_l("Street and number"), filters=[strip], validators=[
        Optional(), Length(max=STREET_MAX, message=_l("The street and number have at most %(max)d characters.")),
    ], description=_l("E.g. ul. Wałowa 10 (a village without streets: its name and the house number)."),
                         render_kw={"autocomplete": "address-line1"})
    postcode = StringField(_l("Postcode"), filters=[strip], validators=[Optional(), postcode_format],
                           description=_l("E.g. 33-100."),
                           render_kw={"autocomplete": "postal-code", "inputmode": "numeric", "size": 6})
    city = StringField(_l("Town"), filters=[strip], validators=[
        Optional(), Length(max=CITY_MAX, message=_l("The town has at most %(max)d characters.")),
    ], render_kw={"autocomplete": "address-level2"})
    krs = registry_number_field("krs")
    nip = registry_number_field("nip")
    regon = registry_number_field("regon")
    email = EmailField(_l("E-mail address"), filters=[strip], validators=[
        Optional(), Length(max=254, message=_l("An e-mail address has at most %(max)d characters.")),
        Email(_l("Enter a valid e-mail address, e.g. biuro@example.org.")),
    ])
    phone = StringField(_l("Phone"), filters=[strip], validators=[Optional(), phone_number],
                        render_kw={"type": "tel", "autocomplete": "tel"})
    website = StringField(_l("Website"), filters=[add_scheme], validators=[
        Optional(), Length(max=300, message=_l("The address has at most %(max)d characters.")), web_address,
    ], render_kw={"type": "url", "inputmode": "url"})
    description_pl = TextAreaField(_l("Description in Polish"), validators=[
        Length(max=DESCRIPTION_MAX, message=_l("A description has at most %(max)d characters.")),
    ], render_kw={"lang": "pl"}, description=_l("What you do and for whom. You can use Markdown: **bold**, lists, links."))
    description_en = TextAreaField(_l("Description in English"), validators=[
        Length(max=DESCRIPTION_MAX, message=_l("A description has at most %(max)d characters.")),
    ], render_kw={"lang": "en"})
    description_uk = TextAreaField(_l("Description in Ukrainian"), validators=[
        Length(max=DESCRIPTION_MAX, message=_l("A description has at most %(max)d characters.")),
    ], render_kw={"lang": "uk"})
    submit = SubmitField(_l("Save"))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.org_type.choices = org_type_choices()
        self.life_areas.choices = taxonomy.choices("thematic_areas", group="life-area")
        self.topics.choices = taxonomy.choices("thematic_areas", group="topic")
        self.target_groups.choices = taxonomy.choices("target_groups")
        self.counties.choices = taxonomy.choices("counties")
        self.languages.choices = taxonomy.choices("languages")

    def validate_life_areas(self, field):
        if not field.data:
            raise ValidationError(_l("Choose at least one life area."))

    def validate_counties(self, field):
        if not field.data and not self.whole_region.data:
            raise ValidationError(_l("Choose the counties you serve, or tick “whole region”."))

    def validate_languages(self, field):
        if not field.data:
            raise ValidationError(_l("Choose at least one language."))

    def validate(self, extra_validators=None) -> bool:
        """The fields, then the address as a whole: all of street, postcode and town, or none."""
        valid = super().validate(extra_validators)
        parts = {name: getattr(self, name).data for name in ADDRESS_PARTS}
        for name in missing_parts(parts):
            self[name].errors = [*self[name].errors, MISSING[name]]
            valid = False
        return valid

    def validate_description_pl(self, field):
        texts = [self.description_pl.data, self.description_en.data, self.description_uk.data]
        if not any((text or "").strip() for text in texts):
            raise ValidationError(_l("Describe the organisation in at least one language."))

    def profile_values(self) -> dict:
        """The plain values that services.create_org / update_org take."""
        return {
            "name": self.name.data, "short_name": self.short_name.data, "org_type": self.org_type.data,
            "themes": list(self.life_areas.data or []) + list(self.topics.data or []),
            "target_groups": self.target_groups.data or [], "counties": self.counties.data or [],
            "whole_region": bool(self.whole_region.data), "languages": self.languages.data or [],
            **{name: getattr(self, name).data for name in (*ADDRESS_PARTS, *REGISTRY_FIELDS)},
            "email": self.email.data, "phone": self.phone.data,
            "website": self.website.data,
            "descriptions": {"pl": self.description_pl.data, "en": self.description_en.data,
                             "uk": self.description_uk.data},
        }

    def fill_from(self, org) -> None:
        """Pre-fill the edit form from an organisation (GET)."""
        life_areas = {item["slug"] for item in taxonomy.life_areas()}
        for name in ("name", "short_name", "org_type", "whole_region", *ADDRESS_PARTS, *REGISTRY_FIELDS,
                     "email", "phone", "website", "description_pl", "description_en", "description_uk"):
            getattr(self, name).data = getattr(org, name)
        self.life_areas.data = [slug for slug in org.themes if slug in life_areas]
        self.topics.data = [slug for slug in org.themes if slug not in life_areas]
        self.target_groups.data = org.target_groups
        self.counties.data = [] if org.whole_region else org.counties
        self.languages.data = org.languages


class RefuseForm(AppForm):
    reason = TextAreaField(_l("Reason for refusal"), filters=[strip], validators=[
        DataRequired(_l("Give the reason: the organisation's admins will read it.")),
        Length(max=1000, message=_l("The reason has at most %(max)d characters.")),
    ])
    submit = SubmitField(_l("Refuse"))


class InviteForm(AppForm):
    email = EmailField(_l("E-mail address of the person to invite"), filters=[strip], validators=[
        DataRequired(_l("Enter an e-mail address.")),
        Length(max=254, message=_l("An e-mail address has at most %(max)d characters.")),
        Email(_l("Enter a valid e-mail address, e.g. biuro@example.org.")),
    ])
    submit = SubmitField(_l("Send the invitation"))


class JoinForm(AppForm):
    message = TextAreaField(_l("Message to the organisation's admins (optional)"), filters=[strip], validators=[
        Optional(), Length(max=1000, message=_l("The message has at most %(max)d characters.")),
    ])
    submit = SubmitField(_l("Ask to join"))
