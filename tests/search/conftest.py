"""Search fixtures: a real (empty) index in tmp_path for every test, and helpers to search.

The app fixture of tests/conftest.py does not create an index; sync.ensure_index() makes the
empty one a new installation has (init-db does the same), so these tests do not depend on it.
"""
import pytest

from app.search import sync
from app.search.whoosh import index


@pytest.fixture(autouse=True)
def search_index(request):
    """The app's index, created empty before the test's data (which commits write into it).

    Only for tests that use the app (the analysis tests need none).
    """
    if "app" not in request.fixturenames:
        return None
    request.getfixturevalue("app")
    sync.ensure_index()
    assert index.index_state() == "ok"
    return index.index_dir()
