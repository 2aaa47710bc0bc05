import json
from pathlib import Path

import pytest
from flask_babel import force_locale

from app import taxonomy
from app.translit import romanize, slugify

SHARED = Path(__file__).resolve().parents[2] / "shared" / "spec" / "taxonomy.json"


@pytest.mark.skipif(not SHARED.exists(), reason="../shared is not beside this checkout")
def test_the_app_uses_an_exact_copy_of_the_shared_taxonomy():
    assert json.loads(SHARED.read_text(encoding="utf-8")) == taxonomy.load()


def test_labels_follow_the_interface_language(app):
    with app.test_request_context():
        with force_locale("pl"):
            assert taxonomy.label("thematic_areas", "housing") == "mieszkalnictwo"
        with force_locale("uk"):
            assert taxonomy.label("thematic_areas", "housing") == "Житло"
            assert taxonomy.label("counties", "tarnow-city") == "Тарнів (місто на правах повіту)"
        with force_locale("en"):
            assert taxonomy.label("sectors", "business") == "Business and employers"
    assert taxonomy.label("counties", "no-such-county", "pl") == "no-such-county"


def test_sector_follows_from_type_and_subregion_from_county():
    assert taxonomy.sector_of_type("mops") == "local-government"
    assert taxonomy.sector_of_type("employer") == "business"
    assert taxonomy.subregion_of_county("tarnowski") == taxonomy.subregion_of_county("tarnow-city") == "PL217"


@pytest.mark.parametrize("text, slug", [
    ("Fundacja Łączy Nas", "fundacja-laczy-nas"),
    ("Stowarzyszenie „Żółć i Ślęża”", "stowarzyszenie-zolc-i-sleza"),
    ("Харківська громада в Кракові", "kharkivska-hromada-v-krakovi"),
    ("Юнацький центр Запоріжжя", "yunatskyi-tsentr-zaporizhzhia"),
])
def test_slugs_transliterate_polish_and_ukrainian(text, slug):
    assert slugify(text) == slug


def test_romanisation_follows_the_ukrainian_national_standard():
    assert romanize("Харків, Київ, Львів, Запоріжжя, Згурівка") == "Kharkiv, Kyiv, Lviv, Zaporizhzhia, Zghurivka"

