"""Bad input on the secretariat's and coordinators' forum forms: a message next to the field,
the typed text kept, nothing changed, never a server error."""
import pytest

from app.db import utcnow
from app.extensions import db
from app.forums.models import Category, Thread, WorkingGroup, WorkingGroupMember
from app.secretariat.models import ModerationLogEntry
from tests import factories
from tests.forums import factories as ff


def _log_actions():
    return db.session.execute(db.select(ModerationLogEntry.action)).scalars().all()


def _field_error(page: str, field_id: str) -> str:
    """The error message shown under the field with this id ("" when there is none)."""
    marker = f'id="{field_id}-error"'
    if marker not in page:
        return ""
    return page[page.index(marker):].split("</p>", 1)[0]


@pytest.mark.parametrize("target", ["archived", "unknown", "nonsense", "same"])
def test_move_to_an_archived_unknown_or_same_category_is_refused(client, member, moderator, target):
    source = ff.make_category()
    archived = ff.make_category(archived_at=utcnow())
    thread = ff.make_thread(member, source)
    category = {"archived": archived.id, "unknown": 987654, "nonsense": "1; DROP TABLE", "same": source.id}[target]
    client.login(moderator)
    response = client.post_form(f"/forums/t/{thread.id}/moderate",
                                {"action": "move", "category": category, "reason": "Porządki w kategoriach"})
    assert response.status_code == 400
    page = response.get_data(as_text=True)
    message = _field_error(page, "category")
    expected = {"archived": "zarchiwizowanej", "unknown": "Wybierz kategorię", "nonsense": "Wybierz kategorię",
                "same": "już w tej kategorii"}[target]
    assert expected in message, message
    assert "Porządki w kategoriach" in page  # the reason typed is kept
    assert db.session.get(Thread, thread.id).category_id == source.id and _log_actions() == []


@pytest.mark.parametrize("action, message", [("lock", "już w tym stanie"), ("unpin", "już w tym stanie")])
def test_thread_action_that_changes_nothing_is_refused(client, member, moderator, action, message):
    thread = ff.make_thread(member)
    if action == "lock":
        thread.locked_at = utcnow()
    client.login(moderator)
    response = client.post_form(f"/forums/t/{thread.id}/moderate", {"action": action, "reason": "Powód"})
    assert response.status_code == 400 and message in response.get_data(as_text=True)
    assert _log_actions() == []


def test_moderation_reason_too_long_is_refused_and_kept(client, member, moderator):
    thread = ff.make_thread(member)
    reason = "Bardzo długie uzasadnienie " * 50
    client.login(moderator)
    response = client.post_form(f"/forums/p/{ff.post_at(thread, 1).id}/moderate", {"action": "hide", "reason": reason})
    assert response.status_code == 400
    page = response.get_data(as_text=True)
    assert "najwyżej 1000 znaków" in _field_error(page, "reason")
    assert reason.strip()[:500] in page


@pytest.mark.parametrize("data, field, message", [
    ({"name_pl": "", "name_en": "Health", "name_uk": "Здоров'я"}, "name_pl", "w każdym języku"),
    ({"name_pl": " \x00 ", "name_en": "Health", "name_uk": "Здоров'я"}, "name_pl", "w każdym języku"),
    ({"name_pl": "Z" * 121, "name_en": "Health", "name_uk": "Здоров'я"}, "name_pl", "120"),
    ({"slug": "groups", "name_pl": "Grupy", "name_en": "Groups", "name_uk": "Групи"}, "slug", "zarezerwowany"),
    ({"slug": "housing", "name_pl": "Drugie", "name_en": "Second", "name_uk": "Друге"}, "slug", "już ten adres"),
    ({"slug": "!!!", "name_pl": "", "name_en": "x", "name_uk": "x"}, "name_pl", "w każdym języku"),
])
def test_new_category_form_refuses_bad_input(client, moderator, data, field, message):
    ff.make_category(slug="housing")
    client.login(moderator)
    before = db.session.execute(db.select(db.func.count(Category.id))).scalar_one()
    response = client.post_form("/forums/manage/new", {"description_pl": "Opis, który zostaje", **data})
    assert response.status_code == 400
    page = response.get_data(as_text=True)
    assert message in _field_error(page, field), _field_error(page, field)
    assert "Opis, który zostaje" in page
    assert db.session.execute(db.select(db.func.count(Category.id))).scalar_one() == before


def test_category_nul_bytes_are_dropped(client, moderator):
    client.login(moderator)
    response = client.post_form("/forums/manage/new", {
        "slug": "", "name_pl": "Pra\x00ca", "name_en": "Work", "name_uk": "Робота", "description_pl": "O\x00pis"})
    assert response.status_code == 302
    category = db.session.execute(db.select(Category).where(Category.name_pl == "Praca")).scalar_one()
    assert category.slug == "praca" and category.description_pl == "Opis"


def test_unknown_category_verbs_and_ids_are_not_found(client, moderator):
    category = ff.make_category()
    client.login(moderator)
    assert client.post_form(f"/forums/manage/{category.id}/explode").status_code == 404
    assert client.post_form("/forums/manage/987654/archive").status_code == 404
    assert client.get("/forums/manage/987654/edit").status_code == 404


@pytest.mark.parametrize("data, field, message", [
    ({"name": "", "coordinator": "x"}, "name", "Wpisz nazwę."),
    ({"name": "Ab", "coordinator": "{coordinator}"}, "name", "od 3 do 120"),
    ({"name": "Zespół ds. mieszkań", "coordinator": "nikt@example.org"}, "coordinator", "Nie ma użytkownika"),
    ({"name": "Zespół ds. mieszkań", "coordinator": ""}, "coordinator", "Wskaż koordynatora."),
])
def test_new_group_form_refuses_bad_input(client, moderator, member, data, field, message):
    client.login(moderator)
    data = {key: value.format(coordinator=member.email) for key, value in data.items()}
    response = client.post_form("/forums/groups/new", {"description": "Opis zespołu", **data})
    assert response.status_code == 400
    page = response.get_data(as_text=True)
    assert message in _field_error(page, field), page[-3000:]
    assert "Opis zespołu" in page
    assert db.session.execute(db.select(WorkingGroup)).first() is None


def test_add_member_refuses_unknown_and_duplicate_people(client, member, outsider):
    coordinator = factories.make_user()
    group = ff.make_group(members=[member], coordinators=[coordinator])
    client.login(coordinator)
    response = client.post_form(f"/forums/groups/{group.id}/", {"user": "@nie-ma-takiej-osoby", "role": "member"})
    assert response.status_code == 400
    page = response.get_data(as_text=True)
    assert "Nie ma użytkownika" in _field_error(page, "user") and "@nie-ma-takiej-osoby" in page
    response = client.post_form(f"/forums/groups/{group.id}/", {"user": member.email, "role": "member"})
    assert response.status_code == 400 and "jest już członkiem" in _field_error(response.get_data(as_text=True), "user")
    response = client.post_form(f"/forums/groups/{group.id}/", {"user": outsider.email, "role": "owner"})
    assert response.status_code == 400 and "Wybierz rolę." in response.get_data(as_text=True)
    assert client.post_form(f"/forums/groups/{group.id}/", {"user": outsider.email, "role": "member"}).status_code == 302


def test_a_forged_group_or_member_id_changes_nothing(client, member, outsider):
    coordinator = factories.make_user()
    mine = ff.make_group(members=[member], coordinators=[coordinator])
    other = ff.make_group(members=[outsider])
    foreign = db.session.execute(db.select(WorkingGroupMember).where(
        WorkingGroupMember.group_id == other.id)).scalar_one()
    client.login(coordinator)
    # A member of another group through my group's address: refused with a message.
    response = client.post_form(f"/forums/groups/{mine.id}/members/{foreign.id}/remove", follow_redirects=True)
    assert response.status_code == 200 and "nie jest członkiem tego zespołu" in response.get_data(as_text=True)
    # Another group's address: it does not exist for me.
    assert client.post_form(f"/forums/groups/{other.id}/members/{foreign.id}/remove").status_code == 404
    assert client.post_form(f"/forums/groups/{other.id}/", {"user": coordinator.email}).status_code == 404
    assert client.post_form(f"/forums/groups/{mine.id}/members/987654/remove").status_code == 404
    assert db.session.get(WorkingGroupMember, foreign.id) is not None


def test_the_last_coordinator_cannot_leave_the_group_without_a_successor(client, member):
    coordinator = factories.make_user()
    group = ff.make_group(members=[member], coordinators=[coordinator])
    own = db.session.execute(db.select(WorkingGroupMember).where(
        WorkingGroupMember.user_id == coordinator.id)).scalar_one()
    client.login(coordinator)
    response = client.post_form(f"/forums/groups/{group.id}/members/{own.id}/member", follow_redirects=True)
    assert "co najmniej jednego koordynatora" in response.get_data(as_text=True)
    assert db.session.get(WorkingGroupMember, own.id).role == "coordinator"


def test_forged_topics_and_organisation_on_a_new_thread(client, member):
    factories.make_org(name="Fundacja Członkowska", members=[member])
    stranger = factories.make_org(name="Obca Fundacja")
    category = ff.make_category()
    client.login(member)
    for organisation in ("abc", str(stranger.id), "-5", "99999999999999"):
        response = client.post_form(f"/forums/{category.slug}/new", {
            "title": "Wątek z podrobionymi polami", "body": "Treść", "organisation": organisation})
        assert response.status_code == 400, organisation
        page = response.get_data(as_text=True)
        assert "organizacji, do której należysz" in _field_error(page, "organisation")
        assert 'value="Wątek z podrobionymi polami"' in page
    response = client.post_form(f"/forums/{category.slug}/new", {
        "title": "Wątek z podrobionymi polami", "body": "Treść", "themes": ["housing", "<script>", "nie-ma"]})
    assert response.status_code == 302  # unknown topics are dropped, the known one kept
    assert db.session.execute(db.select(Thread)).scalar_one().themes == ["housing"]


def test_huge_reply_and_report_are_refused_and_kept(client, member, outsider):
    thread = ff.make_thread(member)
    first = ff.post_at(thread, 1)
    client.login(outsider)
    body = "Bardzo długa odpowiedź. " * 9000
    response = client.post_form(f"/forums/p/{first.id}/reply", {"body": body, "reply_to": first.id})
    assert response.status_code == 400
    page = response.get_data(as_text=True)
    assert "najwyżej 50" in _field_error(page, "body") and body[:2000] in page
    reason = "Powód " * 400
    response = client.post_form(f"/forums/p/{first.id}/report", {"reason": reason})
    assert response.status_code == 400
    assert "najwyżej 1000 znaków" in _field_error(response.get_data(as_text=True), "reason")
    assert db.session.get(Thread, thread.id).reply_count == 0
