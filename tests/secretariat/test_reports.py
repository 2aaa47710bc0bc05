"""Resolving a reported forum post from the secretariat: hide, dismiss or warn; never twice."""
import pytest

from app.db import commit
from app.extensions import db
from app.forums.models import Post, PostReport
from app.notifications.models import Notification
from tests.mailserver import Mailbox
from tests.secretariat.pages import section


def resolve(client, report, **data):
    return client.post_form(f"/secretariat/reports/{report.id}", data)


def stored(report):
    return db.session.get(PostReport, report.id)


def test_the_dashboard_lists_the_open_report_with_a_way_to_resolve_it(client, moderator, reported):
    client.login(moderator)
    page = client.get("/secretariat/").text
    assert "Mieszkania dla rodzin w Tarnowie #2" in page and "To jest spam." in page
    assert f"/secretariat/reports/{reported.report.id}" in page
    page = client.get(f"/secretariat/reports/{reported.report.id}").text
    assert "Kupujcie tanie zegarki" in page and "Olek Zewnętrzny" in page and "Maria Członkini" in page


def test_hiding_the_post_resolves_the_report(client, moderator, reported):
    client.login(moderator)
    response = resolve(client, reported.report, action="hide", reason="Reklama")
    assert response.status_code == 302
    assert db.session.get(Post, reported.post.id).is_hidden
    assert stored(reported.report).resolution == "hidden"
    assert "Mieszkania dla rodzin w Tarnowie #2" not in section(client.get("/secretariat/").text, "reports-heading")
    log = client.get("/secretariat/log").text
    assert "Reklama" in log


def test_dismissing_keeps_the_post(client, moderator, reported):
    client.login(moderator)
    assert resolve(client, reported.report, action="dismiss", reason="To nie spam").status_code == 302
    assert not db.session.get(Post, reported.post.id).is_hidden
    assert stored(reported.report).resolution == "dismissed"


def test_warning_tells_the_author_by_notification_and_email(client, moderator, reported, mailbox):
    client.login(moderator)
    assert resolve(client, reported.report, action="warn", reason="Proszę nie reklamować").status_code == 302
    assert not db.session.get(Post, reported.post.id).is_hidden
    assert stored(reported.report).resolution == "warned"
    note = db.session.execute(db.select(Notification).where(
        Notification.user_id == reported.author.id, Notification.kind == "moderation_warning")).scalar_one()
    assert "Proszę nie reklamować" in note.title and note.url == f"/forums/p/{reported.post.id}"
    message = mailbox.last_to(reported.author.email)
    assert "Ostrzeżenie od sekretariatu" in message["Subject"]
    assert "Proszę nie reklamować" in Mailbox.text_of(message)
    log = client.get("/secretariat/log?action=user.warn").text
    assert "Ostrzeżono autora wpisu" in log and "Proszę nie reklamować" in log


def test_the_warning_is_in_the_authors_language(app, client, moderator, reported, mailbox):
    reported.author.language = "uk"
    commit()
    client.login(moderator)
    resolve(client, reported.report, action="warn", reason="Без реклами")
    message = mailbox.last_to(reported.author.email)
    assert "Попередження від секретаріату" in message["Subject"]


@pytest.mark.parametrize("action", ["hide", "dismiss", "warn"])
def test_an_already_resolved_report_is_said_so_clearly(client, moderator, admin, reported, action):
    client.login(moderator)
    resolve(client, reported.report, action="dismiss", reason="W porządku")
    client.post_form("/auth/logout")
    client.login(admin)  # a second moderator, on a page opened before
    response = resolve(client, reported.report, action=action, reason="Spóźniona decyzja")
    assert response.status_code == 400
    assert "To zgłoszenie zostało już rozpatrzone" in response.text
    assert stored(reported.report).resolution == "dismissed"
    assert not db.session.get(Post, reported.post.id).is_hidden


def test_bad_input_is_explained_next_to_the_field_and_kept(client, moderator, reported):
    client.login(moderator)
    response = resolve(client, reported.report, action="hide", reason="   ")
    assert response.status_code == 400
    assert 'id="reason-error"' in response.text and "Podaj powód." in response.text
    assert 'value="hide" checked' in response.text or 'checked id="action-0"' in response.text
    response = resolve(client, reported.report, action="burn", reason="Zostawiam powód")
    assert response.status_code == 400
    assert 'id="action-error"' in response.text and "Zostawiam powód" in response.text
    assert stored(reported.report).is_open


def test_a_report_on_a_deleted_account_cannot_be_a_warning(app, client, moderator, reported):
    reported.post.author_id = None
    commit()
    client.login(moderator)
    response = resolve(client, reported.report, action="warn", reason="Ostrzeżenie")
    assert response.status_code == 400 and 'id="action-error"' in response.text
    assert stored(reported.report).is_open
