"""Phrase banks for the demo forum: titles and posts put together from parts, deterministically.

Slots: {city} (a county seat), {county} (a county's Polish name), and in Polish text the same
places with their preposition, declined: {w_city} ("w Krakowie"), {w_county} ("w powiecie
nowotarskim"), {z_county} ("z powiatu nowotarskiego"); {group} (a target group), {month} ("na
{month}"), {month_gen} ("od stycznia"), {month_loc} ("w styczniu"), {number}.
Ukrainian text has Ukrainian names, declined, with the preposition "у"/"в" chosen by the sounds
around it (app/forums/demo_text.ukrainian_in): {u_city} ("у Кракові", "в Освенцімі"), {u_county}
("у Новотарзькому повіті"); English text {en_county} ("Nowy Targ County", or the city).
"""
import re

# Thread titles per category slug (Polish); "*" holds titles any category may use.
TITLES_PL = {
    "labour-market": [
        "Jak pomóc w uznaniu dyplomu pielęgniarki z Ukrainy?",
        "Pracodawcy {z_county} szukają pracowników – kto współpracuje z urzędem pracy?",
        "Staże dla cudzoziemców {w_city}: doświadczenia po pierwszym roku",
        "Oświadczenie o powierzeniu pracy – ile teraz trwa {w_city}?",
        "Doradztwo zawodowe w języku ukraińskim – kto prowadzi?",
        "Targi pracy dla imigrantów {w_city} – podsumowanie",
        "Szkolenia zawodowe dla kobiet z doświadczeniem migracji",
        "Jak rozmawiać z pracodawcą o zatrudnieniu osoby z ochroną czasową?",
    ],
    "education": [
        "Oddziały przygotowawcze {w_county} – ile ich jest w tym roku?",
        "Asystent międzykulturowy w szkole: jak go zatrudnić?",
        "Egzamin ósmoklasisty dla uczniów z Ukrainy – wsparcie przed egzaminem",
        "Zajęcia wyrównawcze po lekcjach {w_city}",
        "Przedszkole dla dzieci cudzoziemców – rekrutacja w trakcie roku",
        "Materiały dla nauczycieli pracujących z klasą wielojęzyczną",
        "Jak szkoły {w_county} współpracują z rodzicami z Ukrainy?",
    ],
    "health": [
        "Dostęp do lekarza rodzinnego dla osób bez numeru PESEL",
        "Wsparcie psychologiczne po ukraińsku {w_city} – gdzie kierować?",
        "Szczepienia dzieci z Ukrainy – kalendarz i dokumentacja",
        "Tłumacz w szpitalu {w_city}: kto ma dobre rozwiązania?",
        "Grupy wsparcia dla osób w kryzysie – doświadczenia {z_county}",
        "Ubezpieczenie zdrowotne po utracie pracy – co radzicie?",
    ],
    "housing": [
        "Kto ma wzór umowy dla społecznej agencji najmu?",
        "Mieszkania treningowe {w_city} – jak to zorganizowaliście?",
        "Najem dla rodzin z dziećmi: jak przekonać właścicieli mieszkań?",
        "Zakwaterowanie zbiorowe {w_county} – co dalej po zamknięciu ośrodka?",
        "Dopłaty do czynszu dla cudzoziemców – interpretacje gmin",
        "Baza sprawdzonych pośredników najmu {w_city}",
    ],
    "social-assistance": [
        "Świadczenie 800+ dla rodzin z Ukrainy – najczęstsze problemy",
        "Współpraca MOPS {w_city} z organizacjami: dobre praktyki",
        "Pracownik socjalny ze znajomością ukraińskiego – jak znaleźć?",
        "Pomoc żywnościowa {w_county}: kto koordynuje?",
        "Karta Dużej Rodziny dla cudzoziemców – jakie dokumenty?",
        "Jak GOPS-y w małych gminach radzą sobie z tłumaczeniami?",
    ],
    "social-relations": [
        "Spotkania sąsiedzkie {w_city} – pomysły na kolejne edycje",
        "Wolontariat imigrantów w lokalnych organizacjach",
        "Jak reagować na mowę nienawiści w lokalnych mediach?",
        "Kluby rozmów polsko-ukraińskich – kto prowadzi {w_county}?",
        "Święta i tradycje: wspólne wydarzenie {w_city}",
        "Biblioteka jako miejsce integracji – przykłady {z_county}",
    ],
    "legalisation": [
        "Karta pobytu CUKR – pierwsze doświadczenia z wnioskami",
        "Terminy w urzędzie wojewódzkim – jak pomagacie umawiać wizyty?",
        "Zezwolenie na pracę sezonową {w_county}",
        "Przedłużenie ochrony czasowej – co zmienia nowelizacja?",
        "Dokumenty dla dzieci urodzonych w Polsce – procedura w USC {w_city}",
        "Pomoc prawna w sprawach pobytowych – kto przyjmuje {w_city}?",
    ],
    "polish-language": [
        "Jak gmina {city} zorganizowała lekcje polskiego dla dorosłych?",
        "Podręczniki do nauki polskiego na poziomie A1 – co się sprawdza?",
        "Kurs polskiego wieczorami dla osób pracujących",
        "Egzamin certyfikatowy B1 – przygotowanie w grupie",
        "Nauka polskiego dla seniorów z Ukrainy {w_county}",
        "Wolontariusze uczący polskiego – jak ich szkolić?",
    ],
    "cross-sector-cooperation": [
        "Partner samorządowy do projektu FAMI {w_county}",
        "Porozumienie gminy z organizacją – wzór do pobrania?",
        "Jak włączyć pracodawców w lokalną sieć współpracy?",
        "Uczelnia szuka partnerów do badania potrzeb imigrantów {w_city}",
        "Wspólny punkt informacyjny kilku instytucji {w_city}",
    ],
    "network-coordination": [
        "Spotkanie koordynacyjne sieci – propozycje tematów na {month}",
        "Podsumowanie spotkania sieci {w_city}",
        "Mapa organizacji {w_county} – prośba o uzupełnienie",
        "Jak usprawnić wymianę informacji między powiatami?",
        "Zasady korzystania z forum – propozycje zmian",
    ],
    "announcements": [
        "Nabór do projektu grantowego dla lokalnych sieci współpracy",
        "Zmiana terminu spotkania sieci {month_loc}",
        "Nowa wersja zasad moderacji forum",
        "Szkolenie z kompetencji międzykulturowych – zapisy",
    ],
    "group": [
        "Plan pracy zespołu na {month}",
        "Lista instytucji do zaproszenia na spotkanie {w_city}",
        "Notatka ze spotkania zespołu – uwagi do wersji roboczej",
        "Podział zadań przy diagnozie potrzeb {w_county}",
        "Projekt pisma do starostwa – prośba o uwagi",
        "Harmonogram dyżurów punktu informacyjnego",
    ],
}

TITLES_UK = [
    "Де {u_city} можна безкоштовно вивчати польську мову?",
    "Як отримати PESEL для дитини – досвід батьків",
    "Шукаю психолога, який говорить українською, {u_city}",
    "Визнання диплома медсестри в Польщі – з чого почати?",
    "Оренда житла для сім'ї з дітьми: поради",
    "Робота для вчительки з України {u_county}",
]
TITLES_EN = [
    "Looking for partners for an Erasmus+ exchange on migrant inclusion",
    "How do you collect feedback from migrants about your services?",
    "English-speaking volunteers for a language café in {city}",
    "Research project on labour migration in Małopolska – call for interviews",
]

OPENINGS_PL = [
    "Dzień dobry, piszę w imieniu zespołu, który od dwóch lat działa {w_city}. Nasza główna grupa docelowa: {group}.",
    "Witam wszystkich, mam pytanie do osób z doświadczeniem w tym temacie.",
    "Szanowni Państwo, chcielibyśmy podzielić się naszymi doświadczeniami {z_county}.",
    "Dzień dobry, od września prowadzimy nowe działanie i potrzebujemy rady.",
    "Cześć, może ktoś z Was już przez to przechodził.",
]
MIDDLES_PL = [
    "Najwięcej trudności sprawia nam brak informacji w prostym języku.",
    "W naszym powiecie mieszka obecnie około {number} osób z Ukrainy, w tym wiele rodzin z dziećmi.",
    "Współpracujemy z ośrodkiem pomocy społecznej i z lokalną szkołą, ale to wciąż za mało.",
    "Osoby, z którymi pracujemy, często nie wiedzą, do którego urzędu się zgłosić.",
    "Próbowaliśmy dyżurów telefonicznych, ale lepiej sprawdziły się spotkania na miejscu.",
    "Koszty tłumaczeń przysięgłych są dla wielu rodzin barierą nie do pokonania.",
    "Pracodawcy są otwarci, ale obawiają się formalności.",
    "Zauważyliśmy, że kobiety z małymi dziećmi rzadziej korzystają z kursów.",
    "Dobrze działa u nas współpraca z parafią i z biblioteką miejską.",
    "Od {month_gen} mamy do dyspozycji salę w domu kultury dwa razy w tygodniu.",
    "Wolontariusze pomagają przy wypełnianiu wniosków, ale potrzebują szkolenia.",
    "Brakuje nam danych: nie wiemy dokładnie, ile osób potrzebuje wsparcia.",
]
QUESTIONS_PL = [
    "Czy ktoś ma sprawdzony wzór dokumentu, którym mógłby się podzielić?",
    "Jak rozwiązaliście to u siebie?",
    "Będę wdzięczna za każdą wskazówkę.",
    "Czy możemy umówić się na krótką rozmowę w przyszłym tygodniu?",
    "Chętnie przyjedziemy do Was na wizytę studyjną.",
    "Jakie macie doświadczenia z finansowaniem takich działań?",
]
REPLIES_PL = [
    "Dziękuję za pytanie. U nas {w_city} zaczęliśmy od spotkania wszystkich instytucji przy jednym stole.",
    "Mamy podobne doświadczenia. Najlepiej sprawdził się u nas stały dyżur w czwartki.",
    "Prześlę wzór umowy mailem, proszę o kontakt przez profil organizacji.",
    "Potwierdzam – {w_county} było tak samo. Pomogło dopiero porozumienie z gminą.",
    "Warto zapytać w powiatowym urzędzie pracy, oni mają środki na takie szkolenia.",
    "Polecam materiały przygotowane przez sekretariat sieci, są bardzo praktyczne.",
    "My robimy to inaczej: najpierw diagnoza potrzeb, potem dopiero oferta.",
    "Zgadzam się, kluczowa jest informacja w kilku językach i w prostym języku.",
    "Czy mogę dopytać, ile osób uczestniczyło w zajęciach?",
    "Świetny pomysł! Chętnie dołączymy jako partner.",
    "U nas niestety się to nie udało – zabrakło lokalu i wolontariuszy.",
    "Dodam jeszcze, że od {month_gen} zmieniły się przepisy, warto to sprawdzić.",
    "Możemy udostępnić salę na spotkanie, mamy też tłumaczkę języka ukraińskiego.",
    "Dzięki, to bardzo pomocne. Przekażę zespołowi.",
    "Mam pytanie uzupełniające: czy to rozwiązanie działa też w małych gminach?",
    "Z naszego doświadczenia: **najważniejsze** jest zaufanie i stały kontakt z rodzinami.",
]
REPLY_LISTS_PL = [
    "Co nam pomogło:\n\n- stały termin spotkań,\n- jedna osoba do kontaktu,\n- materiały po ukraińsku.",
    "Nasze kroki:\n\n1. rozmowa z dyrekcją,\n2. ankieta wśród rodziców,\n3. plan zajęć na semestr.",
]

OPENINGS_UK = [
    "Добрий день! Наша родина живе {u_city} з 2022 року.",
    "Вітаю! Пишу від імені нашої громадської ініціативи.",
    "Доброго дня, маю питання до тих, хто вже проходив цю процедуру.",
]
MIDDLES_UK = [
    "Мені потрібна інформація про курси польської мови для дорослих.",
    "У нашому місті дуже мало консультацій українською мовою.",
    "Ми шукаємо волонтерів, які допоможуть із заповненням документів.",
    "Діти ходять до польської школи, але їм важко з мовою.",
]
REPLIES_UK = [
    "Дякую за інформацію! Це дуже допомогло.",
    "{u_city} є безкоштовні курси в бібліотеці, щовівторка о 17:00.",
    "Раджу звернутися до місцевого центру соціальної допомоги.",
    "Ми теж шукаємо таку інформацію, напишіть, будь ласка, якщо щось знайдете.",
]
OPENINGS_EN = [
    "Hello everyone, I coordinate a project on migrant inclusion in Kraków.",
    "Hi, our organisation is starting activities in {en_county}.",
]
MIDDLES_EN = [
    "We would like to learn from organisations that already work with migrants in the region.",
    "Our volunteers speak English, Ukrainian and Russian.",
    "We can offer a small budget for travel and materials.",
]
REPLIES_EN = [
    "Thanks for sharing! We would be happy to talk – please write to us.",
    "Our foundation could join; we work mostly with families in {city}.",
    "Good idea. Do you plan any materials in Polish as well?",
]

MONTHS_PL = ["styczeń", "luty", "marzec", "kwiecień", "maj", "czerwiec", "wrzesień", "październik", "listopad"]
# "od stycznia", "w styczniu": the demo wrote "od styczeń" and "w styczeń".
MONTH_FORMS_PL = {  # nominative: (genitive, locative)
    "styczeń": ("stycznia", "styczniu"), "luty": ("lutego", "lutym"), "marzec": ("marca", "marcu"),
    "kwiecień": ("kwietnia", "kwietniu"), "maj": ("maja", "maju"), "czerwiec": ("czerwca", "czerwcu"),
    "wrzesień": ("września", "wrześniu"), "październik": ("października", "październiku"),
    "listopad": ("listopada", "listopadzie"),
}


def polish_month(month: str) -> dict:
    genitive, locative = MONTH_FORMS_PL[month]
    return {"month": month, "month_gen": genitive, "month_loc": "w " + locative}


# Polish declines place names after "w" (locative) and "z" (genitive): the demo wrote "w Kraków"
# and "w powiat nowotarski" from the taxonomy's labels; {w_city}, {w_county} and {z_county} are
# the declined forms.
SEAT_LOCATIVE = {
    "Bochnia": "Bochni", "Brzesko": "Brzesku", "Chrzanów": "Chrzanowie", "Dąbrowa Tarnowska": "Dąbrowie Tarnowskiej",
    "Gorlice": "Gorlicach", "Kraków": "Krakowie", "Limanowa": "Limanowej", "Miechów": "Miechowie",
    "Myślenice": "Myślenicach", "Nowy Sącz": "Nowym Sączu", "Nowy Targ": "Nowym Targu", "Olkusz": "Olkuszu",
    "Oświęcim": "Oświęcimiu", "Proszowice": "Proszowicach", "Sucha Beskidzka": "Suchej Beskidzkiej",
    "Tarnów": "Tarnowie", "Zakopane": "Zakopanem", "Wadowice": "Wadowicach", "Wieliczka": "Wieliczce",
}


CITY_GENITIVE = {"Kraków": "Krakowa", "Nowy Sącz": "Nowego Sącza", "Tarnów": "Tarnowa"}


def polish_places(county: dict) -> dict:
    """The declined slots of one county: "w Tarnowie", "w powiecie tarnowskim", "z powiatu tarnowskiego"."""
    seat = county["seat"]
    if county["kind"] == "city":  # a city with county rights: the city itself
        return {"w_city": "w " + SEAT_LOCATIVE[seat], "w_county": "w " + SEAT_LOCATIVE[seat],
                "z_county": "z " + CITY_GENITIVE[seat]}
    stem = county["pl"].split(" ", 1)[1][:-1]  # "powiat nowotarski" → "nowotarsk"
    return {"w_city": "w " + SEAT_LOCATIVE[seat], "w_county": f"w powiecie {stem}im", "z_county": f"z powiatu {stem}iego"}


# Ukrainian names of the county seats the Ukrainian demo text may name (nominative, locative):
# a Ukrainian post wrote "у Kraków". Only seats whose Ukrainian form is settled; Ukrainian text
# names no other place.
SEATS_UK = {
    "Kraków": ("Краків", "Кракові"), "Tarnów": ("Тарнів", "Тарнові"), "Nowy Sącz": ("Новий Сонч", "Новому Сончі"),
    "Nowy Targ": ("Новий Тарг", "Новому Тарзі"), "Oświęcim": ("Освенцім", "Освенцімі"),
    "Zakopane": ("Закопане", "Закопаному"), "Bochnia": ("Бохня", "Бохні"), "Wieliczka": ("Величка", "Величці"),
    "Wadowice": ("Вадовиці", "Вадовицях"), "Gorlice": ("Горлиці", "Горлицях"), "Limanowa": ("Ліманова", "Лімановій"),
    "Olkusz": ("Олькуш", "Олькуші"), "Chrzanów": ("Хшанів", "Хшанові"), "Miechów": ("Мехув", "Мехуві"),
    "Brzesko": ("Бжесько", "Бжеську"),
}
_IN = "\ue000"  # where "у"/"в" goes, decided once the words around it are known
_VOWELS = "аеєиіїоуюяАЕЄИІЇОУЮЯ"


def ukrainian_places(county: dict) -> dict:
    """The slots of one county in Ukrainian: {u_city} "у Тарнові", {u_county} "у Тарновському повіті"
    (a city with county rights: the city). Fill the text, then pass it through ukrainian_in."""
    city = _IN + SEATS_UK[county["seat"]][1]
    if county["kind"] == "city":
        return {"u_city": city, "u_county": city}
    adjective, noun = county["uk"].split(" ")  # "Тарновський повіт"
    return {"u_city": city, "u_county": f"{_IN}{adjective[:-2]}ому {noun}і"}


def ukrainian_in(text: str) -> str:
    """Puts "у" or "в" where ukrainian_places left its mark, as Ukrainian euphony has it: "у" before
    в, ф, св, тв, хв, льв; "в" after a vowel or before one; else "у" (also after a pause)."""
    def choose(match):
        before = text[:match.start()].rstrip()
        word = match.group(1)
        start = not before or before[-1] in ".!?:"
        if word[:1].lower() in "вф" or word[:2].lower() in ("св", "тв", "хв") or word[:3].lower() == "льв":
            preposition = "у"
        elif word[:1] in _VOWELS or (not start and before[-1] in _VOWELS and text[match.start() - 1] == " "):
            preposition = "в"
        else:
            preposition = "у"
        return (preposition.upper() if start else preposition) + " " + word

    return re.sub(_IN + r"(\w+)", choose, text)


def english_places(county: dict) -> dict:
    """{en_county}: "Nowy Targ County", or the city itself ("Kraków", not "City of Kraków")."""
    return {"en_county": county["seat"] if county["kind"] == "city" else county["en"]}
