"""Messages from the organisers to the registrants of one date (confirmed, waiting, or both).

Each recipient gets a notification of the kind "event_message" — in the list and, as their
settings say, by e-mail — whose words (and the date, time and place) are in their language;
the organiser's own text goes as written. The message is kept with its recipients, so the
organisers see who sent what, when and to how many, and each recipient may read it on the site.
"""
from sqlalchemy import select

from app.events import messages
from app.events.errors import EventError, NotAllowed
from app.events.models import MESSAGE_AUDIENCES, EventMessage, EventMessageRecipient, Registration
from app.events.recurrence import get_occurrence
from app.extensions import db
from app.i18n import gettext as _
from app.inputs import to_id
from app.notifications.kinds import MailDetails, mail_details_for
from app.permissions import can
from app.text import clean_input, render_markdown

SUBJECT_MAX = 200
BODY_MAX = 10_000
_STATUSES = {"confirmed": ("confirmed",), "waiting": ("waiting",), "both": ("confirmed", "waiting")}


def write_to_registrants(actor, event, key: str, audience: str, subject: str, body: str) -> EventMessage:
    """Send subject and body to those registered for one date (audience: confirmed, waiting, both)."""
    if not can(actor, "events.write_to_registrants", event):
        raise NotAllowed(_("You may not do this."))
    occurrence = get_occurrence(event, key)
    if occurrence is None:
        raise EventError(_("The event does not take place on this date."))
    if audience not in MESSAGE_AUDIENCES:
        raise EventError(_("Choose who receives the message."), "audience")
    subject = _text(subject, SUBJECT_MAX, "subject", _("Write the subject."))
    body = _text(body, BODY_MAX, "body", _("Write the message."), keep_lines=True)
    recipients = [r.user for r in _registrations(event, key, audience) if r.user_id != actor.id]
    if not recipients:
        raise EventError(_("Nobody is registered in this group: the message was not sent."), "audience")
    message = EventMessage(event_id=event.id, occurrence_key=key, audience=audience, subject=subject, body=body,
                           body_html=render_markdown(body), sender_id=actor.id, recipient_count=len(recipients))
    db.session.add(message)
    db.session.flush()
    db.session.add_all(EventMessageRecipient(message_id=message.id, user_id=user.id) for user in recipients)
    title = f"{messages.occurrence_title(event, occurrence)}: {subject}"
    from app.notifications.services import notify

    for user in recipients:
        notify(user, "event_message", title=title, url=message_path(message), actor=actor,
               subject_key=f"event:{event.id}:message:{message.id}")
    db.session.flush()
    return message


def _text(value: str, length: int, field_name: str, missing: str, keep_lines: bool = False) -> str:
    text = clean_input(value).strip()
    if not keep_lines:
        text = " ".join(text.split())
    if not text:
        raise EventError(missing, field_name)
    if len(text) > length:
        raise EventError(_("At most %(max)d characters, please.", max=length), field_name)
    return text


def _registrations(event, key: str, audience: str) -> list[Registration]:
    return list(db.session.execute(select(Registration).where(
        Registration.event_id == event.id, Registration.occurrence_key == key,
        Registration.status.in_(_STATUSES[audience]),
    ).order_by(Registration.id)).scalars())


def audience_counts(event, key: str) -> dict[str, int]:
    """How many each choice of audience reaches (for the form's labels)."""
    from app.events.registration import count_places

    counts = count_places(event.id, key)
    return {**counts, "both": counts["confirmed"] + counts["waiting"]}


def message_path(message) -> str:
    return f"/events/{message.event_id}/messages/{message.id}"


def sent_messages(event, key: str | None = None) -> list[EventMessage]:
    """The messages sent for one date (or for every date of the event), newest first, senders loaded."""
    statement = select(EventMessage).where(EventMessage.event_id == event.id)
    if key is not None:
        statement = statement.where(EventMessage.occurrence_key == key)
    return list(db.session.execute(statement.order_by(EventMessage.created_at.desc(), EventMessage.id.desc()))
                .unique().scalars())


@mail_details_for("event_message")
def message_mail(notification) -> MailDetails | None:
    """The organisers' text as written, then when and where, in the recipient's language."""
    parts = (notification.subject_key or "").split(":")
    message = db.session.get(EventMessage, to_id(parts[3])) if len(parts) > 3 and to_id(parts[3]) else None
    if message is None:
        return None
    occurrence = get_occurrence(message.event, message.occurrence_key)
    paragraphs = [p.strip() for p in message.body.replace("\r\n", "\n").split("\n\n") if p.strip()]
    lines = [_("Subject: %(subject)s", subject=message.subject), *paragraphs]
    if occurrence is not None:
        lines += messages.when_and_where(message.event, occurrence)
    return MailDetails(lines=lines)
