"""The page numbers the pagination macro shows for lists paged in Python (events, search)."""
from types import SimpleNamespace

import pytest

from app.pagination import PageNumbers


class _Page(SimpleNamespace, PageNumbers):
    pass


@pytest.mark.parametrize("page, pages, shown", [
    (1, 1, [1]),
    (1, 3, [1, 2, 3]),
    (10, 20, [1, None, 8, 9, 10, 11, 12, None, 20]),  # the edges, the current page's neighbours, gaps
    (1, 20, [1, 2, 3, None, 20]),
    (20, 20, [1, None, 18, 19, 20]),
    (3, 500, [1, 2, 3, 4, 5, None, 500]),
    (4, 8, [1, 2, 3, 4, 5, 6, None, 8]),
    (7, 8, [1, None, 5, 6, 7, 8]),
])
def test_the_edges_and_the_current_page_with_gaps_between(page, pages, shown):
    # the arguments the macro passes (templates/_macros/forms.html)
    assert list(_Page(page=page, pages=pages).iter_pages(left_edge=1, left_current=2, right_current=3,
                                                         right_edge=1)) == shown
