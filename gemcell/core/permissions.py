"""Roles, permissions and the role -> permission map: the one place that says who may do what."""
import enum

from flask_babel import lazy_gettext as _l


class Role(enum.Enum):
    nodal = 'nodal'
    reviewer = 'reviewer'
    cell_head = 'cell_head'
    government = 'government'
    admin = 'admin'

    @property
    def title(self):
        return ROLE_TITLES[self]


ROLE_TITLES = {
    Role.nodal: _l('Nodal officer'),
    Role.reviewer: _l('Reviewer'),
    Role.cell_head: _l('In-charge, GeM Cell'),
    Role.government: _l('Government (Administration)'),
    Role.admin: _l('System administrator'),
}


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
    VIEW_CASES = 'view_cases'                # debarment / blacklisting cases and the registers (cell, Government)
    DECIDE_CASES = 'decide_cases'            # record Government's order on a referred case (or drop it)


ROLE_PERMISSIONS: dict[Role, frozenset[Permission]] = {
    Role.nodal: frozenset({Permission.VIEW_DIRECTORY, Permission.FILE_RETURNS, Permission.VIEW_DOCUMENTS,
                           Permission.VIEW_FINDINGS}),
    Role.reviewer: frozenset({Permission.VIEW_DIRECTORY, Permission.VIEW_ALL_DEPARTMENTS, Permission.REVIEW,
                              Permission.MANAGE_IMPORTS, Permission.VIEW_DOCUMENTS, Permission.VIEW_FINDINGS,
                              Permission.VIEW_CASES}),
    Role.cell_head: frozenset({Permission.VIEW_DIRECTORY, Permission.VIEW_ALL_DEPARTMENTS, Permission.REVIEW,
                               Permission.ISSUE_DOCUMENTS, Permission.MANAGE_IMPORTS, Permission.VIEW_DOCUMENTS,
                               Permission.VIEW_FINDINGS, Permission.VIEW_CASES, Permission.DECIDE_CASES}),
    Role.government: frozenset({Permission.VIEW_DIRECTORY, Permission.VIEW_ALL_DEPARTMENTS, Permission.VIEW_DOCUMENTS,
                                Permission.VIEW_FINDINGS, Permission.VIEW_CASES}),
    Role.admin: frozenset({Permission.VIEW_DIRECTORY, Permission.VIEW_ALL_DEPARTMENTS, Permission.MANAGE_DIRECTORY,
                           Permission.MANAGE_USERS, Permission.VIEW_AUDIT, Permission.MANAGE_IMPORTS,
                           Permission.MANAGE_THRESHOLDS}),
}


def has_permission(user, permission: Permission | str) -> bool:
    """Whether ``user`` holds ``permission``. An unknown permission name raises ``ValueError``."""
    if not isinstance(permission, Permission):
        permission = Permission(permission)  # raises on a name that does not exist
    if user is None or not getattr(user, 'is_authenticated', False) or not user.is_active:
        return False
    return permission in ROLE_PERMISSIONS[user.role]
