"""Slugs (transliterated, unique, stable) and the Polish sort order."""
import pytest

from app.directory import services
from app.directory.naming import name_key, polish_sort_key
from tests import factories


@pytest.mark.parametrize("name, slug", [
    ("Fundacja „Łączy Nas”", "fundacja-laczy-nas"),
    ("Stowarzyszenie Żółć i Gęśla", "stowarzyszenie-zolc-i-gesla"),
    ("Фонд Допомоги Україні", "fond-dopomohy-ukraini"),
    ("Спілка «Їжак» Запоріжжя", "spilka-yizhak-zaporizhzhia"),
    ("!!!", "organisation"),
])
def test_slug_transliterates_polish_and_ukrainian(app, name, slug):
    assert services.unique_slug(name) == slug


def test_slugs_of_reserved_addresses_get_a_suffix(app):
    assert services.unique_slug("New") == "new-2"
    assert services.unique_slug("Pending") == "pending-2"


def test_taken_slug_gets_the_next_free_suffix(app, outsider):
    long_name = "Fundacja " + "Bardzo Długiej Nazwy " * 4
    first = factories.make_org(name=long_name + "Tarnów", slug=services.unique_slug(long_name + "Tarnów"))
    second = services.create_org(outsider, name=long_name + "Kraków", org_type="ngo", descriptions={"pl": "Opis."})
    third = services.create_org(outsider, name=long_name + "Bochnia", org_type="ngo", descriptions={"pl": "Opis."})
    assert len(first.slug) <= 80
    assert second.slug == first.slug + "-2"
    assert third.slug == first.slug + "-3"


def test_slug_stays_when_the_name_changes_and_the_old_name_can_be_reused(app, outsider, client):
    org = services.create_org(outsider, name="Fundacja Nadzieja", org_type="ngo", descriptions={"pl": "Opis."})
    services.update_org(outsider, org, name="Fundacja Nadzieja Tarnów", org_type="ngo", descriptions={"pl": "Opis."})
    assert org.slug == "fundacja-nadzieja"
    newcomer = services.create_org(outsider, name="Fundacja Nadzieja", org_type="ngo", descriptions={"pl": "Inna."})
    assert newcomer.slug == "fundacja-nadzieja-2"


def test_name_key_treats_case_diacritics_and_punctuation_as_the_same_name():
    assert name_key("Fundacja „Łączy”") == name_key("fundacja  laczy!") == "fundacja laczy"


def test_polish_sort_key_orders_letters_as_the_polish_alphabet():
    names = ["Żak", "Zorza", "Źródło", "Ład", "Lżej", "Lublin", "Śląsk", "Szkoła", "Sąsiedzi", "Ósemka", "Owca",
             "Ćma", "Cud", "Ęma", "Ezop", "„Azyl”", "ąb"]
    assert sorted(names, key=polish_sort_key) == [
        "„Azyl”", "ąb", "Cud", "Ćma", "Ezop", "Ęma", "Lublin", "Lżej", "Ład", "Owca", "Ósemka",
        "Sąsiedzi", "Szkoła", "Śląsk", "Zorza", "Źródło", "Żak",
    ]


def test_polish_sort_key_is_plain_ascii_and_romanises_cyrillic():
    assert polish_sort_key("Фонд «Разом»") == "fond razom"
    assert polish_sort_key("Łąka").isascii()


def test_directory_sorts_by_polish_alphabet_in_the_database(app, client):
    for name in ("Zorza Fundacja", "Łódzka Fundacja", "Lwowska Fundacja", "Źródło Fundacja", "Ośrodek Sowa",
                 "Śląska Fundacja", "Sądecka Fundacja", "Szkoła Fundacja"):
        factories.make_org(name=name)
    page = client.get("/orgs/?sort=name").get_data(as_text=True)
    order = ["Lwowska", "Łódzka", "Ośrodek", "Sądecka", "Szkoła", "Śląska", "Zorza", "Źródło"]
    positions = [page.index(f">{word} ") for word in order]
    assert positions == sorted(positions)
