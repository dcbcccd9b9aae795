"""documents: addressed to several departments; sent back to draft with a remark

A document is now addressed to any number of departments (duty 13: a direction to one or many departments): the
new association table document_departments holds one row per (document, department) pair, unique by its primary
key, and the nodal officers of every department in it may read the issued document. It replaces the single
documents.department_id: each document's department is copied into the new table, then the column is dropped (one
place says who a document is addressed to). The downgrade puts one department back per document, the lowest id,
and loses the others of a document addressed to several.

documents also records the last time the In-charge sent an approved document back to draft: by whom, when and the
remark saying why (reopened_by_id, reopened_dt, reopen_remark; the audit trail keeps every time).

Revision ID: b216a1bcfc1e
Revises: 3e7ee9c636d6
Create Date: 2026-11-26 08:13:31.177332+00:00

"""
from alembic import op
import sqlalchemy as sa

import gemcell.core.db  # noqa: F401 (UTCDateTime in column types)


# revision identifiers, used by Alembic.
revision = 'b216a1bcfc1e'
down_revision = '3e7ee9c636d6'
branch_labels = None
depends_on = None


def set_aside_corrections():
    """SQLite alters documents by rebuilding it: a copy, then DROP TABLE of the old one. With foreign keys on, that
    DROP fails while rows of another table, the copy among them (supersedes_id), refer to the old rows. So a
    correction's link to the document it corrects is set aside for the rebuild and put back after it; the
    association gets its foreign key to documents only after the rebuild. (PostgreSQL alters in place.)"""
    if op.get_bind().dialect.name != 'sqlite':
        return False
    op.execute('CREATE TABLE _document_corrections AS '
               'SELECT id, supersedes_id FROM documents WHERE supersedes_id IS NOT NULL')
    op.execute('UPDATE documents SET supersedes_id = NULL WHERE supersedes_id IS NOT NULL')
    return True


def put_back_corrections():
    op.execute('UPDATE documents SET supersedes_id = (SELECT c.supersedes_id FROM _document_corrections c '
               'WHERE c.id = documents.id) WHERE id IN (SELECT id FROM _document_corrections)')
    op.execute('DROP TABLE _document_corrections')


def upgrade():
    # the association, first without its foreign key to documents (see set_aside_corrections)
    op.create_table('document_departments',
    sa.Column('document_id', sa.Integer(), nullable=False),
    sa.Column('department_id', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['department_id'], ['departments.id'], name=op.f('fk_document_departments_department_id_departments')),
    sa.PrimaryKeyConstraint('document_id', 'department_id', name=op.f('pk_document_departments'))
    )
    with op.batch_alter_table('document_departments', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_document_departments_department_id'), ['department_id'], unique=False)

    # every document's one department becomes its row of the association (plain SQL: SQLite and PostgreSQL)
    op.execute('INSERT INTO document_departments (document_id, department_id) '
               'SELECT id, department_id FROM documents WHERE department_id IS NOT NULL')

    set_aside = set_aside_corrections()
    with op.batch_alter_table('documents', schema=None) as batch_op:
        batch_op.add_column(sa.Column('reopened_by_id', sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column('reopened_dt', gemcell.core.db.UTCDateTime(), nullable=True))
        batch_op.add_column(sa.Column('reopen_remark', sa.Text(), nullable=True))
        batch_op.drop_index(batch_op.f('ix_documents_department_id'))
        batch_op.drop_constraint(batch_op.f('fk_documents_department_id_departments'), type_='foreignkey')
        batch_op.create_foreign_key(batch_op.f('fk_documents_reopened_by_id_users'), 'users', ['reopened_by_id'], ['id'])
        batch_op.drop_column('department_id')
    if set_aside:
        put_back_corrections()

    with op.batch_alter_table('document_departments', schema=None) as batch_op:
        batch_op.create_foreign_key(batch_op.f('fk_document_departments_document_id_documents'), 'documents',
                                    ['document_id'], ['id'])


def downgrade():
    # the association's foreign key to documents goes first (see set_aside_corrections)
    with op.batch_alter_table('document_departments', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('fk_document_departments_document_id_documents'), type_='foreignkey')

    set_aside = set_aside_corrections()
    with op.batch_alter_table('documents', schema=None) as batch_op:
        batch_op.add_column(sa.Column('department_id', sa.INTEGER(), nullable=True))
        batch_op.drop_constraint(batch_op.f('fk_documents_reopened_by_id_users'), type_='foreignkey')
        batch_op.create_foreign_key(batch_op.f('fk_documents_department_id_departments'), 'departments', ['department_id'], ['id'])
        batch_op.create_index(batch_op.f('ix_documents_department_id'), ['department_id'], unique=False)
        batch_op.drop_column('reopen_remark')
        batch_op.drop_column('reopened_dt')
        batch_op.drop_column('reopened_by_id')
    if set_aside:
        put_back_corrections()

    # one department per document again: the lowest id of those it is addressed to
    op.execute('UPDATE documents SET department_id = (SELECT MIN(dd.department_id) FROM document_departments dd '
               'WHERE dd.document_id = documents.id)')

    with op.batch_alter_table('document_departments', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_document_departments_department_id'))

    op.drop_table('document_departments')
