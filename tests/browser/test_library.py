"""The knowledge library in real Chromium: the list and the publishing form pass axe (with their
error messages shown), and a document with its file is published without JavaScript and found by
a word inside the PDF."""
import pytest
from playwright.sync_api import expect

from app.files import samples
from tests import factories
from tests.browser.conftest import assert_accessible, open_folded_choices
from tests.browser.test_directory import log_in, log_out

PDF = samples.make_pdf("Raport roczny", ["Sytuacja cudzoziemców na rynku pracy w powiecie bocheńskim."])
TITLE = "Raport o rynku pracy w powiecie bocheńskim"


@pytest.fixture(scope="module")
def librarian(live_app):
    from app.extensions import db

    with live_app.app_context():
        member = factories.make_user(email="biblioteka@example.org", display_name="Barbara Bibliotekarka")
        factories.make_org(name="Fundacja Dobra Wiedza", admin=member)
        db.session.commit()
    return "biblioteka@example.org"



def choose_file(page, name, mime, data):
    page.get_by_label("Plik", exact=True).set_input_files(files=[{"name": name, "mimeType": mime, "buffer": data}])


def test_library_list_and_form_are_accessible_with_their_errors(page, librarian):
    log_in(page, librarian)
    page.goto("/library/")
    assert_accessible(page)
    page.get_by_role("link", name="Obserwuj tematy biblioteki").click()
    open_folded_choices(page)
    page.get_by_label("mieszkalnictwo", exact=True).check()
    assert_accessible(page)
    page.get_by_role("button", name="Zapisz tematy").click()
    expect(page.get_by_text("Twoje tematy zostały zapisane.")).to_be_visible()
    page.get_by_role("link", name="Opublikuj dokument").click()
    expect(page.get_by_role("heading", name="Opublikuj dokument w bibliotece")).to_be_visible()
    open_folded_choices(page)
    assert_accessible(page)
    page.get_by_label("Tytuł po polsku").fill("Dokument z niedozwolonym plikiem")
    choose_file(page, "program.exe", "application/octet-stream", b"MZ\x00\x01binary")
    page.get_by_role("button", name="Opublikuj").click()
    expect(page.locator("#file-error")).to_contain_text("Ten rodzaj pliku nie jest przyjmowany")
    expect(page.get_by_label("Tytuł po polsku")).to_have_value("Dokument z niedozwolonym plikiem")
    open_folded_choices(page)
    assert_accessible(page)


def test_publish_a_document_without_javascript_and_find_it(page_without_js, librarian):
    page = page_without_js
    log_in(page, librarian)
    page.goto("/library/new")
    page.get_by_label("Tytuł po polsku").fill(TITLE)
    page.get_by_label("Streszczenie po polsku").fill("Wyniki badania ankietowego.")
    choose_file(page, "raport.pdf", "application/pdf", PDF)
    page.get_by_role("button", name="Opublikuj").click()
    expect(page.get_by_role("heading", name=TITLE)).to_be_visible()
    expect(page.get_by_role("link", name="raport.pdf")).to_be_visible()
    log_out(page)
    page.goto("/search?q=cudzoziemcy")  # the PDF says "cudzoziemców"
    expect(page.get_by_role("link", name=TITLE)).to_be_visible()
    page.goto("/library/")
    expect(page.get_by_role("link", name=TITLE)).to_be_visible()


def test_the_files_page_of_a_post_is_accessible_and_lists_the_upload(page, in_live_db):
    from app.extensions import db
    from app.forums.models import Post
    from tests.forums.factories import make_thread

    with in_live_db():
        author = factories.make_user(email="autorka@example.org", display_name="Alicja Autorka")
        thread = make_thread(author=author, title="Wzór porozumienia o współpracy")
        post_id = db.session.execute(db.select(Post.id).where(Post.thread_id == thread.id)).scalar_one()
    log_in(page, "autorka@example.org")
    page.goto(f"/forums/p/{post_id}")
    page.get_by_role("link", name="Dodaj lub zmień pliki").click()
    assert_accessible(page)
    page.get_by_label("Plik", exact=True).set_input_files(
        files=[{"name": "strona.exe", "mimeType": "application/octet-stream", "buffer": b"MZ\x00binary"}])
    page.get_by_role("button", name="Dodaj plik").click()
    expect(page.locator("#file-error")).to_contain_text("Ten rodzaj pliku nie jest przyjmowany")
    assert_accessible(page)
    page.get_by_label("Plik", exact=True).set_input_files(
        files=[{"name": "porozumienie.pdf", "mimeType": "application/pdf", "buffer": PDF}])
    page.get_by_role("button", name="Dodaj plik").click()
    expect(page.get_by_text("Dodano plik porozumienie.pdf.")).to_be_visible()
    assert_accessible(page)
    page.get_by_role("link", name="Powrót").click()
    expect(page.get_by_role("link", name="porozumienie.pdf")).to_be_visible()
