"""Ranking sanity: exact organisation names first, titles above passing mentions, newer wins ties."""
from datetime import timedelta

from app.db import utcnow
from app.extensions import db
from tests import factories
from tests.forums import factories as ff
from tests.search.helpers import key, search

FILLER = ("Piszę, żeby opowiedzieć o naszych działaniach w ostatnim kwartale roku. Prowadzimy dyżury, "
          "kursy i spotkania dla rodzin, współpracujemy z urzędem i szkołami w powiecie. ")


def ranked(user, text, **filters) -> list[str]:
    return [f"{hit.kind.name}:{hit.obj.id}" for hit in search(user, text, **filters).hits]


def test_an_exact_organisation_name_puts_that_organisation_first(app, outsider):
    writer = factories.make_user()
    target = factories.make_org(name="Fundacja Pomocy Migrantom")
    longer = factories.make_org(name="Fundacja Pomocy Migrantom i Ich Rodzinom w Tarnowie")
    longer.description_pl_html = "<p>Fundacja pomocy migrantom. Pomocy migrantom udziela fundacja.</p>"
    thread = ff.make_thread(writer, title="Fundacja pomocy migrantom – pomocy migrantom szukamy",
                            body="Fundacja, pomocy, migrantom: fundacja pomocy migrantom. " * 5)
    for query in ("Fundacja Pomocy Migrantom", "fundacja pomocy migrantom", '"Fundacja Pomocy Migrantom"'):
        results = ranked(outsider, query)
        assert results[0] == key(target), query
        assert set(results) == {key(target), key(longer), key(thread)}


def test_an_organisation_is_found_first_by_its_short_name(app, outsider):
    target = factories.make_org(name="Polskie Forum Migracyjne", short_name="PFM")
    factories.make_org(name="Fundacja Inna", description_pl_html="<p>Współpracujemy z PFM od lat. PFM pomaga.</p>")
    assert ranked(outsider, "PFM")[0] == key(target)


def test_a_thread_whose_title_matches_ranks_above_a_passing_mention_in_a_long_post(app, outsider):
    writer = factories.make_user()
    titled = ff.make_thread(writer, title="Mieszkania dla rodzin z Ukrainy", body="Kto zna wolne lokale?")
    mention = ff.make_thread(writer, title="Podsumowanie kwartału",
                             body=FILLER * 8 + "Pytano też o mieszkania. " + FILLER * 8)
    reply = ff.make_reply(mention, writer, FILLER * 6 + "Wspomnę jeszcze o mieszkaniu. " + FILLER * 6)
    results = ranked(outsider, "mieszkania")
    assert results[0] == key(titled)  # although the others are newer
    assert set(results) == {key(titled), key(mention), key(reply)}


def test_the_title_weighs_more_than_the_body(app, outsider):
    writer = factories.make_user()
    in_body = ff.make_thread(writer, title="Pytanie do sieci", body="Szukamy tłumacza na czwartek.")
    in_title = ff.make_thread(writer, title="Szukamy tłumacza", body="Pytanie do sieci na czwartek.")
    assert ranked(outsider, "tłumacza") == [key(in_title), key(in_body)]


def test_newer_items_win_ties(app, outsider):
    writer = factories.make_user()
    older = ff.make_thread(writer, title="Dyżur prawnika", body="W każdy wtorek.")
    newer = ff.make_thread(writer, title="Dyżur prawnika", body="W każdy wtorek.")
    older.created_at = utcnow() - timedelta(days=30)
    db.session.commit()
    assert ranked(outsider, "dyżur prawnika") == [key(newer), key(older)]
    older.created_at, newer.created_at = utcnow(), utcnow() - timedelta(days=60)
    db.session.commit()
    assert ranked(outsider, "dyżur prawnika") == [key(older), key(newer)]
