"""Search fixtures: a real (empty) index for every test, and helpers to search.

The search tests run on the backend the database gets by default: Whoosh on SQLite, the
postgres table on PostgreSQL (the PostgreSQL pass of make test). Tests marked
`@pytest.mark.whoosh` (the Whoosh index's own machinery) run on Whoosh whatever the database:
on the PostgreSQL pass they are the Whoosh-on-PostgreSQL case.

The app fixture of tests/conftest.py does not create a Whoosh index; sync.ensure_index() makes
the empty one a new installation has (init-db does the same), so these tests do not depend on it.
"""
import pytest

import tests.conftest
from app.search import backends, sync
from app.search.whoosh import index


@pytest.fixture(autouse=True)
def search_index(request, monkeypatch):
    """The app's Whoosh index folder, created empty before the test's data (which commits write
    into it); None on the postgres backend, whose table is part of the schema.

    Only for tests that use the app (the analysis tests need none).
    """
    if request.node.get_closest_marker("whoosh"):
        make_config = tests.conftest.make_test_config
        monkeypatch.setattr(tests.conftest, "make_test_config",
                            lambda *args, **overrides: make_config(*args, **{"SEARCH_BACKEND": "whoosh", **overrides}))
    if "app" not in request.fixturenames:
        return None
    request.getfixturevalue("app")
    sync.ensure_index()
    if backends.current().NAME != "whoosh":
        return None
    assert index.index_state() == "ok"
    return index.index_dir()
