"""Safe defaults. Overrides come from instance/config.py, then the environment."""
import os

from app import site

DEV_SECRET_KEY = "dev-only-secret-key-change-me"

# Values read from the environment when set; MAIL_PORT and booleans are converted.
RATE_LIMIT_SETTINGS = (
    "LOGIN_RATE_LIMIT", "LOGIN_ACCOUNT_RATE_LIMIT", "REGISTER_RATE_LIMIT", "RESET_RATE_LIMIT",
    "THREAD_RATE_LIMIT", "REPLY_RATE_LIMIT", "PARTNERSHIP_POST_RATE_LIMIT", "INTEREST_RATE_LIMIT",
    "MESSAGE_RATE_LIMIT", "REPORT_RATE_LIMIT", "EVENT_REGISTRATION_RATE_LIMIT", "EVENT_MESSAGE_RATE_LIMIT",
)
ENV_SETTINGS = (
    "SECRET_KEY", "DATABASE_URL", "FORUM_ENV", "SITE_URL", "TRUSTED_PROXIES", "REDIS_URL",
    "MAIL_SERVER", "MAIL_PORT", "MAIL_USERNAME", "MAIL_PASSWORD", "MAIL_USE_TLS", "MAIL_USE_SSL",
    "MAIL_DEFAULT_SENDER", "RATELIMIT_STORAGE_URI", "SEARCH_INDEX_DIR", "SEARCH_BACKEND", "LOG_FORMAT", "LOG_LEVEL",
    "ACCESS_LOG", "PAGE_CACHE_STORE", "WEB_WORKERS", "SECRETARIAT_EMAIL", "MAX_UPLOAD_BYTES",
    "ORGANISATION_QUOTA_BYTES",
) + RATE_LIMIT_SETTINGS
BOOLEAN_SETTINGS = {"MAIL_USE_TLS", "MAIL_USE_SSL", "ACCESS_LOG"}
INTEGER_SETTINGS = {"MAIL_PORT", "TRUSTED_PROXIES", "WEB_WORKERS", "MAX_UPLOAD_BYTES", "ORGANISATION_QUOTA_BYTES"}


class DefaultConfig:
    FORUM_ENV = "development"  # "production" enforces a real secret and secure cookies
    SECRET_KEY = DEV_SECRET_KEY
    DATABASE_URL = None  # None: SQLite file in the instance folder
    SITE_URL = None  # the canonical external address (app/site.py); required in production
    TRUSTED_PROXIES = 0  # proxies in front of the app whose X-Forwarded-* headers are believed
    REDIS_URL = None  # shared state for several workers and machines: rate limits, page cache
    WEB_WORKERS = None  # processes serving the site (gunicorn.conf.py sets it)
    SQLALCHEMY_ENGINE_OPTIONS = {"pool_pre_ping": True}

    LANGUAGES = ("pl", "en", "uk")
    BABEL_DEFAULT_LOCALE = "pl"
    BABEL_DEFAULT_TIMEZONE = "Europe/Warsaw"

    WTF_CSRF_TIME_LIMIT = None  # tokens live as long as the session; a long form stays valid
    SESSION_COOKIE_HTTPONLY = True
    SESSION_COOKIE_SAMESITE = "Lax"
    REMEMBER_COOKIE_HTTPONLY = True
    REMEMBER_COOKIE_SAMESITE = "Lax"
    REMEMBER_COOKIE_DURATION = 60 * 60 * 24 * 30

    RATELIMIT_STORAGE_URI = None  # None: REDIS_URL when set, else memory:// (per worker process)
    RATELIMIT_KEY_PREFIX = "forum-limits"
    RATELIMIT_HEADERS_ENABLED = True
    RATELIMIT_SWALLOW_ERRORS = True  # Redis down: log it and serve the site, unlimited, rather than fail
    # Limits (app/limits.py): per client address, per account tried, or per signed-in user.
    LOGIN_RATE_LIMIT = "10 per minute;50 per hour"  # per client address
    LOGIN_ACCOUNT_RATE_LIMIT = "10 per minute;30 per hour"  # per e-mail address tried, failed attempts
    REGISTER_RATE_LIMIT = "5 per minute;30 per hour"
    RESET_RATE_LIMIT = "5 per minute;30 per hour"
    THREAD_RATE_LIMIT = "5 per minute;30 per hour"
    REPLY_RATE_LIMIT = "10 per minute;120 per hour"
    PARTNERSHIP_POST_RATE_LIMIT = "3 per minute;20 per hour"
    INTEREST_RATE_LIMIT = "5 per minute;30 per hour"
    MESSAGE_RATE_LIMIT = "10 per minute;120 per hour"
    REPORT_RATE_LIMIT = "5 per minute;30 per hour"
    EVENT_REGISTRATION_RATE_LIMIT = "10 per minute;60 per hour"
    EVENT_MESSAGE_RATE_LIMIT = "3 per minute;20 per day"  # an organiser writing to registrants

    LOG_LEVEL = "INFO"
    LOG_FORMAT = "text"  # "json": one JSON object per line (app/logs.py)
    ACCESS_LOG = True  # one line per request

    MAIL_SERVER = None  # None: mail is written to the log and to instance/mail/
    MAIL_PORT = 25
    MAIL_USERNAME = None
    MAIL_PASSWORD = None
    MAIL_USE_TLS = False
    MAIL_USE_SSL = False
    MAIL_DEFAULT_SENDER = "Małopolska Otwarta <no-reply@forum.malopolska.test>"
    SECRETARIAT_EMAIL = "sekretariat@forum.malopolska.test"  # shown on the help page, the same on every page's footer
    MAIL_TIMEOUT = 10
    MAIL_SUPPRESS_SEND = False  # True: nothing is sent (seed-demo sets it: the demo addresses are made up)

    CONFIRM_TOKEN_MAX_AGE = 60 * 60 * 24 * 3
    RESET_TOKEN_MAX_AGE = 60 * 60 * 2
    PER_PAGE = 20
    MAX_CONTENT_LENGTH = 2 * 1024 * 1024
    # Files (app/files/storage.py): bytes in the shared database. Upload forms (views marked
    # accepts_uploads) take a body up to MAX_UPLOAD_BYTES plus UPLOAD_REQUEST_MARGIN, so a file a
    # little too big gets its message next to the field instead of a bare 413 page.
    MAX_UPLOAD_BYTES = 20 * 1024 * 1024
    UPLOAD_REQUEST_MARGIN = 5 * 1024 * 1024
    MAX_ATTACHMENTS_PER_ITEM = 10
    ORGANISATION_QUOTA_BYTES = 500 * 1024 * 1024  # an organisation's files (logo, posts, library); 0: no quota
    FILE_TEXT_MAX_CHARS = 200_000  # text read from a document for search
    FILE_TEXT_SECONDS = 5.0  # reading a document's text stops after this long
    SEARCH_INDEX_DIR = None  # None: instance/search-index (the Whoosh backend's index)
    # "whoosh" or "postgres" (app/search/backends.py); None: postgres on PostgreSQL, whoosh on SQLite
    SEARCH_BACKEND = None

    # Pages for visitors who are not signed in (app/page_cache.py); 0 turns the cache off.
    ANONYMOUS_PAGE_CACHE_SECONDS = 60
    CACHE_TYPE = "SimpleCache"  # per worker process; the key holds the data's generation
    PAGE_CACHE_STORE = "process"  # "redis": pages kept in REDIS_URL, shared by every worker
    CACHE_THRESHOLD = 300  # pages per worker (at most 256 KB each, typically 20–60 KB)
    # The generation is a counter in REDIS_URL when set, else the file PAGE_CACHE_GENERATION_FILE
    # (None: instance/page-cache-generation), see app/page_cache.py


def read_environment(environ=os.environ) -> dict:
    """Settings given as environment variables, converted to their types."""
    values = {}
    for name in ENV_SETTINGS:
        if name not in environ:
            continue
        raw = environ[name]
        if name in BOOLEAN_SETTINGS:
            values[name] = raw.strip().lower() in ("1", "true", "yes", "on")
        elif name in INTEGER_SETTINGS:
            try:
                values[name] = int(raw)
            except ValueError:
                raise RuntimeError(f"The environment variable {name} must be a whole number (got {raw!r}).") from None
        else:
            values[name] = raw
    return values


def finish_config(config, instance_path: str) -> None:
    """Derive paths and production settings from what was configured."""
    if not config.get("SQLALCHEMY_DATABASE_URI"):
        url = config.get("DATABASE_URL") or "sqlite:///" + os.path.join(instance_path, "forum.sqlite3")
        if url.startswith("postgres://"):
            url = "postgresql+psycopg://" + url[len("postgres://"):]
        elif url.startswith("postgresql://"):
            url = "postgresql+psycopg://" + url[len("postgresql://"):]
        config["SQLALCHEMY_DATABASE_URI"] = url
    config.setdefault("MAIL_FILE_DIR", os.path.join(instance_path, "mail"))
    if not config.get("SEARCH_INDEX_DIR"):
        config["SEARCH_INDEX_DIR"] = os.path.join(instance_path, "search-index")
    from app.search.backends import configure as configure_search

    configure_search(config)
    if config.get("MAIL_BACKEND") is None:
        config["MAIL_BACKEND"] = "smtp" if config.get("MAIL_SERVER") else "file"
    config["RATELIMIT_STORAGE_URI"] = (config.get("RATELIMIT_STORAGE_URI") or config.get("REDIS_URL")
                                       or "memory://")
    if config.get("REDIS_URL") and config.get("PAGE_CACHE_STORE") == "redis":
        config["CACHE_TYPE"] = "RedisCache"
        config["CACHE_REDIS_URL"] = config["REDIS_URL"]
        config.setdefault("CACHE_KEY_PREFIX", "forum-pages:")
    site.configure_site_address(config)
    if is_production(config):
        if config["SECRET_KEY"] in (None, "", DEV_SECRET_KEY):
            raise RuntimeError(
                "Refusing to start in production with the development SECRET_KEY. "
                "Set SECRET_KEY in the environment or in instance/config.py."
            )
        if not config.get("SITE_URL"):
            raise RuntimeError(
                "Refusing to start in production without SITE_URL, the site's public address "
                "(e.g. export SITE_URL=https://forum.example.org): links in e-mails and feeds need it."
            )
        config["SESSION_COOKIE_SECURE"] = True
        config["REMEMBER_COOKIE_SECURE"] = True
        config.setdefault("PREFERRED_URL_SCHEME", "https")


def is_production(config) -> bool:
    return config.get("FORUM_ENV") == "production" and not config.get("TESTING")
