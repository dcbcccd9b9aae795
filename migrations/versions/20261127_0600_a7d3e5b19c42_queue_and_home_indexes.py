"""indexes for the review queue and the home pages at State scale: open findings by severity (the queue's count and
page without reading each finding), a department's findings by state, bids by source and publication (the mirror's
lists), and the latest change of bids and bidders (the home pages' counts kept while unchanged)

Revision ID: a7d3e5b19c42
Revises: fb45ab2e7641
Create Date: 2026-11-27 06:00:00.000000+00:00

"""
from alembic import op


# revision identifiers, used by Alembic.
revision = 'a7d3e5b19c42'
down_revision = 'fb45ab2e7641'
branch_labels = None
depends_on = None

#: (table, index, columns, the index it replaces: its columns lead the new one's)
INDEXES = [
    ('findings', 'ix_findings_state_severity', ['state', 'severity', 'id'], ('ix_findings_state', ['state'])),
    ('findings', 'ix_findings_department_state', ['department_id', 'state'],
     ('ix_findings_department_id', ['department_id'])),
    ('bids', 'ix_bids_source_published', ['source', 'published_dt'], None),
    ('bids', 'ix_bids_modified_dt', ['modified_dt'], None),
    ('bidders', 'ix_bidders_modified_dt', ['modified_dt'], None),
]


def upgrade():
    for table, name, columns, replaced in INDEXES:
        with op.batch_alter_table(table, schema=None) as batch_op:
            batch_op.create_index(name, columns, unique=False)
            if replaced:
                batch_op.drop_index(replaced[0])


def downgrade():
    for table, name, _columns, replaced in reversed(INDEXES):
        with op.batch_alter_table(table, schema=None) as batch_op:
            if replaced:
                batch_op.create_index(replaced[0], replaced[1], unique=False)
            batch_op.drop_index(name)
