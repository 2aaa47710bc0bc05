"""Creating and editing a profile through the form; bad input never breaks the page."""
import re

import pytest

from app.directory.models import Organisation
from app.extensions import db
from tests import factories
from tests.directory.factories import org_form


def org_named(name) -> Organisation | None:
    return db.session.execute(db.select(Organisation).where(Organisation.name == name)).scalar_one_or_none()


def field_error(response, field) -> str:
    match = re.search(rf'id="{field}-error">(.*?)</p>', response.get_data(as_text=True), re.S)
    return match.group(1) if match else ""


def test_creating_an_organisation_makes_the_creator_its_admin_and_waits_for_verification(client, outsider, app):
    client.login(outsider)
    response = client.post_form("/orgs/new", org_form())
    assert response.status_code == 302 and response.headers["Location"].endswith("/orgs/fundacja-nowa-droga")
    org = org_named("Fundacja Nowa Droga")
    assert org.sector == "civil-society" and org.created_by_id == outsider.id
    assert not org.is_verified and org.is_pending
    assert org.id in outsider.admin_org_ids()
    assert org.themes == ["housing", "adaptation"] and org.counties == ["tarnow-city"]
    assert "<strong>Ukrainy</strong>" in org.description_pl_html
    page = client.get("/orgs/fundacja-nowa-droga").get_data(as_text=True)
    assert "badge-warn" in page
    assert app.test_client().get("/orgs/fundacja-nowa-droga").status_code == 404


def test_sector_follows_from_the_type(client, outsider):
    client.login(outsider)
    client.post_form("/orgs/new", org_form(name="Powiatowy Urząd Pracy w Gorlicach", org_type="pup"))
    assert org_named("Powiatowy Urząd Pracy w Gorlicach").sector == "local-government"


def test_whole_region_covers_every_county_and_is_shown_as_such(client, outsider):
    client.login(outsider)
    client.post_form("/orgs/new", org_form(counties=None, whole_region="y"))
    org = org_named("Fundacja Nowa Droga")
    assert org.whole_region and len(org.counties) == 22
    page = client.get(f"/orgs/{org.slug}").get_data(as_text=True)
    assert "powiat bocheński" not in page


BAD_INPUT = [
    ("email", {"email": "not-an-address"}, "email"),
    ("phone", {"phone": "call me maybe"}, "phone"),
    ("phone too short", {"phone": "12 34"}, "phone"),
    ("website", {"website": "javascript:alert(1)"}, "website"),
    ("website spaces", {"website": "www.example .org"}, "website"),
    ("type", {"org_type": "secret-society"}, "org_type"),
    ("county", {"counties": ["atlantis"]}, "counties"),
    ("theme", {"life_areas": ["<b>x</b>"]}, "life_areas"),
    ("no county", {"counties": None}, "counties"),
    ("no life area", {"life_areas": None}, "life_areas"),
    ("no description", {"description_pl": ""}, "description_pl"),
    ("huge description", {"description_pl": "ą" * 100_000}, "description_pl"),
    ("short name", {"name": "A"}, "name"),
    ("name without letters", {"name": "!!! ???"}, "name"),
]


@pytest.mark.parametrize("case, changes, field", BAD_INPUT, ids=[case for case, _, _ in BAD_INPUT])
def test_bad_input_gets_a_message_next_to_the_field_and_keeps_what_was_typed(client, outsider, case, changes, field):
    client.login(outsider)
    response = client.post_form("/orgs/new", org_form(street="ul. Zachowana 7", **changes))
    assert response.status_code == 200
    assert field_error(response, field), f"no message next to {field}"
    page = response.get_data(as_text=True)
    assert 'value="ul. Zachowana 7"' in page
    assert db.session.execute(db.select(db.func.count(Organisation.id))).scalar_one() == 0


def test_duplicate_name_gets_a_message_even_with_other_case_and_diacritics(client, outsider):
    factories.make_org(name="Fundacja Łączy Nas")
    client.login(outsider)
    response = client.post_form("/orgs/new", org_form(name="fundacja  LACZY nas", description_pl="Mój opis"))
    assert response.status_code == 200
    assert field_error(response, "name")
    assert "Mój opis</textarea>" in response.get_data(as_text=True)


def test_html_in_fields_is_stored_and_shown_as_text(client, outsider):
    client.login(outsider)
    client.post_form("/orgs/new", org_form(name="<script>alert(1)</script> Fundacja",
                                           street="<img src=x onerror=alert(1)>",
                                           description_pl="<script>alert(2)</script> [x](javascript:alert(3))"))
    org = org_named("<script>alert(1)</script> Fundacja")
    assert org.slug == "script-alert-1-script-fundacja"
    page = client.get(f"/orgs/{org.slug}").get_data(as_text=True)
    assert "<script>alert" not in page and "&lt;script&gt;alert(1)&lt;/script&gt; Fundacja" in page
    assert "<img src=x" not in page and 'href="javascript:' not in page


def test_website_without_scheme_gets_https(client, outsider):
    client.login(outsider)
    client.post_form("/orgs/new", org_form(website="www.nowadroga.example.org"))
    assert org_named("Fundacja Nowa Droga").website == "https://www.nowadroga.example.org"


def test_admin_edits_the_profile_and_the_address_stays(client, organisation, org_admin):
    client.login(org_admin)
    form = client.get(f"/orgs/{organisation.slug}/edit").get_data(as_text=True)
    assert 'value="Fundacja Otwarta Małopolska"' in form
    assert re.search(r'<input checked[^>]*value="housing"', form)
    response = client.post_form(f"/orgs/{organisation.slug}/edit",
                                org_form(name="Fundacja Otwarta Małopolska Zachodnia", org_type="migrant-organisation"))
    assert response.headers["Location"].endswith("/orgs/fundacja-otwarta-malopolska")
    assert organisation.name == "Fundacja Otwarta Małopolska Zachodnia"
    assert organisation.slug == "fundacja-otwarta-malopolska"
    assert "Zachodnia" in client.get("/orgs/fundacja-otwarta-malopolska").get_data(as_text=True)


def test_editing_a_refused_organisation_sends_it_back_to_the_queue(client, pending_org, org_admin):
    pending_org.refused_at, pending_org.refusal_reason = pending_org.created_at, "Brak danych."
    client.login(org_admin)
    assert "Brak danych." in client.get(f"/orgs/{pending_org.slug}").get_data(as_text=True)
    client.post_form(f"/orgs/{pending_org.slug}/edit", org_form(name=pending_org.name))
    assert pending_org.is_pending and pending_org.refusal_reason is None


def test_description_in_the_readers_language_or_the_first_written_with_a_note(client, outsider):
    factories.make_org(name="Razem UA", description_pl=None, description_pl_html=None,
                       description_uk="Допомагаємо.", description_uk_html="<p>Допомагаємо.</p>",
                       description_en="We help.", description_en_html="<p>We help.</p>")
    english = client.get("/orgs/razem-ua?lang=en").get_data(as_text=True)
    assert '<div class="user-content" lang="en"><p>We help.</p>' in english
    ukrainian = client.get("/orgs/razem-ua?lang=uk").get_data(as_text=True)
    assert 'lang="uk"><p>Допомагаємо.</p>' in ukrainian
    polish = client.get("/orgs/razem-ua?lang=pl").get_data(as_text=True)
    assert 'lang="en"><p>We help.</p>' in polish
    assert "angielski" in polish.split('id="about-heading"')[1].split("user-content")[0]
