from datetime import date, time
from tests.events.factories import make_event
from tests import factories

def test_smoke(app, client):
    u = factories.make_user()
    org = factories.make_org(admin=u)
    e = make_event(org, author=u)
    r = make_event(org, author=u, title="Co miesiąc", start_date=date(2026, 1, 6), repeat="monthly_weekday", repeat_end="until", repeat_until=date(2026, 12, 31), registration_enabled=True, capacity=2)
    d = make_event(org, author=u, publish=False, title="Szkic")
    for url in ["/events/", "/events/past", "/events/calendar", "/events/calendar?month=2026-03", f"/events/{e.id}", f"/events/{r.id}", f"/events/{r.id}/2026-03-03", "/events/feed.ics", f"/events/{r.id}.ics"]:
        resp = client.get(url)
        assert resp.status_code == 200, (url, resp.status_code)
    print(client.get(f"/events/{r.id}.ics").get_data(as_text=True))
    client.login(u)
    for url in ["/events/new", f"/events/{e.id}/edit", f"/events/{r.id}/edit", f"/events/{d.id}", "/events/mine", f"/events/{r.id}/registrations?occurrence=2026-03-03", f"/events/{r.id}/registrations.csv?occurrence=2026-03-03", f"/events/{r.id}/2026-03-03/manage", f"/events/{e.id}/minutes", f"/events/{r.id}/2026-03-03/minutes", f"/events/{e.id}/cancel"]:
        resp = client.get(url)
        assert resp.status_code == 200, (url, resp.status_code, resp.get_data(as_text=True)[:3000])
