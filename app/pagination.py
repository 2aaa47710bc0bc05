"""Page numbers for the pagination macro (templates/_macros/forms.html) of lists paged in Python."""


class PageNumbers:
    """iter_pages() of an object with `page` and `pages`, in the shape of Flask-SQLAlchemy's:
    the page numbers to show, None for each gap (the macro passes the edges it wants)."""

    def iter_pages(self, left_edge=1, left_current=2, right_current=3, right_edge=1):
        last = 0
        for number in range(1, self.pages + 1):
            if (number <= left_edge or self.page - left_current - 1 < number < self.page + right_current
                    or number > self.pages - right_edge):
                if last + 1 != number:
                    yield None
                yield number
                last = number
