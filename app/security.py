"""Response headers and redirect targets that keep the site safe by default."""
from urllib.parse import urlsplit

from flask import request
from flask_login import current_user

# A signed-in member's page is theirs alone: no shared cache (proxy, CDN) may keep it, nor may the
# browser keep it on disk after they sign out on a shared computer.
PRIVATE_PAGE = "private, no-store"

CONTENT_SECURITY_POLICY = "; ".join([
    "default-src 'self'",
    "script-src 'self'",
    "style-src 'self'",
    "img-src 'self' data:",
    "font-src 'self'",
    "object-src 'none'",
    "base-uri 'self'",
    "form-action 'self'",
    "frame-ancestors 'none'",
])


def set_security_headers(response):
    response.headers.setdefault("Content-Security-Policy", CONTENT_SECURITY_POLICY)
    response.headers.setdefault("X-Content-Type-Options", "nosniff")
    response.headers.setdefault("X-Frame-Options", "DENY")
    response.headers.setdefault("Referrer-Policy", "same-origin")
    response.headers.setdefault("Permissions-Policy", "geolocation=(), camera=(), microphone=()")
    if request.is_secure:
        response.headers.setdefault("Strict-Transport-Security", "max-age=31536000")
    if is_private_page():
        response.headers["Cache-Control"] = PRIVATE_PAGE
    return response


def is_private_page() -> bool:
    """The answer was made for a signed-in member (static files are the same for everyone)."""
    return request.endpoint != "static" and current_user.is_authenticated


def safe_next_url(target: str | None, default: str) -> str:
    """target if it is a path on this site, else default (no open redirects)."""
    if not target:
        return default
    target = target.strip()
    # Browsers treat a backslash like a slash: "/\evil.example" would leave the site.
    if "\\" in target or any(ord(ch) < 32 for ch in target):
        return default
    try:
        parts = urlsplit(target)
    except ValueError:  # a host invalid under Unicode normalisation ("//evil\uff0fexample"), a broken IPv6 one
        return default
    if parts.scheme or parts.netloc or not target.startswith("/") or target.startswith("//"):
        return default
    return target
