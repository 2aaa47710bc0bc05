"""Demo forum: the default categories, ~130 threads and ~1,800 posts (mostly Polish, some Ukrainian
and English) with reply chains, a working group of Tarnów and its county (led by orgadmin, whose
organisation works there, with the city's and county's offices), a pinned announcement, a locked
thread, a hidden post and open reports. Deterministic for a given ctx.random."""
from datetime import timedelta

from sqlalchemy import select

from app import taxonomy
from app.auth.models import User
from app.auth.services import make_unique_username
from app.db import utcnow
from app.extensions import db
from app.forums import admin, demo_text as text, moderation, services
from app.forums.mentions import render_post
from app.forums.models import Category, CategorySubscription, Post, Thread, ThreadRead, ThreadSubscription
from app.text import render_markdown

GROUP_NAME = "Zespół koordynacyjny Tarnowa i powiatu tarnowskiego"
GROUP_COUNTIES = ("tarnow-city", "tarnowski")  # where its threads are about
# Besides orgadmin and member, the admins of these organisations (by short name) are in the group.
GROUP_ORGANISATIONS = ("MOPS Tarnów", "PUP Tarnów", "TSW")
EXTRA_AUTHORS = (
    "Anna Kowalska", "Piotr Nowak", "Katarzyna Wiśniewska", "Tomasz Zieliński", "Magdalena Wójcik",
    "Łukasz Kamiński", "Agnieszka Lewandowska", "Paweł Dąbrowski", "Ołena Szewczenko", "Iryna Bondarenko",
    "Ołeksandr Kowalenko", "Natalia Melnyk", "Joanna Grabowska", "Michał Pawlak", "Sarah Miller",
)
LANGUAGES_OF_AUTHORS = {"Ołena Szewczenko": "uk", "Iryna Bondarenko": "uk", "Natalia Melnyk": "uk", "Sarah Miller": "en"}
THREADS_PER_CATEGORY = (11, 14)  # inclusive range
GROUP_THREADS = 8


def seed(ctx) -> str:
    admin.ensure_default_categories()
    authors = _authors(ctx)
    categories = list(db.session.execute(
        select(Category).where(Category.working_group_id.is_(None)).order_by(Category.position)
    ).scalars())
    group = _working_group(ctx)
    group_category = group.category
    writer = _Writer(ctx, authors)
    for category in categories:
        count = 4 if category.moderators_only else ctx.random.randint(*THREADS_PER_CATEGORY)
        for _ in range(count):
            writer.thread(category, moderators=category.moderators_only)
    group_members = [m.user for m in group.members]
    for _ in range(GROUP_THREADS):
        writer.thread(group_category, pool=group_members)
    db.session.flush()
    _finishing_touches(ctx, writer, categories, group_category)
    return (f"{len(categories)} forum categories, 1 working group, {writer.thread_count} threads, "
            f"{writer.post_count} posts")


def _authors(ctx) -> list:
    """The demo accounts, users made by earlier parts, and some forum regulars (demo password)."""
    existing = list(db.session.execute(select(User).where(User.suspended_at.is_(None)).order_by(User.id)).scalars())
    password_hash = ctx.users["member"].password_hash
    made = []
    for name in EXTRA_AUTHORS:
        user = User(email=f"{make_unique_username(name)}@demo.forum.test", display_name=name,
                    username=make_unique_username(name), password_hash=password_hash, role="member",
                    language=LANGUAGES_OF_AUTHORS.get(name, "pl"),
                    confirmed_at=utcnow(), terms_accepted_at=utcnow())
        db.session.add(user)
        db.session.flush()
        made.append(user)
    return [u for u in existing if u.id != ctx.users["admin"].id] + made


def _working_group(ctx):
    moderator, users = ctx.users["moderator"], ctx.users
    group = admin.create_working_group(
        moderator, GROUP_NAME,
        "Miasto Tarnów, powiat tarnowski, PUP, MOPS i organizacje pozarządowe: wspólny plan wsparcia.",
        users["orgadmin"],
    )
    admin.add_group_member(moderator, group, users["member"], "member")
    for user in _admins_of(ctx, GROUP_ORGANISATIONS):
        admin.add_group_member(moderator, group, user, "member")
    ctx.extra["forum_group"] = group
    return group


def _admins_of(ctx, short_names) -> list:
    """The first active admin of each of the demo organisations named (those that exist)."""
    from app.directory.models import Membership

    orgs = [org for org in ctx.extra.get("orgs", []) if org.short_name in short_names]
    admins = []
    for org in orgs:
        user = db.session.execute(select(User).join(Membership, Membership.user_id == User.id).where(
            Membership.organisation_id == org.id, Membership.role == "admin", Membership.status == "active",
        ).order_by(Membership.id).limit(1)).scalar_one_or_none()
        if user is not None and user not in admins:
            admins.append(user)
    return admins


class _Writer:
    """Writes threads and posts in bulk (no notifications), with realistic times and reply chains."""

    def __init__(self, ctx, authors):
        self.ctx, self.random, self.authors = ctx, ctx.random, authors
        self.counties = taxonomy.items("counties")
        self.counties_uk = [c for c in self.counties if c["seat"] in text.SEATS_UK]
        self.group_counties = [c for c in self.counties if c["slug"] in GROUP_COUNTIES]
        self.groups = [item["pl"] for item in taxonomy.items("target_groups")]
        self.thread_count = self.post_count = 0
        self.threads = []
        self.now = utcnow()

    def fill(self, template: str, lang: str = "pl", private: bool = False) -> str:
        """The template with its slots filled in lang; a working group writes about its own counties."""
        county = self.random.choice(self.group_counties if private else self.counties_uk if lang == "uk"
                                    else self.counties)
        places = text.ukrainian_places(county) if lang == "uk" else text.polish_places(county)
        filled = template.format(city=county["seat"], county=county["pl"], **places, **text.english_places(county),
                                 group=self.random.choice(self.groups),  # lower-case already; "z Ukrainy" stays
                                 **text.polish_month(self.random.choice(text.MONTHS_PL)),
                                 number=self.random.choice([80, 150, 300, 1200, 4000]))
        return text.ukrainian_in(filled) if lang == "uk" else filled

    @staticmethod
    def speakers(pool, lang: str) -> list:
        """Who writes in lang: Ukrainian and English posts come from people whose language it is
        (Polish ones from anyone: many Ukrainians in the network write Polish)."""
        if lang == "pl":
            return pool
        return [user for user in pool if user.language == lang] or pool

    def language(self) -> str:
        roll = self.random.random()
        return "uk" if roll < 0.12 else "en" if roll < 0.19 else "pl"

    def opening(self, lang: str, private: bool = False) -> str:
        r = self.random

        def f(template):
            return self.fill(template, lang, private)

        if lang == "uk":
            return " ".join([f(r.choice(text.OPENINGS_UK)), *(f(s) for s in r.sample(text.MIDDLES_UK, 2))])
        if lang == "en":
            return " ".join([f(r.choice(text.OPENINGS_EN)), f(r.choice(text.MIDDLES_EN))])
        middle = " ".join(f(s) for s in r.sample(text.MIDDLES_PL, r.randint(2, 4)))
        return f"{f(r.choice(text.OPENINGS_PL))}\n\n{middle}\n\n{f(r.choice(text.QUESTIONS_PL))}"

    def reply_text(self, lang: str, parent, parent_author, private: bool = False) -> str:
        r = self.random

        def f(template):
            return self.fill(template, lang, private)

        if lang in ("uk", "en"):
            bank = text.REPLIES_UK if lang == "uk" else text.REPLIES_EN
            body = f(r.choice(bank))
        elif r.random() < 0.1:
            body = r.choice(text.REPLY_LISTS_PL)
        else:
            body = " ".join(f(s) for s in r.sample(text.REPLIES_PL, r.randint(1, 2)))
        quote = ""
        if parent is not None and r.random() < 0.25:
            quote = f"> {parent.body.split(chr(10))[0][:160]}\n\n"
        if parent_author is not None and r.random() < 0.15:
            body = f"@{parent_author.username} {body}"
        return quote + body  # the mention after the quote: "@name > …" showed the ">" as text

    def title(self, category, lang: str) -> str:
        if lang == "uk":
            return self.fill(self.random.choice(text.TITLES_UK), lang)
        if lang == "en":
            return self.fill(self.random.choice(text.TITLES_EN), lang)
        key = "group" if category.is_private else category.slug
        return self.fill(self.random.choice(text.TITLES_PL.get(key, text.TITLES_PL["network-coordination"])),
                         private=category.is_private)

    def thread(self, category, moderators=False, pool=None):
        r = self.random
        lang = "pl" if moderators or category.is_private else self.language()
        if moderators:  # announcements: only the secretariat writes, now and then a follow-up
            pool = [self.ctx.users["moderator"]]
            size = r.choice([0, 0, 1, 2])
        else:
            pool = pool or self.authors
            size = r.choice([0, 1, 2, 3, 4, 6, 8, 10, 12, 15, 18]) if r.random() < 0.9 else r.randint(40, 90)
        author = r.choice(self.speakers(pool, lang))
        start = self.now - timedelta(days=r.randint(3, 540), minutes=r.randint(0, 1440))
        thread = Thread(category=category, working_group_id=category.working_group_id, title=self.title(category, lang),
                        author_id=author.id, created_at=start, last_post_at=start, reply_count=size)
        themes = [category.theme] if category.theme else []
        themes += r.sample([s for s, _ in taxonomy.choices("thematic_areas", "pl", group="topic")], r.randint(0, 2))
        thread.set_tags("thematic_areas", themes)
        demo_org = self.ctx.extra.get("demo_org")
        if demo_org is not None and author.id in (self.ctx.users["orgadmin"].id, self.ctx.users["member"].id):
            thread.organisation_id = demo_org.id
        db.session.add(thread)
        private = bool(category.is_private)
        posts = [self._post(thread, 1, author, self.opening(lang, private), None, start)]
        when = start
        for position in range(2, size + 2):
            when = min(when + timedelta(minutes=r.randint(20, 60 * 48)), self.now)
            parent = r.choice(posts[-6:]) if r.random() < 0.45 else None
            reply_lang = lang if r.random() < 0.8 else "pl"
            writer = r.choice(self.speakers(pool, reply_lang))
            body = self.reply_text(reply_lang, parent, parent.author if parent else None, private)
            posts.append(self._post(thread, position, writer, body, parent, when))
        db.session.add_all(posts)
        last = posts[-1]
        thread.last_post_at, thread.last_poster_id = last.created_at, last.author.id  # author_id is set at flush
        thread.updated_at = last.created_at
        self.threads.append((thread, posts))
        self.thread_count += 1
        self.post_count += len(posts)
        if self.thread_count % 20 == 0:
            db.session.flush()
        return thread

    @staticmethod
    def _post(thread, position, author, body, parent, when):
        html = render_post(body)[0] if "@" in body else render_markdown(body)
        return Post(thread=thread, position=position, author=author, reply_to=parent, body=body, body_html=html,
                    created_at=when)


def _finishing_touches(ctx, writer, categories, group_category) -> None:
    """Last-post pointers, a pinned announcement, a locked thread, a hidden post, reports, read markers."""
    for thread, posts in writer.threads:
        thread.last_post_id = posts[-1].id
        db.session.add(ThreadSubscription(user_id=thread.author_id, thread_id=thread.id, created_at=thread.created_at))
    users, r = ctx.users, ctx.random
    moderator, member = users["moderator"], users["member"]
    announcements = next(c for c in categories if c.slug == "announcements")
    pinned = services.create_thread(
        moderator, announcements, "Witamy na Forum Współpracy „Małopolska Otwarta”",
        "Forum służy wymianie doświadczeń i koordynacji działań na rzecz integracji imigrantów w Małopolsce.\n\n"
        "**Zasady:** piszemy życzliwie, nie publikujemy danych osobowych osób, którym pomagamy, a zgłoszenia "
        "wpisów rozpatruje sekretariat sieci.\n\nЛаскаво просимо! Можна писати також українською.",
    ).thread
    moderation.moderate_thread(moderator, pinned, "pin", "Najważniejsze informacje dla nowych osób.")
    public = [(t, p) for t, p in writer.threads if not t.category.is_private and not t.category.moderators_only]
    locked = max(public, key=lambda item: len(item[1]))[0]
    moderation.moderate_thread(moderator, locked, "lock", "Dyskusja wyczerpała temat; prosimy o nowe wątki.")
    spam_thread, spam_posts = r.choice([item for item in public if len(item[1]) > 3])
    hidden = spam_posts[2]
    moderation.hide_post(moderator, hidden, "Reklama niezwiązana z tematem forum.")
    for thread, posts in r.sample(public, 2):
        reporter = users["outsider"] if posts[-1].author_id != users["outsider"].id else member
        services.report_post(reporter, posts[-1], "Wpis zawiera dane kontaktowe osoby prywatnej.")
    # A conversation through the services, so that member has real notifications.
    own = services.create_thread(member, next(c for c in categories if c.slug == "polish-language"),
                                 "Kurs polskiego dla rodziców w Tarnowie – kto dołączy?",
                                 "Planujemy kurs w soboty rano, z opieką dla dzieci. Kto chciałby współprowadzić?").thread
    first = db.session.execute(select(Post).where(Post.thread_id == own.id)).scalar_one()
    answer = services.reply(users["orgadmin"], own,
                            f"@{member.username} sala przy Wałowej jest wolna w soboty, możemy ją udostępnić na kurs.",
                            first.id).post
    services.reply(member, own, "Dziękuję! Proponuję spotkanie organizacyjne w przyszły wtorek.", answer.id)
    services.reply(users["orgadmin"], own, "Wtorek pasuje, do zobaczenia.", first.id)
    db.session.add(CategorySubscription(user_id=member.id, category_id=group_category.id))
    for thread, posts in r.sample(public, 12):
        db.session.add(ThreadRead(user_id=member.id, thread_id=thread.id,
                                  last_read_position=max(1, len(posts) - r.randint(0, 3))))
    db.session.flush()
