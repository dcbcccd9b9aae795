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
from flask_sqlalchemy.pagination import SelectPagination
from sqlalchemy.sql.util import find_tables
from werkzeug.datastructures import MultiDict

from gemcell.core import memo
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
    #: sort key -> the filter that, given, leaves one value to sort by (a severity sort under a severity filter):
    #: the rows are then in the primary key's order, which an index on the filtered columns gives without sorting
    constant_under: dict[str, str] = field(default_factory=dict)
    #: tables whose rows are never deleted (the GeM mirror's): a count of rows read from these alone is kept while
    #: they are unchanged (``core.memo``) — the number of the State's bids is counted once, not on every page
    kept_count: tuple[type, ...] = ()

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
        filtered = set()
        for name, make_clause in self.filters.items():
            value = state['filters'][name]
            if value:
                clause = make_clause(value)
                if clause is not None:
                    stmt = stmt.where(clause)
                    filtered.add(name)
        tiebreak = self._tiebreak(stmt, state['desc'])
        if tiebreak and self.constant_under.get(state['sort']) in filtered:
            return stmt.order_by(*tiebreak)
        column = self.sorts[state['sort']]
        return stmt.order_by(column.desc() if state['desc'] else column.asc(), *tiebreak)

    @staticmethod
    def _tiebreak(stmt, desc: bool):
        """The primary key, in the sort's direction: an index on the sort column (which holds the row id) then
        gives the page's rows in order, without sorting every row that matches (the latest 25 of 200,000 bids)."""
        key = _primary_key(stmt)
        if key is None:
            return []
        return [key.desc() if desc else key.asc()]

    def apply(self, stmt: sa.Select, args: MultiDict | None = None):
        """``(pagination, state)`` for ``stmt`` under the request's query string."""
        state = self.state(request.args if args is None else args)
        statement = self.statement(stmt, state)
        pagination = _page(statement, state, self.kept_count)
        if pagination.pages and state['page'] > pagination.pages:  # past the end (an old link): the last page
            state['page'] = pagination.pages
            pagination = _page(statement, state, self.kept_count)
        return pagination, state

    def rows(self, stmt: sa.Select, args: MultiDict | None = None):
        """Every row (no pagination), for exports."""
        state = self.state(request.args if args is None else args)
        return db.session.scalars(self.statement(stmt, state))


class _KeysFirst(SelectPagination):
    """A page read in two steps: the primary keys of the page's rows, in order, then those rows.

    Why: to sort the matches (by an expression no index holds, such as the findings' severity rank) and to skip the
    earlier pages, the database then handles narrow keys, read from an index, instead of whole rows — a finding
    carries its evidence, a bid its source record — and reads only the page's rows in full.
    """

    def _query_items(self) -> list:
        select, session, key = (self._query_args[name] for name in ('select', 'session', 'key'))
        keys = session.scalars(select.with_only_columns(key).limit(self.per_page).offset(self._query_offset)).all()
        if not keys:
            return []
        return list(session.execute(select.where(key.in_(keys))).unique().scalars())

    def _query_count(self) -> int:
        kept = self._query_args['kept']
        if not kept:
            return super()._query_count()
        select = self._query_args['select'].order_by(None)
        tables = {table for table in find_tables(select, check_columns=True) if isinstance(table, sa.Table)}
        if not tables <= {model.__table__ for model in kept}:  # it reads a table whose rows may be deleted
            return super()._query_count()
        compiled = select.compile(dialect=self._query_args['session'].get_bind().dialect)
        params = tuple(sorted((name, tuple(value) if isinstance(value, (list, tuple)) else value)
                              for name, value in compiled.params.items()))  # an IN's values come as a list
        try:
            hash(params)
        except TypeError:  # a value no key can hold: counted every time
            return super()._query_count()
        return memo.remembered('listing.count', (str(compiled), params),
                               [model for model in kept if model.__table__ in tables], super()._query_count)


def _primary_key(statement: sa.Select) -> sa.Column | None:
    """The primary key of the entity the statement lists (``None`` for a statement of plain columns)."""
    entity = statement.column_descriptions[0].get('entity')
    return None if entity is None else sa.inspect(entity).primary_key[0]


def _page(statement: sa.Select, state: dict, kept: tuple[type, ...] = ()):
    key = _primary_key(statement)
    options = {'page': state['page'], 'per_page': state['per_page'], 'max_per_page': MAX_PER_PAGE,
               'error_out': False, 'count': True}
    if key is None:
        return db.paginate(statement, **options)
    return _KeysFirst(select=statement, session=db.session(), key=key, kept=kept, **options)


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
