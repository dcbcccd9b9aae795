"""payments: the index of paid orders holds only the paid ones (an import of a million unpaid orders no longer
builds it for nothing; what reads it asks for a payment date in a range, which implies one)

Revision ID: c5e2f4a8d901
Revises: a7d3e5b19c42
Create Date: 2026-11-27 08:30:00.000000+00:00

"""
import sqlalchemy as sa
from alembic import op


# revision identifiers, used by Alembic.
revision = 'c5e2f4a8d901'
down_revision = 'a7d3e5b19c42'
branch_labels = None
depends_on = None

COLUMNS = ['payment_date', 'buyer_department_id', 'crac_date', 'buying_mode', 'seller_id', 'bid_id', 'order_dt',
           'invoice_amount', 'total_value', 'modified_dt']
PAID = sa.text('payment_date IS NOT NULL')


def upgrade():
    op.drop_index('ix_orders_payment_date', table_name='orders')
    op.create_index('ix_orders_payment_date', 'orders', COLUMNS, sqlite_where=PAID, postgresql_where=PAID)


def downgrade():
    op.drop_index('ix_orders_payment_date', table_name='orders')
    op.create_index('ix_orders_payment_date', 'orders', COLUMNS)
