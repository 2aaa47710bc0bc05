"""Moderation log actions in words; an action not listed here is shown by its code."""
import json

from flask_babel import get_locale
from flask_babel import lazy_pgettext

from app.i18n import lazy_gettext as _l

ACTION_LABELS = {
    "announcement.publish": _l("Announcement published"),
    "announcement.update": _l("Announcement changed"),
    "announcement.withdraw": _l("Announcement taken off the home page"),
    "category.create": _l("Forum category created"),
    "category.update": _l("Forum category changed"),
    "category.reorder": _l("Forum categories reordered"),
    "category.archive": _l("Forum category archived"),
    "category.unarchive": _l("Forum category restored"),
    "group.create": _l("Working group created"),
    "group.add_member": _l("Member added to a working group"),
    "group.change_member": _l("Working group membership changed"),
    "org.verify": _l("Organisation verified"),
    "org.refuse": _l("Organisation refused"),
    "partnership_conversation.resolve": _l("Reported conversation dealt with"),
    "post.hide": _l("Post hidden"),
    "post.unhide": _l("Post shown again"),
    "report.dismiss": _l("Report dismissed"),
    "thread.lock": _l("Thread locked"),
    "thread.unlock": _l("Thread unlocked"),
    "thread.pin": _l("Thread pinned"),
    "thread.unpin": _l("Thread unpinned"),
    "thread.move": _l("Thread moved"),
    "user.role": _l("Role changed"),
    "user.suspend": _l("Account suspended"),
    "user.unsuspend": _l("Suspension lifted"),
    "user.warn": _l("Author warned about a post"),
}


def action_label(action: str) -> str:
    label = ACTION_LABELS.get(action)
    return str(label) if label is not None else action


# --- details: stored as data, worded when read ------------------------------------------------
# An entry's details are kept as a kind and its values (JSON), so that each reader sees them in
# their own language; entries written before that are plain text and shown as they are.
DETAIL_TEXTS = {
    "reports_resolved": _l("reports resolved: %(count)s"),
    "post": _l("post %(id)s"),
    "report": _l("report %(id)s: %(reason)s"),
    "moved": _l("from %(source)s to %(target)s"),
    "renamed": _l("renamed from %(name)s"),
    "moved_up": _l("moved up"),
    "moved_down": _l("moved down"),
    "coordinator": _l("coordinator @%(username)s"),
    "group_role": _l("@%(username)s as %(role)s"),
    "group_removed": _l("@%(username)s removed"),
    "until": _l("until %(date)s"),
    "role_change": _l("%(previous)s → %(role)s"),
    "warned": _l("%(person)s; reports resolved: %(count)s"),
}
# Values that are codes, shown in words: roles on the site and in working groups.
VALUE_WORDS = {
    "member": lazy_pgettext("role", "member"), "coordinator": lazy_pgettext("role", "coordinator"),
    "moderator": lazy_pgettext("role", "moderator"), "admin": lazy_pgettext("role", "admin"),
}
WORDED_VALUES = ("role", "previous")
TEXT_MAX, NAME_MAX = 200, 60  # the column holds 500 characters: two names in three languages fit
LANGUAGE_ORDER = ("pl", "en", "uk")  # of names kept in every language, e.g. a category's


def _short(value):
    """Texts cut so that any kind's details fit the column (names kept in every language shorter)."""
    if isinstance(value, list):
        return [str(name)[:NAME_MAX] for name in value]
    return value[:TEXT_MAX] if isinstance(value, str) else value


def log_details(kind: str, **values) -> str:
    """The stored form of an entry's details: kind (a key of DETAIL_TEXTS) and its values."""
    if kind not in DETAIL_TEXTS:
        raise ValueError(f"unknown moderation log details {kind!r}")
    short = {key: _short(value) for key, value in values.items()}
    return json.dumps({"kind": kind, **short}, ensure_ascii=False, separators=(",", ":"))


def _in_reader_language(value):
    if isinstance(value, list) and len(value) == len(LANGUAGE_ORDER):  # one name per language
        language = str(get_locale() or "pl")
        return value[LANGUAGE_ORDER.index(language)] if language in LANGUAGE_ORDER else value[0]
    return value


def details_text(stored: str) -> str:
    """An entry's details in the reader's language (older entries: the text as written)."""
    try:
        data = json.loads(stored) if stored.startswith("{") else None
    except ValueError:
        data = None
    if not isinstance(data, dict) or data.get("kind") not in DETAIL_TEXTS:
        return stored
    values = {key: _in_reader_language(value) for key, value in data.items() if key != "kind"}
    for key in WORDED_VALUES:
        if key in values and values[key] in VALUE_WORDS:
            values[key] = str(VALUE_WORDS[values[key]])
    try:
        return str(DETAIL_TEXTS[data["kind"]]) % values
    except (KeyError, TypeError, ValueError):  # values that do not fit the words: show the data
        return stored
