"""The results page (/search): results, highlights, filters, counts, pages, "did you mean", help, languages."""
import re
from datetime import timedelta

import pytest

from app.db import utcnow
from app.extensions import db
from app.search import queries
from tests import factories
from tests.events.factories import future_day, make_event
from tests.forums import factories as ff
from tests.partnerships.factories import make_post


@pytest.fixture
def writer(app):
    return factories.make_user(display_name="Wanda Pisząca")


def hits_of(page: str) -> list[str]:
    """The result titles of a page, tags removed, in order."""
    titles = re.findall(r'<li class="card search-hit">.*?<h3><a href="[^"]*">(.*?)</a></h3>', page, re.S)
    return [re.sub(r"<[^>]+>", "", t) for t in titles]


def test_a_result_shows_kind_linked_title_highlighted_snippet_organisation_county_and_date(app, client):
    organiser = factories.make_user()
    org = factories.make_org(name="Centrum Wielokulturowe", admin=organiser, counties=["tarnow-city"])
    event = make_event(org, author=organiser, title="Spotkanie o mieszkaniach", county="tarnow-city",
                       description="Rozmowa o tym, jak znaleźć mieszkanie na wynajem w Tarnowie.",
                       start_date=future_day(20))
    page = client.get("/search?q=mieszkanie&lang=en").text
    assert f'<a href="/events/{event.id}">Spotkanie o <mark>mieszkaniach</mark></a>' in page
    assert '<span class="tag">Event</span>' in page
    assert "znaleźć <mark>mieszkanie</mark> na wynajem" in page
    assert '<span class="hit-org">Centrum Wielokulturowe</span>' in page
    assert '<span class="hit-counties">City of Tarnów</span>' in page
    assert re.search(r'<span class="hit-date">\d{1,2} [A-Z][a-z]{2} \d{4}</span>', page)  # British: 5 Jan 2027


def test_snippets_are_escaped_around_the_highlights(app, client, writer):
    ff.make_thread(writer, title="Czynsz", body="Czynsz < 1000 zł & mieszkanie <script>alert(1)</script> \"tanio\"")
    page = client.get("/search?q=mieszkanie&lang=en").text
    assert "&lt; 1000 zł &amp; <mark>mieszkanie</mark> &lt;script&gt;alert(1)&lt;/script&gt;" in page
    assert "<script>alert(1)" not in page


def test_the_query_is_escaped_everywhere_it_is_shown(app, client):
    page = client.get('/search?q=<img src=x onerror=alert(1)>&lang=en').text
    assert "<img src=x" not in page
    assert "&lt;img src=x onerror=alert(1)&gt;" in page


def test_counts_per_kind_and_the_kind_filter(app, client, writer):
    org = factories.make_org(name="Fundacja Tłumaczy", admin=writer)
    thread = ff.make_thread(writer, title="Tłumacze przysięgli", body="Lista tłumaczy.")
    ff.make_reply(thread, writer, "Polecam tłumacza z Bochni.")
    make_post(org, writer, title="Szukamy tłumaczy do projektu")
    page = client.get("/search?q=tłumacz&lang=en").text
    assert "4 results for" in page
    counts = dict(re.findall(r'kind=(\w+)[^>]*>[^<]+<span class="count">\((\d+)\)', page))
    assert counts == {"org": "1", "thread": "1", "post": "1", "partnership": "1"}
    assert "Events <span" not in page  # kinds without matches are not offered
    page = client.get("/search?q=tłumacz&kind=thread&lang=en").text
    assert hits_of(page) == ["Tłumacze przysięgli"]
    assert re.search(r'kind=thread"[^>]*aria-current="page"', page.replace("&amp;", "&"))
    assert "1 result for" in page
    assert "Everything <span class=\"count\">(4)</span>" in page  # the other kinds stay counted


def test_theme_county_and_date_filters(app, client, writer):
    organiser = factories.make_user()
    org = factories.make_org(admin=organiser)
    soon = make_event(org, author=organiser, title="Dyżur doradcy zawodowego", county="tarnow-city",
                      themes=["labour-market"], start_date=future_day(5))
    later = make_event(org, author=organiser, title="Dyżur doradcy w Krakowie", county="krakow-city",
                       themes=["housing"], start_date=future_day(60))

    def titles(**args):
        query = "&".join(f"{k}={v}" for k, v in args.items())
        return set(hits_of(client.get(f"/search?q=dyżur&lang=en&{query}").text))

    assert titles() == {soon.title, later.title}
    assert titles(theme="labour-market") == {soon.title}
    assert titles(county="krakow-city") == {later.title}
    assert titles(date_from=future_day(30).isoformat()) == {later.title}
    assert titles(date_to=future_day(30).isoformat()) == {soon.title}
    assert titles(theme="housing", county="tarnow-city") == set()
    page = client.get("/search?q=dyżur&lang=en&theme=housing&county=tarnow-city").text
    assert "Nothing was found." in page and "Remove a filter" in page and "Clear all filters" in page


def test_unknown_filter_values_are_ignored_and_a_wrong_date_range_is_explained(app, client, writer):
    ff.make_thread(writer, title="Kursy zawodowe")
    page = client.get("/search?q=kursy&kind=nope&theme=../../etc&county=%00&date_from=yesterday&lang=en")
    assert page.status_code == 200 and hits_of(page.text) == ["Kursy zawodowe"]
    page = client.get("/search?q=kursy&date_from=2030-01-10&date_to=2030-01-01&lang=en").text
    assert "This date is before the “dated from” date." in page
    assert 'aria-invalid="true"' in page


def test_pagination(app, client, writer):
    category = ff.make_category()
    for number in range(queries.PER_PAGE + 5):
        ff.make_thread(writer, category, title=f"Ogłoszenie numer {number}")
    first = client.get("/search?q=ogłoszenie&lang=en").text
    assert len(hits_of(first)) == queries.PER_PAGE
    assert 'rel="next"' in first and "page=2" in first
    second = client.get("/search?q=ogłoszenie&page=2&lang=en").text
    assert len(hits_of(second)) == 5
    assert not set(hits_of(first)) & set(hits_of(second))
    assert '<ol class="card-list search-results" start="21">' in second
    beyond = client.get("/search?q=ogłoszenie&page=999999999999999999999&lang=en")
    assert beyond.status_code == 200 and len(hits_of(beyond.text)) == 5  # the last page
    assert len(hits_of(client.get("/search?q=ogłoszenie&page=-3&lang=en").text)) == queries.PER_PAGE


def test_did_you_mean_offers_a_close_word_of_the_index(app, client, writer):
    ff.make_thread(writer, title="Integracja cudzoziemców w szkołach")
    page = client.get("/search?q=cudzoziemcuw+szkołach&lang=en").text
    assert "Did you mean:" in page
    assert ">cudzoziemców szkołach</a>" in page
    assert "q=cudzoziemc%C3%B3w+szko%C5%82ach" in page
    assert "Did you mean:" not in client.get("/search?q=zzzzqqqq&lang=en").text  # nothing close


def test_an_empty_query_gets_a_helpful_page(app, client):
    page = client.get("/search?lang=en")
    assert page.status_code == 200
    assert "What are you looking for?" in page.text and "Tips" in page.text
    assert 'href="/orgs/"' in page.text  # somewhere to browse instead
    page = client.get("/search?q=%28%28%28&lang=en").text
    assert "There is nothing to search for in “(((”" in page


def test_a_too_long_query_is_cut_with_a_message(app, client, writer):
    ff.make_thread(writer, title="Pomoc prawna")
    page = client.get("/search?q=" + "pomoc+" + "słowo+" * 300 + "&lang=en").text
    assert f"longer than {queries.MAX_QUERY_LENGTH} characters" in page
    page = client.get("/search?q=" + "+".join(["pomoc"] * 20) + "&lang=en").text
    assert f"only the first {queries.MAX_QUERY_PARTS} were searched" in page
    assert hits_of(page) == ["Pomoc prawna"]


def test_the_form_is_a_get_form_without_csrf_with_a_label_for_every_field(app, client):
    page = client.get("/search?q=kurs&lang=en").text
    form = re.search(r'<form class="search-page-form" method="get".*?</form>', page, re.S).group(0)
    assert "csrf_token" not in form
    ids = re.findall(r'<(?:input|select)[^>]*\bid="([^"]+)"', form)
    assert set(ids) == {"q", "kind", "theme", "county", "date_from", "date_to"}
    for field_id in ids:
        assert f'<label for="{field_id}"' in form
    assert "<h1>Site search</h1>" in page
    assert '<nav class="kind-counts"' not in page  # nothing found: no counts


@pytest.mark.parametrize("lang, heading, tips", [
    ("pl", "Wyszukiwarka", "Wskazówki"), ("en", "Site search", "Tips"), ("uk", "Пошук на сайті", "Поради"),
])
def test_the_page_speaks_polish_english_and_ukrainian(app, client, writer, lang, heading, tips):
    ff.make_thread(writer, title="Lekcje języka")
    assert f"<h1>{heading}</h1>" in client.get(f"/search?lang={lang}").text
    assert f"<h3>{tips}</h3>" in client.get(f"/search?q=zzzz&lang={lang}").text
    page = client.get(f"/search?q=lekcje&lang={lang}").text
    expected = {"pl": "1 wynik dla „lekcje”", "en": "1 result for “lekcje”", "uk": "1 результат для «lekcje»"}
    assert expected[lang] in page


def test_newer_posts_and_threads_show_their_own_date(app, client, writer):
    thread = ff.make_thread(writer, title="Stary wątek")
    thread.created_at = utcnow() - timedelta(days=400)
    db.session.commit()
    page = client.get("/search?q=stary&lang=en").text
    assert str((utcnow() - timedelta(days=400)).year) in re.search(r'class="hit-date">([^<]+)<', page).group(1)


def test_a_results_page_runs_the_same_number_of_queries_however_many_results(app, client, writer, count_queries):
    organiser = factories.make_user()
    org = factories.make_org(name="Fundacja Wspólna Sprawa", admin=organiser)

    def add_results(number):
        for index in range(number):
            thread = ff.make_thread(writer, title=f"Wspólna sprawa {index}")
            ff.make_reply(thread, writer, "Wspólna sprawa, odpowiedź.")
            make_event(org, author=organiser, title=f"Wspólna sprawa – spotkanie {index}")
            make_post(org, organiser, title=f"Wspólna sprawa – ogłoszenie {index}")

    add_results(1)
    with count_queries() as few:
        assert len(hits_of(client.get("/search?q=wspólna+sprawa").text)) == 5
    add_results(4)
    with count_queries() as many:
        assert len(hits_of(client.get("/search?q=wspólna+sprawa").text)) == queries.PER_PAGE
    assert many.count == few.count, many.statements
