"""url_for's per-request patterns (app/url_patterns.py) give exactly the addresses Werkzeug builds."""
import contextvars

from flask import Flask, g, url_for

from app import url_patterns

IDS = (1, 7, 42, 1_000_000, 2_147_483_647)


def werkzeug_url(app, endpoint, **values):
    return Flask.url_for(app, endpoint, **values)  # the plain build, without the patterns


def test_every_endpoint_gives_werkzeugs_address_for_whole_numbers(app):
    checked = 0
    for rule in app.url_map.iter_rules():
        names = sorted(rule.arguments)
        if rule.endpoint == "static" or not all(f"<int:{name}>" in rule.rule for name in names):
            continue  # text arguments (slugs, names) never take the patterns
        with app.test_request_context("/"):
            for number in IDS:
                values = {name: number + index for index, name in enumerate(names)}
                assert url_for(rule.endpoint, **values) == werkzeug_url(app, rule.endpoint, **values), rule
                with_query = {**values, "page": number}
                assert url_for(rule.endpoint, **with_query) == werkzeug_url(app, rule.endpoint, **with_query), rule
        checked += 1
    assert checked > 50  # the forums', events', partnerships'... numbered pages


def test_a_pattern_is_built_once_per_request_and_used_for_each_row(app):
    with app.test_request_context("/forums/t/1"):
        links = [url_for("forums.reply_to_post", post_id=post_id, quote=1) for post_id in (5, 6, 70)]
        assert links == ["/forums/p/5/reply?quote=1", "/forums/p/6/reply?quote=1", "/forums/p/70/reply?quote=1"]
        assert g._url_patterns == {("forums.reply_to_post", ("post_id", "quote")): "/forums/p/{0}/reply?quote={1}"}

    def next_request_has_patterns():
        with app.test_request_context("/forums/t/1"):
            return "_url_patterns" in g

    # Nothing outlives the request (a fresh context, as a server's next request has: here the
    # test's own application context would otherwise be reused).
    assert contextvars.Context().run(next_request_has_patterns) is False


def test_what_the_patterns_leave_to_url_for(app):
    with app.test_request_context("/"):
        assert url_for("forums.show_thread", thread_id=3, _anchor="post-9") == "/forums/t/3#post-9"
        assert url_for("forums.show_thread", thread_id=3, page=None) == "/forums/t/3"  # None leaves it out
        assert url_for("forums.show_thread", thread_id=3, page=True) == werkzeug_url(app, "forums.show_thread",
                                                                                    thread_id=3, page=True)
        assert url_for("forums.show_thread", thread_id=3, _external=True) == "http://forum.test/forums/t/3"
        assert url_for("account.user_profile", username="ania") == "/users/ania"
        # An endpoint with defaults may change its address with the values: never a pattern.
        assert not url_patterns._eligible(app, "events.register")
        assert url_for("events.register", event_id=4) == werkzeug_url(app, "events.register", event_id=4)
        assert set(g.get("_url_patterns", {})) <= {("forums.show_thread", ("thread_id", "page"))}


def test_links_built_without_a_request_follow_site_url(make_app):
    app = make_app(SITE_URL="https://forum.example.org")
    with app.app_context():
        assert url_for("forums.permalink", post_id=8) == "https://forum.example.org/forums/p/8"
        assert url_for("forums.permalink", post_id=9) == "https://forum.example.org/forums/p/9"


def test_a_converter_that_writes_numbers_its_own_way_is_left_to_url_for(make_app):
    app = make_app()
    app.add_url_rule("/padded/<int(fixed_digits=4):number>", "padded", lambda number: str(number))
    with app.test_request_context("/"):
        assert [url_for("padded", number=n) for n in (1234, 5)] == ["/padded/1234", "/padded/0005"]
        assert "padded" not in [endpoint for endpoint, _names in g.get("_url_patterns", {})]
