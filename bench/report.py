"""The results: the budget checks, a table on the terminal, and bench/results/<date>.json."""
import json
import os
import platform
from datetime import date

from bench.instance import RESULTS_DIR
from bench.pages import MAX_STATEMENTS

REINDEX_DOCS_PER_S = 1_500
NEW_POST_SEARCHABLE_S = 1.0
RSS_MB = 250
THROUGHPUT_RATIO = 0.35


def machine() -> dict:
    model = ""
    try:
        with open("/proc/cpuinfo", encoding="utf-8") as f:
            model = next((line.split(":", 1)[1].strip() for line in f if line.startswith("model name")), "")
    except OSError:
        pass
    os_name = ""
    try:
        with open("/etc/os-release", encoding="utf-8") as f:
            os_name = next((line.split("=", 1)[1].strip().strip('"') for line in f if line.startswith("PRETTY_NAME")), "")
    except OSError:
        pass
    # The load before the run says whether the figures are of a quiet machine (about 0) or a shared one.
    return {"cpu": model, "cores": os.cpu_count(), "os": os_name, "python": platform.python_version(),
            "note": f"load average {os.getloadavg()[0]:.1f} when the run started"}


def verdicts(results: dict) -> list[dict]:
    """[{check, figure, budget, ok}] for every budget line of the issue."""
    checks = []
    for page in results["pages"]:
        checks.append({"check": f"p95 {page['name']}", "figure": page["p95_ms"], "budget": page["budget_ms"],
                       "ok": page["status"] == 200 and page["p95_ms"] < page["budget_ms"]})
        checks.append({"check": f"SQL {page['name']}", "figure": page["sql_statements"], "budget": MAX_STATEMENTS,
                       "ok": page["sql_statements"] <= MAX_STATEMENTS})
    first, last = (next((p for p in results["pages"] if p["name"] == f"big thread, {which} page"), None)
                   for which in ("first", "last"))
    if first and last:  # both timed (not so with --only)
        checks.append({"check": "SQL first page = last page of the big thread",
                       "figure": f"{first['sql_statements']} / {last['sql_statements']}", "budget": "equal",
                       "ok": first["sql_statements"] == last["sql_statements"]})
    throughput = results.get("throughput")
    if throughput:
        for name, ratio in throughput["ratios"].items():
            checks.append({"check": f"throughput {name} / hello", "figure": ratio, "budget": THROUGHPUT_RATIO,
                           "ok": ratio >= THROUGHPUT_RATIO})
        worst = max(throughput["rss_mb_per_worker"] or [0])
        checks.append({"check": "RSS per worker (MB, largest)", "figure": worst, "budget": RSS_MB, "ok": worst < RSS_MB})
    reindex = results.get("reindex")
    if reindex:
        checks.append({"check": "full reindex documents/s", "figure": reindex["documents_per_second"],
                       "budget": REINDEX_DOCS_PER_S, "ok": reindex["documents_per_second"] >= REINDEX_DOCS_PER_S})
    incremental = results.get("incremental_index")
    if incremental:
        checks.append({"check": "new post searchable (s, worst)", "figure": incremental["worst_s"],
                       "budget": NEW_POST_SEARCHABLE_S,
                       "ok": incremental["worst_s"] is not None and incremental["worst_s"] < NEW_POST_SEARCHABLE_S})
    return checks


def signed_in_ratio(page: dict) -> float | None:
    """The signed-in member's CPU median over the guest's (issue 22: at most 1.3)."""
    member = page.get("signed_in")
    if not member or not page.get("cpu_median_ms"):
        return None
    return round(member["cpu_median_ms"] / page["cpu_median_ms"], 2)


def print_table(results: dict) -> None:
    print(f"\nBenchmark '{results['size']}' on {results['machine']['cpu']} ({results['machine']['cores']} cores), "
          f"{results['machine']['os']}, Python {results['machine']['python']} — {results['machine']['note']}")
    print(f"\n{'page':32} {'status':>6} {'n':>4} {'median ms':>10} {'p95 ms':>8} {'budget':>7} {'CPU ms':>7} {'SQL':>4} {'cached':>7}  path")
    for page in results["pages"]:
        flag = "" if page["status"] == 200 and page["p95_ms"] < page["budget_ms"] else " !"
        print(f"{page['name']:32} {page['status']:>6} {page.get('requests', 0):>4} {page['median_ms']:>10.1f} {page['p95_ms']:>8.1f} "
              f"{page['budget_ms']:>7.0f} {page.get('cpu_median_ms', 0):>7.1f} {page['sql_statements']:>4}{flag:2} "
              f"{page.get('cached_p95_ms', 0):>6.1f} {page['path']}")
    _print_personas(results["pages"])
    throughput = results.get("throughput")
    if throughput:
        rps = ", ".join(f"{name} {value:,}/s" for name, value in throughput["rps"].items())
        print(f"\nThroughput ({throughput['workers']} sync workers): {rps}; "
              + ", ".join(f"{name} = {ratio:.0%} of hello" for name, ratio in throughput["ratios"].items()))
        print("Worker CPU ms per request: " + ", ".join(
            f"{name} {value}" for name, value in throughput["worker_cpu_ms_per_request"].items())
              + "; as a ratio of hello's: " + ", ".join(
            f"{name} {ratio:.0%}" for name, ratio in throughput["cpu_ratios"].items() if ratio is not None))
        print(f"RSS per worker after the run: {throughput['rss_mb_per_worker']} MB")
    reindex = results.get("reindex")
    if reindex:
        print(f"Full reindex: {reindex['documents']:,} documents in {reindex['seconds']} s "
              f"= {reindex['documents_per_second']:,} documents/s"
              + (f", {reindex['cpu_s_per_1000_documents']} CPU s per 1,000 documents" if "cpu_seconds" in reindex else ""))
    incremental = results.get("incremental_index")
    if incremental:
            print(f"New post searchable after: median {incremental['median_s']} s, worst {incremental['worst_s']} s "
              f"({incremental['found']}/{incremental['attempts']} found)")
    missed = [check for check in results["verdicts"] if not check["ok"]]
    print(f"\nBudget: {len(results['verdicts']) - len(missed)} of {len(results['verdicts'])} checks met.")
    for check in missed:
        print(f"  MISSED {check['check']}: {check['figure']} (budget {check['budget']})")


def _print_personas(pages: list[dict]) -> None:
    """Guest and signed-in member side by side (issue 22)."""
    if not any("signed_in" in page for page in pages):
        return
    print(f"\n{'page':32} {'guest CPU ms':>12} {'member CPU ms':>13} {'ratio':>6} {'guest SQL':>9} {'member SQL':>10}")
    for page in pages:
        member = page.get("signed_in") or {}
        ratio = signed_in_ratio(page)
        print(f"{page['name']:32} {page.get('cpu_median_ms', 0):>12.1f} {member.get('cpu_median_ms', 0):>13.1f} "
              f"{ratio if ratio is not None else '':>6} {page['sql_statements']:>9} {member.get('sql_statements', ''):>10}"
              + ("" if member.get("status", 200) == 200 else f"  (member: {member['status']})"))


def write_json(results: dict, key: str | None = None):
    """bench/results/<date>.json, one entry per key (default the size; a later run of the same key replaces it)."""
    RESULTS_DIR.mkdir(exist_ok=True)
    path = RESULTS_DIR / f"{date.today().isoformat()}.json"
    existing = json.loads(path.read_text(encoding="utf-8")) if path.exists() else {}
    existing[key or results["size"]] = results
    path.write_text(json.dumps(existing, indent=2, ensure_ascii=False, default=str) + "\n", encoding="utf-8")
    return path


def markdown(results: dict) -> str:
    """The results as the Markdown table of bench/README.md."""
    lines = ["| page | requests | median ms | p95 ms | budget | CPU ms (median) | SQL | p95 ms from the page cache |",
             "|---|---:|---:|---:|---:|---:|---:|---:|"]
    for page in results["pages"]:
        mark = "" if page["status"] == 200 and page["p95_ms"] < page["budget_ms"] else " ✗"
        lines.append(f"| {page['name']} (`{page['path']}`) | {page.get('requests', '')} | {page['median_ms']} | {page['p95_ms']}{mark} | "
                     f"{page['budget_ms']:.0f} | {page.get('cpu_median_ms', '')} | {page['sql_statements']} | "
                     f"{page.get('cached_p95_ms', '')} |")
    lines.append("")
    for check in results["verdicts"]:
        if not check["check"].startswith(("p95 ", "SQL ")) or "=" in check["check"]:
            lines.append(f"- {check['check']}: **{check['figure']}** (budget {check['budget']}) "
                         f"{'met' if check['ok'] else 'MISSED'}")
    if any("signed_in" in page for page in results["pages"]):
        lines += ["", "| page | guest CPU ms | signed-in CPU ms | signed-in / guest | SQL guest / signed in |",
                  "|---|---:|---:|---:|---:|"]
        for page in results["pages"]:
            member = page.get("signed_in") or {}
            lines.append(f"| {page['name']} | {page.get('cpu_median_ms', '')} | {member.get('cpu_median_ms', '')} | "
                         f"{signed_in_ratio(page) or ''} | {page['sql_statements']} / {member.get('sql_statements', '')} |")
        lines.append("")
    throughput = results.get("throughput")
    if throughput:
        lines.append(f"- requests/s ({throughput['workers']} sync workers, wrk -c{throughput['connections']} "
                     f"{throughput['seconds_per_route']} s): "
                     + ", ".join(f"{name} {value:,}" for name, value in throughput["rps"].items()))
        lines.append("- worker CPU ms per request: " + ", ".join(
            f"{name} {value}" for name, value in throughput["worker_cpu_ms_per_request"].items())
            + "; hello's CPU cost as a share of the page's: " + ", ".join(
            f"{name} {ratio:.1%}" for name, ratio in throughput["cpu_ratios"].items() if ratio is not None))
        lines.append(f"- RSS per worker after the run: {throughput['rss_mb_per_worker']} MB")
    return "\n".join(lines)


if __name__ == "__main__":  # python -m bench.report bench/results/<date>.json <size>
    import sys

    print(markdown(json.loads(open(sys.argv[1], encoding="utf-8").read())[sys.argv[2]]))
