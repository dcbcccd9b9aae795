"""Home = my work: what awaits the signed-in user, counted, newest urgency first.

Each entry asks one module's data through that module's own scope; a duty module that lands adds its entries here.
"""
from dataclasses import dataclass

import sqlalchemy as sa
from flask import url_for
from flask_babel import lazy_gettext as _l

from gemcell.core.permissions import Permission, has_permission
from gemcell.core.scoping import visible
from gemcell.directory.models import Department
from gemcell.documents.models import Document, DocumentState
from gemcell.documents.queries import visible_documents
from gemcell.extensions import db
from gemcell.gemdata.models import Bid, DepartmentAlias, ImportBatch, ImportState, Order


@dataclass
class WorkItem:
    title: str
    count: int
    url: str
    #: needs action (shown first and marked), as opposed to a figure for orientation
    is_action: bool = False


def _count(stmt) -> int:
    return db.session.scalar(sa.select(sa.func.count()).select_from(stmt.subquery())) or 0


def work_items(user) -> list[WorkItem]:
    items = []
    if has_permission(user, Permission.ISSUE_DOCUMENTS):
        items.append(WorkItem(_l('Drafts awaiting your approval'), _count(
            visible_documents(user).where(Document.state == DocumentState.draft)),
            url_for('documents.list', state=DocumentState.draft.value), True))
        items.append(WorkItem(_l('Approved documents to issue'), _count(
            visible_documents(user).where(Document.state == DocumentState.approved)),
            url_for('documents.list', state=DocumentState.approved.value), True))
    elif has_permission(user, Permission.REVIEW):
        items.append(WorkItem(_l('Your drafts'), _count(
            visible_documents(user).where(Document.state == DocumentState.draft, Document.created_by_id == user.id)),
            url_for('documents.list', state=DocumentState.draft.value), True))
    items.extend(_scrutiny_items(user))
    items.extend(_returns_items(user))
    if has_permission(user, Permission.MANAGE_IMPORTS):
        items.append(WorkItem(_l('Department names to map'), _count(
            sa.select(DepartmentAlias.id).where(DepartmentAlias.department_id.is_(None))),
            url_for('gemdata.aliases'), True))
        items.append(WorkItem(_l('Imports running'), _count(
            sa.select(ImportBatch.id).where(ImportBatch.state == ImportState.running)), url_for('gemdata.imports')))
    if has_permission(user, Permission.VIEW_DOCUMENTS) and not has_permission(user, Permission.REVIEW):
        items.append(WorkItem(_l('Issued documents'), _count(
            visible_documents(user).where(Document.state == DocumentState.issued)), url_for('documents.list')))
    items.append(WorkItem(_l('Bids'), _count(visible(Bid, user, sa.select(Bid.id))), url_for('gemdata.bids')))
    items.append(WorkItem(_l('Orders'), _count(visible(Order, user, sa.select(Order.id))), url_for('gemdata.orders')))
    items.append(WorkItem(_l('Departments'), _count(visible(Department, user, sa.select(Department.id))),
                          url_for('directory.list')))
    return sorted(items, key=lambda item: not (item.is_action and item.count))


def _scrutiny_items(user) -> list[WorkItem]:
    """Findings to review, deviations first, and disqualifications awaiting a verdict (the cell); the open findings
    on the department's bids (a nodal officer, to read)."""
    from gemcell.scrutiny import queries as scrutiny
    from gemcell.scrutiny.models import Severity
    if has_permission(user, Permission.REVIEW):
        return [
            WorkItem(_l('Deviations to review'), scrutiny.count_open_findings(user, Severity.deviation),
                     url_for('scrutiny.findings', state='open', severity=Severity.deviation.value), True),
            WorkItem(_l('Findings to review'), scrutiny.count_open_findings(user),
                     url_for('scrutiny.findings', state='open', sort='-severity'), True),
            WorkItem(_l('Disqualifications awaiting a verdict'), scrutiny.count_pending_verdicts(user),
                     url_for('scrutiny.disqualifications', verdict='pending'), True),
        ]
    if has_permission(user, Permission.VIEW_FINDINGS) and not has_permission(user, Permission.VIEW_ALL_DEPARTMENTS):
        return [WorkItem(_l('Open findings on your department’s bids'), scrutiny.count_open_findings(user),
                         url_for('scrutiny.findings', state='open'))]
    return []


def _returns_items(user) -> list[WorkItem]:
    """A nodal officer: the fortnightly returns to file (the oldest due date first, marked when overdue) and those
    sent back for correction; the cell: submitted returns awaiting review."""
    from flask_babel import gettext as _

    from gemcell.core.i18n import format_date
    from gemcell.returns import queries as returns
    if has_permission(user, Permission.REVIEW):
        return [WorkItem(_l('Returns awaiting review'), returns.count_awaiting_review(user),
                         url_for('returns.list', state='submitted', sort='period'), True)]
    if not has_permission(user, Permission.FILE_RETURNS) or user.department_id is None:
        return []
    items = []
    due = returns.due_for(user)
    sent_back = [ret for _period, ret in due if ret is not None and ret.state.value == 'returned']
    to_file = [(period, ret) for period, ret in due if ret is None or ret.state.value != 'returned']
    if to_file:
        period, ret = to_file[0]
        due_date = ret.due_date if ret is not None else period.due_date()
        if due_date < returns.today():
            title = _('Fortnightly returns to file — overdue since %(date)s (%(period)s)', date=format_date(due_date),
                      period=period.label)
        else:
            title = _('Fortnightly return to file — due by %(date)s (%(period)s)', date=format_date(due_date),
                      period=period.label)
        items.append(WorkItem(title, len(to_file), url_for('returns.list'), True))
    items.append(WorkItem(_l('Returns sent back for correction'), len(sent_back), url_for('returns.list',
                                                                                          state='returned'), True))
    from gemcell.returns.models import ReturnKind
    monthly = [(period, ret) for period, ret in returns.due_for(user, kind=ReturnKind.monthly)
               if ret is None or ret.state.value != 'returned']
    if monthly:
        period, ret = monthly[0]
        due_date = ret.due_date if ret is not None else period.due_date()
        title = _('Monthly procurement return to file — due by %(date)s (%(period)s)', date=format_date(due_date),
                  period=period.label)
        items.append(WorkItem(title, len(monthly), url_for('returns.list', kind='monthly'), True))
    return items
