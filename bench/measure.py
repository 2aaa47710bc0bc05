"""Server-side latency and SQL statements per request, measured in process (the app's test client):
the time from the WSGI call to the last byte of the answer, without any network."""
import resource
import statistics
import time
from contextlib import contextmanager
from dataclasses import dataclass

from sqlalchemy import event

from app.extensions import db
from bench.personas import client_for


@dataclass
class PageResult:
    name: str
    path: str
    status: int
    median_ms: float
    p95_ms: float
    sql_statements: int
    budget_ms: float
    cpu_median_ms: float = 0.0  # this process's CPU time: less disturbed by other work on a shared machine
    requests: int = 0  # timed requests actually made (fewer than asked when max_seconds ran out)

    @property
    def within_budget(self) -> bool:
        return self.p95_ms <= self.budget_ms and self.status == 200


@contextmanager
def counting_statements(engine):
    counter = {"n": 0}

    def before_cursor_execute(*args):  # every statement sent to the database, whatever its origin
        counter["n"] += 1

    event.listen(engine, "before_cursor_execute", before_cursor_execute)
    try:
        yield counter
    finally:
        event.remove(engine, "before_cursor_execute", before_cursor_execute)


def percentile(values, fraction: float) -> float:
    ordered = sorted(values)
    index = min(len(ordered) - 1, max(0, round(fraction * (len(ordered) - 1))))
    return ordered[index]


def measure_page(app, name: str, path: str, requests: int, warmup: int, budget_ms: float,
                 persona: str = "guest", max_seconds: float | None = None) -> PageResult:
    """Time `requests` GETs of path through the WSGI app (after `warmup` ones) as persona
    (bench/personas.py).

    With max_seconds, a page far over its budget stops earlier (at least 20 timed requests):
    its exact 95th percentile matters less than finishing the run.
    """
    client = client_for(app, persona)
    for _ in range(warmup):
        client.get(path)
    with app.app_context():
        engine = db.engine
    with counting_statements(engine) as counter:
        response = client.get(path)
    statements = counter["n"]
    timings, cpu = [], []
    deadline = time.perf_counter() + max_seconds if max_seconds else None
    for number in range(requests):
        if deadline and number >= 20 and time.perf_counter() > deadline:
            break
        started, cpu_started = time.perf_counter(), time.process_time()
        response = client.get(path)
        timings.append((time.perf_counter() - started) * 1000)
        cpu.append((time.process_time() - cpu_started) * 1000)
    return PageResult(name, path, response.status_code, statistics.median(timings),
                      percentile(timings, 0.95), statements, budget_ms, statistics.median(cpu), len(timings))


# --- the search index -----------------------------------------------------------------------------
def full_reindex(app) -> dict:
    """Rebuild the whole index with the real rebuild (as `flask search-reindex`): time, documents/s,
    and CPU seconds per 1,000 documents (this process and its worker processes, which the rebuild
    waits for: the figure a shared machine disturbs least)."""
    from app.search import sync

    with app.app_context():
        cpu_started = _cpu_seconds_with_children()
        started = time.perf_counter()
        documents = sync.rebuild()
        seconds = time.perf_counter() - started
        cpu = _cpu_seconds_with_children() - cpu_started
    return {"documents": documents, "seconds": round(seconds, 1), "documents_per_second": round(documents / seconds),
            "cpu_seconds": round(cpu, 1), "cpu_s_per_1000_documents": round(cpu * 1000 / max(documents, 1), 3)}


def _cpu_seconds_with_children() -> float:
    own, children = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + children.ru_utime + children.ru_stime


def incremental_index(app, member: tuple[str, str], attempts: int = 5, give_up_s: float = 10.0) -> dict:
    """Seconds from a new reply's commit until /search finds its unique word (median and worst of attempts).

    The reply goes through forums.services.reply and app.db.commit, as the reply form does; the
    search goes through the page, as a reader's would. (Each attempt adds one post to the data.)
    """
    from app.auth.services import get_user_by_email
    from app.db import commit
    from app.extensions import db
    from app.forums import services
    from app.forums.models import Thread

    client = app.test_client()
    seconds = []
    for attempt in range(attempts):
        word = f"benchmarkowy{time.time_ns() % 10**9}x{attempt}"
        with app.test_request_context():
            user = get_user_by_email(member[0])
            thread = db.session.execute(
                db.select(Thread).where(Thread.working_group_id.is_(None), Thread.locked_at.is_(None),
                                        Thread.hidden_at.is_(None), Thread.reply_count < 50)
                .order_by(Thread.id).limit(1)).scalar_one()
            post = services.reply(user, thread, f"Nowa odpowiedź w teście wydajności: {word}.").post
            started = time.perf_counter()
            commit()
            link = f"/forums/p/{post.id}"  # the result's address (the query itself is echoed in the form)
            db.session.remove()
        found = False
        while time.perf_counter() - started < give_up_s:
            if link in client.get(f"/search?q={word}").get_data(as_text=True):
                found = True
                break
            time.sleep(0.01)
        seconds.append(time.perf_counter() - started if found else float("inf"))
    finite = [s for s in seconds if s != float("inf")]
    return {"attempts": attempts, "found": len(finite), "median_s": round(statistics.median(seconds), 3),
            "worst_s": round(max(seconds), 3) if finite else None}
