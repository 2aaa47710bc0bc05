"""Demo partnership board: about 45 offers and requests, each written by its organisation about its
own work (demo_posts.py), across kinds, statuses and funding sources, with interest conversations
between organisations that fit the post, and one formed partnership of the demo organisation
(orgadmin's) with two Tarnów offices.

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
from app.partnerships.demo_posts import DEMO_ORG_POSTS, POSTS
from app.partnerships.models import (
    PLACE_SCOPES, ConversationMessage, PartnershipConversation, PartnershipPartner, PartnershipPost, local_today,
)
from app.text import render_markdown

# (kind, title, description, what we bring, themes, target groups, sectors sought, languages) of
# every demo post: the benchmark (bench/generate.py) deals these out to its own organisations.
TEMPLATES = tuple((p["kind"], p["title"], p["description"], p["offered"], p["themes"], p["groups"], p["sought"],
                   p["langs"]) for p in (*DEMO_ORG_POSTS.values(), *POSTS))
# Funding sources in turn, for the benchmark (the closed 2014–2020 programme only for old, closed posts).
FUNDING = [slug for slug in taxonomy.slugs("funding_sources") if slug != "fami-2014-2020"]
# Status of the n-th generated post: mostly open, some in talks, closed, expired.
STATUS_CYCLE = ("open", "open", "in_talks", "open", "expired", "open", "closed", "open", "in_talks", "open")
MESSAGES = (
    "Dzień dobry, jesteśmy zainteresowani współpracą. Czy możemy umówić się na rozmowę w przyszłym tygodniu?",
    "Dziękujemy za wiadomość! Proponujemy spotkanie online we wtorek o 10:00.",
    "Pasuje nam. Prześlemy wcześniej krótki opis naszych doświadczeń.",
)
# The first message when both sides work in Ukrainian and the post is in Ukrainian too.
MESSAGE_UK = "Добрий день! Ми хотіли б долучитися до проєкту як партнер. Чи можемо поговорити?"


def _admins_by_org() -> dict:
    rows = db.session.execute(select(Membership.organisation_id, Membership.user_id).where(
        Membership.role == "admin", Membership.status == "active").order_by(Membership.id))
    admins = {}
    for org_id, user_id in rows:
        admins.setdefault(org_id, user_id)
    return admins


def _places(org) -> list:
    """Where a post is: its organisation's counties, or the region for a regional one."""
    if org.whole_region or not org.counties:
        return ["region"]
    return list(org.counties)


def _make_post(ctx, org, author_id, spec, status, days_ago) -> PartnershipPost:
    now, today = utcnow(), local_today()
    post = PartnershipPost(
        organisation_id=org.id, author_id=author_id, kind=spec["kind"], title=spec["title"],
        description=spec["description"], description_html=render_markdown(spec["description"]),
        offered=spec["offered"], funding_source=spec["funding"],
        duration_months=ctx.random.choice((None, 6, 12, 18, 24, 36)),
        status="open" if status == "expired" else status)
    post.created_at = post.updated_at = now - timedelta(days=days_ago, hours=ctx.random.randint(0, 23))
    post.status_changed_at = post.created_at
    if status == "expired":
        post.deadline = today - timedelta(days=ctx.random.randint(1, 40))
    elif status in ("open", "in_talks"):
        post.deadline = ctx.random.choice((None, today + timedelta(days=ctx.random.randint(5, 120))))
    for vocabulary, key in (("thematic_areas", "themes"), ("target_groups", "groups"), ("sectors", "sought"),
                            ("languages", "langs")):
        post.set_tags(vocabulary, spec[key])
    places = _places(org)
    post.set_tags("counties", [p for p in places if p not in PLACE_SCOPES])
    post.set_tags("area_scopes", [p for p in places if p in PLACE_SCOPES])
    db.session.add(post)
    return post


def _speaks_ukrainian(post, org) -> bool:
    """A post written in Ukrainian (its title in Cyrillic), answered by an organisation that works in Ukrainian."""
    return "uk" in org.languages and any("\u0400" <= ch <= "\u04ff" for ch in post.title)


def _converse(ctx, post, org, starter_id, answer_id, length) -> PartnershipConversation:
    """A conversation of length messages, alternating between the interested side and the poster."""
    start = post.created_at + timedelta(days=ctx.random.randint(1, 5))
    conversation = PartnershipConversation(post=post, organisation_id=org.id, started_by_id=starter_id)
    for number in range(length):
        from_interested = number % 2 == 0
        body = MESSAGE_UK if number == 0 and _speaks_ukrainian(post, org) else MESSAGES[number % 3]
        message = ConversationMessage(
            author_id=starter_id if from_interested else answer_id,
            organisation_id=org.id if from_interested else post.organisation_id, body=body)
        message.created_at = message.updated_at = min(utcnow(), start + timedelta(hours=20 * number))
        conversation.messages.append(message)
    conversation.created_at = start
    conversation.last_message_at = conversation.messages[-1].created_at
    db.session.add(conversation)
    return conversation


def fits(post, org) -> bool:
    """Whether org could plausibly answer post: of a sector the post seeks (any, when it seeks
    none), working where the post is (a regional post or organisation: anywhere), and sharing a
    theme or a target group with it."""
    if post.sectors_sought and org.sector not in post.sectors_sought:
        return False
    counties = post.tag_slugs("counties")
    if not (org.whole_region or not counties or set(org.counties) & set(counties)):
        return False
    return bool(set(org.themes) & set(post.themes) or set(org.target_groups) & set(post.target_groups))


def _interested_in(ctx, post, candidates, count) -> list:
    """Up to count organisations that fit post, the local ones first (then those of the whole region)."""
    fitting = [org for org in candidates if org.id != post.organisation_id and fits(post, org)]
    local = [org for org in fitting if not org.whole_region]
    regional = [org for org in fitting if org.whole_region]
    ctx.random.shuffle(local)
    ctx.random.shuffle(regional)
    return (local + regional)[:count]


def _demo_org_posts(ctx, demo_org, verified, admins) -> tuple[list, int]:
    """orgadmin's organisation: an open request with interest from organisations that fit it, a formed
    partnership with two partners, and an offer. Returns the posts and the number of conversations."""
    orgadmin = ctx.users["orgadmin"]
    others = [o for o in verified if o.id in admins and o.id != demo_org.id]
    request = _make_post(ctx, demo_org, orgadmin.id, DEMO_ORG_POSTS["request"], "open", 6)
    spec = DEMO_ORG_POSTS["formed"]
    formed = _make_post(ctx, demo_org, orgadmin.id, spec, "formed", 120)
    db.session.flush()
    employers = [o for o in _interested_in(ctx, request, others, len(others)) if o.sector == "business"]
    governments = [o for o in _interested_in(ctx, request, others, len(others)) if o.sector == "local-government"]
    interested = employers[:2] + governments[:1]
    for org in interested:
        conversation = _converse(ctx, request, org, admins[org.id], orgadmin.id, ctx.random.randint(1, 3))
        db.session.flush()
        url = current_app.url_map.bind("localhost").build(
            "partnerships.show_conversation", {"conversation_id": conversation.id})
        notify(orgadmin, "partnership_interest", title=f"{org.name}: {request.title}", url=url,
               subject_key=f"partnership_conversation:{conversation.id}:interest")
    partners = [o for o in others if o.short_name in spec["partners"]]
    for org in partners:
        _converse(ctx, formed, org, admins[org.id], orgadmin.id, 3)
        formed.partners.append(PartnershipPartner(organisation_id=org.id))
    formed.formed_at = formed.status_changed_at = formed.created_at + timedelta(days=30)
    offer = _make_post(ctx, demo_org, ctx.users["member"].id, DEMO_ORG_POSTS["offer"], "open", 20)
    return [request, formed, offer], len(interested) + len(partners)


def seed(ctx) -> str:
    orgs, demo_org = ctx.extra.get("orgs") or [], ctx.extra.get("demo_org")
    verified = [org for org in orgs if org.verified_at is not None]
    if not verified or demo_org is None:
        return "no partnership posts (the directory's demo organisations are missing)"
    admins = _admins_by_org()
    posters = [org for org in verified if org.id in admins and org.id != demo_org.id]
    by_name = {org.name: org for org in posters}
    posts, conversations = _demo_org_posts(ctx, demo_org, verified, admins)
    for number, spec in enumerate(spec for spec in POSTS if spec["org"] in by_name):
        org = by_name[spec["org"]]
        post = _make_post(ctx, org, admins[org.id], spec, STATUS_CYCLE[number % len(STATUS_CYCLE)],
                          ctx.random.randint(1, 300))
        posts.append(post)
    db.session.flush()
    conversations += _interest_in_others(ctx, posts[3:], demo_org, posters, admins)
    return (f"{len(posts)} partnership posts ({sum(p.kind == 'offer' for p in posts)} offers), "
            f"{conversations} conversations, 1 formed partnership of the demo organisation")


def _interest_in_others(ctx, posts, demo_org, posters, admins) -> int:
    """Interest in a third of the active posts, from an organisation that fits each; the demo
    organisation writes to the first two that it fits."""
    active = [post for post in posts if post.is_active()]
    count, demo_org_wrote = 0, 0
    for post in active[::3]:
        if demo_org_wrote < 2 and fits(post, demo_org):
            interested, starter = demo_org, ctx.users["orgadmin"].id
            demo_org_wrote += 1
        else:
            candidates = _interested_in(ctx, post, posters, 1)
            if not candidates:
                continue
            interested = candidates[0]
            starter = admins[interested.id]
        _converse(ctx, post, interested, starter, admins[post.organisation_id], ctx.random.randint(1, 4))
        count += 1
    return count
