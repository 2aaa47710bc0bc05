"""Reports and moderation: every action is written to the moderation log (who, what, when, why)."""
from flask_babel import force_locale

from app.db import utcnow
from app.extensions import db
from app.forums import moderation, services
from app.forums.models import PostReport, Thread
from app.secretariat.models import ModerationLogEntry
from tests import factories
from tests.forums import factories as ff


def _log():
    return db.session.execute(db.select(ModerationLogEntry).order_by(ModerationLogEntry.id)).scalars().all()


def test_report_then_hide_through_the_pages(client, member, outsider, moderator):
    thread = ff.make_thread(member, title="Wątek z reklamą")
    spam = ff.make_reply(thread, member, body="Kup tanio pożyczkę!")
    client.login(outsider)
    response = client.post_form(f"/forums/p/{spam.id}/report", {"reason": "To jest reklama."})
    assert response.status_code == 302
    report = db.session.execute(db.select(PostReport)).scalar_one()
    assert report.reporter_id == outsider.id and report.is_open

    client.login(moderator)
    reports = client.get("/forums/reports").get_data(as_text=True)
    assert "To jest reklama." in reports and "Wątek z reklamą" in reports
    before = utcnow()
    response = client.post_form(f"/forums/p/{spam.id}/moderate", {"action": "hide", "reason": "Reklama pożyczek"})
    assert response.status_code == 302
    entry = _log()[-1]
    assert (entry.actor_id, entry.action, entry.target_kind, entry.target_id) == (moderator.id, "post.hide", "post", spam.id)
    assert entry.reason == "Reklama pożyczek" and entry.created_at >= before
    assert "Wątek z reklamą #2" == entry.target_label
    db.session.refresh(report)
    assert not report.is_open and report.resolution == "hidden"
    assert "Nie ma oczekujących zgłoszeń." in client.get("/forums/reports").get_data(as_text=True)

    # Others see a placeholder; the author and the secretariat still see the text.
    assert "Kup tanio" in client.get(f"/forums/t/{thread.id}").get_data(as_text=True)
    client.login(outsider)
    page = client.get(f"/forums/t/{thread.id}").get_data(as_text=True)
    assert "Kup tanio" not in page and "Ten wpis został ukryty przez moderatora." in page
    client.login(member)
    page = client.get(f"/forums/t/{thread.id}").get_data(as_text=True)
    assert "Kup tanio" in page and "tę treść widzisz tylko Ty i sekretariat" in page
    client.get("/auth/logout")


def test_hidden_post_excerpt_is_hidden_in_replies_too(client, member, outsider, moderator):
    thread = ff.make_thread(member)
    rude = ff.make_reply(thread, member, body="Niegrzeczna uwaga")
    ff.make_reply(thread, outsider, body="Nie zgadzam się", reply_to=rude)
    moderation.hide_post(moderator, rude, "Naruszenie zasad")
    page = client.get(f"/forums/t/{thread.id}").get_data(as_text=True)
    assert "Niegrzeczna uwaga" not in page and "(ukryty przez moderatora)" in page


def test_unhide(app, member, moderator):
    thread = ff.make_thread(member)
    post = ff.make_reply(thread, member)
    moderation.hide_post(moderator, post, "Pomyłka?")
    assert db.session.get(Thread, thread.id).last_post_id == ff.post_at(thread, 1).id
    moderation.unhide_post(moderator, post, "Jednak w porządku")
    assert not post.is_hidden and [e.action for e in _log()] == ["post.hide", "post.unhide"]
    assert db.session.get(Thread, thread.id).last_post_id == post.id


def test_hiding_the_opening_post_hides_the_thread_from_lists(client, member, outsider, moderator):
    category = ff.make_category()
    thread = ff.make_thread(member, category, title="Spamowy wątek")
    moderation.hide_post(moderator, ff.post_at(thread, 1), "Spam")
    assert thread.is_hidden
    assert "Spamowy wątek" not in client.get(f"/forums/{category.slug}/").get_data(as_text=True)
    assert client.get(f"/forums/t/{thread.id}").status_code == 404
    client.login(member)
    assert client.get(f"/forums/t/{thread.id}").status_code == 200  # the author still sees it
    client.login(moderator)
    assert "Spamowy wątek" in client.get(f"/forums/{category.slug}/").get_data(as_text=True)


def test_lock_unlock_pin_unpin_move_are_logged(client, member, moderator):
    source, target = ff.make_category(slug="zrodlo"), ff.make_category(slug="cel")
    thread = ff.make_thread(member, source, title="Wątek do moderacji")
    client.login(moderator)
    steps = [("lock", {}), ("unlock", {}), ("pin", {}), ("unpin", {}), ("move", {"category": str(target.id)})]
    for action, extra in steps:
        response = client.post_form(f"/forums/t/{thread.id}/moderate", {"action": action, "reason": f"Powód {action}", **extra})
        assert response.status_code == 302, action
    entries = _log()
    assert [e.action for e in entries] == ["thread.lock", "thread.unlock", "thread.pin", "thread.unpin", "thread.move"]
    assert all(e.actor_id == moderator.id and e.target_id == thread.id for e in entries)
    assert [e.reason for e in entries] == [f"Powód {a}" for a, _ in steps]
    with force_locale("en"):
        assert entries[-1].details_text == f"from {source.name_en} to {target.name_en}"
    thread = db.session.get(Thread, thread.id)
    assert thread.category_id == target.id and not thread.pinned and not thread.is_locked


def test_moving_into_a_working_group_makes_the_thread_private(client, member, outsider, moderator):
    thread = ff.make_thread(member, title="Wątek do zespołu")
    group = ff.make_group(members=[member])
    moderation.moderate_thread(moderator, thread, "move", "Sprawa zespołu", ff.group_category(group).id)
    assert thread.working_group_id == group.id
    client.login(outsider)
    assert client.get(f"/forums/t/{thread.id}").status_code == 404


def test_moderation_refuses_without_reason_and_keeps_input(client, member, moderator):
    thread = ff.make_thread(member)
    client.login(moderator)
    response = client.post_form(f"/forums/t/{thread.id}/moderate", {"action": "lock", "reason": " "})
    assert response.status_code == 400 and "Podaj powód." in response.get_data(as_text=True)
    response = client.post_form(f"/forums/t/{thread.id}/moderate", {"action": "move", "reason": "Przenoszę"})
    assert response.status_code == 400 and "Wybierz kategorię" in response.get_data(as_text=True)
    assert "Przenoszę" in response.get_data(as_text=True)
    response = client.post_form(f"/forums/t/{thread.id}/moderate", {"action": "explode", "reason": "x"})
    assert response.status_code == 400 and "Wybierz, co zrobić." in response.get_data(as_text=True)
    assert _log() == []


def test_suspend_the_author(client, member, moderator, admin):
    thread = ff.make_thread(member)
    post = ff.post_at(thread, 1)
    client.login(moderator)
    response = client.post_form(f"/forums/p/{post.id}/moderate", {"action": "suspend_author", "reason": "Spam w wielu wątkach"})
    assert response.status_code == 302
    db.session.refresh(member)
    assert member.is_suspended and member.suspension_reason == "Spam w wielu wątkach"
    entry = _log()[-1]
    assert (entry.action, entry.target_kind, entry.target_id) == ("user.suspend", "user", member.id)
    # A moderator may not suspend another moderator or an admin.
    other = ff.make_thread(admin)
    response = client.post_form(f"/forums/p/{ff.post_at(other, 1).id}/moderate", {"action": "suspend_author", "reason": "x"})
    assert response.status_code == 400
    assert "Nie możesz zawiesić autora tego wpisu." in response.get_data(as_text=True)


def test_dismiss_a_report(client, member, outsider, moderator):
    thread = ff.make_thread(member)
    report = services.report_post(outsider, ff.post_at(thread, 1), "Nie podoba mi się")
    client.login(moderator)
    response = client.post_form(f"/forums/reports/{report.id}/dismiss", {"reason": ""})
    assert response.status_code == 400
    response = client.post_form(f"/forums/reports/{report.id}/dismiss", {"reason": "Wpis zgodny z zasadami"})
    assert response.status_code == 302
    db.session.refresh(report)
    assert report.resolution == "dismissed" and report.resolved_by_id == moderator.id
    entry = _log()[-1]
    assert entry.action == "report.dismiss" and entry.reason == "Wpis zgodny z zasadami"
    client.post_form(f"/forums/reports/{report.id}/dismiss", {"reason": "Drugi raz"})
    assert len(_log()) == 1  # an already resolved report is not resolved again


def test_members_cannot_reach_moderation(client, member, outsider):
    thread = ff.make_thread(member)
    post = ff.post_at(thread, 1)
    client.login(outsider)
    for url in (f"/forums/p/{post.id}/moderate", f"/forums/t/{thread.id}/moderate", "/forums/reports",
                "/forums/manage/", f"/forums/p/{post.id}/history"):
        assert client.get(url).status_code == 403, url
    response = client.post_form(f"/forums/t/{thread.id}/moderate", {"action": "lock", "reason": "x"})
    assert response.status_code == 403
    assert _log() == [] and not db.session.get(Thread, thread.id).is_locked


def test_suspended_moderator_cannot_moderate(app, member):
    moderator = factories.make_user(role="moderator", suspended_at=utcnow())
    thread = ff.make_thread(member)
    with app.test_request_context():
        try:
            moderation.moderate_thread(moderator, thread, "lock", "x")
        except services.ForumError as error:
            assert error.field == "reason"
        else:
            raise AssertionError("a suspended moderator locked a thread")
    assert _log() == []
