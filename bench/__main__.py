"""python -m bench [generate|measure|deployment|search-backends] [--size small|large] — see bench/README.md.

Without a command: generate, then measure (make bench; BENCH_ARGS="--size large" for the large data).
"""
import argparse
import sys

from bench.generate import SIZES

DEFAULT_SEED = 2024


def parse_args(argv=None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="python -m bench", description=__doc__.splitlines()[0])
    parser.add_argument("command", nargs="?", choices=("generate", "measure", "all", "deployment", "search-backends", "snapshot"),
                        default="all", help="generate the data, measure it, or both (default); deployment: "
                        "bench/deployment.py; search-backends: bench/search_backends.py (PostgreSQL); "
                        "snapshot: bench/snapshot.py (every page as each persona gets it, to compare)")
    parser.add_argument("--size", choices=sorted(SIZES), default="small", help="data size (default: small)")
    parser.add_argument("--seed", type=int, default=DEFAULT_SEED, help="random seed of the generator")
    parser.add_argument("--requests", type=int, default=200, help="timed requests per page (default 200)")
    parser.add_argument("--warmup", type=int, default=20, help="untimed requests per page before timing")
    parser.add_argument("--max-seconds-per-page", type=float, default=None,
                        help="stop timing a page after this long (at least 20 requests): for pages far over budget")
    parser.add_argument("--load-seconds", type=int, default=10, help="seconds of wrk load per route (default 10)")
    parser.add_argument("--workers", type=int, default=4, help="gunicorn sync workers (README: 2 x cores)")
    parser.add_argument("--skip-load", action="store_true", help="skip the gunicorn/wrk throughput part")
    parser.add_argument("--skip-reindex", action="store_true", help="skip the full reindex timing")
    parser.add_argument("--reuse-data", action="store_true",
                        help="search-backends: measure the data an earlier run generated into BENCH_DATABASE_URL")
    parser.add_argument("--backends", default="postgres,whoosh", help="search-backends: which, in order")
    parser.add_argument("--only", default=None, help='time only the pages whose name contains one of these '
                        'comma-separated words ("home,thread"); skips the page cache and incremental index parts')
    parser.add_argument("--rounds", type=int, default=1, help="time the pages (or search-backends' search pages) "
                        "this many times over, interleaved; each figure is the median of the rounds' medians")
    parser.add_argument("--label", default=None, help="the results' key in bench/results/<date>.json "
                        "(default: the size), e.g. medium-before")
    parser.add_argument("--out", default=None, help="snapshot: the folder to write the pages to")
    return parser.parse_args(argv)


def main(argv=None) -> int:
    args = parse_args(argv)
    if args.command == "deployment":
        from bench.deployment import measure_deployment

        measure_deployment(args.load_seconds)
        return 0
    if args.command == "search-backends":
        from bench.search_backends import measure_search_backends

        measure_search_backends(args.size, args.seed, args.requests, args.warmup, generate=not args.reuse_data,
                                backends=args.backends.split(","), rounds=args.rounds, skip_reindex=args.skip_reindex)
        return 0
    if args.command == "snapshot":
        from bench.snapshot import main as snapshot

        return snapshot(args.size, args.out or f"bench/data/snapshots/{args.size}")
    if args.command in ("generate", "all"):
        from bench.generate import generate

        generate(args.size, args.seed)
    if args.command in ("measure", "all"):
        from bench.instance import database_exists
        from bench.run import measure_all

        if not database_exists(args.size):
            print(f"There is no '{args.size}' benchmark database yet. Generate it first: "
                  f"python -m bench generate --size {args.size}", file=sys.stderr)
            return 2
        measure_all(args)
    return 0


if __name__ == "__main__":
    sys.exit(main())
