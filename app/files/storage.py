"""THE storage module: every file the platform keeps goes in and out through here.

Bytes are kept in the shared database (table stored_files), so every application machine
serves every file with nothing to set up or copy (architecture rule 16: nothing that must
agree across machines lives on one machine's disk). Files are limited to MAX_UPLOAD_BYTES
(20 MB by default), which a database blob holds well.

The type of a file is decided from its bytes, never from the name or the browser's word,
against an allow-list. A file is served from its own route with X-Content-Type-Options:
nosniff and a sandboxing Content-Security-Policy, as a download (Content-Disposition:
attachment) unless it is a PNG or JPEG image, so an uploaded page or script never runs on
the site's origin. Images are drawn again by Pillow, which drops their metadata (EXIF, GPS).
"""
import hashlib
import io
import re
import unicodedata
import zipfile
from dataclasses import dataclass

from flask import current_app, send_file

from app.extensions import db
from app.files import extract
from app.files.models import StoredFile
from app.i18n import lazy_gettext as _l
from app.refusals import Refused

DEFAULT_MAX_UPLOAD_BYTES = 20 * 1024 * 1024
MAX_IMAGE_SIDE = 2400  # images are re-encoded at most this wide and tall
MAX_IMAGE_PIXELS = 50_000_000  # bigger ones are refused before decoding (decompression bombs)
FILENAME_MAX = 150
# Served to the browser with the file: nothing in it may run, load or be framed.
FILE_CSP = "default-src 'none'; img-src 'self'; style-src 'unsafe-inline'; sandbox; frame-ancestors 'none'"


@dataclass(frozen=True)
class FileType:
    content_type: str
    extensions: tuple  # the first one is added to a name that has none of them
    label: object  # lazy translated, e.g. "PDF document"


PDF = "application/pdf"
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
PPTX = "application/vnd.openxmlformats-officedocument.presentationml.presentation"
ODT = "application/vnd.oasis.opendocument.text"
ODS = "application/vnd.oasis.opendocument.spreadsheet"
TEXT = "text/plain"
PNG = "image/png"
JPEG = "image/jpeg"

TYPES = {t.content_type: t for t in (
    FileType(PDF, (".pdf",), _l("PDF document")),
    FileType(DOCX, (".docx",), _l("Word document")),
    FileType(ODT, (".odt",), _l("OpenDocument text")),
    FileType(ODS, (".ods",), _l("OpenDocument spreadsheet")),
    FileType(XLSX, (".xlsx",), _l("Excel spreadsheet")),
    FileType(PPTX, (".pptx",), _l("PowerPoint presentation")),
    FileType(TEXT, (".txt", ".csv", ".md"), _l("Text")),
    FileType(PNG, (".png",), _l("PNG image")),
    FileType(JPEG, (".jpg", ".jpeg"), _l("JPEG image")),
)}
IMAGE_TYPES = frozenset((PNG, JPEG))
# What the file inputs announce to the browser (a hint only: the bytes decide).
ACCEPT_DOCUMENTS = ",".join(ext for t in TYPES.values() for ext in t.extensions)
ACCEPT_IMAGES = ".png,.jpg,.jpeg"
_OOXML_PARTS = {"word/document.xml": DOCX, "xl/workbook.xml": XLSX, "ppt/presentation.xml": PPTX}
_UNSAFE_NAME = re.compile(r"[\x00-\x1f\x7f/\\:*?\"<>|]+")


class FileRefused(Refused):
    """The upload cannot be kept; message is shown next to the file field, in the user's language."""

    default_field = "file"


def max_upload_bytes() -> int:
    return int(current_app.config.get("MAX_UPLOAD_BYTES") or DEFAULT_MAX_UPLOAD_BYTES)


def sniff(data: bytes) -> str | None:
    """The allowed type of data, from its content; None when it is none of them."""
    if data.startswith(b"%PDF-"):
        return PDF
    if data.startswith(b"\x89PNG\r\n\x1a\n"):
        return PNG
    if data.startswith(b"\xff\xd8\xff"):
        return JPEG
    if data.startswith(b"PK\x03\x04"):
        return _sniff_zip(data)
    return TEXT if _is_text(data) else None


def _sniff_zip(data: bytes) -> str | None:
    """OpenDocument names its type in the "mimetype" entry; Office Open XML by its main part."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            names = set(archive.namelist())
            if "mimetype" in names:
                declared = archive.read("mimetype")[:100].decode("ascii", "replace").strip()
                return declared if declared in (ODT, ODS) else None
            if "[Content_Types].xml" in names:
                return next((kind for part, kind in _OOXML_PARTS.items() if part in names), None)
    except (zipfile.BadZipFile, OSError, RuntimeError, ValueError):
        return None
    return None


def _is_text(data: bytes) -> bool:
    if b"\x00" in data:
        return False
    try:
        data.decode("utf-8")
    except UnicodeDecodeError:
        return False
    return True


def clean_filename(name: str | None, content_type: str) -> str:
    """A name safe in a header and on any disk, ending with an extension of its real type."""
    name = unicodedata.normalize("NFC", (name or "").replace("\\", "/").rsplit("/", 1)[-1])
    name = " ".join(_UNSAFE_NAME.sub(" ", name).split()).strip(" .")
    file_type = TYPES[content_type]
    stem, dot, extension = name.rpartition(".")
    if not dot or f".{extension.lower()}" not in file_type.extensions:
        stem = name
        extension = file_type.extensions[0][1:]
    stem = (stem or "file")[: FILENAME_MAX - len(extension) - 1].rstrip(" .") or "file"
    return f"{stem}.{extension.lower()}"


def check(data: bytes, images_only: bool = False) -> str:
    """The content type of data, or FileRefused (too big, empty, or not an allowed type)."""
    limit = max_upload_bytes()
    if len(data) > limit:
        raise FileRefused(_l("The file is too big: at most %(size)s is allowed.", size=human_size(limit)))
    if not data:
        raise FileRefused(_l("The file is empty."))
    content_type = sniff(data)
    if content_type is None or (images_only and content_type not in IMAGE_TYPES):
        allowed = _l("a PNG or JPEG image") if images_only else _l(
            "PDF, Word (DOCX), OpenDocument (ODT, ODS), Excel (XLSX), PowerPoint (PPTX), plain text, PNG or JPEG")
        raise FileRefused(_l("This type of file is not accepted. Allowed: %(types)s.", types=allowed))
    return content_type


def reencode_image(data: bytes, content_type: str) -> bytes:
    """The image drawn again by Pillow: metadata (EXIF, GPS position) dropped, size bounded, and
    nothing but pixels kept (a file that is also a script or a page is not one any more)."""
    from PIL import Image, ImageOps

    Image.MAX_IMAGE_PIXELS = MAX_IMAGE_PIXELS
    try:
        with Image.open(io.BytesIO(data)) as image:
            image = ImageOps.exif_transpose(image)  # keep the orientation the EXIF gave, then drop EXIF
            image.thumbnail((MAX_IMAGE_SIDE, MAX_IMAGE_SIDE))
            out = io.BytesIO()
            if content_type == PNG:
                image.save(out, "PNG", optimize=True)
            else:
                image.convert("RGB").save(out, "JPEG", quality=88, optimize=True)
    except (OSError, ValueError, Image.DecompressionBombError):
        raise FileRefused(_l("The image could not be read. Save it again as PNG or JPEG and send it once more.")) from None
    return out.getvalue()


def store(data: bytes, images_only: bool = False) -> StoredFile:
    """Keep data (checked; images re-encoded; its text read for search, bounded in time and size);
    flushed, not committed."""
    content_type = check(data, images_only)
    if content_type in IMAGE_TYPES:
        data = reencode_image(data, content_type)
    text, note = extract.extract_text(data, content_type, max_chars=current_app.config.get("FILE_TEXT_MAX_CHARS"),
                                      seconds=current_app.config.get("FILE_TEXT_SECONDS"))
    stored = StoredFile(content_type=content_type, size=len(data), sha256=hashlib.sha256(data).hexdigest(),
                        data=data, text=text, text_note=note)
    db.session.add(stored)
    db.session.flush()
    return stored


def discard(stored: StoredFile) -> None:
    """Delete the bytes once nothing names them any more."""
    from app.files.models import Attachment

    still_used = db.session.execute(db.select(Attachment.id).where(Attachment.file_id == stored.id).limit(1)).first()
    if still_used is None:
        db.session.delete(stored)


def serve(stored: StoredFile, filename: str):
    """The response that sends the file: inline only for images, always nosniff and sandboxed."""
    is_image = stored.content_type in IMAGE_TYPES
    mimetype = f"{TEXT}; charset=utf-8" if stored.content_type == TEXT else stored.content_type
    response = send_file(io.BytesIO(stored.data), mimetype=mimetype, as_attachment=not is_image,
                         download_name=filename, etag=stored.sha256, conditional=True, max_age=0)
    response.headers["X-Content-Type-Options"] = "nosniff"
    response.headers["Content-Security-Policy"] = FILE_CSP
    response.headers["Cross-Origin-Resource-Policy"] = "same-origin"
    # Access is checked on every request: caches must ask again (the ETag makes that cheap).
    response.headers["Cache-Control"] = "private, no-cache"
    return response


def human_size(size: int) -> str:
    """1.5 MB, 320 KB, 12 B — in the user's number format."""
    from flask_babel import format_decimal

    if size >= 1024 * 1024:
        return f"{format_decimal(round(size / (1024 * 1024), 1))} MB"
    if size >= 1024:
        return f"{format_decimal(round(size / 1024))} KB"
    return f"{size} B"


def type_label(content_type: str):
    file_type = TYPES.get(content_type)
    return file_type.label if file_type else content_type
