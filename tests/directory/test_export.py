"""CSV (UTF-8 with BOM) and HSDS-shaped JSON exports: contents, filters and access rules."""
import csv
import io
import json
import uuid

import pytest

from tests import factories


@pytest.fixture
def orgs(app, org_admin):
    return {
        "tarnow": factories.make_org(name="Fundacja Łączy Tarnów", short_name="FŁT", themes=["housing"],
                                     counties=["tarnow-city"], languages=["pl", "uk"], email="biuro@flt.example.org",
                                     phone="+48 14 600 00 00", street="ul. Wałowa 1", postcode="33-100",
                                     city="Tarnów", krs="0000123456", nip="1234563218",
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
    assert (row["street"], row["postcode"], row["city"]) == ("ul. Wałowa 1", "33-100", "Tarnów")
    assert row["address"] == "ul. Wałowa 1, 33-100 Tarnów"
    assert (row["krs"], row["nip"], row["regon"]) == ("0000123456", "1234563218", "")
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
    assert (address["address_1"], address["postal_code"], address["city"]) == ("ul. Wałowa 1", "33-100", "Tarnów")
    assert address["country"] == "PL"
    service = org["services"][0]
    assert service["organization_id"] == org["id"]
    assert [(area["name"], area["x_teryt"]) for area in service["service_areas"]] == [
        ("Tarnów (miasto na prawach powiatu)", "1263")]
    assert not any("uri" in area for area in service["service_areas"])  # TERYT has no official URI form
    assert [language["code"] for language in service["languages"]] == ["pl", "uk"]
    assert {"code": "housing", "taxonomy": "thematic_areas"}.items() <= org["attributes"][2]["taxonomy_term"].items()
    assert org["x_descriptions"]["uk"] == "Допомога з житлом."
    assert org["uri"].endswith("/orgs/fundacja-laczy-tarnow")


def test_json_gives_registry_numbers_under_their_org_id_scheme_codes(client, orgs):
    org = client.get("/orgs/export.json?county=tarnow-city").get_json()["contents"][0]
    identifiers = {item["identifier_scheme"]: item["identifier"] for item in org["organization_identifiers"]}
    assert identifiers == {"malopolska-otwarta-slug": "fundacja-laczy-tarnow", "PL-KRS": "0000123456",
                           "PL-NIP": "1234563218"}


def test_json_lists_each_phone_once_and_leaves_out_what_is_missing(client, orgs):
    data = client.get("/orgs/export.json").get_json()
    tarnow = next(org for org in data["contents"] if org["name"] == "Fundacja Łączy Tarnów")
    assert json.dumps(tarnow).count('"number": "+48 14 600 00 00"') == 1
    krakow = next(org for org in data["contents"] if org["name"] != "Fundacja Łączy Tarnów")
    assert None not in krakow.values() and "alternate_name" not in krakow and "email" not in krakow
    assert krakow["locations"] == [] and krakow["phones"] == []
    assert tarnow["metadata"][0]["last_action_date"] == tarnow["metadata"][0]["last_action_date"][:10]


def test_json_gives_the_whole_region_as_its_eu_nuts_unit(client):
    factories.make_org(name="Fundacja Całej Małopolski", whole_region=True)
    org = client.get("/orgs/export.json").get_json()["contents"][0]
    assert [area["uri"] for area in org["services"][0]["service_areas"]] == ["http://data.europa.eu/nuts/code/PL21"]


def test_json_identifiers_are_stable_between_exports(client, orgs):
    first = client.get("/orgs/export.json").get_json()["contents"]
    second = client.get("/orgs/export.json").get_json()["contents"]
    assert [org["id"] for org in first] == [org["id"] for org in second]
    assert len({org["id"] for org in first}) == len(first)


def test_json_excludes_unverified_organisations_for_the_public(client, orgs):
    names = [org["name"] for org in client.get("/orgs/export.json").get_json()["contents"]]
    assert "Fundacja Niezweryfikowana" not in names and len(names) == 2
