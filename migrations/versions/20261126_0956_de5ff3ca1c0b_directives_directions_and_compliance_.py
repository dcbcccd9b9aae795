"""directives: directions and compliance, opinions and library, provisions on the portal

Adds the directions (duties 2 and 13): directions with their numbered points, their addressees (a department, or the
cell for Government's directions) with the point-wise action-taken replies, the cell's classes, the files attached
and the log of reminders and escalations; the opinions asked by departments (with files) and the library's
Government orders and circulars (searched through search_entries); and the register of State provisions asked of GeM
with its correspondence log and links to the records that show the need.

Revision ID: de5ff3ca1c0b
Revises: d4eebf945e70
Create Date: 2026-11-26 09:56:22.921886+00:00

"""
from alembic import op
import sqlalchemy as sa

import gemcell.core.db  # noqa: F401 (UTCDateTime in column types)


# revision identifiers, used by Alembic.
revision = 'de5ff3ca1c0b'
down_revision = 'd4eebf945e70'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('provisions',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('go_number', sa.String(length=200), nullable=False),
    sa.Column('go_date', sa.Date(), nullable=False),
    sa.Column('title', sa.String(length=300), nullable=False),
    sa.Column('provision', sa.Text(), nullable=False),
    sa.Column('ask', sa.Text(), nullable=False),
    sa.Column('requested_on', sa.Date(), nullable=True),
    sa.Column('state', sa.Enum('proposed', 'taken_up', 'under_development', 'live', 'verified', 'declined', name='provision_state', native_enum=False, create_constraint=True, length=32), nullable=False),
    sa.Column('gem_response', sa.Text(), nullable=True),
    sa.Column('decline_reason', sa.Text(), nullable=True),
    sa.Column('state_changed_dt', gemcell.core.db.UTCDateTime(), nullable=True),
    sa.Column('created_by_id', sa.Integer(), nullable=False),
    sa.Column('created_dt', gemcell.core.db.UTCDateTime(), nullable=False),
    sa.Column('modified_dt', gemcell.core.db.UTCDateTime(), nullable=False),
    sa.ForeignKeyConstraint(['created_by_id'], ['users.id'], name=op.f('fk_provisions_created_by_id_users')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_provisions'))
    )
    with op.batch_alter_table('provisions', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_provisions_state'), ['state'], unique=False)

    op.create_table('directions',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('kind', sa.Enum('outgoing', 'government', name='direction_kind', native_enum=False, create_constraint=True, length=32), nullable=False),
    sa.Column('level', sa.Enum('cell', 'commissioner', 'government', name='direction_level', native_enum=False, create_constraint=True, length=32), nullable=False),
    sa.Column('state', sa.Enum('draft', 'issued', 'closed', name='direction_state', native_enum=False, create_constraint=True, length=32), nullable=False),
    sa.Column('subject', sa.String(length=500), nullable=False),
    sa.Column('body', sa.Text(), nullable=False),
    sa.Column('reference_number', sa.String(length=200), nullable=True),
    sa.Column('reference_date', sa.Date(), nullable=True),
    sa.Column('due_date', sa.Date(), nullable=False),
    sa.Column('source_kind', sa.String(length=40), nullable=True),
    sa.Column('source_id', sa.Integer(), nullable=True),
    sa.Column('source_label', sa.String(length=300), nullable=True),
    sa.Column('source_url', sa.String(length=500), nullable=True),
    sa.Column('document_id', sa.Integer(), nullable=True),
    sa.Column('created_by_id', sa.Integer(), nullable=False),
    sa.Column('issued_by_id', sa.Integer(), nullable=True),
    sa.Column('issued_date', sa.Date(), nullable=True),
    sa.Column('closed_dt', gemcell.core.db.UTCDateTime(), nullable=True),
    sa.Column('closed_by_id', sa.Integer(), nullable=True),
    sa.Column('created_dt', gemcell.core.db.UTCDateTime(), nullable=False),
    sa.Column('modified_dt', gemcell.core.db.UTCDateTime(), nullable=False),
    sa.ForeignKeyConstraint(['closed_by_id'], ['users.id'], name=op.f('fk_directions_closed_by_id_users')),
    sa.ForeignKeyConstraint(['created_by_id'], ['users.id'], name=op.f('fk_directions_created_by_id_users')),
    sa.ForeignKeyConstraint(['document_id'], ['documents.id'], name=op.f('fk_directions_document_id_documents')),
    sa.ForeignKeyConstraint(['issued_by_id'], ['users.id'], name=op.f('fk_directions_issued_by_id_users')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_directions'))
    )
    with op.batch_alter_table('directions', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_directions_due_date'), ['due_date'], unique=False)
        batch_op.create_index(batch_op.f('ix_directions_issued_date'), ['issued_date'], unique=False)
        batch_op.create_index(batch_op.f('ix_directions_kind'), ['kind'], unique=False)
        batch_op.create_index(batch_op.f('ix_directions_state'), ['state'], unique=False)

    op.create_table('library_items',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('kind', sa.Enum('go', 'circular', name='library_kind', native_enum=False, create_constraint=True, length=32), nullable=False),
    sa.Column('number', sa.String(length=200), nullable=False),
    sa.Column('issued_on', sa.Date(), nullable=False),
    sa.Column('issued_by', sa.String(length=300), nullable=False),
    sa.Column('subject', sa.String(length=500), nullable=False),
    sa.Column('text', sa.Text(), nullable=False),
    sa.Column('attachment_id', sa.Integer(), nullable=True),
    sa.Column('created_by_id', sa.Integer(), nullable=False),
    sa.Column('created_dt', gemcell.core.db.UTCDateTime(), nullable=False),
    sa.Column('modified_dt', gemcell.core.db.UTCDateTime(), nullable=False),
    sa.ForeignKeyConstraint(['attachment_id'], ['attachments.id'], name=op.f('fk_library_items_attachment_id_attachments')),
    sa.ForeignKeyConstraint(['created_by_id'], ['users.id'], name=op.f('fk_library_items_created_by_id_users')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_library_items'))
    )
    op.create_table('opinions',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('department_id', sa.Integer(), nullable=False),
    sa.Column('state', sa.Enum('asked', 'drafted', 'issued', name='opinion_state', native_enum=False, create_constraint=True, length=32), nullable=False),
    sa.Column('subject', sa.String(length=500), nullable=False),
    sa.Column('question', sa.Text(), nullable=False),
    sa.Column('asked_by_id', sa.Integer(), nullable=False),
    sa.Column('asked_dt', gemcell.core.db.UTCDateTime(), nullable=False),
    sa.Column('answer', sa.Text(), nullable=True),
    sa.Column('rule_ids', sa.JSON(), nullable=False),
    sa.Column('go_refs', sa.JSON(), nullable=False),
    sa.Column('answered_by_id', sa.Integer(), nullable=True),
    sa.Column('document_id', sa.Integer(), nullable=True),
    sa.Column('issued_date', sa.Date(), nullable=True),
    sa.Column('created_dt', gemcell.core.db.UTCDateTime(), nullable=False),
    sa.Column('modified_dt', gemcell.core.db.UTCDateTime(), nullable=False),
    sa.ForeignKeyConstraint(['answered_by_id'], ['users.id'], name=op.f('fk_opinions_answered_by_id_users')),
    sa.ForeignKeyConstraint(['asked_by_id'], ['users.id'], name=op.f('fk_opinions_asked_by_id_users')),
    sa.ForeignKeyConstraint(['department_id'], ['departments.id'], name=op.f('fk_opinions_department_id_departments')),
    sa.ForeignKeyConstraint(['document_id'], ['documents.id'], name=op.f('fk_opinions_document_id_documents')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_opinions'))
    )
    with op.batch_alter_table('opinions', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_opinions_department_id'), ['department_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_opinions_state'), ['state'], unique=False)

    op.create_table('provision_letters',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('provision_id', sa.Integer(), nullable=False),
    sa.Column('direction', sa.Enum('sent', 'received', name='provision_letter_direction', native_enum=False, create_constraint=True, length=32), nullable=False),
    sa.Column('letter_date', sa.Date(), nullable=False),
    sa.Column('reference', sa.String(length=200), nullable=False),
    sa.Column('content', sa.Text(), nullable=False),
    sa.Column('document_id', sa.Integer(), nullable=True),
    sa.Column('created_by_id', sa.Integer(), nullable=False),
    sa.Column('created_dt', gemcell.core.db.UTCDateTime(), nullable=False),
    sa.ForeignKeyConstraint(['created_by_id'], ['users.id'], name=op.f('fk_provision_letters_created_by_id_users')),
    sa.ForeignKeyConstraint(['document_id'], ['documents.id'], name=op.f('fk_provision_letters_document_id_documents')),
    sa.ForeignKeyConstraint(['provision_id'], ['provisions.id'], name=op.f('fk_provision_letters_provision_id_provisions'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_provision_letters'))
    )
    with op.batch_alter_table('provision_letters', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_provision_letters_provision_id'), ['provision_id'], unique=False)

    op.create_table('provision_links',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('provision_id', sa.Integer(), nullable=False),
    sa.Column('kind', sa.String(length=20), nullable=False),
    sa.Column('ref_id', sa.Integer(), nullable=True),
    sa.Column('label', sa.String(length=300), nullable=False),
    sa.Column('url', sa.String(length=500), nullable=True),
    sa.ForeignKeyConstraint(['provision_id'], ['provisions.id'], name=op.f('fk_provision_links_provision_id_provisions'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_provision_links'))
    )
    with op.batch_alter_table('provision_links', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_provision_links_provision_id'), ['provision_id'], unique=False)

    op.create_table('direction_addressees',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('direction_id', sa.Integer(), nullable=False),
    sa.Column('department_id', sa.Integer(), nullable=True),
    sa.Column('state', sa.Enum('awaiting', 'submitted', 'returned', 'classed', name='direction_reply_state', native_enum=False, create_constraint=True, length=32), nullable=False),
    sa.Column('first_submitted_dt', gemcell.core.db.UTCDateTime(), nullable=True),
    sa.Column('submitted_dt', gemcell.core.db.UTCDateTime(), nullable=True),
    sa.Column('submitted_by_id', sa.Integer(), nullable=True),
    sa.Column('remark', sa.Text(), nullable=True),
    sa.Column('reviewed_by_id', sa.Integer(), nullable=True),
    sa.Column('reviewed_dt', gemcell.core.db.UTCDateTime(), nullable=True),
    sa.Column('escalated_level', sa.Enum('cell', 'commissioner', 'government', name='direction_escalated', native_enum=False, create_constraint=True, length=32), nullable=True),
    sa.Column('escalated_date', sa.Date(), nullable=True),
    sa.Column('reminder_document_id', sa.Integer(), nullable=True),
    sa.ForeignKeyConstraint(['department_id'], ['departments.id'], name=op.f('fk_direction_addressees_department_id_departments')),
    sa.ForeignKeyConstraint(['direction_id'], ['directions.id'], name=op.f('fk_direction_addressees_direction_id_directions'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['reminder_document_id'], ['documents.id'], name=op.f('fk_direction_addressees_reminder_document_id_documents')),
    sa.ForeignKeyConstraint(['reviewed_by_id'], ['users.id'], name=op.f('fk_direction_addressees_reviewed_by_id_users')),
    sa.ForeignKeyConstraint(['submitted_by_id'], ['users.id'], name=op.f('fk_direction_addressees_submitted_by_id_users')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_direction_addressees')),
    sa.UniqueConstraint('direction_id', 'department_id', name=op.f('uq_direction_addressees_direction_id_department_id'))
    )
    with op.batch_alter_table('direction_addressees', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_direction_addressees_department_id'), ['department_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_direction_addressees_direction_id'), ['direction_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_direction_addressees_state'), ['state'], unique=False)

    op.create_table('direction_points',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('direction_id', sa.Integer(), nullable=False),
    sa.Column('number', sa.Integer(), nullable=False),
    sa.Column('text', sa.Text(), nullable=False),
    sa.ForeignKeyConstraint(['direction_id'], ['directions.id'], name=op.f('fk_direction_points_direction_id_directions'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_direction_points')),
    sa.UniqueConstraint('direction_id', 'number', name=op.f('uq_direction_points_direction_id_number'))
    )
    with op.batch_alter_table('direction_points', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_direction_points_direction_id'), ['direction_id'], unique=False)

    op.create_table('opinion_attachments',
    sa.Column('opinion_id', sa.Integer(), nullable=False),
    sa.Column('attachment_id', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['attachment_id'], ['attachments.id'], name=op.f('fk_opinion_attachments_attachment_id_attachments'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['opinion_id'], ['opinions.id'], name=op.f('fk_opinion_attachments_opinion_id_opinions'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('opinion_id', 'attachment_id', name=op.f('pk_opinion_attachments'))
    )
    with op.batch_alter_table('opinion_attachments', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_opinion_attachments_attachment_id'), ['attachment_id'], unique=False)

    op.create_table('direction_point_replies',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('addressee_id', sa.Integer(), nullable=False),
    sa.Column('point_id', sa.Integer(), nullable=False),
    sa.Column('action_taken', sa.Text(), nullable=False),
    sa.Column('compliance', sa.Enum('pending', 'complied', 'partly', 'not_complied', 'not_applicable', name='direction_compliance', native_enum=False, create_constraint=True, length=32), nullable=False),
    sa.Column('cell_remark', sa.Text(), nullable=True),
    sa.Column('classed_by_id', sa.Integer(), nullable=True),
    sa.Column('classed_dt', gemcell.core.db.UTCDateTime(), nullable=True),
    sa.Column('created_dt', gemcell.core.db.UTCDateTime(), nullable=False),
    sa.Column('modified_dt', gemcell.core.db.UTCDateTime(), nullable=False),
    sa.ForeignKeyConstraint(['addressee_id'], ['direction_addressees.id'], name=op.f('fk_direction_point_replies_addressee_id_direction_addressees'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['classed_by_id'], ['users.id'], name=op.f('fk_direction_point_replies_classed_by_id_users')),
    sa.ForeignKeyConstraint(['point_id'], ['direction_points.id'], name=op.f('fk_direction_point_replies_point_id_direction_points'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_direction_point_replies')),
    sa.UniqueConstraint('addressee_id', 'point_id', name=op.f('uq_direction_point_replies_addressee_id_point_id'))
    )
    with op.batch_alter_table('direction_point_replies', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_direction_point_replies_addressee_id'), ['addressee_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_direction_point_replies_point_id'), ['point_id'], unique=False)

    op.create_table('direction_reminders',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('addressee_id', sa.Integer(), nullable=False),
    sa.Column('kind', sa.Enum('before', 'overdue', 'escalation', name='direction_reminder_kind', native_enum=False, create_constraint=True, length=32), nullable=False),
    sa.Column('day', sa.Date(), nullable=False),
    sa.Column('notices', sa.Integer(), nullable=False),
    sa.Column('emails', sa.Integer(), nullable=False),
    sa.Column('level', sa.Enum('cell', 'commissioner', 'government', name='direction_reminder_level', native_enum=False, create_constraint=True, length=32), nullable=True),
    sa.ForeignKeyConstraint(['addressee_id'], ['direction_addressees.id'], name=op.f('fk_direction_reminders_addressee_id_direction_addressees'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_direction_reminders')),
    sa.UniqueConstraint('addressee_id', 'kind', 'day', name=op.f('uq_direction_reminders_addressee_id_kind_day'))
    )
    with op.batch_alter_table('direction_reminders', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_direction_reminders_addressee_id'), ['addressee_id'], unique=False)

    op.create_table('direction_reply_attachments',
    sa.Column('reply_id', sa.Integer(), nullable=False),
    sa.Column('attachment_id', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['attachment_id'], ['attachments.id'], name=op.f('fk_direction_reply_attachments_attachment_id_attachments'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['reply_id'], ['direction_point_replies.id'], name=op.f('fk_direction_reply_attachments_reply_id_direction_point_replies'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('reply_id', 'attachment_id', name=op.f('pk_direction_reply_attachments'))
    )
    with op.batch_alter_table('direction_reply_attachments', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_direction_reply_attachments_attachment_id'), ['attachment_id'], unique=False)



def downgrade():
    with op.batch_alter_table('direction_reply_attachments', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_direction_reply_attachments_attachment_id'))

    op.drop_table('direction_reply_attachments')
    with op.batch_alter_table('direction_reminders', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_direction_reminders_addressee_id'))

    op.drop_table('direction_reminders')
    with op.batch_alter_table('direction_point_replies', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_direction_point_replies_point_id'))
        batch_op.drop_index(batch_op.f('ix_direction_point_replies_addressee_id'))

    op.drop_table('direction_point_replies')
    with op.batch_alter_table('opinion_attachments', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_opinion_attachments_attachment_id'))

    op.drop_table('opinion_attachments')
    with op.batch_alter_table('direction_points', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_direction_points_direction_id'))

    op.drop_table('direction_points')
    with op.batch_alter_table('direction_addressees', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_direction_addressees_state'))
        batch_op.drop_index(batch_op.f('ix_direction_addressees_direction_id'))
        batch_op.drop_index(batch_op.f('ix_direction_addressees_department_id'))

    op.drop_table('direction_addressees')
    with op.batch_alter_table('provision_links', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_provision_links_provision_id'))

    op.drop_table('provision_links')
    with op.batch_alter_table('provision_letters', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_provision_letters_provision_id'))

    op.drop_table('provision_letters')
    with op.batch_alter_table('opinions', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_opinions_state'))
        batch_op.drop_index(batch_op.f('ix_opinions_department_id'))

    op.drop_table('opinions')
    op.drop_table('library_items')
    with op.batch_alter_table('directions', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_directions_state'))
        batch_op.drop_index(batch_op.f('ix_directions_kind'))
        batch_op.drop_index(batch_op.f('ix_directions_issued_date'))
        batch_op.drop_index(batch_op.f('ix_directions_due_date'))

    op.drop_table('directions')
    with op.batch_alter_table('provisions', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_provisions_state'))

    op.drop_table('provisions')
