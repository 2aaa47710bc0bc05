"""A notification is checked against the policy when it is shown or sent, not only when made.

Someone removed from a working group, or who left an organisation, no longer sees the private
thread's or conversation's notifications in the list or the unread count, nor gets them by
e-mail at once or in the digest; the notifications of what they still see are unchanged.
"""
from types import SimpleNamespace

import pytest

from app.db import commit
from app.extensions import db
from app.forums.admin import change_group_member
from app.forums.models import Post, WorkingGroupMember
from app.notifications import delivery, queries
from app.notifications.models import KINDS, Notification
from app.notifications.subjects import GUARDS
from tests.factories import make_org, make_user
from tests.forums.factories import group_category, make_category, make_group, make_reply, make_thread
from tests.mailserver import Mailbox
from tests.notifications.factories import choose

PRIVATE_TITLE = "Poufne: budżet zespołu ds. mieszkań"
PUBLIC_TITLE = "Otwarte: kursy języka polskiego"


@pytest.fixture
def group_story(app, member):
    """member wrote in a private working group and in a public category; both got a reply."""
    story = SimpleNamespace(coordinator=make_user(display_name="Krystyna Koordynatorka"))
    story.group = make_group(members=[member], coordinators=[story.coordinator])
    openings = [db.session.get(Post, make_thread(author=member, category=category, title=title).last_post_id)
                for category, title in ((group_category(story.group), PRIVATE_TITLE), (make_category(), PUBLIC_TITLE))]
    story.write_replies = lambda: [make_reply(post.thread, author=story.coordinator, reply_to=post)
                                   for post in openings]
    return story


def remove_from_group(story, user):
    membership = db.session.execute(db.select(WorkingGroupMember).where(
        WorkingGroupMember.group_id == story.group.id, WorkingGroupMember.user_id == user.id)).scalar_one()
    change_group_member(story.coordinator, story.group, membership, None)


def test_a_removed_group_member_no_longer_sees_the_private_notification(client, member, group_story):
    group_story.write_replies()
    commit()
    client.login(member)
    assert PRIVATE_TITLE in client.get("/account/notifications").text
    remove_from_group(group_story, member)
    commit()

    page = client.get("/account/notifications").text
    assert PRIVATE_TITLE not in page and "Krystyna Koordynatorka" in page  # the public one stays
    assert PUBLIC_TITLE in page
    assert queries.unread_count(member) == 1
    assert [n.title for n in queries.latest_unread(member)] == [PUBLIC_TITLE]
    assert PRIVATE_TITLE not in client.get("/").text  # the home page's "for you"
    hidden = db.session.execute(db.select(Notification).where(Notification.title == PRIVATE_TITLE)).scalar_one()
    assert client.get(f"/account/notifications/{hidden.id}").status_code == 404
    assert hidden.read_at is None  # hidden, not deleted: back if access comes back


def test_a_removed_group_member_gets_no_immediate_email(app, mailbox, member, group_story):
    choose(member, reply="email")
    group_story.write_replies()
    remove_from_group(group_story, member)  # before the e-mail leaves
    commit()
    subjects = [message["Subject"] for message in mailbox.to(member.email)]
    assert len(subjects) == 1 and PUBLIC_TITLE in subjects[0]


def test_a_removed_group_member_gets_no_digest_of_the_private_thread(app, mailbox, member, group_story):
    choose(member, reply="digest")
    group_story.write_replies()
    commit()
    remove_from_group(group_story, member)
    commit()
    assert delivery.send_digests()["sent"] == 1
    text = Mailbox.text_of(mailbox.last_to(member.email))
    assert PUBLIC_TITLE in text and PRIVATE_TITLE not in text
    assert delivery.send_digests(delivery.local_today().replace(year=2099))["sent"] == 0  # never later either


def test_a_group_member_still_gets_the_private_thread_in_the_digest(app, mailbox, member, group_story):
    choose(member, reply="digest")
    group_story.write_replies()
    commit()
    assert delivery.send_digests()["sent"] == 1
    text = Mailbox.text_of(mailbox.last_to(member.email))
    assert PUBLIC_TITLE in text and PRIVATE_TITLE in text


@pytest.fixture
def conversation_story(app, mailbox):
    """An employee of an employer expressed interest in an NGO's post: a private conversation."""
    from app.partnerships import services
    from tests.partnerships.factories import make_post

    story = SimpleNamespace(ngo_admin=make_user(), employer_admin=make_user(), employee=make_user())
    story.ngo = make_org(name="Fundacja Tarnowska", admin=story.ngo_admin)
    story.employer = make_org(name="Zakłady Pracy Tarnów", admin=story.employer_admin, members=[story.employee])
    post = make_post(story.ngo, story.ngo_admin, title="Szukamy pracodawcy do projektu FAMI")
    story.conversation = services.express_interest(story.employee, post, story.employer.id, "Chętnie pomożemy.")
    story.answer = lambda: services.post_message(story.ngo_admin, story.conversation, "Zapraszamy na rozmowę.")
    commit()
    mailbox.clear()
    return story


def conversation_titles(user) -> list[str]:
    return [n.title for n in queries.list_notifications(user).items if "Szukamy pracodawcy" in n.title]


def test_after_leaving_the_organisation_its_conversation_is_not_listed(app, conversation_story):
    from app.directory.services import leave_org

    story = conversation_story
    story.answer()
    commit()
    assert len(conversation_titles(story.employee)) == 1 and queries.unread_count(story.employee) == 1
    leave_org(story.employee, story.employer)
    commit()
    assert conversation_titles(story.employee) == [] and queries.unread_count(story.employee) == 0
    assert len(conversation_titles(story.employer_admin)) == 1  # still a member: still shown


def test_after_leaving_the_organisation_its_conversation_is_not_mailed(app, mailbox, conversation_story):
    from app.directory.services import leave_org

    story = conversation_story
    story.answer()  # both the employee and the employer's admin are told, at once by default
    leave_org(story.employee, story.employer)  # before the e-mail leaves
    commit()
    assert mailbox.to(story.employee.email) == []
    assert len(mailbox.to(story.employer_admin.email)) == 1


def test_every_kind_declares_who_may_still_see_it():
    assert set(KINDS) <= set(GUARDS)
