"""The home page's "for you" box: unread notifications, matches for my organisation, my coming events."""
from app.db import commit
from app.events.models import SINGLE
from app.events.registration import register_for_event
from tests import factories
from tests.events.factories import make_event
from tests.partnerships.factories import make_post
from tests.secretariat.pages import section


def for_you(client) -> str:
    return section(client.get("/").text, "home-for-you-heading")


def test_my_coming_registrations_are_for_me(app, client, member, outsider):
    with app.test_request_context("/"):
        event = make_event(title="Szkolenie z legalizacji pobytu", registration_enabled=True, capacity=5)
        register_for_event(member, event, SINGLE)
    commit()
    client.login(member)
    assert "Szkolenie z legalizacji pobytu" in for_you(client)
    client.post_form("/auth/logout")
    client.login(outsider)
    box = for_you(client)
    assert "Szkolenie z legalizacji pobytu" not in box and "Nie masz rejestracji" in box


def test_an_org_admin_sees_partnership_posts_that_match_their_organisation(app, client, member):
    factories.make_org(name="Zakład Pracy w Tarnowie", org_type="employer", counties=["tarnowski"],
                       themes=["labour-market"], admin=member)
    ngo = factories.make_org(name="Fundacja Tarnowska", counties=["tarnowski"], themes=["labour-market"])
    make_post(ngo, title="Szukamy pracodawcy dla uchodźców", themes=["labour-market"], places=["tarnowski"],
              sectors_sought=["business"])
    commit()
    client.login(member)
    box = for_you(client)
    assert "Ogłoszenia partnerskie dla: Zakład Pracy w Tarnowie" in box
    assert "Szukamy pracodawcy dla uchodźców" in box


def test_a_visitor_gets_no_for_you_box(client):
    assert "home-for-you-heading" not in client.get("/").text
