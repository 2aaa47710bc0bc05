"""Login and registration are rate-limited, with a clear page in the user's language."""


def test_too_many_login_attempts_get_a_429_page(make_app):
    app = make_app(RATELIMIT_ENABLED=True, LOGIN_RATE_LIMIT="3 per minute")
    client = app.test_client()
    codes = [client.post_form("/auth/login?lang=en", {"email": "x@example.org", "password": "wrong"}).status_code
             for _ in range(4)]
    assert codes == [200, 200, 200, 429]
    page = client.post_form("/auth/login", {"email": "x@example.org", "password": "wrong"}).text
    assert "Too many attempts" in page
    assert client.get("/auth/login").status_code == 200  # reading the form is not limited


def test_registration_is_rate_limited(make_app):
    app = make_app(RATELIMIT_ENABLED=True, REGISTER_RATE_LIMIT="2 per minute")
    client = app.test_client()
    codes = [client.post_form("/auth/register", {"email": "bad"}).status_code for _ in range(3)]
    assert codes[-1] == 429
