"""A small network for the partnership tests: an NGO seeking an employer in Tarnów, and others."""
from types import SimpleNamespace

import pytest

from tests import factories
from tests.partnerships.factories import make_post


@pytest.fixture
def network(app, member):
    """ngo (member = its admin) posts a request seeking an employer; employer, city and a
    second NGO are verified; shadow is an employer awaiting verification."""
    n = SimpleNamespace()
    n.ngo_admin = member
    n.employer_member = factories.make_user(display_name="Ewa Pracodawczyni")
    n.city_member = factories.make_user(display_name="Celina Urzędniczka")
    n.shadow_member = factories.make_user(display_name="Szymon Cień")
    n.ngo = factories.make_org(name="Fundacja Tarnowska", org_type="ngo", themes=["labour-market", "housing"],
                               counties=["tarnowski"], languages=["pl", "uk"],
                               target_groups=["ukrainian-war-refugees"], admin=n.ngo_admin)
    n.employer = factories.make_org(name="Zakłady Pracy Tarnów", org_type="employer", themes=["labour-market"],
                                    counties=["tarnowski"], languages=["pl", "uk"], members=[n.employer_member])
    n.city = factories.make_org(name="Miejski Ośrodek Pomocy Społecznej", org_type="mops",
                                themes=["housing"], counties=["krakow-city"], admin=n.city_member)
    n.other_ngo = factories.make_org(name="Stowarzyszenie Sąsiedzkie", org_type="ngo",
                                     themes=["labour-market", "housing"], counties=["tarnowski"])
    n.shadow = factories.make_org(name="Firma Niezweryfikowana", org_type="sme", themes=["labour-market"],
                                  counties=["tarnowski"], verified_at=None, admin=n.shadow_member)
    n.post = make_post(n.ngo, n.ngo_admin, kind="request", title="Szukamy pracodawcy do projektu FAMI",
                       themes=["labour-market", "housing"], places=["tarnowski"], sectors_sought=["business"],
                       target_groups=["ukrainian-war-refugees"], languages=["pl", "uk"],
                       funding_source="fami-2021-2027", deadline_in=30)
    return n


@pytest.fixture
def queries_for(client, count_queries):
    """queries_for(url) → how many SQL statements a GET of url runs (it must answer 200)."""
    def measure(url):
        with count_queries() as counter:
            assert client.get(url).status_code == 200
        return counter.count

    return measure
