"""Małopolska Otwarta · Forum Współpracy: the application factory."""
import importlib
import os

from flask import Flask

from app import config as default_config
from app import extensions, inputs
from app.site import SiteFlask

# Domain packages, in the order their blueprints, permission rules and demo data load.
DOMAINS = (
    "main", "auth", "account", "directory", "forums", "events", "partnerships", "files", "library",
    "notifications", "search", "secretariat", "grants",
)


def create_app(test_config: dict | None = None, instance_path: str | None = None) -> Flask:
    """The application; instance_path (default: instance/ beside app/) holds this machine's local files."""
    app = SiteFlask(__name__, instance_path=instance_path, instance_relative_config=True)
    _configure(app, test_config)
    _init_logging(app)
    _init_extensions(app)
    inputs.init_app(app)  # before the blueprints: their routes need its converters
    _register_blueprints(app)
    _register_request_hooks(app)
    from app.errors import register_error_handlers
    from app.cli import register_commands

    register_error_handlers(app)
    register_commands(app)
    return app


def _configure(app: Flask, test_config: dict | None) -> None:
    app.config.from_object(default_config.DefaultConfig)
    if test_config is None:
        app.config.from_pyfile("config.py", silent=True)
        app.config.update(default_config.read_environment())
    else:
        app.config.update(test_config)
    os.makedirs(app.instance_path, exist_ok=True)
    default_config.finish_config(app.config, app.instance_path)


def _init_logging(app: Flask) -> None:
    from app import logs
    from app.shared_state import warn_without_shared_state
    from app.site import trust_proxies

    logs.init_app(app)  # first: its request id and timing cover every later hook
    trust_proxies(app)
    warn_without_shared_state(app)


def _init_extensions(app: Flask) -> None:
    from app.i18n import lazy_gettext as _l

    from app import i18n
    from app.auth.services import load_user_from_session
    from app.permissions import AnonymousUser

    ext = extensions
    ext.db.init_app(app)
    ext.migrate.init_app(app, ext.db, directory=os.path.join(os.path.dirname(app.root_path), "migrations"),
                     render_as_batch=True)
    ext.csrf.init_app(app)
    ext.limiter.init_app(app)
    ext.mail.init_app(app)
    ext.babel.init_app(app, locale_selector=i18n.select_locale,
                   default_translation_directories=";".join(_translation_directories(app)))
    i18n.install_template_gettext(app.jinja_env)  # replaces Flask-Babel's: the same strings, found faster
    ext.login_manager.init_app(app)
    ext.login_manager.anonymous_user = AnonymousUser
    ext.login_manager.user_loader(load_user_from_session)
    ext.login_manager.login_view = "auth.login"
    ext.login_manager.login_message = _l("Please log in to access this page.")  # Flask-Login's is English only
    ext.login_manager.localize_callback = str  # flashed as plain text, in the visitor's language
    ext.login_manager.session_protection = "basic"


def _translation_directories(app: Flask) -> list[str]:
    """The core catalogue and each domain's own (app/<domain>/translations), merged by Flask-Babel."""
    directories = [os.path.join(app.root_path, "translations")]
    for domain in DOMAINS:
        path = os.path.join(app.root_path, domain, "translations")
        if os.path.isdir(path):
            directories.append(path)
    return directories


def _domain_module(domain: str, module: str):
    """app.<domain>.<module>, or None while that part does not exist yet."""
    if importlib.util.find_spec(f"app.{domain}") is None:
        return None
    if importlib.util.find_spec(f"app.{domain}.{module}") is None:
        return None
    return importlib.import_module(f"app.{domain}.{module}")


def _register_blueprints(app: Flask) -> None:
    for domain in DOMAINS:
        _domain_module(domain, "models")  # every table known to SQLAlchemy and Alembic
    for domain in DOMAINS:
        views = _domain_module(domain, "views")
        if views is not None:
            app.register_blueprint(views.bp)


def _register_request_hooks(app: Flask) -> None:
    from app import feeds, page_cache, templating
    from app.security import set_security_headers

    app.after_request(set_security_headers)
    page_cache.init_app(app)
    templating.init_app(app)
    feeds.init_app(app)
