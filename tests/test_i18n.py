"""Interface languages: ?lang= switches and remembers, then the account, then the browser."""
from datetime import datetime, timezone

from flask_babel import force_locale

from devtools import i18n
from tests.factories import make_user


def test_polish_is_the_default(client):
    assert '<html lang="pl">' in client.get("/").text


def test_lang_parameter_switches_and_is_remembered(client):
    assert '<html lang="en">' in client.get("/?lang=en").text
    assert '<html lang="en">' in client.get("/privacy").text
    assert "Privacy notice" in client.get("/privacy").text
    assert '<html lang="uk">' in client.get("/privacy?lang=uk").text


def test_an_unknown_lang_is_ignored(client):
    response = client.get("/?lang=xx")
    assert response.status_code == 200 and '<html lang="pl">' in response.text


def test_the_browser_language_is_used_when_nothing_was_chosen(client):
    assert '<html lang="uk">' in client.get("/", headers={"Accept-Language": "uk-UA,uk;q=0.9"}).text
    assert '<html lang="en">' in client.get("/", headers={"Accept-Language": "de, en;q=0.5"}).text


def test_the_account_language_applies_after_login(client):
    user = make_user(language="en")
    client.login(user)
    assert '<html lang="en">' in client.get("/").text


def test_dates_are_formatted_for_the_locale(app):
    from flask_babel import format_date

    day = datetime(2026, 3, 3, 10, tzinfo=timezone.utc)
    with app.test_request_context():
        with force_locale("pl"):
            assert "mar" in format_date(day, "long")  # "3 marca 2026"
        with force_locale("uk"):
            assert "бер" in format_date(day, "long")  # "3 березня 2026"


def test_every_message_is_translated_in_pl_en_and_uk():
    problems = i18n.problems()
    assert problems == [], "\n".join(problems[:50])
