"""Announcements: written in pl (en, uk optional), shown on the home page until their last day,
published as a thread in the Announcements forum."""
import re
from datetime import timedelta

from app.db import commit
from app.extensions import db
from app.forums.models import Category, Thread
from app.secretariat.models import Announcement
from app.secretariat.queries import local_today
from tests.secretariat.pages import section


def form(**overrides):
    data = {"title_pl": "Spotkanie sieci w Tarnowie", "body_pl": "Zapraszamy **wszystkich** partnerów.",
            "title_en": "", "body_en": "",
            "title_uk": "Зустріч мережі в Тарнові", "body_uk": "Запрошуємо всіх.",
            "ends_on": (local_today() + timedelta(days=7)).isoformat()}
    data.update(overrides)
    return data


def on_home_page(client, query="") -> str:
    """The announcements section of the home page ("" when it shows none)."""
    page = client.get("/" + query).text
    return section(page, "home-announcements-heading") if "home-announcements-heading" in page else ""


def only_announcement():
    return db.session.execute(db.select(Announcement)).scalar_one()


def test_a_published_announcement_is_on_the_home_page_in_the_readers_language(client, moderator):
    client.login(moderator)
    response = client.post_form("/secretariat/announcements/new", form())
    assert response.status_code == 302
    home = on_home_page(client)
    assert "Spotkanie sieci w Tarnowie" in home and "<strong>wszystkich</strong>" in home
    assert "Зустріч мережі в Тарнові" in on_home_page(client, "?lang=uk")
    english = on_home_page(client, "?lang=en")  # no English version: the Polish one, marked as Polish
    assert 'lang="pl">Spotkanie sieci w Tarnowie' in english


def test_it_is_also_a_thread_in_the_announcements_forum(client, moderator):
    client.login(moderator)
    client.post_form("/secretariat/announcements/new", form())
    announcement = only_announcement()
    thread = db.session.get(Thread, announcement.forum_thread_id)
    assert thread.title == "Spotkanie sieci w Tarnowie"
    assert db.session.get(Category, thread.category_id).slug == "announcements"
    page = client.get(f"/forums/t/{thread.id}").text
    assert "Zapraszamy" in page and "Зустріч мережі в Тарнові" in page


def test_it_leaves_the_home_page_after_its_last_day_or_when_withdrawn(client, moderator):
    client.login(moderator)
    client.post_form("/secretariat/announcements/new", form())
    client.post_form("/secretariat/announcements/new", form(title_pl="Drugie ogłoszenie", title_uk="", body_uk=""))
    first, second = db.session.execute(db.select(Announcement).order_by(Announcement.id)).scalars()
    first.ends_on = local_today() - timedelta(days=1)  # its last day was yesterday
    commit()
    home = on_home_page(client)
    assert "Spotkanie sieci w Tarnowie" not in home and "Drugie ogłoszenie" in home
    client.post_form(f"/secretariat/announcements/{second.id}/withdraw")
    assert "Drugie ogłoszenie" not in on_home_page(client)
    log = client.get("/secretariat/log").text
    assert "Opublikowano komunikat" in log


def test_editing_changes_the_home_page_and_the_forum_thread(client, moderator):
    client.login(moderator)
    client.post_form("/secretariat/announcements/new", form())
    announcement = only_announcement()
    response = client.post_form(f"/secretariat/announcements/{announcement.id}/edit",
                                form(title_pl="Spotkanie sieci przeniesione", body_pl="Nowy termin."))
    assert response.status_code == 302
    assert "Spotkanie sieci przeniesione" in on_home_page(client)
    assert db.session.get(Thread, announcement.forum_thread_id).title == "Spotkanie sieci przeniesione"


def error_of(page: str, field: str) -> str:
    start = page.index(f'id="{field}-error"')
    return page[start:page.index("</p>", start)]


def test_bad_input_is_explained_next_to_the_field_and_what_was_typed_stays(client, moderator):
    client.login(moderator)
    cases = [
        (form(title_pl=""), "title_pl", "Podaj tytuł po polsku."),
        (form(body_uk=""), "body_uk", "Napisz treść do tego tytułu albo zostaw oba pola puste."),
        (form(ends_on=(local_today() - timedelta(days=1)).isoformat()), "ends_on", "nie może być w przeszłości"),
        (form(ends_on="2026-02-31"), "ends_on", "Nieprawidłowa data"),
        (form(ends_on=""), "ends_on", "Podaj ostatni dzień"),
        (form(title_pl="x" * 201), "title_pl", "200"),
    ]
    for data, field, message in cases:
        response = client.post_form("/secretariat/announcements/new", data)
        assert response.status_code == 400, field
        assert message in error_of(response.text, field), (field, error_of(response.text, field))
        assert "Zapraszamy **wszystkich** partnerów." in response.text  # nothing typed is lost
    assert db.session.execute(db.select(Announcement)).first() is None


def test_the_form_is_in_ukrainian_for_a_ukrainian_moderator(client, moderator):
    moderator.language = "uk"
    commit()
    client.login(moderator)
    response = client.post_form("/secretariat/announcements/new", form(title_pl=""))
    assert response.status_code == 400 and 'lang="uk"' in response.text
    assert "польською" in error_of(response.text, "title_pl")


def test_withdrawing_twice_or_editing_a_withdrawn_one_is_explained(client, moderator):
    client.login(moderator)
    client.post_form("/secretariat/announcements/new", form())
    announcement = only_announcement()
    client.post_form(f"/secretariat/announcements/{announcement.id}/withdraw")
    again = client.post_form(f"/secretariat/announcements/{announcement.id}/withdraw", follow_redirects=True)
    assert again.status_code == 200 and "Ten komunikat został już zdjęty ze strony głównej." in again.text
    edit = client.post_form(f"/secretariat/announcements/{announcement.id}/edit", form(title_pl="Nowy tytuł"))
    assert edit.status_code == 400 and "napisz nowy" in edit.text
    assert on_home_page(client) == ""


def test_announcements_come_first_on_the_home_page(client, moderator):
    from tests import factories
    from tests.forums import factories as ff

    ff.make_thread(title="Najnowsza dyskusja na forum")
    factories.make_org(name="Fundacja na Stronie Głównej")
    client.login(moderator)
    client.post_form("/secretariat/announcements/new", form())
    page = client.get("/").text
    sections = re.findall(r'<section class="home-section" aria-labelledby="([^"]+)"', page)
    assert sections[0] == "home-announcements-heading" and len(sections) > 2, sections
