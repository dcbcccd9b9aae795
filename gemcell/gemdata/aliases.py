"""Department names as the sources write them, mapped once to gemcell's departments.

``alias_key`` is the one normalisation used everywhere a name is matched. ``map_alias`` links every bid and order
that carries the name, in the caller's transaction.
"""
import re
import unicodedata

import sqlalchemy as sa

from gemcell.core.audit import AuditAction, append_entries
from gemcell.directory.models import Department
from gemcell.extensions import db
from gemcell.gemdata.models import Bid, DepartmentAlias, Order

_SPACES = re.compile(r'\s+')


def alias_key(name: str) -> str:
    """'Medical Health and Family Welfare Department  Uttar Pradesh' -> 'medical health and family welfare
    department uttar pradesh' (NFC, case-folded, spaces collapsed, surrounding punctuation dropped)."""
    text = unicodedata.normalize('NFC', name)
    return _SPACES.sub(' ', text).strip(' .,;:-').casefold()[:500]


def map_alias(alias: DepartmentAlias, department: Department | None) -> int:
    """Map ``alias`` to ``department`` (``None`` unmaps it) and relink every bid and order carrying the name.

    Returns how many records were relinked. The relinking is one UPDATE per table, recorded in the audit trail as
    one entry per table with the number of rows.
    """
    alias.department = department
    db.session.flush()
    relinked = 0
    for model in (Bid, Order):
        result = db.session.execute(sa.update(model).where(model.buyer_department_key == alias.key)
                                    .values(buyer_department_id=department.id if department else None)
                                    .execution_options(synchronize_session=False))
        if result.rowcount:
            append_entries(db.session, [(AuditAction.update, model.__tablename__, f'alias:{alias.id}',
                                         {'buyer_department_id': [None, department.id if department else None],
                                          'rows': [None, result.rowcount]})])
        relinked += result.rowcount
    return relinked
