"""The events calendar: lists, month grid, event and occurrence pages, iCalendar, registration."""
from datetime import datetime

from flask import Blueprint, Response, abort, flash, redirect, render_template, request, url_for
from flask_login import current_user

from app.db import commit, utcnow
from app.events import export, feeds, grid, ical, lists, meeting_forms, queries, questions, services
from app.events.errors import EventError
from app.events.forms import (
    CancelEventForm, ConfirmForm, EventFilters, EventForm, MinutesForm, OccurrenceForm, event_data, form_values,
    parse_month,
)
from app.events.models import SINGLE
from app.i18n import gettext as _
from app.inputs import page_arg
from app.limits import per_member
from app.main.views import home_section
from app.permissions import access_event, access_registration, can, found_or_404, require
from app.refusals import show_refusal

bp = Blueprint("events", __name__, url_prefix="/events")
OCCURRENCE = "<string(length=10):occurrence>"


def _user():
    return current_user._get_current_object()


def _require_login():
    if not current_user.is_authenticated:
        abort(401)


def occurrence_url(occurrence, **kwargs) -> str:
    if occurrence.key:
        return url_for("events.show_occurrence", event_id=occurrence.event.id, occurrence=occurrence.key, **kwargs)
    return url_for("events.show_event", event_id=occurrence.event.id, **kwargs)


bp.add_app_template_global(feeds.subscription_links, "subscription_links")


@bp.app_template_global("occurrence_url")
def _occurrence_url_global(occurrence, **kwargs):
    return occurrence_url(occurrence, **kwargs)


@bp.app_template_global("organisation_events")
def _organisation_events(organisation, limit: int = 5):
    """The organisation's next events, co-organised ones included (its profile page)."""
    return lists.organisation_occurrences(current_user, organisation.id, limit)


@home_section("events")
def _home_section():
    return {"occurrences": lists.upcoming_occurrences(current_user, limit=5)}


# --- lists, month grid, feeds ------------------------------------------------------------------------
@bp.get("/")
def list_events():
    filters = EventFilters.from_args(request.args)
    page = lists.list_occurrences(current_user, filters, past=False, page=page_arg())
    return render_template("events/list.html", page=page, filters=filters, past=False,
                           **queries.filter_options(current_user, filters.org), **feeds.window_text_values())


@bp.get("/past")
def list_past_events():
    filters = EventFilters.from_args(request.args)
    page = lists.list_occurrences(current_user, filters, past=True, page=page_arg())
    return render_template("events/list.html", page=page, filters=filters, past=True,
                           **queries.filter_options(current_user, filters.org), **feeds.window_text_values())


@bp.get("/calendar")
def calendar():
    filters = EventFilters.from_args(request.args)
    today = utcnow().astimezone(queries.local_zone()).date()
    asked = request.args.get("month")
    year, month = parse_month(asked) or (today.year, today.month)
    weeks = grid.month_grid(current_user, year, month, filters)
    return render_template("events/calendar.html", weeks=weeks, year=year, month=month, filters=filters,
                           unknown_month=asked[:20] if asked and not parse_month(asked) else None,
                           month_start=datetime(year, month, 1).date(), **grid.month_links(year, month),
                           **queries.filter_options(current_user, filters.org), **feeds.window_text_values())


@bp.get("/feed.ics")
def feed():
    filters = EventFilters.from_args(request.args)
    with feeds.feed_language(request.args.get("lang")):  # ?lang= of the page it came from; not remembered
        return feeds.feed_response(filters, feeds.calendar_name(_("Małopolska Otwarta · events"), filters))


@bp.get("/<int:event_id>.ics")
def event_ics(event_id):
    event = access_event(current_user, event_id)
    body = ical.calendar_of([event], event.title)
    disposition = f'attachment; filename="event-{event.id}.ics"'
    return Response(body, mimetype="text/calendar", headers={"Content-Disposition": disposition})


# --- one event ------------------------------------------------------------------------------------------
@bp.get("/<int:event_id>")
def show_event(event_id):
    event = access_event(current_user, event_id)
    if request.args.get("occurrence") and event.is_recurring:
        found = found_or_404(queries.occurrence_or_first(event, request.args["occurrence"]))
        return redirect(occurrence_url(found))
    occurrence = None if event.is_recurring else queries.occurrence_or_first(event, SINGLE)
    return _render_event(event, occurrence)


@bp.get(f"/<int:event_id>/{OCCURRENCE}")
def show_occurrence(event_id, occurrence):
    event = access_event(current_user, event_id)
    found = found_or_404(queries.occurrence_or_first(event, occurrence) if event.is_recurring else None)
    return _render_event(event, found)


def _render_event(event, occurrence, registration_form=None):
    context = queries.event_page(current_user, event, occurrence)
    # The buttons' form (publish, register, cancel a registration) only for those signed in: a
    # form sets a CSRF token (a session cookie), which keeps the page out of the anonymous page cache.
    form = ConfirmForm() if current_user.is_authenticated else None
    if registration_form is None and occurrence is not None and current_user.is_authenticated:
        registration_form = _registration_form(event)
    return render_template("events/show.html", event=event, occurrence=occurrence, form=form,
                           registration_form=registration_form, my_organisations=_my_organisations(), **context)


def _my_organisations() -> list[str]:
    return export.organisations_of([current_user.id]).get(current_user.id, []) if current_user.is_authenticated else []


def _registration_form(event):
    """The registration form with the event's questions, for those who may register (else None)."""
    if not can(current_user, "events.register", event):
        return None
    return meeting_forms.registration_form(event, questions.questions_of(event), queries.current_language(),
                                           _my_organisations())


# --- creating and editing -------------------------------------------------------------------------------
def _event_form(event=None) -> EventForm:
    form = EventForm(data=form_values(event) if event is not None and request.method == "GET" else None)
    organisations, co_organisers = queries.organisation_choices(current_user, event)
    form.set_choices(organisations, co_organisers, queries.current_language())
    if event is None and request.method == "GET" and organisations:
        form.organisation_id.data = organisations[0].id
    return form


@bp.route("/new", methods=["GET", "POST"])
def new_event():
    _require_login()
    require(current_user, "events.create")
    form = _event_form()
    if form.validate_on_submit():
        try:
            event = services.create_event(_user(), event_data(form), publish=form.publish.data)
        except EventError as error:
            show_refusal(form, error)
        else:
            commit()
            flash(_("The event is published.") if event.is_published else _("The draft is saved."), "success")
            return redirect(url_for("events.show_event", event_id=event.id))
    return render_template("events/form.html", form=form, event=None), 400 if form.errors else 200


@bp.route("/<int:event_id>/edit", methods=["GET", "POST"])
def edit_event(event_id):
    event = access_event(current_user, event_id)
    require(current_user, "events.edit", event)
    form = _event_form(event)
    if form.validate_on_submit():
        try:
            services.update_event(_user(), event, event_data(form), publish=form.publish.data)
        except EventError as error:
            show_refusal(form, error)
        else:
            commit()
            flash(_("The changes are saved."), "success")
            return redirect(url_for("events.show_event", event_id=event.id))
    return render_template("events/form.html", form=form, event=event), 400 if form.errors else 200


@bp.post("/<int:event_id>/publish")
def publish_event(event_id):
    event = access_event(current_user, event_id)
    require(current_user, "events.edit", event)
    if ConfirmForm().validate_on_submit():
        try:
            services.publish_event(_user(), event)
            commit()
            flash(_("The event is published."), "success")
        except EventError as error:
            show_refusal(None, error)
    return redirect(url_for("events.show_event", event_id=event.id))


@bp.route("/<int:event_id>/cancel", methods=["GET", "POST"])
def cancel_event(event_id):
    event = access_event(current_user, event_id)
    require(current_user, "events.cancel", event)
    form = CancelEventForm()
    if form.validate_on_submit():
        try:
            services.cancel_event(_user(), event, form.reason.data or "")
        except EventError as error:
            show_refusal(form, error)
        else:
            commit()
            flash(_("The event is cancelled. Calendars that subscribe to it will show that."), "success")
            return redirect(url_for("events.show_event", event_id=event.id))
    return render_template("events/cancel.html", form=form, event=event), 400 if form.errors else 200


@bp.route(f"/<int:event_id>/{OCCURRENCE}/manage", methods=["GET", "POST"])
def manage_occurrence(event_id, occurrence):
    event = access_event(current_user, event_id)
    require(current_user, "events.edit", event)
    found = found_or_404(queries.occurrence_or_first(event, occurrence) if event.is_recurring else None)
    form = OccurrenceForm(data=queries.occurrence_form_values(found) if request.method == "GET" else None)
    if form.validate_on_submit():
        try:
            message = _change_occurrence(event, found, form)
        except EventError as error:
            show_refusal(form, error)
        else:
            commit()
            flash(message, "success")
            return redirect(occurrence_url(found))
    return render_template("events/occurrence_form.html", form=form, event=event, occurrence=found), \
        400 if form.errors else 200


def _change_occurrence(event, occurrence, form) -> str:
    if form.restore.data:
        services.restore_occurrence(_user(), event, occurrence.key)
        return _("The date is restored as planned.")
    if form.cancel.data:
        services.cancel_occurrence(_user(), event, occurrence.key, form.note.data or "")
        return _("This date is cancelled; the other dates stay as they are.")
    start, end = services.moved_times(event, form.start_date.value, form.start_time.value,
                                      form.end_date.value, form.end_time.value)
    services.move_occurrence(_user(), event, occurrence.key, start, end, form.note.data or "")
    return _("This date is moved.")


@bp.route("/<int:event_id>/minutes", methods=["GET", "POST"], defaults={"occurrence": SINGLE})
@bp.route(f"/<int:event_id>/{OCCURRENCE}/minutes", methods=["GET", "POST"])
def edit_minutes(event_id, occurrence):
    event = access_event(current_user, event_id)
    require(current_user, "events.write_minutes", event)
    found = found_or_404(queries.occurrence_or_first(event, occurrence or None))
    form = MinutesForm(data=queries.minutes_form_values(event, found.key) if request.method == "GET" else None)
    if form.validate_on_submit():
        try:
            services.set_minutes(_user(), event, found.key, form.minutes.data or "", form.thread_id)
        except EventError as error:
            show_refusal(form, error)
        else:
            commit()
            flash(_("The minutes are saved."), "success")
            return redirect(occurrence_url(found))
    return render_template("events/minutes_form.html", form=form, event=event, occurrence=found), \
        400 if form.errors else 200


# --- registration ----------------------------------------------------------------------------------------
@bp.post("/<int:event_id>/register", defaults={"occurrence": SINGLE})
@bp.post(f"/<int:event_id>/{OCCURRENCE}/register")
@per_member("EVENT_REGISTRATION_RATE_LIMIT")
def register(event_id, occurrence):
    _require_login()
    event = access_event(current_user, event_id)
    back = url_for("events.show_occurrence", event_id=event.id, occurrence=occurrence) if occurrence \
        else url_for("events.show_event", event_id=event.id)
    form = _registration_form(event) or ConfirmForm()
    if not form.validate_on_submit():
        if "csrf_token" in form.errors or not form.errors:
            flash(_("The form has expired. Please send it again."), "error")
            return redirect(back)
        return _render_event(event, found_or_404(queries.occurrence_or_first(event, occurrence or None)), form), 400
    try:
        registration = services.register_for_event(_user(), event, occurrence, details=meeting_forms.details_of(form))
    except EventError as error:
        show_refusal(form, error)
        if error.field in form:
            return _render_event(event, found_or_404(queries.occurrence_or_first(event, occurrence or None)), form), 400
        return redirect(back)
    commit()
    flash(_("You are registered. See you there!") if registration.status == "confirmed"
          else _("The places are taken: you are on the waiting list. We will tell you when a place frees up."), "success")
    return redirect(back)


@bp.post("/registrations/<int:registration_id>/cancel")
def cancel_registration(registration_id):
    _require_login()
    registration = access_registration(current_user, registration_id)
    if ConfirmForm().validate_on_submit():
        try:
            services.cancel_registration(_user(), registration)
        except EventError as error:
            show_refusal(None, error)
        else:
            commit()
            flash(_("Your registration is cancelled."), "success")
    if request.form.get("next") == "mine":
        return redirect(url_for("events.my_events"))
    return redirect(queries.registration_url(registration))


@bp.get("/<int:event_id>/registrations")
def registrations(event_id):
    event = access_event(current_user, event_id)
    require(current_user, "events.view_registrations", event)
    occurrence = found_or_404(queries.occurrence_or_first(event, request.args.get("occurrence") or None))
    found = queries.registrations_for(event, occurrence.key)
    return render_template("events/registrations.html", event=event, occurrence=occurrence,
                           registrations=found, answers=questions.answers_of([r.id for r in found]),
                           other_dates=queries.registration_dates(event), form=ConfirmForm())


@bp.post("/<int:event_id>/registrations/<int:registration_id>/remove")
def remove_registration(event_id, registration_id):
    event = access_event(current_user, event_id)
    require(current_user, "events.edit", event)
    registration = found_or_404(queries.registration_of(event, registration_id))
    if ConfirmForm().validate_on_submit():
        try:
            services.remove_registration(_user(), registration)
        except EventError as error:
            show_refusal(None, error)
        else:
            commit()
            flash(_("The registration is cancelled; %(name)s is told.", name=registration.user.display_name), "success")
    return redirect(url_for("events.registrations", event_id=event.id, occurrence=registration.occurrence_key or None))


_EXPORTS = {"csv": (export.registrations_csv, "text/csv"), "xlsx": (export.registrations_xlsx, export.XLSX_MIMETYPE)}


@bp.get("/<int:event_id>/registrations.<any(csv, xlsx):file_type>")
def registrations_file(event_id, file_type):
    event = access_event(current_user, event_id)
    require(current_user, "events.view_registrations", event)
    occurrence = found_or_404(queries.occurrence_or_first(event, request.args.get("occurrence") or None))
    make, mimetype = _EXPORTS[file_type]
    body = make(event, occurrence, queries.registrations_for(event, occurrence.key))
    name = f"registrations-{event.id}{'-' + occurrence.key if occurrence.key else ''}.{file_type}"
    return Response(body, mimetype=mimetype, headers={"Content-Disposition": f'attachment; filename="{name}"'})


@bp.get("/mine")
def my_events():
    _require_login()
    return render_template("events/mine.html", upcoming=queries.my_registrations(current_user),
                           past=queries.my_registrations(current_user, past=True), form=ConfirmForm(), now=utcnow(),
                           drafts=queries.my_drafts(current_user))


# The routes around a meeting (messages, questions, attendance, minutes) are on bp too.
from app.events import meeting_views  # noqa: E402,F401
