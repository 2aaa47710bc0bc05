"""Directory verbs: profiles, activity, verification, membership and invitations.

Every verb takes the actor first and plain values; it flushes, never commits, and raises
DirectoryError with a translated, user-facing message when the world says no.
"""
from flask import current_app, url_for
from flask_babel import force_locale, get_locale

from app import signed_links, taxonomy
from app.auth.models import User
from app.auth.services import get_user_by_email, normalise_email
from app.db import utcnow
from app.directory import registry_numbers
from app.directory.addresses import CITY_MAX, POSTCODE_ERROR, STREET_MAX, is_valid_postcode, normalise_postcode
from app.directory.models import DESCRIPTION_LANGUAGES, Invitation, Membership, Organisation
from app.directory.naming import name_key
from app.directory.queries import list_admins
from app.directory.registry_numbers import REGISTRIES
from app.extensions import db
from app.i18n import gettext as _, lazy_gettext as _l
from app.mail import send_email
from app.notifications.services import notify
from app.permissions import forget_principal
from app.refusals import Refused
from app.secretariat.moderation_log import log_moderation
from app.text import clean_input, render_markdown
from app.translit import slugify

# Slugs that are addresses of their own under /orgs/.
RESERVED_SLUGS = frozenset({"new", "pending", "invitations", "export"})
SLUG_LENGTH = 80
INVITATION_MAX_AGE = 60 * 60 * 24 * 14  # seconds; ORG_INVITATION_MAX_AGE in the config overrides it


class DirectoryError(Refused):
    """A request the directory's rules refuse."""


# --- slugs and names ------------------------------------------------------------------------
def unique_slug(name: str) -> str:
    """A slug for a new organisation: transliterated name, then -2, -3… if taken or reserved."""
    base = slugify(name, max_length=SLUG_LENGTH) or "organisation"
    taken = set(db.session.execute(
        db.select(Organisation.slug).where(
            (Organisation.slug == base) | Organisation.slug.like(f"{base}-%")
        )
    ).scalars()) | RESERVED_SLUGS
    candidate, number = base, 1
    while candidate in taken:
        number += 1
        candidate = f"{base}-{number}"
    return candidate


def _check_name(name: str, org_id: int | None) -> str:
    name = " ".join(clean_input(name).split())
    key = name_key(name)
    if not key:
        raise DirectoryError(_l("The name must contain letters or digits."), field="name")
    clash = db.session.execute(
        db.select(Organisation.id).where(Organisation.name_key == key, Organisation.id != (org_id or 0))
    ).first()
    if clash is not None:
        raise DirectoryError(_l("An organisation with this name is already in the directory."), field="name")
    return name


# --- profile --------------------------------------------------------------------------------
def _text(value, limit: int | None = None) -> str | None:
    value = clean_input(value).strip()
    return (value[:limit] if limit else value) or None


def _apply_profile(org: Organisation, values: dict) -> None:
    org.name = _check_name(values["name"], org.id)
    org_type = values["org_type"]
    if not taxonomy.is_valid("org_types", org_type):
        raise DirectoryError(_l("Choose the type of organisation from the list."), field="org_type")
    org.org_type, org.sector = org_type, taxonomy.sector_of_type(org_type)
    org.short_name = _text(values.get("short_name"), 60)
    _apply_address(org, values)
    _apply_registry_numbers(org, values)
    org.email = _text(values.get("email"), 254)
    org.phone = _text(values.get("phone"), 40)
    org.website = _text(values.get("website"), 300)
    org.whole_region = bool(values.get("whole_region"))
    # An organisation of the whole region serves every county: it shows up under each of them.
    counties = taxonomy.slugs("counties") if org.whole_region else values.get("counties") or []
    org.set_tags("counties", counties)
    org.set_tags("thematic_areas", values.get("themes") or [])
    org.set_tags("target_groups", values.get("target_groups") or [])
    org.set_tags("languages", values.get("languages") or [])
    descriptions = values.get("descriptions") or {}
    if not any(_text(descriptions.get(lang)) for lang in DESCRIPTION_LANGUAGES):
        raise DirectoryError(_l("Describe the organisation in at least one language."), field="description_pl")
    for lang in DESCRIPTION_LANGUAGES:
        source = _text(descriptions.get(lang))
        setattr(org, f"description_{lang}", source)
        setattr(org, f"description_{lang}_html", render_markdown(source) if source else None)


def _apply_address(org: Organisation, values: dict) -> None:
    postcode = normalise_postcode(clean_input(values.get("postcode"))) or None
    if postcode and not is_valid_postcode(postcode):
        raise DirectoryError(POSTCODE_ERROR, field="postcode")
    org.street, org.postcode = _text(values.get("street"), STREET_MAX), postcode
    org.city = _text(values.get("city"), CITY_MAX)


def _apply_registry_numbers(org: Organisation, values: dict) -> None:
    for registry in REGISTRIES:
        value = values.get(registry.field)
        error = registry_numbers.problem(registry.field, value)
        if error is not None:
            raise DirectoryError(error, field=registry.field)
        setattr(org, registry.field, registry_numbers.compact(value) or None)


def create_org(actor, **values) -> Organisation:
    """A new organisation awaiting verification, with actor as its admin.

    values: name, org_type, descriptions={lang: text}, and optionally short_name, themes,
    target_groups, counties, whole_region, languages, street, postcode, city, krs, nip, regon,
    email, phone, website.
    """
    org = Organisation(created_by_id=actor.id, last_activity_at=utcnow())
    _apply_profile(org, values)
    org.slug = unique_slug(org.name)
    db.session.add(org)
    db.session.flush()
    db.session.add(Membership(organisation_id=org.id, user_id=actor.id, role="admin", status="active"))
    db.session.flush()
    forget_principal(actor)
    return org


def update_org(actor, org: Organisation, **values) -> Organisation:
    """Change the profile (the slug stays: links to it keep working). A refused one is resubmitted."""
    _apply_profile(org, values)
    if org.is_refused:
        org.refused_at = None
        org.refusal_reason = None
    db.session.flush()
    return org


def touch_activity(org, when=None) -> None:
    """Record that org (an Organisation, its id, or None) did something now: the "recent activity" sort."""
    if org is None:
        return
    if not isinstance(org, Organisation):
        org = db.session.get(Organisation, org)
    when = when or utcnow()
    if org is not None and (org.last_activity_at is None or org.last_activity_at < when):
        org.last_activity_at = when


# --- verification ---------------------------------------------------------------------------
def verify_org(actor, org: Organisation) -> None:
    """The secretariat confirms the organisation: it enters the public directory."""
    if org.is_verified:
        raise DirectoryError(_l("This organisation is already verified."))
    org.verified_at, org.verified_by_id = utcnow(), actor.id
    org.refused_at, org.refusal_reason = None, None
    log_moderation(actor, "org.verify", "organisation", org.id, target_label=org.name)
    _tell_admins(actor, org, None)
    db.session.flush()


def refuse_org(actor, org: Organisation, reason: str) -> None:
    """The secretariat does not verify the organisation; its admins are told why."""
    reason = _text(reason, 1000)
    if not reason:
        raise DirectoryError(_l("Give the reason: the organisation's admins will read it."), field="reason")
    if org.is_verified:
        raise DirectoryError(_l("This organisation is already verified."))
    org.refused_at, org.refusal_reason = utcnow(), reason
    log_moderation(actor, "org.refuse", "organisation", org.id, target_label=org.name, reason=reason)
    _tell_admins(actor, org, reason)
    db.session.flush()


def _tell_admins(actor, org: Organisation, refusal_reason: str | None) -> None:
    url = url_for("directory.show_org", slug=org.slug, _external=False)
    for admin in list_admins(org):
        with force_locale(admin.language or "pl"):
            if refusal_reason is None:
                title = _("The secretariat verified your organisation “%(name)s”.", name=org.name)
            else:
                title = _("The secretariat did not verify “%(name)s”: %(reason)s",
                          name=org.name, reason=refusal_reason)
        notify(admin, "org_verified", title=title, url=url, actor=actor)


# --- membership -----------------------------------------------------------------------------
def _membership(org: Organisation, membership_id: int, status: str = "active") -> Membership:
    membership = db.session.get(Membership, membership_id)
    if membership is None or membership.organisation_id != org.id or membership.status != status:
        raise DirectoryError(_l("This person is not (or no longer) on the list. Reload the page."))
    return membership


def _other_admins(org: Organisation, membership: Membership) -> int:
    return db.session.execute(
        db.select(db.func.count(Membership.id)).where(
            Membership.organisation_id == org.id, Membership.is_admin, Membership.id != membership.id,
        )
    ).scalar_one()


def _may_lose_admin_role(membership: Membership, other_admins: int) -> bool:
    """The rule: an organisation always keeps at least one admin."""
    return not membership.is_admin or other_admins > 0


def demotable_memberships(memberships: list[Membership]) -> set[int]:
    """Ids of the memberships (all of one organisation) that may lose their admin role."""
    admins = sum(1 for m in memberships if m.is_admin)
    return {m.id for m in memberships if m.is_admin and _may_lose_admin_role(m, admins - 1)}


def _keep_an_admin(org: Organisation, membership: Membership) -> None:
    """Refuse to take the admin role from the last admin."""
    if not _may_lose_admin_role(membership, _other_admins(org, membership)):
        raise DirectoryError(_l("The organisation must keep at least one admin. Make another member "
                               "an admin first."))


# --- an organisation keeps an admin ---------------------------------------------------------
# The one rule for the last admin going (leaving, being removed, deleting their account): while
# other members remain, they hand the role over first; when nobody else is left, the
# secretariat (which may manage any organisation) becomes responsible and is told.
def _has_other_members(org_id: int, user_id: int) -> bool:
    return db.session.execute(db.select(Membership.id).where(
        Membership.organisation_id == org_id, Membership.status == "active", Membership.user_id != user_id,
    ).limit(1)).first() is not None


def _let_admin_go(actor, org: Organisation, membership: Membership) -> None:
    """Check, before membership goes, that org is not left without an admin (see above)."""
    nobody_left = not _has_other_members(org.id, membership.user_id)
    if membership.is_admin and nobody_left and _other_admins(org, membership) == 0:
        _tell_secretariat_no_admin(actor, org)
    else:
        _keep_an_admin(org, membership)


def sole_admin_organisations(user) -> list[Organisation]:
    """The organisations that would be left without an admin if user went."""
    admin_of = db.select(Membership.organisation_id).where(
        Membership.user_id == user.id, Membership.is_admin)
    others = db.select(Membership.organisation_id).where(
        Membership.is_admin, Membership.user_id != user.id)
    return list(db.session.execute(db.select(Organisation).where(
        Organisation.id.in_(admin_of), Organisation.id.not_in(others)).order_by(Organisation.name)).scalars())


def organisations_to_hand_over(user) -> list[Organisation]:
    """The organisations user must hand over before deleting their account (others remain there)."""
    return [org for org in sole_admin_organisations(user) if _has_other_members(org.id, user.id)]


def release_organisations(user) -> None:
    """Before user's account is deleted: refuse while an organisation would lose its last admin
    with members left (naming them all), else tell the secretariat of those left with nobody."""
    to_hand_over = organisations_to_hand_over(user)
    if to_hand_over:
        raise DirectoryError(_l("You are the only admin of: %(names)s. Hand the admin role over to another "
                                "member first (on the organisation's members page).",
                                names=", ".join(org.name for org in to_hand_over)))
    for org in sole_admin_organisations(user):
        _tell_secretariat_no_admin(user, org)


def _secretariat() -> list:
    return list(db.session.execute(db.select(User).where(
        User.role.in_(("moderator", "admin")), User.suspended_at.is_(None)).order_by(User.id)).scalars())


def _tell_secretariat_no_admin(actor, org: Organisation) -> None:
    url = url_for("directory.manage_members", slug=org.slug, _external=False)
    for person in _secretariat():
        with force_locale(person.language or "pl"):
            title = _("“%(name)s” has no admin and no members any more: the secretariat now looks after it.",
                      name=org.name)
        notify(person, "org_without_admin", title=title, url=url, actor=actor, subject_key=f"organisation:{org.id}")


def _forget_roles(user_id: int) -> None:
    user = db.session.get(User, user_id)
    if user is not None:
        forget_principal(user)


def request_to_join(actor, org: Organisation, message: str = "") -> Membership:
    """Ask the organisation's admins to accept actor as a member; they get an e-mail."""
    existing = db.session.execute(
        db.select(Membership).where(Membership.organisation_id == org.id, Membership.user_id == actor.id)
    ).scalar_one_or_none()
    if existing is not None:
        raise DirectoryError(_l("You are already a member of this organisation.") if existing.is_active
                             else _l("You have already asked to join; the admins will answer."))
    if not org.is_verified:
        raise DirectoryError(_l("You can ask to join once the secretariat has verified the organisation."))
    membership = Membership(organisation_id=org.id, user_id=actor.id, role="member", status="requested",
                            message=_text(message, 1000))
    db.session.add(membership)
    db.session.flush()

    members_url = url_for("directory.manage_members", slug=org.slug, _external=True)
    for admin in list_admins(org):
        send_email(admin.email, "directory/mail/join_request", admin.language or "pl", org=org,
                   requester=actor, message=membership.message, members_url=members_url, recipient=admin)
    return membership


def approve_request(actor, org: Organisation, membership_id: int) -> Membership:
    membership = _membership(org, membership_id, status="requested")
    membership.status = "active"
    db.session.flush()
    _forget_roles(membership.user_id)
    user = membership.user
    send_email(user.email, "directory/mail/request_approved", user.language or "pl", org=org, recipient=user,
               org_url=url_for("directory.show_org", slug=org.slug, _external=True))
    return membership


def refuse_request(actor, org: Organisation, membership_id: int) -> None:
    db.session.delete(_membership(org, membership_id, status="requested"))
    db.session.flush()


def remove_member(actor, org: Organisation, membership_id: int) -> None:
    membership = _membership(org, membership_id)
    _let_admin_go(actor, org, membership)
    db.session.delete(membership)
    db.session.flush()
    _forget_roles(membership.user_id)


def leave_org(actor, org: Organisation) -> None:
    membership = db.session.execute(
        db.select(Membership).where(Membership.organisation_id == org.id, Membership.user_id == actor.id,
                                    Membership.status == "active")
    ).scalar_one_or_none()
    if membership is None:
        raise DirectoryError(_l("You are not a member of this organisation."))
    _let_admin_go(actor, org, membership)
    db.session.delete(membership)
    db.session.flush()
    forget_principal(actor)


def change_role(actor, org: Organisation, membership_id: int, role: str) -> Membership:
    """Make a member an admin, or an admin a member (never the last admin)."""
    if role not in ("admin", "member"):
        raise DirectoryError(_l("Unknown role."))
    membership = _membership(org, membership_id)
    if role == "member":
        _keep_an_admin(org, membership)
    membership.role = role
    db.session.flush()
    _forget_roles(membership.user_id)
    return membership


def hand_over_admin(actor, org: Organisation, membership_id: int) -> Membership:
    """actor (an admin) makes another member the admin and becomes a plain member."""
    target = _membership(org, membership_id)
    own = db.session.execute(
        db.select(Membership).where(Membership.organisation_id == org.id, Membership.user_id == actor.id,
                                    Membership.is_admin)
    ).scalar_one_or_none()
    if own is None or target.id == own.id:
        raise DirectoryError(_l("Only an admin can hand the role over, to another member."))
    target.role, own.role = "admin", "member"
    db.session.flush()
    _forget_roles(target.user_id)
    forget_principal(actor)
    return target


# --- invitations ----------------------------------------------------------------------------
INVITATION_LINK = "directory.invitation"  # the signed link's purpose (app/signed_links.py)


def invitation_token(invitation: Invitation) -> str:
    return signed_links.invitation_link(INVITATION_LINK, invitation, "o", invitation.organisation_id)


def invite_member(actor, org: Organisation, email: str) -> Invitation:
    """E-mail a signed link that makes the account opening it a member of org."""
    email = normalise_email(email)
    invitee = get_user_by_email(email)
    if invitee is not None and org.id in invitee.member_org_ids():
        raise DirectoryError(_l("This person is already a member of the organisation."), field="email")
    invitation = db.session.execute(
        db.select(Invitation).where(Invitation.organisation_id == org.id, Invitation.email == email,
                                    Invitation.accepted_at.is_(None))
    ).scalar_one_or_none()
    if invitation is None:
        invitation = Invitation(organisation_id=org.id, email=email)
        db.session.add(invitation)
    invitation.invited_by_id = actor.id
    db.session.flush()
    language = (invitee.language if invitee is not None else None) or str(get_locale() or "pl")
    send_email(email, "directory/mail/invitation", language, org=org, inviter=actor,
               accept_url=url_for("directory.accept_invitation", token=invitation_token(invitation), _external=True))
    return invitation


def cancel_invitation(actor, org: Organisation, invitation_id: int) -> None:
    invitation = db.session.get(Invitation, invitation_id)
    if invitation is None or invitation.organisation_id != org.id or invitation.accepted_at is not None:
        raise DirectoryError(_l("This invitation is no longer open."))
    db.session.delete(invitation)
    db.session.flush()


def load_invitation(token: str) -> Invitation:
    """The open invitation of a link; DirectoryError if the link is forged, expired or used."""
    max_age = current_app.config.get("ORG_INVITATION_MAX_AGE", INVITATION_MAX_AGE)
    try:
        return signed_links.open_invitation(INVITATION_LINK, token, max_age, Invitation, "o", "organisation_id")
    except signed_links.ExpiredLink:
        raise DirectoryError(_l("This invitation has expired. Ask the organisation's admin for a new one.")) from None
    except signed_links.InvalidLink:
        raise DirectoryError(_l("This invitation link is not valid. Check that you copied all of it.")) from None
    except signed_links.ClosedInvitation as closed:
        raise DirectoryError(_l("This invitation has already been used.") if closed.reason == "used"
                             else _l("This invitation has been withdrawn.")) from None


def accept_invitation(user, invitation: Invitation) -> Membership:
    """user joins the invitation's organisation (a pending join request becomes membership)."""
    org = invitation.organisation
    membership = db.session.execute(
        db.select(Membership).where(Membership.organisation_id == org.id, Membership.user_id == user.id)
    ).scalar_one_or_none()
    if membership is None:
        membership = Membership(organisation_id=org.id, user_id=user.id, role="member", status="active")
        db.session.add(membership)
    membership.status = "active"
    invitation.accepted_at, invitation.accepted_by_id = utcnow(), user.id
    db.session.flush()
    forget_principal(user)
    return membership
