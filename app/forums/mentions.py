"""@username mentions in posts: linked to the user's page and collected for notifications."""
import re

from sqlalchemy import func

from app.auth.models import User
from app.extensions import db
from app.text import link_mentions, render_markdown

MAX_NOTIFIED_MENTIONS = 20  # more names than this in one post is not a conversation


def user_url(username: str) -> str:
    return f"/users/{username}"


def mentioned_names(html: str) -> list[str]:
    """Lower-cased @names written in text (not in links or code), in order, without repeats."""
    names = []
    link_mentions(html, names.append)
    return list(dict.fromkeys(names))


def render_post(body: str) -> tuple[str, list, list[str]]:
    """(sanitised HTML with mentions linked, mentioned users, names that match no user)."""
    html = render_markdown(body)
    names = mentioned_names(html)
    if not names:
        return html, [], []
    users = {
        user.username.lower(): user
        for user in db.session.execute(
            db.select(User).where(func.lower(User.username).in_(names))
        ).scalars()
    }
    html = link_mentions(html, lambda name: user_url(users[name].username) if name in users else None)
    mentioned = [users[name] for name in names if name in users][:MAX_NOTIFIED_MENTIONS]
    return html, mentioned, [name for name in names if name not in users]


_USER_LINK = re.compile(r'href="/users/([a-z0-9-]+)"', re.IGNORECASE)


def mentioned_names_in_links(html: str) -> list[str]:
    """Lower-cased names of the users a rendered post already links to."""
    return [name.lower() for name in _USER_LINK.findall(html or "")]
