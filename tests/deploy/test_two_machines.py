"""Two application machines on one database and one Redis behave as one site."""
import redis

from app.extensions import db
from tests import factories
from tests.forums.factories import make_category, make_reply, make_thread

HIDDEN_WORDS = "Ogłoszenie do ukrycia przez moderację"


def test_a_post_hidden_through_a_is_never_served_from_bs_warm_cache(two_machines):
    app_a, app_b = two_machines()
    with app_a.app_context():
        moderator = factories.make_user(role="moderator")
        thread = make_thread(category=make_category())
        post = make_reply(thread, body=HIDDEN_WORDS)
        db.session.commit()
        thread_page = f"/forums/t/{thread.id}"
        visitor_b = app_b.test_client()
        assert HIDDEN_WORDS in visitor_b.get(thread_page).text
        assert HIDDEN_WORDS in visitor_b.get(thread_page).text  # now served from B's cache

        moderator_a = app_a.test_client()
        moderator_a.login(moderator)
        hidden = moderator_a.post_form(f"/forums/p/{post.id}/moderate", {"action": "hide", "reason": "Spam"})
        assert hidden.status_code == 302

        assert HIDDEN_WORDS not in visitor_b.get(thread_page).text


def test_the_generation_is_one_counter_in_redis(two_machines, redis_url):
    app_a, app_b = two_machines()
    with app_a.app_context():
        factories.make_org(name="Fundacja Dwóch Maszyn")
        db.session.commit()
    counter = int(redis.Redis.from_url(redis_url).get("forum:page-cache:generation"))
    assert counter > 0
    with app_b.app_context():
        from app.page_cache import generation

        assert generation() == counter


def test_failed_logins_alternating_between_machines_are_limited_together(two_machines, redis_url):
    app_a, app_b = two_machines(RATELIMIT_ENABLED=True, LOGIN_RATE_LIMIT="100 per minute",
                                LOGIN_ACCOUNT_RATE_LIMIT="10 per minute")
    with app_a.app_context():
        victim = factories.make_user()
        db.session.commit()
        clients = [app_a.test_client(), app_b.test_client()]
        answers = [clients[attempt % 2].post_form("/auth/login", {"email": victim.email, "password": "wrong guess"})
                   for attempt in range(40)]
    let_through = [answer for answer in answers if answer.status_code != 429]
    assert len(let_through) == 10
    assert all(answer.status_code == 200 for answer in let_through)  # refused, with the form again
    stored = redis.Redis.from_url(redis_url).keys("*forum-limits*")
    assert stored, "the counters must be in the shared Redis, not in a process"


def test_the_account_limit_counts_failures_only(make_app):
    app = make_app(RATELIMIT_ENABLED=True, LOGIN_ACCOUNT_RATE_LIMIT="2 per minute")
    with app.app_context():
        user = factories.make_user()
        db.session.commit()
        for _ in range(4):  # logging in again and again is not guessing
            login = app.test_client().post_form("/auth/login", {"email": user.email, "password": factories.PASSWORD})
            assert login.status_code == 302
        wrong = [app.test_client().post_form("/auth/login", {"email": user.email, "password": "wrong"}).status_code
                 for _ in range(3)]
    assert wrong == [200, 200, 429]


def test_with_the_page_store_in_redis_a_page_rendered_by_a_is_served_by_b(two_machines):
    app_a, app_b = two_machines(PAGE_CACHE_STORE="redis")
    with app_a.app_context():
        factories.make_org(name="Fundacja Wspólnej Pamięci")
        db.session.commit()
        first = app_a.test_client().get("/orgs/")
    from tests.test_page_cache import statements_run_by

    visitor_b = app_b.test_client()
    assert statements_run_by(app_b, visitor_b, "/orgs/") == 0  # kept by A, served by B from Redis
    assert visitor_b.get("/orgs/").get_data() == first.get_data()


def test_directory_counts_kept_on_b_follow_a_change_made_through_a(two_machines):
    """Kept values (app/kept.py) are per process; their data version is read from the shared database."""
    app_a, app_b = two_machines(ANONYMOUS_PAGE_CACHE_SECONDS=0)
    with app_a.app_context():
        org = factories.make_org(name="Fundacja Dwóch Maszyn", themes=["housing"])
        db.session.commit()
        visitor_b = app_b.test_client()
        assert 'id="filter-theme-education"' not in visitor_b.get("/orgs/").text
        assert 'id="filter-theme-education"' not in visitor_b.get("/orgs/").text  # now kept in B
        org.set_tags("thematic_areas", ["education"])
        db.session.commit()
        page = visitor_b.get("/orgs/").text
    assert 'id="filter-theme-education"' in page and 'id="filter-theme-housing"' not in page


def test_the_board_kept_on_b_follows_a_post_closed_through_a(two_machines):
    from tests.partnerships.factories import make_post

    app_a, app_b = two_machines(ANONYMOUS_PAGE_CACHE_SECONDS=0)
    with app_a.app_context():
        post = make_post(factories.make_org(name="Fundacja Dwóch Maszyn"), title="Ogłoszenie na dwóch maszynach")
        db.session.commit()
        visitor_b = app_b.test_client()
        assert "Ogłoszenie na dwóch maszynach" in visitor_b.get("/partnerships/").text
        assert "Ogłoszenie na dwóch maszynach" in visitor_b.get("/").text  # the home page reads the same kept order
        post.status = "closed"
        db.session.commit()
        assert "Ogłoszenie na dwóch maszynach" not in visitor_b.get("/partnerships/").text
        assert "Ogłoszenie na dwóch maszynach" not in visitor_b.get("/").text
