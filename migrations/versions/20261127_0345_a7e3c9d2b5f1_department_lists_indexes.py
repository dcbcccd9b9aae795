"""gemdata: indexes for a department's latest bids and orders (its nodal officer's lists, a page at a time)

Revision ID: a7e3c9d2b5f1
Revises: 8c4d1b7e2f60
Create Date: 2026-11-27 03:45:00.000000+00:00

"""
from alembic import op


# revision identifiers, used by Alembic.
revision = 'a7e3c9d2b5f1'
down_revision = '8c4d1b7e2f60'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('bids', schema=None) as batch_op:
        batch_op.create_index('ix_bids_department_published', ['buyer_department_id', 'published_dt'], unique=False)
    with op.batch_alter_table('orders', schema=None) as batch_op:
        batch_op.create_index('ix_orders_department_order_dt', ['buyer_department_id', 'order_dt'], unique=False)


def downgrade():
    with op.batch_alter_table('orders', schema=None) as batch_op:
        batch_op.drop_index('ix_orders_department_order_dt')
    with op.batch_alter_table('bids', schema=None) as batch_op:
        batch_op.drop_index('ix_bids_department_published')
