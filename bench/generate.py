"""The data generator: a fresh database of a chosen size, filled through the application's models and services.

Organisations, accounts of the secretariat, categories, the working group and events are
made by the services themselves. The bulk of the forum (hundreds of thousands of posts),
ordinary accounts, memberships and partnership posts are inserted through the models in
batches, one commit per batch, with every derived field set by the same helpers the
services call (mentions.render_post, render_markdown, set_tags, touch_activity, the
partnership service's _check_text/_apply) and the denormalised thread figures
(reply_count, last_post_at, last_post_id, last_poster_id) set as reply() sets them.
Notifications and e-mails of that bulk are not produced: nobody would read them.

The search index is not written while loading (the after-flush recorder is detached); it is
built at the end by the real rebuild (app.search.sync.rebuild), as `flask search-reindex`
does. Same seed, same content; times are relative to the moment of generation, so that
"upcoming events" stay upcoming.
"""
import bisect
import itertools
import json
import random
import shutil
import sys
import time
from contextlib import contextmanager
from dataclasses import asdict, dataclass
from datetime import date, timedelta
from datetime import time as clock
from zoneinfo import ZoneInfo

from sqlalchemy import event as sa_event
from sqlalchemy import select
from sqlalchemy.orm import Session

from bench import text
from bench.forum_writer import ForumWriter
from bench.organisations import OrganisationNames
from bench.instance import PASSWORD, create_bench_app, data_dir

BATCH_POSTS = 5_000  # posts per commit
BATCH_ROWS = 2_000  # other rows per commit


@dataclass(frozen=True)
class Size:
    organisations: int
    users: int
    categories: int  # the 11 default ones plus one working group's
    threads: int
    posts: int
    big_thread_posts: int
    events: int
    partnership_posts: int
    library_documents: int  # each with a generated PDF whose text is indexed


SIZES = {
    "small": Size(organisations=150, users=800, categories=12, threads=400, posts=6_000, big_thread_posts=1_000,
                  events=400, partnership_posts=150, library_documents=120),
    "medium": Size(organisations=600, users=4_000, categories=12, threads=4_000, posts=60_000, big_thread_posts=2_000,
                   events=3_000, partnership_posts=1_000, library_documents=400),  # a fifth of large (bench/search_backends.py)
    "large": Size(organisations=3_000, users=20_000, categories=12, threads=20_000, posts=300_000,
                  big_thread_posts=10_000, events=15_000, partnership_posts=5_000, library_documents=2_000),
}
BIG_THREAD_TITLE = "Karta pobytu w MUW – kolejki, terminy i doświadczenia (wątek zbiorczy)"
BIG_THREAD_CATEGORY = "legalisation"
GROUP_NAME = "Zespół koordynacyjny Krakowa i powiatu krakowskiego"


class Progress:
    """One line per step, rewritten in place while it runs."""

    def __init__(self, steps: int, stream=sys.stdout):
        self.steps, self.number, self.stream = steps, 0, stream
        self.started = self.step_started = time.perf_counter()
        self.name = ""
        self.last_draw = 0.0

    def step(self, name: str) -> None:
        self.number += 1
        self.name = name
        self.step_started = time.perf_counter()
        self._write(f"[{self.number}/{self.steps}] {name} …", end="")

    def update(self, done: int, total: int) -> None:
        now = time.perf_counter()
        if now - self.last_draw < 0.5 and done < total:
            return
        self.last_draw = now
        self._write(f"\r[{self.number}/{self.steps}] {self.name}: {done:,}/{total:,}", end="")

    def note(self, message: str) -> None:
        now = time.perf_counter()
        if now - self.last_draw >= 0.5:
            self.last_draw = now
            self._write(f"\r[{self.number}/{self.steps}] {self.name}: {message}" + " " * 10, end="")

    def done(self, summary: str) -> None:
        seconds = time.perf_counter() - self.step_started
        self._write(f"\r[{self.number}/{self.steps}] {self.name}: {summary} ({seconds:.1f} s)" + " " * 10)

    def _write(self, message: str, end: str = "\n") -> None:
        self.stream.write(message + end)
        self.stream.flush()


@contextmanager
def search_sync_detached():
    """Load without recording index changes: the index is rebuilt from the database at the end."""
    from app.search import sync

    sa_event.remove(Session, "after_flush", sync._record_changes)
    try:
        yield
    finally:
        sa_event.listen(Session, "after_flush", sync._record_changes)


class Generator:
    STEPS = 9  # the steps of run(), for the progress line

    def __init__(self, size_name: str, seed: int, progress: Progress):
        self.size_name, self.size, self.seed = size_name, SIZES[size_name], seed
        self.r = random.Random(seed)
        self.progress = progress
        self.counts: dict = {}

    # --- helpers ---------------------------------------------------------------------------
    def commit(self) -> None:
        from app.db import commit
        from app.extensions import db

        commit()
        db.session.expunge_all()  # keep memory flat: later batches refer to rows by id

    def zipf_picker(self, items: list, exponent: float = 1.0):
        """A function drawing from items, the first ones far more often (a few very active people)."""
        cumulative = list(itertools.accumulate(1.0 / (rank + 1) ** exponent for rank in range(len(items))))
        total = cumulative[-1]
        r = self.r
        return lambda: items[bisect.bisect_left(cumulative, r.random() * total)]

    def moment_in_past(self, max_days: int, recent_bias: float = 2.0):
        """A moment within max_days before now, more often recent (activity grows over the years)."""
        days = max_days * (1 - self.r.random() ** (1 / recent_bias))
        return self.now - timedelta(days=days, seconds=self.r.randint(0, 86_399))

    # --- steps -----------------------------------------------------------------------------
    def run(self) -> dict:
        from app.db import utcnow

        self.now = utcnow()
        with search_sync_detached():
            self.step(self.accounts, "accounts of the secretariat")
            self.step(self.users, "users")
            self.step(self.organisations, "organisations")
            self.step(self.memberships, "memberships")
            self.step(self.forums, "forum threads and posts")
            self.step(self.events, "events")
            self.step(self.partnerships, "partnership posts")
            self.step(self.library, "library documents with PDF files")
        self.step(self.search_index, "search index (full rebuild)")
        return self.counts

    def step(self, function, name: str) -> None:
        self.progress.step(name)
        summary = function()
        self.progress.done(summary)

    def accounts(self) -> str:
        from app.auth.services import create_user

        self.admin = create_user("admin@bench.forum.test", "Adam Administrator", PASSWORD, "pl", "admin", True)
        self.moderator = create_user("moderator@bench.forum.test", "Monika Moderatorka", PASSWORD, "pl",
                                     "moderator", True)
        self.member = create_user("member@bench.forum.test", "Marek Członek", PASSWORD, "pl", "member", True)
        self.password_hash = self.member.password_hash
        # Ids, not objects: every commit empties the session (see commit()).
        self.admin_id, self.moderator_id, self.member_id = self.admin.id, self.moderator.id, self.member.id
        self.staff_ids = (self.admin_id, self.moderator_id, self.member_id)
        self.commit()
        return "admin, moderator and member (password: bench-password)"

    def users(self) -> str:
        from app.auth.models import User
        from app.extensions import db
        from app.translit import slugify

        taken, total, ids, confirmed = {"admin", "moderator", "member"}, self.size.users, [], []
        batch = []
        for number in range(total):
            name = text.person_name(self.r)
            # make_unique_username's rule ("anna-kowalska", then -2, -3…), kept in memory for speed.
            base = slugify(name, max_length=30) or "user"
            username, suffix = base, 1
            while username in taken:
                suffix += 1
                username = f"{base}-{suffix}"
            taken.add(username)
            created = self.moment_in_past(1_400)
            language = self.r.choices(("pl", "uk", "en", None), weights=(70, 20, 4, 6))[0]
            batch.append(User(email=f"{username}@bench.forum.test", username=username, display_name=name,
                              password_hash=self.password_hash, role="member", language=language,
                              confirmed_at=created if self.r.random() < 0.96 else None, terms_accepted_at=created,
                              created_at=created, updated_at=created))
            if len(batch) == BATCH_ROWS or number == total - 1:
                db.session.add_all(batch)
                db.session.flush()
                ids += [user.id for user in batch]
                confirmed += [user.id for user in batch if user.confirmed_at is not None]
                self.commit()
                batch = []
                self.progress.update(number + 1, total)
        self.user_ids, self.confirmed_user_ids = ids, confirmed
        self.pick_writer = self.zipf_picker(ids, exponent=0.9)
        self.counts["users"] = total + len(self.staff_ids)
        return f"{self.counts['users']:,} accounts"

    def organisations(self) -> str:
        from app.auth.models import User
        from app.directory import services as directory
        from app.extensions import db
        from app.secretariat.services import log_moderation

        moderator = db.session.get(User, self.moderator_id)
        names = OrganisationNames(self.r)
        total, self.org_ids, self.org_admin = self.size.organisations, [], {}
        self.org_counties = {}
        for number in range(total):
            spec = names.next()
            admin_id = self.confirmed_user_ids[(number * 7919) % len(self.confirmed_user_ids)]
            actor = db.session.get(User, admin_id)
            org = directory.create_org(actor, **spec)
            created = self.moment_in_past(1_200)
            org.created_at, org.updated_at, org.last_activity_at = created, created, created
            if self.r.random() < 0.93:
                org.verified_at, org.verified_by_id = created + timedelta(days=self.r.randint(1, 6)), moderator.id
                log_moderation(moderator, "org.verify", "organisation", org.id, target_label=org.name)
            self.org_ids.append(org.id)
            self.org_admin[org.id] = admin_id
            self.org_counties[org.id] = list(spec["counties"]) or ["krakow-city"]
            if (number + 1) % 250 == 0 or number == total - 1:
                self.commit()
                moderator = db.session.get(User, self.moderator_id)
                self.progress.update(number + 1, total)
        from app.directory.models import Organisation

        self.verified_org_ids = list(db.session.execute(
            select(Organisation.id).where(Organisation.verified_at.is_not(None)).order_by(Organisation.id)).scalars())
        self.counts["organisations"] = total
        return f"{total:,} organisations ({len(self.verified_org_ids):,} verified) by directory.services.create_org"

    def memberships(self) -> str:
        from app.directory.models import Membership
        from app.extensions import db

        pick_org = self.zipf_picker(self.org_ids, exponent=0.7)
        seen = {(org_id, user_id) for org_id, user_id in
                ((o, self.org_admin[o]) for o in self.org_ids)}
        self.user_orgs = {}
        for org_id, user_id in seen:
            self.user_orgs.setdefault(user_id, []).append(org_id)
        rows = []
        for user_id in self.user_ids:
            for _ in range(self.r.choices((0, 1, 2), weights=(35, 55, 10))[0]):
                org_id = pick_org()
                if (org_id, user_id) in seen:
                    continue
                seen.add((org_id, user_id))
                self.user_orgs.setdefault(user_id, []).append(org_id)
                status = "active" if self.r.random() < 0.97 else "requested"
                rows.append(Membership(organisation_id=org_id, user_id=user_id, role="member", status=status))
        member_org = self.org_ids[0]
        rows.append(Membership(organisation_id=member_org, user_id=self.member_id, role="member", status="active"))
        for start in range(0, len(rows), BATCH_ROWS):
            db.session.add_all(rows[start:start + BATCH_ROWS])
            self.commit()
            self.progress.update(min(start + BATCH_ROWS, len(rows)), len(rows))
        self.counts["memberships"] = len(seen) + 1
        return f"{len(seen) + 1:,} memberships"

    # --- forums ------------------------------------------------------------------------------
    def forums(self) -> str:
        categories = self._categories()
        plans = self._thread_plans(categories)
        writer = ForumWriter(self, categories)
        total = sum(plan["size"] for plan in plans)
        batch, in_batch = [], 0
        for plan in plans:
            batch.append(plan)
            in_batch += plan["size"]
            if in_batch >= BATCH_POSTS:
                writer.write(batch)
                self.commit()
                batch, in_batch = [], 0
                self.progress.update(writer.posts, total)
        if batch:
            writer.write(batch)
            self.commit()
        self.counts.update(categories=len(categories), threads=writer.threads, posts=writer.posts,
                           big_thread_posts=self.size.big_thread_posts)
        return (f"{len(categories)} categories, {writer.threads:,} threads, {writer.posts:,} posts "
                f"(the longest: {self.size.big_thread_posts:,})")

    def _categories(self) -> list:
        from app.auth.models import User
        from app.extensions import db
        from app.forums import admin
        from app.forums.models import Category

        admin.ensure_default_categories()
        moderator = db.session.get(User, self.moderator_id)
        coordinator = db.session.get(User, self.confirmed_user_ids[0])
        group = admin.create_working_group(moderator, GROUP_NAME, "Urzędy, szkoły i organizacje Krakowa: wspólny plan.",
                                           coordinator)
        members = [db.session.get(User, uid) for uid in self.confirmed_user_ids[1:40]] + [db.session.get(User, self.member_id)]
        for user in members:
            admin.add_group_member(moderator, group, user, "member")
        self.group_member_ids = [self.confirmed_user_ids[0]] + [u.id for u in members]
        self.commit()
        rows = db.session.execute(select(Category).order_by(Category.position)).scalars().all()
        categories = [{"id": c.id, "slug": c.slug, "theme": c.theme, "group": c.working_group_id,
                       "moderators_only": c.moderators_only} for c in rows]
        if len(categories) != self.size.categories:
            raise RuntimeError(f"expected {self.size.categories} forum categories, the forums made {len(categories)}")
        return categories

    def _thread_plans(self, categories: list) -> list:
        """(category, size, start) of every thread: a few very long threads, many short ones and
        unanswered ones, popular and quiet categories; one thread of big_thread_posts posts."""
        r, size = self.r, self.size
        public = [c for c in categories if not c["group"] and not c["moderators_only"]]
        r.shuffle(public)
        quiet = [c for c in categories if c["group"] or c["moderators_only"]]
        ordered = public + quiet
        pick_category = self.zipf_picker(ordered, exponent=0.8)
        others = size.threads - 1
        budget = size.posts - size.big_thread_posts - others  # replies to spread over the others
        # Pareto from 0 (Lomax), not from 1: a thread whose weight is near 0 gets no reply.
        weights = [min(r.paretovariate(1.15) - 1, 400.0) for _ in range(others)]
        scale = budget / sum(weights)
        replies = [int(w * scale) for w in weights]
        for index in r.sample(range(others), budget - sum(replies)):
            replies[index] += 1
        plans = [{"category": pick_category(), "size": count + 1, "start": self.moment_in_past(1_460)}
                 for count in replies]
        big = next(c for c in categories if c["slug"] == BIG_THREAD_CATEGORY)
        plans.append({"category": big, "size": size.big_thread_posts, "start": self.now - timedelta(days=1_100),
                      "title": BIG_THREAD_TITLE, "lang": "pl"})
        plans.sort(key=lambda plan: plan["start"])  # ids grow with time, as on a real forum
        rare = set(r.sample(range(size.posts), 6))  # posts that get the rare word
        position = 0
        for plan in plans:
            plan["rare"] = {p - position for p in rare if position <= p < position + plan["size"]}
            position += plan["size"]
        return plans

    # --- events ------------------------------------------------------------------------------
    def events(self) -> str:
        from app.auth.models import User
        from app.events import services as events
        from app.extensions import db

        from app.events.demo import KINDS, TOPICS

        total, made, recurring = self.size.events, 0, 0
        self.event_ids = []
        pick_org = self.zipf_picker(self.verified_org_ids, exponent=0.8)
        today = self.now.astimezone(ZoneInfo("Europe/Warsaw")).date()
        registrations = []
        for number in range(total):
            org_id = pick_org()
            actor = db.session.get(User, self.org_admin[org_id])
            data, is_recurring = self._event_data(number, org_id, today, KINDS, TOPICS)
            publish = self.r.random() < 0.93
            created = events.create_event(actor, data, publish=publish)
            if publish and self.r.random() < 0.02 and not is_recurring:
                events.cancel_event(actor, created, "Z przyczyn organizacyjnych – nowy termin podamy wkrótce.")
            recurring += is_recurring
            self.event_ids.append(created.id)
            if created.registration_enabled and not is_recurring:
                registrations.append((created.id, created.capacity))
            made += 1
            if made % 500 == 0 or made == total:
                self.commit()
                self.progress.update(made, total)
        count = self._registrations(registrations)
        self.counts.update(events=made, recurring_events=recurring, registrations=count)
        return f"{made:,} events ({recurring:,} recurring), {count:,} registrations, by events.services.create_event"

    def _event_data(self, number, org_id, today, kinds, topics):
        from app.events.services import EventData

        r = self.r
        kind, pattern, all_day, hours = kinds[r.randrange(len(kinds))]
        topic, theme = topics[r.randrange(len(topics))]
        town, county = text.city(r)
        day = today + timedelta(days=int(r.triangular(-730, 365, 20)))
        start = clock(r.choice((9, 10, 11, 12, 13, 15, 16, 17)), r.choice((0, 0, 30)))
        end_minutes = min(start.hour * 60 + start.minute + int(hours * 60), 23 * 60 + 30)
        online = kind == "webinar"
        repeat = {}
        is_recurring = r.random() < 0.06 and not all_day
        if is_recurring:
            repeat = r.choice((
                {"repeat": "weekly", "repeat_weekdays": [r.choice(("MO", "TU", "WE", "TH"))],
                 "repeat_end": "count", "repeat_count": r.randint(6, 30)},
                {"repeat": "monthly_weekday", "repeat_end": "never"},
                {"repeat": "weekly", "repeat_interval": 2, "repeat_end": "until",
                 "repeat_until": day + timedelta(days=r.randint(60, 300))},
            ))
        title = pattern.format(topic=topic, org=f"{text.CITY_NOMINATIVE[town]}")
        if r.random() < 0.07:
            title = r.choice(("Зустріч для батьків: українські діти в польській школі",
                              "Консультації з легалізації перебування", "Open meeting for foreign graduates"))
        description = text.polish_sentences(r, r.randint(2, 5))
        if r.random() < 0.3:
            description += "\n\n**Program:**\n\n- wprowadzenie,\n- wymiana doświadczeń,\n- pytania i odpowiedzi."
        return EventData(
            title=title[:200], event_type=kind, organisation_id=org_id, start_date=day, all_day=all_day,
            start_time=None if all_day else start,
            end_time=None if all_day else clock(end_minutes // 60, end_minutes % 60),
            description=description, county=None if online else county,
            address=None if online else f"ul. {r.choice(text.STREETS)} {r.randint(1, 60)}, {text.CITY_NOMINATIVE[town]}",
            online_url=f"https://meet.example.org/bench-{number}" if online or r.random() < 0.1 else None,
            themes=[theme] + r.sample(text.THEMES, r.randint(0, 2)), languages=r.choice((["pl"], ["pl", "uk"], ["pl", "en"])),
            registration_enabled=r.random() < 0.25, capacity=r.choice((None, 20, 40, 100)), **repeat,
        ), is_recurring

    def _registrations(self, events_with_places) -> int:
        from app.events.models import SINGLE, Registration
        from app.extensions import db

        rows = []
        for event_id, capacity in events_with_places:
            people = self.r.sample(self.user_ids, min(self.r.randint(0, 30), capacity or 30))
            for user_id in people:
                queued = self.moment_in_past(60)
                rows.append(Registration(event_id=event_id, occurrence_key=SINGLE, user_id=user_id,
                                         status="confirmed", queued_at=queued, created_at=queued, updated_at=queued))
        for start in range(0, len(rows), BATCH_ROWS):
            db.session.add_all(rows[start:start + BATCH_ROWS])
            self.commit()
        return len(rows)

    # --- partnerships ---------------------------------------------------------------------------
    def partnerships(self) -> str:
        from app.extensions import db
        from app.partnerships import services as board
        from app.partnerships.demo import FUNDING, STATUS_CYCLE, TEMPLATES
        from app.partnerships.models import PartnershipPost, local_today

        total, today = self.size.partnership_posts, local_today()
        pick_org = self.zipf_picker(self.verified_org_ids, exponent=0.6)
        batch = []
        for number in range(total):
            org_id = pick_org()
            kind, title, description, offered, themes, groups, sought, languages = TEMPLATES[number % len(TEMPLATES)]
            town, county = text.city(self.r)
            places = self.r.choice(([county], [county, "region"], ["region"], [county, "outside-region"]))
            values = {
                "kind": kind, "title": f"{title} ({text.CITY_NOMINATIVE[town]})",
                "description": f"{description}\n\n{text.polish_sentences(self.r, self.r.randint(1, 4))}",
                "offered": offered, "themes": themes, "target_groups": groups, "places": places,
                "sectors_sought": sought, "languages": languages, "funding_source": FUNDING[number % len(FUNDING)],
                "duration_months": self.r.choice((None, 6, 12, 18, 24, 36)), "deadline": None,
            }
            status = STATUS_CYCLE[number % len(STATUS_CYCLE)]
            created = self.moment_in_past(1_100)
            post = PartnershipPost(organisation_id=org_id, author_id=self.org_admin[org_id],
                                   status="open" if status == "expired" else status, status_changed_at=created,
                                   created_at=created, updated_at=created)
            board._apply(post, values, board._check_text(values))  # what create_post derives
            if status == "expired":
                post.deadline = today - timedelta(days=self.r.randint(1, 200))
            elif status in ("open", "in_talks") and self.r.random() < 0.6:
                post.deadline = today + timedelta(days=self.r.randint(5, 150))
            if status == "formed":
                post.formed_at = created + timedelta(days=self.r.randint(10, 60))
            batch.append(post)
            if len(batch) == BATCH_ROWS or number == total - 1:
                db.session.add_all(batch)
                self.commit()
                batch = []
                self.progress.update(number + 1, total)
        self.counts["partnership_posts"] = total
        return f"{total:,} partnership posts (fields derived by partnerships.services._apply)"

    # --- library --------------------------------------------------------------------------------
    def library(self) -> str:
        """Documents of verified organisations, each with a PDF made here; one in 40 holds DOCUMENT_WORD,
        a word found nowhere else (the benchmark's search whose hits are inside documents)."""
        from app.extensions import db
        from app.files import samples, storage
        from app.files.models import Attachment
        from app.library.demo import DOCUMENTS
        from app.library.models import DOCUMENT_TYPES, LibraryDocument

        total, batch = self.size.library_documents, []
        pick_org = self.zipf_picker(self.verified_org_ids, exponent=0.6)
        for number in range(total):
            org_id, spec = pick_org(), DOCUMENTS[number % len(DOCUMENTS)]
            town, county = text.city(self.r)
            title = f"{spec[6] or spec[7]} ({text.CITY_NOMINATIVE[town]})"
            pages = [text.polish_sentences(self.r, 6) for _ in range(self.r.randint(2, 12))]
            if number % 40 == 0:
                pages.append(text.DOCUMENT_SENTENCE)
            created = self.moment_in_past(1_100)
            document = LibraryDocument(organisation_id=org_id, published_by_id=self.org_admin[org_id],
                                       doc_type=list(DOCUMENT_TYPES)[number % len(DOCUMENT_TYPES)],
                                       published_on=created.date(), title_pl=title,
                                       summary_pl=text.polish_sentences(self.r, 2), created_at=created, updated_at=created)
            document.set_tags("thematic_areas", spec[3])
            document.set_tags("counties", [county])
            document.set_tags("languages", ["pl"])
            stored = storage.store(samples.make_pdf(title, pages))
            document.attachments.append(Attachment(file=stored, filename="dokument.pdf", replaced_at=created,
                                                   uploaded_by_id=self.org_admin[org_id]))
            batch.append(document)
            if len(batch) == 200 or number == total - 1:
                db.session.add_all(batch)
                self.commit()
                batch = []
                self.progress.update(number + 1, total)
        self.counts["library_documents"] = total
        return f"{total:,} library documents with PDF files (text read by app/files/extract.py)"

    # --- search ---------------------------------------------------------------------------------
    def search_index(self) -> str:
        from app.search import sync

        def report(kind, done):
            self.progress.note(f"{kind.name} {done:,}")

        started = time.perf_counter()
        documents = sync.rebuild(progress=report)
        seconds = time.perf_counter() - started
        self.counts.update(index_documents=documents, index_seconds=round(seconds, 1),
                           index_documents_per_second=round(documents / seconds))
        return f"{documents:,} documents in {seconds:.0f} s ({documents / seconds:,.0f} documents/s)"


def generate(size_name: str, seed: int) -> dict:
    """Build bench/data/<size>/ from nothing; returns what was made (also saved as generation.json)."""
    folder = data_dir(size_name)
    if folder.exists():
        print(f"Removing the previous benchmark data in {folder}")
        shutil.rmtree(folder)
    folder.mkdir(parents=True)
    app = create_bench_app(size_name)
    progress = Progress(steps=1 + Generator.STEPS)  # the schema, then the generator's
    started = time.perf_counter()
    # A request context: the services translate their messages for the request's language.
    with app.test_request_context():
        from flask_migrate import upgrade

        from app.extensions import db

        progress.step("schema (flask db upgrade)")
        upgrade()
        progress.done("migrations applied")
        try:
            counts = Generator(size_name, seed, progress).run()
        finally:
            db.session.remove()
        counts["database_mb"] = round((folder / "forum.sqlite3").stat().st_size / 2**20)
    counts.update(size=size_name, seed=seed, seconds=round(time.perf_counter() - started),
                  generated_at=date.today().isoformat(), sizes=asdict(SIZES[size_name]))
    (folder / "generation.json").write_text(json.dumps(counts, indent=2), encoding="utf-8")
    print(summary_line(counts))
    return counts


def summary_line(counts: dict) -> str:
    return (f"Generated '{counts['size']}' (seed {counts['seed']}) in {counts['seconds']} s: "
            f"{counts['organisations']:,} organisations, {counts['users']:,} users, {counts['categories']} categories, "
            f"{counts['threads']:,} threads, {counts['posts']:,} posts, {counts['events']:,} events "
            f"({counts['recurring_events']:,} recurring), {counts['partnership_posts']:,} partnership posts, "
            f"{counts['index_documents']:,} search documents; database {counts['database_mb']} MB.")
