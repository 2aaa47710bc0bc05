"""The application as gunicorn serves it for the benchmark, plus a trivial route.

gunicorn bench.wsgi:app with BENCH_SIZE=small|large in the environment (bench/load.py sets it).
The "hello" route is the yardstick: the same server and workers answering with no template,
no database and no session, so a page's throughput can be given as a ratio of it.
"""
import os

from app.search.analysis import load_analysis_tools
from bench.instance import create_bench_app

app = create_bench_app(os.environ.get("BENCH_SIZE", "small"))
load_analysis_tools()  # as the project's wsgi.py does


@app.get("/bench-hello")
def bench_hello():
    return "hello"
