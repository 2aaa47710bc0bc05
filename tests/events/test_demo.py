"""The demo calendar: enough events, spread over time and counties, with the promised special cases."""
from datetime import timedelta

from sqlalchemy import func, select

from app.db import utcnow
from app.demo import DemoContext, demo_parts
from app.events import attendance, questions
from app.events.models import Attendance, Event, OccurrenceOverride, Registration, RegistrationAnswer
from app.events.recurrence import occurrences
from app.extensions import db


def test_demo_calendar(app):
    import random

    ctx = DemoContext(random=random.Random(2023))
    for name, seed in demo_parts():
        if name in ("accounts", "directory", "forums", "events"):
            seed(ctx)
            db.session.flush()
    db.session.commit()
    events = db.session.execute(select(Event)).scalars().all()
    now = utcnow()
    assert len(events) >= 80
    assert len({e.county for e in events if e.county}) >= 12
    starts = [e.starts_at for e in events if not e.is_recurring]
    assert min(starts) < now - timedelta(days=60) and max(starts) > now + timedelta(days=150)
    assert max(starts) < now + timedelta(days=190) and min(starts) > now - timedelta(days=95)

    meeting = next(e for e in events if e.is_recurring and "Tarnów" in e.title)
    assert "BYDAY=1TU" in meeting.recurrence_rule
    dates = occurrences(meeting, now, now + timedelta(days=180))
    assert all(o.local_start.weekday() == 1 and o.local_start.hour == 10 for o in dates if o.state == "scheduled")
    assert any(o.is_cancelled for o in dates) and any(o.is_moved for o in dates)
    assert db.session.execute(select(func.count()).select_from(OccurrenceOverride)).scalar_one() == 2
    assert db.session.execute(select(func.count()).where(Registration.event_id == meeting.id)).scalar_one() > 10

    full = next(e for e in events if e.capacity == 5)
    statuses = [r.status for r in db.session.execute(select(Registration).where(Registration.event_id == full.id)).scalars()]
    assert statuses.count("confirmed") == 5 and statuses.count("waiting") >= 1
    assert any(e.event_type == "webinar" and e.online_url and not e.county for e in events)
    assert any(e.is_cancelled for e in events) and any(e.is_draft for e in events)

    # The meeting's record and the registration questions (issue 17).
    past = [o for o in occurrences(meeting, meeting.starts_at, now) if o.ends_at < now]
    assert past and all(attendance.summary(meeting, o.key).people >= 1 for o in past)
    assert db.session.execute(select(func.count()).where(
        Attendance.event_id == meeting.id, Attendance.registration_id.is_(None))).scalar_one() >= len(past)
    assert [q.kind for q in questions.questions_of(meeting)] == ["one_choice", "yes_no", "long_text"]
    assert meeting.public_participants
    assert len(questions.questions_of(full)) == 3
    assert db.session.execute(select(func.count(RegistrationAnswer.id))).scalar_one() > 10
