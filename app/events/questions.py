"""Registration questions: the organiser asks them, the registration form checks and keeps the answers.

An answer keeps the question's text (its Polish label) and, for choices, the chosen labels as
they were when answered: an organiser who rewords, reorders or removes a question later never
makes an earlier answer unreadable, and the registrants page and the export show them as given.
"""
from dataclasses import dataclass

from sqlalchemy import delete, func, select

from app.events.errors import EventError, NotAllowed
from app.events.models import CHOICE_KINDS, QUESTION_KINDS, Registration, RegistrationAnswer, RegistrationQuestion
from app.extensions import db
from app.i18n import gettext as _
from app.permissions import can
from app.text import clean_input

LABEL_MAX = 300
CHOICE_MAX = 200
MAX_CHOICES = 30
MAX_QUESTIONS = 30
ANSWER_MAX = {"short_text": 500, "long_text": 3000}
LANGUAGES = ("pl", "en", "uk")


@dataclass
class QuestionData:
    """What the organiser typed for one question (see meeting_forms.QuestionForm)."""

    kind: str
    required: bool = False
    label_pl: str = ""
    label_en: str = ""
    label_uk: str = ""
    choices_pl: str = ""
    choices_en: str = ""
    choices_uk: str = ""


@dataclass
class RegistrationDetails:
    """What a registrant gives with their registration: answers {question id: text or [choice indexes]}."""

    answers: dict
    organisation_name: str = ""
    listed: bool = False


# --- the organiser's questions -------------------------------------------------------------------------
def questions_of(event) -> list[RegistrationQuestion]:
    return list(db.session.execute(select(RegistrationQuestion).where(RegistrationQuestion.event_id == event.id)
                                   .order_by(RegistrationQuestion.position, RegistrationQuestion.id)).scalars())


def question_of(event, question_id: int) -> RegistrationQuestion | None:
    """A question of this event (None for one of another event)."""
    question = db.session.get(RegistrationQuestion, question_id) if 0 < question_id < 2**31 else None
    return question if question is not None and question.event_id == event.id else None


def question_values(question: RegistrationQuestion) -> dict:
    """The question as its edit form shows it."""
    return {name: getattr(question, name) for name in QuestionData.__dataclass_fields__}


def add_question(actor, event, data: QuestionData) -> RegistrationQuestion:
    """A new question at the end of the event's registration form."""
    _require_edit(actor, event)
    count, last = db.session.execute(select(func.count(), func.max(RegistrationQuestion.position))
                                     .where(RegistrationQuestion.event_id == event.id)).one()
    if count >= MAX_QUESTIONS:
        raise EventError(_("An event may ask at most %(max)d questions.", max=MAX_QUESTIONS))
    question = RegistrationQuestion(event_id=event.id, position=(last or 0) + 1)
    _apply(question, data)
    db.session.add(question)
    db.session.flush()
    return question


def update_question(actor, question: RegistrationQuestion, data: QuestionData) -> RegistrationQuestion:
    """Change a question; answers already given keep the text they were given to."""
    _require_edit(actor, _event_of(question))
    _apply(question, data)
    db.session.flush()
    return question


def remove_question(actor, question: RegistrationQuestion) -> None:
    _require_edit(actor, _event_of(question))
    db.session.delete(question)
    db.session.flush()


def move_question_up(actor, question: RegistrationQuestion) -> None:
    """Ask the question one place earlier on the form (the first one stays first)."""
    _require_edit(actor, _event_of(question))
    asked = questions_of(_event_of(question))
    index = next(i for i, q in enumerate(asked) if q.id == question.id)
    if index > 0:
        asked[index - 1], asked[index] = asked[index], asked[index - 1]
        for position, each in enumerate(asked, start=1):
            each.position = position
    db.session.flush()


def set_public_participants(actor, event, shown: bool) -> None:
    """Show (or stop showing) the organisations of registrants who consented on the event page."""
    _require_edit(actor, event)
    event.public_participants = bool(shown)
    db.session.flush()


def _event_of(question):
    from app.events.models import Event

    return db.session.get(Event, question.event_id)


def _require_edit(actor, event) -> None:
    if not can(actor, "events.edit", event):
        raise NotAllowed(_("You may not do this."))


def _apply(question: RegistrationQuestion, data: QuestionData) -> None:
    if data.kind not in QUESTION_KINDS:
        raise EventError(_("Choose the kind of question from the list."), "kind")
    question.kind, question.required = data.kind, bool(data.required)
    for lang in LANGUAGES:
        label = " ".join(clean_input(getattr(data, f"label_{lang}")).split())
        if lang == "pl" and not label:
            raise EventError(_("Write the question in Polish."), "label_pl")
        if len(label) > LABEL_MAX:
            raise EventError(_("At most %(max)d characters, please.", max=LABEL_MAX), f"label_{lang}")
        setattr(question, f"label_{lang}", label)
    for lang in LANGUAGES:
        setattr(question, f"choices_{lang}", "\n".join(_choices(data, lang)) if data.kind in CHOICE_KINDS else "")


def _choices(data: QuestionData, lang: str) -> list[str]:
    lines = [" ".join(clean_input(line).split()) for line in (getattr(data, f"choices_{lang}") or "").splitlines()]
    lines = [line for line in lines if line]
    field = f"choices_{lang}"
    if lang == "pl" and len(lines) < 2:
        raise EventError(_("Give at least two choices, one per line."), field)
    if len(lines) > MAX_CHOICES or any(len(line) > CHOICE_MAX for line in lines):
        raise EventError(_("At most %(count)d choices of at most %(max)d characters each.",
                           count=MAX_CHOICES, max=CHOICE_MAX), field)
    if lang != "pl" and lines and len(lines) != len(_choices(data, "pl")):
        raise EventError(_("Give as many choices as in Polish, in the same order (or none: the Polish ones are shown)."),
                         field)
    return lines


# --- a registrant's answers -----------------------------------------------------------------------------
def check_answers(questions: list[RegistrationQuestion], answers: dict) -> list[RegistrationAnswer]:
    """The answers to keep (not yet added), in the form's order; a missing or impossible one is refused."""
    kept = []
    for question in questions:
        text = _answer_text(question, answers.get(question.id))
        if not text:
            if question.required:
                raise EventError(_("Answer this question."), f"q{question.id}")
            continue
        kept.append(RegistrationAnswer(question_id=question.id, position=question.position, kind=question.kind,
                                       question_text=question.label_pl, answer=text))
    return kept


def _answer_text(question: RegistrationQuestion, value) -> str:
    if question.kind in ANSWER_MAX:
        text = clean_input(value if isinstance(value, str) else "").strip()
        if question.kind == "short_text":
            text = " ".join(text.split())
        if len(text) > ANSWER_MAX[question.kind]:
            raise EventError(_("At most %(max)d characters, please.", max=ANSWER_MAX[question.kind]), f"q{question.id}")
        return text
    if question.kind == "yes_no":
        return _known(question, value, ("yes", "no"))
    choices = question.choices("pl")
    values = value if isinstance(value, list) else ([value] if value else [])
    if question.kind == "one_choice" and len(values) > 1:
        raise EventError(_("Choose one answer from the list."), f"q{question.id}")
    picked = [_known(question, v, [str(i) for i in range(len(choices))]) for v in values]
    return "\n".join(choices[int(i)] for i in dict.fromkeys(picked))


def _known(question, value, allowed) -> str:
    if value in (None, ""):
        return ""
    if value not in allowed:
        raise EventError(_("Choose from the list."), f"q{question.id}")
    return value


def store_answers(registration: Registration, answers: list[RegistrationAnswer]) -> None:
    """Replace the registration's answers (a registration made again answers again)."""
    db.session.execute(delete(RegistrationAnswer).where(RegistrationAnswer.registration_id == registration.id))
    for answer in answers:
        answer.registration_id = registration.id
        db.session.add(answer)
    db.session.flush()


def answers_of(registration_ids: list[int]) -> dict[int, list[RegistrationAnswer]]:
    """{registration id: its answers in the form's order}, in one query."""
    found: dict[int, list[RegistrationAnswer]] = {}
    if registration_ids:
        for answer in db.session.execute(select(RegistrationAnswer).where(
                RegistrationAnswer.registration_id.in_(registration_ids))
                .order_by(RegistrationAnswer.position, RegistrationAnswer.id)).scalars():
            found.setdefault(answer.registration_id, []).append(answer)
    return found


def shown_answer(answer: RegistrationAnswer) -> str:
    """The answer as the organiser reads it (yes/no in their language, several choices on one line)."""
    if answer.kind == "yes_no":
        return _("yes") if answer.answer == "yes" else _("no")
    return "; ".join(answer.answer.splitlines()) if answer.kind in CHOICE_KINDS else answer.answer


def participating_organisations(event, key: str) -> list[str]:
    """The organisations of confirmed registrants who consented to the public list, by name."""
    if not event.public_participants:
        return []
    names = db.session.execute(select(Registration.organisation_name).where(
        Registration.event_id == event.id, Registration.occurrence_key == key, Registration.status == "confirmed",
        Registration.listed.is_(True), Registration.organisation_name.is_not(None),
    )).scalars()
    unique = {" ".join(name.split()).casefold(): name for name in names if name.strip()}
    return sorted(unique.values(), key=str.casefold)
