"""The demo forum: enough threads and posts, a working group with member@, a pinned and a locked thread."""
import random
import time

from sqlalchemy import func, select

from app.demo import DemoContext, demo_parts
from app.extensions import db
from app.forums.models import Category, Post, Thread, WorkingGroupMember
from app.permissions import can


def _seed_up_to_forums():
    ctx = DemoContext(random=random.Random(2023))
    for name, seed in demo_parts():
        if name in ("accounts", "directory", "forums"):
            seed(ctx)
        if name == "forums":
            break
    db.session.commit()
    return ctx


def test_demo_forum_is_large_varied_and_private_where_it_should_be(app):
    started = time.perf_counter()
    ctx = _seed_up_to_forums()
    elapsed = time.perf_counter() - started
    threads = db.session.execute(select(func.count(Thread.id))).scalar_one()
    posts = db.session.execute(select(func.count(Post.id))).scalar_one()
    assert threads >= 120 and posts >= 1500, (threads, posts)
    assert elapsed < 60  # generous: it must not take minutes on a shared machine

    slugs = set(db.session.execute(select(Category.slug)).scalars())
    assert {"labour-market", "education", "health", "housing", "social-assistance", "social-relations",
            "legalisation", "polish-language", "cross-sector-cooperation", "network-coordination",
            "announcements"} <= slugs

    group = ctx.extra["forum_group"]
    assert "nowosądeckiego" in group.name
    member_ids = set(db.session.execute(select(WorkingGroupMember.user_id).where(WorkingGroupMember.group_id == group.id)).scalars())
    assert ctx.users["member"].id in member_ids and ctx.users["outsider"].id not in member_ids
    group_threads = db.session.execute(select(Thread).where(Thread.working_group_id == group.id)).scalars().all()
    assert len(group_threads) >= 5
    assert can(ctx.users["member"], "forums.view_thread", group_threads[0])
    assert not can(ctx.users["outsider"], "forums.view_thread", group_threads[0])

    assert db.session.execute(select(func.count(Thread.id)).where(Thread.pinned.is_(True))).scalar_one() >= 1
    assert db.session.execute(select(func.count(Thread.id)).where(Thread.locked_at.is_not(None))).scalar_one() >= 1
    chained = db.session.execute(select(func.count(Post.id)).where(Post.reply_to_id.is_not(None))).scalar_one()
    assert chained > 300
    bodies = db.session.execute(select(Post.body)).scalars().all()
    ukrainian = sum(1 for b in bodies if any("\u0400" <= ch <= "\u04ff" for ch in b))
    assert 0.03 * len(bodies) < ukrainian < 0.4 * len(bodies)
    # Denormalised figures agree with the posts.
    for thread in db.session.execute(select(Thread)).scalars():
        count = db.session.execute(select(func.count(Post.id)).where(Post.thread_id == thread.id)).scalar_one()
        assert thread.reply_count == count - 1
        assert thread.last_post_id is not None


def test_demo_pages_answer(client, app):
    ctx = _seed_up_to_forums()
    assert "Zespół koordynacyjny" not in client.get("/forums/").get_data(as_text=True)
    # The e-mail validator of the login form refuses the reserved .test domain of the demo accounts.
    ctx.users["member"].email = "marek.czlonek@example.org"
    client.login(ctx.users["member"], password="demo-password")
    for slug in ("housing", "announcements", "polish-language"):
        assert client.get(f"/forums/{slug}/").status_code == 200
    page = client.get("/forums/").get_data(as_text=True)
    assert "Zespół koordynacyjny" in page


def test_every_demo_thread_names_its_last_poster(app):
    """141 of 144 demo threads showed "Deleted user" as the last poster: it was read before the
    posts were flushed. Each thread's last poster is the author of its last post."""
    _seed_up_to_forums()
    last_posts = select(Post.thread_id, func.max(Post.position).label("position")).group_by(Post.thread_id).subquery()
    pairs = db.session.execute(
        select(Thread.last_poster_id, Post.author_id)
        .join(last_posts, last_posts.c.thread_id == Thread.id)
        .join(Post, (Post.thread_id == Thread.id) & (Post.position == last_posts.c.position))).all()
    assert pairs and all(poster is not None and poster == author for poster, author in pairs)


def test_demo_polish_declines_place_names():
    from app import taxonomy
    from app.forums.demo_text import polish_places

    by_slug = {county["slug"]: county for county in taxonomy.items("counties")}
    assert polish_places(by_slug["nowotarski"]) == {
        "w_city": "w Nowym Targu", "w_county": "w powiecie nowotarskim", "z_county": "z powiatu nowotarskiego"}
    assert polish_places(by_slug["krakow-city"])["w_county"] == "w Krakowie"
    assert all(polish_places(county) for county in by_slug.values())  # every seat has its forms


def test_no_demo_thread_title_leaves_a_place_undeclined(app):
    """No "w Kraków" or "w powiat nowotarski" (it was: the taxonomy's labels put after "w")."""
    import re

    from app import taxonomy

    _seed_up_to_forums()
    undeclined = re.compile(r"\b[wz] (powiat |(" + "|".join(re.escape(c["seat"]) for c in taxonomy.items("counties"))
                            + r")(?!\w))")
    titles = db.session.execute(select(Thread.title)).scalars().all()
    assert [title for title in titles if undeclined.search(title)] == []
