"""Error pages in the user's language; JSON for JSON addresses; no stack traces."""
from app import create_app
from tests.conftest import make_test_config


def test_404_page_in_the_chosen_language(client):
    response = client.get("/no-such-page?lang=uk")
    assert response.status_code == 404
    assert '<html lang="uk">' in response.text and "404" in response.text


def test_405_page(client):
    response = client.post("/healthz")
    assert response.status_code in (400, 405)  # CSRF check may answer first; never 500


def test_json_addresses_get_json_errors(client):
    response = client.get("/nothing/here.json")
    assert response.status_code == 404
    assert response.json["status"] == 404


def test_an_unexpected_error_shows_a_friendly_500_page_without_a_trace(tmp_path, mail_server):
    app = create_app(make_test_config(tmp_path, mail_server, TESTING=False))

    @app.get("/boom")
    def boom():
        raise RuntimeError("secret internals")

    response = app.test_client().get("/boom", base_url="http://forum.test")
    assert response.status_code == 500
    assert "secret internals" not in response.text and "Traceback" not in response.text
    assert '<html lang="pl">' in response.text
