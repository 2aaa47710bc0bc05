"""The files of an application: a file per required document (and extras) uploaded without
JavaScript, the checklist and the submission that wait for them, frozen once submitted, and
downloads for the application's readers only."""
import io

import pytest

from app.db import utcnow
from app.extensions import db
from app.files import samples
from app.files.models import Attachment, StoredFile
from app.grants.models import GrantApplication, GrantRequiredDocument, GrantReview
from tests import factories
from tests.grants.factories import make_application

PDF = samples.make_pdf("Umowa partnerska", ["Zażółć gęślą jaźń — Тарнів."])
LETTER = samples.make_docx("List intencyjny", ["Popieramy projekt."])


@pytest.fixture
def documents(call):
    call.documents = [GrantRequiredDocument(position=0, name="Umowa partnerska"),
                      GrantRequiredDocument(position=1, name="Statut organizacji")]
    db.session.flush()
    return call.documents


@pytest.fixture
def application(call, documents, lead_org, partner_org, applicant):
    return make_application(call, lead_org, applicant, partners=[partner_org])


def _upload(client, application, slot, data, name):
    return client.post(f"/grants/applications/{application.id}/files/{slot}", content_type="multipart/form-data",
                       data={_field(slot, "csrf_token"): client.csrf_token(),
                             _field(slot, "file"): (io.BytesIO(data), name)})


def _field(slot, name):
    return f"extra-{name}" if slot == "extra" else f"doc-{slot}-{name}"


def _files(application_id):
    return db.session.execute(db.select(Attachment).where(Attachment.grant_application_id == application_id)
                              .order_by(Attachment.id)).scalars().all()


def test_submission_waits_for_every_required_document(client, applicant, application, documents):
    client.login(applicant)
    page = client.get(f"/grants/applications/{application.id}").get_data(as_text=True)
    assert "brakuje: Umowa partnerska; Statut organizacji" in page
    client.post_form(f"/grants/applications/{application.id}/submit")
    assert db.session.get(GrantApplication, application.id).status == "draft"

    assert _upload(client, application, documents[0].id, PDF, "umowa.pdf").status_code == 302
    page = client.get(f"/grants/applications/{application.id}").get_data(as_text=True)
    assert "brakuje: Statut organizacji." in page and "umowa.pdf" in page
    client.post_form(f"/grants/applications/{application.id}/submit")
    assert db.session.get(GrantApplication, application.id).status == "draft"

    assert _upload(client, application, documents[1].id, LETTER, "statut.docx").status_code == 302
    assert _upload(client, application, "extra", LETTER, "list poparcia.docx").status_code == 302
    client.post_form(f"/grants/applications/{application.id}/submit")
    assert db.session.get(GrantApplication, application.id).status == "submitted"
    assert [(f.filename, f.grant_document_id) for f in _files(application.id)] == [
        ("umowa.pdf", documents[0].id), ("statut.docx", documents[1].id), ("list poparcia.docx", None)]


def test_a_document_is_replaced_at_the_same_address_and_removed_while_a_draft(client, applicant, application,
                                                                              documents):
    client.login(applicant)
    _upload(client, application, documents[0].id, PDF, "umowa-v1.pdf")
    first = _files(application.id)[0]
    first_id, old_file_id = first.id, first.file_id
    _upload(client, application, documents[0].id, LETTER, "umowa-v2.docx")
    [replaced] = _files(application.id)
    assert (replaced.id, replaced.filename) == (first_id, "umowa-v2.docx")
    assert db.session.get(StoredFile, old_file_id) is None  # the old bytes went
    client.post_form(f"/grants/applications/{application.id}/files/{first_id}/remove")
    assert _files(application.id) == []
    assert "brakuje: Umowa partnerska" in client.get(f"/grants/applications/{application.id}").get_data(as_text=True)


@pytest.mark.parametrize("data, name, message", [
    (b"\x00\x01\x02\x03", "program.exe", "Ten rodzaj pliku nie jest przyjmowany"),
    (b"a" * 5000, "duzy.txt", "Plik jest za duży"),
    (None, None, "Wybierz plik"),
])
def test_bad_files_are_refused_next_to_their_field(client, app, applicant, application, documents, data, name,
                                                   message):
    app.config["MAX_UPLOAD_BYTES"] = 1000
    client.login(applicant)
    slot = documents[1].id
    if data is None:
        response = client.post(f"/grants/applications/{application.id}/files/{slot}",
                               data={_field(slot, "csrf_token"): client.csrf_token()},
                               content_type="multipart/form-data")
    else:
        response = _upload(client, application, slot, data, name)
    text = response.get_data(as_text=True)
    assert response.status_code == 400
    assert message in text and f'id="doc-{slot}-file-error"' in text
    assert f'id="doc-{documents[0].id}-file-error"' not in text  # the other document's form is untouched
    assert _files(application.id) == []


def test_a_submitted_applications_files_are_frozen(client, applicant, application, documents):
    client.login(applicant)
    for document in documents:
        _upload(client, application, document.id, PDF, "dokument.pdf")
    client.post_form(f"/grants/applications/{application.id}/submit")
    assert db.session.get(GrantApplication, application.id).status == "submitted"
    before = [(f.id, f.file_id) for f in _files(application.id)]
    assert client.get(f"/grants/applications/{application.id}/files").status_code == 403
    assert _upload(client, application, documents[0].id, LETTER, "inna.docx").status_code == 403
    assert _upload(client, application, "extra", LETTER, "inna.docx").status_code == 403
    assert client.post_form(f"/grants/applications/{application.id}/files/{before[0][0]}/remove").status_code == 403
    assert client.post_form(f"/files/{before[0][0]}/remove").status_code == 403  # nor through app/files
    assert [(f.id, f.file_id) for f in _files(application.id)] == before


def test_only_the_applications_readers_download_its_files(client, call, application, documents, applicant,
                                                          partner_admin, moderator, lead_org):
    reviewer, other_reviewer = factories.make_user(), factories.make_user()
    stranger = factories.make_user()
    factories.make_org(name="Stowarzyszenie Obok", admin=stranger)  # verified, not a partner
    other = make_application(call, factories.make_org(name="Inna Fundacja"), title="Inny wniosek")
    db.session.add_all([GrantReview(application_id=application.id, reviewer_id=reviewer.id, assigned_at=utcnow()),
                        GrantReview(application_id=other.id, reviewer_id=other_reviewer.id, assigned_at=utcnow())])
    client.login(applicant)
    _upload(client, application, documents[0].id, PDF, "umowa.pdf")
    attachment = _files(application.id)[0]
    url = f"/files/{attachment.id}/umowa.pdf"
    seen = {}
    for name, person in [("lead member", applicant), ("partner member", partner_admin), ("reviewer", reviewer),
                         ("secretariat", moderator), ("other application's reviewer", other_reviewer),
                         ("non-partner member", stranger), ("guest", None)]:
        client.post_form("/auth/logout")
        if person is not None:
            client.login(person)
        response = client.get(url)
        seen[name] = response.status_code
        assert response.status_code != 200 or response.data == PDF
    assert seen == {"lead member": 200, "partner member": 200, "reviewer": 200, "secretariat": 200,
                    "other application's reviewer": 404, "non-partner member": 404, "guest": 404}


def test_others_may_not_upload_to_an_application(client, application, documents, partner_admin, outsider):
    client.login(partner_admin)  # a partner reads the application but does not write it
    assert _upload(client, application, documents[0].id, PDF, "umowa.pdf").status_code == 403
    client.post_form("/auth/logout")
    client.login(outsider)
    assert _upload(client, application, documents[0].id, PDF, "umowa.pdf").status_code == 404
    assert _files(application.id) == []


def test_a_document_of_another_call_is_not_a_slot(client, applicant, application):
    client.login(applicant)
    assert _upload(client, application, 999_999, PDF, "umowa.pdf").status_code == 404


def test_the_files_pages_replace_leads_back_to_the_applications_files(client, applicant, application, documents):
    client.login(applicant)
    _upload(client, application, documents[0].id, PDF, "umowa.pdf")
    [attachment] = _files(application.id)
    response = client.post(f"/files/{attachment.id}/replace", content_type="multipart/form-data",
                           data={f"replace-{attachment.id}-csrf_token": client.csrf_token(),
                                 f"replace-{attachment.id}-file": (io.BytesIO(LETTER), "umowa-v2.docx")})
    assert response.status_code == 302
    assert response.headers["Location"].endswith(f"/grants/applications/{application.id}/files")
    assert [(f.id, f.filename, f.grant_document_id) for f in _files(application.id)] == [
        (attachment.id, "umowa-v2.docx", documents[0].id)]
