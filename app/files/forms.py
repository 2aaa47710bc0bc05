"""Upload forms: a file field whose content is checked (size, type) with its message beside it."""
from flask_wtf.file import FileField
from wtforms import SubmitField
from wtforms.validators import DataRequired, Optional, ValidationError

from app.files import storage
from app.forms import AppForm
from app.i18n import lazy_gettext as _l

READ_CHUNK = 1024 * 1024


def read_upload(file_storage) -> bytes:
    """The uploaded bytes, reading at most one byte past the limit (enough to say "too big")."""
    limit = storage.max_upload_bytes()
    data = file_storage.stream.read(limit + 1)
    file_storage.stream.seek(0)
    return data


def checked_file(images_only: bool = False):
    """A validator: the upload must be an allowed type within the size limit; keeps its bytes on the field."""

    def check(form, field):
        field.bytes = None
        if not field.data or not getattr(field.data, "filename", None):
            return
        data = read_upload(field.data)
        try:
            field.content_type = storage.check(data, images_only)
        except storage.FileRefused as refused:
            raise ValidationError(str(refused.message)) from None
        field.bytes = data

    return check


class UploadField(FileField):
    """A file input; once validated, `bytes` holds the upload (None when there was none)."""

    bytes = None  # also when validation stopped early (Optional on an empty input)
    content_type = None


def file_field(label, required: bool, images_only: bool = False, description=None):
    accept = storage.ACCEPT_IMAGES if images_only else storage.ACCEPT_DOCUMENTS
    return UploadField(label, description=description,
                     validators=[DataRequired(_l("Choose a file.")) if required else Optional(), checked_file(images_only)],
                     render_kw={"accept": accept})


def describe_documents() -> str:
    return _l("PDF, Word, OpenDocument, Excel, PowerPoint, text, PNG or JPEG; at most %(size)s.",
              size=storage.human_size(storage.max_upload_bytes()))


class UploadForm(AppForm):
    file = file_field(_l("File"), required=True)
    submit = SubmitField(_l("Add the file"))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.file.description = describe_documents()


class ReplaceForm(UploadForm):
    submit = SubmitField(_l("Replace the file"))


class LogoForm(AppForm):
    file = file_field(_l("Logo"), required=True, images_only=True)
    submit = SubmitField(_l("Save the logo"))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.file.description = _l("A PNG or JPEG image; at most %(size)s.",
                                   size=storage.human_size(storage.max_upload_bytes()))


class RemoveForm(AppForm):
    submit = SubmitField(_l("Remove the file"))
