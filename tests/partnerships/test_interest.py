"""Expressing interest, the private conversation between two organisations, reporting it."""
import html

import pytest

from app.extensions import db
from app.notifications.models import Notification
from app.partnerships.models import ConversationMessage, PartnershipConversation
from app.secretariat.models import ModerationLogEntry
from tests import factories
from tests.partnerships.factories import make_conversation


def notifications_of(user, kind):
    return db.session.execute(db.select(Notification).where(
        Notification.user_id == user.id, Notification.kind == kind)).scalars().all()


def test_a_member_of_another_organisation_expresses_interest(client, network):
    client.login(network.employer_member)
    response = client.post_form(f"/partnerships/{network.post.id}/interest", {
        "organisation": str(network.employer.id), "message": "Mamy miejsca na staże.\nZadzwońcie."})
    conversation = db.session.execute(db.select(PartnershipConversation)).scalars().one()
    assert response.status_code == 302
    assert response.headers["Location"].endswith(f"/partnerships/conversations/{conversation.id}")
    assert (conversation.post_id, conversation.organisation_id) == (network.post.id, network.employer.id)
    page = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "Mamy miejsca na staże.\nZadzwońcie." in page
    told = notifications_of(network.ngo_admin, "partnership_interest")
    assert len(told) == 1 and "Zakłady Pracy Tarnów" in told[0].title
    assert told[0].url == f"/partnerships/conversations/{conversation.id}"
    assert notifications_of(network.employer_member, "partnership_interest") == []  # not the actor


def test_the_poster_sees_the_interest_received_and_answers(client, network):
    conversation = make_conversation(network.post, network.employer, network.employer_member, "Dzień dobry!")
    client.login(network.ngo_admin)
    page = client.get(f"/partnerships/{network.post.id}").get_data(as_text=True)
    assert "Zakłady Pracy Tarnów" in page.split('id="interests-heading"')[1]
    response = client.post_form(f"/partnerships/conversations/{conversation.id}", {"message": "Zapraszamy na spotkanie."})
    assert response.status_code == 302
    bodies = [m.body for m in db.session.execute(db.select(ConversationMessage).order_by(ConversationMessage.id)).scalars()]
    assert bodies == ["Dzień dobry!", "Zapraszamy na spotkanie."]
    answer = db.session.execute(db.select(ConversationMessage).order_by(ConversationMessage.id.desc())).scalars().first()
    assert answer.organisation_id == network.ngo.id
    assert len(notifications_of(network.employer_member, "conversation_message")) == 1  # who started it


def test_interest_received_is_private_to_the_posting_organisation(client, network):
    make_conversation(network.post, network.employer, network.employer_member)
    client.login(network.city_member)
    assert 'id="interests-heading"' not in client.get(f"/partnerships/{network.post.id}").get_data(as_text=True)


@pytest.mark.parametrize("case, message", [
    ("own post", "This is your own organisation's post"),
    ("twice", "already expressed interest"),
    ("no organisation", "You need to belong to an organisation"),
    ("not a member", "only on behalf of an organisation you belong to"),
    ("empty message", "Write a message"),
    ("closed", "no longer looks for partners"),
])
def test_refused_interest_is_explained_and_the_message_kept(client, network, outsider, case, message):
    user, org = network.employer_member, network.employer.id
    if case == "own post":
        user, org = network.ngo_admin, network.ngo.id
    elif case == "twice":
        make_conversation(network.post, network.employer, network.employer_member)
    elif case == "no organisation":
        user = outsider
    elif case == "not a member":
        org = network.city.id
    elif case == "closed":
        network.post.status = "closed"
    typed = "" if case == "empty message" else "Mój starannie napisany list"
    client.login(user)
    response = client.post_form(f"/partnerships/{network.post.id}/interest?lang=en",
                                {"organisation": str(org), "message": typed})
    page = html.unescape(response.get_data(as_text=True))
    assert response.status_code == 400 and message in page
    if typed and case == "not a member":  # (otherwise no form is offered: its message says why)
        assert typed in page  # the form is shown again with the text
    count = 1 if case == "twice" else 0
    assert db.session.execute(db.select(db.func.count(PartnershipConversation.id))).scalar() == count


def test_a_user_of_two_organisations_chooses_which_one_writes(client, network):
    both = factories.make_user()
    from app.directory.models import Membership

    for org in (network.ngo, network.city):
        db.session.add(Membership(organisation_id=org.id, user_id=both.id, role="member"))
    client.login(both)
    page = client.get(f"/partnerships/{network.post.id}").get_data(as_text=True)
    interest_form = page.split('id="interest-heading"')[1]
    assert "Miejski Ośrodek Pomocy Społecznej" in interest_form and "Fundacja Tarnowska" not in interest_form
    client.post_form(f"/partnerships/{network.post.id}/interest", {"organisation": str(network.city.id),
                                                                   "message": "Jako MOPS chętnie dołączymy."})
    assert db.session.execute(db.select(PartnershipConversation.organisation_id)).scalar() == network.city.id


def test_report_lets_the_secretariat_read_and_resolve(client, network, moderator):
    conversation = make_conversation(network.post, network.employer, network.employer_member, "Spam spam")
    url = f"/partnerships/conversations/{conversation.id}"
    client.login(moderator)
    assert client.get(url).status_code == 404
    client.login(network.ngo_admin)
    response = client.post_form(url + "/report", {"reason": "Reklama zamiast współpracy."})
    assert response.status_code == 302
    client.login(moderator)
    page = client.get(url).get_data(as_text=True)
    assert "Spam spam" in page and "Reklama zamiast współpracy." in page
    assert "Reklama zamiast współpracy." in client.get("/partnerships/reports").get_data(as_text=True)
    assert client.post_form(url, {"message": "Moderator pisze"}).status_code == 403  # reads, does not join
    assert client.post_form(url + "/resolve", {"note": "Ostrzeżono"}).status_code == 302
    entry = db.session.execute(db.select(ModerationLogEntry)).scalars().one()
    assert (entry.action, entry.target_id, entry.reason) == ("partnership_conversation.resolve", conversation.id,
                                                             "Ostrzeżono")


def test_an_empty_report_is_refused_with_a_message(client, network):
    conversation = make_conversation(network.post, network.employer, network.employer_member)
    client.login(network.employer_member)
    response = client.post_form(f"/partnerships/conversations/{conversation.id}/report?lang=en", {"reason": ""})
    assert response.status_code == 400 and "Tell the secretariat what is wrong" in response.get_data(as_text=True)
    db.session.refresh(conversation)
    assert conversation.reported_at is None


def test_my_conversations_lists_both_sides(client, network):
    make_conversation(network.post, network.employer, network.employer_member)
    for user in (network.ngo_admin, network.employer_member):
        client.login(user)
        assert "Szukamy pracodawcy do projektu FAMI" in client.get("/partnerships/conversations/").get_data(as_text=True)
    client.login(network.city_member)
    assert "Szukamy pracodawcy" not in client.get("/partnerships/conversations/").get_data(as_text=True)


def test_a_new_post_tells_the_admins_of_fitting_organisations(client, network):
    employer_admin = factories.make_user()
    from app.directory.models import Membership

    db.session.add(Membership(organisation_id=network.employer.id, user_id=employer_admin.id, role="admin"))
    from tests.partnerships.test_posting import form_data

    client.login(network.ngo_admin)
    client.post_form("/partnerships/new", form_data(network.ngo))
    assert len(notifications_of(employer_admin, "partnership_match")) == 1
    assert notifications_of(network.city_member, "partnership_match") == []  # not a sector sought
    assert notifications_of(network.shadow_member, "partnership_match") == []  # unverified: not public


def test_interest_and_answers_reach_the_other_side_by_email(client, network, mailbox):
    from tests.mailserver import Mailbox

    network.ngo_admin.language = "uk"  # each side is written to in their own language
    client.login(network.employer_member)
    client.post_form(f"/partnerships/{network.post.id}/interest", {
        "organisation": str(network.employer.id), "message": "Mamy miejsca na staże."})
    conversation = db.session.execute(db.select(PartnershipConversation)).scalars().one()
    told = mailbox.last_to(network.ngo_admin.email)
    assert ("Zakłady Pracy Tarnów цікавиться вашим оголошенням «Szukamy pracodawcy do projektu FAMI»"
            in told["Subject"])
    link = next(link for link in Mailbox.links_in(told) if "/partnerships/conversations/" in link)
    assert link.endswith(f"/partnerships/conversations/{conversation.id}")
    assert mailbox.to(network.employer_member.email) == []  # not the one who wrote

    client.login(network.ngo_admin)
    client.post_form(link, {"message": "Zapraszamy na spotkanie."})
    answer = mailbox.last_to(network.employer_member.email)
    assert "Nowa wiadomość w sprawie „Szukamy pracodawcy do projektu FAMI”" in answer["Subject"]
    assert mailbox.to(network.city_member.email) == []  # not a side of this conversation


@pytest.mark.parametrize("path", ["/partnerships/conversations/", "/partnerships/{post}"])
def test_conversation_lists_run_a_fixed_number_of_queries(client, network, queries_for, path):
    url = path.format(post=network.post.id)
    client.login(network.ngo_admin)
    make_conversation(network.post, network.employer, network.employer_member)
    few = queries_for(url)
    for number in range(8):
        org = factories.make_org(name=f"Firma zainteresowana {number}", org_type="employer")
        make_conversation(network.post, org, factories.make_user(), f"Wiadomość {number}")
    assert queries_for(url) == few
    assert "Firma zainteresowana 7" in client.get(url).get_data(as_text=True)
