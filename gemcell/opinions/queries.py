"""Reads of the opinions module: what a user may see, the library search."""
from dataclasses import dataclass

import sqlalchemy as sa
from flask import url_for
from flask_babel import lazy_gettext as _l

from gemcell.core.listing import Listing
from gemcell.core.permissions import Permission, has_permission
from gemcell.core.scoping import get_visible_or_404, visible
from gemcell.directory.models import Department
from gemcell.extensions import db
from gemcell.opinions.models import LibraryItem, LibraryKind, Opinion, OpinionState
from gemcell.search.queries import search

LIBRARY_KINDS = ('opinion', 'go', 'circular')


def visible_opinions(user, stmt=None):
    """The cell: every opinion; Administration: the issued ones; a nodal officer: their department's."""
    stmt = visible(Opinion, user, sa.select(Opinion) if stmt is None else stmt)
    if not has_permission(user, Permission.REVIEW) and has_permission(user, Permission.VIEW_ALL_DEPARTMENTS):
        stmt = stmt.where(Opinion.state == OpinionState.issued)
    return stmt


def get_visible_opinion_or_404(opinion_id: int, user) -> Opinion:
    opinion = get_visible_or_404(Opinion, opinion_id, user)
    if not has_permission(user, Permission.REVIEW) and has_permission(user, Permission.VIEW_ALL_DEPARTMENTS) \
            and opinion.state is not OpinionState.issued:
        from flask import abort
        abort(404)
    return opinion


def count_to_answer() -> int:
    return db.session.scalar(sa.select(sa.func.count(Opinion.id)).where(Opinion.state == OpinionState.asked)) or 0


OPINION_LISTING = Listing(
    sorts={'asked': Opinion.asked_dt, 'subject': Opinion.subject, 'state': Opinion.state,
           'department': Department.name_en},
    default_sort='-asked',
    search=[Opinion.subject, Opinion.question],
    filters={'state': lambda v: Opinion.state == OpinionState(v) if v in {s.value for s in OpinionState} else None},
)
STATE_CHOICES = [('', _l('All'))] + [(s.value, s.title) for s in OpinionState]
KIND_CHOICES = [('', _l('All')), ('opinion', _l('Opinions')), ('go', _l('Government orders')),
                ('circular', _l('Circulars'))]


@dataclass
class LibraryHit:
    kind: str
    title: str
    snippet: str
    url: str

    @property
    def kind_title(self):
        return {'opinion': _l('Opinion'), 'go': _l('Government order'), 'circular': _l('Circular')}[self.kind]


def search_library(text: str, user, kind: str = '') -> list[LibraryHit]:
    """Issued opinions, GOs and circulars matching ``text`` (any inflection; exact phrases in double quotes). A
    nodal officer finds their own department's opinions and every GO and circular."""
    kinds = [kind] if kind in LIBRARY_KINDS else list(LIBRARY_KINDS)
    department_ids = None
    if not has_permission(user, Permission.VIEW_ALL_DEPARTMENTS):
        department_ids = [getattr(user, 'department_id', None) or 0]
    hits = []
    for hit in search(text, kinds=kinds, department_ids=department_ids, limit=50):
        endpoint = ('opinions.detail', {'opinion_id': hit.ref_id}) if hit.kind == 'opinion' else \
            ('opinions.library_item', {'item_id': hit.ref_id})
        hits.append(LibraryHit(hit.kind, hit.title, hit.snippet, url_for(endpoint[0], **endpoint[1])))
    return hits


def recent_library_items(limit: int = 20) -> list[LibraryItem]:
    return list(db.session.scalars(sa.select(LibraryItem).order_by(LibraryItem.issued_on.desc(), LibraryItem.id.desc())
                                   .limit(limit)))


def library_kind_choices():
    return [(k.value, k.title) for k in LibraryKind]
