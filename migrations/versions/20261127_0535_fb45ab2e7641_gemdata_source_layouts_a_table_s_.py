"""gemdata: source layouts (a table's headers stored once); orders' indexes that others cover dropped

Issue 3, the million-row import. A row imported from a table (CSV, XLSX) kept its source record as a JSON object
keyed by the file's headers: the template's bilingual headers were three quarters of each order's ``raw``, written,
checkpointed and read past by every index build a million times. Such a row now keeps ``[layout id, value, …]``
and the headers are stored once, in ``source_layouts`` (``gemdata.models.source_record`` reads both forms; rows
already stored stay as they are).

Two of the orders' fourteen secondary indexes repeat the first column of another, which serves the same look-ups:
``ix_orders_order_dt`` (``ix_orders_order_dt_department_value``) and ``ix_orders_buyer_department_id``
(``ix_orders_department_order_dt``). Every import built them again; no query needs them.

The downgrade writes the compact rows back as objects, as the code before it reads them.

Revision ID: fb45ab2e7641
Revises: 5f2c7e1a9b3d
Create Date: 2026-11-27 05:35:42.282802+00:00

"""
from alembic import op
import sqlalchemy as sa

import gemcell.core.db  # noqa: F401 (UTCDateTime in column types)


# revision identifiers, used by Alembic.
revision = 'fb45ab2e7641'
down_revision = '5f2c7e1a9b3d'
branch_labels = None
depends_on = None

#: the tables whose rows keep a source record
RAW_TABLES = ('sellers', 'bids', 'bidders', 'orders')
#: (index, columns) dropped from ``orders``
COVERED_INDEXES = (('ix_orders_order_dt', ['order_dt']), ('ix_orders_buyer_department_id', ['buyer_department_id']))


def upgrade():
    op.create_table('source_layouts',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('digest', sa.String(length=64), nullable=False),
    sa.Column('headers', sa.JSON(), nullable=False),
    sa.Column('created_dt', gemcell.core.db.UTCDateTime(), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_source_layouts')),
    sa.UniqueConstraint('digest', name=op.f('uq_source_layouts_digest'))
    )
    for name, _columns in COVERED_INDEXES:
        op.drop_index(name, table_name='orders')


def downgrade():
    for name, columns in reversed(COVERED_INDEXES):
        op.create_index(name, 'orders', columns, unique=False)
    _expand_compact_records(op.get_bind())
    op.drop_table('source_layouts')


def _expand_compact_records(connection, batch=5000):
    """Every ``[layout id, value, …]`` raw back to ``{header: value}``."""
    layouts_table = sa.table('source_layouts', sa.column('id', sa.Integer), sa.column('headers', sa.JSON))
    layouts = dict(connection.execute(sa.select(layouts_table.c.id, layouts_table.c.headers)).all())
    if not layouts:
        return
    for name in RAW_TABLES:
        table = sa.table(name, sa.column('id', sa.Integer), sa.column('raw', sa.JSON))
        update = sa.update(table).where(table.c.id == sa.bindparam('row_id')).values(raw=sa.bindparam('record'))
        last = 0
        while rows := connection.execute(sa.select(table.c.id, table.c.raw).where(table.c.id > last)
                                         .order_by(table.c.id).limit(batch)).all():
            last = rows[-1][0]
            expanded = [{'row_id': row_id, 'record': dict(zip(layouts.get(raw[0], ()), raw[1:]))}
                        for row_id, raw in rows if isinstance(raw, list) and raw]
            if expanded:
                connection.execute(update, expanded)
