"""Where a benchmark database lives and the application configured to use it.

Each size has an instance-like folder, bench/data/<size>/, holding the SQLite file and the
search index beside it (as instance/ does for a deployment). The application is built by
the real factory; only the paths and what must not leave the machine (mail) are set here.
"""
import os
from pathlib import Path

BENCH_DIR = Path(__file__).resolve().parent
DATA_DIR = BENCH_DIR / "data"
RESULTS_DIR = BENCH_DIR / "results"
DATABASE_FILE = "forum.sqlite3"
PASSWORD = "bench-password"  # of every generated account (all share one hash)


def data_dir(size: str) -> Path:
    return DATA_DIR / size


def bench_config(size: str) -> dict:
    """The benchmark's settings; BENCH_DATABASE_URL puts the data in another database (PostgreSQL,
    bench/search_backends.py) instead of the SQLite file."""
    folder = data_dir(size)
    return {
        "SQLALCHEMY_DATABASE_URI": os.environ.get("BENCH_DATABASE_URL") or f"sqlite:///{folder / DATABASE_FILE}",
        "SEARCH_INDEX_DIR": str(folder / "search-index"),
        "PAGE_CACHE_GENERATION_FILE": str(folder / "page-cache-generation"),
        "SECRET_KEY": "benchmark-only-secret-key",
        "MAIL_BACKEND": "dummy",  # the generated people have made-up addresses: send nothing
        "MAIL_FILE_DIR": str(folder / "mail"),
        "RATELIMIT_ENABLED": False,  # the load generator is one client hammering the server
        "SEARCH_AUTO_REBUILD": False,  # a missing index is an error of the benchmark, not something to hide
    }


def create_bench_app(size: str, page_cache: bool = True, **overrides):
    """The application on the benchmark database of size (through the real factory).

    page_cache=False turns off the whole-page cache for anonymous visitors: the latency budget
    is judged on what a page really costs, not on serving a kept copy.
    """
    from app import create_app

    config = bench_config(size)
    if not page_cache:
        config["ANONYMOUS_PAGE_CACHE_SECONDS"] = 0
    config.update(overrides)
    return create_app(config)


def database_exists(size: str) -> bool:
    return os.path.exists(data_dir(size) / DATABASE_FILE)
