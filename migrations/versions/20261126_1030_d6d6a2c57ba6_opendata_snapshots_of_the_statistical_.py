"""opendata: snapshots of the statistical red flags

Issue 11, item 4: cardinal's statistical indicators (R024, R025, R038, R048, R058) over every bid, as computed at a
moment, per department, office and seller, with the quartiles and fences that applied (one row per computation).

Revision ID: d6d6a2c57ba6
Revises: 7b277e369c16
Create Date: 2026-11-26 10:30:29.944227+00:00

"""
from alembic import op
import sqlalchemy as sa

import gemcell.core.db  # noqa: F401 (UTCDateTime in column types)


# revision identifiers, used by Alembic.
revision = 'd6d6a2c57ba6'
down_revision = '7b277e369c16'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('indicator_snapshots',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('computed_dt', gemcell.core.db.UTCDateTime(), nullable=False),
    sa.Column('created_by_id', sa.Integer(), nullable=True),
    sa.Column('processes', sa.Integer(), nullable=False),
    sa.Column('meta', sa.JSON(), nullable=False),
    sa.Column('departments', sa.JSON(), nullable=False),
    sa.Column('offices', sa.JSON(), nullable=False),
    sa.Column('sellers', sa.JSON(), nullable=False),
    sa.ForeignKeyConstraint(['created_by_id'], ['users.id'], name=op.f('fk_indicator_snapshots_created_by_id_users')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_indicator_snapshots'))
    )
    with op.batch_alter_table('indicator_snapshots', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_indicator_snapshots_computed_dt'), ['computed_dt'], unique=False)


def downgrade():
    with op.batch_alter_table('indicator_snapshots', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_indicator_snapshots_computed_dt'))

    op.drop_table('indicator_snapshots')
