"""grants: invitations of reviewers who have no account yet

- grant_reviewer_invitations: an e-mail address the secretariat invited to review an application;
  the signed link creates a reviewer account and assigns it (accepted_at, accepted_by_id).

Revision ID: grants_5
Revises: grants_4
Create Date: 2026-12-07 14:30:00

"""
from alembic import op
import sqlalchemy as sa

import app.db  # noqa: F401  custom column types (UTCDateTime) used below


# revision identifiers, used by Alembic.
revision = 'grants_5'
down_revision = 'grants_4'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('grant_reviewer_invitations',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('application_id', sa.Integer(), nullable=False),
    sa.Column('email', sa.String(length=254), nullable=False),
    sa.Column('invited_by_id', sa.Integer(), nullable=True),
    sa.Column('accepted_at', app.db.UTCDateTime(), nullable=True),
    sa.Column('accepted_by_id', sa.Integer(), nullable=True),
    sa.Column('created_at', app.db.UTCDateTime(), nullable=False),
    sa.Column('updated_at', app.db.UTCDateTime(), nullable=False),
    sa.ForeignKeyConstraint(['accepted_by_id'], ['users.id'], name=op.f('fk_grant_reviewer_invitations_accepted_by_id_users'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['application_id'], ['grant_applications.id'], name=op.f('fk_grant_reviewer_invitations_application_id_grant_applications'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['invited_by_id'], ['users.id'], name=op.f('fk_grant_reviewer_invitations_invited_by_id_users'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_grant_reviewer_invitations'))
    )
    with op.batch_alter_table('grant_reviewer_invitations', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_grant_reviewer_invitations_application_id'), ['application_id'], unique=False)


def downgrade():
    with op.batch_alter_table('grant_reviewer_invitations', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_grant_reviewer_invitations_application_id'))
    op.drop_table('grant_reviewer_invitations')
