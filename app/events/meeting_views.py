"""Routes around a meeting, on the events blueprint: writing to the registrants, registration
questions and attendance (views.py holds the calendar, the event, registration and the minutes;
it imports this module last, so the shared helpers below come from it).
"""
from flask import flash, redirect, render_template, request, url_for
from flask_login import current_user

from app.db import commit, utcnow
from app.events import attendance, export, letters, queries, questions
from app.events.errors import EventError
from app.events.forms import ConfirmForm
from app.events.meeting_forms import (
    KIND_LABELS, AttendanceForm, PublicListForm, QuestionForm, RegistrantMessageForm, WalkInForm,
)
from app.events.models import SINGLE
from app.events.views import OCCURRENCE, _require_login, _user, bp, occurrence_url
from app.i18n import gettext as _, ngettext
from app.limits import per_member
from app.permissions import access_event, access_event_message, found_or_404, require
from app.refusals import show_refusal


bp.add_app_template_global(questions.shown_answer, "shown_answer")


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
            show_refusal(form, error)
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


# --- registration questions ---------------------------------------------------------------------
def _questions_page(event, form, status: int = 200):
    return render_template("events/questions.html", event=event, form=form, questions=questions.questions_of(event),
                           public_form=PublicListForm(public_participants=event.public_participants),
                           confirm=ConfirmForm(), lang=queries.current_language(),
                           kind_labels=KIND_LABELS), status


@bp.route("/<int:event_id>/questions", methods=["GET", "POST"])
def edit_questions(event_id):
    event = access_event(current_user, event_id)
    require(current_user, "events.edit", event)
    form = QuestionForm()
    if form.validate_on_submit():
        try:
            questions.add_question(_user(), event, form.data_of())
        except EventError as error:
            show_refusal(form, error)
        else:
            commit()
            flash(_("The question is added to the registration form."), "success")
            return redirect(url_for("events.edit_questions", event_id=event.id))
    return _questions_page(event, form, 400 if form.errors else 200)


def _question_to_edit(event_id: int, question_id: int):
    """(event, question) for one who may edit the event's questions; 404/403 otherwise."""
    event = access_event(current_user, event_id)
    require(current_user, "events.edit", event)
    return event, found_or_404(questions.question_of(event, question_id))


@bp.route("/<int:event_id>/questions/<int:question_id>", methods=["GET", "POST"])
def edit_question(event_id, question_id):
    event, question = _question_to_edit(event_id, question_id)
    form = QuestionForm(data=questions.question_values(question) if request.method == "GET" else None)
    if form.validate_on_submit():
        try:
            questions.update_question(_user(), question, form.data_of())
        except EventError as error:
            show_refusal(form, error)
        else:
            commit()
            flash(_("The question is saved; answers already given keep the text they answered."), "success")
            return redirect(url_for("events.edit_questions", event_id=event.id))
    return render_template("events/question_form.html", event=event, form=form, question=question), \
        400 if form.errors else 200


@bp.post("/<int:event_id>/questions/<int:question_id>/remove")
def remove_question(event_id, question_id):
    event, question = _question_to_edit(event_id, question_id)
    if ConfirmForm().validate_on_submit():
        questions.remove_question(_user(), question)
        commit()
        flash(_("The question is removed; answers already given stay readable."), "success")
    return redirect(url_for("events.edit_questions", event_id=event.id))


@bp.post("/<int:event_id>/questions/<int:question_id>/up")
def move_question_up(event_id, question_id):
    event, question = _question_to_edit(event_id, question_id)
    if ConfirmForm().validate_on_submit():
        questions.move_question_up(_user(), question)
        commit()
    return redirect(url_for("events.edit_questions", event_id=event.id, _anchor=f"question-{question.id}"))


@bp.post("/<int:event_id>/questions/public-list")
def set_public_list(event_id):
    event = access_event(current_user, event_id)
    require(current_user, "events.edit", event)
    form = PublicListForm()
    if form.validate_on_submit():
        questions.set_public_participants(_user(), event, form.public_participants.data)
        commit()
        flash(_("The changes are saved."), "success")
    return redirect(url_for("events.edit_questions", event_id=event.id))


# --- attendance ---------------------------------------------------------------------------------
def _attendance_page(event, occurrence, form=None, walk_in=None, status: int = 200):
    registrants = attendance.registrants(event, occurrence.key)
    attendees = attendance.attendees(event, occurrence.key)
    organisations = {k: "; ".join(v) for k, v in export.organisations_of([r.user_id for r in registrants]).items()}
    if form is None:
        form = AttendanceForm(data={"attended": [a.registration_id for a in attendees if a.registration_id]})
    form.set_registrants(registrants, organisations)
    return render_template("events/attendance.html", event=event, occurrence=occurrence, form=form,
                           walk_in=walk_in or WalkInForm(), attendees=attendees, confirm=ConfirmForm(),
                           summary=attendance.summary(event, occurrence.key),
                           started=occurrence.has_started(utcnow())), status


@bp.route("/<int:event_id>/attendance", methods=["GET", "POST"], defaults={"occurrence": SINGLE})
@bp.route(f"/<int:event_id>/{OCCURRENCE}/attendance", methods=["GET", "POST"])
def record_attendance(event_id, occurrence):
    event = access_event(current_user, event_id)
    require(current_user, "events.record_attendance", event)
    found = _occurrence_of(event, occurrence)
    form = AttendanceForm() if request.method == "POST" else None
    if form is not None and form.validate_on_submit():
        try:
            count = attendance.set_attendance(_user(), event, found.key, form.attended.data or [])
        except EventError as error:
            show_refusal(form, error)
        else:
            commit()
            flash(ngettext("Attendance saved: %(num)d registrant attended.",
                           "Attendance saved: %(num)d registrants attended.", count), "success")
            return redirect(request.path)
    return _attendance_page(event, found, form, status=400 if form is not None and form.errors else 200)


@bp.post("/<int:event_id>/attendance/add", defaults={"occurrence": SINGLE})
@bp.post(f"/<int:event_id>/{OCCURRENCE}/attendance/add")
def add_walk_in(event_id, occurrence):
    event = access_event(current_user, event_id)
    require(current_user, "events.record_attendance", event)
    found = _occurrence_of(event, occurrence)
    walk_in = WalkInForm()
    if walk_in.validate_on_submit():
        try:
            attendance.add_walk_in(_user(), event, found.key, walk_in.name.data, walk_in.organisation.data or "")
        except EventError as error:
            show_refusal(walk_in, error)
        else:
            commit()
            flash(_("%(name)s is added to the attendance.", name=walk_in.name.data), "success")
            return redirect(_attendance_url(event, found.key))
    return _attendance_page(event, found, walk_in=walk_in, status=400)


@bp.post("/<int:event_id>/attendance/<int:attendee_id>/remove")
def remove_walk_in(event_id, attendee_id):
    event = access_event(current_user, event_id)
    require(current_user, "events.record_attendance", event)
    attendee = found_or_404(attendance.attendee_of(event, attendee_id))
    if ConfirmForm().validate_on_submit():
        try:
            attendance.remove_walk_in(_user(), attendee)
        except EventError as error:
            show_refusal(None, error)
        else:
            commit()
            flash(_("%(name)s is removed from the attendance.", name=attendee.name), "success")
    return redirect(_attendance_url(event, attendee.occurrence_key))


def _attendance_url(event, key: str) -> str:
    if key:
        return url_for("events.record_attendance", event_id=event.id, occurrence=key)
    return url_for("events.record_attendance", event_id=event.id)
