"""CSV (UTF-8 with BOM) and HSDS-shaped JSON exports: contents, filters and access rules."""
import csv
import io
import uuid

import pytest

from tests import factories


@pytest.fixture
def orgs(app, org_admin):
    return {
        "tarnow": factories.make_org(name="Fundacja Łączy Tarnów", short_name="FŁT", themes=["housing"],
                                     counties=["tarnow-city"], languages=["pl", "uk"], email="biuro@flt.example.org",
                                     phone="+48 14 600 00 00", address="ul. Wałowa 1, 33-100 Tarnów",
                                     website="https://flt.example.org", description_uk="Допомога з житлом.",
                                     description_uk_html="<p>Допомога з житлом.</p>"),
        "krakow": factories.make_org(name="=HYPERLINK(\"http://evil\")", themes=["health"], counties=["krakow-city"]),
        "hidden": factories.make_org(name="Fundacja Niezweryfikowana", verified_at=None, admin=org_admin),
    }


def read_csv(response) -> list[dict]:
    assert response.data.startswith(b"\xef\xbb\xbf")
    return list(csv.DictReader(io.StringIO(response.data.decode("utf-8-sig"))))


def test_csv_is_utf8_with_bom_and_lists_visible_organisations(client, orgs):
    response = client.get("/orgs/export.csv")
    assert response.status_code == 200
    assert response.mimetype == "text/csv"
    assert "attachment" in response.headers["Content-Disposition"]
    rows = read_csv(response)
    names = [row["name"] for row in rows]
    assert "Fundacja Łączy Tarnów" in names and "Fundacja Niezweryfikowana" not in names
    row = next(row for row in rows if row["slug"] == "fundacja-laczy-tarnow")
    assert row["short_name"] == "FŁT"
    assert row["counties"] == "tarnow-city" and "Tarnów" in row["counties_labels"]
    assert row["languages"] == "pl; uk"
    assert row["phone"] == "+48 14 600 00 00"
    assert row["description_uk"] == "Допомога з житлом."
    assert row["verified"] == "yes"
    assert row["profile_url"].endswith("/orgs/fundacja-laczy-tarnow")


def test_csv_cells_cannot_run_as_spreadsheet_formulas(client, orgs):
    rows = read_csv(client.get("/orgs/export.csv"))
    assert "'=HYPERLINK(\"http://evil\")" in [row["name"] for row in rows]


def test_csv_follows_the_page_filters(client, orgs):
    rows = read_csv(client.get("/orgs/export.csv?theme=housing&county=atlantis"))
    assert [row["name"] for row in rows] == ["Fundacja Łączy Tarnów"]


def test_members_and_moderators_export_what_they_may_see(client, orgs, org_admin, moderator):
    client.login(org_admin)
    assert "Fundacja Niezweryfikowana" in [row["name"] for row in read_csv(client.get("/orgs/export.csv"))]
    client.login(moderator)
    data = client.get("/orgs/export.json?verified=no").get_json()
    assert [item["name"] for item in data["contents"]] == ["Fundacja Niezweryfikowana"]
    assert data["contents"][0]["x_verified"] is False


def test_json_is_shaped_after_open_referral_hsds(client, orgs):
    response = client.get("/orgs/export.json?county=tarnow-city")
    assert response.mimetype == "application/json"
    data = response.get_json()
    assert data["total_items"] == 1 and data["filters"] == {"county": ["tarnow-city"]}
    org = data["contents"][0]
    uuid.UUID(org["id"])
    assert org["name"] == "Fundacja Łączy Tarnów" and org["alternate_name"] == "FŁT"
    assert org["email"] == "biuro@flt.example.org" and org["website"] == "https://flt.example.org"
    assert org["description"] == "Opis organizacji Fundacja Łączy Tarnów."
    assert org["contacts"][0]["email"] == "biuro@flt.example.org"
    assert org["phones"][0]["number"] == "+48 14 600 00 00"
    address = org["locations"][0]["addresses"][0]
    assert address["address_1"] == "ul. Wałowa 1, 33-100 Tarnów" and address["country"] == "PL"
    service = org["services"][0]
    assert service["organization_id"] == org["id"]
    assert [area["uri"] for area in service["service_areas"]] == ["urn:teryt:powiat:1263"]
    assert [language["code"] for language in service["languages"]] == ["pl", "uk"]
    assert {"code": "housing", "taxonomy": "thematic_areas"}.items() <= org["attributes"][2]["taxonomy_term"].items()
    assert org["x_descriptions"]["uk"] == "Допомога з житлом."
    assert org["uri"].endswith("/orgs/fundacja-laczy-tarnow")


def test_json_identifiers_are_stable_between_exports(client, orgs):
    first = client.get("/orgs/export.json").get_json()["contents"]
    second = client.get("/orgs/export.json").get_json()["contents"]
    assert [org["id"] for org in first] == [org["id"] for org in second]
    assert len({org["id"] for org in first}) == len(first)


def test_json_excludes_unverified_organisations_for_the_public(client, orgs):
    names = [org["name"] for org in client.get("/orgs/export.json").get_json()["contents"]]
    assert "Fundacja Niezweryfikowana" not in names and len(names) == 2
