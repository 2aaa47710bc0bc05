"""Fixtures of the events tests: an organiser with an organisation, a request context for messages."""
import pytest

from tests import factories


@pytest.fixture
def request_ctx(app):
    """Services' messages are translated: they need a request (Polish, the default language)."""
    with app.test_request_context("/"):
        yield


@pytest.fixture
def organiser(app):
    return factories.make_user(display_name="Olga Organizatorka")


@pytest.fixture
def org(organiser):
    return factories.make_org(name="Miejski Ośrodek Pomocy Społecznej w Tarnowie", admin=organiser,
                              counties=["tarnow-city"])
