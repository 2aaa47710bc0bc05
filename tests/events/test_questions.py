"""Registration questions: asked without JavaScript, answers kept through edits, on the registrants page and in the export."""
import csv
import io
from datetime import date

import openpyxl
import pytest

from app.db import commit
from app.events import questions, services
from app.events.models import SINGLE, RegistrationAnswer
from app.events.questions import QuestionData, RegistrationDetails
from app.extensions import db
from tests import factories
from tests.events.factories import field_errors, make_event

DAY = date(2031, 6, 10)


@pytest.fixture
def meeting(org, organiser, request_ctx):
    return make_event(org, author=organiser, title="Spotkanie sieci", start_date=DAY, registration_enabled=True)


@pytest.fixture
def asked(meeting, organiser):
    """(interpreting: yes/no required, diet: one choice, needs: several, remarks: long text optional)."""
    interpreting = questions.add_question(organiser, meeting, QuestionData(
        "yes_no", True, "Czy potrzebujesz tłumaczenia?", "Do you need interpreting?", "Чи потрібен вам переклад?"))
    diet = questions.add_question(organiser, meeting, QuestionData(
        "one_choice", False, "Dieta", "Diet", "Дієта", "bez ograniczeń\nwegetariańska\nwegańska",
        "no restrictions\nvegetarian\nvegan", ""))
    needs = questions.add_question(organiser, meeting, QuestionData(
        "several_choices", False, "Potrzeby dostępności", "Accessibility needs", "",
        "pętla indukcyjna\npodjazd\nPJM"))
    remarks = questions.add_question(organiser, meeting, QuestionData("long_text", False, "Uwagi"))
    commit()
    return interpreting, diet, needs, remarks


def test_answers_are_checked_and_kept_with_the_question_as_asked(app, meeting, asked, organiser):
    interpreting, diet, needs, remarks = asked
    person = factories.make_user()
    with pytest.raises(services.EventError) as refused:
        services.register_for_event(person, meeting, SINGLE, details=RegistrationDetails(answers={diet.id: "1"}))
    assert refused.value.field == f"q{interpreting.id}"
    with pytest.raises(services.EventError) as refused:
        services.register_for_event(person, meeting, SINGLE, details=RegistrationDetails(
            answers={interpreting.id: "yes", diet.id: "7"}))
    assert refused.value.field == f"q{diet.id}"
    registration = services.register_for_event(person, meeting, SINGLE, details=RegistrationDetails(
        answers={interpreting.id: "yes", diet.id: "1", needs.id: ["0", "2"], remarks.id: "  "},
        organisation_name="Fundacja Dom"))
    commit()
    assert registration.organisation_name == "Fundacja Dom"
    # The organiser rewords the question and its choices, then removes one: the answer reads as given.
    questions.update_question(organiser, diet, QuestionData("one_choice", False, "Jaka dieta?", "", "",
                                                            "zwykła\nbezglutenowa"))
    questions.remove_question(organiser, needs)
    commit()
    answers = questions.answers_of([registration.id])[registration.id]
    assert [(a.question_text, questions.shown_answer(a)) for a in answers] == [
        ("Czy potrzebujesz tłumaczenia?", "tak"), ("Dieta", "wegetariańska"),
        ("Potrzeby dostępności", "pętla indukcyjna; PJM")]
    assert answers[2].question_id is None


@pytest.mark.parametrize("data, field", [
    (QuestionData("one_choice", False, "Dieta", choices_pl="tylko jedna"), "choices_pl"),
    (QuestionData("one_choice", False, "Dieta", choices_pl="a\nb", choices_en="a"), "choices_en"),
    (QuestionData("short_text", False, "  "), "label_pl"),
    (QuestionData("essay", False, "Pytanie"), "kind"),
])
def test_a_question_that_cannot_be_asked_is_refused_next_to_its_field(app, meeting, organiser, data, field):
    with pytest.raises(services.EventError) as refused:
        questions.add_question(organiser, meeting, data)
    assert refused.value.field == field


def test_only_the_organiser_edits_the_questions(app, client, meeting, asked, outsider):
    with pytest.raises(services.NotAllowed):
        questions.add_question(outsider, meeting, QuestionData("short_text", False, "Pytanie"))
    client.login(outsider)
    assert client.get(f"/events/{meeting.id}/questions").status_code == 403
    assert client.post_form(f"/events/{meeting.id}/questions/{asked[0].id}/remove").status_code == 403


# --- through the pages, without JavaScript ---------------------------------------------------------------
def test_the_organiser_adds_a_question_and_a_wrong_one_keeps_what_was_typed(app, client, meeting, organiser):
    client.login(organiser)
    url = f"/events/{meeting.id}/questions"
    refused = client.post_form(url, {"kind": "one_choice", "label_pl": "Dieta", "label_en": "Diet",
                                     "choices_pl": "wegańska"})
    assert refused.status_code == 400
    html = refused.get_data(as_text=True)
    assert field_errors(html)["choices_pl"] == "Podaj co najmniej dwie odpowiedzi do wyboru, każdą w osobnym wierszu."
    assert 'value="Diet"' in html and "wegańska" in html
    assert client.post_form(url, {"kind": "one_choice", "label_pl": "Dieta", "choices_pl": "zwykła\nwegańska",
                                  "required": "y"}).status_code == 302
    assert "Dieta" in client.get(url).get_data(as_text=True)


def test_the_form_asks_in_the_registrants_language_and_keeps_answers_on_a_failed_submit(
        app, client, meeting, asked, organiser):
    interpreting, diet, needs, remarks = asked
    person = factories.make_user(language="en")
    factories.make_org(name="Fundacja Dom", admin=person)
    client.login(person)
    page = client.get(f"/events/{meeting.id}").get_data(as_text=True)
    assert "Do you need interpreting?" in page and "vegetarian" in page
    assert "Accessibility needs" in page  # no English choices: the Polish ones, marked as Polish
    assert '<span lang="pl">pętla indukcyjna</span>' in page
    assert 'value="Fundacja Dom"' in page  # their organisation, ready
    refused = client.post_form(f"/events/{meeting.id}/register", {
        "organisation": "Fundacja Dom", f"q{diet.id}": "2", f"q{needs.id}": ["1"], f"q{remarks.id}": "Przyjdę z dzieckiem"})
    assert refused.status_code == 400
    html = refused.get_data(as_text=True)
    assert field_errors(html)[f"q{interpreting.id}"] == "Answer this question."
    assert f'<input checked id="q{diet.id}-2"' in html and f'<input checked id="q{needs.id}-1"' in html
    assert "Przyjdę z dzieckiem" in html
    done = client.post_form(f"/events/{meeting.id}/register", {
        "organisation": "Fundacja Dom", f"q{interpreting.id}": "no", f"q{diet.id}": "2", f"q{needs.id}": ["1"]})
    assert done.status_code == 302
    assert db.session.execute(db.select(db.func.count(RegistrationAnswer.id))).scalar_one() == 3


def test_answers_on_the_registrants_page_and_in_both_exports(app, client, meeting, asked, organiser):
    interpreting, diet, _needs, _remarks = asked
    person = factories.make_user(display_name="Anna Nowak")
    services.register_for_event(person, meeting, SINGLE, details=RegistrationDetails(
        answers={interpreting.id: "yes", diet.id: "2"}, organisation_name="Fundacja Dom"))
    commit()
    client.login(organiser)
    page = client.get(f"/events/{meeting.id}/registrations").get_data(as_text=True)
    assert "Czy potrzebujesz tłumaczenia?" in page and "wegańska" in page and "Fundacja Dom" in page
    sheet = openpyxl.load_workbook(io.BytesIO(client.get(f"/events/{meeting.id}/registrations.xlsx").get_data())).active
    header, anna = ([c.value for c in row] for row in sheet.iter_rows())
    assert header[10:] == ["Czy potrzebujesz tłumaczenia?", "Dieta"] and anna[10:] == ["tak", "wegańska"]
    assert anna[4] == "Fundacja Dom"
    text = client.get(f"/events/{meeting.id}/registrations.csv").get_data().decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(text), delimiter=";"))
    assert rows[0][-2:] == ["Czy potrzebujesz tłumaczenia?", "Dieta"] and rows[1][-2:] == ["tak", "wegańska"]


def test_the_public_list_shows_only_consenting_confirmed_organisations(app, client, meeting, organiser):
    questions.set_public_participants(organiser, meeting, True)
    agreeing, private = factories.make_user(), factories.make_user()
    services.register_for_event(agreeing, meeting, SINGLE, details=RegistrationDetails(
        answers={}, organisation_name="Stowarzyszenie Jawne", listed=True))
    services.register_for_event(private, meeting, SINGLE, details=RegistrationDetails(
        answers={}, organisation_name="Fundacja Dyskretna", listed=False))
    commit()
    page = client.get(f"/events/{meeting.id}").get_data(as_text=True)
    assert "Organizacje uczestniczące" in page and "Stowarzyszenie Jawne" in page
    assert "Fundacja Dyskretna" not in page
    client.login(factories.make_user())
    form = client.get(f"/events/{meeting.id}").get_data(as_text=True)
    assert 'name="listed"' in form


def test_the_registrants_page_runs_the_same_queries_for_2_or_8_registrants(
        app, client, meeting, asked, organiser, count_queries):
    interpreting, diet, _needs, _remarks = asked

    def register(count):
        for _ in range(count):
            services.register_for_event(factories.make_user(), meeting, SINGLE, details=RegistrationDetails(
                answers={interpreting.id: "no", diet.id: "0"}, organisation_name="Fundacja Dom"))

    client.login(organiser)
    url = f"/events/{meeting.id}/registrations"
    counts = []
    for count in (2, 6):
        register(count)
        with count_queries() as counter:
            assert client.get(url).status_code == 200
        counts.append(counter.count)
    assert counts[0] == counts[1]


def test_the_organiser_reorders_the_questions(app, client, meeting, asked, organiser):
    interpreting, diet, needs, remarks = asked
    client.login(organiser)
    assert client.post_form(f"/events/{meeting.id}/questions/{needs.id}/up").status_code == 302
    assert client.post_form(f"/events/{meeting.id}/questions/{interpreting.id}/up").status_code == 302  # first stays
    assert [q.id for q in questions.questions_of(meeting)] == [interpreting.id, needs.id, diet.id, remarks.id]
    page = client.get(f"/events/{meeting.id}").get_data(as_text=False).decode()
    assert page.index("Potrzeby dostępności") < page.index("Dieta")
