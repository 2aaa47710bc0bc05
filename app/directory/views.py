"""The organisation directory: list with filters, profiles, the verification queue, exports.

Membership pages (members, invitations, join requests) are in member_views.py on the same blueprint.
"""
import json

from flask import Blueprint, Response, flash, redirect, render_template, request, url_for
from flask_login import current_user, login_required

from app.db import commit
from app.directory import cards, export, queries, services
from app.directory.forms import DirectoryFilters, JoinForm, OrganisationForm, RefuseForm
from app.forms import facet, taxonomy_values
from app.i18n import gettext as _, lazy_gettext as _l
from app.main.views import home_section
from app.permissions import access_org, can, require
from app.refusals import show_refusal
from app.security import safe_next_url

bp = Blueprint("directory", __name__, url_prefix="/orgs")

# The list's filters: (URL parameter, legend, vocabulary or None for verified).
FACETS = (
    ("sector", _l("Sector"), "sectors"),
    ("type", _l("Type of organisation"), "org_types"),
    ("theme", _l("Thematic area"), "thematic_areas"),
    ("county", _l("County"), "counties"),
    ("language", _l("Language"), "languages"),
    ("target_group", _l("Target group"), "target_groups"),
    ("verified", _l("Verification"), None),
)
MEMBERS_SHOWN = 50  # on the profile page, for its members and the secretariat (a big organisation has hundreds)
VERIFIED_LABELS = {"yes": _l("Verified by the secretariat"), "no": _l("Awaiting verification")}


bp.add_app_template_global(cards.kept_org_card, "kept_org_card")


def facet_options(filters: DirectoryFilters, counts: dict) -> list[dict]:
    """Each filter's values with their counts: the chosen ones and those that would give results."""
    facets = []
    for name, legend, vocabulary in FACETS:
        if vocabulary is None:
            values = [(value, VERIFIED_LABELS[value]) for value in ("yes", "no")]
        else:
            values = taxonomy_values(vocabulary)
        found = facet(name, legend, values, filters, counts)
        if found and (vocabulary is not None or len(found["options"]) > 1 or filters.selected(name)):
            facets.append(found)
    return facets


def _user():
    return current_user._get_current_object()


@bp.get("/")
def list_orgs():
    filters = DirectoryFilters.from_args(request.args)
    page = queries.list_orgs(current_user, filters)
    facets = facet_options(filters, queries.facet_counts(current_user, filters))
    return render_template("directory/list.html", page=page, filters=filters, facets=facets)


@bp.get("/export.csv")
def export_csv():
    orgs = queries.export_orgs(current_user, DirectoryFilters.from_args(request.args))
    response = Response(export.to_csv(orgs), mimetype="text/csv")
    response.headers["Content-Disposition"] = 'attachment; filename="organisations.csv"'
    return response


@bp.get("/export.json")
def export_json():
    filters = DirectoryFilters.from_args(request.args)
    document = export.to_hsds(queries.export_orgs(current_user, filters), filters.as_args())
    return Response(json.dumps(document, ensure_ascii=False, indent=1), mimetype="application/json")


@bp.route("/new", methods=["GET", "POST"])
@login_required
def new_org():
    require(current_user, "directory.create")
    form = OrganisationForm()
    if request.method == "GET":
        form.languages.data = ["pl"]
    if form.validate_on_submit():
        try:
            org = services.create_org(_user(), **form.profile_values())
        except services.DirectoryError as error:
            show_refusal(form, error)
        else:
            commit()
            flash(_("The organisation is in the directory. The secretariat will verify it soon; "
                    "until then only its members can see it."), "success")
            return redirect(url_for("directory.show_org", slug=org.slug))
    return render_template("directory/form.html", form=form, org=None)


@bp.get("/pending")
@login_required
def pending_orgs():
    require(current_user, "directory.verify")
    return _verification_queue()


def _verification_queue(failed_refusal: RefuseForm | None = None, refused_id: int | None = None) -> str:
    """The queue page; a refusal that failed keeps its form (what was typed, its message)."""
    orgs = queries.list_pending_orgs()
    forms = {org.id: failed_refusal if org.id == refused_id else RefuseForm(prefix=f"refuse-{org.id}")
             for org in orgs}
    return render_template("directory/pending.html", orgs=orgs, refuse_forms=forms,
                           clashes=queries.list_registry_clashes(orgs))


@bp.get("/<slug>")
def show_org(slug):
    org = access_org(current_user, slug)
    # The join form only for those who may ask: a form sets a CSRF token (a session cookie),
    # which a reader who is not signed in does not need and which keeps the page out of the
    # anonymous page cache.
    return render_org_page(org, JoinForm() if can(current_user, "directory.request_join", org) else None)


def render_org_page(org, join_form, status: int = 200):
    """The profile page; join_form comes back with its errors and text after a refused request."""
    members, member_count = (queries.members_shown(org, MEMBERS_SHOWN)
                             if can(current_user, "directory.view_members", org) else ([], 0))
    return render_template("directory/show.html", org=org, members=members, member_count=member_count,
                           membership=queries.get_membership(org, current_user), join_form=join_form), status


@bp.route("/<slug>/edit", methods=["GET", "POST"])
@login_required
def edit_org(slug):
    org = access_org(current_user, slug)
    require(current_user, "directory.edit", org)
    form = OrganisationForm()
    if request.method == "GET":
        form.fill_from(org)
    if form.validate_on_submit():
        try:
            services.update_org(_user(), org, **form.profile_values())
        except services.DirectoryError as error:
            show_refusal(form, error)
        else:
            commit()
            flash(_("The profile is saved."), "success")
            return redirect(url_for("directory.show_org", slug=org.slug))
    return render_template("directory/form.html", form=form, org=org)


@bp.post("/<slug>/verify")
@login_required
def verify_org(slug):
    org = access_org(current_user, slug)
    require(current_user, "directory.verify", org)
    services.verify_org(_user(), org)
    commit()
    flash(_("“%(name)s” is verified and visible to everyone.", name=org.name), "success")
    return redirect(safe_next_url(request.form.get("next"), url_for("directory.pending_orgs")))


@bp.post("/<slug>/refuse")
@login_required
def refuse_org(slug):
    org = access_org(current_user, slug)
    require(current_user, "directory.verify", org)
    form = RefuseForm(prefix=f"refuse-{org.id}")
    if form.validate_on_submit():
        services.refuse_org(_user(), org, form.reason.data)
        commit()
        flash(_("“%(name)s” was not verified; its admins are told why.", name=org.name), "success")
        return redirect(url_for("directory.pending_orgs"))
    return _verification_queue(form, org.id)


@home_section("directory")
def newest_orgs() -> dict:
    return {"orgs": queries.list_recent_orgs()}


from app.directory import member_views  # noqa: E402,F401  (routes on bp)
