"""Organisations for the generator: unique, realistic names with a type, place and descriptions."""
import random

from bench import text

TARGET_GROUPS = ("ukrainian-war-refugees", "economic-migrants", "children-youth", "women", "migrant-workers",
                 "parents-of-pupils", "seniors", "third-country-nationals", "newcomers", "teachers")


class OrganisationNames:
    """Unique, realistic organisation names with a type, place and descriptions, as the form gives them."""

    KINDS = (
        # (weight, org type, name pattern)
        (22, "ngo", "Fundacja {adj} {city_nom}"),
        (14, "ngo", "Stowarzyszenie {noun} w {city}"),
        (8, "migrant-organisation", "Stowarzyszenie {diaspora} w {city}"),
        (6, "migrant-support-organisation", "Centrum Wsparcia Cudzoziemców „{adj_short}” w {city}"),
        (8, "school", "Szkoła Podstawowa nr {n} w {city}"),
        (4, "mops", "Ośrodek Pomocy Społecznej w {city}"),
        (3, "pup", "Powiatowy Urząd Pracy w {city}"),
        (4, "cultural-institution", "Dom Kultury „{adj_short}” w {city}"),
        (8, "sme", "{surname} i Wspólnicy sp. z o.o. ({city_nom})"),
        (4, "employer", "Zakład Produkcyjny „{adj_short}” w {city}"),
        (4, "language-school", "Szkoła Językowa „{adj_short}” w {city}"),
        (3, "faith-community", "Parafia św. {saint} w {city}"),
        (3, "volunteer-group", "Grupa wolontariuszy „{noun_short}” z {city_nom}"),
        (3, "info-consultation-point", "Punkt Informacyjny dla Cudzoziemców nr {n} w {city}"),
    )
    ADJ = ("Otwarta Małopolska", "Razem", "Nowy Dom", "Dobry Start", "Wspólna Przestrzeń", "Most", "Horyzont",
           "Przystań", "Sąsiedzi", "Kompas", "Dialog", "Perspektywa", "Nadzieja", "Tęcza", "Promyk")
    NOUNS = ("Przyjaciół Ukrainy", "Pomocy Rodzinie", "Integracji Społecznej", "Edukacji Międzykulturowej",
             "Aktywnych Kobiet", "Wsparcia Migrantów", "Dialogu Kultur", "Sąsiedzkie", "Rozwoju Lokalnego")
    DIASPORA = ("Ukraińców", "Białorusinów", "Gruzinów", "Wietnamczyków", "Mołdawian", "Ormian", "Hindusów")
    SAINTS = ("Józefa", "Anny", "Mikołaja", "Wojciecha", "Jadwigi", "Floriana", "Stanisława")

    def __init__(self, r: random.Random):
        self.r, self.used = r, set()
        self.weights = [kind[0] for kind in self.KINDS]

    def next(self) -> dict:
        from app.directory.naming import name_key

        r = self.r
        for _attempt in range(50):
            _weight, org_type, pattern = r.choices(self.KINDS, weights=self.weights)[0]
            town, county = text.city(r)
            name = pattern.format(adj=r.choice(self.ADJ), adj_short=r.choice(self.ADJ), city=town,
                                  city_nom=text.CITY_NOMINATIVE[town], noun=r.choice(self.NOUNS),
                                  noun_short=r.choice(self.ADJ), diaspora=r.choice(self.DIASPORA),
                                  n=r.randint(1, 160), surname=r.choice(text.SURNAMES)[0], saint=r.choice(self.SAINTS))
            if name_key(name) not in self.used:
                break
            name = f"{name} – oddział {r.randint(2, 999)}"
            if name_key(name) not in self.used:
                break
        self.used.add(name_key(name))
        return self._profile(name, org_type, town, county)

    def _profile(self, name: str, org_type: str, town: str, county: str) -> dict:
        r = self.r
        whole_region = r.random() < 0.05
        counties = [] if whole_region else list(dict.fromkeys([county] + [text.city(r)[1] for _ in range(r.randint(0, 2))]))
        descriptions = {"pl": text.polish_sentences(r, r.randint(2, 5))}
        if r.random() < 0.3:
            descriptions["uk"] = " ".join(text.sentence_in(r, "uk") for _ in range(2))
        if r.random() < 0.15:
            descriptions["en"] = " ".join(text.sentence_in(r, "en") for _ in range(2))
        return dict(
            name=name, org_type=org_type, themes=r.sample(text.THEMES, r.randint(1, 4)),
            target_groups=r.sample(TARGET_GROUPS, r.randint(1, 3)), counties=counties, whole_region=whole_region,
            languages=r.choice((["pl"], ["pl", "uk"], ["pl", "uk", "ru"], ["pl", "en"])),
            street=f"ul. {r.choice(text.STREETS)} {r.randint(1, 80)}", city=text.CITY_NOMINATIVE[town],
            descriptions=descriptions, email=None, phone=None, website=None,
        )
