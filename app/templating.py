"""What every template can use: can(), the navigation, the language switcher, labels."""
from datetime import datetime, timezone
from functools import lru_cache

from babel import numbers as babel_numbers
from flask import request, url_for
from flask_babel import format_decimal
from flask_login import current_user
from markupsafe import Markup

from app import taxonomy
from app.dates import FORMATTED_KEPT, format_date, format_datetime
from app.forms import error_entries, html_required
from app.i18n import LANGUAGE_NAMES, current_locale, gettext
from app.i18n import lazy_gettext as _l
from app.permissions import can

# Main navigation: (endpoint, label); an entry shows once its part exists.
NAVIGATION = (
    ("directory.list_orgs", _l("Organisations")),
    ("forums.list_categories", _l("Forums")),
    ("events.list_events", _l("Events")),
    ("partnerships.list_posts", _l("Partnerships")),
    ("library.list_documents", _l("Library")),
    ("secretariat.dashboard", _l("Secretariat")),
)
NAVIGATION_PERMISSIONS = {"secretariat.dashboard": "secretariat.view"}


def navigation(app):
    def visible_items():
        items = []
        for endpoint, label in NAVIGATION:
            if endpoint not in app.view_functions:
                continue
            action = NAVIGATION_PERMISSIONS.get(endpoint)
            if action and not can(current_user, action):
                continue
            items.append((url_for(endpoint), label, request.endpoint == endpoint))
        return items

    return visible_items


def url_with_lang(lang: str) -> str:
    """The current address with ?lang= set (the switcher works without JavaScript)."""
    args = request.args.to_dict(flat=False)
    args["lang"] = [lang]
    return current_address(args)


def url_with_args(**changes) -> str:
    """The current address with some query parameters replaced (None removes one)."""
    args = request.args.to_dict(flat=False)
    for key, value in changes.items():
        if value is None:
            args.pop(key, None)
        else:
            args[key] = value if isinstance(value, list) else [value]
    args.pop("lang", None)
    return current_address(args)


def current_address(args: dict) -> str:
    """This page's address with args as its query string, whatever names the visitor's query used."""
    return url_with_query(request.endpoint or "main.home", args, **(request.view_args or {}))


def url_with_query(endpoint: str, args: dict, **values) -> str:
    """url_for(endpoint, **values) with args, a visitor's query parameters, as its query string."""
    # url_for's own keywords (endpoint, _external, _scheme...) are not query parameters, and a
    # parameter named like one of values gives way to it.
    query = {name: value for name, value in args.items() if name != "endpoint" and not name.startswith("_")}
    return url_for(endpoint, **{**query, **values})


def user_link(user) -> Markup:
    """A person's name, linked to their profile; "Deleted user" for an account that is gone.
    (Python, not a template macro: lists show it on every row, and a macro call costs 10-15 µs.)"""
    if not user:
        return Markup('<span class="meta">{}</span>').format(gettext("Deleted user"))
    return Markup('<a href="{}">{}</a>').format(url_for("account.user_profile", username=user.username),
                                                user.display_name)


def time_tag(value, style: str = "short") -> Markup:
    """<time> with the machine-readable instant and the date (and time) as the language writes it."""
    return Markup('<time datetime="{}">{}</time>').format(machine_time(value), format_datetime(value, style))


FOLD_CHOICES_OVER = 6  # a list of checkboxes longer than this is folded (_macros/forms.html)


def machine_time(value) -> str:
    """A <time datetime> value: ISO 8601 to the second (HTML does not allow microseconds)."""
    if value is None:
        return ""
    if not isinstance(value, datetime):  # a date
        return value.isoformat()
    if value.tzinfo is not None:
        value = value.astimezone(timezone.utc)
    return value.isoformat(timespec="seconds").replace("+00:00", "Z")


def format_number(value) -> str:
    """A number in the interface language (Flask-Babel's format_decimal). Whole numbers (counts)
    are kept per process, as dates are (dates.py): the same counts come back on every page."""
    if type(value) is int:  # only ints: 1 == 1.0 == True would share a key
        return _formatted_int(value, current_locale())
    return format_decimal(value)


@lru_cache(maxsize=FORMATTED_KEPT)
def _formatted_int(value: int, locale) -> str:
    return babel_numbers.format_decimal(value, locale=locale)  # what format_decimal calls


def init_app(app) -> None:
    app.jinja_env.globals.update(
        can=lambda action, obj=None: can(current_user, action, obj),
        navigation=navigation(app),
        url_with_lang=url_with_lang,
        url_with_query=url_with_query,
        url_with_args=url_with_args,
        LANGUAGE_NAMES=LANGUAGE_NAMES,
        taxonomy=taxonomy,
        current_language=taxonomy.current_language,
        has_endpoint=lambda endpoint: endpoint in app.view_functions,
        user_link=user_link,
        time_tag=time_tag,
        FOLD_CHOICES_OVER=FOLD_CHOICES_OVER,
        html_required=html_required,
        error_entries=error_entries,
    )
    app.jinja_env.filters.update(
        label=lambda slug, vocabulary: taxonomy.label(vocabulary, slug),
        date=format_date,
        datetime=format_datetime,
        number=format_number,
        machine_time=machine_time,
    )
    app.jinja_env.trim_blocks = True
    app.jinja_env.lstrip_blocks = True

    @app.context_processor
    def language_context():
        locale = current_locale()
        return {"lang": locale.language if locale else "pl"}
