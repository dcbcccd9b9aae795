"""payments: indexes on the latest change of orders and sellers (the dashboard's kept figures ask for it)

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


def upgrade():
    with op.batch_alter_table('orders', schema=None) as batch_op:
        batch_op.create_index('ix_orders_modified_dt', ['modified_dt'], unique=False)
    with op.batch_alter_table('sellers', schema=None) as batch_op:
        batch_op.create_index('ix_sellers_modified_dt', ['modified_dt'], unique=False)


def downgrade():
    with op.batch_alter_table('sellers', schema=None) as batch_op:
        batch_op.drop_index('ix_sellers_modified_dt')
    with op.batch_alter_table('orders', schema=None) as batch_op:
        batch_op.drop_index('ix_orders_modified_dt')
