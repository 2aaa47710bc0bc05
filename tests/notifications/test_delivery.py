"""E-mail of notifications, at once or as the daily digest, through a real SMTP server."""
from datetime import timedelta

import pytest

from app.db import commit
from app.extensions import db
from app.notifications import delivery
from app.notifications.models import DigestDelivery, Notification
from tests.factories import make_user
from tests.mailserver import Mailbox
from tests.notifications.factories import choose, mail_server_down, make_notification


def run_digests(app):
    return app.test_cli_runner().invoke(args=["send-digests"])


def test_an_immediate_email_leaves_only_after_the_commit(app, mailbox, member):
    choose(member, reply="email")
    notification = make_notification(member, "reply", title="Kursy języka polskiego w Nowym Sączu")
    assert mailbox.to(member.email) == []  # nothing before the commit
    commit()
    message = mailbox.last_to(member.email)
    assert "Odpowiedź na Twój wpis" in message["Subject"]
    assert "Kursy języka polskiego w Nowym Sączu" in message["Subject"]
    assert message.get_body(preferencelist=("html",)) is not None
    text = Mailbox.text_of(message)
    assert "Kursy języka polskiego w Nowym Sączu" in text
    assert "http://forum.test/forums/p/1" in Mailbox.links_in(message)
    assert db.session.get(Notification, notification.id).emailed_at is not None


def test_the_email_carries_one_click_unsubscribe_headers(app, mailbox, member):
    make_notification(member, "mention")  # "mention" is e-mailed at once by default
    commit()
    message = mailbox.last_to(member.email)
    header = message["List-Unsubscribe"].strip()  # a long header is folded onto the next line
    assert header.startswith("<http://forum.test/account/unsubscribe/") and header.endswith(">")
    assert message["List-Unsubscribe-Post"].strip() == "List-Unsubscribe=One-Click"
    assert header[1:-1] in Mailbox.links_in(message)  # the same link in the text, for people


def test_a_rolled_back_notification_sends_nothing(app, mailbox, member):
    make_notification(member, "mention")
    db.session.rollback()
    commit()
    assert mailbox.to(member.email) == []


@pytest.mark.parametrize("language, subject_words", [
    ("en", "You were mentioned"), ("uk", "Вас згадали"), ("pl", "Wspomniano o Tobie"),
])
def test_email_is_in_the_recipient_language(app, mailbox, language, subject_words):
    user = make_user(language=language)
    make_notification(user, "mention", actor=make_user(display_name="Anna Nowak"))
    commit()
    message = mailbox.last_to(user.email)
    assert subject_words in message["Subject"]
    assert "Anna Nowak" in Mailbox.text_of(message)


def test_in_app_only_and_digest_kinds_are_not_mailed_at_once(app, mailbox, member):
    choose(member, reply="app", mention="digest")
    make_notification(member, "reply")
    make_notification(member, "mention")
    commit()
    assert mailbox.to(member.email) == []


def test_unconfirmed_and_suspended_accounts_get_no_email(app, mailbox, unconfirmed):
    from app.auth.services import suspend_user

    suspended = make_user()
    suspend_user(suspended, "spam")
    for user in (unconfirmed, suspended):
        assert make_notification(user, "mention").delivery == "app"
    commit()
    assert mailbox.messages == []


def test_a_mail_server_failure_keeps_the_notification_for_a_retry(app, mailbox, member, caplog):
    with mail_server_down(app):
        notification = make_notification(member, "mention")
        commit()  # does not raise
    assert "could not send" in caplog.text
    stored = db.session.get(Notification, notification.id)
    assert stored.emailed_at is None and stored.email_failures == 1

    result = run_digests(app)
    assert result.exit_code == 0, result.output
    assert "retried: 1 sent, 0 failed" in result.output
    assert len(mailbox.to(member.email)) == 1
    assert run_digests(app).output.count("retried: 0 sent") == 1  # sent once, never again


def test_the_background_sender_sends_after_the_response(make_app, mailbox):
    app = make_app(NOTIFICATIONS_SEND_ASYNC=True)
    with app.app_context():
        user = make_user()
        make_notification(user, "mention")
        commit()
        delivery.wait_for_background_sends()
        assert len(mailbox.to(user.email)) == 1
        assert db.session.execute(db.select(Notification.emailed_at)).scalar() is not None


# --- the daily digest ------------------------------------------------------------------
def test_the_digest_gathers_the_day_and_a_second_run_sends_nothing(app, mailbox, member, outsider):
    make_notification(member, "reply", title="Wątek o mieszkaniach", actor=outsider)
    make_notification(member, "followed_post", title="Nabór FAMI 2025")
    make_notification(outsider, "partnership_match", title="Szukamy pracodawcy w Tarnowie")
    commit()
    assert mailbox.messages == []  # digest kinds wait for the digest

    first = run_digests(app)
    assert first.exit_code == 0, first.output
    assert "[1/2]" in first.output and "[2/2]" in first.output
    assert "Digests: 2 sent, 0 failed, 0 already sent today" in first.output
    message = mailbox.last_to(member.email)
    assert "2" in message["Subject"]
    text = Mailbox.text_of(message)
    assert "Wątek o mieszkaniach" in text and "Nabór FAMI 2025" in text and "Olek Zewnętrzny" in text
    assert "/account/unsubscribe/" in message["List-Unsubscribe"]
    assert len(mailbox.messages) == 2

    make_notification(member, "reply", title="Jeszcze jedna odpowiedź")
    commit()
    second = run_digests(app)
    assert "Digests: 0 sent, 0 failed, 1 already sent today" in second.output
    assert len(mailbox.messages) == 2  # nobody got a second digest today


def test_the_next_day_brings_the_next_digest(app, mailbox, member):
    make_notification(member, "reply", title="Pierwszy dzień")
    commit()
    today = delivery.local_today()
    assert delivery.send_digests(today) == {"sent": 1, "failed": 0, "skipped": 0}
    make_notification(member, "reply", title="Drugi dzień")
    commit()
    assert delivery.send_digests(today)["sent"] == 0
    with delivery.url_context():
        assert delivery.send_digests(today + timedelta(days=1))["sent"] == 1
    text = Mailbox.text_of(mailbox.last_to(member.email))
    assert "Drugi dzień" in text and "Pierwszy dzień" not in text


def test_a_failed_digest_is_sent_by_the_next_run(app, mailbox, member):
    make_notification(member, "reply", title="Czeka na skrzynkę")
    commit()
    with mail_server_down(app):
        result = run_digests(app)
    assert "Digests: 0 sent, 1 failed" in result.output
    assert result.exit_code == 1  # a timer or cron shows the failure
    assert db.session.execute(db.select(DigestDelivery)).first() is None
    assert "Digests: 1 sent, 0 failed" in run_digests(app).output
    assert "Czeka na skrzynkę" in Mailbox.text_of(mailbox.last_to(member.email))


def test_choosing_in_app_only_stops_pending_digest_items(app, mailbox, member):
    make_notification(member, "reply")
    commit()
    choose(member, reply="app")
    commit()
    assert "Digests: 0 sent" in run_digests(app).output
    assert mailbox.messages == []


def test_without_smtp_the_email_is_written_to_a_folder_a_newcomer_can_read(make_app, tmp_path, caplog):
    import email
    import email.policy

    folder = tmp_path / "mail-folder"
    app = make_app(MAIL_SERVER=None, MAIL_BACKEND=None, MAIL_FILE_DIR=str(folder))
    assert app.config["MAIL_BACKEND"] == "file"
    with app.app_context():
        user = make_user()
        make_notification(user, "mention", title="Kto zna tłumacza ukraińskiego?")
        commit()
        [path] = folder.glob("*.eml")
        message = email.message_from_bytes(path.read_bytes(), policy=email.policy.default)
        assert "Kto zna tłumacza ukraińskiego?" in message["Subject"]
        assert "/account/unsubscribe/" in message["List-Unsubscribe"]
        assert "Kto zna tłumacza ukraińskiego?" in caplog.text  # and in the log
