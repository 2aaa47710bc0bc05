"""The words for each kind of notification and each way of receiving it."""
from flask_babel import lazy_gettext as _l

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
