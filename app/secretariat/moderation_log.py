"""The moderation log: who did what to which object, when and why. Every part writes to it."""
from app.extensions import db
from app.secretariat.models import ModerationLogEntry


def log_moderation(actor, action: str, target_kind: str, target_id: int, *,
                   target_label: str = "", reason: str = "", details: str = "") -> ModerationLogEntry:
    """Write one entry to the moderation log (who, what, when, why)."""
    entry = ModerationLogEntry(
        actor_id=actor.id, action=action, target_kind=target_kind, target_id=target_id,
        target_label=target_label[:300], reason=reason or "", details=details[:500],
    )
    db.session.add(entry)
    db.session.flush()
    return entry
