"""grants: a submitted review outlives its reviewer's account

grant_reviews.reviewer_id becomes nullable, ON DELETE SET NULL (was CASCADE): the scores behind a
call's ranking and decisions stay when the reviewer deletes their account, as posts stay with
their author as "deleted user". Reviews not yet submitted are deleted with the account by the
application (app/notifications/privacy.py), not by the database.

Revision ID: grants_6
Revises: grants_5
Create Date: 2026-12-07 15:25:00

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'grants_6'
down_revision = 'grants_5'
branch_labels = None
depends_on = None

FK = 'fk_grant_reviews_reviewer_id_users'


def upgrade():
    with op.batch_alter_table('grant_reviews', schema=None) as batch_op:
        batch_op.drop_constraint(FK, type_='foreignkey')
        batch_op.alter_column('reviewer_id', existing_type=sa.Integer(), nullable=True)
        batch_op.create_foreign_key(FK, 'users', ['reviewer_id'], ['id'], ondelete='SET NULL')


def downgrade():
    op.execute("DELETE FROM grant_reviews WHERE reviewer_id IS NULL")
    with op.batch_alter_table('grant_reviews', schema=None) as batch_op:
        batch_op.drop_constraint(FK, type_='foreignkey')
        batch_op.alter_column('reviewer_id', existing_type=sa.Integer(), nullable=False)
        batch_op.create_foreign_key(FK, 'users', ['reviewer_id'], ['id'], ondelete='CASCADE')
