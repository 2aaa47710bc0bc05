"""The past list shows each series once, at its latest occurrence that has ended and was held
(a cancelled one only when none was held), however far back in the list's window it is."""
from datetime import time, timedelta

import pytest

from app.db import commit, utcnow
from app.events import lists, recurrence, services
from app.events.forms import EventFilters
from tests import factories
from tests.events.factories import future_day, make_event


def _shown(viewer) -> dict[str, str]:
    """{title: local date of the entry} of the past list's first page."""
    page = lists.list_occurrences(viewer, EventFilters(), past=True)
    return {o.event.title: o.local_start.date().isoformat() for o in page.items}


@pytest.fixture
def viewer(app):
    return factories.make_user(display_name="Wiktoria Czytelniczka")


def _weekly(org, organiser, title, weeks_ago, count):
    """Weekly from weeks_ago weeks and 3 days ago: no occurrence falls on today (ended or not by now)."""
    return make_event(org, author=organiser, title=title, start_date=future_day(-7 * weeks_ago - 3),
                      start_time=time(10), end_time=time(12), repeat="weekly", repeat_end="count",
                      repeat_count=count)


def test_a_series_shows_its_latest_held_occurrence(org, organiser, viewer, request_ctx):
    ongoing = _weekly(org, organiser, "Co tydzień, trwa", weeks_ago=20, count=40)
    last_held = _weekly(org, organiser, "Dwa ostatnie odwołane", weeks_ago=20, count=20)
    ended_long_ago = _weekly(org, organiser, "Skończony przed rokiem", weeks_ago=80, count=10)
    all_cancelled = _weekly(org, organiser, "Wszystkie odwołane", weeks_ago=10, count=2)
    commit()
    keys = {event.id: [o.key for o in recurrence.occurrences(event, event.starts_at, utcnow() + timedelta(days=400))]
            for event in (ongoing, last_held, ended_long_ago, all_cancelled)}
    for key in keys[last_held.id][-2:]:  # 10 and 17 days ago
        services.cancel_occurrence(organiser, last_held, key, "Brak sali")
    for key in keys[all_cancelled.id]:
        services.cancel_occurrence(organiser, all_cancelled, key, "Odwołane")
    commit()

    assert _shown(viewer) == {
        "Co tydzień, trwa": keys[ongoing.id][20],  # 3 days ago (the next one is in 4 days)
        "Dwa ostatnie odwołane": keys[last_held.id][-3],  # 24 days ago
        "Skończony przed rokiem": keys[ended_long_ago.id][-1],  # 500 days ago: found in the whole window
        "Wszystkie odwołane": keys[all_cancelled.id][-1],  # nothing held: the latest, cancelled
    }


def test_a_monthly_series_held_only_months_ago_is_found_beyond_the_last_weeks(org, organiser, viewer, request_ctx):
    monthly = make_event(org, author=organiser, title="Co miesiąc", start_date=future_day(-200),
                         start_time=time(10), end_time=time(12), repeat="monthly_day", repeat_end="count",
                         repeat_count=10)
    commit()
    dates = [o.key for o in recurrence.occurrences(monthly, monthly.starts_at, utcnow())]
    for key in dates[-2:]:  # the last two held months cancelled: the one before is 2–3 months ago
        services.cancel_occurrence(organiser, monthly, key, "Przerwa")
    commit()
    assert _shown(viewer) == {"Co miesiąc": dates[-3]}
