"""Commands of the files part: flask --app app files-extract."""
import click
from sqlalchemy import or_, select

from app.db import commit, utcnow
from app.extensions import db
from app.files import extract
from app.files.models import Attachment, StoredFile


@click.command("files-extract")
@click.option("--seconds", default=60.0, show_default=True, help="Time allowed per file.")
@click.option("--max-chars", default=5 * extract.DEFAULT_MAX_CHARS, show_default=True, help="Text kept per file.")
@click.option("--all", "everything", is_flag=True, help="Read every document again, not only those cut short or unread.")
def files_extract(seconds, max_chars, everything):
    """Read the text of stored documents again with a bigger budget than an upload has.

    Uploads read at most FILE_TEXT_SECONDS and FILE_TEXT_MAX_CHARS of a file, so that a big one
    never holds up its request; this reads those that were cut short or could not be read (or,
    with --all, every one, e.g. after a better reader was installed). Search follows at once.
    """
    query = select(StoredFile.id).where(StoredFile.content_type.in_(extract.readable_types())).order_by(StoredFile.id)
    if not everything:
        query = query.where(or_(StoredFile.text_note.is_not(None), StoredFile.text.is_(None)))
    ids = list(db.session.execute(query).scalars())
    for number, file_id in enumerate(ids, start=1):
        stored = db.session.get(StoredFile, file_id)
        stored.text, stored.text_note = extract.extract_text(stored.data, stored.content_type, max_chars, seconds)
        # The attachments' documents are indexed again after the commit (search watches attachments).
        for attachment in db.session.execute(select(Attachment).where(Attachment.file_id == file_id)).scalars():
            attachment.updated_at = utcnow()
        commit()
        db.session.expunge_all()  # one file's bytes in memory at a time
        click.echo(f"\r{number}/{len(ids)}", nl=False)
    click.echo(f"\n{len(ids)} files read again.")


COMMANDS = [files_extract]
