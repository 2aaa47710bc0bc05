"""The application as gunicorn serves it for the benchmark, plus a trivial route.

The "hello" route is the yardstick: the same server and workers answering with no template,
no database and no session, so a page's throughput can be given as a ratio of it.
"""
from app import create_app

app = create_app()


@app.get("/bench-hello")
def bench_hello():
    return "hello"
