"""Reading the secretariat's pages as a person does: one section at a time."""


def section(page: str, heading_id: str) -> str:
    """The HTML of the <section> labelled by the heading with heading_id."""
    start = page.index(f'aria-labelledby="{heading_id}"')
    return page[start:page.index("</section>", start)]
