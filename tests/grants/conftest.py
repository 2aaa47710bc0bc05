"""Fixtures of the small-grants tests: a lead organisation, partners of other sectors, a call."""
import pytest

from tests import factories
from tests.grants.factories import make_call


@pytest.fixture
def request_ctx(app):
    """Services' messages are translated: they need a request (Polish, the default language)."""
    with app.test_request_context("/"):
        yield


@pytest.fixture
def applicant(app):
    return factories.make_user(display_name="Anna Wnioskodawczyni")


@pytest.fixture
def lead_org(applicant):
    return factories.make_org(name="Fundacja Dom w Tarnowie", admin=applicant, counties=["tarnow-city"])


@pytest.fixture
def partner_admin(app):
    return factories.make_user(display_name="Paweł Partner", language="uk")


@pytest.fixture
def partner_org(partner_admin):
    """A local government partner (another sector than the lead's NGO)."""
    return factories.make_org(name="Gmina Testowa", org_type="gmina", admin=partner_admin, counties=["tarnowski"])


@pytest.fixture
def employer_org(app):
    return factories.make_org(name="Zakład Pracy Sp. z o.o.", org_type="employer", counties=["krakow-city"])


@pytest.fixture
def call(app):
    return make_call()
