"""Long threads and long lists open with a fixed number of SQL statements, whatever the page."""
from tests import factories
from tests.forums import factories as ff


def _statements_for(client, count_queries, url) -> int:
    client.get(url)  # the first visit records the read position; count a repeat visit
    with count_queries() as counter:
        response = client.get(url)
    assert response.status_code == 200, url
    return counter.count


def _threaded_thread(member, outsider, posts):
    """A thread of `posts` posts whose last replies answer the first and the second to last posts
    (so the last page shows a parent from the first page and every page lists replies)."""
    thread = ff.make_thread(member, title=f"Wątek z {posts} wpisami")
    ff.add_many_posts(thread, posts - 3, author=outsider)
    first, before_last = ff.post_at(thread, 1), ff.post_at(thread, posts - 2)
    ff.make_reply(thread, member, body="Odpowiedź na pierwszy wpis", reply_to=first)
    ff.make_reply(thread, member, body="Odpowiedź na przedostatni wpis", reply_to=before_last)
    return thread


def test_thread_pages_run_a_fixed_number_of_queries(client, member, outsider, count_queries):
    threads = {size: _threaded_thread(member, outsider, size) for size in (10, 200, 5000)}
    assert threads[5000].page_count == 250
    for viewer in (None, member):
        if viewer is not None:
            client.login(viewer)
        counts = {}
        for size, thread in threads.items():
            counts[f"{size} first"] = _statements_for(client, count_queries, f"/forums/t/{thread.id}")
            counts[f"{size} last"] = _statements_for(client, count_queries,
                                                     f"/forums/t/{thread.id}?page={thread.page_count}")
        assert len(set(counts.values())) == 1, (viewer, counts)
        # the thread, its tags, the posts with their parents, the replies, the files of the page's
        # posts (one query for all of them, app/files/queries.py) (+ read mark and following)
        assert counts["5000 last"] <= 9, counts


def test_category_and_index_pages_run_a_fixed_number_of_queries(client, member, count_queries):
    small, large = ff.make_category(), ff.make_category()
    authors = [factories.make_user() for _ in range(5)]
    ff.make_thread(member, small)
    for number in range(60):
        thread = ff.make_thread(authors[number % 5], large)
        ff.make_reply(thread, authors[(number + 1) % 5])
    client.login(member)
    counts = {
        "small": _statements_for(client, count_queries, f"/forums/{small.slug}/"),
        "large": _statements_for(client, count_queries, f"/forums/{large.slug}/"),
        "large page 3": _statements_for(client, count_queries, f"/forums/{large.slug}/?page=3"),
    }
    assert len(set(counts.values())) == 1, counts
    index = _statements_for(client, count_queries, "/forums/")
    for _ in range(3):
        ff.make_category()
    assert _statements_for(client, count_queries, "/forums/") == index


def test_a_users_posts_page_runs_a_fixed_number_of_queries(client, member, outsider, count_queries):
    few, many = factories.make_user(), factories.make_user()
    for author, threads in ((few, 2), (many, 12)):
        for _ in range(threads):
            thread = ff.make_thread(author, ff.make_category())
            ff.make_reply(thread, author, reply_to=ff.post_at(thread, 1))
    client.login(outsider)
    counts = {author.username: _statements_for(client, count_queries, f"/forums/users/{author.username}")
              for author in (few, many)}
    assert len(set(counts.values())) == 1, counts


def test_a_last_page_without_the_starters_posts_costs_the_same(client, member, outsider, count_queries):
    """The thread's author is shown on every page, also where none of their posts is."""
    thread = ff.make_thread(member, title="Wątek, w którym autor pisze tylko na początku")
    ff.add_many_posts(thread, 60, author=outsider)
    first = _statements_for(client, count_queries, f"/forums/t/{thread.id}")
    last = _statements_for(client, count_queries, f"/forums/t/{thread.id}?page={thread.page_count}")
    assert thread.page_count > 1 and first == last
