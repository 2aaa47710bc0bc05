"""The pages the issue lists, with addresses chosen from the generated data (the heaviest of each kind)."""
from dataclasses import dataclass
from datetime import datetime
from zoneinfo import ZoneInfo

from sqlalchemy import func, select

from bench import text

PAGE_BUDGET_MS = 80.0
SEARCH_BUDGET_MS = 150.0
MAX_STATEMENTS = 15
BUSY_COUNTY = "krakow-city"  # most organisations and events are there (see text.CITY_WEIGHTS)
BUSY_THEME = "labour-market"


@dataclass(frozen=True)
class Page:
    name: str
    path: str
    budget_ms: float = PAGE_BUDGET_MS

    @property
    def is_search(self) -> bool:
        return self.budget_ms == SEARCH_BUDGET_MS


def big_thread() -> tuple[int, int]:
    """(id, number of pages) of the longest thread."""
    from app.extensions import db
    from app.forums.models import POSTS_PER_PAGE, Thread

    thread_id, replies = db.session.execute(
        select(Thread.id, Thread.reply_count).order_by(Thread.reply_count.desc()).limit(1)).one()
    return thread_id, replies // POSTS_PER_PAGE + 1


def busiest_category() -> str:
    from app.extensions import db
    from app.forums.models import Category, Thread

    return db.session.execute(
        select(Category.slug).join(Thread, Thread.category_id == Category.id)
        .where(Category.working_group_id.is_(None)).group_by(Category.slug)
        .order_by(func.count(Thread.id).desc()).limit(1)).scalar_one()


def busiest_organisation() -> str:
    """The verified organisation with the most events (its page lists the most)."""
    from app.directory.models import Organisation
    from app.events.models import Event
    from app.extensions import db

    return db.session.execute(
        select(Organisation.slug).join(Event, Event.organisation_id == Organisation.id)
        .where(Organisation.verified_at.is_not(None)).group_by(Organisation.slug)
        .order_by(func.count(Event.id).desc()).limit(1)).scalar_one()


def recurring_event() -> int:
    from app.events.models import Event
    from app.extensions import db

    return db.session.execute(
        select(Event.id).where(Event.recurrence_rule.is_not(None), Event.status == "published",
                               Event.last_ends_at.is_(None)).order_by(Event.id).limit(1)).scalar_one()


def open_partnership_post() -> int:
    from app.directory.models import Organisation
    from app.extensions import db
    from app.partnerships.models import PartnershipPost

    return db.session.execute(
        select(PartnershipPost.id).join(Organisation, Organisation.id == PartnershipPost.organisation_id)
        .where(PartnershipPost.status == "open", Organisation.verified_at.is_not(None))
        .order_by(PartnershipPost.id.desc()).limit(1)).scalar_one()


def listed_pages() -> list[Page]:
    """Every page of the issue's list (call inside an app context of the benchmark database)."""
    thread_id, last_page = big_thread()
    month = datetime.now(ZoneInfo("Europe/Warsaw")).strftime("%Y-%m")
    return [
        Page("home", "/"),
        Page("directory, two filters", f"/orgs/?county={BUSY_COUNTY}&theme={BUSY_THEME}"),
        Page("organisation page", f"/orgs/{busiest_organisation()}"),
        Page("forum category", f"/forums/{busiest_category()}/"),
        Page("big thread, first page", f"/forums/t/{thread_id}"),
        Page("big thread, last page", f"/forums/t/{thread_id}?page={last_page}"),
        Page("events, two filters", f"/events/?county={BUSY_COUNTY}&theme={BUSY_THEME}"),
        Page("month grid", f"/events/calendar?month={month}"),
        Page("event page (recurring)", f"/events/{recurring_event()}"),
        Page("feed.ics, one county", f"/events/feed.ics?county={BUSY_COUNTY}"),
        Page("partnership board", "/partnerships/"),
        Page("matches of a post", f"/partnerships/{open_partnership_post()}/matches"),
        Page("search: common word", "/search?q=pomoc", SEARCH_BUDGET_MS),
        Page("search: rare word", f"/search?q={text.RARE_WORD}", SEARCH_BUDGET_MS),
        Page("search: inflected form", "/search?q=mieszkaniami", SEARCH_BUDGET_MS),
        Page("search: phrase", "/search?q=%22karta+pobytu%22", SEARCH_BUDGET_MS),
        Page("library, one filter", f"/library/?theme={BUSY_THEME}"),
        Page("search: inside library documents", f"/search?q={text.DOCUMENT_WORD}", SEARCH_BUDGET_MS),
    ]
