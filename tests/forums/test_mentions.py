"""@mentions reach the right person: handles beside names, a people search, and the writer is told
whom each mention reached (issue 18.5: @anna-kowalska for the new Anna notified another Anna)."""
from app.extensions import db
from tests import factories
from tests.forums import factories as ff


def test_every_post_shows_its_authors_handle(client):
    anna = factories.make_user(display_name="Anna Kowalska", username="anna-kowalska-2")
    thread = ff.make_thread(anna, title="Kursy dla dorosłych")
    page = client.get(f"/forums/t/{thread.id}").text
    heading = page.split('class="post-heading"')[1].split("</h2>")[0]
    assert "Anna Kowalska</a>" in heading and '<span class="post-handle">@anna-kowalska-2</span>' in heading


def test_the_writer_is_told_whom_the_mentions_reached_and_who_was_not_told(client):
    writer = factories.make_user(display_name="Wiktor Piszący")
    factories.make_user(display_name="Anna Kowalska", username="anna-kowalska")
    grouped = factories.make_user(display_name="Zofia Zespołowa", username="zofia")
    group = ff.make_group(members=[writer, grouped])
    public = ff.make_thread(writer, title="Pomoc prawna")
    private = ff.make_thread(writer, category=ff.group_category(group), title="Sprawy zespołu")
    db.session.commit()
    client.login(writer)
    reply = client.post_form(f"/forums/t/{public.id}/reply?lang=en", {"body": "Pytanie do @anna-kowalska."},
                             follow_redirects=True).text
    assert "Your mention reached: Anna Kowalska (@anna-kowalska)." in reply
    private_reply = client.post_form(f"/forums/t/{private.id}/reply?lang=en",
                                     {"body": "@zofia i @anna-kowalska, spójrzcie."}, follow_redirects=True).text
    assert "Your mention reached: Zofia Zespołowa (@zofia)." in private_reply
    assert "Not told, as they may not see this thread: Anna Kowalska (@anna-kowalska)." in private_reply


def test_the_people_search_finds_a_handle_by_a_part_of_the_name_for_members_only(client):
    factories.make_user(display_name="Anna Kowalska", username="anna-kowalska")
    factories.make_user(display_name="Anna Kowalska", username="anna-kowalska-2")
    factories.make_user(display_name="Anna Zawieszona", username="anna-z", suspended_at=factories.utcnow())
    factories.make_user(display_name="Anna Niepotwierdzona", username="anna-n", confirmed_at=None)
    searcher = factories.make_user()
    db.session.commit()
    assert client.get("/users/?q=anna").status_code == 302  # not a public list of people
    client.login(searcher)
    page = client.get("/users/?q=KOWALSKA&lang=en").text
    assert "@anna-kowalska</span>" in page and "@anna-kowalska-2</span>" in page
    assert "anna-z" not in page and "anna-n" not in page and "2 people" in page
    assert "@anna-kowalska-2</span>" in client.get("/users/?q=@kowalska-2").text
    short = client.get("/users/?q=a&lang=en").text
    assert "Type at least two letters." in short and 'value="a"' in short
