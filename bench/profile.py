"""python -m bench.profile --size small [--persona member] PATH: where one page spends its time
(pyinstrument) and its SQL, for a guest (default) or a signed-in member (bench/personas.py).

pyinstrument is not a dependency of the app: install it beside the benchmark data with
`.venv/bin/pip install --target bench/data/tools pyinstrument`.
"""
import argparse
import cProfile
import pstats
import sys

from bench.instance import DATA_DIR, create_bench_app
from bench.measure import counting_statements
from bench.personas import PERSONAS, client_for

TOOLS = DATA_DIR / "tools"


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.profile")
    parser.add_argument("path")
    parser.add_argument("--size", default="small")
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--sql", action="store_true", help="print every SQL statement of one request")
    parser.add_argument("--persona", choices=sorted(PERSONAS), default="guest")
    parser.add_argument("--calls", action="store_true", help="only count the Python function calls per request "
                        "(cProfile): a figure a shared machine does not disturb")
    args = parser.parse_args(argv)
    if args.calls:
        return _count_calls(args)
    sys.path.insert(0, str(TOOLS))
    try:
        from pyinstrument import Profiler
    except ImportError:
        print(__doc__, file=sys.stderr)
        return 2
    app = create_bench_app(args.size, page_cache=False)  # what the page itself costs
    client = client_for(app, args.persona)
    client.get(args.path)  # warm-up: templates compiled, caches filled
    if args.sql:
        from sqlalchemy import event

        from app.extensions import db

        with app.app_context():
            engine = db.engine
        seen = []
        listener = lambda conn, cursor, statement, params, context, many: seen.append((statement, params))  # noqa: E731
        event.listen(engine, "before_cursor_execute", listener)
        client.get(args.path)
        event.remove(engine, "before_cursor_execute", listener)
        for statement, params in seen:
            print(" ".join(statement.split())[:400], str(params)[:200], "\n")
    profiler = Profiler(interval=0.0005)
    with app.app_context():
        from app.extensions import db

        with counting_statements(db.engine) as counter:
            profiler.start()
            for _ in range(args.repeat):
                client.get(args.path)
            profiler.stop()
    print(f"{counter['n'] / args.repeat:.0f} SQL statements per request")
    print(profiler.output_text(unicode=True, color=False, show_all=False))
    return 0


def _count_calls(args) -> int:
    app = create_bench_app(args.size, page_cache=False)
    client = client_for(app, args.persona)
    for _ in range(3):
        client.get(args.path)  # warm-up: templates compiled, caches filled
    profile = cProfile.Profile()
    profile.enable()
    for _ in range(args.repeat):
        client.get(args.path)
    profile.disable()
    print(f"{pstats.Stats(profile).total_calls / args.repeat:,.0f} Python function calls per request")
    return 0


if __name__ == "__main__":
    sys.exit(main())
