"""Home = my work: what awaits the signed-in user, counted, newest urgency first.

Each entry asks one module's data through that module's own scope; a duty module that lands adds its entries here.
"""
from dataclasses import dataclass

import sqlalchemy as sa
from flask import url_for
from flask_babel import lazy_gettext as _l

from gemcell.core import memo
from gemcell.core.permissions import Permission, has_permission
from gemcell.core.scoping import scope_key, visible
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
    items.extend(_helpdesk_items(user))
    items.extend(_directions_items(user))
    items.extend(_payments_items(user))
    items.extend(_cases_items(user))
    if has_permission(user, Permission.MANAGE_IMPORTS):
        items.append(WorkItem(_l('Department names to map'), _count(
            sa.select(DepartmentAlias.id).where(DepartmentAlias.department_id.is_(None))),
            url_for('gemdata.aliases'), True))
        items.append(WorkItem(_l('Imports running'), _count(
            sa.select(ImportBatch.id).where(ImportBatch.state == ImportState.running)), url_for('gemdata.imports')))
    if has_permission(user, Permission.VIEW_DOCUMENTS) and not has_permission(user, Permission.REVIEW):
        items.append(WorkItem(_l('Issued documents'), _count(
            visible_documents(user).where(Document.state == DocumentState.issued)), url_for('documents.list')))
    # a million orders are not counted on every visit: the counts are kept while no bid or order is added or changed
    bids, orders = memo.remembered('home.mirror_counts', (scope_key(Order, user),), [Bid, Order], lambda: (
        _count(visible(Bid, user, sa.select(Bid.id))), _count(visible(Order, user, sa.select(Order.id)))))
    items.append(WorkItem(_l('Bids'), bids, url_for('gemdata.bids')))
    items.append(WorkItem(_l('Orders'), orders, url_for('gemdata.orders')))
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


def _helpdesk_items(user) -> list[WorkItem]:
    """The cell: tickets assigned to the user, new tickets nobody has taken, escalated tickets (the In-charge),
    the cell's overdue action points of meetings; a nodal officer: the department's open tickets, resolved ones to
    confirm or reopen, the department's overdue action points; anyone: unread helpdesk notices."""
    from gemcell.helpdesk import queries as helpdesk
    from gemcell.helpdesk.models import OPEN_STATES, Ticket, TicketState
    from gemcell.meetings import queries as meetings
    from gemcell.meetings.models import OwnerKind
    items = []
    notices = len(helpdesk.unread_notices(user))
    if notices:
        items.append(WorkItem(_l('Helpdesk notices'), notices, url_for('helpdesk.list'), True))
    if has_permission(user, Permission.REVIEW):
        items.append(WorkItem(_l('Tickets assigned to you'), helpdesk.count_open(user, assignee_id=user.id),
                              url_for('helpdesk.list', state='open', assignee=user.id), True))
        items.append(WorkItem(_l('New tickets not yet assigned'), helpdesk.count_open(user, state=TicketState.new),
                              url_for('helpdesk.list', state='new'), True))
        if has_permission(user, Permission.ISSUE_DOCUMENTS):
            items.append(WorkItem(_l('Open tickets escalated (SLA breached)'), _count(
                visible(Ticket, user, sa.select(Ticket.id)).where(Ticket.state.in_(OPEN_STATES),
                                                                   Ticket.escalated_dt.is_not(None))),
                url_for('helpdesk.list', state='open', escalated='1'), True))
        items.append(WorkItem(_l('Action points of meetings overdue (the cell’s)'), meetings.count_open_points(
            user, helpdesk.today(), overdue_only=True, owner=OwnerKind.cell),
            url_for('meetings.points', state='open', owner='cell', sort='due'), True))
    elif has_permission(user, Permission.RAISE_TICKETS):
        items.append(WorkItem(_l('Resolved tickets to confirm or reopen'),
                              helpdesk.count_resolved_awaiting_confirmation(user),
                              url_for('helpdesk.list', state='resolved'), True))
        items.append(WorkItem(_l('Your department’s open tickets'), helpdesk.count_open(user),
                              url_for('helpdesk.list', state='open')))
        items.append(WorkItem(_l('Action points of meetings overdue'), meetings.count_open_points(
            user, helpdesk.today(), overdue_only=True, owner=OwnerKind.department),
            url_for('meetings.points', state='open', owner='department', sort='due'), True))
    return items
def _directions_items(user) -> list[WorkItem]:
    """A nodal officer: the directions to answer (the earliest due date, marked when overdue); the cell: reports to
    class, departments overdue (on the cell's dashboard), Government's directions the cell must report on, and the
    opinions asked."""
    from flask_babel import gettext as _

    from gemcell.core.i18n import format_date
    from gemcell.directives import queries as directions
    if not has_permission(user, Permission.VIEW_DIRECTIONS):
        return []
    day = directions.today()
    if has_permission(user, Permission.REVIEW):
        overdue = directions.overdue_addressees(day)
        own = directions.open_addressees(None)
        items = [WorkItem(_l('Action-taken reports to class'), directions.reports_to_class(),
                          url_for('directives.list', state='issued'), True),
                 WorkItem(_l('Directions overdue with departments'), len([a for a in overdue if a.department_id]),
                          url_for('directives.register', _anchor='overdue'), True),
                 WorkItem(_l('Government’s directions to report on'), len(own),
                          url_for('directives.list', kind='government', state='issued'), True)]
        if _has('opinions'):
            from gemcell.opinions import queries as opinions
            items.append(WorkItem(_l('Opinions asked, to answer'), opinions.count_to_answer(),
                                  url_for('opinions.list', state='asked'), True))
        return items
    if not has_permission(user, Permission.ANSWER_DIRECTIONS) or user.department_id is None:
        return []
    due = directions.open_addressees(user.department_id)
    if not due:
        return [WorkItem(_l('Directions to answer'), 0, url_for('directives.list'), True)]
    first = due[0].direction.due_date
    if first < day:
        title = _('Directions to answer — overdue since %(date)s', date=format_date(first))
    else:
        title = _('Directions to answer — the next due by %(date)s', date=format_date(first))
    return [WorkItem(title, len(due), url_for('directives.list'), True)]


def _has(blueprint: str) -> bool:
    from flask import current_app
    return blueprint in current_app.blueprints
def _payments_items(user) -> list[WorkItem]:
    """A nodal officer: the department's orders whose payment is overdue, to pay or to explain in the payment
    status return. (The cell reads the State's figures on the payments dashboard, not on every home page.)"""
    from gemcell.payments import queries as payments
    if not has_permission(user, Permission.REPORT_PAYMENTS) or user.department_id is None:
        return []
    overdue, unexplained = payments.overdue_counts(user, user.department_id)
    return [WorkItem(_l('Orders overdue for payment, not yet explained'), unexplained,
                     url_for('payments.status'), True),
            WorkItem(_l('Orders overdue for payment'), overdue,
                     url_for('payments.department', department_id=user.department_id))]
def _cases_items(user) -> list[WorkItem]:
    """Debarment / blacklisting cases (duty 12): the cell's open cases and unanswered show-cause notices; the
    In-charge's and Government's cases referred to Government awaiting its order."""
    from gemcell.cases import queries as cases
    from gemcell.cases.models import OPEN_STATES, CaseState
    if not has_permission(user, Permission.VIEW_CASES):
        return []
    items = []
    if has_permission(user, Permission.REVIEW):
        items.append(WorkItem(_l('Open debarment / blacklisting cases'), cases.count_cases(OPEN_STATES),
                              url_for('cases.list', state='open'), True))
        items.append(WorkItem(_l('Show-cause replies overdue'), cases.count_replies_overdue(cases.today()),
                              url_for('cases.list', state=CaseState.show_cause_issued.value, sort='due'), True))
    items.append(WorkItem(_l('Cases referred to Government awaiting its order'),
                          cases.count_cases([CaseState.referred]),
                          url_for('cases.list', state=CaseState.referred.value),
                          has_permission(user, Permission.DECIDE_CASES)))
    return items
