"""Forum verbs of members: start a thread, reply, edit, delete, report, follow, read.

Every verb takes the actor first and plain values, checks the policy, flushes and never
commits. Refusals raise ForumError with a translated message and the form field it concerns.
Moderation verbs are in moderation.py; categories and working groups in admin.py.
"""
from dataclasses import dataclass, field
from functools import cache

from sqlalchemy import bindparam, select, update

from app.auth.models import User
from app.db import insert_or_update, utcnow
from app.directory.models import Organisation
from app.directory.services import touch_activity
from app.extensions import db
from app.forums import mentions
from app.forums.models import (
    Category, CategorySubscription, Post, PostReport, PostRevision, Thread, ThreadRead, ThreadSubscription,
)
from app.forums.queries import get_by_id
from app.i18n import gettext as _
from app.inputs import to_id
from app.notifications.services import notify
from app.permissions import can, forget_principal
from app.refusals import Refused
from app.text import clean_input

MAX_TITLE_LENGTH = 200
MIN_TITLE_LENGTH = 3
MAX_POST_LENGTH = 50_000
MAX_REASON_LENGTH = 1000


class ForumError(Refused):
    """A request the forum rules refuse (next to the body unless another field is named)."""
    default_field = "body"

@dataclass
class Written:
    """What a write produced: the post, @names in it that match nobody (left as text), and the
    people its mentions reached and those who were not told because they may not see it."""

    post: Post
    unknown_mentions: list = field(default_factory=list)
    reached: list = field(default_factory=list)  # Users told about the post by their @name
    not_told: list = field(default_factory=list)  # Users named who may not see the thread

    @property
    def thread(self) -> Thread:
        return self.post.thread


# --- input ---------------------------------------------------------------------------------
def clean_title(title: str | None) -> str:
    text = " ".join(clean_input(title).split())
    if not text:
        raise ForumError(_("Enter a title."), "title")
    if len(text) < MIN_TITLE_LENGTH or len(text) > MAX_TITLE_LENGTH:
        raise ForumError(_("A title has between %(min)d and %(max)d characters.",
                           min=MIN_TITLE_LENGTH, max=MAX_TITLE_LENGTH), "title")
    return text


def clean_body(body: str | None) -> str:
    text = clean_input(body).strip()
    if not text:
        raise ForumError(_("Write the text of your post."))
    if len(text) > MAX_POST_LENGTH:
        raise ForumError(_("A post can have at most %(max)d characters; this one has %(count)d. "
                           "Shorten it or split it into several posts.", max=MAX_POST_LENGTH, count=len(text)))
    return text


def clean_reason(reason: str | None, field_name: str = "reason") -> str:
    text = clean_input(reason).strip()
    if not text:
        raise ForumError(_("Give a reason."), field_name)
    if len(text) > MAX_REASON_LENGTH:
        raise ForumError(_("A reason has at most %(max)d characters.", max=MAX_REASON_LENGTH), field_name)
    return text


def _organisation_for(actor, organisation_id):
    if not organisation_id:
        return None

    if to_id(organisation_id) not in actor.member_org_ids():
        raise ForumError(_("You can only write on behalf of an organisation you belong to."), "organisation")
    return db.session.get(Organisation, to_id(organisation_id))


# --- threads and posts ---------------------------------------------------------------------
def create_thread(actor, category: Category, title: str, body: str, *, themes=(), organisation_id=None) -> Written:
    """Start a thread with its opening post; the author follows it."""
    if not can(actor, "forums.create_thread", category):
        raise ForumError(_("You may not start a thread in this category."), "title")
    title, body = clean_title(title), clean_body(body)
    organisation = _organisation_for(actor, organisation_id)
    now = utcnow()
    thread = Thread(
        category=category, working_group_id=category.working_group_id, title=title, author_id=actor.id,
        organisation_id=organisation.id if organisation else None, created_at=now, last_post_at=now,
        last_poster_id=actor.id, reply_count=0,
    )
    thread.set_tags("thematic_areas", list(themes) or ([category.theme] if category.theme else []))
    db.session.add(thread)
    html, mentioned, unknown = mentions.render_post(body)
    post = Post(thread=thread, position=1, author_id=actor.id, body=body, body_html=html, created_at=now)
    db.session.add(post)
    db.session.flush()
    thread.last_post_id = post.id
    _subscribe(actor.id, thread.id)
    reached, not_told = _notify_about_post(actor, post, mentioned)
    if organisation is not None:
        touch_activity(organisation)
    return Written(post, unknown, reached, not_told)


def reply(actor, thread: Thread, body: str, reply_to_id=None) -> Written:
    """Add a post at the end of the thread, optionally answering one of its posts."""
    if not can(actor, "forums.reply", thread):
        if thread.is_locked:
            raise ForumError(_("This thread is locked: new replies are not possible."))
        if thread.category.moderators_only:
            raise ForumError(_("Only the network secretariat writes in this category."))
        raise ForumError(_("You may not reply in this thread."))
    body = clean_body(body)
    parent = _parent_post(thread, reply_to_id)
    html, mentioned, unknown = mentions.render_post(body)
    position = _next_position(thread)
    now = utcnow()
    post = Post(thread=thread, position=position, author_id=actor.id, reply_to_id=parent.id if parent else None,
                body=body, body_html=html, created_at=now)
    db.session.add(post)
    db.session.flush()
    thread.last_post_at, thread.last_post_id, thread.last_poster_id = now, post.id, actor.id
    reached, not_told = _notify_about_post(actor, post, mentioned, parent)
    if thread.organisation_id and thread.author_id == actor.id and thread.organisation is not None:
        touch_activity(thread.organisation)
    return Written(post, unknown, reached, not_told)


def _parent_post(thread: Thread, reply_to_id) -> Post | None:
    if reply_to_id in (None, ""):
        return None

    parent = get_by_id(Post, reply_to_id)
    if parent is None or parent.thread_id != thread.id:
        raise ForumError(_("The post you are replying to is not in this thread."))
    if parent.is_deleted or parent.is_hidden:
        raise ForumError(_("The post you are replying to was deleted or hidden; reply to the thread instead."))
    return parent


def _next_position(thread: Thread) -> int:
    """Reserve the next position atomically (concurrent replies queue on the thread's row)."""
    count = db.session.execute(
        update(Thread).where(Thread.id == thread.id).values(reply_count=Thread.reply_count + 1)
        .returning(Thread.reply_count).execution_options(synchronize_session=False)
    ).scalar_one()
    db.session.expire(thread, ["reply_count"])
    return count + 1


def edit_post(actor, post: Post, body: str, title: str | None = None) -> Written:
    """Replace the text (and, for an opening post, the title); the old version is kept."""
    if not can(actor, "forums.edit_post", post):
        raise ForumError(_("You may not edit this post."))
    thread = post.thread
    body = clean_body(body)
    title = clean_title(title) if post.is_opening and title is not None else None
    if body == post.body and (title is None or title == thread.title):
        return Written(post, [])
    _keep_revision(actor, post)
    before = set(mentions.mentioned_names_in_links(post.body_html))
    html, mentioned, unknown = mentions.render_post(body)
    post.body, post.body_html, post.edited_at = body, html, utcnow()
    if title is not None:
        thread.title = title
    reached, not_told = _notify_about_post(actor, post, [u for u in mentioned if u.username.lower() not in before],
                                           notify_followers=False)
    return Written(post, unknown, reached, not_told)


def _keep_revision(actor, post: Post) -> None:
    db.session.add(PostRevision(
        post_id=post.id, title=post.thread.title if post.is_opening else None, body=post.body,
        body_html=post.body_html, written_at=post.edited_at or post.created_at, editor_id=actor.id,
    ))


def delete_post(actor, post: Post) -> None:
    """The author withdraws a post: it shows "deleted by author"; replies keep their place."""
    if not can(actor, "forums.delete_post", post):
        raise ForumError(_("You may not delete this post."))
    _keep_revision(actor, post)  # the secretariat can still see what was written, e.g. after a report
    post.body, post.body_html, post.deleted_at = "", "", utcnow()
    db.session.flush()
    refresh_last_post(post.thread)


def refresh_last_post(thread: Thread) -> None:
    """Point the thread's "last post" at its newest post that is neither hidden nor deleted."""
    row = db.session.execute(
        select(Post.id, Post.created_at, Post.author_id)
        .where(Post.thread_id == thread.id, Post.hidden_at.is_(None), Post.deleted_at.is_(None))
        .order_by(Post.position.desc()).limit(1)
    ).first()
    if row is None:
        thread.last_post_id, thread.last_poster_id, thread.last_post_at = None, None, thread.created_at
    else:
        thread.last_post_id, thread.last_post_at, thread.last_poster_id = row


def report_post(actor, post: Post, reason: str) -> PostReport:
    """Tell the secretariat that a post breaks the rules."""
    if not can(actor, "forums.report_post", post):
        raise ForumError(_("You may not report this post."), "reason")
    reason = clean_reason(reason)
    already = db.session.execute(select(PostReport.id).where(
        PostReport.post_id == post.id, PostReport.reporter_id == actor.id, PostReport.resolved_at.is_(None)
    )).first()
    if already:
        raise ForumError(_("You have already reported this post; the secretariat will look at it."), "reason")
    report = PostReport(post_id=post.id, reporter_id=actor.id, reason=reason)
    db.session.add(report)
    db.session.flush()
    return report


# --- notifications -------------------------------------------------------------------------
def _notify_about_post(actor, post: Post, mentioned, parent: Post | None = None, notify_followers=True):
    """Reply to the parent's author, mentions, then followers, each once, only those who may see it.

    Returns (the mentioned people who were told, those who were not: they may not see the thread).
    """
    thread = post.thread
    url, title = f"/forums/p/{post.id}", thread.title
    done = {actor.id}
    if parent is not None and parent.author is not None and _may_see(parent.author, thread):
        notify(parent.author, "reply", title=title, url=url, actor=actor, subject_key=f"post:{post.id}")
        done.add(parent.author_id)
    reached, not_told = [], []
    for user in mentioned:
        if user.id == actor.id:
            continue
        if not _may_see(user, thread):
            not_told.append(user)
            continue
        reached.append(user)
        if user.id not in done:
            notify(user, "mention", title=title, url=url, actor=actor, subject_key=f"post:{post.id}")
            done.add(user.id)
    if notify_followers:
        for user in _followers(thread):
            if user.id not in done and _may_see(user, thread):
                # One unread notice per thread, however many posts follow it.
                notify(user, "followed_post", title=title, url=url, actor=actor, subject_key=f"thread:{thread.id}")
                done.add(user.id)
    return reached, not_told


def _may_see(user, thread: Thread) -> bool:
    forget_principal(user)  # memberships may have changed since this object was loaded
    return can(user, "forums.view_thread", thread)


def _followers(thread: Thread) -> list:
    thread_followers = select(ThreadSubscription.user_id).where(ThreadSubscription.thread_id == thread.id)
    category_followers = select(CategorySubscription.user_id).where(
        CategorySubscription.category_id == thread.category_id
    )
    return list(db.session.execute(
        select(User).where(User.id.in_(thread_followers.union(category_followers)), User.suspended_at.is_(None))
    ).scalars())


# --- following and reading -----------------------------------------------------------------
def _subscribe(user_id: int, thread_id: int) -> None:
    if db.session.get(ThreadSubscription, (user_id, thread_id)) is None:
        db.session.add(ThreadSubscription(user_id=user_id, thread_id=thread_id))


def follow(actor, target) -> None:
    """Follow a thread or a whole category (new posts are notified)."""
    if not can(actor, "forums.follow", target):
        raise ForumError(_("You may not follow this."), "follow")
    if isinstance(target, Category):
        if db.session.get(CategorySubscription, (actor.id, target.id)) is None:
            db.session.add(CategorySubscription(user_id=actor.id, category_id=target.id))
    else:
        _subscribe(actor.id, target.id)
    db.session.flush()


def unfollow(actor, target) -> None:
    model = CategorySubscription if isinstance(target, Category) else ThreadSubscription
    subscription = db.session.get(model, (actor.id, target.id))
    if subscription is not None:
        db.session.delete(subscription)
        db.session.flush()


def mark_read(user, thread: Thread, position: int) -> bool:
    """Remember that user has read thread up to position; True when that moved forward."""
    if not user.is_authenticated:
        return False
    read = db.session.execute(_read_position_statement(), {"user_id": user.id, "thread_id": thread.id}).scalar()
    if read is not None and read >= position:
        return False
    now = utcnow()
    db.session.execute(insert_or_update(
        ThreadRead, {"user_id": user.id, "thread_id": thread.id, "last_read_position": position, "read_at": now},
        keys=("user_id", "thread_id"), update={"last_read_position": position, "read_at": now},
        where=ThreadRead.last_read_position < position))
    loaded = db.session.identity_map.get(db.session.identity_key(ThreadRead, (user.id, thread.id)))
    if loaded is not None:
        db.session.expire(loaded)  # the row was written by SQL, not through the object
    return True


@cache  # built once (on first use: the mappers must be configured): every thread page a member reads runs it
def _read_position_statement():
    return select(ThreadRead.last_read_position).where(
        ThreadRead.user_id == bindparam("user_id"), ThreadRead.thread_id == bindparam("thread_id"))

