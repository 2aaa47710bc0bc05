"""The small grants in figures, for the secretariat's dashboard and its yearly CSV: calls,
applications, grants awarded and the amount awarded, per county and per sector.

What counts: published calls that opened within the period, and the applications submitted to
them. An application's sector is its lead organisation's. Its county is the call's required
county when the call has one, else every county its lead organisation serves ("whole region"
for one serving all of Małopolska): a lead serving two counties counts in both, so the county
rows may add up to more than the totals, which count each thing once. A call's counties are its
county tags and its required county ("whole region" when it names none); the calls of a sector
are those that received an application led by an organisation of that sector.

Four statements whatever the number of calls and applications.
"""
from dataclasses import dataclass, field
from datetime import datetime

from sqlalchemy import select

from app import taxonomy
from app.directory.models import Organisation, OrganisationTag
from app.extensions import db
from app.grants.models import GrantApplication, GrantCall, GrantCallTag
from app.i18n import lazy_gettext as _l

WHOLE_REGION, NO_COUNTY = "whole-region", "none"


@dataclass
class GrantLine:
    key: str  # a county's or a sector's slug, "whole-region" or "none"
    label: str
    calls: set = field(default_factory=set)  # call ids
    applications: int = 0
    awards: int = 0
    amount: int = 0  # grosze awarded

    @property
    def call_count(self) -> int:
        return len(self.calls)

    @property
    def is_empty(self) -> bool:
        return not (self.calls or self.applications)


@dataclass
class GrantFigures:
    by_county: list[GrantLine]
    by_sector: list[GrantLine]
    total: GrantLine  # each call and application once


@dataclass(frozen=True)
class _Application:
    call_id: int
    required_county: str | None
    lead_org_id: int
    sector: str
    whole_region: bool
    granted: bool
    amount: int


def _lines(vocabulary: str) -> dict[str, GrantLine]:
    return {slug: GrantLine(slug, taxonomy.label(vocabulary, slug)) for slug in taxonomy.slugs(vocabulary)}


def _add(line: GrantLine, application: _Application) -> None:
    line.applications += 1
    line.awards += application.granted
    line.amount += application.amount


def _calls_in(since: datetime, until: datetime):
    return select(GrantCall.id).where(GrantCall.status == "published", GrantCall.opens_at >= since,
                                      GrantCall.opens_at < until)


def _applications(calls) -> list[_Application]:
    rows = db.session.execute(
        select(GrantApplication.call_id, GrantCall.required_county, GrantApplication.lead_org_id,
               Organisation.sector, Organisation.whole_region, GrantApplication.decision,
               GrantApplication.awarded_amount)
        .join(GrantCall, GrantCall.id == GrantApplication.call_id)
        .join(Organisation, Organisation.id == GrantApplication.lead_org_id)
        .where(GrantApplication.call_id.in_(calls), GrantApplication.status == "submitted"))
    return [_Application(call_id, county, lead, sector, whole, decision == "granted",
                         (amount or 0) if decision == "granted" else 0)
            for call_id, county, lead, sector, whole, decision, amount in rows]


def _lead_counties(calls) -> dict[int, list[str]]:
    """The counties each lead organisation of the period's applications serves."""
    leads = select(GrantApplication.lead_org_id).where(GrantApplication.call_id.in_(calls),
                                                       GrantApplication.status == "submitted")
    counties: dict[int, list[str]] = {}
    for org_id, slug in db.session.execute(select(OrganisationTag.organisation_id, OrganisationTag.slug).where(
            OrganisationTag.vocabulary == "counties", OrganisationTag.organisation_id.in_(leads))):
        counties.setdefault(org_id, []).append(slug)
    return counties


def _call_counties(calls) -> dict[int, set[str]]:
    """Each call of the period (every one, with applications or not) and the counties it names."""
    counties: dict[int, set[str]] = {}
    for call_id, required, slug in db.session.execute(
            select(GrantCall.id, GrantCall.required_county, GrantCallTag.slug)
            .outerjoin(GrantCallTag, (GrantCallTag.call_id == GrantCall.id) & (GrantCallTag.vocabulary == "counties"))
            .where(GrantCall.id.in_(calls))):
        counties.setdefault(call_id, set()).update(s for s in (required, slug) if s)
    return counties


def _application_counties(application: _Application, lead_counties: dict) -> list[str]:
    if application.required_county:
        return [application.required_county]
    if application.whole_region:
        return [WHOLE_REGION]
    return lead_counties.get(application.lead_org_id) or [NO_COUNTY]


def grant_figures(since: datetime, until: datetime) -> GrantFigures:
    """Calls that opened in [since, until) and their submitted applications, per county and sector."""
    calls = _calls_in(since, until)
    by_county = _lines("counties") | {WHOLE_REGION: GrantLine(WHOLE_REGION, str(_l("Whole region"))),
                                      NO_COUNTY: GrantLine(NO_COUNTY, str(_l("No county given")))}
    by_sector, total = _lines("sectors"), GrantLine("total", str(_l("Total")))
    lead_counties = _lead_counties(calls)
    for application in _applications(calls):
        _add(total, application)
        sector = by_sector.setdefault(application.sector, GrantLine(application.sector, application.sector))
        _add(sector, application)
        sector.calls.add(application.call_id)
        for county in _application_counties(application, lead_counties):
            _add(by_county.setdefault(county, GrantLine(county, county)), application)
    # A call counts in its own counties even before (or without) any application.
    for call_id, counties in _call_counties(calls).items():
        total.calls.add(call_id)
        for county in counties or {WHOLE_REGION}:
            by_county.setdefault(county, GrantLine(county, county)).calls.add(call_id)
    return GrantFigures(list(by_county.values()), list(by_sector.values()), total)
