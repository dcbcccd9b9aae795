"""The search index: one entry per indexed record."""
from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column

from gemcell.core.db import utcnow
from gemcell.extensions import db

#: the SQLite FTS5 table over ``search_entries.terms`` and the PostgreSQL GIN index: made by the migration, not by the
#: models (neither can be described to SQLAlchemy on both databases); ``core.db.include_in_schema`` keeps them out of
#: autogenerate's comparison
FTS_TABLE = 'search_fts'
FTS_INDEX = 'ix_search_entries_terms_fts'


class SearchEntry(db.Model):
    """The searchable text of one record of a module (``kind`` names the module's record type)."""

    __tablename__ = 'search_entries'
    __table_args__ = (sa.UniqueConstraint('kind', 'ref_id'),)
    __audited__ = False  # derived from the audited records themselves

    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[str] = mapped_column(sa.String(40))
    ref_id: Mapped[int] = mapped_column()
    #: the department the record belongs to (``None``: visible to everyone who may search this kind)
    department_id: Mapped[int | None] = mapped_column(sa.ForeignKey('departments.id'), index=True)
    title: Mapped[str] = mapped_column(sa.Text)
    body: Mapped[str] = mapped_column(sa.Text)
    #: the stemmed words of title and body, in order, as the databases' full-text search reads them
    terms: Mapped[str] = mapped_column(sa.Text)
    modified_dt: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)
