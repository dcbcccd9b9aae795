"""indexes for State-scale reads: the latest change of orders and sellers (figures kept while unchanged), the
orders' CRAC dates (payments due in a month, every department at once), a department's latest bids and orders

Revision ID: 5f2c7e1a9b3d
Revises: 1666450a3806
Create Date: 2026-11-26 17:45:00.000000+00:00

"""
from alembic import op


# revision identifiers, used by Alembic.
revision = '5f2c7e1a9b3d'
down_revision = '1666450a3806'
branch_labels = None
depends_on = None

#: (table, index, columns)
INDEXES = [
    ('orders', 'ix_orders_modified_dt', ['modified_dt']),
    ('sellers', 'ix_sellers_modified_dt', ['modified_dt']),
    ('orders', 'ix_orders_crac_date', ['crac_date', 'buyer_department_id']),
    ('bids', 'ix_bids_department_published', ['buyer_department_id', 'published_dt']),
    ('orders', 'ix_orders_department_order_dt', ['buyer_department_id', 'order_dt']),
]


def upgrade():
    for table, name, columns in INDEXES:
        with op.batch_alter_table(table, schema=None) as batch_op:
            batch_op.create_index(name, columns, unique=False)


def downgrade():
    for table, name, _columns in reversed(INDEXES):
        with op.batch_alter_table(table, schema=None) as batch_op:
            batch_op.drop_index(name)
