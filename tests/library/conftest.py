"""The library's tests search real documents: an empty index (or table) before each test."""
import pytest

from app.search import sync


@pytest.fixture(autouse=True)
def search_index(app):
    sync.ensure_index()
