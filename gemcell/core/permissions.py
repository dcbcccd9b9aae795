"""Roles, permissions and the role -> permission map: the one place that says who may do what."""
import enum

from flask_babel import lazy_gettext as _l

from gemcell.core.db import TitledEnum, titled


class Role(TitledEnum):
    nodal = 'nodal'
    reviewer = 'reviewer'
    cell_head = 'cell_head'
    government = 'government'
    admin = 'admin'


ROLE_TITLES = {
    Role.nodal: _l('Nodal officer'),
    Role.reviewer: _l('Reviewer'),
    Role.cell_head: _l('In-charge, GeM Cell'),
    Role.government: _l('Government (Administration)'),
    Role.admin: _l('System administrator'),
}
titled(ROLE_TITLES)


class Permission(enum.Enum):
    VIEW_DIRECTORY = 'view_directory'        # departments and offices (a nodal officer: only their own)
    MANAGE_DIRECTORY = 'manage_directory'    # create and edit departments and offices
    MANAGE_USERS = 'manage_users'            # create users, set roles, unlock
    VIEW_AUDIT = 'view_audit'                # read and verify the audit trail
    VIEW_ALL_DEPARTMENTS = 'view_all_departments'  # see every department's data (not department-scoped)
    REVIEW = 'review'                        # cell-side work: scrutiny, tickets, drafts
    ISSUE_DOCUMENTS = 'issue_documents'      # approve, number and sign outgoing documents
    VIEW_DOCUMENTS = 'view_documents'        # the document register (a nodal officer: issued ones to their department)
    FILE_RETURNS = 'file_returns'            # a department's own returns and replies
    MANAGE_IMPORTS = 'manage_imports'        # import history, and mapping imported department names
    VIEW_FINDINGS = 'view_findings'          # scrutiny findings (a nodal officer: their department's, read-only)
    MANAGE_THRESHOLDS = 'manage_thresholds'  # add versions of the scrutiny rules' thresholds
    VIEW_TICKETS = 'view_tickets'            # the helpdesk's tickets (a nodal officer: their department's)
    RAISE_TICKETS = 'raise_tickets'          # raise and follow the department's own tickets
    MANAGE_HELPDESK = 'manage_helpdesk'      # ticket categories and SLA targets, the holiday calendar
    VIEW_MEETINGS = 'view_meetings'          # the meetings register (a nodal officer: their department's)
    VIEW_DIRECTIONS = 'view_directions'      # directions, opinions (a nodal officer: those of their department)
    ANSWER_DIRECTIONS = 'answer_directions'  # a department's action-taken reports; ask the cell for an opinion
    REPORT_PAYMENTS = 'report_payments'      # a department's payment status return (paid / reason for delay)
    VIEW_CASES = 'view_cases'                # debarment / blacklisting cases and the registers (cell, Government)
    DECIDE_CASES = 'decide_cases'            # record Government's order on a referred case (or drop it)


#: who holds each permission: one line per permission, so a new module adds its own lines
_NODAL, _REVIEWER, _HEAD, _GOVERNMENT, _ADMIN = Role.nodal, Role.reviewer, Role.cell_head, Role.government, Role.admin
_CELL = (_REVIEWER, _HEAD)
GRANTS: dict[Permission, tuple[Role, ...]] = {
    Permission.VIEW_DIRECTORY: (_NODAL, *_CELL, _GOVERNMENT, _ADMIN),
    Permission.MANAGE_DIRECTORY: (_ADMIN,),
    Permission.MANAGE_USERS: (_ADMIN,),
    Permission.VIEW_AUDIT: (_ADMIN,),
    Permission.VIEW_ALL_DEPARTMENTS: (*_CELL, _GOVERNMENT, _ADMIN),
    Permission.REVIEW: _CELL,
    Permission.ISSUE_DOCUMENTS: (_HEAD,),
    Permission.VIEW_DOCUMENTS: (_NODAL, *_CELL, _GOVERNMENT),
    Permission.FILE_RETURNS: (_NODAL,),
    Permission.MANAGE_IMPORTS: (*_CELL, _ADMIN),
    Permission.VIEW_FINDINGS: (_NODAL, *_CELL, _GOVERNMENT),
    Permission.MANAGE_THRESHOLDS: (_ADMIN,),
    Permission.VIEW_TICKETS: (_NODAL, *_CELL, _GOVERNMENT),
    Permission.RAISE_TICKETS: (_NODAL,),
    Permission.MANAGE_HELPDESK: (_ADMIN,),
    Permission.VIEW_MEETINGS: (_NODAL, *_CELL, _GOVERNMENT),
    Permission.VIEW_DIRECTIONS: (_NODAL, *_CELL, _GOVERNMENT),
    Permission.ANSWER_DIRECTIONS: (_NODAL,),
    Permission.REPORT_PAYMENTS: (_NODAL,),
    Permission.VIEW_CASES: (*_CELL, _GOVERNMENT),
    Permission.DECIDE_CASES: (_HEAD,),
}
ROLE_PERMISSIONS: dict[Role, frozenset[Permission]] = {
    role: frozenset(permission for permission, roles in GRANTS.items() if role in roles) for role in Role}


def has_permission(user, permission: Permission | str) -> bool:
    """Whether ``user`` holds ``permission``. An unknown permission name raises ``ValueError``."""
    if not isinstance(permission, Permission):
        permission = Permission(permission)  # raises on a name that does not exist
    if user is None or not getattr(user, 'is_authenticated', False) or not user.is_active:
        return False
    return permission in ROLE_PERMISSIONS[user.role]
