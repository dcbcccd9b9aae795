"""reports: monthly returns, monthly notes

Duty 2 of the memo (issue 6, items 5–9): the returns table accepts a second kind of return, ``monthly`` (the monthly
procurement return, on the same workflow, versions and grid as the fortnightly one; its figures are JSON like theirs),
so the CHECK constraint on ``returns.kind`` is widened; ``monthly_notes`` keeps, per month, the GeM Cell's remarks on
the monthly note to Government and the report document it was prepared as (the figures live in that document); an
index on ``orders`` (date, buyer department, value) lets a month's GeM orders be summed per department from the index.

Revision ID: 7b277e369c16
Revises: 8aebaea236e0
Create Date: 2026-11-26 09:54:14.904451+00:00

"""
from alembic import op
import sqlalchemy as sa

import gemcell.core.db  # noqa: F401 (UTCDateTime in column types)


# revision identifiers, used by Alembic.
revision = '7b277e369c16'
down_revision = '8aebaea236e0'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('monthly_notes',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('month', sa.Date(), nullable=False),
    sa.Column('remarks', sa.Text(), nullable=False),
    sa.Column('document_id', sa.Integer(), nullable=True),
    sa.Column('created_by_id', sa.Integer(), nullable=True),
    sa.Column('created_dt', gemcell.core.db.UTCDateTime(), nullable=False),
    sa.Column('modified_dt', gemcell.core.db.UTCDateTime(), nullable=False),
    sa.ForeignKeyConstraint(['created_by_id'], ['users.id'], name=op.f('fk_monthly_notes_created_by_id_users')),
    sa.ForeignKeyConstraint(['document_id'], ['documents.id'], name=op.f('fk_monthly_notes_document_id_documents')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_monthly_notes')),
    sa.UniqueConstraint('month', name=op.f('uq_monthly_notes_month'))
    )
    with op.batch_alter_table('monthly_notes', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_monthly_notes_document_id'), ['document_id'], unique=False)

    with op.batch_alter_table('returns', schema=None) as batch_op:
        batch_op.drop_constraint(op.f('ck_returns_return_kind'), type_='check')
        batch_op.create_check_constraint('return_kind', "kind IN ('fortnightly', 'monthly')")

    # the month's GeM orders per department (reconciliation, the note) read from the index alone
    op.create_index('ix_orders_order_dt_department_value', 'orders',
                    ['order_dt', 'buyer_department_id', 'total_value'], unique=False)


def downgrade():
    op.drop_index('ix_orders_order_dt_department_value', table_name='orders')
    op.execute("DELETE FROM return_versions WHERE return_id IN (SELECT id FROM returns WHERE kind = 'monthly')")
    op.execute("DELETE FROM returns WHERE kind = 'monthly'")
    with op.batch_alter_table('returns', schema=None) as batch_op:
        batch_op.drop_constraint(op.f('ck_returns_return_kind'), type_='check')
        batch_op.create_check_constraint('return_kind', "kind IN ('fortnightly')")

    with op.batch_alter_table('monthly_notes', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_monthly_notes_document_id'))

    op.drop_table('monthly_notes')
