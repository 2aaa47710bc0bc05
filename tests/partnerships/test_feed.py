"""The board's Atom feed: the posts a visitor may see, the board's filters, permanent ids, 304."""
import xml.etree.ElementTree as ElementTree

from tests.partnerships.factories import make_post

ATOM = "{http://www.w3.org/2005/Atom}"


def entries(response) -> list[tuple[str, str]]:
    feed = ElementTree.fromstring(response.data)
    return [(entry.find(f"{ATOM}title").text, entry.find(f"{ATOM}id").text) for entry in feed.iter(f"{ATOM}entry")]


def test_the_feed_lists_the_boards_posts_of_verified_organisations(client, network):
    make_post(network.shadow, title="Ogłoszenie firmy przed weryfikacją")
    response = client.get("/partnerships/feed.atom?lang=en")
    assert response.status_code == 200 and response.mimetype == "application/atom+xml"
    titles = [title for title, _id in entries(response)]
    assert titles == ["Request: Szukamy pracodawcy do projektu FAMI"]
    assert entries(response)[0][1] == f"http://forum.test/partnerships/{network.post.id}"


def test_the_boards_filters_narrow_the_feed(client, network):
    make_post(network.city, kind="offer", title="Mieszkania chronione w Krakowie", themes=["housing"])
    offers = [title for title, _id in entries(client.get("/partnerships/feed.atom?kind=offer&lang=en"))]
    assert offers == ["Offer: Mieszkania chronione w Krakowie"]
    board = client.get("/partnerships/?kind=offer").text
    assert 'href="/partnerships/feed.atom?kind=offer"' in board  # the page links the feed of what it shows


def test_a_reader_that_has_the_feed_gets_304(client, network):
    first = client.get("/partnerships/feed.atom")
    assert first.headers["ETag"] and first.headers["Last-Modified"]
    again = client.get("/partnerships/feed.atom", headers={"If-None-Match": first.headers["ETag"]})
    assert again.status_code == 304 and again.data == b""


def test_entry_ids_stay_the_same_behind_a_proxy(make_app):
    from app.extensions import db
    from tests import factories

    app = make_app(SITE_URL="https://forum.example.org")
    with app.app_context():
        org = factories.make_org(name="Fundacja Stała")
        post_id = make_post(org).id
        db.session.commit()
        response = app.test_client().get("/partnerships/feed.atom", base_url="http://10.1.1.1:8000")
    assert [entry_id for _title, entry_id in entries(response)] == [f"https://forum.example.org/partnerships/{post_id}"]
