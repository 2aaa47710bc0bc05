"""The rules of a call that the platform checks on an application, as a checklist.

The same list is shown to the applicants while they write (what is still missing) and decides
whether the application may be submitted: every check must hold.
"""
from dataclasses import dataclass


from app import taxonomy
from app.grants.documents import missing_documents
from app.grants.models import EMPLOYER_SECTOR
from app.grants.money import format_pln
from app.i18n import gettext as _, ngettext


@dataclass(frozen=True)
class Check:
    key: str
    label: str  # what the rule asks, with where the application stands, in the reader's language
    holds: bool


def partnership_orgs(application) -> list:
    """The verified organisations that count: the lead and every partner whose admin confirmed."""
    orgs = [application.lead_org] + [p.organisation for p in application.partners if p.confirmed_at is not None]
    return [org for org in orgs if org is not None and org.is_verified]


def _serves(org, county: str) -> bool:
    return org.whole_region or county in org.counties


def checklist(application) -> list[Check]:
    """Every rule of the application's call, and whether it holds now."""
    call, orgs = application.call, partnership_orgs(application)
    sectors = {org.sector for org in orgs}
    checks = [
        Check("lead", _("The lead organisation is verified by the secretariat."), application.lead_org.is_verified),
        Check("organisations", ngettext(
            "At least %(num)d verified organisation in the partnership (the lead included); now: %(count)d.",
            "At least %(num)d verified organisations in the partnership (the lead included); now: %(count)d.",
            call.min_organisations, count=len(orgs)), len(orgs) >= call.min_organisations),
        Check("sectors", ngettext(
            "Organisations from at least %(num)d sector; now: %(count)d.",
            "Organisations from at least %(num)d different sectors; now: %(count)d.",
            call.min_sectors, count=len(sectors)), len(sectors) >= call.min_sectors),
    ]
    if call.required_county:
        checks.append(Check("county", _("At least one organisation of the partnership serves %(county)s.",
                                        county=taxonomy.label("counties", call.required_county)),
                            any(_serves(org, call.required_county) for org in orgs)))
    if call.requires_employer:
        checks.append(Check("employer", _("An employer (an organisation of the business sector) is a partner."),
                            EMPLOYER_SECTOR in sectors))
    return checks + _content_checks(application)


def _content_checks(application) -> list[Check]:
    call, requested = application.call, application.requested_amount
    checks = [
        Check("content", _("The summary, the problem, at least one activity and one expected result are written."),
              bool(application.summary.strip() and application.problem.strip()
                   and application.activities and application.results)),
        Check("budget", _("The grant requested is from %(low)s to %(high)s; now: %(amount)s.",
                          low=format_pln(call.min_grant), high=format_pln(call.max_grant),
                          amount=format_pln(requested)),
              bool(application.budget_lines) and call.min_grant <= requested <= call.max_grant),
    ]
    if call.documents:
        missing = missing_documents(application)
        checks.append(Check("documents", _("Every required document is attached; missing: %(names)s.",
                                            names="; ".join(d.name for d in missing)) if missing
                            else _("Every required document is attached."), not missing))
    return checks


def is_eligible(application) -> bool:
    return all(check.holds for check in checklist(application))
