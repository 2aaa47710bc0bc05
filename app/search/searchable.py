"""What each part of the platform makes searchable: one Kind per model (see documents.py).

Each _<kind>() function returns its Kind: the document's fields, who may find it, its address
and summary on the results page, the eager loading of a rebuild's batches, and which changes of
which models refresh which documents. Who may find a document is the policy's grants
(app/permissions), the same the pages and lists check.
"""
import html
import re
from datetime import datetime, timezone

from flask import url_for
from sqlalchemy import select
from sqlalchemy.orm import joinedload, object_session, selectinload

from app import taxonomy
from app.directory.models import Organisation, OrganisationTag
from app.events.models import Event, EventMinutes, EventTag
from app.files.models import Attachment, StoredFile
from app.forums.models import Category, Post, Thread, ThreadTag, WorkingGroup
from app.grants.models import CALL_LABEL, CALLS_LABEL, GrantCall, GrantCallTag
from app.i18n import lazy_gettext as _l
from app.library.models import LibraryDocument, LibraryDocumentTag
from app.partnerships.models import PartnershipPost, PartnershipPostTag
from app.permissions import can, grants_of
from app.search.analysis import fold, words
from app.search.documents import Kind

MAX_BODY_CHARS = 60_000  # what is indexed of a very long text (snippets come from the database)
_TAG = re.compile(r"<[^>]*>")
# Tags that separate words; inline ones (<strong>, <a>, <em>…) are dropped without a space: "<b>pracy</b>,".
_BLOCK_TAG = re.compile(r"</?(?:p|br|hr|li|ul|ol|div|h[1-6]|blockquote|pre|tr|td|th|table|dd|dt)\b[^>]*>", re.I)


# --- helpers --------------------------------------------------------------------------------
def strip_tags(markup: str | None) -> str:
    """Text of sanitised HTML (tags dropped, entities decoded): fast, for indexing and snippets."""
    if not markup:
        return ""
    return " ".join(html.unescape(_TAG.sub("", _BLOCK_TAG.sub(" ", markup))).split())


def epoch(moment: datetime | None) -> int:
    if moment is None:
        return 0
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=timezone.utc)
    return int(moment.timestamp())


def folded_name(*names) -> str:
    """Whole names folded word by word, comma-separated: the exact-name field of organisations."""
    return ",".join(" ".join(fold(w) for _p, _s, _e, w in words(n)) for n in names if n)


def county_places(counties) -> str:
    """Seats of the counties (Tarnów, Nowy Sącz…): a search for a town finds what serves it."""
    seats = []
    for slug in counties or ():
        item = taxonomy.get("counties", slug)
        if item and item.get("seat"):
            seats.append(item["seat"])
    return " ".join(seats)


def changed_any(*names):
    """A watch that refreshes the object's own document when one of names changed."""
    wanted = set(names)

    def keys_of(kind_name):
        def watch(obj, changed):
            if changed is None or changed & wanted:
                return {f"{kind_name}:{obj.id}"}
            return set()

        return watch

    return keys_of


# --- organisations --------------------------------------------------------------------------
def _organisations() -> Kind:
    def build(org):
        descriptions = [strip_tags(getattr(org, f"description_{lang}_html", None)) for lang in ("pl", "en", "uk")]
        return {
            "title": " ".join(filter(None, (org.name, org.short_name))),
            "body": " ".join(filter(None, (*descriptions, org.address or "", county_places(org.counties)))),
            "name": folded_name(org.name, org.short_name),
            "visibility": sorted(grants_of("directory", org)),
            "themes": org.themes,
            "counties": org.counties,
            "parents": [],
            "date": epoch(org.created_at),
        }

    def summary(org):
        lang = taxonomy.current_language()
        _lang, description = org.description_in(lang)
        return {"title": org.name, "text": strip_tags(description), "organisation": None,
                "counties": org.counties, "date": org.created_at}

    watched = ("name", "short_name", "description_pl_html", "description_en_html", "description_uk_html",
               "street", "postcode", "city", "verified_at", "tags", "created_at")

    def watch_org(org, changed):
        keys = changed_any(*watched)("org")(org, changed)
        if changed is None or "verified_at" in changed:  # partnership posts follow verification
            keys.add(f"~org:{org.id}")
        return keys

    return Kind(
        name="org", label=_l("Organisation"), plural=_l("Organisations"), model=Organisation, build=build,
        can_view=lambda user, org: can(user, "directory.view", org),
        url=lambda org: url_for("directory.show_org", slug=org.slug),
        summary=summary, options=(selectinload(Organisation.tags),),
        watches={
            Organisation: watch_org,
            OrganisationTag: lambda tag, changed: {f"org:{tag.organisation_id}"},
        },
    )


# --- forums ---------------------------------------------------------------------------------
def _opening_post(thread):
    """The thread's first post (preloaded in batches by _prepare_threads)."""
    if "_search_opening" not in thread.__dict__:
        session = object_session(thread)
        thread.__dict__["_search_opening"] = session.execute(
            select(Post).where(Post.thread_id == thread.id, Post.position == 1)
        ).scalar_one_or_none()
    return thread.__dict__["_search_opening"]


def _prepare_threads(session, threads) -> None:
    ids = [t.id for t in threads]
    if not ids:
        return
    firsts = {p.thread_id: p for p in session.execute(
        select(Post).where(Post.thread_id.in_(ids), Post.position == 1)).scalars()}
    for thread in threads:
        thread.__dict__["_search_opening"] = firsts.get(thread.id)


def _readable_body(thread) -> str:
    """The opening post's text. Hiding it hides the whole thread (thread.hidden_at): those who may
    still find the thread (the secretariat, its author) may read the text too."""
    post = _opening_post(thread)
    if post is None or post.deleted_at is not None or (post.hidden_at is not None and thread.hidden_at is None):
        return ""
    return strip_tags(post.body_html)[:MAX_BODY_CHARS]


def _threads() -> Kind:
    def build(thread):
        return {
            "title": thread.title,
            "body": _readable_body(thread),
            "visibility": sorted(grants_of("forums.thread", thread)),
            "themes": thread.themes,
            "counties": [],
            "parents": [f"category:{thread.category_id}"] + ([f"group:{thread.working_group_id}"]
                                                             if thread.working_group_id else []),
            "date": epoch(thread.created_at),
        }

    def summary(thread):
        return {"title": thread.title, "text": _readable_body(thread),
                "organisation": thread.organisation, "counties": [], "date": thread.created_at}

    watched = ("title", "category_id", "working_group_id", "hidden_at", "tags", "created_at", "author_id")

    def watch_thread(thread, changed):
        keys = changed_any(*watched)("thread")(thread, changed)
        if changed is None or changed & {"working_group_id", "hidden_at", "tags", "category_id", "author_id"}:
            keys.add(f"~thread:{thread.id}")  # replies inherit grants and themes
        return keys

    def watch_post(post, changed):
        # The opening post is the thread's body; replies are posts of their own.
        return {f"thread:{post.thread_id}"} if post.position == 1 else set()

    return Kind(
        name="thread", label=_l("Discussion"), plural=_l("Discussions"), model=Thread, build=build,
        can_view=lambda user, thread: can(user, "forums.view_thread", thread),
        url=lambda thread: url_for("forums.show_thread", thread_id=thread.id),
        summary=summary, prepare=_prepare_threads,
        options=(selectinload(Thread.tags), joinedload(Thread.organisation)),
        watches={
            Thread: watch_thread,
            ThreadTag: lambda tag, changed: {f"thread:{tag.thread_id}", f"~thread:{tag.thread_id}"},
            Post: watch_post,
            # Deleting a group or category deletes its threads in the database (ON DELETE CASCADE).
            WorkingGroup: lambda group, changed: {f"~group:{group.id}"} if changed is None else set(),
            Category: lambda category, changed: {f"~category:{category.id}"} if changed is None else set(),
        },
        children_of={"category": Thread.category_id, "group": Thread.working_group_id},
    )


def _posts() -> Kind:
    def build(post):
        if post.position == 1 or post.deleted_at is not None:
            return None  # the opening post is searched as its thread; deleted ones by nobody
        thread = post.thread
        return {
            "title": "",
            "body": strip_tags(post.body_html)[:MAX_BODY_CHARS],
            "visibility": sorted(grants_of("forums.post", post)),
            "themes": thread.themes,
            "counties": [],
            "parents": [f"thread:{thread.id}", f"category:{thread.category_id}"]
            + ([f"group:{thread.working_group_id}"] if thread.working_group_id else []),
            "date": epoch(post.created_at),
        }

    def summary(post):
        return {"title": post.thread.title, "text": strip_tags(post.body_html),
                "organisation": post.thread.organisation, "counties": [], "date": post.created_at}

    return Kind(
        name="post", label=_l("Reply in a discussion"), plural=_l("Replies in discussions"), model=Post, build=build,
        can_view=lambda user, post: can(user, "forums.view_post_text", post),
        url=lambda post: url_for("forums.permalink", post_id=post.id),
        summary=summary,
        options=(joinedload(Post.thread).selectinload(Thread.tags), joinedload(Post.thread).joinedload(Thread.organisation)),
        watches={Post: changed_any("body_html", "deleted_at", "hidden_at", "thread_id", "author_id")("post")},
        children_of={"thread": Post.thread_id},
    )


# --- events ---------------------------------------------------------------------------------
def _event_minutes(event) -> str:
    """Text of the event's meeting minutes (preloaded in batches by _prepare_events)."""
    if "_search_minutes" not in event.__dict__:
        _prepare_events(object_session(event), [event])
    return event.__dict__["_search_minutes"]


def _prepare_events(session, events) -> None:
    ids = [e.id for e in events]
    texts: dict[int, list[str]] = {}
    if ids:
        rows = session.execute(select(EventMinutes.event_id, EventMinutes.body_html)
                               .where(EventMinutes.event_id.in_(ids)).order_by(EventMinutes.occurrence_key))
        for event_id, body_html in rows:
            texts.setdefault(event_id, []).append(strip_tags(body_html))
    for event in events:
        event.__dict__["_search_minutes"] = " ".join(filter(None, texts.get(event.id, [])))[:MAX_BODY_CHARS]


def _events() -> Kind:
    def build(event):
        counties = [event.county] if event.county else []
        return {
            "title": event.title,
            "body": " ".join(filter(None, (strip_tags(event.description_html)[:MAX_BODY_CHARS],
                                           event.address or "", county_places(counties), _event_minutes(event)))),
            "visibility": sorted(grants_of("events", event)),
            "themes": event.themes,
            "counties": counties,
            "parents": [f"org:{event.organisation_id}"],
            "date": epoch(event.starts_at),
        }

    def summary(event):
        return {"title": event.title, "text": strip_tags(event.description_html) or _event_minutes(event),
                "organisation": event.organisation, "counties": [event.county] if event.county else [],
                "date": event.starts_at}

    return Kind(
        name="event", label=_l("Event"), plural=_l("Events"), model=Event, build=build,
        can_view=lambda user, event: can(user, "events.view", event),
        url=lambda event: url_for("events.show_event", event_id=event.id),
        summary=summary, prepare=_prepare_events,
        options=(selectinload(Event.tags), joinedload(Event.organisation)),
        watches={
            Event: changed_any("title", "description_html", "status", "county", "address",
                               "starts_at", "organisation_id", "tags")("event"),
            EventTag: lambda tag, changed: {f"event:{tag.event_id}"},
            EventMinutes: lambda minutes, changed: {f"event:{minutes.event_id}"},
        },
    )


# --- partnership board ----------------------------------------------------------------------
def _partnership_posts() -> Kind:
    def build(post):
        return {
            "title": post.title,
            "body": " ".join(filter(None, (strip_tags(post.description_html)[:MAX_BODY_CHARS], post.offered or "",
                                           county_places(post.counties)))),
            "visibility": sorted(grants_of("partnerships", post)),
            "themes": post.themes,
            "counties": post.counties,
            "parents": [f"org:{post.organisation_id}"],
            "date": epoch(post.created_at),
        }

    def summary(post):
        return {"title": post.title, "text": strip_tags(post.description_html), "organisation": post.organisation,
                "counties": post.counties, "date": post.created_at}

    return Kind(
        name="partnership", label=_l("Partnership post"), plural=_l("Partnership posts"), model=PartnershipPost, build=build,
        can_view=lambda user, post: can(user, "partnerships.view", post),
        url=lambda post: url_for("partnerships.show_post", post_id=post.id),
        summary=summary, options=(selectinload(PartnershipPost.tags), joinedload(PartnershipPost.organisation)),
        watches={
            PartnershipPost: changed_any("title", "description_html", "offered", "organisation_id", "tags",
                                         "created_at")("partnership"),
            PartnershipPostTag: lambda tag, changed: {f"partnership:{tag.post_id}"},
        },
        children_of={"org": PartnershipPost.organisation_id},
    )


# --- knowledge library ----------------------------------------------------------------------
def _library_file_text(document) -> str:
    """The text read from the document's file at upload (preloaded in batches by _prepare_library)."""
    if "_search_file_text" not in document.__dict__:
        _prepare_library(object_session(document), [document])
    return document.__dict__["_search_file_text"]


def _prepare_library(session, documents) -> None:
    ids = [d.id for d in documents]
    texts: dict[int, list[str]] = {}
    if ids:
        rows = session.execute(select(Attachment.library_document_id, StoredFile.text)
                               .join(StoredFile, StoredFile.id == Attachment.file_id)
                               .where(Attachment.library_document_id.in_(ids)).order_by(Attachment.id))
        for document_id, text in rows:
            texts.setdefault(document_id, []).append(text or "")
    for document in documents:
        document.__dict__["_search_file_text"] = " ".join(filter(None, texts.get(document.id, [])))[:MAX_BODY_CHARS]


def _library_documents() -> Kind:
    def build(document):
        return {
            "title": " ".join(document.titles),
            "body": " ".join(filter(None, (*document.summaries, county_places(document.counties),
                                           _library_file_text(document)))),
            "visibility": sorted(grants_of("library", document)),
            "themes": document.themes,
            "counties": document.counties,
            "parents": [f"org:{document.organisation_id}"] if document.organisation_id else [],
            "date": epoch(datetime.combine(document.published_on, datetime.min.time(), tzinfo=timezone.utc)),
        }

    def summary(document):
        lang = taxonomy.current_language()
        # The summary, then the file's text: the snippet comes from where the query's words are.
        text = " ".join(filter(None, (document.text_in("summary", lang)[1], _library_file_text(document))))
        return {"title": document.title_in(lang), "text": text,
                "organisation": document.organisation, "counties": document.counties, "date": document.published_on}

    def watch_attachment(attachment, changed):
        return {f"library:{attachment.library_document_id}"} if attachment.library_document_id else set()

    return Kind(
        name="library", label=_l("Library document"), plural=_l("Library documents"), model=LibraryDocument,
        build=build, can_view=lambda user, document: can(user, "library.view", document),
        url=lambda document: url_for("library.show_document", document_id=document.id),
        summary=summary, prepare=_prepare_library,
        options=(selectinload(LibraryDocument.tags), joinedload(LibraryDocument.organisation)),
        watches={
            LibraryDocument: changed_any("title_pl", "title_en", "title_uk", "summary_pl", "summary_en", "summary_uk",
                                         "retired_at", "organisation_id", "published_on", "tags")("library"),
            LibraryDocumentTag: lambda tag, changed: {f"library:{tag.document_id}"},
            Attachment: watch_attachment,
        },
        children_of={"org": LibraryDocument.organisation_id},
    )


# --- small grants ---------------------------------------------------------------------------
def _grant_calls() -> Kind:
    def build(call):
        texts = [call.title_en, call.title_uk] + [strip_tags(getattr(call, f"description_{lang}_html"))
                                                  for lang in ("pl", "en", "uk")]
        return {"title": call.title_pl, "body": " ".join(filter(None, texts))[:MAX_BODY_CHARS],
                "visibility": sorted(grants_of("grants.call", call)), "themes": call.themes,
                "counties": call.counties, "parents": [], "date": epoch(call.closes_at)}

    def summary(call):
        lang = taxonomy.current_language()
        return {"title": call.title_in(lang), "text": strip_tags(call.description_html_in(lang)),
                "organisation": None, "counties": call.counties, "date": call.closes_at}

    return Kind(
        name="grant-call", label=CALL_LABEL, plural=CALLS_LABEL, model=GrantCall, build=build,
        can_view=lambda user, call: can(user, "grants.view_call", call),
        url=lambda call: url_for("grants.show_call", call_id=call.id), summary=summary,
        options=(selectinload(GrantCall.tags),),
        watches={
            GrantCall: changed_any("status", "tags", "closes_at", "title_pl", "title_en", "title_uk",
                                   "description_pl_html", "description_en_html", "description_uk_html")("grant-call"),
            GrantCallTag: lambda tag, changed: {f"grant-call:{tag.call_id}"},
        },
    )


KIND_BUILDERS = (_organisations, _threads, _posts, _events, _partnership_posts, _library_documents,
                 _grant_calls)
