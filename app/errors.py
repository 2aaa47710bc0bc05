"""Error pages in the user's language (HTML), JSON errors for JSON addresses."""
from flask import jsonify, redirect, render_template, request, url_for
from flask_wtf.csrf import CSRFError
from werkzeug.exceptions import HTTPException, InternalServerError, TooManyRequests

from app.extensions import db
from app.i18n import lazy_gettext as _l
from app.logs import log_unexpected_error

MESSAGES = {
    400: (_l("Bad request"), _l("The request could not be understood. Check the address or the form and try again.")),
    403: (_l("No access"), _l("You do not have permission to do this. If you think you should, contact the network secretariat.")),
    404: (_l("Page not found"), _l("There is no page at this address, or you may not see it. Check the address or use the search.")),
    405: (_l("Not allowed"), _l("This address does not accept this kind of request.")),
    413: (_l("Too large"), _l("What you sent is too large. Shorten it and try again.")),
    429: (_l("Too many attempts"), _l("You have tried this too many times in a short time. Wait a minute and try again.")),
    500: (_l("Something went wrong"), _l("An error occurred on our side. It has been logged; please try again later.")),
}
# Never written back into a page: the old form's token (the page renders a fresh one), and any
# field named like a password (see kept_form_fields).
UNKEPT_FIELDS = frozenset(("csrf_token",))
CSRF_MESSAGE = _l("The form has expired or did not come from this site. Go back, reload the page and send it again.")


def wants_json() -> bool:
    return request.path.startswith("/api/") or request.path.endswith(".json")


def render_error(code: int, message=None):
    title, default_message = MESSAGES.get(code, MESSAGES[500])
    message = message or default_message
    if wants_json():
        return jsonify(error=str(title), message=str(message), status=code), code
    return render_template("errors/error.html", code=code, title=title, message=message), code


def handle_http_exception(error: HTTPException):
    if error.code == 401:
        return redirect(url_for("auth.login", next=request.full_path.rstrip("?")))
    if error.code is None or error.code < 400:
        return error
    if isinstance(error, TooManyRequests):
        return handle_too_many_requests(error)
    return render_error(error.code)


def kept_form_fields() -> list[tuple[str, str]]:
    """What the visitor sent, to be sent again from the 429 page (no secrets, nothing empty)."""
    return [(name, value) for name, value in request.form.items(multi=True)
            if value and name not in UNKEPT_FIELDS and "password" not in name]


def handle_too_many_requests(error: TooManyRequests):
    """The limit's page; a form's text comes back on it, ready to be sent again after the wait."""
    fields = kept_form_fields() if request.method == "POST" and not wants_json() else []
    if not fields:
        return render_error(429)
    title, message = MESSAGES[429]
    texts = [value for _name, value in fields if any(ch.isspace() for ch in value)]  # what a person wrote
    page = render_template("errors/too_many.html", code=429, title=title, message=message, fields=fields,
                           texts=texts, action=request.full_path.rstrip("?"))
    return page, 429


def handle_csrf_error(error: CSRFError):
    return render_error(400, CSRF_MESSAGE)


def handle_unexpected_error(error: Exception):
    db.session.rollback()
    if isinstance(error, HTTPException) and not isinstance(error, InternalServerError):
        return handle_http_exception(error)
    log_unexpected_error(error)
    return render_error(500)


def register_error_handlers(app) -> None:
    app.register_error_handler(CSRFError, handle_csrf_error)
    app.register_error_handler(HTTPException, handle_http_exception)
    app.register_error_handler(InternalServerError, handle_unexpected_error)
    if not app.testing:  # tests want the real exception, users want a page
        app.register_error_handler(Exception, handle_unexpected_error)
