"""Bad input on the event forms: a message next to the field, in the user's language, typed text kept."""
from datetime import date

import pytest

from app.events.models import Event
from app.extensions import db
from tests.events.factories import field_errors, future_day, make_event


def valid_form(org) -> dict:
    return {
        "title": "Spotkanie sieci; „integracja”", "event_type": "coordination-meeting", "organisation_id": str(org.id),
        "start_date": future_day(20).isoformat(), "start_time": "10:00", "end_time": "12:00",
        "county": "tarnow-city", "address": "ul. Mickiewicza 2, Tarnów", "description": "Opis **spotkania**.",
        "themes": "housing", "languages": "uk", "repeat": "", "repeat_end": "never", "publish": "1",
    }


BAD_INPUT = [
    # (changes to the valid form, the field that gets the message, Polish words of the message, value kept)
    ({"end_time": "09:00"}, "end_time", "Zakończenie musi nastąpić po rozpoczęciu", "09:00"),
    ({"start_date": "2027-03-28", "start_time": "02:30", "end_time": "04:00"}, "start_time", "nie istnieje", "02:30"),
    ({"start_date": "2026-02-30"}, "start_date", "nie jest prawidłową datą", "2026-02-30"),
    ({"end_date": "2026-13-01"}, "end_date", "nie jest prawidłową datą", "2026-13-01"),
    ({"start_date": "1850-05-01"}, "start_date", "z lat 2000–2100", "1850-05-01"),  # a real date, out of range
    ({"start_date": "1999-05-01"}, "start_date", "z lat 2000–2100", "1999-05-01"),
    ({"start_time": "25:61"}, "start_time", "nie jest godziną", "25:61"),
    ({"online_url": "javascript:alert(1)"}, "online_url", "https://", "javascript:alert(1)"),
    ({"online_url": "meet.example.org"}, "online_url", "https://", "meet.example.org"),
    ({"registration_enabled": "y", "capacity": "0"}, "capacity", "od 1 do 100000", "0"),
    ({"registration_enabled": "y", "capacity": "-5"}, "capacity", "od 1 do 100000", "-5"),
    ({"registration_enabled": "y", "capacity": "99999999999"}, "capacity", "od 1 do 100000", "99999999999"),
    ({"registration_enabled": "y", "capacity": "dużo"}, "capacity", "od 1 do 100000", "dużo"),
    ({"registration_enabled": "y", "deadline_date": future_day(25).isoformat()}, "deadline_date",
     "przed rozpoczęciem", None),
    ({"county": "atlantis"}, "county", "atlantis", None),
    ({"event_type": "party"}, "event_type", "party", None),
    ({"themes": "astrology"}, "themes", "astrology", None),
    ({"languages": "klingon"}, "languages", "klingon", None),
    ({"repeat": "custom", "rrule": "FREQ=SOMETIMES;BYDAY=XX"}, "rrule", "FREQ", "FREQ=SOMETIMES;BYDAY=XX"),
    ({"repeat": "custom", "rrule": "FREQ=MONTHLY;BYDAY=1TU"}, "rrule", "nie jest", "FREQ=MONTHLY;BYDAY=1TU"),
    ({"repeat": "monthly_weekday", "repeat_end": "until", "repeat_until": "2020-01-01"}, "repeat_until",
     "przed rozpoczęciem", "2020-01-01"),
    ({"title": "   "}, "title", "tytuł", None),
    ({"county": "", "address": "", "online_url": ""}, "address", "link", None),
]


@pytest.mark.parametrize("changes, field, words, kept", BAD_INPUT, ids=[c[1] + ":" + str(i) for i, c in enumerate(BAD_INPUT)])
def test_bad_input_gets_a_message_next_to_the_field(client, org, organiser, changes, field, words, kept):
    client.login(organiser)
    data = valid_form(org) | changes
    response = client.post_form("/events/new", data)
    assert response.status_code == 400
    html = response.get_data(as_text=True)
    errors = field_errors(html)
    assert field in errors, errors
    assert words.lower() in errors[field].lower(), errors[field]
    if kept is not None:
        assert f'value="{kept}"' in html
    assert "Spotkanie sieci; „integracja”" in html or field == "title"  # the rest of the form is kept too
    assert 'name="description"' in html and "Opis **spotkania**." in html
    assert db.session.execute(db.select(db.func.count()).select_from(Event)).scalar_one() == 0


def test_messages_in_ukrainian(client, org, organiser):
    client.login(organiser)
    client.get("/?lang=uk")
    data = valid_form(org) | {"end_time": "09:00", "registration_enabled": "y", "capacity": "0"}
    response = client.post_form("/events/new", data)
    errors = field_errors(response.get_data(as_text=True))
    assert "capacity" in errors and "1" in errors["capacity"]
    assert any("\u0400" <= ch <= "\u04ff" for ch in errors["capacity"]), errors["capacity"]  # Cyrillic
    data = valid_form(org) | {"end_time": "09:00"}
    errors = field_errors(client.post_form("/events/new", data).get_data(as_text=True))
    assert any("\u0400" <= ch <= "\u04ff" for ch in errors["end_time"]), errors["end_time"]


def test_a_valid_form_publishes_and_the_edit_form_shows_the_values(client, org, organiser):
    client.login(organiser)
    response = client.post_form("/events/new", valid_form(org) | {"registration_enabled": "y", "capacity": "25"})
    assert response.status_code == 302
    event = db.session.execute(db.select(Event)).scalar_one()
    assert event.is_published and event.capacity == 25 and event.themes == ["housing"]
    edit = client.get(f"/events/{event.id}/edit").get_data(as_text=True)
    assert 'value="25"' in edit and f'value="{future_day(20).isoformat()}"' in edit and 'value="10:00"' in edit


def test_editing_with_bad_input_keeps_the_event_unchanged(client, org, organiser, request_ctx):
    event = make_event(org, author=organiser, title="Przed zmianą", start_date=date(2031, 6, 3))
    client.login(organiser)
    data = valid_form(org) | {"title": "Po zmianie", "end_time": "08:00"}
    response = client.post_form(f"/events/{event.id}/edit", data)
    assert response.status_code == 400 and "end_time" in field_errors(response.get_data(as_text=True))
    db.session.expire_all()
    assert db.session.get(Event, event.id).title == "Przed zmianą"


def test_moving_an_occurrence_to_a_bad_time(client, org, organiser, request_ctx):
    event = make_event(org, author=organiser, start_date=date(2031, 1, 7), repeat="monthly_weekday",
                       repeat_end="count", repeat_count=3)
    client.login(organiser)
    url = f"/events/{event.id}/2031-02-04/manage"
    response = client.post_form(url, {"start_date": "2031-02-31", "start_time": "10:00", "end_time": "12:00",
                                      "move": "1"})
    assert response.status_code == 400 and "start_date" in field_errors(response.get_data(as_text=True))
    response = client.post_form(url, {"start_date": "2031-02-05", "start_time": "12:00", "end_time": "11:00",
                                      "move": "1"})
    assert response.status_code == 400 and "end_time" in field_errors(response.get_data(as_text=True))


@pytest.mark.parametrize("changes, field", [
    ({"organisation_id": "9" * 25}, "organisation_id"),
    ({"organisation_id": "abc"}, "organisation_id"),
    ({"co_organiser_ids": "9" * 25}, "co_organiser_ids"),
    ({"co_organiser_ids": "424242"}, "co_organiser_ids"),
])
def test_hand_made_organisation_ids_get_a_message(client, org, organiser, changes, field):
    client.login(organiser)
    response = client.post_form("/events/new", valid_form(org) | changes)
    assert response.status_code == 400
    assert field in field_errors(response.get_data(as_text=True))


def test_huge_numbers_in_urls_are_not_found(client, org, organiser):
    client.login(organiser)
    assert client.get("/events/" + "9" * 25).status_code == 404
    assert client.get("/events/" + "9" * 25 + ".ics").status_code == 404
    assert client.post_form("/events/registrations/" + "9" * 25 + "/cancel").status_code == 404


def test_saving_the_edit_form_unchanged_keeps_a_series_as_it_was(client, org, organiser, request_ctx):
    from html import unescape
    import re

    event = make_event(org, author=organiser, start_date=date(2031, 1, 7), repeat="monthly_weekday",
                       repeat_end="until", repeat_until=date(2031, 12, 31), registration_enabled=True, capacity=30,
                       deadline_date=date(2031, 1, 6), deadline_time=None)
    rule, sequence, deadline = event.recurrence_rule, event.sequence, event.registration_deadline
    client.login(organiser)
    html = client.get(f"/events/{event.id}/edit").get_data(as_text=True)
    data = {name: unescape(value) for name, value in re.findall(r'<input[^>]*name="(\w+)"[^>]*value="([^"]*)"', html)
            if name not in ("csrf_token",)}
    data = {k: v for k, v in data.items() if k not in ("all_day", "waiting_list", "registration_enabled", "repeat_end")}
    data |= {"event_type": event.event_type, "organisation_id": str(org.id), "county": event.county,
             "repeat": "custom", "repeat_end": "never", "registration_enabled": "y", "waiting_list": "y",
             "description": event.description, "themes": event.themes, "languages": event.languages,
             "save_draft": "1"}
    response = client.post_form(f"/events/{event.id}/edit", data)
    assert response.status_code == 302, field_errors(response.get_data(as_text=True))
    db.session.expire_all()
    saved = db.session.get(Event, event.id)
    assert (saved.recurrence_rule, saved.sequence, saved.registration_deadline) == (rule, sequence, deadline)


def test_the_repeated_hour_means_its_first_occurrence_as_in_icalendar(client, org, organiser):
    """02:30 on 31 October 2027 happens twice in Warsaw; RFC 5545 takes the first (summer time)."""
    from datetime import datetime, timezone

    client.login(organiser)
    response = client.post_form("/events/new", valid_form(org) | {
        "start_date": "2027-10-31", "start_time": "02:30", "end_time": "02:50"})
    assert response.status_code == 302
    event = db.session.execute(db.select(Event)).scalar_one()
    assert event.starts_at == datetime(2027, 10, 31, 0, 30, tzinfo=timezone.utc)
    assert event.ends_at == datetime(2027, 10, 31, 0, 50, tzinfo=timezone.utc)  # twenty minutes, not 80


def test_the_organiser_picks_when_registrants_are_reminded(client, org, organiser):
    client.login(organiser)
    assert client.post_form("/events/new", valid_form(org) | {"reminder_hours": "168"}).status_code == 302
    event = db.session.execute(db.select(Event)).scalar_one()
    assert event.reminder_hours == 168
    edit = client.get(f"/events/{event.id}/edit").get_data(as_text=True)
    assert '<option selected value="168">' in edit or '<option value="168" selected>' in edit
    assert client.post_form(f"/events/{event.id}/edit", valid_form(org) | {"reminder_hours": ""}).status_code == 302
    db.session.refresh(event)
    assert event.reminder_hours is None  # no reminder
    response = client.post_form(f"/events/{event.id}/edit", valid_form(org) | {"reminder_hours": "5"})
    assert response.status_code == 400 and "reminder_hours" in field_errors(response.get_data(as_text=True))
