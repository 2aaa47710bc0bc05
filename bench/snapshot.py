"""python -m bench snapshot --size medium --out DIR: the benchmark's pages as each persona gets them.

The correctness harness of issue 22: run it before a change and after it, then `diff -r` the two
folders; a change that only makes pages cheaper leaves no difference. Each page is saved as
DIR/<persona>/<number>-<name>.html (the status in its first line), with what differs from one
request to the next taken out: the CSRF token (the only per-request value the pages carry).

It also checks that nothing one viewer saw is shown to another: each page is rendered for the
guest, then for the member, then for the guest again in the same process (the order in which a
cache keyed wrongly would leak the member's page to the guest); the two guest renderings must be
the same. Differences are listed and make the command exit with 1.
"""
import re
import sys
from pathlib import Path

from bench.instance import create_bench_app
from bench.pages import listed_pages
from bench.personas import PERSONAS, client_for

PER_REQUEST = [
    (re.compile(r'(name="csrf_token"[^>]*value=")[^"]*(")'), r"\1…\2"),
    (re.compile(r'(name="csrf-token"[^>]*content=")[^"]*(")'), r"\1…\2"),
]


def without_per_request_values(html: str) -> str:
    for pattern, replacement in PER_REQUEST:
        html = pattern.sub(replacement, html)
    return html


def file_name(number: int, name: str) -> str:
    return f"{number:02d}-{re.sub(r'[^a-z0-9]+', '-', name.lower()).strip('-')}.html"


def take_snapshot(size: str, out: Path) -> list[str]:
    """Render every page for every persona into out; the pages whose guest rendering changed
    after the member's (an empty list when nothing leaked)."""
    app = create_bench_app(size, page_cache=False)
    with app.app_context():
        pages = listed_pages()
    clients = {persona: client_for(app, persona) for persona in PERSONAS}
    leaks = []
    for number, page in enumerate(pages, start=1):
        rendered = {}
        for persona, client in clients.items():
            response = client.get(page.path)
            rendered[persona] = f"{response.status_code} {page.path}\n" + without_per_request_values(
                response.get_data(as_text=True))
            folder = out / persona
            folder.mkdir(parents=True, exist_ok=True)
            (folder / file_name(number, page.name)).write_text(rendered[persona], encoding="utf-8")
        again = clients["guest"].get(page.path)
        if f"{again.status_code} {page.path}\n" + without_per_request_values(again.get_data(as_text=True)) != rendered["guest"]:
            leaks.append(page.name)
    return leaks


def main(size: str, out: str) -> int:
    leaks = take_snapshot(size, Path(out))
    print(f"Pages of every persona written to {out}/<persona>/ (compare two runs with diff -r)")
    if leaks:
        print("The guest's page changed after the member's was rendered: " + ", ".join(leaks), file=sys.stderr)
        return 1
    return 0
