"""cases: debarment and blacklisting cases, registers

Duty 12 of the memo (issue 10): the case file (``cases``: the buyer user proposed for debarment and/or the firm
proposed for blacklisting, the show-cause step, the reference to Government with its evidence pack, Government's
decision or the reason the case was dropped), its findings, bids and orders, its timeline (``case_events``), the
replies to the show-cause notices (``case_replies``, with an optional file in ``attachments``), and ``sanctions``: the
registers of debarred buyer users and blacklisted firms that the scrutiny rules CASE-DEBAR / CASE-BLACKLIST read.

Revision ID: 8aebaea236e0
Revises: cb59b7809624
Create Date: 2026-11-26 09:54:59.818279+00:00

"""
from alembic import op
import sqlalchemy as sa

import gemcell.core.db  # noqa: F401 (UTCDateTime in column types)


# revision identifiers, used by Alembic.
revision = '8aebaea236e0'
down_revision = 'cb59b7809624'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('cases',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('title', sa.String(length=300), nullable=False),
    sa.Column('state', sa.Enum('draft', 'show_cause_issued', 'replies_received', 'referred', 'debarred', 'blacklisted', 'debarred_blacklisted', 'dropped', name='case_state', native_enum=False, create_constraint=True, length=32), nullable=False),
    sa.Column('department_id', sa.Integer(), nullable=True),
    sa.Column('buyer_gem_user_id', sa.String(length=80), nullable=True),
    sa.Column('buyer_name', sa.String(length=200), nullable=True),
    sa.Column('buyer_designation', sa.String(length=200), nullable=True),
    sa.Column('buyer_office', sa.String(length=500), nullable=True),
    sa.Column('firm_gem_seller_id', sa.String(length=40), nullable=True),
    sa.Column('firm_name', sa.String(length=300), nullable=True),
    sa.Column('firm_registration', sa.Text(), nullable=True),
    sa.Column('seller_id', sa.Integer(), nullable=True),
    sa.Column('summary', sa.Text(), nullable=True),
    sa.Column('conclusion', sa.Text(), nullable=True),
    sa.Column('proposal', sa.Text(), nullable=True),
    sa.Column('show_cause_date', sa.Date(), nullable=True),
    sa.Column('reply_due_date', sa.Date(), nullable=True),
    sa.Column('show_cause_by_id', sa.Integer(), nullable=True),
    sa.Column('show_cause_dt', gemcell.core.db.UTCDateTime(), nullable=True),
    sa.Column('pack_id', sa.Integer(), nullable=True),
    sa.Column('referred_by_id', sa.Integer(), nullable=True),
    sa.Column('referred_dt', gemcell.core.db.UTCDateTime(), nullable=True),
    sa.Column('decision_order_number', sa.String(length=200), nullable=True),
    sa.Column('decision_order_date', sa.Date(), nullable=True),
    sa.Column('decision_remark', sa.Text(), nullable=True),
    sa.Column('decided_by_id', sa.Integer(), nullable=True),
    sa.Column('decided_dt', gemcell.core.db.UTCDateTime(), nullable=True),
    sa.Column('drop_reason', sa.Text(), nullable=True),
    sa.Column('created_by_id', sa.Integer(), nullable=False),
    sa.Column('created_dt', gemcell.core.db.UTCDateTime(), nullable=False),
    sa.Column('modified_dt', gemcell.core.db.UTCDateTime(), nullable=False),
    sa.CheckConstraint('buyer_name IS NOT NULL OR firm_name IS NOT NULL', name=op.f('ck_cases_has_a_party')),
    sa.CheckConstraint('reply_due_date IS NULL OR show_cause_date IS NULL OR reply_due_date >= show_cause_date', name=op.f('ck_cases_reply_after_notice')),
    sa.ForeignKeyConstraint(['created_by_id'], ['users.id'], name=op.f('fk_cases_created_by_id_users')),
    sa.ForeignKeyConstraint(['decided_by_id'], ['users.id'], name=op.f('fk_cases_decided_by_id_users')),
    sa.ForeignKeyConstraint(['department_id'], ['departments.id'], name=op.f('fk_cases_department_id_departments')),
    sa.ForeignKeyConstraint(['pack_id'], ['documents.id'], name=op.f('fk_cases_pack_id_documents')),
    sa.ForeignKeyConstraint(['referred_by_id'], ['users.id'], name=op.f('fk_cases_referred_by_id_users')),
    sa.ForeignKeyConstraint(['seller_id'], ['sellers.id'], name=op.f('fk_cases_seller_id_sellers')),
    sa.ForeignKeyConstraint(['show_cause_by_id'], ['users.id'], name=op.f('fk_cases_show_cause_by_id_users')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_cases'))
    )
    with op.batch_alter_table('cases', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_cases_buyer_gem_user_id'), ['buyer_gem_user_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_cases_department_id'), ['department_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_cases_firm_gem_seller_id'), ['firm_gem_seller_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_cases_seller_id'), ['seller_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_cases_state'), ['state'], unique=False)

    op.create_table('case_bids',
    sa.Column('case_id', sa.Integer(), nullable=False),
    sa.Column('bid_id', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['bid_id'], ['bids.id'], name=op.f('fk_case_bids_bid_id_bids')),
    sa.ForeignKeyConstraint(['case_id'], ['cases.id'], name=op.f('fk_case_bids_case_id_cases'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('case_id', 'bid_id', name=op.f('pk_case_bids'))
    )
    with op.batch_alter_table('case_bids', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_case_bids_bid_id'), ['bid_id'], unique=False)

    op.create_table('case_events',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('case_id', sa.Integer(), nullable=False),
    sa.Column('kind', sa.Enum('opened', 'finding_added', 'finding_removed', 'letters_drafted', 'show_cause_issued', 'reply_received', 'pack_prepared', 'concluded', 'referred', 'decided', 'dropped', name='case_event_kind', native_enum=False, create_constraint=True, length=32), nullable=False),
    sa.Column('event_dt', gemcell.core.db.UTCDateTime(), nullable=False),
    sa.Column('note', sa.Text(), nullable=True),
    sa.Column('user_id', sa.Integer(), nullable=True),
    sa.Column('document_id', sa.Integer(), nullable=True),
    sa.ForeignKeyConstraint(['case_id'], ['cases.id'], name=op.f('fk_case_events_case_id_cases'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['document_id'], ['documents.id'], name=op.f('fk_case_events_document_id_documents')),
    sa.ForeignKeyConstraint(['user_id'], ['users.id'], name=op.f('fk_case_events_user_id_users')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_case_events'))
    )
    with op.batch_alter_table('case_events', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_case_events_case_id'), ['case_id'], unique=False)

    op.create_table('case_orders',
    sa.Column('case_id', sa.Integer(), nullable=False),
    sa.Column('order_id', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['case_id'], ['cases.id'], name=op.f('fk_case_orders_case_id_cases'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['order_id'], ['orders.id'], name=op.f('fk_case_orders_order_id_orders')),
    sa.PrimaryKeyConstraint('case_id', 'order_id', name=op.f('pk_case_orders'))
    )
    with op.batch_alter_table('case_orders', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_case_orders_order_id'), ['order_id'], unique=False)

    op.create_table('case_replies',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('case_id', sa.Integer(), nullable=False),
    sa.Column('party', sa.Enum('department', 'firm', name='case_party', native_enum=False, create_constraint=True, length=32), nullable=False),
    sa.Column('received_date', sa.Date(), nullable=False),
    sa.Column('reference', sa.String(length=200), nullable=True),
    sa.Column('text', sa.Text(), nullable=False),
    sa.Column('attachment_id', sa.Integer(), nullable=True),
    sa.Column('recorded_by_id', sa.Integer(), nullable=False),
    sa.Column('recorded_dt', gemcell.core.db.UTCDateTime(), nullable=False),
    sa.ForeignKeyConstraint(['attachment_id'], ['attachments.id'], name=op.f('fk_case_replies_attachment_id_attachments')),
    sa.ForeignKeyConstraint(['case_id'], ['cases.id'], name=op.f('fk_case_replies_case_id_cases'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['recorded_by_id'], ['users.id'], name=op.f('fk_case_replies_recorded_by_id_users')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_case_replies'))
    )
    with op.batch_alter_table('case_replies', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_case_replies_case_id'), ['case_id'], unique=False)

    op.create_table('sanctions',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('kind', sa.Enum('debarment', 'blacklisting', name='sanction_kind', native_enum=False, create_constraint=True, length=32), nullable=False),
    sa.Column('case_id', sa.Integer(), nullable=True),
    sa.Column('gem_user_id', sa.String(length=80), nullable=True),
    sa.Column('designation', sa.String(length=200), nullable=True),
    sa.Column('office', sa.String(length=500), nullable=True),
    sa.Column('department_id', sa.Integer(), nullable=True),
    sa.Column('gem_seller_id', sa.String(length=40), nullable=True),
    sa.Column('seller_id', sa.Integer(), nullable=True),
    sa.Column('registration', sa.Text(), nullable=True),
    sa.Column('name', sa.String(length=300), nullable=False),
    sa.Column('from_date', sa.Date(), nullable=False),
    sa.Column('to_date', sa.Date(), nullable=False),
    sa.Column('order_number', sa.String(length=200), nullable=False),
    sa.Column('order_date', sa.Date(), nullable=False),
    sa.Column('recorded_by_id', sa.Integer(), nullable=False),
    sa.Column('created_dt', gemcell.core.db.UTCDateTime(), nullable=False),
    sa.Column('modified_dt', gemcell.core.db.UTCDateTime(), nullable=False),
    sa.CheckConstraint('to_date >= from_date', name=op.f('ck_sanctions_period_order')),
    sa.ForeignKeyConstraint(['case_id'], ['cases.id'], name=op.f('fk_sanctions_case_id_cases')),
    sa.ForeignKeyConstraint(['department_id'], ['departments.id'], name=op.f('fk_sanctions_department_id_departments')),
    sa.ForeignKeyConstraint(['recorded_by_id'], ['users.id'], name=op.f('fk_sanctions_recorded_by_id_users')),
    sa.ForeignKeyConstraint(['seller_id'], ['sellers.id'], name=op.f('fk_sanctions_seller_id_sellers')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_sanctions'))
    )
    with op.batch_alter_table('sanctions', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_sanctions_case_id'), ['case_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_sanctions_from_date'), ['from_date'], unique=False)
        batch_op.create_index(batch_op.f('ix_sanctions_gem_seller_id'), ['gem_seller_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_sanctions_gem_user_id'), ['gem_user_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_sanctions_kind'), ['kind'], unique=False)
        batch_op.create_index(batch_op.f('ix_sanctions_seller_id'), ['seller_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_sanctions_to_date'), ['to_date'], unique=False)

    op.create_table('case_findings',
    sa.Column('case_id', sa.Integer(), nullable=False),
    sa.Column('finding_id', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['case_id'], ['cases.id'], name=op.f('fk_case_findings_case_id_cases'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['finding_id'], ['findings.id'], name=op.f('fk_case_findings_finding_id_findings')),
    sa.PrimaryKeyConstraint('case_id', 'finding_id', name=op.f('pk_case_findings'))
    )
    with op.batch_alter_table('case_findings', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_case_findings_finding_id'), ['finding_id'], unique=False)



def downgrade():
    with op.batch_alter_table('case_findings', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_case_findings_finding_id'))

    op.drop_table('case_findings')
    with op.batch_alter_table('sanctions', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_sanctions_to_date'))
        batch_op.drop_index(batch_op.f('ix_sanctions_seller_id'))
        batch_op.drop_index(batch_op.f('ix_sanctions_kind'))
        batch_op.drop_index(batch_op.f('ix_sanctions_gem_user_id'))
        batch_op.drop_index(batch_op.f('ix_sanctions_gem_seller_id'))
        batch_op.drop_index(batch_op.f('ix_sanctions_from_date'))
        batch_op.drop_index(batch_op.f('ix_sanctions_case_id'))

    op.drop_table('sanctions')
    with op.batch_alter_table('case_replies', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_case_replies_case_id'))

    op.drop_table('case_replies')
    with op.batch_alter_table('case_orders', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_case_orders_order_id'))

    op.drop_table('case_orders')
    with op.batch_alter_table('case_events', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_case_events_case_id'))

    op.drop_table('case_events')
    with op.batch_alter_table('case_bids', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_case_bids_bid_id'))

    op.drop_table('case_bids')
    with op.batch_alter_table('cases', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_cases_state'))
        batch_op.drop_index(batch_op.f('ix_cases_seller_id'))
        batch_op.drop_index(batch_op.f('ix_cases_firm_gem_seller_id'))
        batch_op.drop_index(batch_op.f('ix_cases_department_id'))
        batch_op.drop_index(batch_op.f('ix_cases_buyer_gem_user_id'))

    op.drop_table('cases')
