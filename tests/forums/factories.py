"""Forum objects for tests: categories, working groups, threads and posts."""
import itertools
from datetime import timedelta

from app.db import utcnow
from app.extensions import db
from app.forums import services
from app.forums.models import Category, Post, Thread, WorkingGroup, WorkingGroupMember
from app.permissions import forget_principal
from tests import factories

_numbers = itertools.count(1)


def make_category(**overrides) -> Category:
    number = next(_numbers)
    values = {
        "slug": f"kategoria-{number}", "position": number * 10, "name_pl": f"Kategoria {number}",
        "name_en": f"Category {number}", "name_uk": f"Категорія {number}",
        "description_pl": "Opis kategorii.", "description_en": "About the category.", "description_uk": "Опис.",
    }
    values.update(overrides)
    category = Category(**values)
    db.session.add(category)
    db.session.flush()
    return category


def make_group(name=None, members=(), coordinators=()) -> WorkingGroup:
    """A working group with its private category."""
    number = next(_numbers)
    group = WorkingGroup(name=name or f"Zespół roboczy {number}", description="Zespół testowy.")
    db.session.add(group)
    db.session.flush()
    make_category(slug=f"zespol-{number}", working_group_id=group.id, name_pl=group.name, name_en=group.name,
                  name_uk=group.name)
    for role, users in (("member", members), ("coordinator", coordinators)):
        for user in users:
            db.session.add(WorkingGroupMember(group_id=group.id, user_id=user.id, role=role))
            forget_principal(user)
    db.session.flush()
    return group


def group_category(group) -> Category:
    return db.session.execute(db.select(Category).where(Category.working_group_id == group.id)).scalar_one()


def make_thread(author=None, category=None, title=None, body="Treść pierwszego wpisu.", **kwargs) -> Thread:
    """A thread started through the service (the author must be allowed to write there)."""
    author = author or factories.make_user()
    category = category or make_category()
    number = next(_numbers)
    written = services.create_thread(author, category, title or f"Wątek testowy {number}", body, **kwargs)
    return written.thread


def make_reply(thread, author=None, body="Odpowiedź.", reply_to=None) -> Post:
    author = author or factories.make_user()
    return services.reply(author, thread, body, reply_to.id if reply_to is not None else None).post


def add_many_posts(thread, count: int, author=None) -> None:
    """Append count replies in bulk (as the demo and benchmark do), keeping the thread's figures right."""
    author = author or factories.make_user()
    start = thread.reply_count + 2
    now = utcnow()
    rows = [
        {"thread_id": thread.id, "position": position, "author_id": author.id, "body": f"Wpis {position}",
         "body_html": f"<p>Wpis {position}</p>", "created_at": now + timedelta(seconds=position)}
        for position in range(start, start + count)
    ]
    db.session.execute(db.insert(Post), rows)
    last = db.session.execute(
        db.select(Post).where(Post.thread_id == thread.id).order_by(Post.position.desc()).limit(1)
    ).scalar_one()
    thread.reply_count += count
    thread.last_post_id, thread.last_post_at, thread.last_poster_id = last.id, last.created_at, author.id
    db.session.flush()


def post_at(thread, position) -> Post:
    return db.session.execute(
        db.select(Post).where(Post.thread_id == thread.id, Post.position == position)
    ).scalar_one()
