"""Forums: public categories and private working groups, threads, posts and their moderation."""
from functools import cache

from flask import abort
from sqlalchemy import bindparam
from sqlalchemy.orm import joinedload

from app.extensions import db
from app.forums.models import Category, Post, Thread, WorkingGroup
from app.inputs import MAX_ID
from app.permissions.grants import Grant, all_of, any_of, is_none, is_set, may_see, visibility
from app.permissions.principal import principal_of
from app.permissions.registry import can, is_active_writer, is_staff, rule


@visibility("forums.group")
def group_grants(group):
    return [Grant("group", group.id), Grant("staff")]


@visibility("forums.category")
def category_grants(category):
    group_id = category.working_group_id
    return [Grant("public", when=is_none(group_id)), Grant("group", group_id), Grant("staff")]


@visibility("forums.thread")
def thread_grants(thread):
    # A thread whose opening post was hidden: the secretariat, and its author while they may
    # still see where it is (a working group's thread: while a member). Yielded one by one, most
    # likely first: a check on a loaded thread (or post) stops at the first grant that opens.
    group_id, shown = thread.working_group_id, is_none(thread.hidden_at)
    yield Grant("public", when=all_of(shown, is_none(group_id)))
    yield Grant("group", group_id, when=shown)
    yield Grant("staff")
    yield Grant("author", thread.author_id, when=all_of(is_set(thread.hidden_at), is_none(group_id)))
    yield Grant("group-author", group_id, thread.author_id, when=is_set(thread.hidden_at))


@visibility("forums.post", entities_of=lambda post: (post, post.thread))
def post_grants(post, thread):
    # Those who see the thread see its posts; a hidden post only the secretariat and its author
    # (when they still see the thread); a deleted one nobody. (Yielded as thread_grants.)
    alive = is_none(post.deleted_at)
    shown = all_of(alive, is_none(post.hidden_at))
    for grant in thread_grants(thread):
        yield Grant(grant.family, *grant.ids, when=all_of(shown, grant.when))
    yield Grant("staff", when=alive)
    own_hidden = all_of(alive, is_set(post.hidden_at),
                        any_of(is_none(thread.hidden_at), post.author_id == thread.author_id))
    group_id = thread.working_group_id
    yield Grant("author", post.author_id, when=all_of(own_hidden, is_none(group_id)))
    yield Grant("group-author", group_id, post.author_id, when=own_hidden)


@rule("forums.view_category")
def _forums_view_category(user, category):
    return may_see(user, "forums.category", category)


@rule("forums.view_thread")
def _forums_view_thread(user, thread):
    return may_see(user, "forums.thread", thread)


@rule("forums.view_post_text")
def _forums_view_post_text(user, post):
    return may_see(user, "forums.post", post)


@rule("forums.view_group")
def _forums_view_group(user, group):
    return may_see(user, "forums.group", group)


@rule("forums.create_thread")
def _forums_create_thread(user, category):
    return (is_active_writer(user) and can(user, "forums.view_category", category)
            and not category.is_archived and (not category.moderators_only or is_staff(user)))


@rule("forums.reply")
def _forums_reply(user, thread):
    return (is_active_writer(user) and can(user, "forums.view_thread", thread)
            and not thread.category.is_archived and not thread.is_hidden
            # Announcements and other secretariat-only categories: only the secretariat writes there.
            and ((not thread.is_locked and not thread.category.moderators_only) or is_staff(user)))


def _is_own_live_post(user, post) -> bool:
    # Whose post it is first: most posts of a thread page are someone else's, and the thread's
    # visibility is the costly part (the answer is the same in any order).
    return (user is not None and post is not None and post.author_id == user.id and is_active_writer(user)
            and not post.is_deleted and can(user, "forums.view_thread", post.thread))


@rule("forums.edit_post")
def _forums_edit_post(user, post):
    return (_is_own_live_post(user, post) and not post.is_hidden and not post.thread.category.is_archived
            and (not post.thread.is_locked or is_staff(user)))


@rule("forums.delete_post")
def _forums_delete_post(user, post):
    return _is_own_live_post(user, post)


@rule("forums.report_post")
def _forums_report_post(user, post):
    return (is_active_writer(user) and post is not None and post.author_id != user.id
            and not post.is_deleted and not post.is_hidden and can(user, "forums.view_thread", post.thread))


@rule("forums.moderate")
def _forums_moderate(user, obj):
    return is_staff(user)


@rule("forums.view_revisions")
def _forums_view_revisions(user, post):
    return is_staff(user)


@rule("forums.follow")
def _forums_follow(user, obj):
    action = "forums.view_category" if isinstance(obj, Category) else "forums.view_thread"
    principal = principal_of(user)
    return principal.is_authenticated and not principal.is_suspended and can(user, action, obj)


@rule("forums.manage_categories")
def _forums_manage_categories(user, obj):
    return is_staff(user)


@rule("forums.create_group")
def _forums_create_group(user, obj):
    return is_staff(user)


@rule("forums.manage_group")
def _forums_manage_group(user, group):
    """Members of a working group are chosen by its coordinators and the secretariat."""
    if group is None:
        return False
    return is_staff(user) or (is_active_writer(user) and principal_of(user).coordinates(group.id))


def forum_id(value) -> int:
    """value as a forum row's id, or 404 (an id beyond any stored one would overflow SQL's integer)."""
    if not isinstance(value, int) or not 0 < value <= MAX_ID:
        abort(404)
    return value


def access_category(viewer, slug: str):
    """The category at slug, or 404 when missing or private to a group the viewer is not in."""
    category = db.session.execute(db.select(Category).where(Category.slug == slug)).scalar_one_or_none()
    if not can(viewer, "forums.view_category", category):
        abort(404)
    return category


@cache  # built once (on first use: the mappers must be configured), as building it cost more than running it
def _thread_by_id():
    """A thread with what every page of it shows (its category, organisation and author), by id."""
    return (db.select(Thread).options(joinedload(Thread.category), joinedload(Thread.organisation),
                                      joinedload(Thread.author))
            .where(Thread.id == bindparam("thread_id")))


def access_thread(viewer, thread_id: int):
    """The thread (with its category and organisation), or 404 when missing or not visible."""
    thread = db.session.execute(_thread_by_id(), {"thread_id": forum_id(thread_id)}).unique().scalar_one_or_none()
    if not can(viewer, "forums.view_thread", thread):
        abort(404)
    return thread


def access_post(viewer, post_id: int):
    """The post (with its thread and category), or 404 when its thread is not visible."""
    post = db.session.execute(
        db.select(Post).options(joinedload(Post.thread).joinedload(Thread.category), joinedload(Post.author))
        .where(Post.id == forum_id(post_id))
    ).unique().scalar_one_or_none()
    if post is None or not can(viewer, "forums.view_thread", post.thread):
        abort(404)
    return post


def access_group(viewer, group_id: int):
    """The working group, or 404 unless the viewer is a member or the secretariat."""
    group = db.session.get(WorkingGroup, forum_id(group_id))
    if not can(viewer, "forums.view_group", group):
        abort(404)
    return group

