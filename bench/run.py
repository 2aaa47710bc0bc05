"""python -m bench measure: every figure of the issue against one generated database, then the table and JSON."""
import json
import statistics
import sys
import time

from bench import load, report
from bench.instance import create_bench_app, data_dir
from bench.measure import full_reindex, incremental_index, measure_page
from bench.pages import listed_pages
from bench.personas import MEMBER, PERSONAS


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
    timed = [page for page in pages if _chosen(page.name, args.only)]
    # The rebuild first: the pages are then timed on an index written by the current code.
    results["reindex"] = _reindex(app, args, results["generation"])
    results["pages"] = _latencies(app, timed, args)
    if not args.only:  # a chosen few pages are a before/after comparison: the rest is not needed
        _cached_latencies(create_bench_app(args.size), results["pages"], args)
    results["throughput"] = None if args.skip_load else _throughput(args, pages)
    results["incremental_index"] = None
    if not args.only:
        say("Incremental index: a new reply until /search finds it …")
        results["incremental_index"] = incremental_index(app, MEMBER)
    results["verdicts"] = report.verdicts(results)
    report.print_table(results)
    path = report.write_json(results, args.label or args.size)
    say(f"\nResults written to {path}")
    return results


def _generation(size: str) -> dict:
    path = data_dir(size) / "generation.json"
    return json.loads(path.read_text(encoding="utf-8")) if path.exists() else {}


def _chosen(name: str, only: str | None) -> bool:
    """--only "home,thread": the pages whose name contains one of the words (all without it)."""
    return not only or any(word.strip() and word.strip() in name for word in only.split(","))


def _latencies(app, pages, args) -> list[dict]:
    """Each page for each persona: the guest's figures in the row, the member's under "signed_in".

    With --rounds N the pages are timed N times over, interleaved (page by page, guest then
    member), and each figure is the median of the rounds' medians: a shared machine's busy
    moments then fall on every page and persona alike.
    """
    figures = {(page.path, persona): [] for page in pages for persona in PERSONAS}
    for round_number in range(1, args.rounds + 1):
        for number, page in enumerate(pages, start=1):
            say(f"[{number}/{len(pages)}{f', round {round_number}' if args.rounds > 1 else ''}] {page.name}: {page.path} …")
            for persona in PERSONAS:
                result = measure_page(app, page.name, page.path, args.requests, args.warmup, page.budget_ms,
                                      persona=persona, max_seconds=args.max_seconds_per_page)
                if result.status != 200:
                    say(f"    {persona} answered {result.status}, not 200: its figures do not count")
                figures[(page.path, persona)].append(result)
    rows = []
    for page in pages:
        guest, member = (_row_figures(figures[(page.path, persona)]) for persona in PERSONAS)
        rows.append({"name": page.name, "path": page.path, **guest, "budget_ms": page.budget_ms, "signed_in": member})
    return rows


def _row_figures(results) -> dict:
    """The median over rounds of each figure of one page and persona."""
    def median(attribute):
        return round(statistics.median(getattr(result, attribute) for result in results), 1)

    return {"status": max(result.status for result in results), "median_ms": median("median_ms"),
            "p95_ms": median("p95_ms"), "cpu_median_ms": median("cpu_median_ms"),
            "requests": sum(result.requests for result in results),
            "sql_statements": max(result.sql_statements for result in results), "rounds": len(results)}


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
    say(f"    {found['documents']:,} documents in {time.perf_counter() - started:.0f} s, "
        f"{found['cpu_s_per_1000_documents']} CPU s per 1,000 documents")
    return {**found, "source": "measure"}
