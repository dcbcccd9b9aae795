"""auth: a session version on each user, so that signing out and a new password end every session

The session cookie names the user by id and version; signing out or setting a password adds one to the version, so
a session signed in before (a copied cookie too) no longer loads the user.

Revision ID: 1666450a3806
Revises: d6d6a2c57ba6
Create Date: 2026-11-26 13:58:09.253540+00:00

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '1666450a3806'
down_revision = 'd6d6a2c57ba6'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('users', schema=None) as batch_op:
        batch_op.add_column(sa.Column('session_version', sa.Integer(), server_default='0', nullable=False))


def downgrade():
    with op.batch_alter_table('users', schema=None) as batch_op:
        batch_op.drop_column('session_version')
