"""Reads for the secretariat: network health figures, its queues, the moderation log.

Months are calendar months
in Warsaw time; each monthly series is one SQL statement (a SUM(CASE …) per month), the same
on SQLite and PostgreSQL.
"""
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

from flask_babel import format_date
from sqlalchemy import and_, case, func, or_, select
from sqlalchemy.orm import joinedload

from app import taxonomy
from app.auth.models import User
from app.directory import queries as directory_queries
from app.directory.models import Organisation, OrganisationTag
from app.events import attendance
from app.events.models import Event
from app.extensions import db
from app.forums import queries as forum_queries
from app.forums.models import Post, Thread
from app.grants.figures import GrantFigures, grant_figures
from app.grants.money import amount_text
from app.i18n import lazy_gettext as _l
from app.partnerships.models import PartnershipConversation, PartnershipPost
from app.secretariat.models import Announcement, ModerationLogEntry

LOCAL_ZONE = ZoneInfo("Europe/Warsaw")
MONTHS = 12
LOG_PER_PAGE = 30
USERS_PER_PAGE = 30


def local_today(now: datetime | None = None) -> date:
    return (now or datetime.now(LOCAL_ZONE)).astimezone(LOCAL_ZONE).date()


# --- figures ---------------------------------------------------------------------------
@dataclass
class Row:
    key: str
    label: str
    value: int
    short: str = ""  # a short label for a chart's axis (months)
    year: int | None = None  # the year, written under January and under the first column


@dataclass
class Figure:
    """One chart: its rows in order; "months" figures have one row per month, oldest first."""

    key: str
    title: str
    kind: str  # "categories" or "months"
    rows: list[Row] = field(default_factory=list)

    @property
    def total(self) -> int:
        return sum(row.value for row in self.rows)

    @property
    def maximum(self) -> int:
        return max((row.value for row in self.rows), default=0)


def month_starts(today: date, count: int = MONTHS) -> list[date]:
    """The first days of the last `count` months (this one included) and of the next month."""
    starts = []
    year, month = today.year, today.month
    for _ in range(count):
        starts.append(date(year, month, 1))
        year, month = (year, month - 1) if month > 1 else (year - 1, 12)
    starts.reverse()
    last = starts[-1]
    starts.append(date(last.year + (last.month == 12), last.month % 12 + 1, 1))
    return starts


def _start_of(day: date) -> datetime:
    """Midnight at the start of day in Warsaw (UTCDateTime stores it as UTC)."""
    return datetime(day.year, day.month, day.day, tzinfo=LOCAL_ZONE)


def monthly_counts(column, starts: list[date], *conditions) -> list[int]:
    """How many rows have column within each month [starts[i], starts[i+1]), in one statement."""
    bounds = [_start_of(day) for day in starts]
    sums = [func.coalesce(func.sum(case((and_(column >= low, column < high), 1), else_=0)), 0)
            for low, high in zip(bounds, bounds[1:])]
    row = db.session.execute(select(*sums).where(column >= bounds[0], column < bounds[-1], *conditions)).one()
    return [int(value or 0) for value in row]


def _month_rows(starts: list[date], values: list[int]) -> list[Row]:
    return [Row(day.strftime("%Y-%m"), format_date(day, "LLLL yyyy"), value, format_date(day, "LLL"),
                day.year if number == 0 or day.month == 1 else None)
            for number, (day, value) in enumerate(zip(starts, values))]


def _vocabulary_rows(vocabulary: str, counts: dict) -> list[Row]:
    return [Row(slug, taxonomy.label(vocabulary, slug), int(counts.get(slug, 0)))
            for slug in taxonomy.slugs(vocabulary)]


def organisations_per_sector() -> Figure | None:
    counts = dict(db.session.execute(
        select(Organisation.sector, func.count(Organisation.id))
        .where(Organisation.verified_at.is_not(None)).group_by(Organisation.sector)).all())
    return Figure("organisations_per_sector", _l("Verified organisations per sector"), "categories",
                  _vocabulary_rows("sectors", counts))


def organisations_per_county() -> Figure | None:
    tag = OrganisationTag
    counts = dict(db.session.execute(
        select(tag.slug, func.count(func.distinct(tag.organisation_id)))
        .join(Organisation, Organisation.id == tag.organisation_id)
        .where(tag.vocabulary == "counties", Organisation.verified_at.is_not(None)).group_by(tag.slug)).all())
    whole = db.session.execute(select(func.count(Organisation.id)).where(
        Organisation.verified_at.is_not(None), Organisation.whole_region.is_(True))).scalar_one()
    rows = _vocabulary_rows("counties", counts)
    rows.append(Row("whole-region", str(_l("Whole region")), int(whole)))
    return Figure("organisations_per_county", _l("Verified organisations per county served"), "categories", rows)


def events_per_county() -> Figure | None:
    # Grouped by the column itself: PostgreSQL refuses GROUP BY coalesce(county, $1) when the
    # SELECT has coalesce(county, $2) (two parameters it cannot prove equal). No county → "".
    counts: dict[str, int] = {}
    for county, count in db.session.execute(select(Event.county, func.count(Event.id))
                                            .where(Event.status == "published").group_by(Event.county)):
        counts[county or ""] = counts.get(county or "", 0) + count
    rows = _vocabulary_rows("counties", counts)
    rows.append(Row("none", str(_l("Online or no county given")), int(counts.get("", 0))))
    return Figure("events_per_county", _l("Published events per county"), "categories", rows)


def _monthly_series(starts: list[date]) -> list[Figure]:
    """The monthly series: new accounts, threads, posts, events, partnership posts and partnerships formed."""
    series = [("new_members_per_month", _l("New confirmed accounts per month"), User.created_at,
               (User.confirmed_at.is_not(None),))]
    series += [("threads_per_month", _l("New forum threads per month"), Thread.created_at, ()),
               ("posts_per_month", _l("New forum posts per month"), Post.created_at, ()),
               ("events_per_month", _l("New published events per month"), Event.created_at,
                (Event.status == "published",)),
               ("partnership_posts_per_month", _l("New partnership posts per month"), PartnershipPost.created_at, ()),
               ("partnerships_formed_per_month", _l("Partnerships formed per month"), PartnershipPost.formed_at,
                (PartnershipPost.status == "formed",))]
    return [Figure(key, title, "months", _month_rows(starts, monthly_counts(column, starts, *conditions)))
            for key, title, column, conditions in series]


def network_health(today: date | None = None) -> list[Figure]:
    """Every figure of the health page (and of its CSV), in the order shown."""
    starts = month_starts(today or local_today())
    figures = [organisations_per_sector(), organisations_per_county(), *_monthly_series(starts),
               events_per_county()]
    return [figure for figure in figures if figure is not None]


def formed_partnerships_total() -> int | None:
    return db.session.execute(select(func.count(PartnershipPost.id)).where(
        PartnershipPost.status == "formed")).scalar_one()


# --- meetings held, attendance and organisations reached (events' attendance) ---------------------------
@dataclass
class MeetingLine:
    month: str  # YYYY-MM
    month_label: str
    county: str  # slug, or "" for online or no county
    county_label: str
    held: int
    attendance: int
    organisations: int


@dataclass
class MeetingTable:
    lines: list[MeetingLine]
    held: int
    attendance: int
    organisations: int  # distinct over the whole period (not the sum of the lines)


def default_period(today: date) -> tuple[date, date]:
    """The last 12 months, this one included: (first day of the first month, first day of the last)."""
    starts = month_starts(today)
    return starts[0], starts[-2]


def meetings_per_county_and_month(first: date, last: date) -> MeetingTable | None:
    """Meetings held, people attending and organisations reached per county and month of the period."""
    rows = attendance.meeting_figures(first, last, LOCAL_ZONE)
    lines = [MeetingLine(row.month.strftime("%Y-%m"), format_date(row.month, "LLLL yyyy"), row.county,
                         taxonomy.label("counties", row.county) if row.county else str(_l("Online or no county given")),
                         row.held, row.attendance, len(row.organisations)) for row in rows]
    reached = set().union(*(row.organisations for row in rows))
    return MeetingTable(lines, sum(r.held for r in rows), sum(r.attendance for r in rows), len(reached))


def meeting_figures(table: MeetingTable | None) -> list[Figure]:
    """The meetings table as three figures for the CSV (rows keyed "YYYY-MM/county")."""
    if table is None:
        return []
    columns = [("meetings_held", _l("Meetings held per county and month"), "held"),
               ("meeting_attendance", _l("Attendance per county and month"), "attendance"),
               ("organisations_reached", _l("Organisations reached per county and month"), "organisations")]
    return [Figure(key, title, "meetings", [
        Row(f"{line.month}/{line.county or 'none'}", f"{line.county_label}, {line.month_label}", getattr(line, name))
        for line in table.lines]) for key, title, name in columns]


# --- small grants: calls, applications, awards and amounts per county and sector ------------------------
def _month_after(day: date) -> date:
    return date(day.year + (day.month == 12), day.month % 12 + 1, 1)


def small_grants(first: date, last: date) -> GrantFigures:
    """The calls that opened from the first day of first to the end of last's month, and their applications."""
    return grant_figures(_start_of(first), _start_of(_month_after(last)))


GRANT_COLUMNS = (("calls", lambda line: line.call_count), ("applications", lambda line: line.applications),
                 ("awards", lambda line: line.awards), ("amount_awarded_pln", lambda line: amount_text(line.amount)))
GRANT_TITLES = {
    "county": (_l("Calls for small grants per county"), _l("Grant applications submitted per county"),
               _l("Grants awarded per county"), _l("Amount awarded per county (PLN)")),
    "sector": (_l("Calls for small grants with an application per sector"),
               _l("Grant applications submitted per sector of the lead organisation"),
               _l("Grants awarded per sector of the lead organisation"),
               _l("Amount awarded per sector of the lead organisation (PLN)")),
}


def small_grant_figures(grants: GrantFigures) -> list[Figure]:
    """The small grants as figures for the CSV: four per county, four per sector (amounts in złoty)."""
    figures = []
    for dimension, lines in (("county", grants.by_county), ("sector", grants.by_sector)):
        figures += [Figure(f"grant_{name}_per_{dimension}", title, "grants",
                           [Row(line.key, line.label, value(line)) for line in lines])
                    for (name, value), title in zip(GRANT_COLUMNS, GRANT_TITLES[dimension])]
    return figures


# --- the dashboard's queues ------------------------------------------------------------
@dataclass
class Queue:
    """A list of things waiting for the secretariat: its items (at most a few) and the total."""

    items: list
    total: int


def pending_organisations(limit: int = 10) -> Queue | None:
    items = directory_queries.list_pending_orgs()
    return Queue(items[:limit], len(items))


def open_post_reports(limit: int = 10) -> Queue | None:
    return Queue(forum_queries.open_reports(limit=limit), forum_queries.count_open_reports())


def open_conversation_reports(limit: int = 10) -> Queue | None:
    conversation = PartnershipConversation
    is_open = and_(conversation.reported_at.is_not(None), conversation.report_resolved_at.is_(None))
    items = list(db.session.execute(
        select(conversation).where(is_open).order_by(conversation.reported_at).limit(limit)).unique().scalars())
    total = db.session.execute(select(func.count(conversation.id)).where(is_open)).scalar_one()
    return Queue(items, total)


def recent_accounts(limit: int = 10) -> list[User]:
    """The newest accounts: the secretariat looks out for spam and welcomes newcomers."""
    return list(db.session.execute(
        select(User).order_by(User.created_at.desc(), User.id.desc()).limit(limit)).scalars())


def suspended_accounts(limit: int = 100) -> list[User]:
    return list(db.session.execute(
        select(User).where(User.suspended_at.is_not(None)).order_by(User.suspended_at.desc()).limit(limit)).scalars())


def current_announcements(today: date, limit: int | None = None) -> list[Announcement]:
    """Announcements shown on the home page today, newest first."""
    statement = (select(Announcement).where(Announcement.ends_on >= today, Announcement.withdrawn_at.is_(None))
                 .order_by(Announcement.created_at.desc(), Announcement.id.desc()))
    if limit:
        statement = statement.limit(limit)
    return list(db.session.execute(statement).scalars())


def all_announcements(page: int = 1):
    return db.paginate(select(Announcement).options(joinedload(Announcement.author))
                       .order_by(Announcement.created_at.desc(), Announcement.id.desc()),
                       page=page, per_page=LOG_PER_PAGE, error_out=False)


# --- people ----------------------------------------------------------------------------
USER_FILTERS = ("all", "staff", "suspended", "unconfirmed")


def search_users(q: str = "", show: str = "all", page: int = 1):
    """Accounts by name, user name or e-mail (folded to lower case), newest first."""
    statement = select(User).order_by(User.created_at.desc(), User.id.desc())
    q = (q or "").strip().lower()[:100]
    if q:
        like = f"%{q.replace('%', '').replace('_', '')}%"
        statement = statement.where(or_(func.lower(User.display_name).like(like),
                                        func.lower(User.username).like(like), func.lower(User.email).like(like)))
    if show == "staff":
        statement = statement.where(User.role.in_(("moderator", "admin")))
    elif show == "suspended":
        statement = statement.where(User.suspended_at.is_not(None))
    elif show == "unconfirmed":
        statement = statement.where(User.confirmed_at.is_(None))
    return db.paginate(statement, page=page, per_page=USERS_PER_PAGE, error_out=False)


# --- the moderation log ----------------------------------------------------------------
@dataclass
class LogFilters:
    actor_id: int | None = None
    action: str | None = None
    date_from: date | None = None
    date_to: date | None = None


def log_actors() -> list[tuple[int, str]]:
    """(id, name) of everyone who has an entry in the log, for the "who" filter."""
    return [(user_id, f"{name} (@{username})") for user_id, name, username in db.session.execute(
        select(User.id, User.display_name, User.username)
        .where(User.id.in_(select(ModerationLogEntry.actor_id).distinct()))
        .order_by(User.display_name, User.id)).all()]


def log_actions() -> list[str]:
    return list(db.session.execute(
        select(ModerationLogEntry.action).distinct().order_by(ModerationLogEntry.action)).scalars())


def moderation_log(filters: LogFilters, page: int = 1):
    """Entries matching the filters, newest first, with their actors loaded."""
    statement = (select(ModerationLogEntry).options(joinedload(ModerationLogEntry.actor))
                 .order_by(ModerationLogEntry.created_at.desc(), ModerationLogEntry.id.desc()))
    if filters.actor_id:
        statement = statement.where(ModerationLogEntry.actor_id == filters.actor_id)
    if filters.action:
        statement = statement.where(ModerationLogEntry.action == filters.action)
    if filters.date_from:
        statement = statement.where(ModerationLogEntry.created_at >= _start_of(filters.date_from))
    if filters.date_to:
        statement = statement.where(ModerationLogEntry.created_at < _start_of(filters.date_to + timedelta(days=1)))
    return db.paginate(statement, page=page, per_page=LOG_PER_PAGE, error_out=False)


def latest_log_entries(limit: int = 8) -> list[ModerationLogEntry]:
    return list(db.session.execute(
        select(ModerationLogEntry).options(joinedload(ModerationLogEntry.actor))
        .order_by(ModerationLogEntry.created_at.desc(), ModerationLogEntry.id.desc()).limit(limit)).scalars())
