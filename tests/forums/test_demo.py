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
    assert "tarnowskiego" in group.name
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


def test_the_working_group_is_where_its_coordinator_works(app):
    """The group orgadmin leads (a Tarnów organisation) is Tarnów's and its county's, with the
    admins of Tarnów's offices; its threads name only its own places."""
    import re

    from app import taxonomy
    from app.forums.demo_text import SEAT_LOCATIVE

    ctx = _seed_up_to_forums()
    group = ctx.extra["forum_group"]
    demo_org = ctx.extra["demo_org"]
    assert set(group.name.split()) & {"Tarnowa", "tarnowskiego"} and "tarnow-city" in demo_org.counties
    members = {m.user_id for m in group.members}
    offices = [org for org in ctx.extra["orgs"] if org.short_name in ("MOPS Tarnów", "PUP Tarnów")]
    assert all(set(org.counties) & {"tarnow-city", "tarnowski"} for org in offices) and len(offices) == 2
    for org in offices:
        assert {m.user_id for m in org.memberships if m.role == "admin"} <= members
    other_places = [SEAT_LOCATIVE[c["seat"]] for c in taxonomy.items("counties") if c["seat"] != "Tarnów"]
    elsewhere = re.compile(r"\b(" + "|".join(other_places) + r")\b")
    texts = db.session.execute(select(Thread.title).where(Thread.working_group_id == group.id)).scalars().all()
    texts += db.session.execute(select(Post.body).join(Thread).where(Thread.working_group_id == group.id)).scalars().all()
    assert [text for text in texts if elsewhere.search(text)] == []


def test_ukrainian_demo_posts_name_places_in_ukrainian_declined(app):
    """A Ukrainian post wrote "у Kraków" and "в powiat nowotarski": Ukrainian lines hold no Latin
    word (acronyms like PESEL aside) and no Ukrainian place name left in the nominative after "у"/"в"."""
    from tests.demo_language import polish_words_in_ukrainian, ukrainian_lines, undeclined_ukrainian_places

    _seed_up_to_forums()
    texts = db.session.execute(select(Thread.title)).scalars().all() + db.session.execute(select(Post.body)).scalars().all()
    ukrainian = [text for text in texts if ukrainian_lines(text)]
    assert len(ukrainian) > 50
    assert {word for text in ukrainian for word in polish_words_in_ukrainian(text)} == set()
    assert [text for text in ukrainian if undeclined_ukrainian_places(text)] == []
    placed = [text for text in ukrainian if any(f"{p} " in text for p in ("у", "в", "У", "В"))]
    assert any("Кракові" in text or "Тарнові" in text or "Сончі" in text for text in placed)


def test_ukrainian_preposition_follows_the_sounds_around_it():
    from app import taxonomy
    from app.forums.demo_text import ukrainian_in, ukrainian_places

    by_slug = {county["slug"]: county for county in taxonomy.items("counties")}

    def filled(template, slug):
        return ukrainian_in(template.format(**ukrainian_places(by_slug[slug])))

    assert filled("Де {u_city} можна вчитися?", "krakow-city") == "Де в Кракові можна вчитися?"
    assert filled("Де {u_city} можна вчитися?", "wielicki") == "Де у Величці можна вчитися?"  # before в
    assert filled("{u_city} є курси.", "oswiecimski") == "В Освенцімі є курси."
    assert filled("{u_city} є курси.", "nowy-sacz-city") == "У Новому Сончі є курси."
    assert filled("Шукаю психолога, {u_city}", "nowotarski") == "Шукаю психолога, у Новому Тарзі"
    assert filled("Робота для вчительки з України {u_county}", "nowotarski") == \
        "Робота для вчительки з України в Новотарзькому повіті"
    assert filled("Робота {u_county}", "tarnow-city") == "Робота в Тарнові"
    assert all(ukrainian_places(c) for c in by_slug.values() if c["seat"] in ("Kraków", "Tarnów", "Nowy Sącz"))


def test_demo_phrase_banks_use_each_languages_own_slots():
    """Ukrainian text takes only Ukrainian place slots, English no Polish county names."""
    import string

    from app.forums import demo_text as text

    def slots(bank):
        return {name for template in bank for _, name, _, _ in string.Formatter().parse(template) if name}

    assert slots(text.TITLES_UK + text.OPENINGS_UK + text.MIDDLES_UK + text.REPLIES_UK) <= {"u_city", "u_county"}
    assert slots(text.TITLES_EN + text.OPENINGS_EN + text.MIDDLES_EN + text.REPLIES_EN) <= {"city", "en_county"}


def test_demo_polish_declines_months_and_keeps_capitals(app):
    """"od styczeń" and "w styczeń" (the month in the nominative) and "z ukrainy" (a target group's
    label lower-cased) read wrong; so did "@name > quote" (a mention put before a quote, which
    Markdown then showed as text)."""
    import re

    from app.forums.demo_text import MONTHS_PL

    _seed_up_to_forums()
    texts = db.session.execute(select(Thread.title)).scalars().all() + db.session.execute(select(Post.body)).scalars().all()
    nominative = re.compile(r"\b([Oo]d|[Ww]) (" + "|".join(MONTHS_PL) + r")\b")
    assert [text for text in texts if nominative.search(text)] == []
    assert [text for text in texts if "z ukrainy" in text] == []
    assert [text for text in texts if re.match(r"@[\w-]+ >", text)] == []


def test_demo_posts_in_ukrainian_and_english_come_from_people_who_write_them(app):
    """Ukrainian posts ("Наша родина живе у Кракові…") came from anyone, the head of a Polish labour
    office included: a post in Ukrainian or English is written by someone whose language it is."""
    from app.auth.models import User
    from tests.demo_language import CYRILLIC

    _seed_up_to_forums()
    english = ("Hello everyone", "Hi, our organisation", "Thanks for sharing", "Our foundation could join",
               "Good idea.")
    wrong, counted = [], {"uk": 0, "en": 0}
    for body, language, name in db.session.execute(
            select(Post.body, User.language, User.display_name).join(User, User.id == Post.author_id)):
        own = "\n".join(line for line in body.splitlines() if not line.startswith(">"))
        lang = "uk" if CYRILLIC.search(own) else "en" if any(phrase in own for phrase in english) else None
        if lang is None or own.startswith("Forum służy"):  # the pinned welcome greets in Ukrainian too
            continue
        counted[lang] += 1
        if language != lang:
            wrong.append((name, language, own[:60]))
    assert counted["uk"] > 50 and counted["en"] > 20
    assert wrong == []
