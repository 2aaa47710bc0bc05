"""grants: files on applications (the call's required documents and extra attachments)

- attachments.grant_application_id: a file of a grant application (a fifth kind of parent; the
  one-parent check constraint now counts it).
- attachments.grant_document_id: the call's required document the file is (NULL: an extra file).

Revision ID: grants_4
Revises: search_2
Create Date: 2026-12-07 14:10:00

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'grants_4'
down_revision = 'search_2'
branch_labels = None
depends_on = None

_OLD_PARENTS = ("forum_post_id", "partnership_post_id", "organisation_id", "library_document_id")


def _one_parent(columns) -> str:
    return " + ".join(f"CAST({column} IS NOT NULL AS INTEGER)" for column in columns) + " = 1"


def upgrade():
    with op.batch_alter_table('attachments', schema=None) as batch_op:
        batch_op.add_column(sa.Column('grant_application_id', sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column('grant_document_id', sa.Integer(), nullable=True))
        batch_op.create_index(batch_op.f('ix_attachments_grant_application_id'), ['grant_application_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_attachments_grant_document_id'), ['grant_document_id'], unique=False)
        batch_op.create_foreign_key(batch_op.f('fk_attachments_grant_application_id_grant_applications'),
                                    'grant_applications', ['grant_application_id'], ['id'], ondelete='CASCADE')
        batch_op.create_foreign_key(batch_op.f('fk_attachments_grant_document_id_grant_required_documents'),
                                    'grant_required_documents', ['grant_document_id'], ['id'], ondelete='SET NULL')
        batch_op.drop_constraint(op.f('ck_attachments_one_parent'), type_='check')
        batch_op.create_check_constraint(op.f('ck_attachments_one_parent'), _one_parent(_OLD_PARENTS + ("grant_application_id",)))


def downgrade():
    op.execute("DELETE FROM attachments WHERE grant_application_id IS NOT NULL")
    with op.batch_alter_table('attachments', schema=None) as batch_op:
        batch_op.drop_constraint(op.f('ck_attachments_one_parent'), type_='check')
        batch_op.create_check_constraint(op.f('ck_attachments_one_parent'), _one_parent(_OLD_PARENTS))
        batch_op.drop_constraint(batch_op.f('fk_attachments_grant_document_id_grant_required_documents'),
                                 type_='foreignkey')
        batch_op.drop_constraint(batch_op.f('fk_attachments_grant_application_id_grant_applications'),
                                 type_='foreignkey')
        batch_op.drop_index(batch_op.f('ix_attachments_grant_document_id'))
        batch_op.drop_index(batch_op.f('ix_attachments_grant_application_id'))
        batch_op.drop_column('grant_document_id')
        batch_op.drop_column('grant_application_id')
