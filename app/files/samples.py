"""Small real documents made in code: the demo library's files and the tests' uploads.

make_pdf writes a one-page-per-paragraph-group PDF by hand with the standard Helvetica font;
Polish letters outside WinAnsi (ą, ć, ę, ł, ń, ś, ź, ż) are named in the font's /Differences,
so viewers show them and text extraction reads them back. Other scripts (Cyrillic) need an
embedded font: use make_odt or make_docx for those.
"""
import io

_POLISH = "ąćęłńśźżĄĆĘŁŃŚŹŻ"
_GLYPHS = ("aogonek cacute eogonek lslash nacute sacute zacute zdotaccent "
           "Aogonek Cacute Eogonek Lslash Nacute Sacute Zacute Zdotaccent").split()
_CODES = {ch: 128 + i for i, ch in enumerate(_POLISH)}
LINES_PER_PAGE = 40


def _pdf_string(text: str) -> bytes:
    out = bytearray(b"(")
    for ch in text:
        if ch in _CODES:
            out.append(_CODES[ch])
        elif ch in "()\\":
            out += b"\\" + ch.encode()
        else:
            out += ch.encode("cp1252", "replace")
    return bytes(out + b")")


def make_pdf(title: str, paragraphs: list[str]) -> bytes:
    """A valid PDF with title and paragraphs (wrapped at about 80 characters)."""
    import textwrap

    lines = [title, ""] + [line for p in paragraphs for line in (textwrap.wrap(p, 80) + [""])]
    pages = [lines[i:i + LINES_PER_PAGE] for i in range(0, len(lines), LINES_PER_PAGE)] or [[title]]
    objects = [b"<< /Type /Catalog /Pages 2 0 R >>", None,
               b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding << /Type /Encoding "
               b"/BaseEncoding /WinAnsiEncoding /Differences [128 " + " ".join("/" + g for g in _GLYPHS).encode()
               + b"] >> >>"]
    page_ids = []
    for page in pages:
        stream = b"BT /F1 11 Tf 14 TL 56 790 Td " + b" ".join(_pdf_string(line) + b" '" for line in page) + b" ET"
        objects.append(b"<< /Length %d >>\nstream\n" % len(stream) + stream + b"\nendstream")
        objects.append(b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /Font << /F1 3 0 R >> >>"
                       b" /Contents %d 0 R >>" % len(objects))
        page_ids.append(len(objects))
    objects[1] = b"<< /Type /Pages /Kids [" + b" ".join(b"%d 0 R" % i for i in page_ids) + b"] /Count %d >>" % len(pages)
    out = bytearray(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)
    return bytes(out)


def make_odt(title: str, paragraphs: list[str]) -> bytes:
    """An OpenDocument text (the format Polish public offices use) with a heading and paragraphs."""
    from odf.opendocument import OpenDocumentText
    from odf.text import H, P

    document = OpenDocumentText()
    document.text.addElement(H(outlinelevel=1, text=title))
    for paragraph in paragraphs:
        document.text.addElement(P(text=paragraph))
    out = io.BytesIO()
    document.write(out)
    return out.getvalue()


def make_ods(title: str, rows: list[list[str]]) -> bytes:
    """An OpenDocument spreadsheet with one sheet named title."""
    from odf.opendocument import OpenDocumentSpreadsheet
    from odf.table import Table, TableCell, TableRow
    from odf.text import P

    document = OpenDocumentSpreadsheet()
    table = Table(name=title[:30])
    for row in rows:
        table_row = TableRow()
        for value in row:
            cell = TableCell(valuetype="string")
            cell.addElement(P(text=value))
            table_row.addElement(cell)
        table.addElement(table_row)
    document.spreadsheet.addElement(table)
    out = io.BytesIO()
    document.write(out)
    return out.getvalue()


def make_docx(title: str, paragraphs: list[str]) -> bytes:
    import docx

    document = docx.Document()
    document.add_heading(title, level=1)
    for paragraph in paragraphs:
        document.add_paragraph(paragraph)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def make_png(width: int = 8, height: int = 8, rgb=(196, 30, 58)) -> bytes:
    """A real PNG of one colour (logos in the demo and the tests)."""
    import struct
    import zlib

    def chunk(kind: bytes, body: bytes) -> bytes:
        return struct.pack(">I", len(body)) + kind + body + struct.pack(">I", zlib.crc32(kind + body) & 0xFFFFFFFF)

    raw = b"".join(b"\x00" + bytes(rgb) * width for _ in range(height))
    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", zlib.compress(raw)) + chunk(b"IEND", b"")
