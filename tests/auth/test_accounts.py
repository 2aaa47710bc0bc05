"""Every account flow end to end, through the test client and a real SMTP server."""
import pytest

from app.auth.models import User
from app.extensions import db
from tests.factories import PASSWORD, make_user
from tests.mailserver import Mailbox

GOOD_PASSWORD = "a long enough passphrase"


def register(client, **overrides):
    data = {"email": "anna@example.org", "display_name": "Anna Nowak", "password": GOOD_PASSWORD,
            "confirm": GOOD_PASSWORD, "accept_terms": "y"}
    data.update(overrides)
    return client.post_form("/auth/register", data)


def user_by_email(email):
    return db.session.execute(db.select(User).where(User.email == email)).scalar_one_or_none()


def link_from(mailbox, address, part):
    return next(link for link in Mailbox.links_in(mailbox.last_to(address)) if part in link)


def test_registration_sends_a_confirmation_link_that_confirms_the_account(client, mailbox):
    response = register(client)
    assert response.status_code == 200
    assert "Sprawdź" in response.text
    user = user_by_email("anna@example.org")
    assert user is not None and not user.is_confirmed
    assert user.terms_accepted_at is not None
    assert user.password_hash != GOOD_PASSWORD

    message = mailbox.last_to("anna@example.org")
    assert message.get_body(preferencelist=("html",)) is not None  # multipart: text and HTML
    link = link_from(mailbox, "anna@example.org", "/auth/confirm/")
    response = client.get(link.replace("http://forum.test", ""))
    assert response.status_code == 302
    assert user_by_email("anna@example.org").is_confirmed


def test_registering_a_taken_address_looks_the_same_and_tells_the_owner(client, mailbox, member):
    response = register(client, email=member.email.upper())
    assert response.status_code == 200
    assert "Sprawdź" in response.text
    assert db.session.execute(db.select(db.func.count(User.id))).scalar() == 1
    assert "already" in Mailbox.text_of(mailbox.last_to(member.email)) or mailbox.last_to(member.email)["Subject"]


def test_registering_a_taken_address_hashes_the_password_as_a_new_one_does(client, member, monkeypatch):
    """The hashing is the slow part: without it the answer for a taken address came 10× sooner."""
    import app.auth.models

    hashed = []
    real_hash = app.auth.models.generate_password_hash
    monkeypatch.setattr(app.auth.models, "generate_password_hash",
                        lambda password, **options: hashed.append(password) or real_hash(password, **options))
    register(client, email="new-person@example.org")
    register(client, email=member.email)
    assert hashed == [GOOD_PASSWORD, GOOD_PASSWORD]


@pytest.mark.parametrize("overrides, field, message", [
    ({"email": "not-an-email"}, "email", "prawidłowy adres"),
    ({"email": "a" * 10_000 + "@example.org"}, "email", "254"),
    ({"password": "short", "confirm": "short"}, "password", "od 10"),
    ({"password": "password123", "confirm": "password123"}, "password", "najczęściej"),
    ({"confirm": "something else entirely"}, "confirm", "nie są identyczne"),
    ({"accept_terms": ""}, "accept_terms", "zaakceptuj regulamin"),
    ({"display_name": "   "}, "display_name", "podaj imię"),
])
def test_bad_registration_input_gets_a_message_and_keeps_what_was_typed(client, overrides, field, message):
    response = register(client, **overrides)
    page = response.text
    assert response.status_code == 200
    assert f'id="{field}-error"' in page
    assert message.lower() in page.lower()
    if "display_name" not in overrides:
        assert 'value="Anna Nowak"' in page
    assert GOOD_PASSWORD not in page  # passwords are never sent back
    assert user_by_email("anna@example.org") is None


@pytest.mark.parametrize("token", ["forged", "eyJ1aWQiOjF9.ZZZZZZ.abcdefabcdefabcdefabcdefabc"])
def test_a_forged_confirmation_token_is_refused_clearly(client, token):
    response = client.get(f"/auth/confirm/{token}")
    assert response.status_code == 400
    assert "nieprawidłowy" in response.text.lower() or "nie działa" in response.text.lower()


def test_an_expired_confirmation_token_says_so(make_app, mailbox):
    app = make_app(CONFIRM_TOKEN_MAX_AGE=-1)
    client = app.test_client()
    register(client)
    link = link_from(mailbox, "anna@example.org", "/auth/confirm/")
    response = client.get(link.replace("http://forum.test", ""))
    assert response.status_code == 400
    assert "wygasł" in response.text


def test_login_with_wrong_password_or_unknown_email_gives_the_same_message(client, member):
    wrong = client.post_form("/auth/login", {"email": member.email, "password": "wrong password!"})
    unknown = client.post_form("/auth/login", {"email": "nobody@example.org", "password": "wrong password!"})
    assert wrong.status_code == unknown.status_code == 200
    assert 'value="nobody@example.org"' in unknown.text
    error = 'id="password-error"'
    assert error in wrong.text and error in unknown.text
    message = wrong.text.split(error)[1].split("</p>")[0]
    assert message == unknown.text.split(error)[1].split("</p>")[0]


def test_login_then_account_page_shows_the_user(client, member):
    assert client.get("/account/").status_code == 302  # to the login page
    client.login(member)
    page = client.get("/account/").text
    assert member.email in page and f"@{member.username}" in page


def test_remember_me_sets_a_long_lived_cookie(client, member):
    client.post_form("/auth/login", {"email": member.email, "password": PASSWORD, "remember": "y"})
    assert client.get_cookie("remember_token", domain="forum.test") is not None


def test_logout_is_post_only(client, member):
    client.login(member)
    assert client.get("/auth/logout").status_code == 405


def test_a_session_cookie_copied_before_logout_no_longer_works(app, member):
    browser, thief = app.test_client(), app.test_client()
    browser.login(member)
    stolen = browser.get_cookie("session", domain="forum.test").value
    thief.set_cookie("session", stolen, domain="forum.test")
    assert thief.get("/account/").status_code == 200  # the copy works while logged in
    browser.post_form("/auth/logout")
    assert thief.get("/account/").status_code == 302  # …and no longer after logout


def test_suspending_an_account_ends_its_sessions(app, client, member):
    from app.auth.services import suspend_user

    client.login(member)
    suspend_user(member, "spam")
    assert client.get("/account/").status_code == 302
    response = client.post_form("/auth/login", {"email": member.email, "password": PASSWORD})
    assert "zawieszone" in response.text


def test_password_reset_by_a_single_use_link(client, mailbox, member):
    response = client.post_form("/auth/reset", {"email": member.email})
    assert response.status_code == 200
    link = link_from(mailbox, member.email, "/auth/reset/").replace("http://forum.test", "")
    new_password = "a brand new passphrase"
    response = client.post_form(link, {"password": new_password, "confirm": new_password})
    assert response.status_code == 302
    assert client.post_form("/auth/login", {"email": member.email, "password": PASSWORD}).status_code == 200
    client.login(member, password=new_password)
    assert client.get(link).status_code == 400  # used once, then dead


def test_password_reset_for_an_unknown_address_looks_the_same_and_sends_nothing(client, mailbox, member):
    known = client.post_form("/auth/reset", {"email": member.email})
    unknown = client.post_form("/auth/reset", {"email": "nobody@example.org"})
    assert known.text.replace(member.email, "X") == unknown.text.replace("nobody@example.org", "X")
    assert mailbox.to("nobody@example.org") == []


def test_an_expired_reset_link_says_so(make_app, mailbox):
    app = make_app(RESET_TOKEN_MAX_AGE=-1)
    with app.app_context():
        user = make_user()
        db.session.commit()
        email = user.email
    client = app.test_client()
    client.post_form("/auth/reset", {"email": email})
    link = link_from(mailbox, email, "/auth/reset/").replace("http://forum.test", "")
    response = client.get(link)
    assert response.status_code == 400 and "wygasł" in response.text


def test_change_password_needs_the_current_one_and_logs_out_other_devices(app, member):
    laptop, phone = app.test_client(), app.test_client()
    laptop.login(member)
    phone.login(member)
    new_password = "another long passphrase"
    wrong = laptop.post_form("/account/password", {"current_password": "not it at all",
                                                   "password": new_password, "confirm": new_password})
    assert wrong.status_code == 400 and 'id="current_password-error"' in wrong.text
    ok = laptop.post_form("/account/password", {"current_password": PASSWORD,
                                                "password": new_password, "confirm": new_password})
    assert ok.status_code == 302
    assert laptop.get("/account/").status_code == 200  # this device stays logged in
    assert phone.get("/account/").status_code == 302  # the other one is logged out


def test_unconfirmed_user_sees_the_notice_and_can_ask_for_a_new_link(client, mailbox, unconfirmed):
    client.login(unconfirmed)
    page = client.get("/account/").text
    assert "Potwierdź" in page
    client.post_form("/auth/confirm/resend")
    assert "/auth/confirm/" in Mailbox.text_of(mailbox.last_to(unconfirmed.email))


@pytest.mark.parametrize("target, expected", [
    ("/account/", "/account/"),
    ("//evil.example", "/"),
    ("https://evil.example", "/"),
    ("/\\evil.example", "/"),
    ("http:/evil.example", "/"),
    ("javascript:alert(1)", "/"),
])
def test_next_only_redirects_within_the_site(client, member, target, expected):
    response = client.post_form("/auth/login", {"email": member.email, "password": PASSWORD, "next": target})
    assert response.status_code == 302
    assert response.headers["Location"] == expected


def test_account_language_setting_is_saved_and_used(client, member):
    client.login(member)
    client.post_form("/account/language", {"language": "uk"})
    assert db.session.get(User, member.id).language == "uk"
    assert '<html lang="uk">' in client.get("/").text
    assert client.post_form("/account/language", {"language": "xx"}).status_code == 400


def test_a_public_profile_links_to_the_persons_forum_posts(client, member):
    page = client.get(f"/users/{member.username}").text
    assert member.display_name in page
    posts_link = f'href="/forums/users/{member.username}"'
    assert posts_link in page
    assert client.get(f"/forums/users/{member.username}").status_code == 200
    assert client.get("/users/nobody-by-this-name").status_code == 404
