"""helpdesk and meetings: tickets, SLA calendar, visits, knowledge base, meetings register

Adds the helpdesk (tickets of departments and seller firms with their messages, files, status history, pauses of the
SLA clock and related GeM numbers; the managed categories with SLA hours per priority; the holiday calendar; field
visits; the knowledge base; in-app notices) and the meetings register (meetings and their action points), and
inserts the shipped categories and Uttar Pradesh's 2026 holidays (the administrator corrects them in the app).

Revision ID: d4eebf945e70
Revises: 9ab24066b50b
Create Date: 2026-11-26 10:05:18.056886+00:00

"""
from datetime import date, datetime, timezone

from alembic import op
import sqlalchemy as sa

import gemcell.core.db  # noqa: F401 (UTCDateTime in column types)


# revision identifiers, used by Alembic.
revision = 'd4eebf945e70'
down_revision = '9ab24066b50b'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('helpdesk_calendar_days',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('day', sa.Date(), nullable=False),
    sa.Column('is_holiday', sa.Boolean(), nullable=False),
    sa.Column('name_hi', sa.String(length=200), nullable=False),
    sa.Column('name_en', sa.String(length=200), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_helpdesk_calendar_days')),
    sa.UniqueConstraint('day', name=op.f('uq_helpdesk_calendar_days_day'))
    )
    op.create_table('ticket_categories',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('code', sa.String(length=40), nullable=False),
    sa.Column('name_hi', sa.String(length=200), nullable=False),
    sa.Column('name_en', sa.String(length=200), nullable=False),
    sa.Column('is_active', sa.Boolean(), nullable=False),
    sa.Column('position', sa.Integer(), nullable=False),
    sa.Column('sla_urgent_hours', sa.Integer(), nullable=False),
    sa.Column('sla_high_hours', sa.Integer(), nullable=False),
    sa.Column('sla_normal_hours', sa.Integer(), nullable=False),
    sa.Column('sla_low_hours', sa.Integer(), nullable=False),
    sa.Column('created_dt', gemcell.core.db.UTCDateTime(), nullable=False),
    sa.Column('modified_dt', gemcell.core.db.UTCDateTime(), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_ticket_categories')),
    sa.UniqueConstraint('code', name=op.f('uq_ticket_categories_code'))
    )
    op.create_table('meetings',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('meeting_date', sa.Date(), nullable=False),
    sa.Column('department_id', sa.Integer(), nullable=False),
    sa.Column('subject', sa.String(length=300), nullable=False),
    sa.Column('venue', sa.String(length=300), nullable=False),
    sa.Column('agenda', sa.Text(), nullable=False),
    sa.Column('participants', sa.Text(), nullable=True),
    sa.Column('minutes_html', sa.Text(), nullable=True),
    sa.Column('created_by_id', sa.Integer(), nullable=False),
    sa.Column('document_id', sa.Integer(), nullable=True),
    sa.Column('created_dt', gemcell.core.db.UTCDateTime(), nullable=False),
    sa.Column('modified_dt', gemcell.core.db.UTCDateTime(), nullable=False),
    sa.ForeignKeyConstraint(['created_by_id'], ['users.id'], name=op.f('fk_meetings_created_by_id_users')),
    sa.ForeignKeyConstraint(['department_id'], ['departments.id'], name=op.f('fk_meetings_department_id_departments')),
    sa.ForeignKeyConstraint(['document_id'], ['documents.id'], name=op.f('fk_meetings_document_id_documents')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_meetings'))
    )
    with op.batch_alter_table('meetings', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_meetings_department_id'), ['department_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_meetings_meeting_date'), ['meeting_date'], unique=False)

    op.create_table('meeting_action_points',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('meeting_id', sa.Integer(), nullable=False),
    sa.Column('position', sa.Integer(), nullable=False),
    sa.Column('text', sa.Text(), nullable=False),
    sa.Column('owner', sa.Enum('department', 'cell', name='action_point_owner', native_enum=False, create_constraint=True, length=32), nullable=False),
    sa.Column('due_date', sa.Date(), nullable=False),
    sa.Column('compliance', sa.Enum('pending', 'complied', 'partly', 'not_complied', 'not_applicable', name='action_point_compliance', native_enum=False, create_constraint=True, length=32), nullable=False),
    sa.Column('remark', sa.Text(), nullable=True),
    sa.Column('classed_by_id', sa.Integer(), nullable=True),
    sa.Column('classed_dt', gemcell.core.db.UTCDateTime(), nullable=True),
    sa.Column('reminded_date', sa.Date(), nullable=True),
    sa.Column('created_dt', gemcell.core.db.UTCDateTime(), nullable=False),
    sa.Column('modified_dt', gemcell.core.db.UTCDateTime(), nullable=False),
    sa.ForeignKeyConstraint(['classed_by_id'], ['users.id'], name=op.f('fk_meeting_action_points_classed_by_id_users')),
    sa.ForeignKeyConstraint(['meeting_id'], ['meetings.id'], name=op.f('fk_meeting_action_points_meeting_id_meetings'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_meeting_action_points'))
    )
    with op.batch_alter_table('meeting_action_points', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_meeting_action_points_compliance'), ['compliance'], unique=False)
        batch_op.create_index(batch_op.f('ix_meeting_action_points_due_date'), ['due_date'], unique=False)
        batch_op.create_index(batch_op.f('ix_meeting_action_points_meeting_id'), ['meeting_id'], unique=False)

    op.create_table('tickets',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('number', sa.String(length=30), nullable=False),
    sa.Column('requester_kind', sa.Enum('department', 'seller', name='ticket_requester_kind', native_enum=False, create_constraint=True, length=32), nullable=False),
    sa.Column('department_id', sa.Integer(), nullable=True),
    sa.Column('seller_gem_id', sa.String(length=40), nullable=True),
    sa.Column('seller_name', sa.String(length=300), nullable=True),
    sa.Column('seller_contact', sa.String(length=300), nullable=True),
    sa.Column('seller_id', sa.Integer(), nullable=True),
    sa.Column('channel', sa.String(length=40), nullable=True),
    sa.Column('category_id', sa.Integer(), nullable=False),
    sa.Column('priority', sa.Enum('urgent', 'high', 'normal', 'low', name='ticket_priority', native_enum=False, create_constraint=True, length=32), nullable=False),
    sa.Column('subject', sa.String(length=300), nullable=False),
    sa.Column('description', sa.Text(), nullable=False),
    sa.Column('state', sa.Enum('new', 'assigned', 'in_progress', 'waiting', 'resolved', 'closed', name='ticket_state', native_enum=False, create_constraint=True, length=32), nullable=False),
    sa.Column('waiting_on', sa.Enum('department', 'seller', 'gem', name='ticket_waiting_on', native_enum=False, create_constraint=True, length=32), nullable=True),
    sa.Column('assignee_id', sa.Integer(), nullable=True),
    sa.Column('created_by_id', sa.Integer(), nullable=False),
    sa.Column('opened_dt', gemcell.core.db.UTCDateTime(), nullable=False),
    sa.Column('sla_hours', sa.Integer(), nullable=False),
    sa.Column('resolution', sa.Text(), nullable=True),
    sa.Column('resolved_dt', gemcell.core.db.UTCDateTime(), nullable=True),
    sa.Column('resolved_by_id', sa.Integer(), nullable=True),
    sa.Column('closed_dt', gemcell.core.db.UTCDateTime(), nullable=True),
    sa.Column('escalated_dt', gemcell.core.db.UTCDateTime(), nullable=True),
    sa.Column('reopen_count', sa.Integer(), nullable=False),
    sa.Column('merged_into_id', sa.Integer(), nullable=True),
    sa.Column('needs_portal_change', sa.Boolean(), nullable=False),
    sa.Column('provision_model', sa.String(length=60), nullable=True),
    sa.Column('provision_ref_id', sa.Integer(), nullable=True),
    sa.Column('created_dt', gemcell.core.db.UTCDateTime(), nullable=False),
    sa.Column('modified_dt', gemcell.core.db.UTCDateTime(), nullable=False),
    sa.CheckConstraint("requester_kind != 'department' OR department_id IS NOT NULL", name=op.f('ck_tickets_department_ticket_has_department')),
    sa.CheckConstraint("requester_kind != 'seller' OR seller_gem_id IS NOT NULL", name=op.f('ck_tickets_seller_ticket_has_seller_id')),
    sa.CheckConstraint("state != 'waiting' OR waiting_on IS NOT NULL", name=op.f('ck_tickets_waiting_says_on_whom')),
    sa.ForeignKeyConstraint(['assignee_id'], ['users.id'], name=op.f('fk_tickets_assignee_id_users')),
    sa.ForeignKeyConstraint(['category_id'], ['ticket_categories.id'], name=op.f('fk_tickets_category_id_ticket_categories')),
    sa.ForeignKeyConstraint(['created_by_id'], ['users.id'], name=op.f('fk_tickets_created_by_id_users')),
    sa.ForeignKeyConstraint(['department_id'], ['departments.id'], name=op.f('fk_tickets_department_id_departments')),
    sa.ForeignKeyConstraint(['merged_into_id'], ['tickets.id'], name=op.f('fk_tickets_merged_into_id_tickets')),
    sa.ForeignKeyConstraint(['resolved_by_id'], ['users.id'], name=op.f('fk_tickets_resolved_by_id_users')),
    sa.ForeignKeyConstraint(['seller_id'], ['sellers.id'], name=op.f('fk_tickets_seller_id_sellers')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_tickets')),
    sa.UniqueConstraint('number', name=op.f('uq_tickets_number'))
    )
    with op.batch_alter_table('tickets', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_tickets_assignee_id'), ['assignee_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_tickets_category_id'), ['category_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_tickets_department_id'), ['department_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_tickets_opened_dt'), ['opened_dt'], unique=False)
        batch_op.create_index(batch_op.f('ix_tickets_seller_gem_id'), ['seller_gem_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_tickets_seller_id'), ['seller_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_tickets_state'), ['state'], unique=False)

    op.create_table('field_visits',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('ticket_id', sa.Integer(), nullable=False),
    sa.Column('visit_date', sa.Date(), nullable=False),
    sa.Column('district_id', sa.Integer(), nullable=True),
    sa.Column('office_id', sa.Integer(), nullable=True),
    sa.Column('place', sa.String(length=300), nullable=False),
    sa.Column('officer_id', sa.Integer(), nullable=False),
    sa.Column('purpose', sa.Text(), nullable=False),
    sa.Column('state', sa.Enum('planned', 'done', 'cancelled', name='field_visit_state', native_enum=False, create_constraint=True, length=32), nullable=False),
    sa.Column('outcome', sa.Text(), nullable=True),
    sa.Column('follow_up', sa.Text(), nullable=True),
    sa.Column('created_by_id', sa.Integer(), nullable=False),
    sa.Column('created_dt', gemcell.core.db.UTCDateTime(), nullable=False),
    sa.Column('modified_dt', gemcell.core.db.UTCDateTime(), nullable=False),
    sa.ForeignKeyConstraint(['created_by_id'], ['users.id'], name=op.f('fk_field_visits_created_by_id_users')),
    sa.ForeignKeyConstraint(['district_id'], ['districts.id'], name=op.f('fk_field_visits_district_id_districts')),
    sa.ForeignKeyConstraint(['office_id'], ['offices.id'], name=op.f('fk_field_visits_office_id_offices')),
    sa.ForeignKeyConstraint(['officer_id'], ['users.id'], name=op.f('fk_field_visits_officer_id_users')),
    sa.ForeignKeyConstraint(['ticket_id'], ['tickets.id'], name=op.f('fk_field_visits_ticket_id_tickets')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_field_visits'))
    )
    with op.batch_alter_table('field_visits', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_field_visits_ticket_id'), ['ticket_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_field_visits_visit_date'), ['visit_date'], unique=False)

    op.create_table('helpdesk_notices',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('ticket_id', sa.Integer(), nullable=True),
    sa.Column('url', sa.String(length=200), nullable=True),
    sa.Column('message_hi', sa.Text(), nullable=False),
    sa.Column('message_en', sa.Text(), nullable=False),
    sa.Column('created_dt', gemcell.core.db.UTCDateTime(), nullable=False),
    sa.Column('read_dt', gemcell.core.db.UTCDateTime(), nullable=True),
    sa.Column('emailed_to', sa.String(length=200), nullable=True),
    sa.ForeignKeyConstraint(['ticket_id'], ['tickets.id'], name=op.f('fk_helpdesk_notices_ticket_id_tickets')),
    sa.ForeignKeyConstraint(['user_id'], ['users.id'], name=op.f('fk_helpdesk_notices_user_id_users')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_helpdesk_notices'))
    )
    with op.batch_alter_table('helpdesk_notices', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_helpdesk_notices_ticket_id'), ['ticket_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_helpdesk_notices_user_id'), ['user_id'], unique=False)

    op.create_table('knowledge_articles',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('title', sa.String(length=300), nullable=False),
    sa.Column('problem', sa.Text(), nullable=False),
    sa.Column('fix', sa.Text(), nullable=False),
    sa.Column('category_id', sa.Integer(), nullable=True),
    sa.Column('source_ticket_id', sa.Integer(), nullable=True),
    sa.Column('is_published', sa.Boolean(), nullable=False),
    sa.Column('created_by_id', sa.Integer(), nullable=False),
    sa.Column('created_dt', gemcell.core.db.UTCDateTime(), nullable=False),
    sa.Column('modified_dt', gemcell.core.db.UTCDateTime(), nullable=False),
    sa.ForeignKeyConstraint(['category_id'], ['ticket_categories.id'], name=op.f('fk_knowledge_articles_category_id_ticket_categories')),
    sa.ForeignKeyConstraint(['created_by_id'], ['users.id'], name=op.f('fk_knowledge_articles_created_by_id_users')),
    sa.ForeignKeyConstraint(['source_ticket_id'], ['tickets.id'], name=op.f('fk_knowledge_articles_source_ticket_id_tickets')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_knowledge_articles'))
    )
    with op.batch_alter_table('knowledge_articles', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_knowledge_articles_category_id'), ['category_id'], unique=False)

    op.create_table('ticket_events',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('ticket_id', sa.Integer(), nullable=False),
    sa.Column('from_state', sa.Enum('new', 'assigned', 'in_progress', 'waiting', 'resolved', 'closed', name='ticket_event_from', native_enum=False, create_constraint=True, length=32), nullable=True),
    sa.Column('to_state', sa.Enum('new', 'assigned', 'in_progress', 'waiting', 'resolved', 'closed', name='ticket_event_to', native_enum=False, create_constraint=True, length=32), nullable=False),
    sa.Column('waiting_on', sa.Enum('department', 'seller', 'gem', name='ticket_event_waiting_on', native_enum=False, create_constraint=True, length=32), nullable=True),
    sa.Column('user_id', sa.Integer(), nullable=True),
    sa.Column('created_dt', gemcell.core.db.UTCDateTime(), nullable=False),
    sa.Column('note', sa.Text(), nullable=True),
    sa.ForeignKeyConstraint(['ticket_id'], ['tickets.id'], name=op.f('fk_ticket_events_ticket_id_tickets'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['user_id'], ['users.id'], name=op.f('fk_ticket_events_user_id_users')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_ticket_events'))
    )
    with op.batch_alter_table('ticket_events', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_ticket_events_ticket_id'), ['ticket_id'], unique=False)

    op.create_table('ticket_messages',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('ticket_id', sa.Integer(), nullable=False),
    sa.Column('kind', sa.Enum('reply', 'note', name='ticket_message_kind', native_enum=False, create_constraint=True, length=32), nullable=False),
    sa.Column('author_id', sa.Integer(), nullable=True),
    sa.Column('body', sa.Text(), nullable=False),
    sa.Column('created_dt', gemcell.core.db.UTCDateTime(), nullable=False),
    sa.Column('merged_from', sa.String(length=30), nullable=True),
    sa.ForeignKeyConstraint(['author_id'], ['users.id'], name=op.f('fk_ticket_messages_author_id_users')),
    sa.ForeignKeyConstraint(['ticket_id'], ['tickets.id'], name=op.f('fk_ticket_messages_ticket_id_tickets')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_ticket_messages'))
    )
    with op.batch_alter_table('ticket_messages', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_ticket_messages_ticket_id'), ['ticket_id'], unique=False)

    op.create_table('ticket_pauses',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('ticket_id', sa.Integer(), nullable=False),
    sa.Column('reason', sa.Enum('waiting', 'resolved', 'closed', name='ticket_pause_reason', native_enum=False, create_constraint=True, length=32), nullable=False),
    sa.Column('waiting_on', sa.Enum('department', 'seller', 'gem', name='ticket_pause_waiting_on', native_enum=False, create_constraint=True, length=32), nullable=True),
    sa.Column('start_dt', gemcell.core.db.UTCDateTime(), nullable=False),
    sa.Column('end_dt', gemcell.core.db.UTCDateTime(), nullable=True),
    sa.ForeignKeyConstraint(['ticket_id'], ['tickets.id'], name=op.f('fk_ticket_pauses_ticket_id_tickets'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_ticket_pauses'))
    )
    with op.batch_alter_table('ticket_pauses', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_ticket_pauses_ticket_id'), ['ticket_id'], unique=False)

    op.create_table('ticket_references',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('ticket_id', sa.Integer(), nullable=False),
    sa.Column('kind', sa.Enum('bid', 'ra', 'order', name='ticket_reference_kind', native_enum=False, create_constraint=True, length=32), nullable=False),
    sa.Column('number', sa.String(length=60), nullable=False),
    sa.Column('bid_id', sa.Integer(), nullable=True),
    sa.Column('order_id', sa.Integer(), nullable=True),
    sa.ForeignKeyConstraint(['bid_id'], ['bids.id'], name=op.f('fk_ticket_references_bid_id_bids')),
    sa.ForeignKeyConstraint(['order_id'], ['orders.id'], name=op.f('fk_ticket_references_order_id_orders')),
    sa.ForeignKeyConstraint(['ticket_id'], ['tickets.id'], name=op.f('fk_ticket_references_ticket_id_tickets'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_ticket_references')),
    sa.UniqueConstraint('ticket_id', 'number', name=op.f('uq_ticket_references_ticket_id_number'))
    )
    with op.batch_alter_table('ticket_references', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_ticket_references_bid_id'), ['bid_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_ticket_references_order_id'), ['order_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_ticket_references_ticket_id'), ['ticket_id'], unique=False)

    op.create_table('ticket_attachments',
    sa.Column('message_id', sa.Integer(), nullable=False),
    sa.Column('attachment_id', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['attachment_id'], ['attachments.id'], name=op.f('fk_ticket_attachments_attachment_id_attachments')),
    sa.ForeignKeyConstraint(['message_id'], ['ticket_messages.id'], name=op.f('fk_ticket_attachments_message_id_ticket_messages'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('message_id', 'attachment_id', name=op.f('pk_ticket_attachments')),
    sa.UniqueConstraint('attachment_id', name=op.f('uq_ticket_attachments_attachment_id'))
    )

    categories = sa.table('ticket_categories', sa.column('code', sa.String), sa.column('name_hi', sa.String),
                          sa.column('name_en', sa.String), sa.column('is_active', sa.Boolean),
                          sa.column('position', sa.Integer), sa.column('sla_urgent_hours', sa.Integer),
                          sa.column('sla_high_hours', sa.Integer), sa.column('sla_normal_hours', sa.Integer),
                          sa.column('sla_low_hours', sa.Integer), sa.column('created_dt', sa.DateTime),
                          sa.column('modified_dt', sa.DateTime))
    now = datetime.now(timezone.utc).replace(tzinfo=None)
    op.bulk_insert(categories, [
        {'code': code, 'name_hi': hi, 'name_en': en, 'is_active': True, 'position': (i + 1) * 10,
         'sla_urgent_hours': hours[0], 'sla_high_hours': hours[1], 'sla_normal_hours': hours[2],
         'sla_low_hours': hours[3], 'created_dt': now, 'modified_dt': now}
        for i, (code, hi, en, hours) in enumerate(DEFAULT_CATEGORIES)])
    days = sa.table('helpdesk_calendar_days', sa.column('day', sa.Date), sa.column('is_holiday', sa.Boolean),
                    sa.column('name_hi', sa.String), sa.column('name_en', sa.String))
    op.bulk_insert(days, [{'day': day, 'is_holiday': True, 'name_hi': hi, 'name_en': en}
                          for day, hi, en in DEFAULT_HOLIDAYS])


#: as ``gemcell.helpdesk.operations`` ships them (copied: a migration does not import the app)
DEFAULT_CATEGORIES = [
    ('registration', 'पंजीकरण (क्रेता / विक्रेता)', 'Registration (buyer / seller)', (8, 16, 24, 40)),
    ('bid_creation', 'निविदा (बिड) सृजन', 'Bid creation', (4, 8, 16, 40)),
    ('bid_evaluation', 'निविदा मूल्यांकन', 'Bid evaluation', (4, 8, 16, 40)),
    ('order', 'आदेश / संविदा', 'Order / contract', (4, 8, 16, 40)),
    ('crac_invoice', 'सी0आर0ए0सी0 / इनवॉइस', 'CRAC / invoice', (4, 8, 16, 40)),
    ('payment', 'भुगतान', 'Payment', (4, 8, 16, 40)),
    ('account_role', 'खाता / भूमिका (रोल)', 'Account / role', (4, 8, 16, 24)),
    ('other', 'अन्य', 'Other', (8, 16, 24, 40)),
]
DEFAULT_HOLIDAYS = [
    (date(2026, 1, 26), 'गणतन्त्र दिवस', 'Republic Day'),
    (date(2026, 3, 3), 'होलिका दहन', 'Holika Dahan'),
    (date(2026, 3, 4), 'होली', 'Holi'),
    (date(2026, 3, 20), 'ईद-उल-फितर', 'Id-ul-Fitr'),
    (date(2026, 3, 26), 'राम नवमी', 'Ram Navami'),
    (date(2026, 3, 31), 'महावीर जयन्ती', 'Mahavir Jayanti'),
    (date(2026, 4, 3), 'गुड फ्राइडे', 'Good Friday'),
    (date(2026, 4, 14), 'डॉ0 भीमराव अम्बेडकर जयन्ती', 'Dr. B. R. Ambedkar Jayanti'),
    (date(2026, 5, 1), 'बुद्ध पूर्णिमा', 'Buddha Purnima'),
    (date(2026, 5, 27), 'ईद-उल-जुहा (बकरीद)', 'Id-ul-Zuha (Bakrid)'),
    (date(2026, 6, 26), 'मुहर्रम', 'Muharram'),
    (date(2026, 8, 26), 'ईद-ए-मिलाद / बारावफात', 'Id-e-Milad / Barawafat'),
    (date(2026, 8, 28), 'रक्षा बन्धन', 'Raksha Bandhan'),
    (date(2026, 9, 4), 'जन्माष्टमी', 'Janmashtami'),
    (date(2026, 10, 2), 'महात्मा गांधी जयन्ती', 'Mahatma Gandhi Jayanti'),
    (date(2026, 10, 20), 'दशहरा (विजयादशमी)', 'Dussehra (Vijayadashami)'),
    (date(2026, 11, 9), 'गोवर्धन पूजा', 'Govardhan Puja'),
    (date(2026, 11, 11), 'भैया दूज / चित्रगुप्त जयन्ती', 'Bhai Dooj / Chitragupta Jayanti'),
    (date(2026, 11, 24), 'गुरु नानक जयन्ती', 'Guru Nanak Jayanti'),
    (date(2026, 12, 25), 'क्रिसमस दिवस', 'Christmas Day'),
]


def downgrade():
    op.drop_table('ticket_attachments')
    with op.batch_alter_table('ticket_references', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_ticket_references_ticket_id'))
        batch_op.drop_index(batch_op.f('ix_ticket_references_order_id'))
        batch_op.drop_index(batch_op.f('ix_ticket_references_bid_id'))

    op.drop_table('ticket_references')
    with op.batch_alter_table('ticket_pauses', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_ticket_pauses_ticket_id'))

    op.drop_table('ticket_pauses')
    with op.batch_alter_table('ticket_messages', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_ticket_messages_ticket_id'))

    op.drop_table('ticket_messages')
    with op.batch_alter_table('ticket_events', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_ticket_events_ticket_id'))

    op.drop_table('ticket_events')
    with op.batch_alter_table('knowledge_articles', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_knowledge_articles_category_id'))

    op.drop_table('knowledge_articles')
    with op.batch_alter_table('helpdesk_notices', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_helpdesk_notices_user_id'))
        batch_op.drop_index(batch_op.f('ix_helpdesk_notices_ticket_id'))

    op.drop_table('helpdesk_notices')
    with op.batch_alter_table('field_visits', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_field_visits_visit_date'))
        batch_op.drop_index(batch_op.f('ix_field_visits_ticket_id'))

    op.drop_table('field_visits')
    with op.batch_alter_table('tickets', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_tickets_state'))
        batch_op.drop_index(batch_op.f('ix_tickets_seller_id'))
        batch_op.drop_index(batch_op.f('ix_tickets_seller_gem_id'))
        batch_op.drop_index(batch_op.f('ix_tickets_opened_dt'))
        batch_op.drop_index(batch_op.f('ix_tickets_department_id'))
        batch_op.drop_index(batch_op.f('ix_tickets_category_id'))
        batch_op.drop_index(batch_op.f('ix_tickets_assignee_id'))

    op.drop_table('tickets')
    with op.batch_alter_table('meeting_action_points', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_meeting_action_points_meeting_id'))
        batch_op.drop_index(batch_op.f('ix_meeting_action_points_due_date'))
        batch_op.drop_index(batch_op.f('ix_meeting_action_points_compliance'))

    op.drop_table('meeting_action_points')
    with op.batch_alter_table('meetings', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_meetings_meeting_date'))
        batch_op.drop_index(batch_op.f('ix_meetings_department_id'))

    op.drop_table('meetings')
    op.drop_table('ticket_categories')
    op.drop_table('helpdesk_calendar_days')
