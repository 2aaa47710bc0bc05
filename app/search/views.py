"""The search page (/search) and the index's health check."""
from flask import Blueprint, current_app, render_template, request
from flask_login import current_user

from app.inputs import page_arg
from app.main.health import health_check, health_detail
from app.search import backends, documents, models, queries, sync  # noqa: F401  (models: the tables; sync keeps them in step)
from app.search.forms import SearchForm

bp = Blueprint("search", __name__)


@bp.get("/search")
def results():
    form = SearchForm(formdata=request.args)
    text, shortened = form.query_text()
    form.q.data = text
    filters = form.filters()
    outcome = queries.search(current_user, text, filters, page=page_arg())
    if outcome.state == "missing" and current_app.config.get("SEARCH_AUTO_REBUILD", True):
        sync.start_background_rebuild(current_app._get_current_object())
        outcome.state = "rebuilding"
    return render_template(
        "search/results.html", form=form, outcome=outcome, shortened=shortened, chosen_kind=filters.kind,
        filters_used=filters.is_filtered, kinds=documents.kinds(), per_page=queries.PER_PAGE,
        max_length=queries.MAX_QUERY_LENGTH, max_parts=queries.MAX_QUERY_PARTS,
    )


@health_check("search")
def search_health() -> str:
    """"ok" when the backend's documents answer; else "missing", "rebuilding" or "error"."""
    return backends.current().health()


@health_detail("search_backend")
def search_backend() -> str:
    """The backend in use: "whoosh" or "postgres" (SEARCH_BACKEND)."""
    return backends.current().NAME
