"""The index follows every committed change (create, edit, move, hide, delete, membership) and
nothing that was rolled back; a rebuild gives the same index as the changes applied one by one."""
import pytest

from app.db import utcnow
from app.directory import services as directory_services
from app.events import services as event_services
from app.extensions import db
from app.forums import admin as forum_admin
from app.forums import moderation
from app.forums import services as forum_services
from app.search import sync
from app.search.whoosh import index
from tests import factories
from tests.events.factories import event_data, make_event
from tests.forums import factories as ff
from tests.partnerships.factories import make_post
from tests.search.helpers import found, indexed, key, pending, search


@pytest.fixture
def writer(app):
    return factories.make_user(display_name="Wiktor Piszący")


@pytest.fixture
def request_ctx(app):
    with app.test_request_context("/?lang=en"):
        yield


def test_a_new_thread_and_reply_are_found_after_the_commit(writer, outsider):
    thread = ff.make_thread(writer, title="Nabór wolontariuszy", body="Szukamy tłumaczy rosyjskiego.")
    reply = ff.make_reply(thread, writer, "Zgłaszam się jako tłumaczka.")
    assert found(outsider, "wolontariusze") == {key(thread)}
    assert found(outsider, "tłumaczka") == {key(reply)}
    assert not pending(), "every committed change was applied"


def test_a_rolled_back_change_leaves_no_trace(writer, outsider):
    db.session.commit()
    thread = ff.make_thread(writer, title="Wątek wycofany")
    thread_key = key(thread)
    db.session.rollback()
    assert found(outsider, "wycofany") == set()
    assert thread_key not in indexed()
    assert not pending()
    kept = ff.make_thread(writer, title="Wątek zapisany")  # the next commit does not bring it back
    assert found(outsider, "zapisany") == {key(kept)}
    assert found(outsider, "wycofany") == set()


def test_an_edit_replaces_the_old_words(writer, outsider):
    thread = ff.make_thread(writer, title="Kurs szycia", body="Zajęcia we wtorki.")
    reply = ff.make_reply(thread, writer, "Przyniosę maszynę.")
    db.session.commit()
    forum_services.edit_post(writer, ff.post_at(thread, 1), "Zajęcia w czwartki.", title="Kurs gotowania")
    forum_services.edit_post(writer, reply, "Przyniosę garnek.")
    assert found(outsider, "szycia") == set() and found(outsider, "wtorki") == set()
    assert found(outsider, "gotowania") == {key(thread)} and found(outsider, "czwartki") == {key(thread)}
    assert found(outsider, "maszynę") == set() and found(outsider, "garnek") == {key(reply)}


def test_hiding_and_unhiding_a_post(writer, outsider, moderator):
    thread = ff.make_thread(writer, title="Wątek z odpowiedzią")
    reply = ff.make_reply(thread, writer, "Reklama pożyczek.")
    db.session.commit()
    moderation.hide_post(moderator, reply, "Spam.")
    assert found(outsider, "pożyczek") == set()
    assert found(writer, "pożyczek") == {key(reply)}  # its author still reads it
    assert found(moderator, "pożyczek") == {key(reply)}
    moderation.unhide_post(moderator, reply, "Pomyłka.")
    assert found(outsider, "pożyczek") == {key(reply)}


def test_hiding_an_opening_post_hides_the_thread_and_its_replies(writer, outsider, moderator):
    thread = ff.make_thread(writer, title="Ogłoszenie handlowe", body="Tanie okna.")
    reply = ff.make_reply(thread, factories.make_user(), "Czy okna są nowe?")
    db.session.commit()
    assert found(outsider, "okna") == {key(thread), key(reply)}
    moderation.hide_post(moderator, ff.post_at(thread, 1), "Reklama.")
    assert found(outsider, "okna") == set()
    assert found(moderator, "okna") == {key(thread), key(reply)}


def test_a_deleted_post_is_removed(writer, outsider):
    thread = ff.make_thread(writer, title="Pytanie o dokumenty")
    reply = ff.make_reply(thread, writer, "Mój numer telefonu to tajemnica.")
    db.session.commit()
    assert found(outsider, "tajemnica") == {key(reply)}
    forum_services.delete_post(writer, reply)
    assert found(outsider, "tajemnica") == set()
    assert key(reply) not in indexed()


def test_moving_a_thread_into_and_out_of_a_working_group(writer, outsider, moderator):
    grouped = factories.make_user(display_name="Zofia Zespołowa")
    group = ff.make_group(members=[grouped])
    thread = ff.make_thread(writer, title="Plan działań powiatu")
    reply = ff.make_reply(thread, writer, "Plan działań na wiosnę.")
    db.session.commit()
    moderation.moderate_thread(moderator, thread, "move", "Sprawa zespołu.", category_id=ff.group_category(group).id)
    assert found(outsider, "plan") == set()
    assert found(grouped, "plan") == {key(thread), key(reply)}
    moderation.moderate_thread(moderator, thread, "move", "Sprawa ogólna.", category_id=ff.make_category().id)
    assert found(outsider, "plan") == {key(thread), key(reply)}


def test_working_group_membership_changes_what_a_member_finds(writer, moderator):
    coordinator = factories.make_user(display_name="Kamil Koordynator")
    group = ff.make_group(coordinators=[coordinator])
    thread = ff.make_thread(coordinator, ff.group_category(group), "Budżet zespołu")
    newcomer = factories.make_user(display_name="Nina Nowa")
    assert found(newcomer, "budżet") == set()
    member = forum_admin.add_group_member(moderator, group, newcomer)
    assert found(newcomer, "budżet") == {key(thread)}
    forum_admin.change_group_member(moderator, group, member, None)
    assert found(newcomer, "budżet") == set()


def test_deleting_a_working_group_removes_its_threads(writer, moderator):
    coordinator = factories.make_user()
    group = ff.make_group(coordinators=[coordinator])
    thread = ff.make_thread(coordinator, ff.group_category(group), "Notatki zespołu")
    reply = ff.make_reply(thread, coordinator, "Notatki z poprzedniego spotkania.")
    keys = {key(thread), key(reply)}
    assert found(moderator, "notatki") == keys
    db.session.delete(group)
    db.session.commit()
    assert found(moderator, "notatki") == set()
    assert not keys & set(indexed())


def test_events_follow_publish_edit_and_cancel(outsider, request_ctx):
    organiser = factories.make_user()
    org = factories.make_org(admin=organiser)
    event = make_event(org, author=organiser, publish=False, title="Warsztaty kulinarne")
    assert found(outsider, "kulinarne") == set()
    assert found(organiser, "kulinarne") == {key(event)}
    event_services.publish_event(organiser, event)
    assert found(outsider, "kulinarne") == {key(event)}
    event_services.update_event(organiser, event, event_data(org, title="Warsztaty ceramiczne"))
    assert found(outsider, "kulinarne") == set() and found(outsider, "ceramiczne") == {key(event)}
    event_services.cancel_event(organiser, event, "Choroba prowadzącej.")
    assert found(outsider, "ceramiczne") == {key(event)}  # cancelled events stay visible, marked so


def test_event_minutes_are_searchable(outsider, request_ctx):
    organiser = factories.make_user()
    event = make_event(factories.make_org(admin=organiser), author=organiser)
    event_services.set_minutes(organiser, event, "", "Ustalono harmonogram dyżurów.", None)
    assert found(outsider, "harmonogram") == {key(event)}


def test_organisations_follow_verification_and_edits(outsider, moderator, request_ctx):
    admin_user = factories.make_user()
    org = factories.make_org(name="Stowarzyszenie Pod Kopcem", admin=admin_user, verified_at=None)
    post = make_post(org, admin_user, title="Szukamy partnera do projektu")
    assert found(outsider, "kopcem") == set() and found(outsider, "partnera") == set()
    directory_services.verify_org(moderator, org)
    assert found(outsider, "kopcem") == {key(org)}
    assert found(outsider, "partnera") == {key(post)}  # its partnership posts become public with it
    directory_services.update_org(admin_user, org, name="Stowarzyszenie Nad Wisłą", org_type="ngo",
                                  counties=["tarnowski"], descriptions={"pl": "Pomagamy rodzinom z Charkowa."})
    assert found(outsider, "kopcem") == set() and found(outsider, "wisłą") == {key(org)}
    assert found(outsider, "Kharkiv") == {key(org)}
    assert found(outsider, "wisłą", county="tarnowski") == {key(org)}
    assert found(outsider, "wisłą", county="krakow-city") == set()


def test_tags_follow_into_the_filters(writer, outsider):
    thread = ff.make_thread(writer, title="Wątek o pracy", themes=["labour-market"])
    assert found(outsider, "pracy", theme="labour-market") == {key(thread)}
    thread.set_tags("thematic_areas", ["housing"])
    db.session.commit()
    assert found(outsider, "pracy", theme="labour-market") == set()
    assert found(outsider, "pracy", theme="housing") == {key(thread)}


@pytest.mark.whoosh
def test_a_change_made_while_the_index_is_locked_waits_in_the_queue(app, writer, outsider):
    """Another process holds the write lock: the commit succeeds, the change is queued, not lost."""
    app.config["SEARCH_WRITER_TIMEOUT"] = 0.1
    ix = index.open_index()
    lock = ix.lock("WRITELOCK")
    assert lock.acquire()
    try:
        thread = ff.make_thread(writer, title="Zmiana w kolejce")
        db.session.commit()
        assert pending(), "the change waits in the queue"
        assert search(outsider, "kolejce").total == 0
    finally:
        lock.release()
        ix.close()
    ff.make_thread(writer, title="Następna zmiana")
    db.session.commit()  # the next writer applies the queue too
    assert not pending()
    assert found(outsider, "kolejce") == {key(thread)}


def test_a_rebuild_gives_the_same_index_as_the_changes_one_by_one(writer, moderator, request_ctx):
    org = factories.make_org(admin=writer, themes=["housing", "education"], counties=["tarnowski"])
    thread = ff.make_thread(writer, title="Szkoła dla dzieci z Ukrainy", body="Zapisy do szkoły.")
    for number in range(3):
        ff.make_reply(thread, writer, f"Odpowiedź numer {number} o szkole.")
    hidden = ff.make_reply(thread, writer, "Do ukrycia.")
    moderation.hide_post(moderator, hidden, "Spam.")
    gone = ff.make_reply(thread, writer, "Do usunięcia.")
    forum_services.delete_post(writer, gone)
    forum_services.edit_post(writer, ff.post_at(thread, 1), "Zapisy do szkoły do piątku.", title="Szkoła i przedszkole")
    make_event(org, author=writer, title="Dzień otwarty szkoły")
    make_post(org, writer, title="Szukamy szkoły partnerskiej")
    org.description_pl_html = "<p>Nowy opis.</p>"
    db.session.commit()
    incremental = indexed()
    assert sync.differences() == {"missing": [], "extra": [], "stale": []}
    sync.rebuild()
    assert indexed() == incremental
    assert len(incremental) >= 8


def test_a_document_is_written_from_the_committed_database_not_the_session(writer, outsider):
    thread = ff.make_thread(writer, title="Tytuł przed zmianą")
    db.session.commit()
    thread.title = "Tytuł nigdy niezapisany"
    db.session.flush()
    db.session.rollback()
    assert found(outsider, "niezapisany") == set()
    assert found(outsider, "zmianą") == {key(thread)}
    thread.locked_at = utcnow()  # a change search does not watch writes nothing
    db.session.commit()
    assert not pending()
