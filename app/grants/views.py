"""Small grants: calls, applications and their partnership, review and decisions. Thin routes."""
from flask import Blueprint, Response, abort, flash, redirect, render_template, request, url_for
from flask_login import current_user, login_user

from app.db import commit, utcnow
from app.events.queries import local_zone
from app.grants import documents, eligibility, ical, pdf, queries, reports, review, reviewer_invitations, services
from app.grants.errors import GrantError
from app.grants.forms import (
    ApplicationFileForm, ApplicationForm, CallForm, ConfirmForm, DecisionForm, FaqForm,
    InviteForm, PartnerSearchForm, ReportForm, ReportReviewForm, ReviewerAccountForm, ReviewerForm, ReviewForm,
    StartApplicationForm,
    application_data, application_values, call_data, call_values, report_data, report_values,
)
from app.grants.models import BUDGET_CATEGORY_LABELS, GrantReviewerInvitation
from app.grants.money import format_pln
from app.i18n import gettext as _
from app.main.views import home_section
from app.permissions import (
    access_grant_application, access_grant_call, access_grant_partner, access_grant_review, can, require,
)
from app.inputs import to_id
from app.refusals import Refused, show_refusal
from app.site import accepts_uploads
from app.taxonomy import current_language

bp = Blueprint("grants", __name__, url_prefix="/grants")
bp.add_app_template_filter(format_pln, "pln")
bp.add_app_template_global(utcnow, "now_utc")
bp.add_app_template_global(queries.review_score, "review_score")
bp.add_app_template_global(queries.is_partner_query, "is_partner_query")


@bp.app_template_global("budget_category")
def _budget_category(slug: str) -> str:
    return str(BUDGET_CATEGORY_LABELS.get(slug, slug))


def _user():
    return current_user._get_current_object()


def _require_login():
    if not current_user.is_authenticated:
        abort(401)


def _status(form) -> int:
    """400 when the form comes back with messages (a refused save), else 200."""
    return 400 if form.all_errors() else 200


@home_section("grants")
def _home_section():
    return {"calls": queries.open_calls(current_user)}


# --- calls ---------------------------------------------------------------------------------------------------
@bp.get("/")
def list_calls():
    return render_template("grants/list.html", calls=queries.list_calls(current_user))


@bp.route("/new", methods=["GET", "POST"])
def new_call():
    _require_login()
    require(current_user, "grants.manage_calls")
    return _call_form(None)


@bp.route("/<int:call_id>/edit", methods=["GET", "POST"])
def edit_call(call_id):
    call = access_grant_call(current_user, call_id)
    require(current_user, "grants.manage_calls")
    return _call_form(call)


def _call_form(call):
    form = CallForm(data=call_values(call, local_zone()) if call is not None and request.method == "GET" else None)
    form.set_choices(current_language())
    if form.add_criterion.data:
        form.criteria.append_entry()
    elif form.validate_on_submit():
        try:
            saved = services.update_call(_user(), call, call_data(form)) if call else \
                services.create_call(_user(), call_data(form))
        except GrantError as error:
            show_refusal(form, error)
        else:
            commit()
            flash(_("The call is saved."), "success")
            return redirect(url_for("grants.show_call", call_id=saved.id))
    return render_template("grants/call_form.html", form=form, call=call), _status(form)


@bp.get("/<int:call_id>")
def show_call(call_id):
    call = access_grant_call(current_user, call_id)
    signed_in = current_user.is_authenticated
    start = StartApplicationForm() if signed_in and can(current_user, "grants.apply") else None
    if start is not None:
        start.organisation_id.choices = [(o.id, o.name) for o in queries.applying_orgs(current_user)]
    return render_template("grants/show.html", call=call, start_form=start, lang=current_language(),
                           faq_form=FaqForm() if can(current_user, "grants.manage_calls") else None,
                           form=ConfirmForm() if signed_in else None,
                           applications=queries.my_applications(current_user, call.id) if signed_in else [])


@bp.get("/<int:call_id>/deadline.ics")
def deadline_ics(call_id):
    call = access_grant_call(current_user, call_id)
    return Response(ical.deadline_calendar(call, current_language()), mimetype="text/calendar",
                    headers={"Content-Disposition": f'attachment; filename="grant-call-{call.id}-deadline.ics"'})


@bp.post("/<int:call_id>/publish")
def publish_call(call_id):
    call = access_grant_call(current_user, call_id)
    require(current_user, "grants.manage_calls")
    _confirmed_act(lambda: services.publish_call(_user(), call), _("The call is published."))
    return redirect(url_for("grants.show_call", call_id=call.id))


def _saved(form, act, message: str) -> bool:
    """Run act() (a service); commit and flash message, or show its refusal on form (None: on top)."""
    try:
        act()
    except Refused as error:  # the grants' rules, or app/files' (too many files, the quota)
        show_refusal(form, error)
        return False
    commit()
    flash(message, "success")
    return True


def _confirmed_act(act, message: str) -> bool:
    """Run act() when the button's CSRF token is good; flash its refusal or the message."""
    if not ConfirmForm().validate_on_submit():
        flash(_("The form has expired. Please send it again."), "error")
        return False
    return _saved(None, act, message)


@bp.get("/<int:call_id>/results")
def results(call_id):
    call = access_grant_call(current_user, call_id)
    require(current_user, "grants.view_results", call, status=404)
    return render_template("grants/results.html", call=call, granted=queries.granted_applications(call),
                           form=ConfirmForm() if can(current_user, "grants.manage_calls") else None)


@bp.post("/<int:call_id>/results/publish")
def publish_results(call_id):
    call = access_grant_call(current_user, call_id)
    require(current_user, "grants.manage_calls")
    _confirmed_act(lambda: services.publish_results(_user(), call), _("The results are published."))
    return redirect(url_for("grants.results", call_id=call.id))


@bp.post("/<int:call_id>/faq")
def add_faq(call_id):
    call = access_grant_call(current_user, call_id)
    require(current_user, "grants.manage_calls")
    form = FaqForm()
    if form.validate_on_submit():
        if _saved(form, lambda: services.add_faq(_user(), call, form.question.data, form.answer.data),
                  _("The question and answer are published.")):
            return redirect(url_for("grants.show_call", call_id=call.id, _anchor="faq"))
    return render_template("grants/show.html", call=call, faq_form=form, start_form=None, form=ConfirmForm(),
                           lang=current_language(), applications=[]), 400


@bp.post("/<int:call_id>/apply")
def start_application(call_id):
    _require_login()
    call = access_grant_call(current_user, call_id)
    require(current_user, "grants.apply")
    form = StartApplicationForm()
    form.organisation_id.choices = [(o.id, o.name) for o in queries.applying_orgs(current_user)]
    if form.validate_on_submit():
        try:
            application = services.start_application(_user(), call, form.organisation_id.data, form.title.data)
        except GrantError as error:
            show_refusal(form, error)
        else:
            commit()
            flash(_("The draft application is started."), "success")
            return redirect(url_for("grants.edit_application", application_id=application.id))
    return render_template("grants/show.html", call=call, start_form=form, faq_form=None, form=ConfirmForm(),
                           lang=current_language(), applications=[]), 400


@bp.get("/mine")
def my_grants():
    _require_login()
    return render_template("grants/mine.html", applications=queries.my_applications(current_user),
                           invitations=queries.pending_invitations(current_user),
                           reviews=queries.my_reviews(current_user), form=ConfirmForm())


# --- applications -----------------------------------------------------------------------------------------
@bp.get("/applications/<int:application_id>")
def show_application(application_id):
    application = access_grant_application(current_user, application_id)
    staff = can(current_user, "grants.view_reviews", application)
    invite = InviteForm() if can(current_user, "grants.edit_application", application) else None
    search = PartnerSearchForm(request.args) if invite is not None else None
    found = queries.find_partner_orgs(application, search.partner_q.data or "") if invite is not None else []
    return render_template(
        "grants/application.html", application=application, call=application.call, invite_form=invite,
        partner_search=search, found=found[:queries.PARTNERS_SHOWN], more_found=len(found) > queries.PARTNERS_SHOWN,
        checks=eligibility.checklist(application), form=ConfirmForm(),
        reviewer_form=ReviewerForm() if staff and not application.is_draft else None,
        decision_form=DecisionForm() if staff and not application.is_draft else None,
        my_review=next((r for r in application.reviews if r.reviewer_id == current_user.id), None))


@bp.get("/applications/<int:application_id>/application.pdf")
def application_pdf(application_id):
    """The submitted application as a PDF, for whoever may read it (a draft has none: it still changes)."""
    application = access_grant_application(current_user, application_id)
    if application.is_draft:
        abort(404)
    return Response(pdf.application_pdf(application, current_language()), mimetype="application/pdf",
                    headers={"Content-Disposition": f'attachment; filename="grant-application-{application.id}.pdf"',
                             "Cache-Control": "private, no-store"})


@bp.route("/applications/<int:application_id>/edit", methods=["GET", "POST"])
def edit_application(application_id):
    application = access_grant_application(current_user, application_id)
    require(current_user, "grants.edit_application", application)
    form = ApplicationForm(data=application_values(application) if request.method == "GET" else None)
    if not form.added_row() and form.validate_on_submit():
        if _saved(form, lambda: services.save_application(_user(), application, application_data(form)),
                  _("The draft is saved.")):
            return redirect(url_for("grants.show_application", application_id=application.id))
    return render_template("grants/application_form.html", form=form, application=application,
                           call=application.call, checks=eligibility.checklist(application)), _status(form)


@bp.post("/applications/<int:application_id>/partners")
def invite_partner(application_id):
    application = access_grant_application(current_user, application_id)
    form = InviteForm()
    if form.validate_on_submit():
        try:
            partner = services.invite_partner(_user(), application, form.organisation_id.data)
        except GrantError as error:
            show_refusal(None, error)
        else:
            commit()
            flash(_("%(org)s is invited; its admins are asked to confirm.", org=partner.organisation.name), "success")
    else:
        flash(_("Choose an organisation."), "error")
    return redirect(url_for("grants.show_application", application_id=application.id, _anchor="partnership"))


@bp.post("/partners/<int:partner_id>/remove")
def remove_partner(partner_id):
    partner = access_grant_partner(current_user, partner_id)
    application = access_grant_application(current_user, partner.application_id)
    _confirmed_act(lambda: services.remove_partner(_user(), application, partner),
                   _("The organisation is removed from the partnership."))
    return redirect(url_for("grants.show_application", application_id=application.id, _anchor="partnership"))


@bp.post("/partners/<int:partner_id>/<any(confirm, decline):answer>")
def answer_invitation(partner_id, answer):
    partner = access_grant_partner(current_user, partner_id)
    application_id = partner.application_id
    done = _confirmed_act(lambda: services.answer_invitation(_user(), partner, accept=answer == "confirm"),
                          _("Your organisation takes part.") if answer == "confirm" else _("The invitation is declined."))
    if done and answer == "decline":
        return redirect(url_for("grants.my_grants"))
    return redirect(url_for("grants.show_application", application_id=application_id))


@bp.post("/applications/<int:application_id>/submit")
def submit_application(application_id):
    application = access_grant_application(current_user, application_id)
    _confirmed_act(lambda: services.submit_application(_user(), application),
                   _("The application is submitted. It can no longer be changed."))
    return redirect(url_for("grants.show_application", application_id=application.id))


# --- the application's files (required documents and extra attachments) --------------------------------
def _slot_document(application, slot: str):
    """The required document of an upload slot (its id), None for "extra"; 404 for any other slot."""
    if slot == "extra":
        return None
    return documents.required_document(application, to_id(slot) or 0) or abort(404)


def _file_form(document, formdata=None) -> ApplicationFileForm:
    """The upload form of one required document, or of the extra files (document None)."""
    prefix, label = ("extra", None) if document is None else (
        f"doc-{document.id}", _("File: %(document)s", document=document.name))
    return ApplicationFileForm(prefix=prefix, label=label, **({} if formdata else {"formdata": None}))


def _files_page(application, refused=None, slot=None):
    """The files page: one form per required document and one for extras (refused: the form sent)."""
    slots = {str(d.id): d for d in application.call.documents} | {"extra": None}
    forms = {s: refused if s == slot and refused is not None else _file_form(d) for s, d in slots.items()}
    return render_template("grants/application_files.html", application=application, call=application.call,
                           forms=forms, form=ConfirmForm()), 400 if refused is not None else 200


@bp.get("/applications/<int:application_id>/files")
def application_files(application_id):
    application = access_grant_application(current_user, application_id)
    require(current_user, "grants.edit_application", application)
    return _files_page(application)


@bp.post("/applications/<int:application_id>/files/<slot>")
@accepts_uploads
def upload_application_file(application_id, slot):
    """Upload to one slot: a required document's id (its file replaced if there is one), or "extra"."""
    application = access_grant_application(current_user, application_id)
    require(current_user, "grants.edit_application", application)
    document = _slot_document(application, slot)
    form = _file_form(document, formdata=True)
    if form.validate_on_submit():
        upload = form.file.bytes, form.file.data.filename
        act = (lambda: documents.attach_document(_user(), application, document, *upload)) if document else (
            lambda: documents.attach_extra_file(_user(), application, *upload))
        if _saved(form, act, _("The file %(name)s is attached.", name=form.file.data.filename)):
            return redirect(url_for("grants.application_files", application_id=application.id))
    return _files_page(application, refused=form, slot=slot)


@bp.post("/applications/<int:application_id>/files/<int:attachment_id>/remove")
def remove_application_file(application_id, attachment_id):
    application = access_grant_application(current_user, application_id)
    require(current_user, "grants.edit_application", application)
    attachment = next((a for a in application.files if a.id == attachment_id), None) or abort(404)
    _confirmed_act(lambda: documents.remove_file(_user(), application, attachment),
                   _("The file %(name)s is removed.", name=attachment.filename))
    return redirect(url_for("grants.application_files", application_id=application.id))


# --- review and decisions ---------------------------------------------------------------------------------
@bp.get("/<int:call_id>/ranking")
def ranking(call_id):
    call = access_grant_call(current_user, call_id)
    require(current_user, "grants.view_reviews", None, status=404)
    return render_template("grants/ranking.html", call=call, ranking=queries.ranking(call))


@bp.post("/applications/<int:application_id>/reviewers")
def assign_reviewer(application_id):
    application = access_grant_application(current_user, application_id)
    require(current_user, "grants.manage_calls")
    form = ReviewerForm()
    if form.validate_on_submit():
        try:
            assigned = review.assign_reviewer(_user(), application, form.email.data)
        except Refused as error:
            show_refusal(form, error)
        else:
            commit()
            flash(_("No account has this address: an invitation to create a reviewer account is sent to it.")
                  if isinstance(assigned, GrantReviewerInvitation) else _("The reviewer is assigned and told."),
                  "success")
            return redirect(url_for("grants.show_application", application_id=application.id, _anchor="review"))
    return _application_page_with(application, reviewer_form=form)


@bp.route("/reviewer-invitations/<token>", methods=["GET", "POST"])
def reviewer_invitation(token):
    """The invited reviewer's link: create a reviewer account (or, logged in, accept) and be assigned."""
    try:
        invitation = reviewer_invitations.load_invitation(token)
    except GrantError as error:
        return render_template("grants/reviewer_invitation.html", error=error.message, invitation=None), 400
    if current_user.is_authenticated:
        form = ConfirmForm()
        if form.validate_on_submit() and _saved(
                None, lambda: reviewer_invitations.accept_invitation(invitation, _user()),
                _("The application is given to you to review.")):
            return redirect(url_for("grants.my_grants"))
        refused = request.method == "POST"  # the refusal is flashed above the button
        return render_template("grants/reviewer_invitation.html", invitation=invitation, form=form,
                               error=None), 400 if refused else 200
    form = ReviewerAccountForm()
    if form.validate_on_submit():
        try:
            user = reviewer_invitations.create_reviewer_account(invitation, form.display_name.data,
                                                                form.password.data, current_language())
        except GrantError as error:
            show_refusal(form, error)
        else:
            commit()
            login_user(user)
            flash(_("Your reviewer account is ready; the application is given to you to review."), "success")
            return redirect(url_for("grants.my_grants"))
    return render_template("grants/reviewer_invitation.html", invitation=invitation, account_form=form,
                           error=None), 400 if form.errors else 200


def _application_page_with(application, **forms):
    """The application page again, with a form that was refused (its message next to the field)."""
    context = {"reviewer_form": ReviewerForm(formdata=None), "decision_form": DecisionForm(formdata=None), **forms}
    return render_template("grants/application.html", application=application, call=application.call,
                           invite_form=None, checks=eligibility.checklist(application), form=ConfirmForm(),
                           my_review=None, **context), 400


@bp.post("/applications/<int:application_id>/decision")
def decide(application_id):
    application = access_grant_application(current_user, application_id)
    require(current_user, "grants.manage_calls")
    form = DecisionForm()
    if form.validate_on_submit():
        decide_it = lambda: review.decide(  # noqa: E731
            _user(), application, form.decision.data, form.amount.value, form.reason.data or "")
        if _saved(form, decide_it, _("The decision is recorded and the applicants are told.")):
            return redirect(url_for("grants.show_application", application_id=application.id, _anchor="review"))
    return _application_page_with(application, decision_form=form)


@bp.route("/reviews/<int:review_id>", methods=["GET", "POST"])
def write_review(review_id):
    grant_review = access_grant_review(current_user, review_id)
    application = access_grant_application(current_user, grant_review.application_id)
    criteria = application.call.criteria
    form = ReviewForm(data=None if request.method == "POST" else queries.review_values(grant_review, criteria))
    while len(form.scores.entries) < len(criteria):
        form.scores.append_entry()
    if request.method == "POST" and form.validate_on_submit():
        scores = [(row.form.points.value, row.form.comment.data) for row in form.scores.entries[:len(criteria)]]
        submit = bool(form.submit_review.data)
        if _saved(form, lambda: review.save_scores(_user(), grant_review, scores, submit=submit),
                  _("The review is submitted.") if submit else _("The scores are saved.")):
            return redirect(url_for("grants.write_review", review_id=grant_review.id))
    return render_template("grants/review.html", form=form, review=grant_review, application=application,
                           criteria=criteria, editable=can(current_user, "grants.write_review", grant_review)), \
        _status(form)


# --- the final report --------------------------------------------------------------------------------------
@bp.route("/applications/<int:application_id>/report", methods=["GET", "POST"])
def final_report(application_id):
    application = access_grant_application(current_user, application_id)
    if application.decision != "granted":
        abort(404)
    editable = can(current_user, "grants.write_report", application)
    form = ReportForm(data=report_values(application) if request.method == "GET" else None)
    while len(form.reached.entries) < len(application.results):
        form.reached.append_entry()
    if request.method == "POST":
        require(current_user, "grants.write_report", application)
        submit = bool(form.submit_report.data)
        if form.validate_on_submit() and _saved(
                form, lambda: reports.save_report(_user(), application, report_data(form), submit=submit),
                _("The report is submitted.") if submit else _("The report is saved.")):
            return redirect(url_for("grants.final_report", application_id=application.id))
    return render_template("grants/report.html", application=application, form=form, editable=editable,
                           review_form=ReportReviewForm() if can(current_user, "grants.manage_calls") else None), \
        _status(form)


@bp.post("/applications/<int:application_id>/report/review")
def review_report(application_id):
    application = access_grant_application(current_user, application_id)
    require(current_user, "grants.manage_calls")
    form = ReportReviewForm()
    if form.validate_on_submit():
        accept = bool(form.accept.data)
        _saved(None, lambda: reports.review_report(_user(), application, accept, form.comment.data or ""),
               _("The report is accepted.") if accept else _("The report is returned."))
    return redirect(url_for("grants.final_report", application_id=application.id))
