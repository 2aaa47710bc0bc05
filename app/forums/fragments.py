"""Parts of forum pages kept rendered in each process: a thread page's post articles and a
category's thread rows, the main cost of those pages (app/kept.py, KeptRenderings).

Both are macros of templates/forums/_macros.html. Their keys name
- what they show: for an article the post, its author, its parent, its files, its replies and the
  page it is on; for a row the thread, its author and last poster, its topics;
- what they ask of the viewer: an article the answers of the permissions it checks (it reads no
  current_user, builds no form), a row the viewer's count of new posts;
- the language and the time zone.

tests/forums/test_fragments.py renders each kind of post and row for several viewers with and
without the kept parts and compares the HTML.
"""
from markupsafe import Markup

from app import kept
from app.files.queries import attachments_on_page
from app.permissions import can

MACROS = "forums/_macros.html"
# ~3 kB each: 6 MB per process. The key (the post's HTML text among it) costs as much again.
ARTICLES = kept.KeptRenderings("forum_post_articles", size=2000)
ROWS = kept.KeptRenderings("forum_thread_rows", size=2000)  # ~1.5 kB each


def kept_post_article(viewer, post, page, may_reply: bool) -> Markup:
    """The post's article for viewer, rendered once per key."""
    return ARTICLES.macro(article_key(viewer, post, page, may_reply), MACROS, "post_article", post, page, may_reply)


def kept_thread_row(thread, unread_count: int | None) -> Markup:
    """A category's row of the thread for a viewer with unread_count new posts in it."""
    key = (thread.id, thread.title, thread.pinned, thread.is_locked, thread.is_hidden, unread_count,
           _person(thread.author), thread.created_at, tuple(thread.themes), thread.reply_count,
           _person(thread.last_poster), thread.last_post_id, thread.last_post_at)
    return ROWS.macro(key, MACROS, "thread_row", thread, unread_count)


def article_key(viewer, post, page, may_reply: bool) -> tuple:
    """Everything post_article's HTML depends on (see the module's docstring)."""
    parent = page.parents.get(post.id)
    sees_text = can(viewer, "forums.view_post_text", post)
    shows_text = sees_text and not post.is_deleted
    return (
        post.id, post.position, post.created_at, post.edited_at, post.is_deleted, post.is_hidden,
        post.hidden_reason, post.body_html, _person(post.author),
        _parent(viewer, parent) if parent is not None else None,
        _files(post, page) if shows_text else None,
        tuple(page.replies.get(post.id, ())), page.reply_totals.get(post.id), page.page, page.thread.id,
        _answers(viewer, post, may_reply, sees_text, shows_text),
    )


def _person(user) -> tuple | None:
    return (user.username, user.display_name) if user else None


def _parent(viewer, parent) -> tuple:
    return (parent.id, parent.thread_id, parent.position, parent.is_deleted, parent.body_html,
            parent.author.display_name if parent.author else None,
            can(viewer, "forums.view_post_text", parent))


def _files(post, page) -> tuple:
    return tuple((a.id, a.filename, a.is_image, a.content_type, a.size, a.date,
                  a.uploaded_by.display_name if a.uploaded_by else None, a.file.text_note)
                 for a in attachments_on_page("forum_post", post.id, page.post_ids))


def _answers(viewer, post, may_reply: bool, sees_text: bool, shows_text: bool) -> tuple:
    """The permission answers the macro asks for (may_reply: asked once per page)."""
    return (may_reply, sees_text, can(viewer, "attachments.manage", post) if shows_text else None,
            *(can(viewer, action, post) for action in ("forums.moderate", "forums.edit_post", "forums.delete_post",
                                                       "forums.report_post")))
