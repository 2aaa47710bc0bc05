"""The site's public address and the proxies in front of it.

SITE_URL (e.g. https://forum.malopolska.pl) is the one canonical external address. Every
absolute link the application builds — in e-mails, List-Unsubscribe headers, feeds, exports,
calendar entries — comes from it, whether it is built in a request (whatever Host header the
request came with) or in a command run by cron, where there is no request at all.

TRUSTED_PROXIES is the number of proxies (nginx, a load balancer) in front of the
application. Only then are the X-Forwarded-* headers believed: the client's address (rate
limits, logs), scheme and host. With 0 (the default) a forged header changes nothing.
"""
import logging
from functools import partial
from urllib.parse import urlsplit

from flask import Flask, Request, current_app, has_request_context, request
from werkzeug.middleware.proxy_fix import ProxyFix

from app import url_patterns

log = logging.getLogger(__name__)

DEVELOPMENT_SITE_URL = "http://localhost:5000"  # links from commands when nothing is configured


class SiteAddressError(ValueError):
    """SITE_URL is missing where it is required, or is not an http(s) address."""


def configure_site_address(config) -> None:
    """Derive Flask's URL settings from SITE_URL, so url_for(_external=True) follows it everywhere."""
    site_url = (config.get("SITE_URL") or "").strip()
    if not site_url:
        return
    parts = urlsplit(site_url)
    if parts.scheme not in ("http", "https") or not parts.netloc or parts.query or parts.fragment:
        raise SiteAddressError(
            f"SITE_URL must be the site's address, such as https://forum.example.org (got {site_url!r})."
        )
    config["SITE_URL"] = f"{parts.scheme}://{parts.netloc}{parts.path.rstrip('/')}"
    config["SERVER_NAME"] = parts.netloc
    config["PREFERRED_URL_SCHEME"] = parts.scheme
    config["APPLICATION_ROOT"] = parts.path.rstrip("/") or "/"


class SiteRequest(Request):
    """A request whose body limit is MAX_UPLOAD_BYTES (+ margin) on views marked accepts_uploads.

    Decided here rather than in the view: CSRF protection reads the form before any view runs.
    """

    @property
    def max_content_length(self) -> int | None:
        limit = Request.max_content_length.fget(self)
        if self._max_content_length is None and current_app and self.url_rule is not None:
            view = current_app.view_functions.get(self.url_rule.endpoint)
            if getattr(view, "accepts_uploads", False):
                return current_app.config["MAX_UPLOAD_BYTES"] + current_app.config["UPLOAD_REQUEST_MARGIN"]
        return limit

    @max_content_length.setter
    def max_content_length(self, value: int | None) -> None:
        self._max_content_length = value


def accepts_uploads(view):
    """Mark a view as one that receives files (its request may be as big as an upload)."""
    view.accepts_uploads = True
    return view


class SiteFlask(Flask):
    """Flask whose absolute links use SITE_URL's scheme and host in requests too.

    Flask already takes the host from SERVER_NAME (set from SITE_URL) but keeps the request's
    scheme, so behind a proxy that speaks plain HTTP to the app the links would say http://.
    """

    request_class = SiteRequest

    def url_for(self, endpoint, /, *, _anchor=None, _method=None, _scheme=None, _external=None, **values):
        """Flask's url_for; a row's link is written into a pattern built once per request (url_patterns)."""
        if _anchor is None and _method is None and _scheme is None and _external is None:
            address = url_patterns.build(self, endpoint, values, partial(super().url_for, endpoint))
            if address is not None:
                return address
        return super().url_for(endpoint, _anchor=_anchor, _method=_method, _scheme=_scheme, _external=_external,
                               **values)

    def create_url_adapter(self, request):
        adapter = super().create_url_adapter(request)
        if adapter is not None and request is not None and self.config.get("SITE_URL"):
            adapter.url_scheme = self.config["PREFERRED_URL_SCHEME"]
        return adapter


def trust_proxies(app: Flask) -> None:
    """Believe TRUSTED_PROXIES hops of X-Forwarded-For/-Proto/-Host/-Prefix (Werkzeug's ProxyFix)."""
    hops = int(app.config.get("TRUSTED_PROXIES") or 0)
    if hops > 0:
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=hops, x_proto=hops, x_host=hops, x_prefix=hops)


def base_url() -> str:
    """The site's address with a trailing slash, for links built by hand (not through url_for)."""
    configured = current_app.config.get("SITE_URL")
    if configured:
        return configured + "/"
    if has_request_context():
        return request.host_url
    server = current_app.config.get("SERVER_NAME")
    if server:
        return f"{current_app.config.get('PREFERRED_URL_SCHEME') or 'http'}://{server}/"
    log.warning("SITE_URL is not configured: links in e-mail point at %s.", DEVELOPMENT_SITE_URL)
    return DEVELOPMENT_SITE_URL + "/"


def domain() -> str:
    """The site's host name without a port (Message-ID, calendar UIDs)."""
    return urlsplit(base_url()).hostname or "localhost"
