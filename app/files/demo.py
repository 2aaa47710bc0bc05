"""Demo files: the demo organisation's logo, a concept note on its partnership request and a
template agreement attached in a forum thread (all made here, not downloaded).

Uses ctx.extra["demo_org"] from the directory's demo; the organisation's posts and orgadmin's
forum posts are found in the database.
"""
from sqlalchemy import select

from app.extensions import db
from app.files import samples, services
from app.forums.models import Post
from app.partnerships.models import PartnershipPost


def seed(ctx) -> str:
    demo_org, orgadmin = ctx.extra.get("demo_org"), ctx.users["orgadmin"]
    if demo_org is None:
        return "no files (the directory's demo organisation is missing)"
    services.set_logo(orgadmin, demo_org, samples.make_png(64, 64, (0, 84, 147)), "logo.png")
    count = 1
    request = db.session.execute(select(PartnershipPost).where(PartnershipPost.organisation_id == demo_org.id)
                                 .order_by(PartnershipPost.id).limit(1)).scalar_one_or_none()
    if request is not None:
        services.add_attachment(orgadmin, request, samples.make_pdf("Koncepcja projektu", [
            "Cel projektu: aktywizacja zawodowa osób z doświadczeniem uchodźczym w Małopolsce.",
            "Partnerzy: organizacja pozarządowa, pracodawcy, powiatowy urząd pracy."]), "koncepcja-projektu.pdf")
        count += 1
    post = db.session.execute(select(Post).where(Post.author_id == orgadmin.id, Post.deleted_at.is_(None),
                                                 Post.hidden_at.is_(None)).order_by(Post.id).limit(1)).scalar_one_or_none()
    if post is not None:
        services.add_attachment(orgadmin, post, samples.make_odt("Wzór porozumienia", [
            "Porozumienie o współpracy w zakresie integracji cudzoziemców."]), "wzor-porozumienia.odt")
        count += 1
    return f"{count} files (a logo, a concept note, a forum attachment)"
