"""Revision directory_2 splits the one-line addresses already stored into street, postcode and city."""
import importlib.util
from pathlib import Path

import pytest
from flask_migrate import downgrade, upgrade

from app.extensions import db

REVISION = Path(__file__).resolve().parents[2] / "migrations" / "versions" / "directory_2_address_parts_registry_numbers.py"


def load_revision():
    spec = importlib.util.spec_from_file_location("directory_2", REVISION)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.mark.parametrize("line, parts", [
    ("ul. Wałowa 12, 33-100 Tarnów", ("ul. Wałowa 12", "33-100", "Tarnów")),
    ("pl. Wszystkich Świętych 3-4, 31-004 Kraków", ("pl. Wszystkich Świętych 3-4", "31-004", "Kraków")),
    ("ul. Mickiewicza 3  34-200   Sucha Beskidzka", ("ul. Mickiewicza 3", "34-200", "Sucha Beskidzka")),
    ("33-100 Tarnów", (None, "33-100", "Tarnów")),
    ("ul. Długa 5, Bochnia", ("ul. Długa 5", None, "Bochnia")),
    ("Urząd Miasta, ul. Mickiewicza 2, sala 12", ("Urząd Miasta, ul. Mickiewicza 2, sala 12", None, None)),
    ("ul. Zachowana 7", ("ul. Zachowana 7", None, None)),
])
def test_split_of_a_one_line_address(line, parts):
    assert tuple(load_revision().split_address(line).values()) == parts


ORGANISATION = ("INSERT INTO organisations (id, slug, name, name_key, sort_key, org_type, sector, whole_region, "
                "address, last_activity_at, search_text, created_at, updated_at) VALUES (:id, :slug, :slug, :slug, "
                ":slug, 'ngo', 'civil-society', false, :address, :at, '', :at, :at)")


def test_upgrade_splits_stored_addresses_and_downgrade_joins_them(make_app):
    app = make_app()
    with app.app_context():
        db.drop_all()
        db.session.execute(db.text("DROP TABLE IF EXISTS alembic_version"))
        db.session.commit()
        upgrade(revision="events_1")
        for org_id, address in ((1, "ul. Wałowa 12, 33-100 Tarnów"), (2, None), (3, "ul. Długa 5, Bochnia")):
            db.session.execute(db.text(ORGANISATION), {"id": org_id, "slug": f"org-{org_id}", "address": address,
                                                        "at": "2026-01-01 00:00:00"})
        db.session.commit()
        upgrade(revision="directory_2")
        rows = db.session.execute(db.text("SELECT street, postcode, city FROM organisations ORDER BY id")).all()
        assert [tuple(row) for row in rows] == [("ul. Wałowa 12", "33-100", "Tarnów"), (None, None, None),
                                                ("ul. Długa 5", None, "Bochnia")]
        db.session.commit()
        downgrade(revision="events_1")
        rows = db.session.execute(db.text("SELECT address FROM organisations ORDER BY id")).scalars().all()
        assert rows == ["ul. Wałowa 12, 33-100 Tarnów", None, "ul. Długa 5, Bochnia"]
        db.session.execute(db.text("DELETE FROM organisations"))
        db.session.commit()
        upgrade()
        db.session.execute(db.text("DROP TABLE IF EXISTS alembic_version"))
        db.session.commit()
