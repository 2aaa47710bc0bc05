"""A call is found by search and shown on the home page while open — never a draft, except to the secretariat."""
from app.db import commit
from tests.grants.factories import make_call


def test_search_finds_published_calls_and_drafts_only_for_the_secretariat(client, moderator):
    published = make_call(title_pl="Granty dla sieci sąsiedzkich")
    draft = make_call(title_pl="Szkic: granty dla sieci rodzinnych", status="draft", published_at=None)
    commit()
    for url in ("/search?q=sieci", "/search?q=sieci&kind=grant-call"):
        found = client.get(url).get_data(as_text=True)
        assert f'href="/grants/{published.id}"' in found and f'href="/grants/{draft.id}"' not in found
    client.login(moderator)
    assert f'href="/grants/{draft.id}"' in client.get("/search?q=rodzinnych").get_data(as_text=True)


def test_the_home_page_shows_open_calls(client):
    make_call(title_pl="Otwarty konkurs grantowy")
    make_call(title_pl="Szkic konkursu", status="draft", published_at=None)
    page = client.get("/").get_data(as_text=True)
    assert "Otwarty konkurs grantowy" in page and "Szkic konkursu" not in page
