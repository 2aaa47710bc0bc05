# Copy to instance/config.py and adjust. Environment variables override these values.
# See docs/deploy.md for a whole production setup.
# FORUM_ENV = "production"
# SECRET_KEY = "a long random string: python -c 'import secrets; print(secrets.token_hex(32))'"
# SITE_URL = "https://forum.example.org"   # required in production: every absolute link is built from it
# TRUSTED_PROXIES = 1                       # behind nginx: believe one hop of X-Forwarded-*
# DATABASE_URL = "postgresql+psycopg://forum:password@127.0.0.1/forum"
# REDIS_URL = "redis://127.0.0.1:6379/0"    # shared rate limits and page-cache generation (several workers/machines)
# SEARCH_BACKEND = "postgres"               # default: postgres on PostgreSQL (shared by every machine), whoosh on SQLite
# MAIL_SERVER = "smtp.example.org"
# MAIL_PORT = 587
# MAIL_USE_TLS = True
# MAIL_USERNAME = "forum@example.org"
# MAIL_PASSWORD = "..."
# MAIL_DEFAULT_SENDER = "Małopolska Otwarta <forum@example.org>"
# LOG_FORMAT = "json"                       # one JSON object per log line
# THREAD_RATE_LIMIT = "5 per minute;30 per hour"   # and the other *_RATE_LIMIT settings of app/config.py
