"""Reads of the forums, already filtered by what the viewer may see (the policy's grants).

Other parts reuse latest_public_threads (home page).
"""
from dataclasses import dataclass, field
from functools import cache, cached_property

from sqlalchemy import and_, bindparam, func, literal, or_, select
from sqlalchemy.orm import aliased, joinedload, lazyload

from app.auth.models import User
from app.extensions import db
from app.forums.models import (
    POSTS_PER_PAGE, THREADS_PER_PAGE, Category, CategorySubscription, Post, PostReport, PostRevision,
    Thread, ThreadRead, ThreadSubscription, WorkingGroup, WorkingGroupMember,
)
from app.inputs import to_id
from app.pagination import PageNumbers
from app.permissions import visible_where
from app.tags import filter_by_tags

MAX_CHILD_LINKS = 10  # replies listed under a post; the rest are counted


def get_by_id(model, value):
    """The row of model with this id, or None (never an error for a malformed id)."""
    number = to_id(value)
    return db.session.get(model, number) if number is not None else None


# --- visibility (the policy's grants: app/permissions/forums.py) ----------------------------
def _visible_threads(viewer, statement):
    """Restrict a select of Thread to what viewer may see."""
    return statement.where(visible_where("forums.thread", viewer, Thread))


# --- categories ----------------------------------------------------------------------------
def list_categories(viewer, include_archived: bool = False) -> list[Category]:
    """Public categories and the viewer's working groups, in their order."""
    statement = select(Category).order_by(Category.position, Category.id)
    if not include_archived:
        statement = statement.where(Category.archived_at.is_(None))
    statement = statement.where(visible_where("forums.category", viewer, Category))
    return list(db.session.execute(statement).scalars())


@dataclass
class CategoryStats:
    threads: int = 0
    posts: int = 0
    last_thread: Thread | None = None


def category_stats(viewer, categories) -> dict[int, CategoryStats]:
    """{category id: counts and latest thread} in two queries, whatever the number of threads.

    The counts and each category's latest activity come from the category index alone
    (migration forums_1); the latest threads are then looked up by (category, last_post_at).
    """
    ids = [c.id for c in categories]
    stats = {category_id: CategoryStats() for category_id in ids}
    if not ids:
        return stats
    counts = _visible_threads(viewer, select(
        Thread.category_id, func.count(Thread.id), func.coalesce(func.sum(Thread.reply_count + 1), 0),
        func.max(Thread.last_post_at),
    ).where(Thread.category_id.in_(ids)).group_by(Thread.category_id))
    latest_at = {}
    for category_id, threads, posts, last_post_at in db.session.execute(counts):
        stats[category_id].threads, stats[category_id].posts = threads, int(posts)
        latest_at[category_id] = last_post_at
    if not latest_at:
        return stats
    latest = _visible_threads(viewer, select(Thread).options(joinedload(Thread.last_poster)).where(or_(
        *(and_(Thread.category_id == category_id, Thread.last_post_at == moment)
          for category_id, moment in latest_at.items()))).order_by(Thread.id))
    for thread in db.session.execute(latest).scalars():  # two at the same moment: the newer thread
        stats[thread.category_id].last_thread = thread
    return stats


def category_choices(lang: str, exclude_id: int | None = None) -> list[tuple[int, str]]:
    """(id, name) of every category, for moving a thread (working groups marked by name)."""
    rows = db.session.execute(select(Category).order_by(Category.position, Category.id)).scalars()
    return [(c.id, c.name_in(lang)) for c in rows if c.id != exclude_id]


# --- threads -------------------------------------------------------------------------------
def list_threads(viewer, category, page: int = 1, themes=()):
    """A page of the category's threads: pinned first, then by last activity."""
    statement = _visible_threads(viewer, select(Thread).where(Thread.category_id == category.id))
    if themes:
        from app.forums.models import ThreadTag

        statement = filter_by_tags(statement, ThreadTag, ThreadTag.thread_id, Thread.id, {"thematic_areas": themes})
    statement = statement.options(joinedload(Thread.author), joinedload(Thread.last_poster)).order_by(
        Thread.pinned.desc(), Thread.last_post_at.desc(), Thread.id.desc()
    )
    return db.paginate(statement, page=page, per_page=THREADS_PER_PAGE, error_out=False)


def list_posts_by(viewer, author, page: int = 1):
    """A page of author's posts, newest first, in threads viewer may see: never a working group's
    posts to outsiders, never deleted posts, hidden ones only to the secretariat and their author."""
    statement = select(Post).join(Thread, Thread.id == Post.thread_id).where(
        Post.author_id == author.id, visible_where("forums.post", viewer, Post, Thread))
    statement = statement.options(joinedload(Post.thread).joinedload(Thread.category)).order_by(
        Post.created_at.desc(), Post.id.desc()
    )
    return db.paginate(statement, page=page, per_page=POSTS_PER_PAGE, error_out=False)


def latest_threads(viewer, category=None, limit: int = 30) -> list[Thread]:
    """The most recently active threads viewer may see (all categories or one), for feeds."""
    statement = _visible_threads(viewer, select(Thread))
    if category is not None:
        statement = statement.where(Thread.category_id == category.id)
    return list(db.session.execute(
        statement.options(joinedload(Thread.category), joinedload(Thread.last_poster), joinedload(Thread.author))
        .order_by(Thread.last_post_at.desc(), Thread.id.desc()).limit(limit)
    ).scalars())


def latest_public_threads(limit: int = 5) -> list[Thread]:
    """The most recently active threads everyone may see (for the home page: titles, categories, counts)."""
    return list(db.session.execute(
        select(Thread).options(joinedload(Thread.category), lazyload(Thread.tags))
        .where(visible_where("forums.thread", None, Thread))
        .order_by(Thread.last_post_at.desc(), Thread.id.desc()).limit(limit)
    ).scalars())


def read_positions(user, thread_ids) -> dict[int, int]:
    """{thread id: last position the user has read}, for the threads they opened before."""
    if not user.is_authenticated or not thread_ids:
        return {}
    rows = db.session.execute(_read_positions_statement(), {"user_id": user.id, "thread_ids": list(thread_ids)})
    return dict(rows.all())


@cache  # built once, as the thread page's statements: every list of threads a member sees runs it
def _read_positions_statement():
    return select(ThreadRead.thread_id, ThreadRead.last_read_position).where(
        ThreadRead.user_id == bindparam("user_id"), ThreadRead.thread_id.in_(bindparam("thread_ids", expanding=True)))


def unread_counts(user, threads) -> dict[int, int]:
    """{thread id: number of posts after the last one the user read} (threads opened before only)."""
    read = read_positions(user, [t.id for t in threads])
    return {t.id: t.post_count - read[t.id] for t in threads if t.id in read and read[t.id] < t.post_count}


def is_following(user, thread=None, category=None) -> bool:
    if not user.is_authenticated:
        return False
    statement, subject = (_following_statement(ThreadSubscription), thread) if thread is not None else (
        _following_statement(CategorySubscription), category)
    return db.session.execute(statement, {"user_id": user.id, "subject_id": subject.id}).first() is not None


@cache  # built once per kind: every thread and category page a member sees asks it
def _following_statement(subscription):
    subject = subscription.thread_id if subscription is ThreadSubscription else subscription.category_id
    return select(literal(1)).where(subscription.user_id == bindparam("user_id"), subject == bindparam("subject_id"))


# --- posts ---------------------------------------------------------------------------------
def clamp_page(thread, page) -> int:
    """A valid page number of the thread (anything unusable gives the first or last page)."""
    try:
        number = int(page)
    except (TypeError, ValueError):
        return 1
    return min(max(number, 1), thread.page_count)


@dataclass
class ThreadPage(PageNumbers):
    """One page of a thread, with the parents and replies of each post it shows."""

    thread: Thread
    page: int
    posts: list
    parents: dict = field(default_factory=dict)   # post id → parent Post
    replies: dict = field(default_factory=dict)   # post id → [(id, position, author name)]
    reply_totals: dict = field(default_factory=dict)  # post id → number of replies

    @cached_property
    def post_ids(self) -> list[int]:
        """The ids of the posts shown: their files are read for all of them at once."""
        return [post.id for post in self.posts]

    @property
    def pages(self) -> int:
        return self.thread.page_count

    @property
    def has_prev(self) -> bool:
        return self.page > 1

    @property
    def has_next(self) -> bool:
        return self.page < self.pages

    @property
    def prev_num(self) -> int:
        return self.page - 1

    @property
    def next_num(self) -> int:
        return self.page + 1


@cache  # built once (on first use: the mappers must be configured)
def _page_posts_statement():
    """The posts between two positions of a thread, with their authors and their parents'
    (a thread page is the most read page, and building the statement cost a tenth of it)."""
    parent = aliased(Post)
    return (select(Post).options(
        joinedload(Post.author), joinedload(Post.reply_to.of_type(parent)).joinedload(parent.author),
    ).where(Post.thread_id == bindparam("thread_id"), Post.position.between(bindparam("first"), bindparam("last")))
        .order_by(Post.position))


@cache  # built once, as the page's posts
def _replies_statement():
    """The first MAX_CHILD_LINKS replies to each of some posts (id, position, author's name) and
    each post's number of replies."""
    ranked = select(
        Post.id, Post.position, Post.reply_to_id, func.coalesce(User.display_name, literal("")).label("author"),
        func.row_number().over(partition_by=Post.reply_to_id, order_by=Post.position).label("rank"),
        func.count(Post.id).over(partition_by=Post.reply_to_id).label("total"),
    ).outerjoin(User, User.id == Post.author_id).where(Post.reply_to_id.in_(bindparam("post_ids", expanding=True)))
    ranked = ranked.subquery()
    return select(ranked).where(ranked.c.rank <= MAX_CHILD_LINKS).order_by(ranked.c.position)


def thread_page(thread, page: int) -> ThreadPage:
    """Posts of one page (by position, so the cost does not depend on the thread's length).

    Parents are joined into the same query, even when they sit on an earlier page, so a page
    costs the same number of statements wherever it is in the thread.
    """
    first = (page - 1) * POSTS_PER_PAGE + 1
    posts = list(db.session.execute(
        _page_posts_statement(), {"thread_id": thread.id, "first": first, "last": first + POSTS_PER_PAGE - 1}).scalars())
    result = ThreadPage(thread=thread, page=page, posts=posts)
    result.parents = {p.id: p.reply_to for p in posts if p.reply_to is not None}
    if posts:
        _add_replies(result, [p.id for p in posts])
    return result


def _add_replies(result: ThreadPage, post_ids) -> None:
    for row in db.session.execute(_replies_statement(), {"post_ids": post_ids}):
        result.replies.setdefault(row.reply_to_id, []).append((row.id, row.position, row.author))
        result.reply_totals[row.reply_to_id] = row.total


def post_id_at(thread, position: int) -> int | None:
    return db.session.execute(
        select(Post.id).where(Post.thread_id == thread.id, Post.position == position)
    ).scalar_one_or_none()


def revisions_of(post) -> list[PostRevision]:
    return list(db.session.execute(
        select(PostRevision).options(joinedload(PostRevision.editor))
        .where(PostRevision.post_id == post.id).order_by(PostRevision.replaced_at.desc(), PostRevision.id.desc())
    ).scalars())


def quote_of(post, max_length: int = 1500) -> str:
    """The post's Markdown as a quotation, for pre-filling a reply."""
    source = post.body if len(post.body) <= max_length else post.body[:max_length].rsplit(" ", 1)[0] + " …"
    return "\n".join("> " + line if line else ">" for line in source.split("\n")) + "\n\n"


# --- reports, groups -----------------------------------------------------------------------
def open_reports(limit: int = 100) -> list[PostReport]:
    """Reports awaiting a moderator, oldest first (for moderators only)."""
    return list(db.session.execute(
        select(PostReport).options(
            joinedload(PostReport.post).joinedload(Post.thread), joinedload(PostReport.post).joinedload(Post.author),
            joinedload(PostReport.reporter),
        ).where(PostReport.resolved_at.is_(None)).order_by(PostReport.created_at, PostReport.id).limit(limit)
    ).scalars())


def count_open_reports() -> int:
    return db.session.execute(select(func.count(PostReport.id)).where(PostReport.resolved_at.is_(None))).scalar_one()


def list_groups(viewer) -> list[WorkingGroup]:
    """The working groups viewer belongs to (every group for the secretariat)."""
    statement = select(WorkingGroup).options(joinedload(WorkingGroup.category)).order_by(WorkingGroup.name)
    statement = statement.where(visible_where("forums.group", viewer, WorkingGroup))
    return list(db.session.execute(statement).scalars())


def group_members(group) -> list[WorkingGroupMember]:
    return list(db.session.execute(
        select(WorkingGroupMember).options(joinedload(WorkingGroupMember.user))
        .where(WorkingGroupMember.group_id == group.id)
        .order_by(WorkingGroupMember.role.desc(), WorkingGroupMember.id)
    ).scalars())


def find_user(username_or_email: str) -> User | None:
    value = (username_or_email or "").strip().lstrip("@").lower()
    if not value:
        return None
    return db.session.execute(
        select(User).where(or_(func.lower(User.username) == value, func.lower(User.email) == value))
    ).scalars().first()


def organisations_of(user) -> list:
    """The organisations user may write on behalf of (active memberships), by name."""
    ids = list(user.member_org_ids())
    if not ids:
        return []
    from app.directory.models import Organisation

    return list(db.session.execute(select(Organisation).where(Organisation.id.in_(ids)).order_by(Organisation.sort_key)).scalars())


def post_in_thread(thread, post_id) -> Post | None:
    """A post of this thread by id (None for anything else, e.g. a tampered form)."""
    post = get_by_id(Post, post_id)
    return post if post is not None and post.thread_id == thread.id else None
