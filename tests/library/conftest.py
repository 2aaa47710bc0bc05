"""The library's tests search a real index (created empty in tmp_path before each test)."""
import pytest

from app.search import index, sync


@pytest.fixture(autouse=True)
def search_index(app):
    sync.ensure_index()
    assert index.index_state() == "ok"
    return index.index_dir()
