"""Server-side latency and SQL statements per request, measured in process."""
import statistics
import time
from contextlib import contextmanager
from dataclasses import dataclass

from sqlalchemy import event

from app.extensions import db


@dataclass
class PageResult:
    name: str
    path: str
    status: int
    median_ms: float
    p95_ms: float
    sql_statements: int
    budget_ms: float

    @property
    def within_budget(self) -> bool:
        return self.p95_ms <= self.budget_ms and self.status == 200


@contextmanager
def counting_statements(engine):
    counter = {"n": 0}

    def before_cursor_execute(*args):
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
                 login_as: str | None = None) -> PageResult:
    """Time `requests` GETs of path through the WSGI app (after `warmup` ones)."""
    client = app.test_client()
    if login_as:
        _login(client, login_as)
    for _ in range(warmup):
        client.get(path)
    with app.app_context():
        engine = db.engine
    with counting_statements(engine) as counter:
        response = client.get(path)
    statements = counter["n"]
    timings = []
    for _ in range(requests):
        started = time.perf_counter()
        response = client.get(path)
        timings.append((time.perf_counter() - started) * 1000)
    return PageResult(name, path, response.status_code, statistics.median(timings),
                      percentile(timings, 0.95), statements, budget_ms)


def _login(client, email: str, password: str = "demo-password") -> None:
    import re

    page = client.get("/auth/login").get_data(as_text=True)
    token = re.search(r'name="csrf_token"[^>]*value="([^"]+)"', page).group(1)
    response = client.post("/auth/login", data={"email": email, "password": password, "csrf_token": token})
    if response.status_code != 302:
        raise RuntimeError(f"benchmark login as {email} failed")
