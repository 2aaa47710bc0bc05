"""The moderation log: who did what, when and why, filtered by who, action and date."""
from datetime import datetime, timezone

from app.db import commit
from app.secretariat.moderation_log import log_moderation
from tests import factories


def entry(actor, action, label, when, reason=""):
    logged = log_moderation(actor, action, "post", 1, target_label=label, reason=reason)
    logged.created_at = when
    return logged


def day(month, dd, hour=12):
    return datetime(2026, month, dd, hour, tzinfo=timezone.utc)


def rows_of(page: str) -> list[str]:
    """The "Concerning" column of the log table, top to bottom."""
    body = page.split('<table class="data-table" id="log">')[1].split("</tbody>")[0]
    return [cell.split("</td>")[0] for cell in body.split("<td>")[4::5]]


def test_filters_by_who_action_and_date(client, moderator, admin):
    entry(moderator, "post.hide", "Wpis A", day(3, 1), "reklama")
    entry(admin, "post.hide", "Wpis B", day(3, 15))
    entry(moderator, "thread.lock", "Wątek C", day(4, 2))
    entry(moderator, "post.hide", "Wpis D", day(5, 20))
    commit()
    client.login(moderator)
    assert rows_of(client.get("/secretariat/log").text) == ["Wpis D", "Wątek C", "Wpis B", "Wpis A"]
    assert rows_of(client.get(f"/secretariat/log?actor={moderator.id}").text) == ["Wpis D", "Wątek C", "Wpis A"]
    assert rows_of(client.get("/secretariat/log?action=post.hide").text) == ["Wpis D", "Wpis B", "Wpis A"]
    page = client.get(f"/secretariat/log?actor={moderator.id}&action=post.hide&date_from=2026-03-01"
                      "&date_to=2026-04-30").text
    assert rows_of(page) == ["Wpis A"] and "reklama" in page
    assert "1 wpis" in page


def test_the_filters_offer_the_people_and_actions_in_the_log(client, moderator):
    entry(moderator, "thread.lock", "Wątek", day(4, 2))
    commit()
    client.login(moderator)
    page = client.get("/secretariat/log").text
    assert f'<option value="{moderator.id}">Monika Moderatorka' in page
    assert '<option value="thread.lock">Zamknięto wątek</option>' in page


def test_nonsense_filters_are_explained_or_ignored_never_an_error(client, moderator):
    entry(moderator, "thread.lock", "Wątek", day(4, 2))
    commit()
    client.login(moderator)
    page = client.get("/secretariat/log?date_from=2026-02-31&actor=abc&action=drop.table&page=x")
    assert page.status_code == 200
    assert 'id="date_from-error"' in page.text and 'value="2026-02-31"' in page.text  # what was typed stays
    assert rows_of(page.text) == ["Wątek"]


def test_a_deleted_moderator_is_shown_as_deleted_user(client, moderator, admin):
    gone = factories.make_user(role="moderator")
    entry(gone, "post.hide", "Wpis", day(4, 2))
    commit()
    from app.extensions import db

    db.session.delete(gone)
    commit()
    client.login(admin)
    assert "usunięty użytkownik" in client.get("/secretariat/log").text
