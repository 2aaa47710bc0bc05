"""Forum pages for readers and writers. Moderation pages: views_moderation.py; categories and
working groups: views_admin.py (both register on this blueprint)."""

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_login import current_user

from app.db import commit
from app.feeds import atom_response
from app.forums import fragments, queries, services
from app.forums.forms import ConfirmForm, EditPostForm, ReplyForm, ReportForm, ThreadForm
from app.forums.models import POSTS_PER_PAGE
from app.forums.services import ForumError
from app.i18n import gettext as _
from app.inputs import page_arg
from app.limits import per_member
from app.main.views import home_section
from app.permissions import access_category, access_post, access_thread, access_user, can, is_active_writer, require
from app.refusals import show_refusal
from app.tags import valid_slugs
from app.text import sanitised_excerpt

bp = Blueprint("forums", __name__, url_prefix="/forums")


@home_section("forums")
def latest_discussions() -> dict:
    return {"threads": queries.latest_public_threads(limit=6)}


@bp.app_template_global("forum_post_url")
def post_url(post_id: int, thread_id: int, position: int, current_page: int | None = None) -> str:
    """The address of a post inside its thread page (just the anchor when it is on the current page)."""
    page = (position - 1) // POSTS_PER_PAGE + 1
    if page == current_page:
        return f"#post-{post_id}"
    return url_for("forums.show_thread", thread_id=thread_id, page=page if page > 1 else None, _anchor=f"post-{post_id}")


@bp.app_template_global("kept_post_article")
def kept_post_article(post, page, may_reply: bool):
    """A post's article on a thread page, rendered once per key (fragments.py)."""
    return fragments.kept_post_article(current_user._get_current_object(), post, page, may_reply)


bp.add_app_template_global(fragments.kept_thread_row, "kept_thread_row")


@bp.app_template_filter("forum_excerpt")
def excerpt_filter(html: str, length: int = 220) -> str:
    return sanitised_excerpt(html, length)  # always of sanitised HTML (bodies, descriptions)


def require_writer(action: str | None = None, obj=None) -> None:
    """Log in first (401 → login page); then the rule must allow it (403)."""
    if not current_user.is_authenticated:
        abort(401)
    if action is None:
        if not is_active_writer(current_user):
            abort(403)
    else:
        require(current_user, action, obj)


def announce(written, message: str) -> None:
    flash(message, "success")
    if written.reached:
        flash(_("Your mention reached: %(people)s.", people=_people(written.reached)), "info")
    if written.not_told:
        flash(_("Not told, as they may not see this thread: %(people)s.", people=_people(written.not_told)), "warning")
    if written.unknown_mentions:
        names = ", ".join("@" + name for name in written.unknown_mentions)
        flash(_("Nobody is called %(names)s here; the mention was left as plain text.", names=names), "warning")


def _people(users) -> str:
    return ", ".join(f"{user.display_name} (@{user.username})" for user in users)


# --- reading -------------------------------------------------------------------------------
@bp.get("/")
def list_categories():
    categories = queries.list_categories(current_user)
    return render_template("forums/index.html", categories=categories,
                           stats=queries.category_stats(current_user, categories))


@bp.get("/<slug>/")
def show_category(slug):
    category = access_category(current_user, slug)
    themes = valid_slugs("thematic_areas", request.args.getlist("theme"))
    threads = queries.list_threads(current_user, category, page_arg(), themes)
    return render_template(
        "forums/category.html", category=category, threads=threads, themes=themes,
        unread=queries.unread_counts(current_user, threads.items),
        following=queries.is_following(current_user, category=category),
    )


@bp.get("/feed.atom", defaults={"slug": None})
@bp.get("/<slug>/feed.atom")
def feed(slug):
    """Atom feed of recent threads; what it lists follows the same policy as the pages."""
    category = access_category(current_user, slug) if slug else None
    threads = queries.latest_threads(current_user, category)
    body = render_template("forums/feed.atom.xml", category=category, threads=threads)
    return atom_response(body, updated=threads[0].last_post_at if threads else None)


@bp.get("/t/<int:thread_id>")
def show_thread(thread_id):
    thread = access_thread(current_user, thread_id)
    page = queries.thread_page(thread, queries.clamp_page(thread, page_arg()))
    if page.posts and services.mark_read(current_user, thread, page.posts[-1].position):
        commit()
    return render_template(
        "forums/thread.html", thread=thread, page=page, reply_form=reply_form_for(thread),
        following=queries.is_following(current_user, thread=thread),
    )


def reply_form_for(thread) -> ReplyForm | None:
    """The reply box, only for those who may reply: a form sets a CSRF token (and so a session
    cookie), which a reader who is not signed in does not need, and which would keep the page
    out of the anonymous page cache."""
    return ReplyForm() if can(current_user, "forums.reply", thread) else None


@bp.get("/t/<int:thread_id>/unread")
def first_unread(thread_id):
    thread = access_thread(current_user, thread_id)
    position = min(queries.read_positions(current_user, [thread.id]).get(thread.id, 0) + 1, thread.post_count)
    post_id = queries.post_id_at(thread, position)
    return redirect(post_url(post_id, thread.id, position) if post_id else url_for(".show_thread", thread_id=thread.id))


@bp.get("/p/<int:post_id>")
def permalink(post_id):
    post = access_post(current_user, post_id)
    return redirect(post_url(post.id, post.thread_id, post.position))


@bp.get("/users/<username>")
def list_user_posts(username):
    author = access_user(current_user, username)
    return render_template("forums/user_posts.html", author=author,
                           posts=queries.list_posts_by(current_user, author, page_arg()))


# --- writing -------------------------------------------------------------------------------
@bp.route("/<slug>/new", methods=["GET", "POST"])
@per_member("THREAD_RATE_LIMIT")
def new_thread(slug):
    category = access_category(current_user, slug)
    require_writer("forums.create_thread", category)
    form = ThreadForm(organisations=queries.organisations_of(current_user))
    if form.validate_on_submit():
        organisation = form.organisation.data if "organisation" in form else None
        try:
            written = services.create_thread(current_user, category, form.title.data, form.body.data,
                                             themes=form.themes.data, organisation_id=organisation)
        except ForumError as error:
            show_refusal(form, error)
        else:
            commit()
            announce(written, _("Your thread is started."))
            return redirect(url_for(".show_thread", thread_id=written.thread.id))
    return render_template("forums/new_thread.html", form=form, category=category), 400 if form.errors else 200


@bp.post("/t/<int:thread_id>/reply")
@per_member("REPLY_RATE_LIMIT")
def reply(thread_id):
    thread = access_thread(current_user, thread_id)
    require_writer()
    return handle_reply(thread, ReplyForm(), parent=None)


@bp.route("/p/<int:post_id>/reply", methods=["GET", "POST"])
@per_member("REPLY_RATE_LIMIT")
def reply_to_post(post_id):
    post = access_post(current_user, post_id)
    require_writer()
    form = ReplyForm()
    if request.method == "GET":
        form.reply_to.data = post.id
        if request.args.get("quote") and can(current_user, "forums.view_post_text", post):
            form.body.data = queries.quote_of(post)
    return handle_reply(post.thread, form, parent=post)


def handle_reply(thread, form, parent):
    """Post the reply, or show the form again with the typed text and what went wrong."""
    if form.validate_on_submit():
        try:
            written = services.reply(current_user, thread, form.body.data, form.reply_to.data or None)
        except ForumError as error:
            show_refusal(form, error)
        else:
            commit()
            announce(written, _("Your reply is published."))
            return redirect(post_url(written.post.id, thread.id, written.post.position))
    if parent is None and form.reply_to.data:
        parent = queries.post_in_thread(thread, form.reply_to.data)
    status = 400 if form.errors else 200
    return render_template("forums/reply.html", thread=thread, parent=parent, form=form), status


@bp.route("/p/<int:post_id>/edit", methods=["GET", "POST"])
def edit_post(post_id):
    post = access_post(current_user, post_id)
    require_writer("forums.edit_post", post)
    form = EditPostForm(opening=post.is_opening, data={"title": post.thread.title, "body": post.body})
    if form.validate_on_submit():
        try:
            written = services.edit_post(current_user, post, form.body.data,
                                         form.title.data if "title" in form else None)
        except ForumError as error:
            show_refusal(form, error)
        else:
            commit()
            announce(written, _("Your changes are saved."))
            return redirect(post_url(post.id, post.thread_id, post.position))
    return render_template("forums/edit_post.html", post=post, form=form), 400 if form.errors else 200


@bp.route("/p/<int:post_id>/delete", methods=["GET", "POST"])
def delete_post(post_id):
    post = access_post(current_user, post_id)
    require_writer("forums.delete_post", post)
    form = ConfirmForm()
    if form.validate_on_submit():
        services.delete_post(current_user, post)
        commit()
        flash(_("Your post is deleted. Replies to it keep their place."), "success")
        return redirect(post_url(post.id, post.thread_id, post.position))
    return render_template("forums/delete_post.html", post=post, form=form)


@bp.route("/p/<int:post_id>/report", methods=["GET", "POST"])
@per_member("REPORT_RATE_LIMIT")
def report_post(post_id):
    post = access_post(current_user, post_id)
    require_writer("forums.report_post", post)
    form = ReportForm()
    if form.validate_on_submit():
        try:
            services.report_post(current_user, post, form.reason.data)
        except ForumError as error:
            show_refusal(form, error)
        else:
            commit()
            flash(_("Thank you. The network secretariat will look at this post."), "success")
            return redirect(post_url(post.id, post.thread_id, post.position))
    return render_template("forums/report.html", post=post, form=form), 400 if form.errors else 200


# --- following -----------------------------------------------------------------------------
@bp.post("/t/<int:thread_id>/<any(follow, unfollow):verb>")
def follow_thread(thread_id, verb):
    thread = access_thread(current_user, thread_id)
    return toggle_follow(thread, verb, url_for(".show_thread", thread_id=thread.id))


@bp.post("/<slug>/<any(follow, unfollow):verb>")
def follow_category(slug, verb):
    category = access_category(current_user, slug)
    return toggle_follow(category, verb, url_for(".show_category", slug=category.slug))


def toggle_follow(target, verb: str, back: str):
    require_writer("forums.follow", target)
    if not ConfirmForm().validate_on_submit():
        abort(400)
    if verb == "follow":
        services.follow(current_user, target)
        message = _("You follow this now: new posts will be in your notifications.")
    else:
        services.unfollow(current_user, target)
        message = _("You no longer follow this.")
    commit()
    flash(message, "success")
    return redirect(back)


from app.forums import views_admin, views_moderation  # noqa: E402,F401  (routes on bp)
