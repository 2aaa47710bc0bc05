def test_healthz_reports_ok_when_the_database_answers(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json["status"] == "ok" and response.json["checks"]["database"] == "ok"


def test_privacy_and_accessibility_pages_are_linked_from_every_page(client):
    page = client.get("/").text
    assert 'href="/privacy"' in page and 'href="/accessibility"' in page
    assert client.get("/privacy").status_code == 200
    assert "WCAG 2.1" in client.get("/accessibility?lang=en").text
