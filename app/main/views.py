"""Home page, health check and the legally required information pages."""
from flask import Blueprint, current_app, jsonify, redirect, render_template, url_for
from sqlalchemy import text

from app.extensions import db

bp = Blueprint("main", __name__)

# Parts of the home page are contributed by the domains: name → function returning context.
HOME_SECTIONS = {}
# The secretariat's announcements come first (the network's news), then what is new for the
# member; the other parts follow in the order their domains load.
HOME_FIRST = ("secretariat", "notifications")


def home_section(name):
    """Register func() -> dict as the data of a home page section (template home/_<name>.html)."""

    def register(func):
        HOME_SECTIONS[name] = func
        return func

    return register


@bp.get("/")
def home():
    order = [name for name in HOME_FIRST if name in HOME_SECTIONS]
    order += [name for name in HOME_SECTIONS if name not in HOME_FIRST]
    sections = {name: HOME_SECTIONS[name]() for name in order}
    return render_template("main/home.html", sections=sections)


@bp.get("/favicon.ico")
def favicon():
    """Browsers and feed readers ask for /favicon.ico whatever the page says: the site's icon."""
    return redirect(url_for("static", filename="favicon.svg"), code=301)


@bp.get("/healthz")
def healthz():
    checks = {"database": _database_answers()}
    from app.main import health  # domains (e.g. search) add their own checks there

    checks.update(health.run_checks())
    ok = all(value == "ok" for value in checks.values())
    # Always the state of this moment: never kept by the page cache or anything between.
    return jsonify(status="ok" if ok else "error", checks=checks, **health.run_details()), 200 if ok else 503, {"Cache-Control": "no-store"}


def _database_answers() -> str:
    try:
        db.session.execute(text("SELECT 1"))
    except Exception:  # any database failure means "not healthy", reported, not raised
        db.session.rollback()
        return "error"
    return "ok"


@bp.get("/help")
def help_page():
    return render_template("main/help.html", secretariat_email=current_app.config["SECRETARIAT_EMAIL"])


@bp.get("/privacy")
def privacy():
    return render_template("main/privacy.html")


@bp.get("/accessibility")
def accessibility():
    return render_template("main/accessibility.html")
