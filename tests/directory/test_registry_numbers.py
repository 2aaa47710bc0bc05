"""KRS, NIP and REGON on the organisation form: checked by their rules, shown to the secretariat, exported."""
import pytest

from app.directory.registry_numbers import compact, is_valid_krs, is_valid_nip, is_valid_regon
from tests import factories
from tests.directory.factories import org_form
from tests.directory.test_profile import field_error, org_named


@pytest.mark.parametrize("number, valid", [
    ("1234563218", True), ("5260250274", True),
    ("1234563219", False),   # last digit off by one
    ("1234563281", False),   # two digits swapped
    ("123456321", False), ("12345632189", False), ("123456321a", False),
    ("١٢٣٤٥٦٣٢١٨", False),    # Arabic-Indic digits are digits to str.isdigit, not to the tax office
])
def test_nip_check_digit(number, valid):
    assert is_valid_nip(number) is valid


@pytest.mark.parametrize("number, valid", [
    ("123456785", True), ("12345678512347", True),
    ("123456784", False), ("12345678512348", False),
    ("12345678412340", False),  # a 14-digit REGON whose first nine are not a REGON
    ("1234567851234", False), ("12345678", False),
])
def test_regon_check_digit_for_9_and_14_digits(number, valid):
    assert is_valid_regon(number) is valid


def test_krs_is_ten_digits_with_no_check_digit():
    assert is_valid_krs("0000123456") and not is_valid_krs("123456") and not is_valid_krs("00001234567")


def test_what_people_paste_is_compacted():
    assert compact("PL 123-456-32-18") == "1234563218" == compact(" 123.456.32.18 ")


def test_valid_numbers_are_stored_as_digits(client, outsider):
    client.login(outsider)
    client.post_form("/orgs/new", org_form(krs="0000 123 456", nip="PL 123-456-32-18", regon="123-456-785"))
    org = org_named("Fundacja Nowa Droga")
    assert (org.krs, org.nip, org.regon) == ("0000123456", "1234563218", "123456785")


@pytest.mark.parametrize("field, typed, message", [
    ("nip", "123-456-32-19", "To nie jest poprawny NIP"),
    ("regon", "123456784", "To nie jest poprawny REGON"),
    ("krs", "12345", "Numer KRS ma 10 cyfr"),
])
def test_a_wrong_number_gets_a_message_next_to_its_field_and_stays_as_typed(client, outsider, field, typed, message):
    client.login(outsider)
    response = client.post_form("/orgs/new?lang=pl", org_form(**{field: typed}))
    assert response.status_code == 200
    assert message in field_error(response, field)
    assert f'value="{typed}"' in response.get_data(as_text=True)
    assert org_named("Fundacja Nowa Droga") is None


def test_the_secretariat_sees_the_numbers_when_it_verifies(client, moderator, org_admin):
    factories.make_org(name="Fundacja Czekająca", admin=org_admin, verified_at=None, krs="0000123456",
                       regon="123456785", street="ul. Wałowa 1", postcode="33-100", city="Tarnów")
    factories.make_org(name="Fundacja Bez Numerów", admin=org_admin, verified_at=None)
    client.login(moderator)
    queue = client.get("/orgs/pending?lang=en").get_data(as_text=True)
    assert "<dt>KRS number</dt><dd>0000123456</dd>" in queue and "<dd>123456785</dd>" in queue
    assert "ul. Wałowa 1, 33-100 Tarnów" in queue
    assert queue.count("No registry number (KRS, NIP or REGON) given.") == 1


def test_the_queue_says_when_another_organisation_gave_the_same_number(client, moderator, org_admin):
    factories.make_org(name="Stowarzyszenie Już Zweryfikowane", nip="1234563218")
    factories.make_org(name="Stowarzyszenie Zgłoszone Drugi Raz", admin=org_admin, verified_at=None, nip="1234563218")
    factories.make_org(name="Fundacja Inna", admin=org_admin, verified_at=None, nip="5260250274")
    client.login(moderator)
    queue = client.get("/orgs/pending?lang=pl").get_data(as_text=True)
    assert queue.count("Inna organizacja podała ten sam NIP") == 1
    assert "Inna organizacja podała ten sam NIP: „Stowarzyszenie Już Zweryfikowane”." in queue
