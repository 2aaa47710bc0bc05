"""Two application machines on one PostgreSQL search as one site (the postgres search backend):
what is written through A is found, followed, hidden and counted through B in the next request."""
import re

import pytest

from app.extensions import db
from tests import factories
from tests.forums.factories import group_category, make_category, make_group, make_reply, make_thread, post_at

RESULTS = re.compile(r"(\d+) results? for")


def results_of(client, words) -> tuple[int, str]:
    """(the number of results the page states, the page) of a search through client."""
    page = client.get(f"/search?q={words}&lang=en").text
    stated = RESULTS.search(page)
    return (int(stated.group(1)) if stated else 0), page


@pytest.fixture
def machines(two_machines):
    app_a, app_b = two_machines()
    if app_a.config["SEARCH_BACKEND"] != "postgres":
        pytest.skip("shared search is the postgres backend's (the PostgreSQL pass of make test)")
    assert app_b.config["SEARCH_BACKEND"] == "postgres"
    return app_a, app_b


def test_a_thread_and_reply_written_through_a_are_found_through_b_in_the_next_request(machines):
    app_a, app_b = machines
    with app_a.app_context():
        writer = factories.make_user()
        category = make_category()
        db.session.commit()
        author_a = app_a.test_client()
        author_a.login(writer)
        started = author_a.post_form(f"/forums/{category.slug}/new",
                                     {"title": "Dyżur tłumaczki w Gorlicach", "body": "Zapraszamy w środy."})
        assert started.status_code == 302
        thread_id = int(started.headers["Location"].rsplit("/", 1)[-1])
        visitor_b = app_b.test_client()
        assert results_of(visitor_b, "tłumaczki")[0] == 1
        replied = author_a.post_form(f"/forums/t/{thread_id}/reply", {"body": "Dyżur przeniesiony na czwartek."})
        assert replied.status_code == 302
        assert results_of(visitor_b, "przeniesiony")[0] == 1
        assert results_of(visitor_b, "dyżur")[0] == 2


def test_edited_words_follow_and_hidden_or_deleted_posts_never_appear_or_count_on_b(machines):
    app_a, app_b = machines
    with app_a.app_context():
        writer = factories.make_user()
        moderator = factories.make_user(role="moderator")
        thread = make_thread(writer, make_category(), "Zbiórka darów", "Zbieramy koce i śpiwory.")
        db.session.commit()
        opening_id = post_at(thread, 1).id
        spam = make_reply(thread, writer, "Kupię tanio koce, pisz prywatnie.")
        doomed = make_reply(thread, writer, "Śpiwory odbierzemy w sobotę.")
        db.session.commit()
        visitor_b = app_b.test_client()
        assert results_of(visitor_b, "koce")[0] == 2

        author_a = app_a.test_client()
        author_a.login(writer)
        edited = author_a.post_form(f"/forums/p/{opening_id}/edit",
                                    {"title": "Zbiórka darów", "body": "Zbieramy kurtki i buty."})
        assert edited.status_code == 302
        assert results_of(visitor_b, "kurtki")[0] == 1
        assert results_of(visitor_b, "koce")[0] == 1  # only the spam reply still says it

        moderator_a = app_a.test_client()
        moderator_a.login(moderator)
        hidden = moderator_a.post_form(f"/forums/p/{spam.id}/moderate", {"action": "hide", "reason": "Spam"})
        assert hidden.status_code == 302
        count, page = results_of(visitor_b, "koce")
        assert count == 0 and "Kupię tanio" not in page

        deleted = author_a.post_form(f"/forums/p/{doomed.id}/delete", {})
        assert deleted.status_code == 302
        count, page = results_of(visitor_b, "sobotę")
        assert count == 0 and "odbierzemy" not in page
        assert results_of(visitor_b, "śpiwory")[0] == 0


def test_a_working_group_s_thread_written_through_a_is_found_through_b_only_by_its_members(machines):
    app_a, app_b = machines
    with app_a.app_context():
        member = factories.make_user()
        outsider = factories.make_user()
        group = make_group(members=[member])
        make_thread(member, group_category(group), "Plan negocjacji z urzędem", "Tajna strategia zespołu.")
        db.session.commit()
        member_b, outsider_b, anonymous_b = app_b.test_client(), app_b.test_client(), app_b.test_client()
        member_b.login(member)
        outsider_b.login(outsider)
        assert results_of(member_b, "negocjacji")[0] == 1
        for client in (outsider_b, anonymous_b):
            count, page = results_of(client, "negocjacji")
            assert count == 0 and "Tajna strategia" not in page
            count, page = results_of(client, "strategia OR negocjacji")
            assert count == 0
