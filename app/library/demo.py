"""Demo knowledge library: a dozen documents in pl, uk and en, with real PDF and ODT files made
here (not downloaded), published by the demo organisation, other verified ones and the secretariat.

Uses ctx.extra["orgs"] and ctx.extra["demo_org"] from the directory's demo.
"""
from datetime import timedelta

from app.files import samples
from app.library import services
from app.partnerships.models import local_today

# (publisher: "demo", "other" or "secretariat", type, format, themes, counties, languages,
#  title pl / en / uk, summary pl / en / uk, the file's text)
DOCUMENTS = (
    ("demo", "report", "pdf", ["labour-market", "employment-activation"], ["tarnowski"], ["pl"],
     "Raport: zatrudnienie imigrantów w powiecie tarnowskim 2025", "Report: employment of immigrants in Tarnów county", None,
     "Wyniki ankiety wśród 120 pracodawców z powiatu tarnowskiego.", "A survey of 120 employers in Tarnów county.", None,
     ["Pracodawcy z powiatu tarnowskiego zatrudniają coraz więcej cudzoziemców, głównie w rolnictwie i przetwórstwie.",
      "Największą barierą pozostaje znajomość języka polskiego oraz długi czas oczekiwania na zezwolenia na pracę.",
      "Rekomendujemy współpracę urzędu pracy z organizacjami pozarządowymi w zakresie doradztwa zawodowego."]),
    ("secretariat", "guide", "pdf", ["legalisation"], [], ["pl"],
     "Poradnik: legalizacja pobytu i pracy krok po kroku", "Guide: legalising residence and work step by step", None,
     "Jak złożyć wniosek o zezwolenie na pobyt czasowy i pracę; terminy, opłaty, dokumenty.", None, None,
     ["Wniosek o udzielenie zezwolenia na pobyt czasowy i pracę składa się do wojewody małopolskiego.",
      "Do wniosku należy dołączyć załącznik nr 1 wypełniony przez pracodawcę oraz potwierdzenie opłaty skarbowej.",
      "Osoby z Ukrainy objęte ochroną czasową korzystają z uproszczonej procedury powiadomienia o powierzeniu pracy."]),
    ("secretariat", "guide", "odt", ["legalisation", "multilingual-information"], [], ["uk"],
     None, "Guide: temporary protection for citizens of Ukraine", "Посібник: тимчасовий захист для громадян України",
     None, None, "Права та обов'язки осіб під тимчасовим захистом у Польщі.",
     ["Громадяни України, які прибули до Польщі після 24 лютого 2022 року, мають право на тимчасовий захист.",
      "Статус UKR дає доступ до ринку праці, медичної допомоги та освіти."]),
    ("demo", "template", "odt", ["cross-sector-cooperation"], [], ["pl"],
     "Wzór porozumienia partnerskiego gminy i organizacji pozarządowej", "Model partnership agreement", None,
     "Wzór umowy partnerskiej do projektów FAMI i FERS, do dostosowania.", None, None,
     ["Porozumienie partnerskie zawarte pomiędzy gminą a organizacją pozarządową w celu realizacji projektu.",
      "Partnerzy zobowiązują się do wspólnego prowadzenia punktu informacyjnego dla cudzoziemców."]),
    ("other", "research", "pdf", ["housing"], ["krakow-city"], ["pl", "en"],
     "Badanie: sytuacja mieszkaniowa migrantów w Krakowie", "Research: the housing situation of migrants in Kraków", None,
     "Wywiady z 40 rodzinami i analiza ogłoszeń najmu.", "Interviews with 40 families and an analysis of rental ads.", None,
     ["Migranci częściej niż Polacy wynajmują mieszkania bez umowy pisemnej.",
      "Dyskryminacja na rynku najmu dotyczy zwłaszcza rodzin z dziećmi."]),
    ("secretariat", "legal", "pdf", ["legalisation", "labour-market"], [], ["pl"],
     "Zmiany w ustawie o zatrudnianiu cudzoziemców 2025", "Changes to the act on employing foreigners, 2025", None,
     "Najważniejsze zmiany dla pracodawców i pracowników.", None, None,
     ["Nowa ustawa o warunkach dopuszczalności powierzania pracy cudzoziemcom weszła w życie w czerwcu 2025 roku.",
      "Wnioski o zezwolenie na pracę składa się wyłącznie elektronicznie."]),
    ("demo", "presentation", "pdf", ["polish-language", "education"], ["nowosadecki"], ["pl"],
     "Prezentacja: kursy języka polskiego w szkołach powiatu nowosądeckiego", "Polish language classes in Nowy Sącz county schools", None,
     "Slajdy ze spotkania koordynacyjnego.", None, None,
     ["Dodatkowe zajęcia z języka polskiego przysługują uczniom przez 24 miesiące.",
      "Szkoły powiatu nowosądeckiego zatrudniły pięciu asystentów międzykulturowych."]),
    ("other", "report", "odt", ["health"], ["krakow-city"], ["uk", "pl"],
     "Dostęp do opieki zdrowotnej dla uchodźców z Ukrainy", None, "Доступ до медичної допомоги для біженців з України",
     "Raport z monitoringu przychodni.", None, "Звіт про моніторинг поліклінік.",
     ["Пацієнти з України найчастіше стикаються з мовним бар'єром у поліклініках.",
      "Pacjenci z Ukrainy najczęściej napotykają barierę językową w przychodniach."]),
    ("secretariat", "minutes", "pdf", ["cross-sector-cooperation"], ["tarnowski"], ["pl"],
     "Protokół spotkania koordynacyjnego powiatu tarnowskiego", "Minutes of the Tarnów county coordination meeting", None,
     "Ustalenia ze spotkania w Tarnowie.", None, None,
     ["Uczestnicy ustalili harmonogram dyżurów doradców w punkcie informacyjnym.",
      "Kolejne spotkanie odbędzie się w pierwszy wtorek miesiąca."]),
    ("other", "guide", "text", ["social-assistance"], [], ["en"],
     None, "Guide: social assistance for foreigners in Małopolska", None,
     None, "Who may receive social assistance and where to apply.", None,
     ["Foreigners with a permanent residence permit may receive social assistance from the municipal centre (MOPS/GOPS).",
      "Temporary protection holders may receive some benefits; ask your local social assistance centre."]),
    ("demo", "template", "odt", ["labour-market"], [], ["pl", "uk"],
     "Wzór umowy stażowej (dwujęzyczny)", "Internship agreement template (bilingual)", "Зразок договору про стажування",
     "Umowa stażowa po polsku i ukraińsku.", None, "Договір про стажування польською та українською.",
     ["Umowa o staż zawodowy zawarta pomiędzy organizatorem stażu a stażystą.",
      "Договір про професійне стажування між організатором і стажистом."]),
    ("secretariat", "report", None, ["local-integration-policy"], [], ["pl"],
     "Program „Małopolska otwarta” – dokument przyjęty przez Zarząd Województwa", "The “Open Małopolska” programme", None,
     "Regionalny program integracji imigrantów (link do strony województwa).", None, None, []),
)


def _file(kind: str, title: str, paragraphs: list[str]):
    if kind == "pdf":
        return samples.make_pdf(title, paragraphs), "dokument.pdf"
    if kind == "odt":
        return samples.make_odt(title, paragraphs), "dokument.odt"
    if kind == "text":
        return "\n\n".join([title, *paragraphs]).encode(), "document.txt"
    return None, None


def seed(ctx) -> str:
    demo_org = ctx.extra["demo_org"]
    others = [org for org in ctx.extra["orgs"] if org.is_verified and org.id != demo_org.id]
    moderator, orgadmin = ctx.users["moderator"], ctx.users["orgadmin"]
    today = local_today()
    services.set_followed_themes(ctx.users["member"], ["legalisation", "housing"])  # hears of new documents
    made = []
    for number, (publisher, doc_type, kind, themes, counties, languages, title_pl, title_en, title_uk,
                 summary_pl, summary_en, summary_uk, text) in enumerate(DOCUMENTS):
        organisation = {"demo": demo_org, "other": others[number % len(others)], "secretariat": None}[publisher]
        actor = orgadmin if publisher == "demo" else moderator
        data, name = _file(kind, title_pl or title_en or title_uk, text)
        if data and name:
            name = f"{(title_pl or title_en or title_uk)[:60]}.{name.rsplit('.', 1)[1]}"
        values = {"title_pl": title_pl, "title_en": title_en, "title_uk": title_uk, "summary_pl": summary_pl,
                  "summary_en": summary_en, "summary_uk": summary_uk, "doc_type": doc_type,
                  "published_on": today - timedelta(days=7 * number + 3), "themes": themes, "target_groups": [],
                  "counties": counties, "languages": languages,
                  "external_url": None if data else "https://www.malopolska.pl/"}
        made.append(services.create_document(actor, organisation, values, data, name))
    services.set_featured(moderator, made[1], True)
    return f"{len(made)} library documents ({sum(1 for d in made if d.file)} with files)"
