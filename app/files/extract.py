"""Text read from uploaded documents for search: PDF, DOCX, ODT/ODS and plain text.

Reading is bounded: at most max_chars characters, and it stops between pages or paragraphs
once `seconds` have passed, so a long upload never holds its request for long. Archives
that would unpack to more than MAX_UNPACKED_BYTES are not opened. A file that cannot be
read is still kept; its note says why its text is missing ("unreadable") or cut ("truncated").
"""
import io
import logging
import time
import zipfile

log = logging.getLogger(__name__)

DEFAULT_MAX_CHARS = 200_000
DEFAULT_SECONDS = 5.0
MAX_UNPACKED_BYTES = 200 * 1024 * 1024
UNREADABLE = "unreadable"
TRUNCATED = "truncated"


class _Budget:
    """Collects pieces of text until the characters or the time run out."""

    def __init__(self, max_chars, seconds):
        self.max_chars = max_chars or DEFAULT_MAX_CHARS
        self.deadline = time.monotonic() + (seconds or DEFAULT_SECONDS)
        self.parts, self.length, self.cut = [], 0, False

    def add(self, text: str) -> bool:
        """Keep text; False once the budget is spent (the caller stops reading)."""
        if self.cut:
            return False
        text = " ".join((text or "").split())
        if text:
            self.parts.append(text[: self.max_chars - self.length])
            self.length += len(self.parts[-1]) + 1
        if self.length >= self.max_chars or time.monotonic() > self.deadline:
            self.cut = True
        return not self.cut

    def result(self):
        return " ".join(self.parts), (TRUNCATED if self.cut else None)


def extract_text(data: bytes, content_type: str, max_chars=None, seconds=None) -> tuple[str | None, str | None]:
    """(text, note) of a document; (None, None) for types without text (images, spreadsheets in OOXML)."""
    reader = _readers().get(content_type)
    if reader is None:
        return None, None
    budget = _Budget(max_chars, seconds)
    try:
        reader(data, budget)
    except Exception:  # a damaged or hostile file: keep it, without its text
        log.info("could not read the text of a %s file", content_type, exc_info=True)
        return "", UNREADABLE
    return budget.result()


def _readers() -> dict:
    from app.files import storage

    return {storage.PDF: _pdf, storage.DOCX: _docx, storage.ODT: _odf, storage.ODS: _odf, storage.TEXT: _plain}


def readable_types() -> tuple[str, ...]:
    """The content types whose text is read for search."""
    return tuple(_readers())


def _plain(data: bytes, budget: _Budget) -> None:
    budget.add(data.decode("utf-8", "replace"))


def _pdf(data: bytes, budget: _Budget) -> None:
    from pypdf import PdfReader

    reader = PdfReader(io.BytesIO(data))
    if reader.is_encrypted:
        reader.decrypt("")
    for page in reader.pages:
        if not budget.add(page.extract_text() or ""):
            return


def _check_unpacked_size(data: bytes) -> None:
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        if sum(info.file_size for info in archive.infolist()) > MAX_UNPACKED_BYTES:
            raise ValueError("archive unpacks to too much")


def _docx(data: bytes, budget: _Budget) -> None:
    import docx

    _check_unpacked_size(data)
    document = docx.Document(io.BytesIO(data))
    for paragraph in document.paragraphs:
        if not budget.add(paragraph.text):
            return
    for table in document.tables:
        for row in table.rows:
            if not budget.add(" ".join(cell.text for cell in row.cells)):
                return


def _odf(data: bytes, budget: _Budget) -> None:
    from odf import teletype
    from odf.namespaces import TEXTNS
    from odf.opendocument import load

    _check_unpacked_size(data)
    blocks = ((TEXTNS, "h"), (TEXTNS, "p"))
    # Headings and paragraphs in the document's order, in text documents and spreadsheet cells alike.
    pending = [load(io.BytesIO(data)).body]
    while pending:
        element = pending.pop()
        if getattr(element, "qname", None) in blocks:
            if not budget.add(teletype.extractText(element)):
                return
        else:
            pending.extend(reversed(getattr(element, "childNodes", [])))
