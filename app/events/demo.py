"""Demo calendar: ~85 events over the past three months and the next six, in most counties.

Among them: the monthly coordination meeting in Tarnów ("every first Tuesday, 10:00") with
registrations, registration questions, the public list of participating organisations, the
attendance of every past date (registrants ticked and people who came without registering),
minutes and one cancelled and one moved date; a full workshop with a waiting list and questions
(diet, accessibility); an online webinar; a two-day training; all-day open days; drafts and a
cancelled event.
Times are relative to today, so the demo always looks current. Deterministic for ctx.random.
"""
from datetime import date, time, timedelta

from sqlalchemy import select

from app.db import utcnow
from app.events import attendance, demo_fit, questions, services
from app.events.models import SINGLE, Registration
from app.events.questions import QuestionData
from app.events.recurrence import first_occurrence, occurrences
from app.extensions import db
from app.forums.models import Thread
from app.permissions import visible_where

GENERATED_EVENTS = 78
TOPICS = (
    ("legalizacja pobytu i pracy cudzoziemców", "legalisation"),
    ("uznawanie kwalifikacji zawodowych", "qualification-recognition"),
    ("zatrudnianie cudzoziemców krok po kroku", "employing-foreigners"),
    ("prawa pracownicze migrantów", "workers-rights"),
    ("wsparcie uczniów z doświadczeniem migracji w szkole", "school-support"),
    ("zdrowie psychiczne i wsparcie w kryzysie", "mental-health"),
    ("mieszkalnictwo i najem dla rodzin migranckich", "housing"),
    ("nauka języka polskiego dla dorosłych", "polish-language"),
    ("kompetencje międzykulturowe w urzędzie", "intercultural-competence"),
    ("asystenci międzykulturowi w szkołach", "intercultural-assistants-mediators"),
    ("przeciwdziałanie dyskryminacji", "anti-discrimination"),
    ("przedsiębiorczość migrantów", "entrepreneurship"),
    ("opieka nad dziećmi i przedszkola", "childcare"),
    ("współpraca międzysektorowa w powiecie", "cross-sector-cooperation"),
    ("informacja wielojęzyczna w gminie", "multilingual-information"),
    ("lokalna polityka integracyjna", "local-integration-policy"),
    ("rynek pracy dla cudzoziemców", "labour-market"),
    ("pomoc społeczna dla rodzin cudzoziemców", "social-assistance"),
    ("dostęp do opieki zdrowotnej", "health"),
    ("edukacja dzieci z doświadczeniem migracji", "education"),
    ("integracja sąsiedzka mieszkańców i cudzoziemców", "social-relations"),
    ("kultura i tradycje wspólnot migranckich", "culture-identity"),
    ("badania o migrantach w Małopolsce", "research-knowledge"),
)
KINDS = (
    # (event type, title pattern, all day, hours)
    ("workshop", "Warsztaty: {topic}", False, 3),
    ("training", "Szkolenie dla kadry: {topic}", False, 4),
    ("seminar", "Seminarium: {topic}", False, 3),
    ("information-meeting", "Spotkanie informacyjne: {topic}", False, 2),
    ("consultation-meeting", "Konsultacje: {topic}", False, 2),
    ("thematic-meeting", "Spotkanie tematyczne: {topic}", False, 2),
    ("webinar", "Webinarium: {topic}", False, 1.5),
    ("advice-session", "Dyżur doradczy: {topic}", False, 3),
    ("open-day", "Dzień otwarty – {org}", True, 0),
    ("cultural-integration-event", "Piknik sąsiedzki „Razem przy stole” – {org}", True, 0),
    ("study-visit", "Wizyta studyjna: {topic}", False, 5),
)
DESCRIPTION = (
    "Zapraszamy przedstawicieli organizacji pozarządowych, samorządów i instytucji publicznych.\n\n"
    "**Program:**\n\n- krótkie wprowadzenie,\n- wymiana doświadczeń,\n- pytania i odpowiedzi.\n\n"
    "Запрошуємо також представників українських громад – буде перекладач."
)
UKRAINIAN_TITLES = {  # theme: title, for an organisation that works in Ukrainian
    "school-support": "Зустріч для батьків: українські діти в польській школі",
    "legalisation": "Консультації з легалізації перебування",
}
TARNOW_MINUTES = (
    "## Ustalenia\n\n1. MOPS Tarnów przygotuje wielojęzyczną ulotkę o świadczeniach (do końca miesiąca).\n"
    "2. Szkoły zgłaszają potrzeby asystentów międzykulturowych do koordynatora sieci.\n"
    "3. Następne spotkanie: pierwszy wtorek miesiąca, 10:00, sala 12.\n\n"
    "Obecni: przedstawiciele 14 instytucji i organizacji."
)


def seed(ctx) -> str:
    orgs = [o for o in ctx.extra.get("orgs", []) if o.verified_at is not None]
    demo_org = ctx.extra.get("demo_org")
    if not orgs or demo_org is None:
        return "no events (the directory's demo organisations are missing)"
    authors = _authors(orgs)
    people = _people(ctx)
    today = utcnow().astimezone(_zone()).date()
    made = [_tarnow_meeting(ctx, demo_org, orgs, people, today)]
    made.append(_full_workshop(ctx, demo_org, people, today))
    made.append(_webinar(ctx, orgs, authors, today))
    made.append(_two_day_training(ctx, orgs, authors, today))
    made.append(_polish_course(ctx, orgs, authors, today))
    for number in range(GENERATED_EVENTS):
        made.append(_generated(ctx, number, orgs, authors, people, today))
    made += _drafts(ctx, demo_org, today)
    coming = [e for e in made[5:] if e.is_published and e.starts_at > utcnow() and not e.is_recurring]
    cancelled = coming[ctx.random.randrange(len(coming))]
    services.cancel_event(authors[cancelled.organisation_id], cancelled,
                          "Z przyczyn organizacyjnych – nowy termin podamy wkrótce.")
    db.session.flush()
    counties = {e.county for e in made if e.county}
    registrations = db.session.execute(select(db.func.count()).select_from(Registration)).scalar_one()
    return f"{len(made)} events in {len(counties)} counties, {registrations} registrations"


def _zone():
    from zoneinfo import ZoneInfo

    return ZoneInfo("Europe/Warsaw")


def _authors(orgs) -> dict:
    """{organisation id: an active admin} for the organisations that have one."""
    from app.directory.models import Membership

    rows = db.session.execute(select(Membership).where(
        Membership.organisation_id.in_([o.id for o in orgs]), Membership.role == "admin", Membership.status == "active",
    ).order_by(Membership.id)).scalars()
    authors = {}
    for membership in rows:
        authors.setdefault(membership.organisation_id, membership.user)
    return authors


def _people(ctx) -> list:
    from app.auth.models import User

    users = list(db.session.execute(
        select(User).where(User.confirmed_at.is_not(None), User.suspended_at.is_(None)).order_by(User.id)
    ).scalars())
    return users


def _data(org, **values) -> services.EventData:
    county = values.pop("county", "auto")
    if county == "auto":
        county = _county_of(org)
    return services.EventData(organisation_id=org.id, county=county, description=values.pop("description", DESCRIPTION),
                              **values)


def _county_of(org) -> str:
    """One of the organisation's counties; organisations of the whole region meet anywhere."""
    from app import taxonomy

    counties = org.counties or taxonomy.slugs("counties")
    return demo_fit.home_county(org, counties[(org.id * 7) % len(counties):] + counties)


def _first_tuesday(year: int, month: int) -> date:
    day = date(year, month, 1)
    return day + timedelta(days=(1 - day.weekday()) % 7)


def _months_back(today: date, months: int) -> tuple[int, int]:
    index = today.year * 12 + today.month - 1 - months
    return index // 12, index % 12 + 1


def _tarnow_meeting(ctx, demo_org, orgs, people, today):
    """Every first Tuesday, 10:00–12:00, Tarnów city hall room 12 and online, with registrations."""
    author = ctx.users["orgadmin"]
    start = _first_tuesday(*_months_back(today, 3))
    partners = [o.id for o in orgs if o.short_name in ("MOPS Tarnów", "TSW", "PUP Tarnów")]
    event = services.create_event(author, _data(
        demo_org, title="Spotkanie koordynacyjne ds. integracji migrantów – Tarnów",
        event_type="coordination-meeting", start_date=start, start_time=time(10), end_time=time(12),
        county="tarnow-city", address="Urząd Miasta Tarnowa, ul. Mickiewicza 2, sala 12",
        online_url="https://meet.example.org/tarnow-koordynacja", co_organiser_ids=partners,
        themes=["cross-sector-cooperation", "local-integration-policy", "social-assistance"], languages=["pl", "uk"],
        description=("Comiesięczne spotkanie sieci współpracy powiatu tarnowskiego: MOPS, PUP, szkoły, "
                     "organizacje pozarządowe i migranckie.\n\nMożna uczestniczyć na miejscu lub online."),
        repeat="monthly_weekday", registration_enabled=True, capacity=30,
    ), publish=True)
    db.session.flush()
    event.public_participants = True
    past = [o for o in occurrences(event, event.starts_at, utcnow()) if o.ends_at < utcnow()]
    names = [o.name for o in orgs]
    for occurrence in past:
        _past_registrations(ctx, event, occurrence.key, people, ctx.random.randint(8, 16), names)
        _attendance(ctx, author, event, occurrence.key, names)
    if past:
        services.set_minutes(author, event, past[-1].key, TARNOW_MINUTES, _coordination_thread(author))
    coming = occurrences(event, utcnow(), utcnow() + timedelta(days=200))
    for user in ctx.random.sample(people, min(9, len(people))):
        _register(user, event, coming[0].key)
    _ask(ctx, author, event, TARNOW_QUESTIONS, names)
    if len(coming) > 2:
        services.cancel_occurrence(author, event, coming[2].key, "Przerwa świąteczna – zapraszamy w kolejnym miesiącu.")
    if len(coming) > 3:
        moved = coming[3]
        start_at = moved.local_start + timedelta(days=1)
        services.move_occurrence(author, event, moved.key, start_at, start_at + timedelta(hours=2),
                                 "Wyjątkowo w środę – we wtorek sala jest zajęta.")
    return event


def _full_workshop(ctx, demo_org, people, today):
    event = services.create_event(ctx.users["orgadmin"], _data(
        demo_org, title="Warsztaty: jak pisać wniosek do FAMI – praktycznie", event_type="workshop",
        start_date=today + timedelta(days=12), start_time=time(9, 30), end_time=time(14, 30),
        county="tarnow-city", address="Fundacja Otwarta Małopolska, ul. Wałowa 12, Tarnów",
        themes=["cross-sector-cooperation", "area-5-cooperation-policy"], languages=["pl"],
        registration_enabled=True, capacity=5, waiting_list=True,
    ), publish=True)
    db.session.flush()
    others = [p for p in people if p.id not in (ctx.users["orgadmin"].id,)]
    for user in ctx.random.sample(others, min(8, len(others))):
        _register(user, event, SINGLE)
    _ask(ctx, ctx.users["orgadmin"], event, WORKSHOP_QUESTIONS)
    return event


def _webinar(ctx, orgs, authors, today):
    org = _pick(orgs, authors, lambda o: o.short_name == "Lex Migra") or _pick(orgs, authors, lambda o: True)
    return services.create_event(authors[org.id], _data(
        org, title="Webinarium: legalizacja pobytu i pracy w 2027 r. – zmiany w przepisach / Вебінар українською",
        event_type="webinar", start_date=today + timedelta(days=9), start_time=time(17), end_time=time(18, 30),
        county=None, online_url="https://webinar.example.org/legalizacja-2027",
        themes=["legalisation", "workers-rights"], languages=["pl", "uk"], registration_enabled=True,
    ), publish=True)


def _two_day_training(ctx, orgs, authors, today):
    org = _pick(orgs, authors, lambda o: o.short_name == "MCDN") or _pick(orgs, authors, lambda o: True)
    start = today + timedelta(days=40)
    return services.create_event(authors[org.id], _data(
        org, title="Dwudniowe szkolenie: uczeń z doświadczeniem migracji w klasie", event_type="training",
        start_date=start, start_time=time(9), end_date=start + timedelta(days=1), end_time=time(15),
        county="nowy-sacz-city", address="ul. Jagiellońska 54, Nowy Sącz",
        themes=["school-support", "education"], languages=["pl"], registration_enabled=True, capacity=25,
    ), publish=True)


def _polish_course(ctx, orgs, authors, today):
    org = _pick(orgs, authors, lambda o: "Polszczyzna" in o.name) or _pick(orgs, authors, lambda o: True)
    start = today - timedelta(days=today.weekday()) + timedelta(days=14)  # a Monday
    return services.create_event(authors[org.id], _data(
        org, title="Kurs języka polskiego A1 dla dorosłych (poniedziałki i środy)", event_type="course",
        start_date=start, start_time=time(18), end_time=time(19, 30), county="krakow-city",
        address="ul. Starowiślna 55, 31-038 Kraków", themes=["polish-language", "education"], languages=["pl", "uk", "ru"],
        repeat="weekly", repeat_weekdays=["MO", "WE"], repeat_end="count", repeat_count=20,
        registration_enabled=True, capacity=15,
    ), publish=True)


def _generated(ctx, number, orgs, authors, people, today):
    rnd = ctx.random
    kind, pattern, all_day, hours = KINDS[number % len(KINDS)]
    org, (topic, theme), ukrainian = demo_fit.pick(rnd, orgs, authors, kind, TOPICS,
                                                   UKRAINIAN_TITLES if number % 19 == 7 else None)
    day = today + timedelta(days=rnd.randint(-90, 180))
    start = time(rnd.choice((9, 10, 11, 12, 13, 15, 16, 17)), rnd.choice((0, 0, 30)))
    end_minutes = start.hour * 60 + start.minute + int(hours * 60)
    title = pattern.format(topic=topic, org=org.short_name or org.name)
    if ukrainian:
        title = UKRAINIAN_TITLES[theme]
    online = kind == "webinar" or number % 9 == 4
    event = services.create_event(authors[org.id], _data(
        org, title=title[:200], event_type=kind, start_date=day, all_day=all_day,
        start_time=None if all_day else start, end_time=None if all_day else time(end_minutes // 60, end_minutes % 60),
        county=None if kind == "webinar" else "auto", address=None if kind == "webinar" else _address(rnd, org),
        online_url=f"https://meet.example.org/wydarzenie-{number}" if online else None,
        themes=[theme], languages=["pl", "uk"] if number % 3 else ["pl"],
        registration_enabled=number % 4 == 0, capacity=rnd.choice((None, 20, 40)) if number % 4 == 0 else None,
    ), publish=True)
    db.session.flush()
    if event.registration_enabled:
        occurrence = first_occurrence(event, event.starts_at)
        if occurrence.ends_at < utcnow():
            _past_registrations(ctx, event, SINGLE, people, rnd.randint(3, 12))
        else:
            for user in rnd.sample(people, min(rnd.randint(1, 6), len(people))):
                _register(user, event, SINGLE)
    return event


def _address(rnd, org) -> str:
    streets = ("ul. Długa 12", "ul. Kościuszki 5", "pl. Kilińskiego 3", "ul. Szkolna 8, sala 4", "ul. Rynek 1, sala sesyjna")
    return org.address or streets[rnd.randrange(len(streets))]


def _drafts(ctx, demo_org, today) -> list:
    author = ctx.users["orgadmin"]
    return [services.create_event(author, _data(
        demo_org, title=title, event_type=kind, start_date=today + timedelta(days=days), start_time=time(11),
        end_time=time(13), county="tarnowski", address="Gminny Ośrodek Kultury, Tuchów",
        themes=["social-relations"], languages=["pl", "uk"],
    ), publish=False) for title, kind, days in (
        ("Szkic: Dzień Kultury Ukraińskiej w Tuchowie", "cultural-integration-event", 60),
        ("Szkic: spotkanie z pracodawcami powiatu tarnowskiego", "information-meeting", 75),
    )]


def _pick(orgs, authors, test):
    return next((o for o in orgs if o.id in authors and test(o)), None)


def _register(user, event, key) -> None:
    try:
        services.register_for_event(user, event, key)
    except services.EventError:  # already registered, or an organiser of their own event
        pass


def _past_registrations(ctx, event, key, people, count, organisations=()) -> None:
    """People who were registered for a date that has passed (the service only takes future dates)."""
    now = utcnow()
    for user in ctx.random.sample(people, min(count, len(people))):
        organisation = organisations[ctx.random.randrange(len(organisations))] if organisations else None
        db.session.add(Registration(event_id=event.id, occurrence_key=key, user_id=user.id, status="confirmed",
                                    queued_at=now - timedelta(days=40), organisation_name=organisation,
                                    listed=organisation is not None and ctx.random.random() < 0.7))
    db.session.flush()


def _attendance(ctx, author, event, key, organisations) -> None:
    """Most registrants came, and one or two people who had not registered."""
    registered = [r.id for r in attendance.registrants(event, key)]
    attendance.set_attendance(author, event, key, [i for i in registered if ctx.random.random() < 0.8])
    for number in range(ctx.random.randint(1, 2)):
        attendance.add_walk_in(author, event, key, WALK_INS[(len(registered) + number) % len(WALK_INS)],
                               organisations[ctx.random.randrange(len(organisations))])


# Registration questions: (kind, required, pl, en, uk, choices pl, en, uk).
TARNOW_QUESTIONS = (
    ("one_choice", True, "Jak weźmiesz udział?", "How will you take part?", "Як ви братимете участь?",
     "na miejscu\nonline", "in person\nonline", "на місці\nонлайн"),
    ("yes_no", True, "Czy potrzebujesz tłumaczenia na język ukraiński?", "Do you need interpreting into Ukrainian?",
     "Чи потрібен вам переклад українською?", "", "", ""),
    ("long_text", False, "Temat, który chcesz zgłosić do programu", "A topic you would like on the agenda",
     "Тема, яку ви хочете додати до порядку денного", "", "", ""),
)
WORKSHOP_QUESTIONS = (
    ("one_choice", True, "Dieta", "Diet", "Дієта", "bez ograniczeń\nwegetariańska\nwegańska\nbezglutenowa",
     "no restrictions\nvegetarian\nvegan\ngluten-free", "без обмежень\nвегетаріанська\nвеганська\nбезглютенова"),
    ("several_choices", False, "Potrzeby dostępności", "Accessibility needs", "Потреби доступності",
     "pętla indukcyjna\npodjazd dla wózka\ntłumacz PJM", "hearing loop\nwheelchair ramp\nPolish Sign Language",
     "індукційна петля\nпандус\nперекладач польської жестової мови"),
    ("short_text", False, "Stanowisko", "Position", "Посада", "", "", ""),
)
WALK_INS = ("Halyna Kovalenko", "Marek Zając", "Iryna Bondar", "Tomasz Wójcik")


def _ask(ctx, author, event, asked, organisations=()) -> None:
    """Add the questions, then answers of those already registered (as if they had answered)."""
    made = [questions.add_question(author, event, QuestionData(*values)) for values in asked]
    for registration in _active(event):
        answers = {q.id: _demo_answer(ctx, q) for q in made}
        questions.store_answers(registration, questions.check_answers(made, answers))
        if organisations and registration.organisation_name is None:
            registration.organisation_name = organisations[ctx.random.randrange(len(organisations))]
            registration.listed = ctx.random.random() < 0.7


def _active(event) -> list:
    return list(db.session.execute(select(Registration).where(
        Registration.event_id == event.id, Registration.status.in_(("confirmed", "waiting")))
        .order_by(Registration.id)).scalars())


def _demo_answer(ctx, question):
    if question.kind == "yes_no":
        return ctx.random.choice(("yes", "no", "no"))
    if question.kind == "one_choice":
        return str(ctx.random.randrange(len(question.choices())))
    if question.kind == "several_choices":
        return [str(i) for i in range(len(question.choices())) if ctx.random.random() < 0.2]
    return ""


def _coordination_thread(author):
    """A public forum thread about coordination for the minutes to link to."""
    public = visible_where("forums.thread", None, Thread)
    thread = db.session.execute(
        select(Thread).where(public, Thread.title.ilike("%koordyn%")).order_by(Thread.id).limit(1)
    ).scalar_one_or_none() or db.session.execute(
        select(Thread).where(public).order_by(Thread.id).limit(1)
    ).scalar_one_or_none()
    return thread.id if thread is not None else None
