"""Safe defaults. Overrides come from instance/config.py, then the environment."""
import os

DEV_SECRET_KEY = "dev-only-secret-key-change-me"

# Values read from the environment when set; MAIL_PORT and booleans are converted.
ENV_SETTINGS = (
    "SECRET_KEY", "DATABASE_URL", "FORUM_ENV", "MAIL_SERVER", "MAIL_PORT", "MAIL_USERNAME",
    "MAIL_PASSWORD", "MAIL_USE_TLS", "MAIL_USE_SSL", "MAIL_DEFAULT_SENDER",
    "RATELIMIT_STORAGE_URI", "SERVER_NAME", "PREFERRED_URL_SCHEME", "SEARCH_INDEX_DIR",
)
BOOLEAN_SETTINGS = {"MAIL_USE_TLS", "MAIL_USE_SSL"}
INTEGER_SETTINGS = {"MAIL_PORT"}


class DefaultConfig:
    FORUM_ENV = "development"  # "production" enforces a real secret and secure cookies
    SECRET_KEY = DEV_SECRET_KEY
    DATABASE_URL = None  # None: SQLite file in the instance folder
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

    RATELIMIT_STORAGE_URI = "memory://"
    RATELIMIT_HEADERS_ENABLED = True
    LOGIN_RATE_LIMIT = "10 per minute;50 per hour"
    REGISTER_RATE_LIMIT = "5 per minute;30 per hour"
    RESET_RATE_LIMIT = "5 per minute;30 per hour"

    MAIL_SERVER = None  # None: mail is written to the log and to instance/mail/
    MAIL_PORT = 25
    MAIL_USERNAME = None
    MAIL_PASSWORD = None
    MAIL_USE_TLS = False
    MAIL_USE_SSL = False
    MAIL_DEFAULT_SENDER = "Małopolska Otwarta <no-reply@forum.malopolska.test>"
    MAIL_TIMEOUT = 10
    MAIL_SUPPRESS_SEND = False  # True: nothing is sent (seed-demo sets it: the demo addresses are made up)

    CONFIRM_TOKEN_MAX_AGE = 60 * 60 * 24 * 3
    RESET_TOKEN_MAX_AGE = 60 * 60 * 2
    PER_PAGE = 20
    MAX_CONTENT_LENGTH = 2 * 1024 * 1024
    SEARCH_INDEX_DIR = None  # None: instance/search-index

    # Pages for visitors who are not signed in (app/page_cache.py); 0 turns the cache off.
    ANONYMOUS_PAGE_CACHE_SECONDS = 60
    CACHE_TYPE = "SimpleCache"  # per worker process; the key holds the data's generation
    CACHE_THRESHOLD = 300  # pages per worker (at most 256 KB each, typically 20–60 KB)
    # PAGE_CACHE_GENERATION_FILE: None means instance/page-cache-generation (see app/page_cache.py)


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
            values[name] = int(raw)
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
    if config.get("MAIL_BACKEND") is None:
        config["MAIL_BACKEND"] = "smtp" if config.get("MAIL_SERVER") else "file"
    if is_production(config):
        if config["SECRET_KEY"] in (None, "", DEV_SECRET_KEY):
            raise RuntimeError(
                "Refusing to start in production with the development SECRET_KEY. "
                "Set SECRET_KEY in the environment or in instance/config.py."
            )
        config["SESSION_COOKIE_SECURE"] = True
        config["REMEMBER_COOKIE_SECURE"] = True
        config.setdefault("PREFERRED_URL_SCHEME", "https")


def is_production(config) -> bool:
    return config.get("FORUM_ENV") == "production" and not config.get("TESTING")
