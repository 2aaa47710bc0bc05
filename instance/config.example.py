# Copy to instance/config.py and adjust. Environment variables override these values.
# FORUM_ENV = "production"
# SECRET_KEY = "a long random string: python -c 'import secrets; print(secrets.token_hex(32))'"
# DATABASE_URL = "postgresql+psycopg://forum:password@127.0.0.1/forum"
# MAIL_SERVER = "smtp.example.org"
# MAIL_PORT = 587
# MAIL_USE_TLS = True
# MAIL_USERNAME = "forum@example.org"
# MAIL_PASSWORD = "..."
# MAIL_DEFAULT_SENDER = "Małopolska Otwarta <forum@example.org>"
# RATELIMIT_STORAGE_URI = "memory://"   # with several gunicorn workers use e.g. redis://
