"""Pages of lists paged in Python, for the pagination macro (templates/_macros/forms.html)."""


class PageNumbers:
    """iter_pages() of an object with `page` and `pages`, in the shape of Flask-SQLAlchemy's:
    the page numbers to show, None for each gap (the macro passes the edges it wants)."""

    def iter_pages(self, left_edge=1, left_current=2, right_current=3, right_edge=1):
        pages, page = self.pages, self.page
        shown = {*range(1, min(left_edge, pages) + 1),
                 *range(max(1, page - left_current), min(pages, page + right_current - 1) + 1),
                 *range(max(1, pages - right_edge + 1), pages + 1)}
        # The numbers shown, not every page: a thread of 500 pages looked at each of them.
        last = 0
        for number in sorted(shown):
            if last + 1 != number:
                yield None
            yield number
            last = number


class SlicePage(PageNumbers):
    """One page of a list whose order is known in Python (kept ids, app/kept.py), in the shape of
    Flask-SQLAlchemy's Pagination: items, total, page, pages, has_prev/has_next, prev_num/next_num."""

    def __init__(self, items: list, total: int, page: int, per_page: int):
        self.items, self.total, self.page, self.per_page = items, total, page, per_page
        self.pages = max(1, -(-total // per_page))
        self.has_prev, self.has_next = page > 1, page < self.pages
        self.prev_num, self.next_num = page - 1, page + 1

    @classmethod
    def of(cls, order, page: int, per_page: int, load) -> "SlicePage":
        """The page-th page of order (every id of a list, in its order); load(ids) gives the rows of
        a page's ids, in their order."""
        start = (page - 1) * per_page
        return cls(load(order[start:start + per_page]), len(order), page, per_page)
