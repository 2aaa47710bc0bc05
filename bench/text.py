"""Realistic text for the generated network: Polish with its inflected forms, some Ukrainian and English.

Sentences are put together from parts whose nouns stand in the case the sentence needs
("szukamy mieszkania", "o mieszkaniach", "z mieszkaniem"), so that the search meets the
inflections real users write. The forum's demo phrase banks (app/forums/demo_text.py) are
reused for openings and replies. Everything is drawn from the random.Random passed in.
"""
from app import taxonomy
from app.forums import demo_text

# Towns in the locative ("w Krakowie") and the county each belongs to; big cities come first
# and are drawn more often (see CITY_WEIGHTS).
CITIES = (
    ("Krakowie", "krakow-city"), ("Tarnowie", "tarnow-city"), ("Nowym Sączu", "nowy-sacz-city"),
    ("Oświęcimiu", "oswiecimski"), ("Wieliczce", "wielicki"), ("Bochni", "bochenski"), ("Chrzanowie", "chrzanowski"),
    ("Nowym Targu", "nowotarski"), ("Zakopanem", "tatrzanski"), ("Gorlicach", "gorlicki"), ("Olkuszu", "olkuski"),
    ("Myślenicach", "myslenicki"), ("Wadowicach", "wadowicki"), ("Limanowej", "limanowski"), ("Brzesku", "brzeski"),
    ("Skawinie", "krakowski"), ("Suchej Beskidzkiej", "suski"), ("Miechowie", "miechowski"),
    ("Proszowicach", "proszowicki"), ("Dąbrowie Tarnowskiej", "dabrowski"), ("Tuchowie", "tarnowski"),
    ("Starym Sączu", "nowosadecki"),
)
# The county of each town in the locative ("w powiecie wielickim"), in CITIES' order.
COUNTY_LOC = (
    "powiecie krakowskim", "powiecie tarnowskim", "powiecie nowosądeckim", "powiecie oświęcimskim",
    "powiecie wielickim", "powiecie bocheńskim", "powiecie chrzanowskim", "powiecie nowotarskim",
    "powiecie tatrzańskim", "powiecie gorlickim", "powiecie olkuskim", "powiecie myślenickim",
    "powiecie wadowickim", "powiecie limanowskim", "powiecie brzeskim", "powiecie krakowskim", "powiecie suskim",
    "powiecie miechowskim", "powiecie proszowickim", "powiecie dąbrowskim", "powiecie tarnowskim",
    "powiecie nowosądeckim",
)
_COUNTIES = {county["slug"]: county for county in taxonomy.items("counties")}
CITY_WEIGHTS = (40, 9, 7, 4, 4, 3, 3, 3, 3, 2, 2, 2, 2, 2, 2, 3, 1, 1, 1, 1, 2, 2)
CITY_NOMINATIVE = {
    "Krakowie": "Kraków", "Tarnowie": "Tarnów", "Nowym Sączu": "Nowy Sącz", "Oświęcimiu": "Oświęcim",
    "Wieliczce": "Wieliczka", "Bochni": "Bochnia", "Chrzanowie": "Chrzanów", "Nowym Targu": "Nowy Targ",
    "Zakopanem": "Zakopane", "Gorlicach": "Gorlice", "Olkuszu": "Olkusz", "Myślenicach": "Myślenice",
    "Wadowicach": "Wadowice", "Limanowej": "Limanowa", "Brzesku": "Brzesko", "Skawinie": "Skawina",
    "Suchej Beskidzkiej": "Sucha Beskidzka", "Miechowie": "Miechów", "Proszowicach": "Proszowice",
    "Dąbrowie Tarnowskiej": "Dąbrowa Tarnowska", "Tuchowie": "Tuchów", "Starym Sączu": "Stary Sącz",
}

# Nouns in the cases the templates use: genitive (szukamy czego?), instrumental (z czym?),
# locative (o czym?), accusative (mamy co?).
GEN = ("mieszkania", "pracy", "lekarza rodzinnego", "tłumacza przysięgłego", "kursu języka polskiego",
       "miejsca w przedszkolu", "karty pobytu", "zezwolenia na pracę", "psychologa", "opiekunki dla dzieci",
       "numeru PESEL", "świadczenia wychowawczego", "szkoły dla syna", "pokoju dla matki z dzieckiem",
       "asystenta międzykulturowego", "wolontariuszy", "sali na spotkanie", "pracodawców", "stażu zawodowego")
INSTR = ("z urzędem pracy", "z ośrodkiem pomocy społecznej", "z pracodawcami", "z nauczycielami",
         "z wolontariuszami", "z tłumaczami", "z gminą", "ze starostwem", "z parafią", "z biblioteką miejską",
         "z dokumentami", "z kartą pobytu", "z mieszkaniem", "z rodzinami z Ukrainy", "z uczniami cudzoziemskimi")
LOC = ("o mieszkaniach", "o szkołach", "o kursach językowych", "o dokumentach", "o kartach pobytu",
       "o świadczeniach", "o zezwoleniach na pracę", "o terminach w urzędzie", "o lekarzach",
       "o stażach", "o przedszkolach", "o tłumaczeniach", "o pracodawcach")
ACC = ("salę", "tłumaczkę", "wzór umowy", "listę kontaktów", "ulotkę po ukraińsku", "ankietę dla rodziców",
       "nowy termin", "mieszkanie treningowe", "miejsce w świetlicy", "dyżur prawnika")
GROUPS_GEN = ("rodzin z Ukrainy", "uchodźców", "pracowników z Azji", "matek z dziećmi", "seniorów",
              "studentów zagranicznych", "dzieci cudzoziemskich", "cudzoziemców", "osób z Białorusi",
              "pracowników sezonowych", "nauczycieli", "pracownic socjalnych")
PL_TEMPLATES = (
    "Szukamy {gen} dla {group} w {city}.",
    "Czy ktoś wie, jak długo czeka się na decyzję w sprawie {gen} w {city}?",
    "Od miesiąca współpracujemy {instr} i widzimy pierwsze efekty.",
    "Na spotkaniu rozmawialiśmy {loc} i o tym, czego brakuje w {city}.",
    "Mamy {acc} i chętnie się nią podzielimy z innymi organizacjami.",
    "Problem {gen} wraca w każdej rozmowie {instr}.",
    "W {city} brakuje {gen}, a kolejki są coraz dłuższe.",
    "Przygotowaliśmy krótki poradnik {loc} w trzech językach.",
    "Dla {group} najważniejsza jest pomoc w sprawach {loc_rest}.",
    "Dziękujemy za pomoc – udało się znaleźć {acc} w {city}.",
    "Kto ma doświadczenie {instr}? Chętnie dopytam o szczegóły.",
    "Wniosek o przedłużenie karty pobytu złożyliśmy w {month}, odpowiedzi wciąż nie ma.",
    "Kolejka po kartę pobytu w Małopolskim Urzędzie Wojewódzkim znów się wydłużyła.",
    "Bezpłatne konsultacje {loc} odbywają się w każdy czwartek w {city}.",
    "Pomoc prawna dla {group} jest dostępna także online.",
    "Rodzice pytają {loc}, a szkoły nie zawsze znają odpowiedź.",
    "Po rozmowach {instr} ustaliliśmy wspólny plan na {month}.",
    "Około {number} osób skorzystało w tym roku z naszej pomocy w {city}.",
)
UK_SENTENCES = (
    "Шукаємо житло для родини з двома дітьми в {city_uk}.",
    "Дякую за допомогу, документи вже подали до воєводського управління.",
    "Де можна безкоштовно вивчати польську мову для дорослих?",
    "Карта побуту – скільки зараз чекають на рішення?",
    "Наша громада організовує зустрічі для батьків щосуботи.",
    "Потрібен перекладач для візиту до лікаря.",
    "Діти ходять до польської школи, але їм потрібна додаткова допомога.",
    "Чи є в місті психолог, який говорить українською?",
    "Працюю вчителькою, шукаю роботу в школі або дитячому садку.",
    "Дякую всім за поради, це дуже допомогло нашій родині.",
)
UK_CITIES = ("Кракові", "Тарнові", "Новому Сончі", "Величці", "Освенцимі", "Закопаному")
EN_SENTENCES = (
    "We are looking for partners to run a language café in {city_en}.",
    "Thanks for sharing, this is very helpful for our volunteers.",
    "Our team can offer interpreting in English, Ukrainian and Russian.",
    "Does anyone know how long the residence card procedure takes now?",
    "We ran a similar workshop last year and would be glad to share the materials.",
    "Happy to join as a partner – please get in touch through our organisation's page.",
)
POLISH_MONTHS_LOC = ("styczniu", "lutym", "marcu", "kwietniu", "maju", "czerwcu", "lipcu", "sierpniu",
                     "wrześniu", "październiku", "listopadzie", "grudniu")
# A word that appears in only a handful of posts: the "rare word" search.
RARE_WORD = "dogoterapia"
RARE_SENTENCE = "Zajęcia z dogoterapią dla dzieci po traumie wojennej prowadzimy w małych grupach."
# Only inside the library's PDF files (bench/generate.py): a search whose hits come from documents' text.
DOCUMENT_WORD = "apostille"
DOCUMENT_SENTENCE = "Dokumenty wydane za granicą wymagają apostille albo legalizacji przez konsula."

FIRST_NAMES_F = ("Anna", "Katarzyna", "Magdalena", "Agnieszka", "Joanna", "Monika", "Małgorzata", "Ewa",
                 "Barbara", "Zofia", "Natalia", "Aleksandra", "Karolina", "Justyna", "Dorota", "Beata",
                 "Ołena", "Iryna", "Natalija", "Switłana", "Tetiana", "Oksana", "Julia", "Maria", "Halina")
FIRST_NAMES_M = ("Piotr", "Tomasz", "Paweł", "Michał", "Łukasz", "Krzysztof", "Andrzej", "Marcin", "Jakub",
                 "Grzegorz", "Wojciech", "Jan", "Mateusz", "Bartłomiej", "Ołeksandr", "Andrij", "Wołodymyr",
                 "Serhij", "Dmytro", "Taras", "Giorgi", "Siarhiej", "John", "David")
SURNAMES = (("Nowak", "Nowak"), ("Kowalski", "Kowalska"), ("Wiśniewski", "Wiśniewska"), ("Wójcik", "Wójcik"),
            ("Kamiński", "Kamińska"), ("Lewandowski", "Lewandowska"), ("Zieliński", "Zielińska"),
            ("Dąbrowski", "Dąbrowska"), ("Mazur", "Mazur"), ("Krawczyk", "Krawczyk"), ("Pawlak", "Pawlak"),
            ("Grabowski", "Grabowska"), ("Szewczenko", "Szewczenko"), ("Bondarenko", "Bondarenko"),
            ("Kowalenko", "Kowalenko"), ("Melnyk", "Melnyk"), ("Tkaczenko", "Tkaczenko"), ("Sołtys", "Sołtys"),
            ("Jabłoński", "Jabłońska"), ("Król", "Król"), ("Wróbel", "Wróbel"), ("Stępień", "Stępień"),
            ("Beridze", "Beridze"), ("Łukaszenka", "Łukaszenka"), ("Miller", "Miller"))
CYRILLIC_NAMES = ("Олена Шевченко", "Ірина Бондаренко", "Олександр Коваленко", "Наталія Мельник",
                  "Тетяна Ткаченко", "Андрій Гнатюк", "Світлана Кравчук")


def city(r) -> tuple[str, str]:
    """(town in the locative, its county), big cities more often."""
    return r.choices(CITIES, weights=CITY_WEIGHTS)[0]


def _fill(r, template: str) -> str:
    town, _county = city(r)
    loc = r.choice(LOC)
    return template.format(
        gen=r.choice(GEN), instr=r.choice(INSTR), loc=loc, acc=r.choice(ACC), group=r.choice(GROUPS_GEN),
        city=town, month=r.choice(POLISH_MONTHS_LOC), number=r.choice((40, 80, 150, 300, 1200)),
        loc_rest=loc[2:],
    )


def _demo(r, template: str) -> str:
    """A sentence of the forum's demo bank with its slots filled as the demo fills them
    (app/forums/demo.py): declined Polish, Ukrainian place names in Ukrainian text."""
    number = r.choices(range(len(CITIES)), weights=CITY_WEIGHTS)[0]
    county = _COUNTIES[CITIES[number][1]]
    ukrainian = county if county["seat"] in demo_text.SEATS_UK else _COUNTIES["krakow-city"]
    text = template.format(city=county["seat"], county=county["pl"], **demo_text.polish_places(county),
                           **demo_text.ukrainian_places(ukrainian), **demo_text.english_places(county),
                           group=r.choice(GROUPS_GEN), **demo_text.polish_month(r.choice(demo_text.MONTHS_PL)),
                           number=r.choice((80, 150, 300, 1200)))
    return demo_text.ukrainian_in(text)


def polish_sentences(r, count: int) -> str:
    parts = []
    for _ in range(count):
        if r.random() < 0.65:
            parts.append(_fill(r, r.choice(PL_TEMPLATES)))
        else:
            parts.append(_demo(r, r.choice(demo_text.MIDDLES_PL + demo_text.REPLIES_PL)))
    return " ".join(parts)


def language(r) -> str:
    """Most writing is Polish, some Ukrainian, a little English."""
    roll = r.random()
    return "uk" if roll < 0.12 else "en" if roll < 0.17 else "pl"


def sentence_in(r, lang: str) -> str:
    if lang == "uk":
        return r.choice(UK_SENTENCES).format(city_uk=r.choice(UK_CITIES))
    if lang == "en":
        return r.choice(EN_SENTENCES).format(city_en=CITY_NOMINATIVE[city(r)[0]])
    return polish_sentences(r, 1)


def opening_post(r, lang: str) -> str:
    if lang == "pl":
        opening = _demo(r, r.choice(demo_text.OPENINGS_PL))
        middle = polish_sentences(r, r.randint(2, 5))
        return f"{opening}\n\n{middle}\n\n{_demo(r, r.choice(demo_text.QUESTIONS_PL))}"
    return " ".join(sentence_in(r, lang) for _ in range(r.randint(2, 4)))


def reply_post(r, lang: str) -> str:
    """One to four sentences; sometimes a list or bold text (Markdown), as people write."""
    roll = r.random()
    if lang == "pl" and roll < 0.06:
        return r.choice(demo_text.REPLY_LISTS_PL)
    if lang != "pl":
        return " ".join(sentence_in(r, lang) for _ in range(r.randint(1, 3)))
    body = polish_sentences(r, r.choices((1, 2, 3, 4), weights=(35, 35, 20, 10))[0])
    if roll > 0.93:
        body = f"**Ważne:** {body}"
    return body


def thread_title(r, category_slug: str, lang: str) -> str:
    if lang == "uk":
        return _demo(r, r.choice(demo_text.TITLES_UK))
    if lang == "en":
        return _demo(r, r.choice(demo_text.TITLES_EN))
    bank = demo_text.TITLES_PL.get(category_slug) or demo_text.TITLES_PL["network-coordination"]
    if r.random() < 0.5:
        return _demo(r, r.choice(bank))
    town, _county = city(r)
    return r.choice((f"Pytanie {r.choice(LOC)} w {town}", f"Szukamy {r.choice(GEN)} w {town}",
                     f"Współpraca {r.choice(INSTR)} – doświadczenia z {CITY_NOMINATIVE[town]}",
                     f"Pomoc dla {r.choice(GROUPS_GEN)} w {town}"))


def person_name(r) -> str:
    if r.random() < 0.03:
        return r.choice(CYRILLIC_NAMES)
    if r.random() < 0.55:
        return f"{r.choice(FIRST_NAMES_F)} {r.choice(SURNAMES)[1]}"
    return f"{r.choice(FIRST_NAMES_M)} {r.choice(SURNAMES)[0]}"


STREETS = ("Długa", "Kościuszki", "Mickiewicza", "Szkolna", "Rynek", "Krakowska", "Wałowa", "Jagiellońska",
           "Floriańska", "Grodzka", "Słowackiego", "Piłsudskiego", "Kolejowa", "Ogrodowa")
THEMES = ("labour-market", "education", "health", "housing", "social-assistance", "social-relations",
          "legalisation", "polish-language", "mental-health", "school-support", "adaptation")
