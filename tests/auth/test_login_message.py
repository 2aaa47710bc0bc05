"""The "please log in" message on the way to a page that needs an account is in the visitor's language."""
import pytest


@pytest.mark.parametrize("language, words", [
    ("pl", "Zaloguj się, aby zobaczyć tę stronę."),
    ("uk", "Увійдіть, щоб переглянути цю сторінку."),
    ("en", "Please log in to access this page."),
])
def test_the_login_message_is_translated(client, language, words):
    client.get(f"/?lang={language}")
    response = client.get("/orgs/new", follow_redirects=True)
    assert "/auth/login" in response.request.path
    assert words in response.text
