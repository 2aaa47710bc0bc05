"""Real Chromium (Debian's /usr/bin/chromium) through Playwright, against a live server.

Without Chromium the browser tests are skipped with the reason shown, except in CI (CI set),
where they must run.
"""
import os
import shutil
import threading

import pytest
from werkzeug.serving import make_server

from app import create_app
from app.extensions import db
from tests.conftest import FormClient, dispose_database, reset_database, make_test_config

CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--disable-quic",
    "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run",
]
WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]  # WCAG 2.2 AA: target size among others


def pytest_collection_modifyitems(config, items):
    for item in items:
        if "tests/browser/" in str(item.fspath).replace(os.sep, "/"):
            item.add_marker(pytest.mark.browser)


@pytest.fixture(scope="session")
def chromium():
    if not (os.path.exists(CHROMIUM) or shutil.which("chromium")):
        if os.environ.get("CI"):
            pytest.fail(f"Chromium not found at {CHROMIUM}; CI must run the browser tests.")
        pytest.skip(f"Chromium not installed ({CHROMIUM}); run 'make test' as root to install it.")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


def buffered(app):
    """Each response read whole, and closed, before the server starts to send it.

    Werkzeug's development server closes a response only after draining the socket; when
    Chromium drops a connection mid-response (it navigates on before a stylesheet is done)
    that drain raises, the close is skipped and the static file is left open, which this
    suite's warnings-as-errors turns into a failure of whichever test the collector hits.
    """
    def serve(environ, start_response):
        response = app(environ, start_response)
        try:
            return [b"".join(response)]
        finally:
            if hasattr(response, "close"):
                response.close()

    return serve


class LiveServer:
    def __init__(self, app):
        self.app = app
        self.server = make_server("127.0.0.1", 0, buffered(app), threaded=True)
        self.url = f"http://127.0.0.1:{self.server.server_port}"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    def start(self):
        self.thread.start()
        return self

    def stop(self):
        self.server.shutdown()
        self.thread.join(timeout=5)


@pytest.fixture(scope="module")
def live_app(tmp_path_factory, mail_server):
    """The app behind the live server, on its own database (one per test module)."""
    tmp_path = tmp_path_factory.mktemp("live")
    app = create_app(make_test_config(tmp_path, mail_server, SERVER_NAME=None))
    app.test_client_class = FormClient
    with app.app_context():
        reset_database()
    yield app
    with app.app_context():
        dispose_database()


@pytest.fixture(scope="module")
def live_server(live_app):
    server = LiveServer(live_app).start()
    yield server
    server.stop()


@pytest.fixture
def page(chromium, live_server, mailbox):
    context = chromium.new_context(base_url=live_server.url, locale="pl-PL")
    context.set_default_timeout(10_000)
    page = context.new_page()
    yield page
    context.close()


@pytest.fixture
def page_without_js(chromium, live_server, mailbox):
    context = chromium.new_context(base_url=live_server.url, locale="pl-PL", java_script_enabled=False)
    context.set_default_timeout(10_000)
    page = context.new_page()
    yield page
    context.close()


@pytest.fixture
def in_live_db(live_app):
    """with in_live_db(): create data for the live server directly (committed at the end)."""
    from contextlib import contextmanager

    @contextmanager
    def context():
        with live_app.app_context():
            yield
            db.session.commit()

    return context


def assert_accessible(page) -> None:
    """Fail with axe-core's report if the page has any WCAG 2.1 A/AA violation."""
    from axe_playwright_python.sync_playwright import Axe

    # After a click that navigates, the new page may still be fetching its stylesheets (seen on a
    # loaded machine: every link measured unstyled, 17 px high). Check the page as people see it.
    page.wait_for_load_state("load")
    page.wait_for_function("() => [...document.querySelectorAll('link[rel=stylesheet]')].every(link => link.sheet)")
    results = Axe().run(page, options={"runOnly": {"type": "tag", "values": WCAG_TAGS}})
    assert results.violations_count == 0, f"{page.url}\n{results.generate_report()}"


def open_folded_choices(page) -> None:
    """Open every folded list of choices on the page, as a person clicks "Show the N options"."""
    folded = page.locator("details.choice-fold:not([open]) > summary")
    while folded.count():
        folded.first.click()
