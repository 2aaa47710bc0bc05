"""The secretariat keeps the categories; coordinators keep their working group's members."""
import re

from app.extensions import db
from app.forums.admin import DEFAULT_CATEGORIES, ensure_default_categories
from app.forums.models import THREADS_PER_PAGE, Category, WorkingGroup, WorkingGroupMember
from app.secretariat.models import ModerationLogEntry
from tests import factories
from tests.forums import factories as ff


TITLE_LINK = re.compile(r'">Wątek numer \d\d</a>')


def _category(slug) -> Category:
    return db.session.execute(db.select(Category).where(Category.slug == slug)).scalar_one()


def _order(page: str, *names) -> list[int]:
    return [page.index(name) for name in names]


def test_default_categories_in_three_languages(client):
    assert ensure_default_categories() == len(DEFAULT_CATEGORIES) == 11
    assert ensure_default_categories() == 0  # running it again adds nothing
    announcements = _category("announcements")
    assert announcements.moderators_only and not _category("housing").moderators_only
    assert (announcements.name_pl, announcements.name_en, announcements.name_uk) == (
        "Ogłoszenia", "Announcements", "Оголошення")
    page = client.get("/forums/").get_data(as_text=True)
    positions = _order(page, "Rynek pracy", "Mieszkalnictwo", "Legalizacja", "Koordynacja sieci", "Ogłoszenia")
    assert positions == sorted(positions)
    assert "Labour market" in client.get("/forums/?lang=en").get_data(as_text=True)
    assert "Ринок праці" in client.get("/forums/?lang=uk").get_data(as_text=True)


def test_moderator_creates_renames_reorders_and_archives_a_category(client, moderator, member):
    ensure_default_categories()
    client.login(moderator)
    response = client.post_form("/forums/manage/new", {
        "slug": "", "name_pl": "Kultura i sport", "name_en": "Culture and sport", "name_uk": "Культура і спорт",
        "description_pl": "Wydarzenia kulturalne."})
    assert response.status_code == 302 and response.headers["Location"].endswith("/forums/kultura-i-sport/")
    culture = _category("kultura-i-sport")
    assert "Kultura i sport" in client.get("/forums/").get_data(as_text=True)

    client.post_form(f"/forums/manage/{culture.id}/edit", {
        "name_pl": "Kultura", "name_en": "Culture", "name_uk": "Культура", "description_pl": "Nowy opis."})
    culture = _category("kultura-i-sport")  # the address stays, so links keep working
    assert culture.name_pl == "Kultura" and culture.description_pl == "Nowy opis."

    announcements = _category("announcements")
    assert client.post_form(f"/forums/manage/{culture.id}/up").status_code == 302  # swaps with Announcements
    page = client.get("/forums/").get_data(as_text=True)
    assert _order(page, "Kultura", "Ogłoszenia") == sorted(_order(page, "Kultura", "Ogłoszenia"))
    assert _category("kultura-i-sport").position < announcements.position

    thread = ff.make_thread(member, culture, title="Festiwal kultur")
    client.post_form(f"/forums/manage/{culture.id}/archive")
    assert "Kultura" not in client.get("/forums/").get_data(as_text=True).split("<main", 1)[1]
    client.login(member)
    assert client.get("/forums/kultura-i-sport/").status_code == 200  # still readable
    assert client.get(f"/forums/t/{thread.id}").status_code == 200
    assert client.get("/forums/kultura-i-sport/new").status_code == 403
    response = client.post_form(f"/forums/t/{thread.id}/reply", {"body": "Spóźniona odpowiedź"})
    assert response.status_code == 400 and "Spóźniona odpowiedź" in response.get_data(as_text=True)
    actions = db.session.execute(db.select(ModerationLogEntry.action).order_by(ModerationLogEntry.id)).scalars().all()
    assert actions == ["category.create", "category.update", "category.reorder", "category.archive"]


def test_working_group_created_and_managed_by_its_coordinator(client, moderator, member, outsider):
    coordinator = factories.make_user(display_name="Koordynatorka Zespołu")
    client.login(moderator)
    response = client.post_form("/forums/groups/new", {
        "name": "Zespół koordynacyjny powiatu nowosądeckiego", "description": "Wspólny plan.",
        "coordinator": coordinator.email})
    assert response.status_code == 302
    group = db.session.execute(db.select(WorkingGroup)).scalar_one()
    category = group.category
    assert category.is_private and category.name_pl == group.name

    client.login(coordinator)
    assert client.post_form(f"/forums/groups/{group.id}/", {"user": f"@{member.username}", "role": "member"}
                            ).status_code == 302
    client.login(member)
    assert group.name in client.get("/forums/").get_data(as_text=True)
    assert client.get(f"/forums/{category.slug}/new").status_code == 200
    client.login(outsider)
    assert group.name not in client.get("/forums/").get_data(as_text=True)
    assert client.get(f"/forums/{category.slug}/").status_code == 404

    client.login(coordinator)
    membership = db.session.execute(db.select(WorkingGroupMember).where(
        WorkingGroupMember.user_id == member.id)).scalar_one()
    client.post_form(f"/forums/groups/{group.id}/members/{membership.id}/coordinator")
    assert db.session.get(WorkingGroupMember, membership.id).role == "coordinator"
    client.post_form(f"/forums/groups/{group.id}/members/{membership.id}/remove")
    assert db.session.execute(db.select(WorkingGroupMember.id).where(
        WorkingGroupMember.user_id == member.id)).first() is None
    client.login(member)
    assert client.get(f"/forums/{category.slug}/").status_code == 404


def test_thread_list_is_paginated(client, member):
    category = ff.make_category()
    for number in range(THREADS_PER_PAGE + 3):
        ff.make_thread(member, category, title=f"Wątek numer {number:02d}")
    first = client.get(f"/forums/{category.slug}/").get_data(as_text=True)
    second = client.get(f"/forums/{category.slug}/?page=2").get_data(as_text=True)
    assert len(TITLE_LINK.findall(first)) == THREADS_PER_PAGE and len(TITLE_LINK.findall(second)) == 3
    assert ">Wątek numer 00</a>" in second and "Wątek numer 00" not in first  # oldest activity last
    assert "?page=2" in first
