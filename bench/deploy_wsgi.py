"""The application as a deployment runs it, with its instance folder from BENCH_INSTANCE.

Two "machines" on one host need separate instance folders (their own search index and
local files); the real wsgi.py uses instance/ beside app/. Configuration comes from the
environment, as in docs/deploy.md.
"""
import os

from app import create_app
from app.search.analysis import load_analysis_tools

app = create_app(instance_path=os.environ["BENCH_INSTANCE"])
load_analysis_tools()


@app.get("/bench-hello")
def bench_hello():
    """The yardstick: the same servers, nginx and TLS answering with no template or database."""
    return "hello"
