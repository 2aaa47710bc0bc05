"""Interface language: ?lang= (remembered), the session, the account setting, the browser."""
from flask import current_app, request, session
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
