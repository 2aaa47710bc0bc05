"""Small web basics: an icon, a description and OpenGraph per page, valid <time> values."""
import re

from app.extensions import db
from tests import factories
from tests.forums import factories as ff


def test_favicon_ico_leads_to_the_sites_icon(client):
    response = client.get("/favicon.ico")
    assert response.status_code == 301 and response.headers["Location"].endswith("/static/favicon.svg")
    with client.get("/static/favicon.svg") as icon:
        assert icon.status_code == 200 and icon.mimetype == "image/svg+xml"
    assert 'rel="icon" href="/static/favicon.svg"' in client.get("/").text


def test_every_page_has_a_description_and_opengraph_in_its_language(client):
    page = client.get("/?lang=en").text
    assert '<meta name="description" content="The cooperation forum of organisations' in page
    assert '<meta property="og:title" content="Małopolska Otwarta · Cooperation Forum">' in page
    assert '<meta property="og:locale" content="en_GB">' in page
    assert 'content="Forum współpracy organizacji' in client.get("/?lang=pl").text


def test_an_organisations_page_is_described_by_the_organisation(client):
    org = factories.make_org(name="Fundacja Opisana")
    db.session.commit()
    page = client.get(f"/orgs/{org.slug}?lang=pl").text
    assert '<meta name="description" content="Opis organizacji Fundacja Opisana.">' in page
    assert '<meta property="og:title" content="Fundacja Opisana">' in page
    assert f'<meta property="og:url" content="http://forum.test/orgs/{org.slug}">' in page


def test_time_elements_carry_no_microseconds(client):
    thread = ff.make_thread(title="Wątek z czasem")
    db.session.commit()
    page = client.get(f"/forums/t/{thread.id}").text
    values = re.findall(r'<time datetime="([^"]+)"', page)
    assert values and all(re.fullmatch(r"\d{4}-\d\d-\d\d(T\d\d:\d\d:\d\dZ)?", value) for value in values), values


def test_help_is_in_the_same_place_on_every_page(client):
    """WCAG 2.2 consistent help: the footer of every page leads to help and the secretariat's address."""
    for address in ("/", "/orgs/", "/forums/", "/auth/login", "/no-such-page"):
        footer = client.get(address + "?lang=en").text.split('<footer class="site-footer">')[1]
        assert '<li><a href="/help">Help and contact</a></li>' in footer.split("</ul>")[0], address
    help_page = client.get("/help?lang=pl").text
    assert "Sekretariat sieci" in help_page and 'href="mailto:sekretariat@forum.malopolska.test"' in help_page
