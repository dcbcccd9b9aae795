"""Keeping the index up to date: a module calls these in the same transaction as the change to its record."""
import sqlalchemy as sa

from gemcell.extensions import db
from gemcell.search.models import SearchEntry
from gemcell.search.terms import terms


def index_entry(kind: str, ref_id: int, title: str, body: str, department_id: int | None = None) -> SearchEntry:
    """Add or replace the entry of record ``(kind, ref_id)`` (flushed, not committed)."""
    entry = db.session.scalar(sa.select(SearchEntry).filter_by(kind=kind, ref_id=ref_id))
    if entry is None:
        entry = SearchEntry(kind=kind, ref_id=ref_id)
        db.session.add(entry)
    entry.title = title or ''
    entry.body = body or ''
    entry.department_id = department_id
    entry.terms = ' '.join(terms(f'{entry.title}\n{entry.body}'))
    db.session.flush()
    return entry


def remove_entry(kind: str, ref_id: int) -> None:
    entry = db.session.scalar(sa.select(SearchEntry).filter_by(kind=kind, ref_id=ref_id))
    if entry is not None:
        db.session.delete(entry)
        db.session.flush()
