"""Directory fixtures: an organisation with its admin and a member, and another organisation."""
import pytest

from tests import factories


@pytest.fixture
def org_admin(app):
    return factories.make_user(display_name="Olga Adminka", email="olga@example.org")


@pytest.fixture
def organisation(app, org_admin, member):
    """A verified organisation: org_admin is its admin, the member persona its member."""
    return factories.make_org(
        name="Fundacja Otwarta Małopolska", admin=org_admin, members=[member],
        themes=["housing", "labour-market"], counties=["tarnow-city", "tarnowski"],
        languages=["pl", "uk"], target_groups=["ukrainian-war-refugees"],
    )


@pytest.fixture
def other_admin(app):
    """The admin of another organisation (no rights over `organisation`)."""
    user = factories.make_user(display_name="Igor Innyadmin")
    factories.make_org(name="Stowarzyszenie Inne", admin=user)
    return user


@pytest.fixture
def pending_org(app, org_admin):
    """An organisation awaiting verification, administered by org_admin."""
    return factories.make_org(name="Fundacja Czekająca", admin=org_admin, verified_at=None)
