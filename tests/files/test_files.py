"""Attachments and logos: stored in the database, typed from their bytes, served safely, seen by
exactly those who see their parent."""
import io

import pytest
from werkzeug.datastructures import FileStorage
from werkzeug.test import encode_multipart

from app.extensions import db
from app.files import samples, services, storage
from app.files.models import Attachment, StoredFile
from tests import factories
from tests.forums.factories import group_category, make_group, make_thread
from tests.partnerships.factories import make_post

PDF = samples.make_pdf("Koncepcja projektu", ["Współpraca z pracodawcami w powiecie tarnowskim."])


def upload(data, name):
    return {"file": (io.BytesIO(data), name)}


def post_files(client, kind, parent_id, data, name):
    return client.post(f"/files/for/{kind}/{parent_id}", data={"csrf_token": client.csrf_token(), **upload(data, name)},
                       content_type="multipart/form-data")


@pytest.fixture
def thread(member):
    return make_thread(author=member, title="Wzory umów partnerskich")


# --- the storage module -----------------------------------------------------------------------
@pytest.mark.parametrize("data, expected", [
    (PDF, storage.PDF),
    (samples.make_docx("Tytuł", ["Tekst"]), storage.DOCX),
    (samples.make_odt("Tytuł", ["Tekst"]), storage.ODT),
    (samples.make_ods("Arkusz", [["a", "b"]]), storage.ODS),
    (samples.make_png(), storage.PNG),
    ("Zwykły tekst, zażółć gęślą jaźń".encode(), storage.TEXT),
    (b"\x00\x01\x02binary", None),
    (b"PK\x03\x04not really a zip", None),
])
def test_type_is_decided_from_the_bytes(app, data, expected):
    assert storage.sniff(data) == expected


def test_filenames_are_cleaned_and_end_with_their_real_type(app):
    assert storage.clean_filename("../../etc/passwd", storage.TEXT) == "passwd.txt"
    assert storage.clean_filename("strona.html", storage.TEXT) == "strona.html.txt"
    assert storage.clean_filename('raport "końcowy"\r\n.PDF', storage.PDF) == "raport końcowy.pdf"
    assert storage.clean_filename("", storage.PNG) == "file.png"


def test_text_is_read_from_real_documents(app):
    docx = samples.make_docx("Wzór umowy", ["Umowa partnerska zawarta w Tarnowie"])
    odt = samples.make_odt("Посібник", ["Інтеграція іммігрантів"])
    for data, words in ((PDF, "pracodawcami w powiecie"), (docx, "zawarta w Tarnowie"),
                        (odt, "Посібник Інтеграція іммігрантів")):  # in the document's order
        stored = storage.store(data)
        assert words in stored.text and stored.text_note is None


def test_a_damaged_document_is_kept_with_a_note(app):
    stored = storage.store(b"%PDF-1.4 this is not really a PDF")
    assert stored.content_type == storage.PDF and stored.text_note == "unreadable"


def test_reading_stops_at_the_character_limit(app):
    app.config["FILE_TEXT_MAX_CHARS"] = 30
    stored = storage.store(PDF)
    assert len(stored.text) <= 30 and stored.text_note == "truncated"


# --- attachments on forum posts -------------------------------------------------------------------
def test_author_attaches_a_file_and_anyone_who_sees_the_post_downloads_it(client, member, outsider, thread):
    client.login(member)
    response = post_files(client, "forum_post", _opening(thread).id, PDF, "koncepcja.pdf")
    assert response.status_code == 302
    attachment = db.session.execute(db.select(Attachment)).scalar_one()
    page = client.get(f"/forums/t/{thread.id}").get_data(as_text=True)
    assert "koncepcja.pdf" in page and "PDF" in page
    assert "Pliki: „Wzory umów partnerskich”" in client.get(f"/files/for/forum_post/{_opening(thread).id}").text
    client.post_form("/auth/logout")
    download = client.get(f"/files/{attachment.id}/koncepcja.pdf")
    assert download.status_code == 200 and download.data == PDF
    assert download.headers["Content-Disposition"].startswith("attachment")
    assert download.headers["X-Content-Type-Options"] == "nosniff"
    assert "sandbox" in download.headers["Content-Security-Policy"]


def _opening(thread):
    from app.forums.models import Post

    return db.session.execute(db.select(Post).where(Post.thread_id == thread.id, Post.position == 1)).scalar_one()


def test_working_group_file_is_404_for_outsiders(client, member, outsider):
    group = make_group("Zespół koordynacyjny powiatu nowosądeckiego", members=[member])
    thread = make_thread(author=member, category=group_category(group))
    attachment = services.add_attachment(member, _opening(thread), PDF, "protokol.pdf")
    client.login(outsider)
    assert client.get(f"/files/{attachment.id}/protokol.pdf").status_code == 404
    assert client.get(f"/files/for/forum_post/{_opening(thread).id}").status_code == 404
    client.post_form("/auth/logout")
    client.login(member)
    assert client.get(f"/files/{attachment.id}/protokol.pdf").status_code == 200


def test_others_may_not_change_the_files_of_a_post(client, member, outsider, thread):
    client.login(outsider)
    assert client.get(f"/files/for/forum_post/{_opening(thread).id}").status_code == 403
    assert post_files(client, "forum_post", _opening(thread).id, PDF, "x.pdf").status_code == 403
    assert db.session.execute(db.select(Attachment)).first() is None


def test_a_hidden_html_page_is_served_as_a_text_download(client, member, thread):
    page = b"<html><body><script>alert(document.cookie)</script></body></html>"
    attachment = services.add_attachment(member, _opening(thread), page, "strona.html")
    response = client.get(f"/files/{attachment.id}/{attachment.filename}")
    assert attachment.filename == "strona.html.txt"
    assert response.headers["Content-Type"].startswith("text/plain")
    assert response.headers["Content-Disposition"].startswith("attachment")
    assert response.headers["X-Content-Type-Options"] == "nosniff"


def test_wrong_type_and_too_big_are_refused_next_to_the_field(client, member, thread, app):
    client.login(member)
    response = post_files(client, "forum_post", _opening(thread).id, b"\x00\x01\x02\x03", "program.exe")
    assert response.status_code == 400
    assert "Ten rodzaj pliku nie jest przyjmowany" in response.get_data(as_text=True)
    app.config["MAX_UPLOAD_BYTES"] = 1000
    response = post_files(client, "forum_post", _opening(thread).id, b"a" * 5000, "duzy.txt")
    assert response.status_code == 400
    text = response.get_data(as_text=True)
    assert "Plik jest za duży" in text and 'id="file-error"' in text
    assert db.session.execute(db.select(Attachment)).first() is None


def test_replacing_keeps_the_address_and_removing_deletes_the_bytes(client, member, thread):
    attachment = services.add_attachment(member, _opening(thread), PDF, "wersja-1.pdf")
    attachment_id = attachment.id
    client.login(member)
    new_version = samples.make_pdf("Koncepcja projektu", ["Wersja druga."])
    response = client.post(f"/files/{attachment.id}/replace", content_type="multipart/form-data", data={
        f"replace-{attachment.id}-csrf_token": client.csrf_token(),
        f"replace-{attachment.id}-file": (io.BytesIO(new_version), "wersja-2.pdf")})
    assert response.status_code == 302
    assert client.get(f"/files/{attachment.id}").data == new_version
    assert db.session.execute(db.select(db.func.count(StoredFile.id))).scalar_one() == 1
    assert client.post_form(f"/files/{attachment_id}/remove").status_code == 302
    assert client.get(f"/files/{attachment_id}").status_code == 404
    assert db.session.execute(db.select(db.func.count(StoredFile.id))).scalar_one() == 0


def test_files_of_a_hidden_reply_are_hidden_with_its_text(client, member, outsider, thread):
    from app.db import utcnow
    from tests.forums.factories import make_reply

    reply = make_reply(thread, author=member)
    attachment = services.add_attachment(member, reply, PDF, "a.pdf")
    client.login(outsider)
    assert client.get(f"/files/{attachment.id}").status_code == 200
    reply.hidden_at = utcnow()
    assert client.get(f"/files/{attachment.id}").status_code == 404


# --- partnership posts and logos ----------------------------------------------------------------------
def test_partnership_post_files_follow_the_post(client, member, outsider):
    org = factories.make_org(admin=member, verified_at=None)
    post = make_post(org, member)
    attachment = services.add_attachment(member, post, PDF, "koncepcja.pdf")
    client.login(member)
    assert "koncepcja.pdf" in client.get(f"/partnerships/{post.id}").get_data(as_text=True)
    assert client.get(f"/files/{attachment.id}").status_code == 200
    client.post_form("/auth/logout")
    client.login(outsider)  # the organisation awaits verification: its post is not public
    assert client.get(f"/files/{attachment.id}").status_code == 404


def test_org_admin_sets_a_logo_shown_inline(client, member):
    org = factories.make_org(admin=member)
    client.login(member)
    response = client.post(f"/files/logo/{org.slug}", content_type="multipart/form-data",
                           data={"csrf_token": client.csrf_token(), **upload(samples.make_png(), "logo.png")})
    assert response.status_code == 302
    logo = services.get_logo(org)
    served = client.get(f"/files/{logo.id}/logo.png")
    assert served.headers["Content-Type"] == "image/png"
    assert served.headers["Content-Disposition"].startswith("inline")
    assert f"/files/{logo.id}/logo.png" in client.get(f"/orgs/{org.slug}").get_data(as_text=True)
    refused = client.post(f"/files/logo/{org.slug}", content_type="multipart/form-data",
                          data={"csrf_token": client.csrf_token(), **upload(PDF, "logo.pdf")})
    assert refused.status_code == 400


def test_thread_page_loads_files_in_one_query_whatever_their_number(client, member, thread, count_queries):
    from tests.forums.factories import make_reply

    posts = [_opening(thread)] + [make_reply(thread, author=member) for _ in range(4)]
    url = f"/forums/t/{thread.id}"
    with count_queries() as few:
        client.get(url)
    for post in posts:
        services.add_attachment(member, post, PDF, "plik.pdf")
    with count_queries() as many:
        assert client.get(url).get_data(as_text=True).count(">plik.pdf</a>") == 5
    assert many.count <= few.count + 1


# --- GDPR ----------------------------------------------------------------------------------------
def test_my_export_lists_my_uploads_and_deleting_me_keeps_the_files_without_me(client, member, thread):
    import json

    from app.auth.models import User

    attachment = services.add_attachment(member, _opening(thread), PDF, "moj-plik.pdf")
    attachment_id = attachment.id
    client.login(member)
    data = json.loads(client.get("/account/export.json").text)
    upload_record = data["files"]["uploads"][0]
    assert upload_record["filename"] == "moj-plik.pdf" and upload_record["parent_kind"] == "forum_post"
    assert upload_record["address"] == f"/files/{attachment_id}/moj-plik.pdf"
    db.session.delete(db.session.get(User, member.id))  # as account deletion does: the same rule as for posts
    db.session.commit()
    kept = db.session.get(Attachment, attachment_id)
    assert kept is not None and kept.uploaded_by_id is None


def test_images_are_re_encoded_without_their_location(app):
    from PIL import Image

    photo = Image.new("RGB", (3000, 1500), (10, 120, 200))
    exif = Image.Exif()
    exif[0x010F] = "Camera maker"
    exif[0x8825] = {2: (50.0, 3.0, 0.0), 4: (20.0, 59.0, 0.0)}  # GPS: Tarnów
    out = io.BytesIO()
    photo.save(out, "JPEG", exif=exif)
    assert Image.open(io.BytesIO(out.getvalue())).getexif()  # the upload has its metadata
    stored = storage.store(out.getvalue())
    kept = Image.open(io.BytesIO(stored.data))
    assert not kept.getexif() and max(kept.size) == storage.MAX_IMAGE_SIDE
    with pytest.raises(storage.FileRefused):
        storage.store(b"\x89PNG\r\n\x1a\n" + b"not really an image")


def test_an_organisations_files_are_limited_by_its_quota(client, member, app):
    org = factories.make_org(admin=member)
    post = make_post(org, member)
    app.config["ORGANISATION_QUOTA_BYTES"] = len(PDF) + 500
    first = services.add_attachment(member, post, PDF, "a.pdf")
    client.login(member)
    response = post_files(client, "partnership_post", post.id, PDF, "b.pdf")
    assert response.status_code == 400
    assert "Pliki Twojej organizacji zajmują już" in response.text
    services.replace_attachment(member, first, PDF[:-10] + b"%%EOF\n", "a.pdf")  # replacing counts the old file out
    services.remove_attachment(member, first)
    assert services.organisation_usage(org.id) == 0


def post_big_file(client, kind, parent_id, data, name):
    """Encoded in memory: the test client's own encoding spools a big body to a file it never closes."""
    boundary, body = encode_multipart({"csrf_token": client.csrf_token(),
                                       "file": FileStorage(io.BytesIO(data), filename=name)})
    return client.post(f"/files/for/{kind}/{parent_id}", data=body,
                       content_type=f"multipart/form-data; boundary={boundary}")


def test_an_upload_may_be_bigger_than_a_form_and_no_bigger_than_a_file(client, member, thread, app):
    """Bodies are limited to MAX_CONTENT_LENGTH (2 MB), except on the views that take files: a
    3 MB scan must reach the upload, and only a body past the file limit is refused outright."""
    client.login(member)
    scan = b"Protokol ze spotkania.\n" * (3 * 1024 * 1024 // 23)
    assert len(scan) > app.config["MAX_CONTENT_LENGTH"]
    assert post_big_file(client, "forum_post", _opening(thread).id, scan, "protokol.txt").status_code == 302
    assert db.session.execute(db.select(StoredFile.size)).scalar_one() == len(scan)
    too_big = b"a" * (app.config["MAX_UPLOAD_BYTES"] + app.config["UPLOAD_REQUEST_MARGIN"] + 1)
    assert post_big_file(client, "forum_post", _opening(thread).id, too_big, "za-duzy.txt").status_code == 413
    reply = client.post_form(f"/forums/t/{thread.id}/reply", {"body": "x" * (3 * 1024 * 1024)})
    assert reply.status_code == 413  # a form without files keeps the small limit
