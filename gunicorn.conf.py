"""gunicorn's settings for the platform (read from the working directory: gunicorn wsgi:app).

Every value can be overridden on the command line or in GUNICORN_CMD_ARGS. See docs/deploy.md.
"""
import multiprocessing
import os

bind = os.environ.get("GUNICORN_BIND", "127.0.0.1:8000")
workers = int(os.environ.get("WEB_CONCURRENCY", 2 * multiprocessing.cpu_count()))
worker_class = "sync"  # pages are CPU-bound: sync workers beat threads here (bench/README.md)
timeout = 60
graceful_timeout = 30
max_requests = 5000  # a worker is replaced now and then: no slow growth of memory over weeks
max_requests_jitter = 500
accesslog = None  # the application logs one line per request itself (app/logs.py), with its id
errorlog = "-"  # standard error: systemd's journal


def on_starting(server):
    # The application warns at start when several workers share nothing (no REDIS_URL).
    os.environ["WEB_WORKERS"] = str(server.cfg.workers)
