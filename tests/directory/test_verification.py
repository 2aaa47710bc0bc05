"""The secretariat's verification queue: verify, or refuse with a reason; both logged and notified."""
from app.directory import queries
from app.extensions import db
from app.notifications.models import Notification
from app.secretariat.models import ModerationLogEntry


def log_entries():
    return db.session.execute(db.select(ModerationLogEntry).order_by(ModerationLogEntry.id)).scalars().all()


def notifications_of(user):
    return db.session.execute(db.select(Notification).where(Notification.user_id == user.id)).scalars().all()


def test_moderator_verifies_and_the_organisation_goes_public(app, client, moderator, pending_org, org_admin):
    client.login(moderator)
    queue = client.get("/orgs/pending").get_data(as_text=True)
    assert "Fundacja Czekająca" in queue and org_admin.email in queue
    response = client.post_form(f"/orgs/{pending_org.slug}/verify", {})
    assert response.headers["Location"].endswith("/orgs/pending")
    assert pending_org.is_verified and pending_org.verified_by_id == moderator.id
    assert f'id="org-{pending_org.id}"' not in client.get("/orgs/pending").get_data(as_text=True)
    [entry] = log_entries()
    assert (entry.action, entry.target_kind, entry.target_id, entry.actor_id) == (
        "org.verify", "organisation", pending_org.id, moderator.id)
    [note] = notifications_of(org_admin)
    assert note.kind == "org_verified" and note.url == f"/orgs/{pending_org.slug}"
    assert "Fundacja Czekająca" in note.title
    public = app.test_client()
    assert public.get(f"/orgs/{pending_org.slug}").status_code == 200
    assert "Fundacja Czekająca" in public.get("/orgs/").get_data(as_text=True)
    assert "Fundacja Czekająca" in public.get("/orgs/export.csv").data.decode("utf-8-sig")


def test_refusal_needs_a_reason_and_keeps_what_was_typed(client, moderator, pending_org):
    client.login(moderator)
    response = client.post_form(f"/orgs/{pending_org.slug}/refuse", {f"refuse-{pending_org.id}-reason": "   "})
    assert response.status_code == 200
    assert f'id="refuse-{pending_org.id}-reason-error"' in response.get_data(as_text=True)
    assert pending_org.is_pending and not log_entries()


def test_refusal_is_logged_with_its_reason_and_told_to_the_admins(client, moderator, pending_org, org_admin):
    org_admin.language = "en"
    client.login(moderator)
    client.post_form(f"/orgs/{pending_org.slug}/refuse", {f"refuse-{pending_org.id}-reason": "Brak numeru KRS."})
    assert pending_org.is_refused and pending_org.refusal_reason == "Brak numeru KRS."
    [entry] = log_entries()
    assert entry.action == "org.refuse" and entry.reason == "Brak numeru KRS."
    [note] = notifications_of(org_admin)
    assert note.kind == "org_verified" and "Brak numeru KRS." in note.title
    assert note.title.startswith("The secretariat did not verify")  # in the admin's own language
    assert f'id="org-{pending_org.id}"' not in client.get("/orgs/pending").get_data(as_text=True)
    assert queries.count_pending_orgs() == 0


def test_only_the_secretariat_verifies(client, pending_org, org_admin, outsider):
    client.login(org_admin)
    assert client.post_form(f"/orgs/{pending_org.slug}/verify", {}).status_code == 403
    assert client.get("/orgs/pending").status_code == 403
    client.login(outsider)
    assert client.post_form(f"/orgs/{pending_org.slug}/refuse", {}).status_code == 404
    assert pending_org.is_pending


def test_profile_offers_moderators_the_verify_button(client, moderator, pending_org):
    client.login(moderator)
    page = client.get(f"/orgs/{pending_org.slug}").get_data(as_text=True)
    assert f'action="/orgs/{pending_org.slug}/verify"' in page
    client.post_form(f"/orgs/{pending_org.slug}/verify", {"next": f"/orgs/{pending_org.slug}"})
    assert pending_org.is_verified
