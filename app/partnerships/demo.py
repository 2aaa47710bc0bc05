"""Demo partnership board: 45 offers and requests across kinds, statuses and funding sources, with
interest conversations and one formed partnership of the demo organisation (orgadmin's).

Uses ctx.extra["orgs"] and ctx.extra["demo_org"] from the directory's demo.
"""
from datetime import timedelta

from flask import current_app
from sqlalchemy import select

from app import taxonomy
from app.db import utcnow
from app.directory.models import Membership
from app.extensions import db
from app.notifications.services import notify
from app.partnerships.models import (
    PLACE_SCOPES, ConversationMessage, PartnershipConversation, PartnershipPartner, PartnershipPost, local_today,
)
from app.text import render_markdown

# (kind, title, description, what we bring, themes, target groups, sectors sought, languages)
TEMPLATES = (
    ("request", "Szukamy pracodawców do programu staży dla uchodźców z Ukrainy",
     "Przygotowujemy projekt na **aktywizację zawodową** osób z doświadczeniem uchodźczym. Szukamy firm, "
     "które przyjmą stażystów na 3–6 miesięcy i wyznaczą opiekuna.\n\n- staże z wynagrodzeniem z projektu\n"
     "- kurs języka polskiego zawodowego\n- wsparcie mentora",
     "Rekrutacja uczestników, doradca zawodowy mówiący po ukraińsku, rozliczanie projektu.",
     ["labour-market", "employment-activation"], ["ukrainian-war-refugees", "migrant-workers"], ["business"], ["pl", "uk"]),
    ("request", "Partner samorządowy do lokalnego punktu informacyjnego dla cudzoziemców",
     "Chcemy otworzyć punkt informacyjno-doradczy w siedzibie powiatu. Szukamy gminy lub powiatu, który udostępni "
     "lokal i włączy punkt w system pomocy społecznej.",
     "Doradcy prawni, tłumacze, 5 lat doświadczenia w poradnictwie dla migrantów.",
     ["multilingual-information", "legalisation", "local-integration-policy"], ["third-country-nationals", "newcomers"],
     ["local-government"], ["pl", "uk", "ru"]),
    ("offer", "Oferujemy kursy języka polskiego dla pracowników z zagranicy",
     "Szkoła językowa z 15-letnim doświadczeniem proponuje kursy polskiego na poziomach A1–B2 w miejscu pracy, "
     "także w formule online. Dołączymy jako partner do projektu z komponentem językowym.",
     "Lektorzy, materiały, egzaminy próbne, sale w trzech miastach.",
     ["polish-language", "labour-market"], ["migrant-workers", "economic-migrants"], ["civil-society", "business"], ["pl", "en", "uk"]),
    ("request", "Szukamy uczelni do badania potrzeb mieszkaniowych migrantów",
     "Planujemy diagnozę sytuacji mieszkaniowej cudzoziemców w subregionie. Potrzebujemy partnera naukowego, który "
     "przygotuje metodologię i raport.",
     "Dostęp do respondentów, ankieterzy mówiący po ukraińsku i rosyjsku.",
     ["housing", "research-knowledge", "needs-feedback"], ["ukrainian-war-refugees", "landlords"], ["academia"], ["pl", "uk", "ru"]),
    ("offer", "Mieszkania przejściowe dla rodzin w kryzysie — oferta współpracy",
     "Społeczna agencja najmu oferuje 12 mieszkań przejściowych dla rodzin migranckich oraz wsparcie w znalezieniu "
     "najmu na wolnym rynku.",
     "Mieszkania, umowy z właścicielami, asystent najmu.",
     ["housing", "social-assistance"], ["mothers-with-children", "protection-beneficiaries"], ["civil-society", "local-government"], ["pl", "uk"]),
    ("request", "Psycholog mówiący po ukraińsku — szukamy partnera do projektu zdrowia psychicznego",
     "Dzieci i młodzież po doświadczeniu wojny potrzebują wsparcia psychologicznego. Szukamy placówki ochrony "
     "zdrowia lub poradni do wspólnego wniosku.",
     "Świetlica, opiekunowie, kontakt z rodzinami i szkołami.",
     ["health", "mental-health", "education"], ["children-youth", "trauma-affected"], ["public-services"], ["uk", "ru"]),
    ("offer", "Asystenci międzykulturowi dla szkół — dzielimy się modelem",
     "Od trzech lat zatrudniamy asystentów międzykulturowych w szkołach podstawowych. Chętnie wdrożymy model "
     "w kolejnych gminach.",
     "Program szkoleń, standardy pracy asystenta, superwizja.",
     ["education", "intercultural-assistants-mediators", "school-support"], ["children-youth", "parents-of-pupils", "teachers"],
     ["local-government", "public-services"], ["pl", "uk"]),
    ("request", "Firma szuka organizacji do wsparcia adaptacji nowych pracowników z Azji",
     "Zatrudniamy 40 osób z Indii i Nepalu. Szukamy organizacji, która poprowadzi warsztaty adaptacyjne "
     "i pomoże w sprawach urzędowych.",
     "Finansowanie z własnych środków, sala szkoleniowa, transport.",
     ["adaptation", "employing-foreigners", "workers-rights"], ["migrant-workers", "third-country-nationals"],
     ["civil-society"], ["pl", "en"]),
    ("offer", "Doradztwo w legalizacji pobytu i pracy dla pracodawców",
     "Kancelaria i fundacja wspólnie oferują bezpłatne dyżury dla pracodawców zatrudniających cudzoziemców.",
     "Prawnicy specjalizujący się w prawie migracyjnym.",
     ["legalisation", "employing-foreigners"], ["employers", "migrant-workers"], ["business"], ["pl", "en", "uk"]),
    ("request", "Szukamy partnerów zagranicznych do wymiany doświadczeń (Interreg)",
     "Regionalna sieć współpracy chce porównać lokalne polityki integracyjne z regionami Czech, Słowacji i Austrii.",
     "Koordynacja, organizacja wizyt studyjnych w Małopolsce.",
     ["local-integration-policy", "cross-sector-cooperation", "awareness-good-practice"], ["local-government-staff"],
     ["international", "local-government"], ["pl", "en"]),
    ("request", "Шукаємо партнера для курсів підприємництва для українок",
     "Українська громадська організація готує проєкт курсів з ведення бізнесу для жінок. Шукаємо бізнес-інкубатор "
     "або організацію підтримки підприємництва.",
     "Тренерки, учасниці, досвід у навчанні дорослих.",
     ["entrepreneurship", "labour-market"], ["women", "migrant-entrepreneurs"], ["business"], ["uk", "pl"]),
    ("offer", "Open day and mentoring for foreign graduates",
     "A university career office offers mentoring and an open day with employers for foreign graduates. We are "
     "looking to join a partnership that brings employers and NGOs.",
     "Mentors, rooms, contacts with alumni employers.",
     ["labour-market", "qualification-recognition"], ["foreign-graduates"], ["business", "civil-society"], ["en", "pl"]),
    ("request", "Wolontariusze i świetlica dla dzieci — szukamy gminy",
     "Stowarzyszenie prowadzi zajęcia popołudniowe dla dzieci z rodzin migranckich. Szukamy gminy, która "
     "współfinansuje świetlicę z budżetu obywatelskiego.",
     "Wolontariusze, program zajęć, doświadczenie z rodzinami.",
     ["education", "social-relations", "childcare"], ["children-youth", "parents-of-pupils"], ["local-government"], ["pl", "uk"]),
    ("offer", "Tłumaczenia i mediacje kulturowe na wizytach w urzędach",
     "Oferujemy tłumaczy i mediatorów kulturowych na wizyty w urzędach, szpitalach i szkołach w ramach projektów "
     "partnerskich.",
     "Zespół 20 tłumaczy: ukraiński, rosyjski, gruziński, angielski.",
     ["translation-interpreting", "intercultural-assistants-mediators"], ["newcomers", "public-administration-staff"],
     ["public-services", "local-government"], ["uk", "ru", "ka", "en"]),
)
# Funding sources in turn (the closed 2014–2020 programme only for old, closed posts).
FUNDING = [slug for slug in taxonomy.slugs("funding_sources") if slug != "fami-2014-2020"]
# Status of the n-th generated post: mostly open, some in talks, closed, expired.
STATUS_CYCLE = ("open", "open", "in_talks", "open", "expired", "open", "closed", "open", "in_talks", "open")
MESSAGES = (
    "Dzień dobry, jesteśmy zainteresowani współpracą. Czy możemy umówić się na rozmowę w przyszłym tygodniu?",
    "Dziękujemy za wiadomość! Proponujemy spotkanie online we wtorek o 10:00.",
    "Pasuje nam. Prześlemy wcześniej krótki opis naszych doświadczeń.",
    "Добрий день! Ми хотіли б долучитися до проєкту як партнер. Чи можемо поговорити?",
)


def _admins_by_org() -> dict:
    rows = db.session.execute(select(Membership.organisation_id, Membership.user_id).where(
        Membership.role == "admin", Membership.status == "active").order_by(Membership.id))
    admins = {}
    for org_id, user_id in rows:
        admins.setdefault(org_id, user_id)
    return admins


def _places(ctx, org) -> list:
    if org.whole_region or not org.counties:
        return ["region"]
    places = ctx.random.sample(org.counties, k=min(2, len(org.counties)))
    return places + (["outside-region"] if ctx.random.random() < 0.1 else [])


def _make_post(ctx, org, author_id, template, status, funding, days_ago) -> PartnershipPost:
    kind, title, description, offered, themes, groups, sought, languages = template
    now, today = utcnow(), local_today()
    post = PartnershipPost(
        organisation_id=org.id, author_id=author_id, kind=kind, title=title, description=description,
        description_html=render_markdown(description), offered=offered, funding_source=funding,
        duration_months=ctx.random.choice((None, 6, 12, 18, 24, 36)),
        status="open" if status == "expired" else status)
    post.created_at = post.updated_at = now - timedelta(days=days_ago, hours=ctx.random.randint(0, 23))
    post.status_changed_at = post.created_at
    if status == "expired":
        post.deadline = today - timedelta(days=ctx.random.randint(1, 40))
    elif status in ("open", "in_talks"):
        post.deadline = ctx.random.choice((None, today + timedelta(days=ctx.random.randint(5, 120))))
    for vocabulary, slugs in (("thematic_areas", themes), ("target_groups", groups), ("sectors", sought),
                              ("languages", languages)):
        post.set_tags(vocabulary, slugs)
    places = _places(ctx, org)
    post.set_tags("counties", [p for p in places if p not in PLACE_SCOPES])
    post.set_tags("area_scopes", [p for p in places if p in PLACE_SCOPES])
    db.session.add(post)
    return post


def _converse(ctx, post, org, starter_id, answer_id, length) -> PartnershipConversation:
    """A conversation of length messages, alternating between the interested side and the poster."""
    start = post.created_at + timedelta(days=ctx.random.randint(1, 5))
    conversation = PartnershipConversation(post=post, organisation_id=org.id, started_by_id=starter_id)
    for number in range(length):
        from_interested = number % 2 == 0
        message = ConversationMessage(
            author_id=starter_id if from_interested else answer_id,
            organisation_id=org.id if from_interested else post.organisation_id,
            body=MESSAGES[3 if number == 0 and ctx.random.random() < 0.25 else number % 3])
        message.created_at = message.updated_at = min(utcnow(), start + timedelta(hours=20 * number))
        conversation.messages.append(message)
    conversation.created_at = start
    conversation.last_message_at = conversation.messages[-1].created_at
    db.session.add(conversation)
    return conversation


def _demo_org_posts(ctx, demo_org, verified, admins) -> tuple[list, int]:
    """orgadmin's organisation: an open request with interest from three organisations, a formed
    partnership with two partners, and an offer. Returns the posts and the number of conversations."""
    orgadmin = ctx.users["orgadmin"]
    others = [o for o in verified if o.id in admins and o.id != demo_org.id]
    employers = [o for o in others if o.sector == "business"] or others
    governments = [o for o in others if o.sector == "local-government"] or others
    request = _make_post(ctx, demo_org, orgadmin.id, TEMPLATES[0], "open", "fami-2021-2027", 6)
    request.set_tags("sectors", ["business", "local-government"])
    formed = _make_post(ctx, demo_org, orgadmin.id, TEMPLATES[4], "formed", "fem-2021-2027", 120)
    formed.title = "Mieszkania przejściowe — partnerstwo z samorządem i pracodawcą"
    db.session.flush()
    interested = list(dict.fromkeys(employers[:2] + governments[:1]))
    for org in interested:
        conversation = _converse(ctx, request, org, admins[org.id], orgadmin.id, ctx.random.randint(1, 3))
        db.session.flush()
        url = current_app.url_map.bind("localhost").build(
            "partnerships.show_conversation", {"conversation_id": conversation.id})
        notify(orgadmin, "partnership_interest", title=f"{org.name}: {request.title}", url=url,
               subject_key=f"partnership_conversation:{conversation.id}:interest")
    partners = list(dict.fromkeys(governments[1:2] + employers[2:3])) or others[:1]
    for org in partners:
        _converse(ctx, formed, org, admins[org.id], orgadmin.id, 3)
        formed.partners.append(PartnershipPartner(organisation_id=org.id))
    formed.formed_at = formed.status_changed_at = formed.created_at + timedelta(days=30)
    offer = _make_post(ctx, demo_org, ctx.users["member"].id, TEMPLATES[13], "open", "small-grants", 20)
    return [request, formed, offer], len(interested) + len(partners)


def seed(ctx) -> str:
    orgs, demo_org = ctx.extra.get("orgs") or [], ctx.extra.get("demo_org")
    verified = [org for org in orgs if org.verified_at is not None]
    if not verified or demo_org is None:
        return "no partnership posts (the directory's demo organisations are missing)"
    admins = _admins_by_org()
    posters = [org for org in verified if org.id in admins and org.id != demo_org.id]
    posts, conversations = _demo_org_posts(ctx, demo_org, verified, admins)
    for number in range(3 * len(TEMPLATES)):
        template = TEMPLATES[number % len(TEMPLATES)]
        org = posters[(number * 7) % len(posters)]
        status = STATUS_CYCLE[number % len(STATUS_CYCLE)]
        post = _make_post(ctx, org, admins[org.id], template, status, FUNDING[number % len(FUNDING)],
                          ctx.random.randint(1, 300))
        posts.append(post)
    db.session.flush()
    conversations += _interest_in_others(ctx, posts[3:], demo_org, posters, admins)
    return (f"{len(posts)} partnership posts ({sum(p.kind == 'offer' for p in posts)} offers), "
            f"{conversations} conversations, 1 formed partnership of the demo organisation")


def _interest_in_others(ctx, posts, demo_org, posters, admins) -> int:
    """Interest in a third of the active posts; the demo organisation writes to two of them."""
    active = [post for post in posts if post.is_active()]
    count = 0
    for number, post in enumerate(active[::3]):
        if number < 2:
            interested, starter = demo_org, ctx.users["orgadmin"].id
        else:
            interested = ctx.random.choice([o for o in posters if o.id != post.organisation_id])
            starter = admins[interested.id]
        _converse(ctx, post, interested, starter, admins[post.organisation_id], ctx.random.randint(1, 4))
        count += 1
    return count
