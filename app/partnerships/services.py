"""Partnership verbs: posts, their status and partners, interest and conversations.

Every verb takes the actor first and plain values; it flushes, never commits, and raises
PartnershipError with a translated, user-facing message when the world says no.
"""
from datetime import date

from flask import current_app
from flask_babel import force_locale
from sqlalchemy import or_, select

from app import taxonomy
from app.auth.models import User
from app.db import utcnow
from app.directory.models import Membership, Organisation
from app.directory.naming import name_key
from app.directory.services import touch_activity
from app.extensions import db
from app.i18n import gettext as _
from app.notifications.services import notify
from app.partnerships.match_list import match_list
from app.partnerships.models import (
    KINDS, PLACE_SCOPES, STATUSES, ConversationMessage, PartnershipConversation, PartnershipPartner,
    PartnershipPost, local_today,
)
from app.partnerships.queries import conversation_of, partner_choices
from app.permissions import AnonymousUser, can
from app.refusals import Refused
from app.secretariat.moderation_log import log_moderation
from app.text import clean_input, render_markdown

TITLE_MAX, DESCRIPTION_MAX, OFFERED_MAX, MESSAGE_MAX, REASON_MAX = 200, 20_000, 2_000, 4_000, 1_000
# Where a post may go from each stored status ("expired" is computed: see allowed_statuses).
TRANSITIONS = {
    "open": ("in_talks", "formed", "closed"),
    "in_talks": ("open", "formed", "closed"),
    "formed": (),
    "closed": ("open",),
}
MATCH_NOTIFICATIONS = 10  # admins of at most this many best-fitting organisations hear of a new post


class PartnershipError(Refused):
    """A request the board's rules refuse."""


# --- posts -------------------------------------------------------------------------------
def _unknown(vocabulary: str, slugs, extra=()) -> list:
    return [s for s in slugs or [] if not (taxonomy.is_valid(vocabulary, s) or s in extra)]


def _check_tags(values: dict) -> None:
    checks = (("themes", "thematic_areas", ()), ("target_groups", "target_groups", ()),
              ("places", "counties", PLACE_SCOPES), ("sectors_sought", "sectors", ()),
              ("languages", "languages", ()))
    for name, vocabulary, extra in checks:
        unknown = _unknown(vocabulary, values.get(name), extra)
        if unknown:
            raise PartnershipError(_("Unknown value: %(values)s. Choose from the list.",
                                     values=", ".join(unknown)), field=name)
    if not values.get("themes"):
        raise PartnershipError(_("Choose at least one thematic area."), field="themes")
    if not values.get("places"):
        raise PartnershipError(_("Choose at least one county, or the whole region, or outside the region."),
                               field="places")
    funding = values.get("funding_source")
    if funding and not taxonomy.is_valid("funding_sources", funding):
        raise PartnershipError(_("Unknown funding source. Choose one from the list."), field="funding_source")


def _check_text(values: dict) -> dict:
    title = " ".join(clean_input(values.get("title")).split())
    description = clean_input(values.get("description")).strip()
    offered = clean_input(values.get("offered")).strip()
    if not title:
        raise PartnershipError(_("Give the post a title."), field="title")
    if len(title) > TITLE_MAX:
        raise PartnershipError(_("The title has at most %(max)d characters.", max=TITLE_MAX), field="title")
    if not description:
        raise PartnershipError(_("Describe the partnership you offer or seek."), field="description")
    if len(description) > DESCRIPTION_MAX:
        raise PartnershipError(_("The description has at most %(max)d characters.", max=DESCRIPTION_MAX),
                               field="description")
    if len(offered) > OFFERED_MAX:
        raise PartnershipError(_("This field has at most %(max)d characters.", max=OFFERED_MAX), field="offered")
    return {"title": title, "description": description, "offered": offered}


def _check_organisation(actor, organisation_id) -> Organisation:
    member_of = actor.member_org_ids()
    if not member_of:
        raise PartnershipError(_("You need to belong to an organisation to post on the board. Join yours or "
                                 "add it in the directory first."), field="organisation")
    # Membership first: a hand-made id is never looked up unless it is one of the actor's own.
    org = db.session.get(Organisation, organisation_id) if organisation_id in member_of else None
    if org is None:
        raise PartnershipError(_("You can post only on behalf of an organisation you belong to."),
                               field="organisation")
    return org


def _apply(post: PartnershipPost, values: dict, texts: dict) -> None:
    post.kind = values["kind"]
    post.title, post.description, post.offered = texts["title"], texts["description"], texts["offered"]
    post.description_html = render_markdown(post.description)
    post.funding_source = values.get("funding_source") or None
    post.deadline = values.get("deadline")
    post.duration_months = values.get("duration_months")
    places = values.get("places") or []
    post.set_tags("thematic_areas", values.get("themes"))
    post.set_tags("target_groups", values.get("target_groups"))
    post.set_tags("counties", [p for p in places if p not in PLACE_SCOPES])
    post.set_tags("area_scopes", [p for p in places if p in PLACE_SCOPES])
    post.set_tags("sectors", values.get("sectors_sought"))
    post.set_tags("languages", values.get("languages"))


def _check_values(values: dict, today: date, old_deadline: date | None = None) -> dict:
    if values.get("kind") not in KINDS:
        raise PartnershipError(_("Choose whether you offer or seek a partnership."), field="kind")
    texts = _check_text(values)
    _check_tags(values)
    deadline = values.get("deadline")
    if deadline is not None and deadline < today and deadline != old_deadline:
        raise PartnershipError(_("The call deadline has already passed. Give a later date, or leave it empty."),
                               field="deadline")
    months = values.get("duration_months")
    if months is not None and not 1 <= months <= 120:
        raise PartnershipError(_("Give the duration in months, from 1 to 120."), field="duration_months")
    return texts


def create_post(actor, *, organisation_id, **values) -> PartnershipPost:
    """A new offer or request, on behalf of an organisation the actor belongs to."""
    org = _check_organisation(actor, organisation_id)
    if not can(actor, "partnerships.create", org):
        raise PartnershipError(_("You cannot post on the board now."), field="organisation")
    texts = _check_values(values, local_today())
    post = PartnershipPost(organisation=org, organisation_id=org.id, author_id=actor.id, status="open",
                           status_changed_at=utcnow())
    _apply(post, values, texts)
    db.session.add(post)
    db.session.flush()
    touch_activity(org)
    _notify_matching_organisations(actor, post)
    return post


def update_post(actor, post: PartnershipPost, **values) -> PartnershipPost:
    """Change what a post says (not its organisation, not its status)."""
    if not can(actor, "partnerships.edit", post):
        raise PartnershipError(_("You cannot edit this post."))
    texts = _check_values(values, local_today(), old_deadline=post.deadline)
    _apply(post, values, texts)
    db.session.flush()
    touch_activity(post.organisation)
    return post


# --- status and partners -----------------------------------------------------------------
def allowed_statuses(post: PartnershipPost, today: date | None = None) -> tuple:
    """Statuses the post may move to now. An expired post can only be marked formed or closed
    (to reopen it, give it a later deadline first)."""
    if post.is_expired(today):
        return ("formed", "closed")
    return TRANSITIONS[post.status]


PARTNER_SUGGESTIONS = 5  # names offered when a typed part of a name fits several organisations


def _find_partner_by_name(name: str) -> Organisation:
    """The verified organisation a typed name means: its whole name or a part of it, whatever the
    case, diacritics or quotes ("fundacja laczy" finds Fundacja „Łączy”)."""
    key = name_key(name)
    verified = select(Organisation).where(Organisation.verified_at.is_not(None))
    exact = db.session.execute(verified.where(Organisation.name_key == key)).scalars().first()
    if exact is not None:
        return exact
    found = db.session.execute(verified.where(Organisation.name_key.contains(key)).order_by(
        Organisation.sort_key).limit(PARTNER_SUGGESTIONS + 1)).scalars().all() if key else []
    if len(found) == 1:
        return found[0]
    if found:
        names = "; ".join(org.name for org in found[:PARTNER_SUGGESTIONS])
        raise PartnershipError(_("Several organisations match “%(name)s”: %(names)s. Type more of the name.",
                                 name=name, names=names), field="other_partner")
    raise PartnershipError(_("There is no verified organisation named “%(name)s” in the directory. "
                             "Check the name in the directory and type it, or a part of it.", name=name),
                           field="other_partner")


def _partners(post: PartnershipPost, partner_ids, other_name: str) -> list:
    allowed = {org_id for org_id, _name in partner_choices(post)}
    chosen = [org_id for org_id in dict.fromkeys(partner_ids or []) if org_id in allowed]
    if len(chosen) != len(set(partner_ids or [])):
        raise PartnershipError(_("Choose partners from the list."), field="partners")
    orgs = [db.session.get(Organisation, org_id) for org_id in chosen]
    other_name = " ".join(clean_input(other_name).split())
    if other_name:
        other = _find_partner_by_name(other_name)
        if other.id not in chosen:
            orgs.append(other)
    if any(org.id == post.organisation_id for org in orgs):
        raise PartnershipError(_("Your own organisation is not its own partner."), field="other_partner")
    return orgs


def change_status(actor, post: PartnershipPost, status: str, partner_ids=(), other_partner: str = "") -> None:
    """Move the post along open → in talks → formed / closed, naming the partner organisations."""
    if not can(actor, "partnerships.edit", post):
        raise PartnershipError(_("You cannot change the status of this post."))
    if status not in STATUSES or (status != post.status and status not in allowed_statuses(post)):
        raise PartnershipError(_("This post cannot move to that status now."), field="status")
    partners = _partners(post, partner_ids, other_partner or "")
    if status == "formed" and not partners:
        raise PartnershipError(_("Name at least one partner organisation of the formed partnership."),
                               field="partners")
    if status != post.status:
        post.status, post.status_changed_at = status, utcnow()
        post.formed_at = utcnow() if status == "formed" else None
    post.partners[:] = [PartnershipPartner(organisation_id=org.id, organisation=org) for org in partners]
    db.session.flush()
    touch_activity(post.organisation)


# --- interest and conversations ----------------------------------------------------------
def _path(endpoint: str, **values) -> str:
    """A path on this site, also outside a request (e.g. while seeding the demo)."""
    return current_app.url_map.bind("localhost").build(endpoint, values)


def _people(organisation_ids, extra_user_ids=()) -> list:
    """Active admins of the organisations, and the extra users while still members of one of them."""
    rows = db.session.execute(
        select(User).join(Membership, Membership.user_id == User.id).where(
            Membership.organisation_id.in_(organisation_ids), Membership.status == "active",
            or_(Membership.is_admin, User.id.in_([u for u in extra_user_ids if u])))
    ).unique().scalars()
    return list(dict.fromkeys(rows))


def _notify_all(users, actor, kind: str, url: str, subject_key: str, title) -> None:
    for user in users:
        with force_locale(user.language or current_app.config["BABEL_DEFAULT_LOCALE"]):
            text = title()
        notify(user, kind, title=text, url=url, actor=actor, subject_key=subject_key)


def express_interest(actor, post: PartnershipPost, organisation_id, message: str) -> PartnershipConversation:
    """A member of another organisation writes to the posting organisation: a private conversation opens."""
    if not can(actor, "partnerships.view", post):
        raise PartnershipError(_("This post does not exist or you may not see it."))
    if not post.is_active():
        raise PartnershipError(_("This post no longer looks for partners."))
    member_of = actor.member_org_ids()
    if not member_of:
        raise PartnershipError(_("You need to belong to an organisation to express interest. Join yours or "
                                 "add it in the directory first."), field="organisation")
    if member_of == {post.organisation_id} or organisation_id == post.organisation_id:
        raise PartnershipError(_("This is your own organisation's post: you cannot express interest in it."),
                               field="organisation")
    if organisation_id not in member_of:
        raise PartnershipError(_("You can write only on behalf of an organisation you belong to."),
                               field="organisation")

    if conversation_of(post, [organisation_id]) is not None:
        raise PartnershipError(_("Your organisation has already expressed interest in this post. "
                                 "Continue in your conversation."), field="organisation")
    if not can(actor, "partnerships.express_interest", post):  # e.g. unconfirmed or suspended
        raise PartnershipError(_("You cannot express interest now."))
    body = _message_body(message)
    org = db.session.get(Organisation, organisation_id)
    conversation = PartnershipConversation(post=post, organisation=org, started_by_id=actor.id,
                                           last_message_at=utcnow())
    conversation.messages.append(ConversationMessage(author_id=actor.id, organisation_id=org.id, body=body))
    db.session.add(conversation)
    db.session.flush()
    touch_activity(org)
    _notify_all(_people([post.organisation_id], [post.author_id]), actor, "partnership_interest",
                _path("partnerships.show_conversation", conversation_id=conversation.id),
                f"partnership_conversation:{conversation.id}:interest",
                lambda: _("%(organisation)s is interested in your post “%(title)s”", organisation=org.name,
                          title=post.title))
    return conversation


def _message_body(message: str) -> str:
    body = clean_input(message).strip()
    if not body:
        raise PartnershipError(_("Write a message."), field="message")
    if len(body) > MESSAGE_MAX:
        raise PartnershipError(_("A message has at most %(max)d characters.", max=MESSAGE_MAX), field="message")
    return body


def post_message(actor, conversation: PartnershipConversation, message: str) -> ConversationMessage:
    """An answer in the conversation, written for the actor's side."""
    if not can(actor, "partnerships.write_message", conversation):
        raise PartnershipError(_("You cannot write in this conversation."))
    body = _message_body(message)
    side = conversation.post.organisation_id
    if side not in actor.member_org_ids():
        side = conversation.organisation_id
    reply = ConversationMessage(author_id=actor.id, organisation_id=side, body=body)
    conversation.messages.append(reply)
    conversation.last_message_at = utcnow()
    db.session.flush()
    post = conversation.post
    _notify_all(_people(conversation.organisation_ids, [post.author_id, conversation.started_by_id]), actor,
                "conversation_message", _path("partnerships.show_conversation", conversation_id=conversation.id),
                f"partnership_conversation:{conversation.id}",
                lambda: _("New message about “%(title)s” from %(name)s", title=post.title, name=actor.display_name))
    return reply


def report_conversation(actor, conversation: PartnershipConversation, reason: str) -> None:
    """One side asks the secretariat to look: from now on moderators may read the conversation."""
    if not can(actor, "partnerships.report_conversation", conversation):
        raise PartnershipError(_("This conversation is already reported, or you cannot report it."))
    reason = " ".join(clean_input(reason).split())
    if not reason:
        raise PartnershipError(_("Tell the secretariat what is wrong."), field="reason")
    if len(reason) > REASON_MAX:
        raise PartnershipError(_("The reason has at most %(max)d characters.", max=REASON_MAX), field="reason")
    conversation.reported_at, conversation.reported_by_id = utcnow(), actor.id
    conversation.report_reason = reason
    conversation.report_resolved_at = conversation.report_resolved_by_id = None
    db.session.flush()


def resolve_report(actor, conversation: PartnershipConversation, note: str = "") -> None:
    """The secretariat closes the report (it stays readable to them, for the record)."""
    if not can(actor, "partnerships.moderate", conversation):
        raise PartnershipError(_("Only the network secretariat resolves reports."))
    if not conversation.is_reported or conversation.report_resolved_at is not None:
        raise PartnershipError(_("This report is already resolved."))
    conversation.report_resolved_at, conversation.report_resolved_by_id = utcnow(), actor.id
    log_moderation(actor, "partnership_conversation.resolve", "partnership_conversation", conversation.id,
                   target_label=conversation.post.title[:300], reason=" ".join(clean_input(note).split()))
    db.session.flush()


# --- telling matching organisations --------------------------------------------------------
def _notify_matching_organisations(actor, post: PartnershipPost) -> None:
    """Admins of the best-fitting organisations that bring a sought sector hear of a new public post."""
    if not post.is_public or not post.sectors_sought:
        return

    # Candidates bringing a sought sector rank above all others, so the best of them are the first.
    rows = match_list(AnonymousUser(), post, kind="organisation")[:MATCH_NOTIFICATIONS]  # public ones only
    best = [row.match.candidate.organisation_id for row in rows
            if row.match.reasons and row.match.reasons[0].code == "sector_sought"]
    if not best:
        return
    _notify_all(_people(best), actor, "partnership_match", _path("partnerships.show_post", post_id=post.id),
                f"partnership_post:{post.id}:match",
                lambda: _("A new partnership post fits your organisation: “%(title)s”", title=post.title))
