"""search-reindex / search-check, init-db's index, a lost index folder, and /healthz."""
import re
import shutil

import pytest

from app.extensions import db
from app.search import backends, documents, sync
from app.search.whoosh import index, writing
from tests import factories
from tests.forums import factories as ff
from tests.search.helpers import backend_name, found, indexed, key, lose_the_documents, pending, rebuild_running


@pytest.fixture
def content(app, outsider):
    writer = factories.make_user()
    thread = ff.make_thread(writer, title="Kurs języka polskiego", body="Zapisy do piątku.")
    reply = ff.make_reply(thread, writer, "Czy kurs jest bezpłatny?")
    org = factories.make_org(name="Fundacja Kursów Językowych")
    db.session.commit()
    return {"thread": thread, "reply": reply, "org": org}


def run(app, *args):
    return app.test_cli_runner().invoke(args=list(args))


def test_search_check_exits_0_when_index_and_database_agree(app, content):
    result = run(app, "search-check")
    assert result.exit_code == 0, result.output
    assert "agree" in result.output


def _tamper(missing, stale, ghost) -> None:
    """Make the backend's documents wrong behind the app's back: one missing, one stale, one extra."""
    stale["digest"] = "outdated"
    ghost["key"] = "org:9999"
    if backend_name() == "whoosh":
        ix = index.open_index()
        writer = ix.writer()
        writer.delete_by_term("key", missing)
        writer.update_document(**stale)
        writer.add_document(**ghost)
        writer.commit()
        ix.close()
        return
    from app.search.postgres import writing as table

    with db.engine.begin() as connection:
        connection.execute(table.DELETE, {"keys": [missing]})
        table.write(connection, [table.row_of(stale)[0], table.row_of(ghost)[0]], [], [])


def test_search_check_lists_missing_extra_and_stale_documents_and_exits_1(app, content):
    _tamper(key(content["reply"]), documents.to_document(content["thread"]), documents.to_document(content["org"]))
    result = run(app, "search-check")
    assert result.exit_code == 1
    assert f"1 in the database, not in the index: {key(content['reply'])}" in result.output
    assert "1 in the index only: org:9999" in result.output
    assert f"1 changed since it was indexed: {key(content['thread'])}" in result.output
    assert run(app, "search-reindex").exit_code == 0
    assert run(app, "search-check").exit_code == 0


@pytest.mark.whoosh
def test_search_check_exits_1_without_an_index(app, content, search_index):
    shutil.rmtree(search_index)
    result = run(app, "search-check")
    assert result.exit_code == 1 and "missing" in result.output


def test_search_reindex_rebuilds_from_the_database(app, content, outsider):
    lose_the_documents()
    result = run(app, "search-reindex")
    assert result.exit_code == 0, result.output
    assert "3 documents" in result.output
    # One progress line, rewritten in place, with the rows of both workers (in the order they came):
    # the opening post of a thread is a post row too.
    progress = result.output.split("\r")[-1].splitlines()[0]
    assert dict(re.findall(r"(\w+): (\d+(?:,\d{3})*)", progress)) == {"org": "1", "thread": "1", "post": "2"}
    assert found(outsider, "kurs") == {key(content["thread"]), key(content["reply"]), key(content["org"])}


def test_search_reindex_refuses_while_another_rebuild_runs(app, content):
    with rebuild_running():
        result = run(app, "search-reindex")
    assert result.exit_code == 1 and "Another process" in result.output


@pytest.mark.whoosh
def test_a_deleted_index_folder_leaves_the_site_working_and_reindex_restores_search(make_app, mailbox):
    app = make_app(SEARCH_AUTO_REBUILD=False)
    with app.app_context():
        sync.ensure_index()
        writer = factories.make_user()
        ff.make_thread(writer, title="Dyżur tłumacza w Nowym Sączu")
        db.session.commit()
        shutil.rmtree(index.index_dir())
        client = app.test_client()
        assert client.get("/").status_code == 200
        assert client.get("/forums/").status_code == 200
        page = client.get("/search?q=tłumacz&lang=en")
        assert page.status_code == 200
        assert "The search index is being rebuilt" in page.text
        assert client.get("/healthz").json["checks"]["search"] == "missing"
        ff.make_thread(writer, title="Drugi dyżur tłumacza")  # a change while the index is gone
        db.session.commit()
        assert client.get("/forums/").status_code == 200
        assert run(app, "search-reindex").exit_code == 0
        page = client.get("/search?q=tłumacz&lang=en")
        assert "2 results" in page.text and "being rebuilt" not in page.text
        assert client.get("/healthz").json["checks"]["search"] == "ok"
        assert run(app, "search-check").exit_code == 0


@pytest.mark.whoosh
def test_search_rebuilds_a_missing_index_by_itself(make_app, mailbox):
    """With SEARCH_AUTO_REBUILD (the default) the first search starts a rebuild in the background."""
    app = make_app()
    with app.app_context():
        writer = factories.make_user()
        ff.make_thread(writer, title="Porady prawne dla cudzoziemców")
        db.session.commit()
        shutil.rmtree(index.index_dir(), ignore_errors=True)
        assert index.index_state() == "missing"
        client = app.test_client()
        page = client.get("/search?q=porady&lang=en")
        assert "The search index is being rebuilt" in page.text
        writing._background[index.index_dir()].join(timeout=120)
        page = client.get("/search?q=porady&lang=en")
        assert "1 result for" in page.text


@pytest.mark.whoosh
def test_healthz_reports_the_index(app, client, search_index):
    response = client.get("/healthz")
    assert response.status_code == 200 and response.json["checks"]["search"] == "ok"
    shutil.rmtree(search_index)
    response = client.get("/healthz")
    assert response.status_code == 503
    assert response.json["status"] == "error" and response.json["checks"]["search"] == "missing"


def test_healthz_reports_the_backend_in_use(app, client):
    response = client.get("/healthz")
    assert response.status_code == 200 and response.json["checks"]["search"] == "ok"
    expected = "postgres" if db.engine.dialect.name == "postgresql" else "whoosh"
    assert response.json["search_backend"] == app.config["SEARCH_BACKEND"] == expected


def test_init_db_creates_the_index_and_the_demo_data_is_indexed(cli_app, mailbox):
    result = run(cli_app, "init-db")
    assert result.exit_code == 0, result.output
    with cli_app.app_context():
        assert backends.current().state() == "ok"
    assert run(cli_app, "seed-demo").exit_code == 0
    with cli_app.app_context():
        assert not pending()
        differences = sync.differences()
        assert differences == {"missing": [], "extra": [], "stale": []}
        assert len(indexed()) > 100
    assert run(cli_app, "search-check").exit_code == 0
    assert "Search index created" not in run(cli_app, "init-db").output  # kept as it is


def test_init_db_indexes_existing_data_when_the_index_was_lost(cli_app, mailbox):
    run(cli_app, "init-db")
    with cli_app.app_context():
        factories.make_org(name="Fundacja Zachowana")
        db.session.commit()
        lose_the_documents()
    result = run(cli_app, "init-db")
    assert "Search index created" in result.output
    with cli_app.app_context():
        assert sync.differences() == {"missing": [], "extra": [], "stale": []}
        assert len(indexed()) == 1
