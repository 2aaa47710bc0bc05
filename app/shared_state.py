"""State every worker and every machine must agree on, kept in Redis when REDIS_URL is set.

Rate-limit counters (Flask-Limiter, through RATELIMIT_STORAGE_URI), the page cache's
generation (app/page_cache.py) and, with PAGE_CACHE_STORE = "redis", the cached pages
themselves. Without REDIS_URL each of them falls back to what one machine can do alone.
"""
import logging

import redis
from flask import current_app

log = logging.getLogger(__name__)

EXTENSION_KEY = "forum-redis"
SOCKET_TIMEOUT = 2.0  # seconds: a Redis that does not answer must not hold a page for long


def redis_client(app=None) -> redis.Redis | None:
    """This application's Redis client (one connection pool per process), or None without REDIS_URL."""
    app = app or current_app
    url = app.config.get("REDIS_URL")
    if not url:
        return None
    client = app.extensions.get(EXTENSION_KEY)
    if client is None:
        client = redis.Redis.from_url(url, socket_timeout=SOCKET_TIMEOUT, socket_connect_timeout=SOCKET_TIMEOUT)
        app.extensions[EXTENSION_KEY] = client
    return client


def describe_problem(app=None) -> str | None:
    """None when Redis answers (or is not configured), else what is wrong, for the doctor."""
    client = redis_client(app)
    if client is None:
        return None
    try:
        client.ping()
    except redis.RedisError as error:
        return f"{type(error).__name__}: {error}"
    return None


RedisError = redis.RedisError


def warn_without_shared_state(app) -> None:
    """Say loudly at start when several processes serve the site with nothing shared between them."""
    workers = int(app.config.get("WEB_WORKERS") or 1)
    if app.config.get("REDIS_URL") or app.config.get("FORUM_ENV") != "production" or app.testing:
        return
    log.warning(
        "REDIS_URL is not set: rate limits and the page cache's generation are kept in each process "
        "(%d worker(s) here). With several workers or machines, limits do not hold and anonymous "
        "visitors may see pages up to %ss old. Set REDIS_URL (see docs/deploy.md).",
        workers, app.config.get("ANONYMOUS_PAGE_CACHE_SECONDS"),
    )
