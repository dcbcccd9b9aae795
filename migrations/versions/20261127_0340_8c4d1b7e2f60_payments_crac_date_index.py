"""payments: an index on the orders' CRAC date (the scorecard's payments due in a month, every department at once)

Revision ID: 8c4d1b7e2f60
Revises: 5f2c7e1a9b3d
Create Date: 2026-11-27 03:40:00.000000+00:00

"""
from alembic import op


# revision identifiers, used by Alembic.
revision = '8c4d1b7e2f60'
down_revision = '5f2c7e1a9b3d'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('orders', schema=None) as batch_op:
        batch_op.create_index('ix_orders_crac_date', ['crac_date', 'buyer_department_id'], unique=False)


def downgrade():
    with op.batch_alter_table('orders', schema=None) as batch_op:
        batch_op.drop_index('ix_orders_crac_date')
