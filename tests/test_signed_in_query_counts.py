"""The pages a signed-in member opens every day run a fixed number of SQL statements, whatever
the amount of content (issue 22: the benchmark's signed-in persona, a member of an organisation
and of a working group; the same pages for guests have their own tests in each part)."""
import pytest

from tests import factories
from tests.forums import factories as ff
from tests.partnerships.factories import make_post

PAGES = ["/", "/partnerships/", "/orgs/?county=krakow-city&theme=housing", "/forums/"]


def _statements(client, count_queries, url) -> int:
    client.get(url)  # a first visit may record something (a read position): count a repeat visit
    with count_queries() as counter:
        response = client.get(url)
    assert response.status_code == 200, url
    return counter.count


def _more_content(member, group, number: int) -> None:
    """Organisations, threads with replies (some in the member's group) and partnership posts."""
    group_category = ff.group_category(group)
    for n in range(number):
        org = factories.make_org(name=f"Stowarzyszenie Treści {number}-{n}", themes=["housing"], counties=["krakow-city"])
        make_post(org, title=f"Ogłoszenie {number}-{n}", themes=["housing"], places=["krakow-city"])
        thread = ff.make_thread(factories.make_user(), title=f"Wątek {number}-{n}")
        ff.make_reply(thread, member)
        ff.make_reply(ff.make_thread(member, group_category, title=f"Wątek zespołu {number}-{n}"), member)


@pytest.fixture
def member_and_group(client, member):
    """The member, signed in, of an organisation and of a working group."""
    factories.make_org(name="Fundacja Członkini", members=[member])
    group = ff.make_group(members=[member])
    client.login(member)
    return member, group


@pytest.mark.parametrize("url", PAGES)
def test_a_signed_in_members_page_costs_the_same_with_more_content(client, member_and_group, count_queries, url):
    _more_content(*member_and_group, 2)
    few = _statements(client, count_queries, url)
    _more_content(*member_and_group, 12)
    assert _statements(client, count_queries, url) == few, url
