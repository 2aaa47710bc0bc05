"""Interface language: ?lang= (remembered), the session, the account setting, the browser."""
from flask import current_app, g, request, session
from flask_babel import get_translations
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


def current_translations():
    """Flask-Babel's translations for this moment, found once per locale rather than per string.

    Flask-Babel resolves the context, the domain, the locale and its name again for every string
    (12-25 µs; a thread page shows about 150). The translations depend only on the locale object
    Flask-Babel keeps for the context, which it replaces whenever the language changes
    (force_locale for an e-mail in the recipient's language, refresh), so they are kept beside that
    object and looked up again when it is another one.
    """
    if not g:  # no application context: Flask-Babel's own answer (no translations)
        return get_translations()
    state = g.get("_flask_babel")
    locale = getattr(state, "babel_locale", None)
    kept = getattr(state, "kept_translations", None)
    if locale is not None and kept is not None and kept[0] is locale:
        return kept[1]
    translations = get_translations()  # also settles the locale (and g._flask_babel)
    state = g.get("_flask_babel")
    if state is not None:
        state.kept_translations = (state.babel_locale, translations)
    return translations


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
