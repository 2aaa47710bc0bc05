"""python -m bench measure: every figure of the issue against one generated database, then the table and JSON."""
import json
import sys
import time

from bench import load, report
from bench.instance import PASSWORD, create_bench_app, data_dir
from bench.measure import full_reindex, incremental_index, measure_page
from bench.pages import listed_pages

MEMBER = ("member@bench.forum.test", PASSWORD)


def say(message: str) -> None:
    print(message, flush=True)


def measure_all(args) -> dict:
    results = {"size": args.size, "generation": _generation(args.size), "machine": report.machine()}
    app = create_bench_app(args.size, page_cache=False)
    with app.app_context():
        from app.search.whoosh import index

        if args.skip_reindex and index.index_state(app) != "ok":
            sys.exit(f"The search index of the '{args.size}' data is missing or out of date. Run without "
                     f"--skip-reindex (it rebuilds the index first).")
        pages = listed_pages()
    # The rebuild first: the pages are then timed on an index written by the current code.
    results["reindex"] = _reindex(app, args, results["generation"])
    results["pages"] = _latencies(app, pages, args)
    _cached_latencies(create_bench_app(args.size), results["pages"], args)
    results["throughput"] = None if args.skip_load else _throughput(args, pages)
    say("Incremental index: a new reply until /search finds it …")
    results["incremental_index"] = incremental_index(app, MEMBER)
    results["verdicts"] = report.verdicts(results)
    report.print_table(results)
    path = report.write_json(results)
    say(f"\nResults written to {path}")
    return results


def _generation(size: str) -> dict:
    path = data_dir(size) / "generation.json"
    return json.loads(path.read_text(encoding="utf-8")) if path.exists() else {}


def _latencies(app, pages, args) -> list[dict]:
    rows = []
    for number, page in enumerate(pages, start=1):
        say(f"[{number}/{len(pages)}] {page.name}: {page.path} …")
        result = measure_page(app, page.name, page.path, args.requests, args.warmup, page.budget_ms,
                              max_seconds=args.max_seconds_per_page)
        if result.status != 200:
            say(f"    answered {result.status}, not 200: its figures do not count")
        rows.append({"name": page.name, "path": page.path, "status": result.status,
                     "median_ms": round(result.median_ms, 1), "p95_ms": round(result.p95_ms, 1),
                     "cpu_median_ms": round(result.cpu_median_ms, 1), "requests": result.requests,
                     "sql_statements": result.sql_statements, "budget_ms": page.budget_ms})
    return rows


def _cached_latencies(app, rows, args, requests: int = 50) -> None:
    """p95 of each page as an anonymous visitor gets it from the page cache (not judged: the pages'
    own cost is, above)."""
    say("The same pages from the anonymous page cache …")
    for row in rows:
        result = measure_page(app, row["name"], row["path"], requests, 1, row["budget_ms"])
        row["cached_p95_ms"] = round(result.p95_ms, 1)


def _throughput(args, pages) -> dict | None:
    if not load.wrk_available():
        say("wrk is not installed, so throughput is not measured. Install it: apt-get install -y wrk "
            "(or pass --skip-load).")
        return None
    thread_path = next(p.path for p in pages if p.name == "big thread, first page")
    routes = [("hello", "/bench-hello"), ("home", "/"), ("thread page", thread_path), ("hello (again)", "/bench-hello")]
    connections = 2 * args.workers  # enough to keep every worker busy, without a long backlog
    found = {"workers": args.workers, "seconds_per_route": args.load_seconds, "connections": connections, "rps": {},
             "worker_cpu_ms_per_request": {}}
    say(f"Throughput: gunicorn, {args.workers} sync workers, wrk {args.load_seconds} s per route on 127.0.0.1 …")
    with load.Gunicorn(args.size, args.workers) as server:
        for name, path in routes:
            _warm_up(server, path, connections, 4 * args.workers)
            load.wait_until_idle(server)
            cpu_before = server.worker_cpu_seconds()
            rps, completed = load.run_wrk(load.url(server, path), seconds=args.load_seconds, connections=connections)
            load.wait_until_idle(server)
            # The workers' CPU per answered request: what the route costs, whatever else ran on the machine.
            cpu_ms = (server.worker_cpu_seconds() - cpu_before) * 1000 / max(completed, 1)
            found["rps"][name] = round(rps)
            found["worker_cpu_ms_per_request"][name] = round(cpu_ms, 2)
            say(f"    {name}: {rps:,.0f} requests/s, {cpu_ms:.2f} ms of worker CPU per request")
        found["rss_mb_per_worker"] = [round(mb) for mb in server.worker_rss_mb()]
    hello = (found["rps"]["hello"] + found["rps"]["hello (again)"]) / 2
    found["hello_rps_mean"] = round(hello)
    found["ratios"] = {name: round(found["rps"][name] / hello, 3) for name in ("home", "thread page")}
    cpu = found["worker_cpu_ms_per_request"]
    hello_cpu = (cpu["hello"] + cpu["hello (again)"]) / 2
    # The same ratio from CPU cost alone (hello's CPU per request / the page's): less disturbed by other load.
    found["cpu_ratios"] = {name: round(hello_cpu / cpu[name], 3) if cpu[name] else None
                           for name in ("home", "thread page")}
    return found


def _warm_up(server, path: str, connections: int, answers: int, give_up_s: float = 90.0) -> None:
    """Load path until `answers` requests were served, so that every worker has loaded what it caches."""
    started, served = time.perf_counter(), 0
    while served < answers and time.perf_counter() - started < give_up_s:
        served += load.run_wrk(load.url(server, path), seconds=3, connections=connections)[1]


def _reindex(app, args, generation: dict) -> dict:
    if args.skip_reindex:
        if "index_seconds" not in generation:
            return None
        return {"documents": generation["index_documents"], "seconds": generation["index_seconds"],
                "documents_per_second": generation["index_documents_per_second"], "source": "generation"}
    say("Full reindex (app.search.sync.rebuild) …")
    started = time.perf_counter()
    found = full_reindex(app)
    say(f"    {found['documents']:,} documents in {time.perf_counter() - started:.0f} s")
    return {**found, "source": "measure"}
