"""The demo network's HSDS export validates against the Open Referral HSDS 3.0 schema files.

The schemas are the specification's own (../shared/standards/hsds-3.0, copied unchanged from its
v3.0 tag); they are read from disk and their $refs resolved locally, without the network.
"""
import json
import random
import re
from collections import Counter
from datetime import date, datetime
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from jsonschema import Draft202012Validator, FormatChecker, ValidationError
from jsonschema.validators import extend
from referencing import Registry, Resource
from referencing.jsonschema import DRAFT202012

from app.demo import DEMO_PASSWORD, DemoContext, seed_accounts
from app.directory import demo

# The specification's schema files, copied unchanged (with their licence, see its README) from
# ../shared/standards/hsds-3.0 but for compiled/organization.json (3.4 MB): organization.json
# and the files it $refs validate the same, and the test needs nothing outside the repository.
SCHEMA_DIR = Path(__file__).resolve().parents[1] / "data" / "hsds-3.0"
SHARED_DIR = Path(__file__).resolve().parents[3] / "shared" / "standards" / "hsds-3.0"
# Where the specification publishes the files: the base against which their $refs resolve.
SPEC_BASE = "https://raw.githubusercontent.com/openreferral/specification/3.0/schema/"
LIST_RESPONSE = SPEC_BASE + "openapi.json#/paths/~1organizations/get/responses/200/content/application~1json/schema"



def schema_registry() -> Registry:
    """Every schema file under its published address, so that relative $refs find each other."""
    resources = []
    for path in sorted(SCHEMA_DIR.rglob("*.json")):
        contents = json.loads(path.read_text(encoding="utf-8"))
        resource = Resource.from_contents(contents, default_specification=DRAFT202012)
        resources.append((SPEC_BASE + path.relative_to(SCHEMA_DIR).as_posix(), resource))
    return Registry().with_resources(resources)


def _is_uri(value) -> bool:
    parts = urlsplit(value)
    return bool(parts.scheme and (parts.netloc or parts.path)) and not any(ch.isspace() for ch in value)


def _check_datapackage_type(validator, kind, instance, schema):
    """HSDS marks its date fields with datapackage_type (a Frictionless type), not JSON Schema's format."""
    if kind == "date" and isinstance(instance, str) and not _is_date(instance):
        yield ValidationError(f"{instance!r} is not a date (YYYY-MM-DD)")
    if kind == "datetime" and isinstance(instance, str) and not _is_datetime(instance):
        yield ValidationError(f"{instance!r} is not a date and time")


def _is_date(value: str) -> bool:
    try:
        return date.fromisoformat(value).isoformat() == value
    except ValueError:
        return False


def _is_datetime(value: str) -> bool:
    try:
        return datetime.fromisoformat(value) is not None
    except ValueError:
        return False


def hsds_validator(ref: str):
    """A Draft 2020-12 validator of the schema at ref, checking formats (uuid, email, uri, dates)."""
    formats = FormatChecker()
    formats.checks("uri")(_is_uri)
    validator_class = extend(Draft202012Validator, {"datapackage_type": _check_datapackage_type})
    return validator_class({"$ref": ref}, registry=schema_registry(), format_checker=formats)


def schema_errors(validator, instance) -> list[str]:
    return [f"{'/'.join(map(str, error.absolute_path))}: {error.message}"
            for error in sorted(validator.iter_errors(instance), key=lambda error: list(map(str, error.path)))]


@pytest.fixture
def demo_export(app, client):
    """The JSON export of the whole demo network, as the secretariat downloads it."""
    ctx = DemoContext(random=random.Random(2023))
    seed_accounts(ctx)
    demo.seed(ctx)
    client.login(ctx.users["moderator"], password=DEMO_PASSWORD)
    everything = client.get("/orgs/export.json").get_json()
    assert everything["total_items"] == len(ctx.extra["orgs"])
    return everything


def test_every_demo_organisation_is_a_valid_hsds_organization(demo_export):
    validator = hsds_validator(SPEC_BASE + "organization.json")
    errors = {org["name"]: schema_errors(validator, org) for org in demo_export["contents"]}
    failing = {name: found for name, found in errors.items() if found}
    kinds = Counter(re.sub(r"/\d+", "/*", error) for found in failing.values() for error in found)
    assert not failing, (f"{sum(kinds.values())} errors in {len(failing)} organisations: "
                         + "; ".join(f"{count} × {kind}" for kind, count in kinds.most_common(10)))


def test_the_export_is_a_valid_hsds_paginated_organization_list(demo_export):
    errors = schema_errors(hsds_validator(LIST_RESPONSE), demo_export)
    assert errors == []
    assert demo_export["total_pages"] == 1 and demo_export["size"] == demo_export["total_items"]


def test_the_validator_catches_what_the_old_export_got_wrong(demo_export):
    """The test can fail: the faults the export used to have are errors to this validator."""
    org = demo_export["contents"][0]
    org["alternate_name"] = None
    org["attributes"][0]["taxonomy_term"].pop("description")
    org["metadata"][0]["last_action_date"] = "2026-11-30T10:00:00+00:00"
    errors = schema_errors(hsds_validator(SPEC_BASE + "organization.json"), org)
    assert len(errors) == 3, errors


@pytest.mark.skipif(not SHARED_DIR.is_dir(), reason="../shared is not beside this checkout")
def test_the_copied_schemas_are_the_shared_ones():
    for path in SCHEMA_DIR.rglob("*.json"):
        assert path.read_bytes() == (SHARED_DIR / path.relative_to(SCHEMA_DIR)).read_bytes(), path.name
