"""The secretariat verifies or refuses organisations; the organisation's admins are told, by e-mail too."""
from app.directory.models import Organisation
from app.extensions import db
from app.notifications.models import Notification
from tests.mailserver import Mailbox
from tests.secretariat.pages import section


def notes_of(user):
    return list(db.session.execute(db.select(Notification).where(
        Notification.user_id == user.id, Notification.kind == "org_verified")).scalars())


def test_the_dashboard_shows_the_waiting_organisation_and_where_to_decide(client, moderator, pending_org):
    client.login(moderator)
    page = client.get("/secretariat/").text
    assert "Organizacje oczekujące na weryfikację" in page and "Fundacja Czekająca" in page
    assert "/orgs/pending" in page
    assert "Fundacja Czekająca" in client.get("/orgs/pending").text


def test_verifying_tells_the_admins_in_the_app_and_by_email(client, moderator, pending_org, org_admin, mailbox):
    client.login(moderator)
    response = client.post_form(f"/orgs/{pending_org.slug}/verify", {})
    assert response.status_code == 302
    assert db.session.get(Organisation, pending_org.id).is_verified
    [note] = notes_of(org_admin)
    assert "zweryfikował" in note.title and "Fundacja Czekająca" in note.title
    message = mailbox.last_to(org_admin.email)
    assert "Decyzja w sprawie Twojej organizacji" in message["Subject"]
    assert f"http://forum.test/orgs/{pending_org.slug}" in Mailbox.links_in(message)
    assert message["List-Unsubscribe"]
    assert "Fundacja Czekająca" not in section(client.get("/secretariat/").text, "pending-heading")
    assert "Zweryfikowano organizację" in client.get("/secretariat/log").text


def test_refusing_needs_a_reason_which_the_admins_read(client, moderator, pending_org, org_admin, mailbox):
    client.login(moderator)
    field = f"refuse-{pending_org.id}-reason"
    response = client.post_form(f"/orgs/{pending_org.slug}/refuse", {field: "  "})
    assert "Podaj powód – przeczytają go administratorzy organizacji." in response.text
    assert notes_of(org_admin) == [] and mailbox.to(org_admin.email) == []

    client.post_form(f"/orgs/{pending_org.slug}/refuse", {field: "Brak numeru KRS w profilu."})
    org = db.session.get(Organisation, pending_org.id)
    assert not org.is_verified and org.refusal_reason == "Brak numeru KRS w profilu."
    [note] = notes_of(org_admin)
    assert "Brak numeru KRS w profilu." in note.title
    assert "Brak numeru KRS w profilu." in Mailbox.text_of(mailbox.last_to(org_admin.email))
    log = client.get("/secretariat/log").text
    assert "Odrzucono organizację" in log and "Brak numeru KRS w profilu." in log


def test_only_the_secretariat_verifies(client, member, org_admin, pending_org):
    for user in (member, org_admin):
        client.login(user)
        assert client.post_form(f"/orgs/{pending_org.slug}/verify", {}).status_code in (403, 404)
        client.post_form("/auth/logout")
    assert not db.session.get(Organisation, pending_org.id).is_verified
