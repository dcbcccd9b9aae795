"""The list pattern every list page reuses: search, filters, sort and pagination from the query string.

A view describes its list once (``Listing``); ``Listing.apply(stmt, args)`` validates the query string (unknown sort
keys and bad page numbers fall back to defaults, never to an error) and returns the page and the state the template
needs to draw the filter form, the sort links and the pager.
"""
from dataclasses import dataclass, field
from datetime import datetime, time, timedelta
from typing import Callable

import sqlalchemy as sa
from flask import request
from werkzeug.datastructures import MultiDict

from gemcell.core.i18n import IST
from gemcell.extensions import db

MAX_PER_PAGE = 200


@dataclass
class Listing:
    #: sort key -> column expression
    sorts: dict[str, sa.ColumnElement]
    default_sort: str
    #: columns searched with ``q`` (case-insensitive substring)
    search: list[sa.ColumnElement] = field(default_factory=list)
    #: filter name -> function(value) returning a WHERE clause, or None to ignore the value
    filters: dict[str, Callable[[str], sa.ColumnElement | None]] = field(default_factory=dict)
    per_page: int = 25

    def state(self, args: MultiDict) -> dict:
        sort = args.get('sort', self.default_sort)
        desc = sort.startswith('-')
        key = sort.lstrip('-')
        if key not in self.sorts:
            key, desc = self.default_sort.lstrip('-'), self.default_sort.startswith('-')
        page = args.get('page', 1, type=int) or 1
        per_page = args.get('per_page', self.per_page, type=int) or self.per_page
        return {
            'q': (args.get('q') or '').strip()[:100],
            'sort': key, 'desc': desc,
            'page': max(page, 1), 'per_page': min(max(per_page, 1), MAX_PER_PAGE),
            'filters': {name: (args.get(name) or '').strip() for name in self.filters},
        }

    def statement(self, stmt: sa.Select, state: dict) -> sa.Select:
        if state['q'] and self.search:
            pattern = '%' + state['q'].replace('\\', '\\\\').replace('%', r'\%').replace('_', r'\_') + '%'
            stmt = stmt.where(sa.or_(*(col.ilike(pattern, escape='\\') for col in self.search)))
        for name, make_clause in self.filters.items():
            value = state['filters'][name]
            if value:
                clause = make_clause(value)
                if clause is not None:
                    stmt = stmt.where(clause)
        column = self.sorts[state['sort']]
        return stmt.order_by(column.desc() if state['desc'] else column.asc(), *self._tiebreak(stmt, state['desc']))

    @staticmethod
    def _tiebreak(stmt, desc: bool):
        """The primary key, in the sort's direction: an index on the sort column (which holds the row id) then
        gives the page's rows in order, without sorting every row that matches (the latest 25 of 200,000 bids)."""
        entity = stmt.column_descriptions[0].get('entity')
        if entity is None:
            return []
        key = sa.inspect(entity).primary_key[0]
        return [key.desc() if desc else key.asc()]

    def apply(self, stmt: sa.Select, args: MultiDict | None = None):
        """``(pagination, state)`` for ``stmt`` under the request's query string."""
        state = self.state(request.args if args is None else args)
        statement = self.statement(stmt, state)
        pagination = db.paginate(statement, page=state['page'], per_page=state['per_page'], error_out=False,
                                 count=True)
        if pagination.pages and state['page'] > pagination.pages:  # past the end (an old link): the last page
            state['page'] = pagination.pages
            pagination = db.paginate(statement, page=state['page'], per_page=state['per_page'], error_out=False,
                                     count=True)
        return pagination, state

    def rows(self, stmt: sa.Select, args: MultiDict | None = None):
        """Every row (no pagination), for exports."""
        state = self.state(request.args if args is None else args)
        return db.session.scalars(self.statement(stmt, state))


def day_range(column: sa.ColumnElement) -> dict[str, Callable[[str], sa.ColumnElement | None]]:
    """The filters ``from`` and ``until`` (``YYYY-MM-DD``, whole days in India's time, both included) on a UTC
    datetime ``column``; a value that is not a date is ignored."""
    def day(value: str, end: bool = False) -> datetime | None:
        try:
            start = datetime.combine(datetime.strptime(value, '%Y-%m-%d').date(), time(), IST)
        except ValueError:
            return None
        return start + timedelta(days=1) if end else start

    return {'from': lambda v: column >= start if (start := day(v)) else None,
            'until': lambda v: column < end if (end := day(v, end=True)) else None}


def query_args(state: dict, **overrides) -> dict:
    """The query string for a link that keeps the list's state and changes ``overrides``."""
    args = {'q': state['q'], 'sort': ('-' if state['desc'] else '') + state['sort'], 'page': state['page'],
            **state['filters']}
    args.update(overrides)
    return {k: v for k, v in args.items() if v not in ('', None)}
