"""Logs an operator can use: request ids, one line per request, every unexpected error.

Everything the application logs goes through the "app" logger (each module's
logging.getLogger(__name__) is below it) to the server's error stream (gunicorn's error log; standard
error for commands and `make run`), where systemd's journal collects it. Each line carries the request's id, method, path and user
id; the id is also sent back as X-Request-ID so a visitor's report ("request 3f2a…") leads
to the line, and it is taken from the proxy's X-Request-ID when the proxy is trusted.
LOG_FORMAT = "json" writes one JSON object per line for a log collector.
"""
import json
import logging
import re
import time
import uuid

from flask import current_app, g, has_request_context, request
from flask.logging import default_handler, wsgi_errors_stream
from flask_login import current_user

LOGGER_NAME = "app"  # the package's name: every module logger of app/ is below it
access_log = logging.getLogger("app.access")
INCOMING_ID = re.compile(r"^[A-Za-z0-9._:-]{8,128}$")  # what a proxy's id may look like
TEXT_FORMAT = "%(asctime)s %(levelname)s [%(request_id)s] %(name)s: %(message)s"


def init_app(app) -> None:
    _configure_logger(app)
    app.before_request(_start_request)
    app.after_request(_finish_request)


def _configure_logger(app) -> None:
    logger = logging.getLogger(LOGGER_NAME)
    logger.setLevel(app.config.get("LOG_LEVEL") or "INFO")
    handler = next((h for h in logger.handlers if getattr(h, "forum_handler", False)), None)
    if handler is None:
        logger.removeHandler(default_handler)
        handler = logging.StreamHandler(wsgi_errors_stream)  # the server's error log, else stderr
        handler.forum_handler = True
        handler.addFilter(RequestFields())
        logger.addHandler(handler)
    handler.setFormatter(JsonFormatter() if app.config.get("LOG_FORMAT") == "json"
                         else logging.Formatter(TEXT_FORMAT))


def request_id() -> str:
    """This request's id: the trusted proxy's X-Request-ID, or a new one."""
    if "request_id" not in g:
        incoming = request.headers.get("X-Request-ID", "")
        trusted = current_app.config.get("TRUSTED_PROXIES") and INCOMING_ID.match(incoming)
        g.request_id = incoming if trusted else uuid.uuid4().hex
    return g.request_id


def _user_id():
    try:
        return current_user.id if current_user.is_authenticated else None
    except Exception:  # the user could not be loaded (the database is away): still log the line
        return None


class RequestFields(logging.Filter):
    """Adds request_id, method, path and user_id to every record logged during a request."""

    def filter(self, record: logging.LogRecord) -> bool:
        if has_request_context():
            record.request_id = request_id()
            record.method = request.method
            record.path = request.path
            record.user_id = _user_id()
        else:
            record.request_id = record.method = record.path = record.user_id = "-"
        return True


class JsonFormatter(logging.Formatter):
    FIELDS = ("request_id", "method", "path", "user_id", "status", "duration_ms")

    def format(self, record: logging.LogRecord) -> str:
        entry = {
            "time": self.formatTime(record, "%Y-%m-%dT%H:%M:%S%z"),
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
        }
        entry.update({name: getattr(record, name) for name in self.FIELDS if hasattr(record, name)})
        if record.exc_info:
            entry["exception"] = self.formatException(record.exc_info)
        return json.dumps(entry, ensure_ascii=False, default=str)


def _start_request() -> None:
    g.request_started = time.perf_counter()
    request_id()


def _finish_request(response):
    response.headers["X-Request-ID"] = request_id()
    if current_app.config.get("ACCESS_LOG"):
        started = g.get("request_started", time.perf_counter())
        duration_ms = round((time.perf_counter() - started) * 1000, 1)
        access_log.info("%s %s %s %.1f ms", request.method, request.full_path.rstrip("?"), response.status_code,
                        duration_ms, extra={"status": response.status_code, "duration_ms": duration_ms})
    return response


def log_unexpected_error(error: BaseException) -> None:
    """The traceback of an error no handler expected, with the request it broke."""
    original = getattr(error, "original_exception", None) or error
    logging.getLogger("app.errors").error("unexpected error: %s: %s", type(original).__name__, original,
                                          exc_info=(type(original), original, original.__traceback__))
