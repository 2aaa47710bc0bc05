from tests.forums import factories as ff
from app.forums.admin import ensure_default_categories


def test_pages(client, member, moderator):
    ensure_default_categories()
    from app.forums.models import Category
    from app.extensions import db
    cat = db.session.execute(db.select(Category).where(Category.slug == "housing")).scalar_one()
    thread = ff.make_thread(member, cat, title="Mieszkania", body="Hej @" + moderator.username)
    first = ff.post_at(thread, 1)
    r = ff.make_reply(thread, moderator, body="odp", reply_to=first)
    group = ff.make_group(members=[member])
    for user in (None, member, moderator):
        if user:
            client.login(user)
        for url in ["/forums/", "/forums/housing/", f"/forums/t/{thread.id}", f"/forums/p/{r.id}/reply?quote=1",
                    "/forums/groups/", f"/forums/groups/{group.id}/", "/", f"/forums/p/{r.id}/report",
                    f"/forums/p/{first.id}/edit", "/forums/manage/", "/forums/reports", f"/forums/t/{thread.id}/moderate",
                    f"/forums/p/{r.id}/moderate", f"/forums/p/{r.id}/history", "/forums/housing/new", "/forums/groups/new",
                    "/forums/manage/new", f"/forums/manage/{cat.id}/edit", f"/forums/p/{first.id}/delete"]:
            resp = client.get(url)
            print(user and user.username, url, resp.status_code)
            assert resp.status_code < 500
