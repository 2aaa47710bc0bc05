"""The network health figures as CSV, for the secretariat's yearly report."""
import csv
import io

HEADER = ("figure", "figure_title", "key", "label", "value")


def _safe(value) -> str:
    """Text a spreadsheet will not run as a formula."""
    text = str(value)
    return "'" + text if text[:1] in ("=", "+", "-", "@", "\t", "\r") else text


def figures_csv(figures) -> str:
    """One row per bar: figure key and title, the row's key (slug or YYYY-MM), label and value."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(HEADER)
    for figure in figures:
        for row in figure.rows:
            writer.writerow((figure.key, _safe(figure.title), row.key, _safe(row.label), row.value))
    return "\ufeff" + out.getvalue()  # the BOM makes spreadsheet programs read UTF-8
