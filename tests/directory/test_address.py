"""The address in its parts: street, postcode (Polish NN-NNN) and town, on the form and the profile."""
import pytest

from tests import factories
from tests.directory.factories import org_form
from tests.directory.test_profile import field_error, org_named


def test_the_address_is_stored_in_its_parts_and_shown_on_the_profile(client, outsider):
    client.login(outsider)
    client.post_form("/orgs/new", org_form(street="ul. Wałowa 12", postcode="33 100", city="Tarnów"))
    org = org_named("Fundacja Nowa Droga")
    assert (org.street, org.postcode, org.city) == ("ul. Wałowa 12", "33-100", "Tarnów")
    page = client.get(f"/orgs/{org.slug}").get_data(as_text=True)
    assert "<address>ul. Wałowa 12<br>33-100 Tarnów</address>" in page


@pytest.mark.parametrize("typed", ["331-00", "33100x", "ABC-DEF", "3-3100"])
def test_a_wrong_postcode_gets_a_message_in_the_users_language_and_stays_as_typed(client, outsider, typed):
    client.login(outsider)
    response = client.post_form("/orgs/new?lang=uk", org_form(postcode=typed))
    assert response.status_code == 200
    assert "Введіть поштовий індекс як дві цифри, дефіс і три цифри" in field_error(response, "postcode")
    assert f'value="{typed}"' in response.get_data(as_text=True)
    assert org_named("Fundacja Nowa Droga") is None


@pytest.mark.parametrize("missing", ["street", "postcode", "city"])
def test_an_address_is_all_three_parts_or_none(client, outsider, missing):
    client.login(outsider)
    response = client.post_form("/orgs/new?lang=pl", org_form(**{missing: ""}))
    assert response.status_code == 200
    assert "albo zostaw cały adres pusty" in field_error(response, missing)
    response = client.post_form("/orgs/new", org_form(street="", postcode="", city=""))
    assert response.status_code == 302 and org_named("Fundacja Nowa Droga").address == ""


def test_the_edit_form_shows_the_parts(client, org_admin):
    org = factories.make_org(name="Fundacja Adresowa", admin=org_admin, street="Rynek 1", postcode="34-600",
                             city="Limanowa")
    client.login(org_admin)
    form = client.get(f"/orgs/{org.slug}/edit").get_data(as_text=True)
    assert 'value="Rynek 1"' in form and 'value="34-600"' in form and 'value="Limanowa"' in form


def test_the_list_filter_and_search_find_an_organisation_by_its_town(client):
    factories.make_org(name="Fundacja Z Limanowej", street="Rynek 1", postcode="34-600", city="Limanowa")
    factories.make_org(name="Fundacja Z Krakowa", street="ul. Dietla 1", postcode="31-039", city="Kraków")
    page = client.get("/orgs/?q=limanowa").get_data(as_text=True)
    assert "Fundacja Z Limanowej" in page and "Fundacja Z Krakowa" not in page


def test_site_search_finds_an_organisation_by_its_street_and_follows_a_move(client, org_admin):
    # The same profile as the form below sends, but for the street: only the address changes.
    org = factories.make_org(name="Fundacja Przeprowadzkowa", admin=org_admin, short_name="FND",
                             themes=["housing", "adaptation"], target_groups=["ukrainian-war-refugees"],
                             counties=["tarnow-city"], languages=["pl", "uk"], street="ul. Kalafiorowa 3",
                             postcode="34-600", city="Limanowa", description_pl="Opis.", description_pl_html="<p>Opis.</p>")
    assert "Fundacja Przeprowadzkowa" in client.get("/search?q=Kalafiorowa&lang=en").text
    client.login(org_admin)
    response = client.post_form(f"/orgs/{org.slug}/edit", org_form(name=org.name, street="ul. Rabarbarowa 5",
                                                                           postcode="34-600", city="Limanowa",
                                                                           description_pl="Opis."))
    assert response.status_code == 302
    assert "Fundacja Przeprowadzkowa" not in client.get("/search?q=Kalafiorowa&lang=en").text
    assert "Fundacja Przeprowadzkowa" in client.get("/search?q=Rabarbarowa&lang=en").text
