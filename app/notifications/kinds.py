"""The words for each kind of notification and each way of receiving it."""
from collections.abc import Callable
from dataclasses import dataclass, field

from flask import current_app
from flask_babel import force_locale

from app.i18n import lazy_gettext as _l

# For the settings form: what the user chooses about.
KIND_CHOICE_LABELS = {
    "reply": _l("Replies to my posts"),
    "mention": _l("Mentions of me (@name) in posts"),
    "followed_post": _l("New posts in threads and forums I follow"),
    "event_registration": _l("Registrations for events of my organisation"),
    "waitlist_promotion": _l("A place for me after waiting on an event's waiting list"),
    "partnership_interest": _l("Interest in my organisation's partnership posts"),
    "conversation_message": _l("New messages in my partnership conversations"),
    "org_verified": _l("The secretariat's decision on my organisation"),
    "partnership_match": _l("New partnership posts that match my organisation"),
    "moderation_warning": _l("Warnings of the secretariat about my posts"),
    "org_without_admin": _l("Organisations left without an admin (for the secretariat)"),
    "event_registered": _l("Confirmation of my registration for an event"),
    "registration_removed": _l("My registration cancelled by the organiser"),
    "event_cancelled": _l("Cancellation of an event I registered for"),
    "event_moved": _l("New times of an event I registered for"),
    "event_reminder": _l("Reminders of events I registered for"),
    "event_message": _l("Messages from the organisers of events I registered for"),
    "library_document": _l("New library documents on the themes I follow"),
    "grant_call": _l("New calls for small grants that fit my organisation"),
    "grant_invitation": _l("Invitations of my organisation into small-grant applications"),
    "grant_review_assigned": _l("Small-grant applications given to me to review"),
    "grant_decision": _l("Decisions on my organisation's small-grant applications"),
    "grant_submitted": _l("Confirmation that my organisation's small-grant application is submitted"),
    "grant_report_reviewed": _l("The secretariat's answer to my organisation's final grant report"),
}

# For one notification in the list and in e-mail.
KIND_LABELS = {
    "reply": _l("Reply to your post"),
    "mention": _l("You were mentioned"),
    "followed_post": _l("New post in what you follow"),
    "event_registration": _l("New registration for your event"),
    "waitlist_promotion": _l("You have a place at the event"),
    "partnership_interest": _l("Interest in your partnership post"),
    "conversation_message": _l("New message in your conversation"),
    "org_verified": _l("Decision on your organisation"),
    "partnership_match": _l("New partnership post for your organisation"),
    "moderation_warning": _l("Warning from the secretariat"),
    "org_without_admin": _l("An organisation has no admin"),
    "event_registered": _l("Your registration for the event"),
    "registration_removed": _l("The organiser cancelled your registration"),
    "event_cancelled": _l("The event is cancelled"),
    "event_moved": _l("The event has new times"),
    "event_reminder": _l("Reminder of the event"),
    "event_message": _l("Message from the organisers of the event"),
    "library_document": _l("New document in the library"),
    "grant_call": _l("New call for small grants"),
    "grant_invitation": _l("Invitation into a small-grant application"),
    "grant_review_assigned": _l("An application to review"),
    "grant_decision": _l("Decision on a small-grant application"),
    "grant_submitted": _l("Small-grant application submitted"),
    "grant_report_reviewed": _l("Final grant report accepted or returned"),
}

DELIVERY_LABELS = {
    "app": _l("Only on the site"),
    "email": _l("E-mail at once"),
    "digest": _l("Daily e-mail digest"),
}


def kind_label(kind: str) -> str:
    return str(KIND_LABELS.get(kind, kind))


def kind_choice_label(kind: str) -> str:
    return str(KIND_CHOICE_LABELS.get(kind, kind))


def delivery_label(delivery: str) -> str:
    return str(DELIVERY_LABELS.get(delivery, delivery))


@dataclass
class MailDetails:
    """What a kind's e-mail adds to the title: lines of text and files (filename, content, mimetype)."""

    lines: list[str] = field(default_factory=list)
    attachments: list[tuple[str, bytes, str]] = field(default_factory=list)


# kind → builder(notification) -> MailDetails | None; registered by the part that makes the kind.
_MAIL_DETAILS: dict[str, Callable] = {}


def mail_details_for(*kinds: str):
    """Decorator: the function builds the e-mail details of these kinds (at sending time)."""
    def register(build: Callable) -> Callable:
        for kind in kinds:
            _MAIL_DETAILS[kind] = build
        return build
    return register


def mail_details(notification) -> MailDetails:
    """The details of notification's e-mail, in the recipient's language (none for most kinds)."""
    build = _MAIL_DETAILS.get(notification.kind)
    if build is None:
        return MailDetails()
    with force_locale(notification.user.language or current_app.config["BABEL_DEFAULT_LOCALE"]):
        return build(notification) or MailDetails()
