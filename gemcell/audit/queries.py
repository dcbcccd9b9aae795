import sqlalchemy as sa

from gemcell.core.audit import AuditAction, AuditEntry
from gemcell.core.listing import Listing, day_range


AUDIT_LISTING = Listing(
    sorts={'id': AuditEntry.id},
    default_sort='-id',
    search=[AuditEntry.object_id, AuditEntry.actor],
    filters={
        'model': lambda v: AuditEntry.model == v,
        'action': lambda v: AuditEntry.action == v if v in AuditAction.__members__ else None,
        'actor': lambda v: AuditEntry.actor == v.lower(),
        'object_id': lambda v: AuditEntry.object_id == v,
        **day_range(AuditEntry.created_dt),
    },
    per_page=50,
)


def get_audited_models(session) -> list[str]:
    return session.scalars(sa.select(AuditEntry.model).distinct().order_by(AuditEntry.model)).all()
