"""Interface language: ?lang= (remembered), the session, the account setting, the browser."""
from flask import current_app, g, request, session
from flask_babel import get_locale, get_timezone, get_translations
from flask_babel.speaklater import LazyString
from flask_login import current_user

LANGUAGE_NAMES = {"pl": "Polski", "en": "English", "uk": "Українська"}


def supported_languages() -> tuple[str, ...]:
    return tuple(current_app.config["LANGUAGES"])


def select_locale() -> str:
    """The language of this request (Flask-Babel's locale selector)."""
    languages = supported_languages()
    requested = request.args.get("lang")
    if requested in languages:
        session["lang"] = requested
        return requested
    if session.get("lang") in languages:
        return session["lang"]
    if current_user and current_user.is_authenticated and current_user.language in languages:
        return current_user.language
    return request.accept_languages.best_match(languages) or current_app.config["BABEL_DEFAULT_LOCALE"]


def remember_language(lang: str) -> None:
    if lang in supported_languages():
        session["lang"] = lang


# Flask-Babel works out the locale, the zone and the translations once per context and keeps
# them in g._flask_babel, but finding that place again costs about 10 µs a call (the context, the
# domain, the locale's name), and a page asks for every string, date, count and label it shows.
# These read the kept answer, and ask Flask-Babel itself only when there is none yet. Flask-Babel
# replaces the kept locale whenever the language changes (force_locale for an e-mail in the
# recipient's language, refresh), so what is derived from it is kept beside the locale object
# it was derived from.
def _babel_state():
    return g.get("_flask_babel") if g else None  # no application context: nothing kept


def current_locale():
    """Flask-Babel's get_locale(), read where Flask-Babel keeps it."""
    locale = getattr(_babel_state(), "babel_locale", None)
    return locale if locale is not None else get_locale()


def current_timezone():
    """Flask-Babel's get_timezone(), read where Flask-Babel keeps it."""
    zone = getattr(_babel_state(), "babel_tzinfo", None)
    return zone if zone is not None else get_timezone()


def current_translations():
    """Flask-Babel's get_translations(), found once per locale rather than once per string."""
    state = _babel_state()
    locale = getattr(state, "babel_locale", None)
    kept = getattr(state, "kept_translations", None)
    if locale is not None and kept is not None and kept[0] is locale:
        return kept[1]
    translations = get_translations()  # also settles the locale (and g._flask_babel)
    state = _babel_state()
    if state is not None:
        state.kept_translations = (state.babel_locale, translations)
    return translations


def gettext(string: str, **variables) -> str:
    """Flask-Babel's gettext (the app's `_`), through current_translations."""
    translated = current_translations().ugettext(string)
    return translated % variables if variables else translated


def ngettext(singular: str, plural: str, num: int, **variables) -> str:
    """Flask-Babel's ngettext, through current_translations (%(num)d is the number)."""
    variables.setdefault("num", num)
    return current_translations().ungettext(singular, plural, num) % variables


def lazy_gettext(string: str, **variables) -> LazyString:
    """Flask-Babel's lazy_gettext (the app's `_l`: labels defined at import, translated when shown)."""
    return LazyString(gettext, string, **variables)


def install_template_gettext(jinja_env) -> None:
    """Templates' _(), ngettext() and pgettext() through current_translations (as Flask-Babel's
    own, newstyle: %(name)s placeholders, escaped values)."""
    jinja_env.install_gettext_callables(
        gettext=lambda string: current_translations().ugettext(string),
        ngettext=lambda singular, plural, n: current_translations().ungettext(singular, plural, n),
        pgettext=lambda context, string: current_translations().upgettext(context, string),
        npgettext=lambda context, singular, plural, n: current_translations().unpgettext(context, singular, plural, n),
        newstyle=True,
    )
