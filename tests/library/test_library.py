"""The knowledge library: publishing, who sees what, the list's filters and counts, the feed,
the secretariat's featuring and retiring, and search inside the documents' files."""
import io
from datetime import date

import pytest

from app.extensions import db
from app.files import samples
from app.library import services
from app.library.models import LibraryDocument
from tests import factories
from tests.search.helpers import found, key, search

PDF = samples.make_pdf("Raport o sytuacji imigrantów w powiecie tarnowskim",
                       ["Liczba imigrantów zatrudnionych w rolnictwie wzrosła; współpraca z urzędem pracy."])


def values(**overrides):
    base = {"title_pl": "Raport o imigrantach", "title_en": None, "title_uk": None,
            "summary_pl": "Streszczenie raportu.", "summary_en": None, "summary_uk": None,
            "external_url": None, "doc_type": "report", "published_on": date(2026, 11, 3),
            "themes": ["labour-market"], "target_groups": [], "counties": ["tarnowski"], "languages": ["pl"]}
    base.update(overrides)
    return base


@pytest.fixture
def org(member):
    return factories.make_org(name="Fundacja Wiedzy", admin=member)


def publish(actor, organisation, file=PDF, name="raport.pdf", **overrides):
    return services.create_document(actor, organisation, values(**overrides), file, name)


# --- services ---------------------------------------------------------------------------
def test_member_of_a_verified_org_publishes_with_a_file(member, org):
    document = publish(member, org)
    assert document.file.filename == "raport.pdf" and "rolnictwie" in document.file.file.text
    assert document.themes == ["labour-market"] and document.counties == ["tarnowski"]


def test_unverified_org_and_outsiders_may_not_publish(member, outsider):
    unverified = factories.make_org(admin=member, verified_at=None)
    with pytest.raises(services.LibraryError):
        publish(member, unverified)
    with pytest.raises(services.LibraryError):
        publish(outsider, factories.make_org())
    with pytest.raises(services.LibraryError):  # only the secretariat publishes in its own name
        publish(member, None)


def test_a_document_needs_a_file_or_a_link(member, org, moderator):
    with pytest.raises(services.LibraryError) as refused:
        publish(member, org, file=None)
    assert refused.value.field == "file"
    document = publish(moderator, None, file=None, external_url="https://www.gov.pl/raport")
    assert document.organisation is None and document.file is None


def test_secretariat_features_and_retires(member, org, moderator, outsider, client):
    document = publish(member, org)
    services.set_featured(moderator, document, True)
    assert document.is_featured
    with pytest.raises(services.LibraryError):
        services.set_retired(member, document, True)
    services.set_retired(moderator, document, True)
    assert document.is_retired and not document.is_featured
    client.login(outsider)
    assert client.get(f"/library/{document.id}").status_code == 404
    assert client.get(f"/files/{document.file.id}").status_code == 404
    assert "Raport o imigrantach" not in client.get("/library/?retired=1").text
    client.post_form("/auth/logout")
    client.login(moderator)
    assert "Raport o imigrantach" not in client.get("/library/").text
    assert "Raport o imigrantach" in client.get("/library/?retired=1").text  # to bring it back


# --- pages ------------------------------------------------------------------------------
def form_data(client, **overrides):
    data = {"csrf_token": client.csrf_token(), "doc_type": "guide", "title_pl": "Poradnik dla gmin",
            "summary_uk": "Посібник для гмін", "published_on": "2026-10-01", "themes": ["housing"],
            "counties": ["nowosadecki"], "languages": ["pl", "uk"]}
    data.update(overrides)
    return data


def test_publishing_through_the_form(client, member, org):
    client.login(member)
    assert client.get("/library/new").status_code == 200
    response = client.post("/library/new", content_type="multipart/form-data", data=form_data(
        client, publisher=str(org.id), file=(io.BytesIO(PDF), "poradnik.pdf")))
    assert response.status_code == 302
    document = db.session.execute(db.select(LibraryDocument)).scalar_one()
    assert document.organisation_id == org.id and document.languages == ["pl", "uk"]
    page = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "Poradnik dla gmin" in page and "poradnik.pdf" in page and "Посібник для гмін" in page


def test_wrong_type_keeps_what_was_typed(client, member, org):
    client.login(member)
    response = client.post("/library/new", content_type="multipart/form-data", data=form_data(
        client, publisher=str(org.id), file=(io.BytesIO(b"\x00\x01binary"), "program.exe")))
    page = response.get_data(as_text=True)
    assert response.status_code == 400
    assert "Ten rodzaj pliku nie jest przyjmowany" in page and 'value="Poradnik dla gmin"' in page
    assert db.session.execute(db.select(LibraryDocument)).first() is None


def test_too_big_is_refused_next_to_the_field(client, member, org, app):
    app.config["MAX_UPLOAD_BYTES"] = 2000
    client.login(member)
    response = client.post("/library/new?lang=en", content_type="multipart/form-data", data=form_data(
        client, publisher=str(org.id), file=(io.BytesIO(b"x" * 5000), "big.txt")))
    assert response.status_code == 400
    assert "The file is too big" in response.get_data(as_text=True)


def test_list_filters_and_counts(client, member, org, moderator):
    publish(member, org, title_pl="Raport o zatrudnieniu", doc_type="report", themes=["labour-market"])
    publish(member, org, title_pl="Wzór umowy najmu", doc_type="template", themes=["housing"])
    publish(moderator, None, title_pl="Informacja o legalizacji pobytu", doc_type="legal", themes=["housing"])
    page = client.get("/library/?theme=housing").get_data(as_text=True)
    assert "Wzór umowy najmu" in page and "Informacja o legalizacji pobytu" in page
    assert "Raport o zatrudnieniu" not in page
    assert 'id="filter-type-template"' in page and "(1)" in page
    assert "Wzór umowy" in client.get("/library/?q=umowy").get_data(as_text=True)
    assert client.get("/library/?type=nonsense&county=atlantis&page=x").status_code == 200


def test_unverified_orgs_documents_are_not_listed_for_others(client, member, outsider):
    unverified = factories.make_org(admin=member, verified_at=None)
    document = LibraryDocument(organisation=unverified, doc_type="report", published_on=date(2026, 1, 1),
                               title_pl="Dokument niezweryfikowany")
    db.session.add(document)
    db.session.flush()
    client.login(outsider)
    assert "Dokument niezweryfikowany" not in client.get("/library/").get_data(as_text=True)
    assert client.get(f"/library/{document.id}").status_code == 404


def test_atom_feed(client, member, org):
    publish(member, org, title_pl="Nowy raport w kanale")
    response = client.get("/library/feed.atom")
    assert response.mimetype == "application/atom+xml" and "Nowy raport w kanale" in response.get_data(as_text=True)


def test_only_the_secretariat_sees_the_moderation_buttons(client, member, org, moderator):
    document = publish(member, org)
    client.login(member)
    assert client.post_form(f"/library/{document.id}/feature").status_code == 403
    client.post_form("/auth/logout")
    client.login(moderator)
    assert client.post_form(f"/library/{document.id}/feature").status_code == 302
    assert db.session.get(LibraryDocument, document.id).is_featured
    client.post_form("/auth/logout")
    assert "Wyróżnione przez sekretariat" in client.get("/library/").text
    assert "Wyróżnione przez sekretariat" not in client.get("/library/?type=guide").text  # filtered: the list only


# --- search reads inside documents --------------------------------------------------------------
def test_search_finds_words_inside_the_pdf_by_an_inflected_form(member, org, anonymous):
    document = publish(member, org, title_pl="Dokument", summary_pl=None)
    assert key(document) in found(anonymous, "rolnictwo")  # the PDF says "rolnictwie"
    assert key(document) in found(anonymous, "wspolpraca")
    hit = search(anonymous, "rolnictwo").hits[0]
    assert "<mark>rolnictwie</mark>" in hit.snippet  # the snippet comes from the file's matching text


def test_search_reads_odt_and_docx(member, org, anonymous):
    odt = publish(member, org, file=samples.make_odt("Посібник", ["Інтеграція іммігрантів у Малопольщі"]),
                  name="posibnyk.odt", title_pl="Poradnik", summary_pl=None)
    docx = publish(member, org, file=samples.make_docx("Wzór", ["Porozumienie o partnerstwie lokalnym"]),
                   name="wzor.docx", title_pl="Wzór", summary_pl=None)
    assert key(odt) in found(anonymous, "інтеграція")
    assert key(docx) in found(anonymous, "porozumienie")


def test_search_never_shows_a_retired_or_unverified_document(member, org, moderator, outsider):
    document = publish(member, org, title_pl="Dokument", summary_pl=None)
    services.set_retired(moderator, document, True)
    assert key(document) not in found(outsider, "rolnictwo")
    assert key(document) in found(moderator, "rolnictwo")
    assert key(document) in found(member, "rolnictwo")


# --- following themes ----------------------------------------------------------------------------
def test_followers_of_a_theme_hear_of_a_new_public_document(client, member, org, outsider, moderator):
    from app.notifications.models import Notification

    reader = factories.make_user(display_name="Urszula Urzędniczka", language="uk")
    client.login(reader)
    assert client.post_form("/library/follow", {"themes": ["housing", "health"]}).status_code == 302
    client.post_form("/auth/logout")
    publish(member, org, title_pl="Najem mieszkań", title_uk="Оренда житла", themes=["housing"])
    publish(member, org, title_pl="Rynek pracy", themes=["labour-market"])  # not followed
    unverified = factories.make_org(admin=outsider, verified_at=None)
    services.create_document(moderator, unverified, values(themes=["housing"]), PDF, "x.pdf")  # not public
    notes = db.session.execute(db.select(Notification).where(Notification.user_id == reader.id)).scalars().all()
    assert [n.title for n in notes] == ["Нове в бібліотеці: «Оренда житла»"]
    assert notes[0].kind == "library_document" and notes[0].url.startswith("/library/")
    client.login(reader)
    page = client.get("/library/follow").get_data(as_text=True)
    import re

    assert re.search(r'<input checked[^>]*value="housing"', page) and not re.search(r'<input checked[^>]*value="education"', page)


def test_the_home_page_shows_the_newest_documents(client, member, org):
    publish(member, org, title_pl="Świeży raport o integracji")
    page = client.get("/").text
    assert "Nowe w bibliotece" in page and "Świeży raport o integracji" in page


def test_kept_lists_counts_and_newest_follow_each_change(client, member, org, moderator, outsider):
    """The lists' orders, their counts and the newest documents are kept between requests (app/kept.py)
    until a document or an organisation changes."""
    report = publish(member, org, title_pl="Raport o zatrudnieniu", themes=["labour-market"])
    client.login(outsider)  # signed in: every page is rendered, none comes from the page cache
    assert "Raport o zatrudnieniu" in client.get("/library/").text
    assert "Raport o zatrudnieniu" in client.get("/").text
    assert 'id="filter-theme-housing"' not in client.get("/library/").text

    publish(member, org, title_pl="Wzór umowy najmu", themes=["housing"])
    db.session.commit()
    assert "Wzór umowy najmu" in client.get("/library/").text and "Wzór umowy najmu" in client.get("/").text

    report.set_tags("thematic_areas", ["housing"])  # a change of tags alone
    db.session.commit()
    assert "Raport o zatrudnieniu" in client.get("/library/?theme=housing").text

    services.set_featured(moderator, report, True)
    db.session.commit()
    assert "Raport o zatrudnieniu" in client.get("/library/").text.split('id="featured-heading"')[1].split("</section>")[0]

    services.set_retired(moderator, report, True)
    db.session.commit()
    assert "Raport o zatrudnieniu" not in client.get("/library/").text
    assert "Raport o zatrudnieniu" not in client.get("/").text

    org.verified_at = None  # its documents leave the public lists
    db.session.commit()
    assert "Wzór umowy najmu" not in client.get("/library/").text
    client.login(member)  # who sees their own organisation's documents: kept apart from the outsider's
    assert "Wzór umowy najmu" in client.get("/library/").text


def test_the_list_runs_the_same_queries_for_2_or_12_documents(client, member, org, count_queries):
    for number in range(2):
        publish(member, org, title_pl=f"Dokument {number}")
    with count_queries() as few:
        assert client.get("/library/").status_code == 200
    for number in range(10):
        publish(member, org, title_pl=f"Kolejny dokument {number}", themes=["housing", "health"])
    with count_queries() as many:
        assert client.get("/library/").text.count("library-card") == 12
    assert many.count == few.count


def test_verifying_the_publisher_brings_its_documents_into_search(member, moderator, outsider):
    from app.directory.services import verify_org

    unverified = factories.make_org(admin=member, verified_at=None)
    document = services.create_document(moderator, unverified, values(title_pl="Dokument", summary_pl=None), PDF, "r.pdf")
    assert key(document) not in found(outsider, "rolnictwo")
    assert key(document) in found(member, "rolnictwo")  # its own organisation's members
    verify_org(moderator, unverified)
    assert key(document) in found(outsider, "rolnictwo")


def test_files_extract_reads_what_an_upload_cut_short_and_search_follows(app, member, org, anonymous):
    app.config["FILE_TEXT_MAX_CHARS"] = 20  # the upload keeps only the beginning
    document = publish(member, org, title_pl="Dokument", summary_pl=None)
    db.session.commit()
    document_key = key(document)
    assert document.file.file.text_note == "truncated" and document_key not in found(anonymous, "rolnictwo")
    result = app.test_cli_runner().invoke(args=["files-extract"])
    assert result.exit_code == 0 and "1 files read again." in result.output
    assert document_key in found(anonymous, "rolnictwo")


def test_a_documents_only_file_is_not_removed_without_a_link(client, member, org):
    document = publish(member, org)
    file_id, document_id = document.file.id, document.id
    client.login(member)
    assert client.get(f"/files/for/library_document/{document_id}").status_code == 404  # its form holds the file
    response = client.post_form(f"/files/{file_id}/remove", follow_redirects=True)
    assert "podaj link" in response.text and client.get(f"/files/{file_id}").status_code == 200


def test_editing_replaces_the_file_at_the_same_address(client, member, org):
    document = publish(member, org)
    file_id, document_id = document.file.id, document.id
    new_version = samples.make_odt("Raport", ["Druga wersja raportu o cudzoziemcach."])
    client.login(member)
    form = client.get(f"/library/{document_id}/edit").text
    assert 'value="Raport o imigrantach"' in form
    response = client.post(f"/library/{document_id}/edit", content_type="multipart/form-data", data=form_data(
        client, publisher=str(org.id), title_pl="Raport o imigrantach (wersja 2)",
        file=(io.BytesIO(new_version), "raport-v2.odt")))
    assert response.status_code == 302
    assert client.get(f"/files/{file_id}").data == new_version
    page = client.get(f"/library/{document_id}").text
    assert "Raport o imigrantach (wersja 2)" in page and "raport-v2.odt" in page


def test_text_sent_in_place_of_a_file_is_no_file(client, member, org):
    document = publish(member, org)
    client.login(member)
    response = client.post(f"/library/{document.id}/edit", content_type="multipart/form-data",
                           data=form_data(client, publisher=str(org.id), file="not a file"))
    assert response.status_code == 302  # the document keeps its file
    response = client.post("/library/new", content_type="multipart/form-data",
                           data=form_data(client, publisher=str(org.id), file="not a file"))
    assert response.status_code == 400 and "Dołącz plik albo podaj link do niego." in response.text
