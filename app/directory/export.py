"""The directory as CSV and as JSON shaped after Open Referral HSDS 3 (see docs/hsds-export.md)."""
import csv
import io
import re
import uuid

from flask import url_for

from app import taxonomy
from app.db import utcnow
from app.i18n import lazy_gettext as _l
from app.text import plain_text

# A fixed namespace: the same organisation always gets the same HSDS identifiers.
HSDS_NAMESPACE = uuid.UUID("6f1c8f6e-3a9b-5d2e-9a41-2b7f0c6d5e10")
HSDS_VERSION = "3.0"
# The EU's URI of a NUTS unit; Małopolskie is NUTS 2 PL21 and TERYT 12 (a county's TERYT code has
# no official URI form: the export gives the code itself, x_teryt).
NUTS_URI = "http://data.europa.eu/nuts/code/{code}"
REGION_NUTS, REGION_TERYT, REGION_NAME = "PL21", "12", "małopolskie"
# The name of each vocabulary an HSDS attribute comes from (the same labels as the list's filters).
TAXONOMY_NAMES = {"org_types": _l("Type of organisation"), "sectors": _l("Sector"),
                  "thematic_areas": _l("Thematic area"), "target_groups": _l("Target group")}
LIST_SEPARATOR = "; "
CSV_COLUMNS = (
    "id", "slug", "name", "short_name", "org_type", "org_type_label", "sector", "sector_label",
    "themes", "themes_labels", "target_groups", "target_groups_labels", "whole_region",
    "counties", "counties_labels", "languages", "languages_labels", "address", "street", "postcode",
    "city", "krs", "nip", "regon", "email", "phone",
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
        "address": org.address, "street": org.street, "postcode": org.postcode, "city": org.city,
        "krs": org.krs, "nip": org.nip, "regon": org.regon, "email": org.email, "phone": org.phone, "website": org.website,
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
    label = taxonomy.label(vocabulary, slug)
    # Our vocabularies have labels, not definitions: the description says which vocabulary a term is from.
    description = f"{TAXONOMY_NAMES[vocabulary]}: {label}"
    return {"id": str(uuid.uuid5(HSDS_NAMESPACE, f"{vocabulary}/{slug}")), "code": slug, "name": label,
            "description": description, "taxonomy": vocabulary, "language": taxonomy.current_language()}


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
    """The whole region as its NUTS 2 unit (the EU's URI); counties by name and TERYT code (no official URI)."""
    if org.whole_region:
        return [{"id": hsds_id(org, "service_area", "region"), "service_id": service_id,
                 "name": taxonomy.label("area_scopes", "region"), "extent_type": "text",
                 "uri": NUTS_URI.format(code=REGION_NUTS), "x_teryt": REGION_TERYT}]
    return [{"id": hsds_id(org, "service_area", slug), "service_id": service_id,
             "name": taxonomy.label("counties", slug), "extent_type": "text",
             "description": taxonomy.get("counties", slug).get("pl"),
             "x_teryt": taxonomy.get("counties", slug).get("teryt")}
            for slug in org.counties]


def _languages(org, service_id: str) -> list[dict]:
    return [{"id": hsds_id(org, "language", slug), "service_id": service_id,
             "name": taxonomy.label("languages", slug), "code": taxonomy.get("languages", slug).get("code", slug)}
            for slug in org.languages]


def _description(org) -> tuple[str | None, str]:
    lang, html = org.description_in(taxonomy.current_language())
    return lang, plain_text(html)


def _without_none(record: dict) -> dict:
    """HSDS fields are strings or absent: a field we have no value for is left out, never null."""
    return {key: value for key, value in record.items() if value is not None}


def _phones(org, org_id: str) -> list[dict]:
    """The organisation's one phone, listed once: the contact and the service are the organisation's."""
    return [{"id": hsds_id(org, "phone"), "organization_id": org_id, "number": org.phone}] if org.phone else []


def _contacts(org, org_id: str) -> list[dict]:
    if not org.email:
        return []
    return [{"id": hsds_id(org, "contact"), "organization_id": org_id, "name": org.name, "email": org.email}]


def _locations(org, org_id: str) -> list[dict]:
    if not org.address:
        return []
    location_id = hsds_id(org, "location")
    address = {"id": hsds_id(org, "address"), "location_id": location_id, "address_1": org.street or "",
               "city": org.city or "", "region": REGION_NAME, "state_province": REGION_NAME,
               "postal_code": org.postcode or "", "country": "PL", "address_type": "physical"}
    return [{"id": location_id, "location_type": "physical", "organization_id": org_id, "name": org.name,
             "addresses": [address]}]


def _identifiers(org, org_id: str) -> list[dict]:
    """The directory's own slug, then the registry numbers under their org-id.guide scheme codes."""
    identifiers = [{"id": hsds_id(org, "identifier"), "organization_id": org_id,
                    "identifier_scheme": "malopolska-otwarta-slug", "identifier_type": "directory slug",
                    "identifier": org.slug}]
    for registry, number in org.registry_numbers:
        identifiers.append({"id": hsds_id(org, "identifier", registry.scheme), "organization_id": org_id,
                            "identifier_scheme": registry.scheme, "identifier_type": registry.name,
                            "identifier": number})
    return identifiers


def _service(org, org_id: str, description: str) -> dict:
    service_id = hsds_id(org, "service")
    return _without_none({
        "id": service_id, "organization_id": org_id, "name": org.name, "description": description,
        "email": org.email, "url": org.website, "status": "active",
        "service_areas": _service_areas(org, service_id), "languages": _languages(org, service_id),
    })


def _metadata(org, org_id: str) -> list[dict]:
    return [{"id": hsds_id(org, "metadata"), "resource_id": org_id, "resource_type": "organization",
             "last_action_date": org.updated_at.date().isoformat(), "last_action_type": "update",
             "field_name": "", "previous_value": "", "replacement_value": "", "updated_by": ""}]


def hsds_organization(org) -> dict:
    """One organisation as an HSDS organization, with one service carrying areas and languages."""
    org_id = hsds_id(org)
    lang, description = _description(org)
    return _without_none({
        "id": org_id, "name": org.name, "alternate_name": org.short_name, "description": description,
        "email": org.email, "website": org.website, "legal_status": taxonomy.label("org_types", org.org_type),
        "uri": url_for("directory.show_org", slug=org.slug, _external=True),
        "contacts": _contacts(org, org_id), "phones": _phones(org, org_id), "locations": _locations(org, org_id),
        "services": [_service(org, org_id, description)],
        "organization_identifiers": _identifiers(org, org_id),
        "attributes": _attributes(org, org_id, "organization"),
        "metadata": _metadata(org, org_id),
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
    })


def to_hsds(orgs, filters_args: dict) -> dict:
    return {
        "hsds_version": HSDS_VERSION,
        "profile": "https://docs.openreferral.org/en/latest/hsds/schema_reference.html",
        "generated_at": _iso(utcnow()),
        "source": url_for("directory.list_orgs", _external=True),
        "filters": filters_args,
        # The HSDS API's paginated list (its Page schema), all in one page.
        "total_items": len(orgs), "total_pages": 1, "page_number": 1, "size": len(orgs),
        "first_page": True, "last_page": True, "empty": not orgs,
        "contents": [hsds_organization(org) for org in orgs],
    }
