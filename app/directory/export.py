"""The directory as CSV and as JSON shaped after Open Referral HSDS 3 (see docs/hsds-export.md)."""
import csv
import io
import re
import uuid

from flask import url_for

from app import taxonomy
from app.db import utcnow
from app.text import plain_text

# A fixed namespace: the same organisation always gets the same HSDS identifiers.
HSDS_NAMESPACE = uuid.UUID("6f1c8f6e-3a9b-5d2e-9a41-2b7f0c6d5e10")
HSDS_VERSION = "3.0"
LIST_SEPARATOR = "; "
CSV_COLUMNS = (
    "id", "slug", "name", "short_name", "org_type", "org_type_label", "sector", "sector_label",
    "themes", "themes_labels", "target_groups", "target_groups_labels", "whole_region",
    "counties", "counties_labels", "languages", "languages_labels", "address", "email", "phone",
    "website", "description_pl", "description_en", "description_uk", "verified", "verified_at",
    "created_at", "updated_at", "last_activity_at", "profile_url",
)
# A cell starting with these is run as a formula by spreadsheet programs (CSV injection).
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
_PHONE_LIKE = re.compile(r"^\+?[0-9 ()./-]+$")


def _labels(vocabulary: str, slugs: list[str]) -> str:
    return LIST_SEPARATOR.join(taxonomy.label(vocabulary, slug) for slug in slugs)


def _iso(value) -> str:
    return value.isoformat(timespec="seconds") if value else ""


def _safe_cell(value) -> str:
    """Text that a spreadsheet shows as text (phone numbers like +48… stay as they are)."""
    text = "" if value is None else str(value)
    if text.startswith(_FORMULA_START) and not _PHONE_LIKE.match(text):
        return "'" + text
    return text


def csv_row(org) -> list[str]:
    row = {
        "id": org.id, "slug": org.slug, "name": org.name, "short_name": org.short_name,
        "org_type": org.org_type, "org_type_label": taxonomy.label("org_types", org.org_type),
        "sector": org.sector, "sector_label": taxonomy.label("sectors", org.sector),
        "whole_region": "yes" if org.whole_region else "no",
        "address": org.address, "email": org.email, "phone": org.phone, "website": org.website,
        "description_pl": org.description_pl, "description_en": org.description_en,
        "description_uk": org.description_uk, "verified": "yes" if org.is_verified else "no",
        "verified_at": _iso(org.verified_at), "created_at": _iso(org.created_at),
        "updated_at": _iso(org.updated_at), "last_activity_at": _iso(org.last_activity_at),
        "profile_url": url_for("directory.show_org", slug=org.slug, _external=True),
    }
    for column, vocabulary in (("themes", "thematic_areas"), ("target_groups", "target_groups"),
                               ("counties", "counties"), ("languages", "languages")):
        slugs = org.tag_slugs(vocabulary)
        row[column] = LIST_SEPARATOR.join(slugs)
        row[f"{column}_labels"] = _labels(vocabulary, slugs)
    return [_safe_cell(row[column]) for column in CSV_COLUMNS]


def to_csv(orgs) -> bytes:
    """UTF-8 with a byte order mark, so that spreadsheet programs read Polish letters right."""
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(CSV_COLUMNS)
    for org in orgs:
        writer.writerow(csv_row(org))
    return buffer.getvalue().encode("utf-8-sig")


# --- HSDS -------------------------------------------------------------------------------------
def hsds_id(org, *parts) -> str:
    """A stable UUID for the organisation or one of its HSDS sub-records."""
    return str(uuid.uuid5(HSDS_NAMESPACE, "/".join(["organisation", str(org.id), *map(str, parts)])))


def _term(vocabulary: str, slug: str) -> dict:
    return {"id": str(uuid.uuid5(HSDS_NAMESPACE, f"{vocabulary}/{slug}")), "code": slug,
            "name": taxonomy.label(vocabulary, slug), "taxonomy": vocabulary, "language": taxonomy.current_language()}


def _attributes(org, link_id: str, link_entity: str) -> list[dict]:
    attributes = []
    for vocabulary, slugs in (("org_types", [org.org_type]), ("sectors", [org.sector]),
                              ("thematic_areas", org.themes), ("target_groups", org.target_groups)):
        for slug in slugs:
            term = _term(vocabulary, slug)
            attributes.append({"id": hsds_id(org, "attribute", vocabulary, slug), "link_id": link_id,
                               "link_type": vocabulary, "link_entity": link_entity,
                               "taxonomy_term_id": term["id"], "taxonomy_term": term})
    return attributes


def _service_areas(org, service_id: str) -> list[dict]:
    if org.whole_region:
        return [{"id": hsds_id(org, "service_area", "region"), "service_id": service_id,
                 "name": taxonomy.label("area_scopes", "region"), "extent_type": "text",
                 "uri": "https://nuts.eu/PL21"}]
    return [{"id": hsds_id(org, "service_area", slug), "service_id": service_id,
             "name": taxonomy.label("counties", slug), "extent_type": "text",
             "description": taxonomy.get("counties", slug).get("pl"),
             "uri": f"urn:teryt:powiat:{taxonomy.get('counties', slug).get('teryt')}"}
            for slug in org.counties]


def _languages(org, service_id: str) -> list[dict]:
    return [{"id": hsds_id(org, "language", slug), "service_id": service_id,
             "name": taxonomy.label("languages", slug), "code": taxonomy.get("languages", slug).get("code", slug)}
            for slug in org.languages]


def _description(org) -> tuple[str | None, str]:
    lang, html = org.description_in(taxonomy.current_language())
    return lang, plain_text(html)


def hsds_organization(org) -> dict:
    """One organisation as an HSDS organization, with one service carrying areas and languages."""
    org_id, service_id = hsds_id(org), hsds_id(org, "service")
    lang, description = _description(org)
    phones = [{"id": hsds_id(org, "phone"), "organization_id": org_id, "number": org.phone}] if org.phone else []
    contacts = ([{"id": hsds_id(org, "contact"), "organization_id": org_id, "name": org.name,
                  "email": org.email, "phones": phones}] if org.email or org.phone else [])
    locations = ([{"id": hsds_id(org, "location"), "location_type": "physical", "organization_id": org_id,
                   "name": org.name, "addresses": [{
                       "id": hsds_id(org, "address"), "location_id": hsds_id(org, "location"),
                       "address_1": org.address, "city": "", "region": "małopolskie",
                       "state_province": "małopolskie", "postal_code": "", "country": "PL",
                       "address_type": "physical"}]}] if org.address else [])
    return {
        "id": org_id, "name": org.name, "alternate_name": org.short_name, "description": description,
        "email": org.email, "website": org.website, "legal_status": taxonomy.label("org_types", org.org_type),
        "uri": url_for("directory.show_org", slug=org.slug, _external=True),
        "contacts": contacts, "phones": phones, "locations": locations,
        "services": [{
            "id": service_id, "organization_id": org_id, "name": org.name, "description": description,
            "email": org.email, "url": org.website, "status": "active",
            "service_areas": _service_areas(org, service_id), "languages": _languages(org, service_id),
            "contacts": contacts, "phones": phones,
        }],
        "organization_identifiers": [{"id": hsds_id(org, "identifier"), "organization_id": org_id,
                                      "identifier_scheme": "malopolska-otwarta-slug",
                                      "identifier_type": "directory slug", "identifier": org.slug}],
        "attributes": _attributes(org, org_id, "organization"),
        "metadata": [{"id": hsds_id(org, "metadata"), "resource_id": org_id, "resource_type": "organization",
                      "last_action_date": _iso(org.updated_at), "last_action_type": "update",
                      "field_name": "", "previous_value": "", "replacement_value": "", "updated_by": ""}],
        # Extensions (not in HSDS): all written descriptions, the language of "description", our facets.
        "x_description_language": lang,
        "x_descriptions": org.descriptions,
        "x_verified": org.is_verified,
        "x_verified_at": _iso(org.verified_at),
        "x_last_activity_at": _iso(org.last_activity_at),
        "x_sector": org.sector,
        "x_org_type": org.org_type,
        "x_themes": org.themes,
        "x_target_groups": org.target_groups,
        "x_counties": org.counties,
        "x_whole_region": org.whole_region,
        "x_languages": org.languages,
    }


def to_hsds(orgs, filters_args: dict) -> dict:
    return {
        "hsds_version": HSDS_VERSION,
        "profile": "https://docs.openreferral.org/en/latest/hsds/schema_reference.html",
        "generated_at": _iso(utcnow()),
        "source": url_for("directory.list_orgs", _external=True),
        "filters": filters_args,
        "total_items": len(orgs),
        "contents": [hsds_organization(org) for org in orgs],
    }
