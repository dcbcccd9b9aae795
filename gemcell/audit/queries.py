from datetime import datetime, time, timedelta

import sqlalchemy as sa

from gemcell.core.audit import AuditAction, AuditEntry
from gemcell.core.i18n import IST
from gemcell.core.listing import Listing


def _day(value: str, end: bool = False):
    try:
        day = datetime.strptime(value, '%Y-%m-%d')
    except ValueError:
        return None
    start = datetime.combine(day.date(), time(), IST) + (timedelta(days=1) if end else timedelta())
    return start


def _from(value):
    start = _day(value)
    return AuditEntry.created_dt >= start if start else None


def _until(value):
    end = _day(value, end=True)
    return AuditEntry.created_dt < end if end else None


AUDIT_LISTING = Listing(
    sorts={'id': AuditEntry.id},
    default_sort='-id',
    search=[AuditEntry.object_id, AuditEntry.actor],
    filters={
        'model': lambda v: AuditEntry.model == v,
        'action': lambda v: AuditEntry.action == v if v in AuditAction.__members__ else None,
        'actor': lambda v: AuditEntry.actor == v.lower(),
        'object_id': lambda v: AuditEntry.object_id == v,
        'from': _from,
        'until': _until,
    },
    per_page=50,
)


def get_audited_models(session) -> list[str]:
    return session.scalars(sa.select(AuditEntry.model).distinct().order_by(AuditEntry.model)).all()
