"""Routes around a meeting, on the events blueprint: writing to the registrants, registration
questions, attendance and the minutes (views.py holds the calendar, the event and registration).
"""
from flask import flash, redirect, render_template, request
from flask_babel import ngettext
from flask_login import current_user

from app.db import commit
from app.events import letters, queries
from app.events.errors import EventError
from app.events.meeting_forms import RegistrantMessageForm
from app.events.models import SINGLE
from app.events.views import OCCURRENCE, _require_login, _show_error, _user, bp, occurrence_url
from app.limits import per_member
from app.permissions import access_event, access_event_message, found_or_404, require


def _occurrence_of(event, key: str):
    return found_or_404(queries.occurrence_or_first(event, key or None))


# --- writing to the registrants -----------------------------------------------------------------
@bp.route("/<int:event_id>/write", methods=["GET", "POST"], defaults={"occurrence": SINGLE})
@bp.route(f"/<int:event_id>/{OCCURRENCE}/write", methods=["GET", "POST"])
@per_member("EVENT_MESSAGE_RATE_LIMIT")
def write_to_registrants(event_id, occurrence):
    event = access_event(current_user, event_id)
    require(current_user, "events.write_to_registrants", event)
    found = _occurrence_of(event, occurrence)
    form = RegistrantMessageForm()
    form.set_audiences(letters.audience_counts(event, found.key))
    if form.validate_on_submit():
        try:
            message = letters.write_to_registrants(_user(), event, found.key, form.audience.data,
                                                   form.subject.data, form.body.data)
        except EventError as error:
            _show_error(form, error)
        else:
            commit()
            flash(ngettext("The message is sent to %(num)d person.", "The message is sent to %(num)d people.",
                           message.recipient_count), "success")
            return redirect(occurrence_url(found))
    return render_template("events/write.html", form=form, event=event, occurrence=found,
                           sent=letters.sent_messages(event, found.key)), 400 if form.errors else 200


@bp.get("/<int:event_id>/messages/<int:message_id>")
def show_message(event_id, message_id):
    _require_login()
    event = access_event(current_user, event_id)
    message = access_event_message(current_user, event, message_id)
    return render_template("events/message.html", event=event, message=message,
                           occurrence=queries.occurrence_or_first(event, message.occurrence_key or None))
