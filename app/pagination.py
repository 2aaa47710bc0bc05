"""Page numbers for the pagination macro (templates/_macros/forms.html) of lists paged in Python."""


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
