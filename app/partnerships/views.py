"""The partnership board: thin routes (rules in services.py, reads in queries.py, policy in permissions.py)."""
from flask import Blueprint, flash, jsonify, redirect, render_template, request, url_for
from flask_login import current_user

from app.db import commit
from app.feeds import atom_response
from app.i18n import gettext as _
from app.inputs import int_arg, page_arg
from app.limits import per_member
from app.main.views import home_section
from app.partnerships import cards, queries, services
from app.partnerships.forms import (
    KIND_LABELS, STATUS_LABELS, FilterForm, InterestForm, MessageForm, PostForm, ReportForm, ResolveForm,
    StatusForm,
)
from app.partnerships.match_list import match_list
from app.partnerships.models import local_today
from app.partnerships.reasons import STRENGTH_LABELS, as_dict, describe
from app.partnerships.services import PartnershipError
from app.permissions import access_conversation, access_partnership_post, can, require
from app.refusals import show_refusal

bp = Blueprint("partnerships", __name__, url_prefix="/partnerships")
bp.add_app_template_global(cards.kept_post_card, "kept_post_card")
MATCHES_PER_PAGE = 30
SHORT_MATCHES = 5
MAX_PAGE = 10_000


@bp.record_once
def _template_helpers(state):
    # Globals, so that imported macros see them too; app-wide (the home page shows posts), hence the prefix.
    state.app.jinja_env.globals.update(partnership_reason=describe, partnership_status_label=STATUS_LABELS,
                                       partnership_kind_label=KIND_LABELS, partnership_strength=STRENGTH_LABELS)


@bp.get("/feed.atom")
def feed():
    """Atom feed of the board's newest posts; the board's filters (?theme=…) narrow it too."""
    filters = queries.BoardFilters.from_args(request.args)
    posts = queries.feed_posts(current_user, filters)
    body = render_template("partnerships/feed.atom.xml", posts=posts)
    return atom_response(body, updated=max((post.updated_at for post in posts), default=None))


def _page() -> int:
    # Clamped: a page past the end is simply empty, and a huge number must not reach SQL's OFFSET.
    return min(page_arg(), MAX_PAGE)


def _code() -> int:
    """A form page shown again after a POST is a refusal: 400."""
    return 400 if request.method == "POST" else 200


# --- board -------------------------------------------------------------------------------
@bp.get("/")
def list_posts():
    form = FilterForm(formdata=request.args)
    form.fill_choices()
    filters = queries.BoardFilters.from_args(request.args)
    page = queries.list_posts(current_user, filters, page=_page())
    return render_template("partnerships/list.html", form=form, filters=filters, page=page, today=local_today())


@bp.route("/new", methods=["GET", "POST"])
@per_member("PARTNERSHIP_POST_RATE_LIMIT")
def new_post():
    require(current_user, "account.view", status=401)
    require(current_user, "partnerships.create")
    organisations = queries.member_organisations(current_user)
    if not organisations:
        return render_template("partnerships/no_organisation.html"), 200 if request.method == "GET" else 400
    form = PostForm(data={"organisation": int_arg("organisation"), "kind": "request"})
    form.fill_choices(organisations)
    if form.validate_on_submit():
        try:
            post = services.create_post(current_user, organisation_id=form.organisation.data, **form.values())
        except PartnershipError as error:
            show_refusal(form, error)
        else:
            commit()
            flash(_("Your post is published. Below are the organisations that fit it."), "success")
            return redirect(url_for("partnerships.show_post", post_id=post.id))
    return render_template("partnerships/form.html", form=form, post=None), _code()


@bp.route("/<int:post_id>/edit", methods=["GET", "POST"])
def edit_post(post_id):
    require(current_user, "account.view", status=401)
    post = access_partnership_post(current_user, post_id)
    require(current_user, "partnerships.edit", post)
    form = PostForm(data=PostForm.data_of(post))
    form.fill_choices([post.organisation])
    if form.validate_on_submit():
        try:
            services.update_post(current_user, post, **form.values())
        except PartnershipError as error:
            show_refusal(form, error)
        else:
            commit()
            flash(_("The post is saved."), "success")
            return redirect(url_for("partnerships.show_post", post_id=post.id))
    return render_template("partnerships/form.html", form=form, post=post), _code()


# --- one post ----------------------------------------------------------------------------
def _interest_form(post, form=None):
    form = form or InterestForm()
    others = [org for org in queries.member_organisations(current_user) if org.id != post.organisation_id]
    form.organisation.choices = [(org.id, org.name) for org in others]
    return form


def _status_form(post, form=None):
    form = form or StatusForm(data={"status": post.status, "partners": [p.organisation_id for p in post.partners]})
    current = [(post.status, _("Keep the status"))]
    form.status.choices = current + [(s, STATUS_LABELS[s]) for s in services.allowed_statuses(post)]
    form.partners.choices = queries.partner_choices(post)
    return form


def _render_post(post, interest_form=None, status_form=None, code=200):
    matches = match_list(current_user, post)
    own = queries.conversation_of(post, current_user.member_org_ids() - {post.organisation_id})
    interests = queries.interests_received(post) if can(current_user, "partnerships.view_interests", post) else []
    return render_template(
        "partnerships/show.html", post=post, matches=matches[:SHORT_MATCHES], match_count=len(matches),
        interests=interests, own_conversation=own, interest_form=_interest_form(post, interest_form),
        status_form=_status_form(post, status_form) if can(current_user, "partnerships.edit", post) else None,
        today=local_today()), code


@bp.get("/<int:post_id>")
def show_post(post_id):
    return _render_post(access_partnership_post(current_user, post_id))


@bp.post("/<int:post_id>/interest")
@per_member("INTEREST_RATE_LIMIT")
def express_interest(post_id):
    require(current_user, "account.view", status=401)
    post = access_partnership_post(current_user, post_id)
    form = _interest_form(post)
    if form.validate_on_submit():
        try:
            conversation = services.express_interest(current_user, post, form.organisation.data, form.message.data)
        except PartnershipError as error:
            show_refusal(form, error)
        else:
            commit()
            flash(_("Your message is sent. The organisation will answer here."), "success")
            return redirect(url_for("partnerships.show_conversation", conversation_id=conversation.id))
    return _render_post(post, interest_form=form, code=400)


@bp.post("/<int:post_id>/status")
def change_status(post_id):
    require(current_user, "account.view", status=401)
    post = access_partnership_post(current_user, post_id)
    require(current_user, "partnerships.edit", post)
    form = _status_form(post, StatusForm())
    if form.validate_on_submit():
        try:
            services.change_status(current_user, post, form.status.data, form.partners.data or [],
                                   form.other_partner.data or "")
        except PartnershipError as error:
            show_refusal(form, error)
        else:
            commit()
            flash(_("The status of the post is saved."), "success")
            return redirect(url_for("partnerships.show_post", post_id=post.id))
    return _render_post(post, status_form=form, code=400)


# --- matches -----------------------------------------------------------------------------
def _match_kind():
    kind = request.args.get("kind")
    return kind if kind in ("organisation", "post") else None


@bp.get("/<int:post_id>/matches")
def matches(post_id):
    post = access_partnership_post(current_user, post_id)
    kind = _match_kind()
    page = queries.ListPage(match_list(current_user, post, kind=kind), _page(), MATCHES_PER_PAGE)
    return render_template("partnerships/matches.html", post=post, page=page, kind=kind)


@bp.get("/<int:post_id>/matches.json")
def matches_json(post_id):
    post = access_partnership_post(current_user, post_id)
    rows = match_list(current_user, post, kind=_match_kind())[:]
    return jsonify(
        id=post.id, kind=post.kind, title=post.title, status=post.effective_status(),
        organisation=post.organisation.slug, sector=post.organisation.sector, themes=post.themes,
        target_groups=post.target_groups, counties=post.places, sectors_sought=post.sectors_sought,
        languages=post.languages, candidates=[_candidate_json(row) for row in rows])


def _candidate_json(row) -> dict:
    candidate = row.match.candidate
    found = {"kind": candidate.kind, "sector": row.sector, "verified": row.verified, "score": row.match.score,
             "reasons": [as_dict(reason) for reason in row.match.reasons]}
    if candidate.kind == "organisation":
        return {**found, "slug": candidate.key, "name": row.name}
    return {**found, "id": candidate.key, "title": row.name, "post_kind": row.post_kind,
            "organisation": row.organisation_slug, "deadline": row.deadline.isoformat() if row.deadline else None}


@bp.get("/my-matches")
def my_matches():
    require(current_user, "account.view", status=401)
    admin_of = [org for org in queries.member_organisations(current_user) if org.id in current_user.admin_org_ids()]
    if not admin_of:
        return render_template("partnerships/my_matches.html", organisations=[], org=None, page=None)
    wanted = int_arg("org")
    org = next((o for o in admin_of if o.id == wanted), admin_of[0])
    require(current_user, "partnerships.view_org_matches", org)
    rows = queries.matches_for_organisation(current_user, org)
    page = queries.ListPage(rows, _page(), MATCHES_PER_PAGE)
    return render_template("partnerships/my_matches.html", organisations=admin_of, org=org, page=page)


# --- conversations -----------------------------------------------------------------------
@bp.get("/conversations/")
def list_conversations():
    require(current_user, "account.view", status=401)
    return render_template("partnerships/conversations.html",
                           conversations=queries.conversations_of(current_user))


def _render_conversation(conversation, message_form=None, report_form=None, resolve_form=None, code=200):
    return render_template(
        "partnerships/conversation.html", conversation=conversation, post=conversation.post,
        messages=queries.messages_of(conversation), message_form=message_form or MessageForm(),
        report_form=report_form or ReportForm(), resolve_form=resolve_form or ResolveForm()), code


@bp.get("/conversations/<int:conversation_id>")
def show_conversation(conversation_id):
    require(current_user, "account.view", status=401)
    return _render_conversation(access_conversation(current_user, conversation_id))


@bp.post("/conversations/<int:conversation_id>")
@per_member("MESSAGE_RATE_LIMIT")
def post_message(conversation_id):
    require(current_user, "account.view", status=401)
    conversation = access_conversation(current_user, conversation_id)
    require(current_user, "partnerships.write_message", conversation)
    form = MessageForm()
    if form.validate_on_submit():
        try:
            services.post_message(current_user, conversation, form.message.data)
        except PartnershipError as error:
            show_refusal(form, error)
        else:
            commit()
            flash(_("Your message is sent."), "success")
            return redirect(url_for("partnerships.show_conversation", conversation_id=conversation.id))
    return _render_conversation(conversation, message_form=form, code=400)


@bp.post("/conversations/<int:conversation_id>/report")
@per_member("REPORT_RATE_LIMIT")
def report_conversation(conversation_id):
    require(current_user, "account.view", status=401)
    conversation = access_conversation(current_user, conversation_id)
    form = ReportForm()
    if form.validate_on_submit():
        try:
            services.report_conversation(current_user, conversation, form.reason.data)
        except PartnershipError as error:
            show_refusal(form, error)
        else:
            commit()
            flash(_("Thank you. The network secretariat will look at this conversation."), "success")
            return redirect(url_for("partnerships.show_conversation", conversation_id=conversation.id))
    return _render_conversation(conversation, report_form=form, code=400)


@bp.get("/reports")
def list_reports():
    require(current_user, "account.view", status=401)
    require(current_user, "partnerships.moderate")
    return render_template("partnerships/reports.html", conversations=queries.reported_conversations())


@bp.post("/conversations/<int:conversation_id>/resolve")
def resolve_report(conversation_id):
    require(current_user, "account.view", status=401)
    conversation = access_conversation(current_user, conversation_id)
    require(current_user, "partnerships.moderate")
    form = ResolveForm()
    if not form.validate_on_submit():
        return _render_conversation(conversation, resolve_form=form, code=400)
    try:
        services.resolve_report(current_user, conversation, form.note.data or "")
    except PartnershipError as error:
        flash(error.message, "error")
    else:
        commit()
        flash(_("The report is resolved."), "success")
    return redirect(url_for("partnerships.list_reports"))


# --- home page ---------------------------------------------------------------------------
@home_section("partnerships")
def _home_section() -> dict:
    return {"posts": queries.newest_active_posts(current_user, limit=5)}
