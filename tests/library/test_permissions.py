"""The library's and the files' rules, persona × action × state, in one table (architecture rule 13)."""
from datetime import date

import pytest

from app.db import utcnow
from app.extensions import db
from app.library.models import LibraryDocument
from app.permissions import can
from tests import factories

PERSONAS = ("anonymous", "outsider", "publisher", "moderator")
# (state of the document, action) → the personas that may
EXPECTED = {
    ("public", "library.view"): {"anonymous", "outsider", "publisher", "moderator"},
    ("public", "library.edit"): {"publisher", "moderator"},
    ("public", "library.feature"): {"moderator"},
    ("public", "attachments.manage"): {"publisher", "moderator"},
    ("retired", "library.view"): {"publisher", "moderator"},
    ("retired", "library.edit"): {"publisher", "moderator"},
    ("unverified", "library.view"): {"publisher", "moderator"},
    ("unverified", "attachments.manage"): {"publisher", "moderator"},
}


@pytest.fixture
def people(app, anonymous, outsider, moderator):
    publisher = factories.make_user(display_name="Piotr Publikujący")
    return {"anonymous": anonymous, "outsider": outsider, "publisher": publisher, "moderator": moderator}


def make_document(state: str, publisher) -> LibraryDocument:
    org = factories.make_org(admin=publisher, verified_at=None if state == "unverified" else utcnow())
    document = LibraryDocument(organisation=org, doc_type="report", published_on=date(2026, 1, 1), title_pl="Raport",
                               retired_at=utcnow() if state == "retired" else None)
    db.session.add(document)
    db.session.flush()
    return document


@pytest.mark.parametrize("state, action", sorted(EXPECTED))
def test_rules(people, state, action):
    document = make_document(state, people["publisher"])
    allowed = {name for name in PERSONAS if can(people[name], action, document)}
    assert allowed == EXPECTED[(state, action)]


def test_who_may_publish(people):
    verified = factories.make_org(admin=people["publisher"])
    assert {name for name in PERSONAS if can(people[name], "library.publish", verified)} == {"publisher", "moderator"}
    assert {name for name in PERSONAS if can(people[name], "library.publish")} == {"publisher", "moderator"}
