"""Moderation log actions in words; an action not listed here is shown by its code."""
from flask_babel import lazy_gettext as _l

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
