"""organisations: the address in its parts (street, postcode, city) and registry numbers (KRS, NIP, REGON)

The one-line address ("ul. Wałowa 12, 33-100 Tarnów") is split: a Polish postcode (NN-NNN)
followed by the town at the end of the line gives postcode and city, the rest is the street;
without a postcode, a last part after a comma that has no digits is the town ("ul. Długa 5,
Bochnia"); anything else stays whole in the street, so that nothing typed is lost. Downgrade
joins the parts again.

The split is written out here rather than imported: a revision must keep doing what it did
when the application's code changes.

Revision ID: directory_2
Revises: events_1
Create Date: 2026-12-02 01:20:00

"""
import re

import sqlalchemy as sa
from alembic import op

revision = "directory_2"
down_revision = "events_1"
branch_labels = None
depends_on = None

_POSTCODE_AND_TOWN = re.compile(r"(?:^|[\s,])(?P<postcode>[0-9]{2}-[0-9]{3})\s+(?P<city>[^\s,0-9][^,0-9]*)$")
STREET_MAX, CITY_MAX = 300, 100

organisations = sa.table(
    "organisations", sa.column("id", sa.Integer), sa.column("address", sa.String), sa.column("street", sa.String),
    sa.column("postcode", sa.String), sa.column("city", sa.String),
)


def split_address(line: str) -> dict:
    """{"street", "postcode", "city"} of a one-line address (None for a part not found)."""
    line = " ".join(line.split())
    match = _POSTCODE_AND_TOWN.search(line)
    if match and len(match["city"].strip()) <= CITY_MAX:
        street = line[:match.start()].strip(" ,")
        return {"street": street or None, "postcode": match["postcode"], "city": match["city"].strip()}
    head, comma, last = line.rpartition(",")
    last = last.strip()
    if comma and head.strip() and last and len(last) <= CITY_MAX and not any(ch.isdigit() for ch in last):
        return {"street": head.strip(" ,"), "postcode": None, "city": last}
    return {"street": line[:STREET_MAX] or None, "postcode": None, "city": None}


def join_address(street, postcode, city) -> str | None:
    town = " ".join(filter(None, (postcode, city)))
    return ", ".join(filter(None, (street, town))) or None


def upgrade():
    with op.batch_alter_table("organisations", schema=None) as batch_op:
        batch_op.add_column(sa.Column("street", sa.String(length=300), nullable=True))
        batch_op.add_column(sa.Column("postcode", sa.String(length=6), nullable=True))
        batch_op.add_column(sa.Column("city", sa.String(length=100), nullable=True))
        batch_op.add_column(sa.Column("krs", sa.String(length=10), nullable=True))
        batch_op.add_column(sa.Column("nip", sa.String(length=10), nullable=True))
        batch_op.add_column(sa.Column("regon", sa.String(length=14), nullable=True))
    connection = op.get_bind()
    rows = connection.execute(sa.select(organisations.c.id, organisations.c.address)
                              .where(organisations.c.address.is_not(None))).all()
    for org_id, address in rows:
        if address.strip():
            connection.execute(organisations.update().where(organisations.c.id == org_id)
                               .values(**split_address(address)))
    with op.batch_alter_table("organisations", schema=None) as batch_op:
        batch_op.drop_column("address")


def downgrade():
    with op.batch_alter_table("organisations", schema=None) as batch_op:
        batch_op.add_column(sa.Column("address", sa.String(length=300), nullable=True))
    connection = op.get_bind()
    rows = connection.execute(sa.select(organisations.c.id, organisations.c.street, organisations.c.postcode,
                                        organisations.c.city)).all()
    for org_id, street, postcode, city in rows:
        address = join_address(street, postcode, city)
        if address:
            connection.execute(organisations.update().where(organisations.c.id == org_id)
                               .values(address=address[:300]))
    with op.batch_alter_table("organisations", schema=None) as batch_op:
        batch_op.drop_column("regon")
        batch_op.drop_column("nip")
        batch_op.drop_column("krs")
        batch_op.drop_column("city")
        batch_op.drop_column("postcode")
        batch_op.drop_column("street")
