"""Files on two application machines: what is uploaded through one is served by the other
(the bytes are in the shared database, nothing on either machine's disk)."""
import io
from pathlib import Path

from app.extensions import db
from app.files import samples
from tests import factories
from tests.forums.factories import make_thread


def test_a_file_uploaded_through_a_is_served_and_replaced_on_b(two_machines):
    app_a, app_b = two_machines()
    first = samples.make_pdf("Protokół", ["Wersja pierwsza."])
    second = samples.make_pdf("Protokół", ["Wersja druga, po poprawkach."])
    with app_a.app_context():
        author = factories.make_user()
        thread = make_thread(author=author)
        from app.forums.models import Post

        post_id = db.session.execute(db.select(Post.id).where(Post.thread_id == thread.id)).scalar_one()
        db.session.commit()
        machine_a = app_a.test_client()
        machine_a.login(author)
        added = machine_a.post(f"/files/for/forum_post/{post_id}", content_type="multipart/form-data", data={
            "csrf_token": machine_a.csrf_token(), "file": (io.BytesIO(first), "protokol.pdf")})
        assert added.status_code == 302
        from app.files.models import Attachment

        attachment_id = db.session.execute(db.select(Attachment.id)).scalar_one()
    with app_b.app_context():
        reader_b = app_b.test_client()
        assert reader_b.get(f"/files/{attachment_id}/protokol.pdf").data == first
    with app_a.app_context():
        replaced = machine_a.post(f"/files/{attachment_id}/replace", content_type="multipart/form-data", data={
            f"replace-{attachment_id}-csrf_token": machine_a.csrf_token(),
            f"replace-{attachment_id}-file": (io.BytesIO(second), "protokol.pdf")})
        assert replaced.status_code == 302
    with app_b.app_context():
        assert reader_b.get(f"/files/{attachment_id}/protokol.pdf").data == second
    local_files = [p for folder in (app_a.instance_path, app_b.instance_path) for p in Path(folder).rglob("*.pdf")]
    assert local_files == []  # nothing kept on either machine's disk
