"""Directory test helpers: form data for the organisation form."""


def org_form(**overrides) -> dict:
    """Valid data of the organisation form (lists become repeated fields)."""
    data = {
        "name": "Fundacja Nowa Droga", "short_name": "FND", "org_type": "ngo",
        "life_areas": ["housing"], "topics": ["adaptation"], "target_groups": ["ukrainian-war-refugees"],
        "counties": ["tarnow-city"], "languages": ["pl", "uk"],
        "street": "ul. Wałowa 1", "postcode": "33-100", "city": "Tarnów",
        "email": "biuro@nowadroga.example.org", "phone": "+48 14 621 00 00", "website": "https://nowadroga.example.org",
        "description_pl": "Pomagamy rodzinom z **Ukrainy** w Tarnowie.", "description_en": "", "description_uk": "",
    }
    data.update(overrides)
    return {key: value for key, value in data.items() if value is not None}
