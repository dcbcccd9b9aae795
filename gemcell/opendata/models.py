"""The statistical red flags over the State's data, as last computed: one snapshot per computation (cardinal's
R024, R025, R038, R048 and R058 need every bid at once, so they are computed on demand, not per bid)."""
from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from gemcell.core.db import utcnow
from gemcell.extensions import db


class IndicatorSnapshot(db.Model):
    """cardinal's statistical indicators over every bid in gemcell at ``computed_dt``, with the fences that applied.

    ``departments``: one row per buyer department (``{id, name, department_id, processes, submitted,
    disqualified, ratio, r038, compared, r024, r058}``); ``offices``: the same per procuring office (R038);
    ``sellers``: the sellers with at least one flag (``{id, name, seller_id, valid, won, r025_ratio, r025, submitted,
    disqualified, r038_ratio, r038, variety, r048, r024, r058}``); ``meta``: cardinal's ``Meta`` (quartiles and
    fences per indicator)."""

    __tablename__ = 'indicator_snapshots'
    #: a computed record, not a change to anything: who asked for it is kept here
    __audited__ = False

    id: Mapped[int] = mapped_column(primary_key=True)
    computed_dt: Mapped[datetime] = mapped_column(default=utcnow, index=True)
    created_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey('users.id'))
    processes: Mapped[int] = mapped_column(default=0)
    meta: Mapped[dict] = mapped_column(sa.JSON, default=dict)
    departments: Mapped[list] = mapped_column(sa.JSON, default=list)
    offices: Mapped[list] = mapped_column(sa.JSON, default=list)
    sellers: Mapped[list] = mapped_column(sa.JSON, default=list)

    created_by = relationship('User')
