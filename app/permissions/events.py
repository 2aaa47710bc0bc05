"""Events: drafts seen by their organisation, registrations by their organisers."""
from flask import abort

from app.directory.models import Organisation
from app.events.models import Event, EventMessage, EventMessageRecipient, Registration
from app.extensions import db
from app.inputs import MAX_ID
from app.permissions.grants import Grant, may_see, visibility
from app.permissions.principal import principal_of
from app.permissions.registry import can, is_active_writer, is_staff, rule


@visibility("events")
def event_grants(event):
    # Drafts: the organiser organisation's members who are not suspended; published and
    # cancelled events: everyone.
    return [Grant("public", when=event.status != "draft"),
            Grant("org-drafts", event.organisation_id, when=event.status == "draft")]


def _in_organiser_org(user, event) -> bool:
    return event is not None and event.organisation_id in principal_of(user).member_org_ids


@rule("events.view")
def _events_view(user, event):
    return event is None or may_see(user, "events", event)


def belongs_to_a_verified_org(user) -> bool:
    member_of = principal_of(user).member_org_ids
    return bool(member_of) and db.session.execute(
        db.select(Organisation.id).where(Organisation.id.in_(member_of), Organisation.verified_at.is_not(None)).limit(1)
    ).first() is not None


@rule("events.create")
def _events_create(user, organisation):
    # The directory's rule: members publish for their organisation once it is verified (an
    # unverified one is hidden, and its events would be public). Without one: may the user
    # create an event for any organisation?
    if organisation is None:
        return is_active_writer(user) and belongs_to_a_verified_org(user)
    return can(user, "directory.act_for", organisation)


@rule("events.edit")
def _events_edit(user, event):
    return is_active_writer(user) and _in_organiser_org(user, event)


@rule("events.cancel")
def _events_cancel(user, event):
    # The secretariat may cancel a published event too (e.g. one posted by mistake).
    return is_active_writer(user) and (_in_organiser_org(user, event) or (is_staff(user) and event.status != "draft"))


@rule("events.register")
def _events_register(user, event):
    return is_active_writer(user) and event is not None and event.status == "published" and event.registration_enabled


@rule("events.view_registrations")
def _events_view_registrations(user, event):
    # Organisers and co-organisers see who registered (personal data: nobody else).
    return (is_active_writer(user) and event is not None
            and not event.organiser_ids.isdisjoint(principal_of(user).member_org_ids))


# What organisers and co-organisers do around a meeting (messages, minutes, attendance).
def _runs_the_event(user, event) -> bool:
    """A member of the organiser or of a co-organiser organisation (the registrations' readers)."""
    return can(user, "events.view_registrations", event)


@rule("events.write_to_registrants")
def _events_write_to_registrants(user, event):
    return _runs_the_event(user, event)


@rule("events.write_minutes")
def _events_write_minutes(user, event):
    return _runs_the_event(user, event)


@rule("events.record_attendance")
def _events_record_attendance(user, event):
    return _runs_the_event(user, event)


@rule("events.view_attendance")
def _events_view_attendance(user, event):
    # Who attended (names) is for the organisers and the secretariat; counts are public.
    return _runs_the_event(user, event) or is_staff(user)


def access_event(viewer, event_id: int):
    """The event, or 404 when it is missing or the viewer may not see it (a draft)."""
    # An id beyond any stored one is simply missing (PostgreSQL would refuse to compare it).
    event = db.session.get(Event, event_id) if 0 < event_id <= MAX_ID else None
    if event is None or not can(viewer, "events.view", event):
        abort(404)
    return event


def access_registration(viewer, registration_id: int):
    """The viewer's own registration, or 404."""
    registration = db.session.get(Registration, registration_id) if 0 < registration_id <= MAX_ID else None
    if registration is None or viewer.id is None or registration.user_id != viewer.id:
        abort(404)
    return registration


def access_event_message(viewer, event, message_id: int):
    """A message of this event to its registrants, for its organisers and its recipients; else 404."""
    message = db.session.get(EventMessage, message_id) if 0 < message_id <= MAX_ID else None
    if message is None or message.event_id != event.id:
        abort(404)
    if not _runs_the_event(viewer, event) and (viewer.id is None or db.session.get(
            EventMessageRecipient, (message.id, viewer.id)) is None):
        abort(404)
    return message
