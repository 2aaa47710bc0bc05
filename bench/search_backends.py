"""The two search backends side by side on one PostgreSQL database (issue 16).

    scripts/with-postgres.sh .venv/bin/python -m bench search-backends --size small

Generates the data of --size into the PostgreSQL database of BENCH_DATABASE_URL (or
TEST_DATABASE_URL, which scripts/with-postgres.sh sets), then for each backend (postgres, then
whoosh): the full reindex (documents/s), the four search pages of bench/pages.py (median and 95th
percentile, server side, page cache off), and the cost a search document adds to a reply's
commit (forums.services.reply then app.db.commit; median and p95 of the commit alone: on the
postgres backend it writes the document in the transaction, on Whoosh after it).
Results go to bench/results/search-backends-<size>-<date>.json.

On a long-lived PostgreSQL (BENCH_DATABASE_URL), --reuse-data measures the data an earlier run
generated there (its counts are kept in bench/data/<size>/search-backends-generated.json);
--rounds N times each search page N times (the machine may be shared: each round's median and
p95 are kept, with the load average), --backends postgres measures one backend, --skip-reindex
reuses what is indexed.
"""
import json
import os
import statistics
import time
from datetime import date

from bench import generate as generation
from bench.instance import RESULTS_DIR, create_bench_app, data_dir
from bench.measure import measure_page, percentile
from bench.pages import SEARCH_BUDGET_MS, Page
from bench import text

GENERATED_FILE = "search-backends-generated.json"
SEARCHES = [
    Page("search: common word", "/search?q=pomoc", SEARCH_BUDGET_MS),
    Page("search: rare word", f"/search?q={text.RARE_WORD}", SEARCH_BUDGET_MS),
    Page("search: inflected form", "/search?q=mieszkaniami", SEARCH_BUDGET_MS),
    Page("search: phrase", "/search?q=%22karta+pobytu%22", SEARCH_BUDGET_MS),
]


def database_url() -> str:
    url = os.environ.get("BENCH_DATABASE_URL") or os.environ.get("TEST_DATABASE_URL")
    if not url or not url.startswith("postgresql"):
        raise SystemExit("Set BENCH_DATABASE_URL to a PostgreSQL database (or run under scripts/with-postgres.sh).")
    return url


def measure_search_backends(size: str, seed: int, requests: int, warmup: int, replies: int = 30, generate: bool = True,
                            backends=("postgres", "whoosh"), rounds: int = 1, skip_reindex: bool = False) -> dict:
    """Generate size into PostgreSQL (or reuse it), then measure the backends; returns (and saves) the results."""
    os.environ["BENCH_DATABASE_URL"] = database_url()
    generated = _generate(size, seed) if generate else _generated(size)
    results = {"size": size, "generated": generated, "backends": {}}
    for backend in backends:
        app = create_bench_app(size, page_cache=False, SEARCH_BACKEND=backend)
        print(f"== {backend} ==", flush=True)
        measured = {} if skip_reindex else {"reindex": _reindex(app)}
        print(f"  reindex: {measured.get('reindex')}", flush=True)
        measured["pages"] = []
        for page in SEARCHES:
            runs = []
            for _round in range(rounds):
                result = measure_page(app, page.name, page.path, requests, warmup, page.budget_ms)
                runs.append({"median_ms": round(result.median_ms, 1), "p95_ms": round(result.p95_ms, 1),
                             "load_average": round(os.getloadavg()[0], 1)})
            measured["pages"].append({"name": page.name, "status": result.status,
                                      "median_ms": statistics.median(run["median_ms"] for run in runs),
                                      "p95_ms": statistics.median(run["p95_ms"] for run in runs),
                                      "sql": result.sql_statements, "rounds": runs})
            print(f"  {measured['pages'][-1]}", flush=True)
        measured["reply_commit"] = _reply_commits(app, replies)
        print(f"  reply commit: {measured['reply_commit']}", flush=True)
        results["backends"][backend] = measured
    RESULTS_DIR.mkdir(exist_ok=True)
    path = RESULTS_DIR / f"search-backends-{size}-{date.today().isoformat()}.json"
    path.write_text(json.dumps(results, indent=2), encoding="utf-8")
    print(f"Saved {path}")
    return results


def _generated(size: str) -> dict:
    """The counts of the data an earlier run generated into the database."""
    path = data_dir(size) / GENERATED_FILE
    if not path.exists():
        raise SystemExit(f"No data generated for {size} in this database yet ({path}): run without --reuse-data.")
    return json.loads(path.read_text(encoding="utf-8"))


def _generate(size: str, seed: int) -> dict:
    folder = data_dir(size)
    folder.mkdir(parents=True, exist_ok=True)
    app = create_bench_app(size)
    progress = generation.Progress(steps=generation.Generator.STEPS)
    started = time.perf_counter()
    with app.test_request_context():
        from app.extensions import db

        db.drop_all()
        db.session.execute(db.text("DROP TABLE IF EXISTS alembic_version"))
        db.session.commit()
        from flask_migrate import upgrade

        upgrade()
        try:
            counts = generation.Generator(size, seed, progress).run()
        finally:
            db.session.remove()
    counts["seconds"] = round(time.perf_counter() - started)
    (folder / GENERATED_FILE).write_text(json.dumps(counts), encoding="utf-8")
    return counts


def _reindex(app) -> dict:
    from app.extensions import db
    from app.search import sync

    with app.app_context():
        started = time.perf_counter()
        count = sync.rebuild()
        seconds = time.perf_counter() - started
        db.session.remove()
    return {"documents": count, "seconds": round(seconds, 1), "documents_per_second": round(count / seconds)}


def _reply_commits(app, replies: int) -> dict:
    """Milliseconds of app.db.commit() after forums.services.reply (median, p95) and of the whole write."""
    from app.auth.services import get_user_by_email
    from app.db import commit
    from app.extensions import db
    from app.forums import services
    from app.forums.models import Thread

    commits, writes = [], []
    with app.test_request_context():
        thread_id = db.session.execute(
            db.select(Thread.id).where(Thread.working_group_id.is_(None), Thread.locked_at.is_(None),
                                       Thread.hidden_at.is_(None)).order_by(Thread.id).limit(1)).scalar_one()
        for number in range(replies + 3):
            user = get_user_by_email("member@bench.forum.test")
            thread = db.session.get(Thread, thread_id)
            started = time.perf_counter()
            services.reply(user, thread, f"Odpowiedź numer {number} w pomiarze zapisu: pomoc w sprawie mieszkania.")
            committing = time.perf_counter()
            commit()
            done = time.perf_counter()
            if number >= 3:  # the first ones load the stemmers and warm the caches
                commits.append((done - committing) * 1000)
                writes.append((done - started) * 1000)
            db.session.remove()
    return {"replies": replies, "commit_median_ms": round(statistics.median(commits), 1),
            "commit_p95_ms": round(percentile(commits, 0.95), 1),
            "write_median_ms": round(statistics.median(writes), 1)}
