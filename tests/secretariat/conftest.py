"""Secretariat fixtures: a reported forum post, an organisation awaiting verification."""
from types import SimpleNamespace

import pytest

from tests import factories
from tests.forums.factories import make_category, make_thread


@pytest.fixture
def request_ctx(app):
    """Services write translated messages and notifications: they need a request (Polish)."""
    with app.test_request_context("/"):
        yield


@pytest.fixture
def org_admin(app):
    return factories.make_user(display_name="Olga Adminka", email="olga@example.org")


@pytest.fixture
def pending_org(app, org_admin):
    """An organisation awaiting verification, administered by org_admin."""
    return factories.make_org(name="Fundacja Czekająca", admin=org_admin, verified_at=None)


@pytest.fixture
def reported(app, member, outsider):
    """A thread by the member in which the outsider's reply was reported by the member."""
    from app.forums import services

    category = make_category(slug="mieszkania", name_pl="Mieszkania")
    thread = make_thread(author=member, category=category, title="Mieszkania dla rodzin w Tarnowie")
    post = services.reply(outsider, thread, "Kupujcie tanie zegarki na moim blogu!").post
    report = services.report_post(member, post, "To jest spam.")
    return SimpleNamespace(thread=thread, post=post, report=report, author=outsider, reporter=member)
