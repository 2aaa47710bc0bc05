"""Bad and hand-made input on every partnership form and address: a message next to the field in
the user's language, what was typed kept, and never a server error."""
import html
import re
from datetime import timedelta

import pytest

from app.extensions import db
from app.partnerships.models import ConversationMessage, PartnershipPost, local_today
from tests.partnerships.factories import make_conversation
from tests.partnerships.test_posting import form_data

HUGE = "9" * 25  # beyond any database integer


def error_next_to(page: str, field: str) -> str:
    """The text of the error message shown under field (empty when there is none)."""
    found = re.search(rf'<p class="error-message" id="{field}-error">(.*?)</p>', page, re.S)
    return html.unescape(re.sub(r"<[^>]+>", "", found.group(1))).strip() if found else ""


@pytest.mark.parametrize("path", [
    f"/partnerships/{HUGE}", f"/partnerships/{HUGE}/matches", f"/partnerships/{HUGE}/matches.json",
    f"/partnerships/{HUGE}/edit", f"/partnerships/conversations/{HUGE}",
])
def test_ids_beyond_any_stored_one_are_not_found(client, network, path):
    client.login(network.ngo_admin)
    assert client.get(path).status_code == 404


@pytest.mark.parametrize("path", [
    f"/partnerships/?page={HUGE}", "/partnerships/?page=-3", f"/partnerships/?deadline_within={HUGE}&sort=x",
    "/partnerships/{post}/matches?page=" + HUGE, f"/partnerships/my-matches?org={HUGE}&page={HUGE}",
    f"/partnerships/new?organisation={HUGE}",
])
def test_huge_or_nonsense_query_values_still_give_the_page(client, network, path):
    client.login(network.ngo_admin)
    assert client.get(path.format(post=network.post.id)).status_code == 200


def test_a_message_in_polish_next_to_the_field_by_default(client, network):
    client.login(network.ngo_admin)
    past = (local_today() - timedelta(days=2)).isoformat()
    response = client.post_form("/partnerships/new", form_data(network.ngo, title="Mój tytuł", deadline=past))
    page = response.get_data(as_text=True)
    assert response.status_code == 400
    assert error_next_to(page, "deadline").endswith("Termin naboru już minął. Podaj późniejszą datę albo zostaw "
                                                    "pole puste.")
    assert 'value="Mój tytuł"' in page and f'value="{past}"' in page


def test_the_same_message_in_ukrainian(client, network):
    client.login(network.ngo_admin)
    response = client.post_form("/partnerships/new?lang=uk", form_data(network.ngo, themes=[]))
    assert error_next_to(response.get_data(as_text=True), "themes").endswith(
        "Виберіть щонайменше одну тематичну сферу.")


@pytest.mark.parametrize("organisation", [HUGE, "-1", "0", "", "1.5"])
def test_a_hand_made_organisation_id_is_refused_next_to_the_field(client, network, organisation):
    client.login(network.ngo_admin)
    response = client.post_form("/partnerships/new?lang=en", form_data(network.ngo, organisation=organisation))
    assert response.status_code == 400
    assert "only on behalf of an organisation you belong to" in error_next_to(response.get_data(as_text=True),
                                                                              "organisation")
    assert db.session.execute(db.select(db.func.count(PartnershipPost.id))).scalar() == 1  # network.post only


def test_a_huge_duration_is_refused_next_to_the_field(client, network):
    client.login(network.ngo_admin)
    response = client.post_form("/partnerships/new?lang=en", form_data(network.ngo, duration_months=HUGE))
    assert response.status_code == 400
    assert "from 1 to 120" in error_next_to(response.get_data(as_text=True), "duration_months")


def test_editing_with_bad_input_keeps_the_stored_post(client, network):
    client.login(network.ngo_admin)
    response = client.post_form(f"/partnerships/{network.post.id}/edit?lang=en",
                                form_data(network.ngo, title="", description="Nowy opis, jeszcze niezapisany"))
    page = response.get_data(as_text=True)
    assert response.status_code == 400 and "Give the post a title" in error_next_to(page, "title")
    assert "Nowy opis, jeszcze niezapisany" in page
    db.session.refresh(network.post)
    assert network.post.title == "Szukamy pracodawcy do projektu FAMI"


def test_a_hand_made_partner_id_is_refused_next_to_the_field(client, network):
    client.login(network.ngo_admin)
    response = client.post_form(f"/partnerships/{network.post.id}/status?lang=en",
                                {"status": "formed", "partners": [HUGE, "abc"]})
    assert response.status_code == 400
    assert "Choose partners from the list" in error_next_to(response.get_data(as_text=True), "partners")
    db.session.refresh(network.post)
    assert network.post.status == "open"


def test_an_unknown_partner_name_is_refused_and_kept(client, network):
    client.login(network.ngo_admin)
    response = client.post_form(f"/partnerships/{network.post.id}/status?lang=en",
                                {"status": "in_talks", "other_partner": "Fundacja Widmo"})
    page = response.get_data(as_text=True)
    assert response.status_code == 400
    assert "There is no verified organisation named “Fundacja Widmo”" in error_next_to(page, "other_partner")
    assert 'value="Fundacja Widmo"' in page


def test_a_too_long_interest_message_is_refused_and_kept(client, network):
    client.login(network.employer_member)
    typed = "Długi list. " * 400
    response = client.post_form(f"/partnerships/{network.post.id}/interest",
                                {"organisation": str(network.employer.id), "message": typed})
    page = response.get_data(as_text=True)
    assert response.status_code == 400
    assert error_next_to(page, "message").endswith("Wiadomość może mieć najwyżej 4000 znaków.")
    assert typed.strip() in html.unescape(page)


def test_a_hand_made_organisation_on_the_interest_form_is_refused(client, network):
    client.login(network.employer_member)
    response = client.post_form(f"/partnerships/{network.post.id}/interest?lang=en",
                                {"organisation": HUGE, "message": "Dzień dobry"})
    assert response.status_code == 400
    assert "only on behalf of an organisation you belong to" in error_next_to(response.get_data(as_text=True),
                                                                              "organisation")


@pytest.mark.parametrize("message, expected", [
    ("   ", "Write a message."), ("x" * 4001, "A message has at most 4000 characters."),
])
def test_a_bad_answer_is_refused_next_to_the_field(client, network, message, expected):
    conversation = make_conversation(network.post, network.employer, network.employer_member)
    client.login(network.ngo_admin)
    response = client.post_form(f"/partnerships/conversations/{conversation.id}?lang=en", {"message": message})
    assert response.status_code == 400
    assert error_next_to(response.get_data(as_text=True), "message").endswith(expected)
    assert db.session.execute(db.select(db.func.count(ConversationMessage.id))).scalar() == 1


def test_a_too_long_report_is_refused_and_the_form_stays_open(client, network):
    conversation = make_conversation(network.post, network.employer, network.employer_member)
    client.login(network.employer_member)
    response = client.post_form(f"/partnerships/conversations/{conversation.id}/report?lang=en",
                                {"reason": "Powód. " * 200})
    page = response.get_data(as_text=True)
    assert response.status_code == 400
    assert "The reason has at most 1000 characters." in error_next_to(page, "reason")
    assert '<details class="report" open>' in page


def test_a_too_long_resolution_note_is_refused_next_to_the_field(client, network, moderator):
    from app.db import utcnow

    conversation = make_conversation(network.post, network.employer, network.employer_member,
                                     reported_at=utcnow(), report_reason="Spam")
    client.login(moderator)
    typed = "Notatka " * 80
    response = client.post_form(f"/partnerships/conversations/{conversation.id}/resolve", {"note": typed})
    page = response.get_data(as_text=True)
    assert response.status_code == 400
    assert error_next_to(page, "note").endswith("Notatka może mieć najwyżej 500 znaków.")
    assert f'value="{typed}"' in page
    db.session.refresh(conversation)
    assert conversation.report_resolved_at is None
