"""The knowledge library (/library/): list with filters, a page per document, publishing, the feed."""
from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_login import current_user, login_required

from app.db import commit, utcnow
from app.directory.queries import get_org
from app.feeds import atom_response
from app.forms import facet, taxonomy_values
from app.i18n import gettext as _, lazy_gettext as _l
from app.inputs import to_id
from app.library import queries, services
from app.library.forms import SECRETARIAT, DocumentForm, FollowForm, LibraryFilters, ModerateForm
from app.library.models import DOCUMENT_TYPES
from app.main.views import home_section
from app.permissions import access_library_document, can, require
from app.site import accepts_uploads
from app.refusals import show_refusal

bp = Blueprint("library", __name__, url_prefix="/library")

# The list's filters: (URL parameter, legend, vocabulary or None for the document type).
FACETS = (
    ("type", _l("Type of document"), None),
    ("theme", _l("Thematic area"), "thematic_areas"),
    ("county", _l("County"), "counties"),
    ("language", _l("Language of the document"), "languages"),
    ("target_group", _l("Target group"), "target_groups"),
)


def facet_options(filters: LibraryFilters, counts: dict) -> list[dict]:
    """Each filter's values with their counts: the chosen ones and those that would give results."""
    facets = []
    for name, legend, vocabulary in FACETS:
        values = list(DOCUMENT_TYPES.items()) if vocabulary is None else taxonomy_values(vocabulary)
        found = facet(name, legend, values, filters, counts)
        if found:
            facets.append(found)
    return facets


def _user():
    return current_user._get_current_object()


@bp.get("/")
def list_documents():
    filters = LibraryFilters.from_args(request.args)
    page = queries.list_documents(current_user, filters)
    facets = facet_options(filters, queries.facet_counts(current_user, filters))
    featured = [] if filters.is_filtered or filters.page > 1 else queries.list_featured(current_user)
    return render_template("library/list.html", page=page, filters=filters, facets=facets, featured=featured)


@bp.get("/feed.atom")
def feed():
    """Atom feed of the newest documents; the list's filters (?theme=…) narrow it."""
    documents = queries.feed_documents(current_user, LibraryFilters.from_args(request.args))
    body = render_template("library/feed.atom.xml", documents=documents)
    return atom_response(body, max((d.updated_at for d in documents), default=None))


@bp.get("/<int:document_id>")
def show_document(document_id):
    document = access_library_document(current_user, document_id)
    form = ModerateForm() if can(current_user, "library.feature", document) else None
    return render_template("library/show.html", document=document, moderate_form=form)


def _publishers(user) -> list[tuple[str, str]]:
    choices = [(str(org.id), org.name) for org in queries.list_publishers(user)]
    if can(user, "library.feature"):
        choices.insert(0, (SECRETARIAT, _("The network secretariat")))
    return choices


def _chosen_organisation(form):
    """The organisation chosen as publisher (None for the secretariat); 404 for a hand-made value."""
    if form.publisher.data == SECRETARIAT:
        return None
    return get_org(to_id(form.publisher.data) or abort(404)) or abort(404)


@bp.route("/new", methods=["GET", "POST"])
@login_required
@accepts_uploads
def new_document():
    require(current_user, "library.publish")
    form = DocumentForm(publishers=_publishers(current_user))
    if request.method == "GET":
        form.published_on.data = utcnow().date()
    if form.validate_on_submit():
        try:
            document = services.create_document(_user(), _chosen_organisation(form), form.document_values(),
                                                form.file.bytes, getattr(form.file.data, "filename", None))
        except services.LibraryError as error:
            show_refusal(form, error)
        else:
            commit()
            flash(_("The document is in the library."), "success")
            return redirect(url_for(".show_document", document_id=document.id))
    return render_template("library/form.html", form=form, document=None), 400 if form.errors else 200


@bp.route("/<int:document_id>/edit", methods=["GET", "POST"])
@login_required
@accepts_uploads
def edit_document(document_id):
    document = access_library_document(current_user, document_id)
    require(current_user, "library.edit", document)
    publisher = [(str(document.organisation_id), document.organisation.name)] if document.organisation else [
        (SECRETARIAT, _("The network secretariat"))]
    form = DocumentForm(publishers=publisher, has_file=document.file is not None)
    if request.method == "GET":
        form.fill_from(document)
    if form.validate_on_submit():
        try:
            services.update_document(_user(), document, form.document_values(), form.file.bytes,
                                     getattr(form.file.data, "filename", None))
        except services.LibraryError as error:
            show_refusal(form, error)
        else:
            commit()
            flash(_("The document was saved."), "success")
            return redirect(url_for(".show_document", document_id=document.id))
    return render_template("library/form.html", form=form, document=document), 400 if form.errors else 200


@bp.post("/<int:document_id>/<any(feature, unfeature, retire, restore):action>")
@login_required
def moderate_document(document_id, action):
    document = access_library_document(current_user, document_id)
    require(current_user, "library.feature", document)
    if ModerateForm().validate_on_submit():
        if action in ("feature", "unfeature"):
            services.set_featured(_user(), document, action == "feature")
        else:
            services.set_retired(_user(), document, action == "retire")
        commit()
        flash(_("The document was updated."), "success")
    return redirect(url_for(".show_document", document_id=document.id))


@bp.route("/follow", methods=["GET", "POST"])
@login_required
def follow_themes():
    require(current_user, "notifications.view")
    form = FollowForm()
    if request.method == "GET":
        form.themes.data = queries.list_followed_themes(current_user)
    if form.validate_on_submit():
        services.set_followed_themes(_user(), form.themes.data or [])
        commit()
        flash(_("Your themes are saved."), "success")
        return redirect(url_for(".list_documents"))
    return render_template("library/follow.html", form=form)


@home_section("library")
def newest_documents() -> dict:
    return {"documents": queries.list_recent_documents(current_user)}
