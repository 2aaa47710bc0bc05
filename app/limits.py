"""Abuse limits: how often one client, one account or one member may do something.

The numbers are settings (the *_RATE_LIMIT values in app/config.py). The counters live in
RATELIMIT_STORAGE_URI: Redis when REDIS_URL is set, so every worker and every machine counts
together; otherwise each worker process counts on its own. The client's address is the one
the trusted proxies forwarded (app/site.py), so visitors behind nginx are not one client.

A request over a limit gets the 429 page in the visitor's language; app/errors.py keeps
what they typed on it.
"""
from flask import current_app, request
from flask_limiter.util import get_remote_address
from flask_login import current_user

from app.extensions import limiter


def _setting(name: str):
    return lambda: current_app.config[name]


def client_address() -> str:
    return "client:" + (get_remote_address() or "unknown")


def signed_in_member() -> str:
    """The member's own counter; a visitor who is not signed in counts by address."""
    if current_user.is_authenticated:
        return f"user:{current_user.id}"
    return client_address()


def account_tried() -> str:
    """The account a login names, whoever tries it and from wherever (guessing one password)."""
    email = (request.form.get("email") or "").strip().casefold()
    return "account:" + email if email else client_address()


def _failed(response) -> bool:
    """A login that did not succeed (a successful one redirects)."""
    return response.status_code != 302


def _written(response) -> bool:
    """A form that was accepted (it redirects): a refused one costs the member nothing."""
    return 300 <= response.status_code < 400


def per_client(setting: str):
    """At most `setting` POSTs to this view from one client address."""
    return limiter.limit(_setting(setting), key_func=client_address, methods=["POST"])


def per_account_failures(setting: str):
    """At most `setting` failed logins for one e-mail address, from all clients together."""
    return limiter.limit(_setting(setting), key_func=account_tried, methods=["POST"], deduct_when=_failed,
                         scope="login-account")


def per_member(setting: str):
    """At most `setting` accepted POSTs by one member, together on every view that shares it."""
    return limiter.shared_limit(_setting(setting), scope=setting.lower(), key_func=signed_in_member,
                                methods=["POST"], deduct_when=_written)
