"""Writes of the data mirror's pages (the importers write through their own engine). Flush, never commit."""
from gemcell.directory.models import Department
from gemcell.extensions import db
from gemcell.gemdata.aliases import map_alias
from gemcell.gemdata.models import DepartmentAlias


def map_department_alias(alias: DepartmentAlias, department: Department | None) -> int:
    """Map the imported name ``alias`` to ``department`` (``None``: unmap it) and relink every bid and order that
    carries it. Returns how many records were relinked; the mapping and the relinking are in the audit trail."""
    relinked = map_alias(alias, department)
    db.session.flush()
    return relinked
