"""The contract between a *shape* (one source format) and the import engine.

A shape only reads and parses: it turns the rows of its source files into flat **records** and row-level errors.
Everything else — matching records to what is already stored, new / changed / unchanged counts, department-name
aliases, foreign keys, the dry run, the one transaction, the audit trail — is the engine's (``engine.py``), the same
for every shape.

Records are ``Record(kind, fields, file, row)``:

``kind``     one of ``'seller'``, ``'bid'``, ``'bidder'``, ``'order'``, ``'payment'``
``fields``   model column names of that kind (``gemdata/models.py``) with parsed values (``Decimal``, aware
             ``datetime``, ``date``, ``bool``, enums, ``str``), plus these reference fields the engine resolves:

             - every kind: ``raw`` — the source record as read: a dict of JSON-safe values or, for a row of a
               table (CSV, XLSX), ``[headers, value, …]``: the file's ``TableHeaders`` then the row's JSON-safe
               values in column order (``columns.raw_record``); the engine stores the headers once
               (``models.SourceLayout``)
             - ``seller``: natural key ``gem_seller_id``
             - ``bid``: natural key ``source`` (``BidSource``) + ``number``; ``buyer_department_raw`` (a name the
               engine maps through ``DepartmentAlias``), ``office_raw``
             - ``bidder``: natural key ``bid_source`` + ``bid_number`` (the bid's) + ``key`` (unique inside the bid:
               the source's offer number, else the seller id, else the name); optional ``seller_gem_id``
             - ``order``: natural key ``number`` (``GEMC-`` + 15 digits); optional ``seller_gem_id`` (with
               ``seller_name``), ``bid_number`` (linked to the GeM bid when it is known), ``buyer_department_raw``
             - ``payment``: ``order_number`` + any of ``crac_date``, ``invoice_number``, ``invoice_date``,
               ``invoice_amount``, ``payment_date``, ``payment_amount`` (updates an existing order, which keeps its
               own ``raw``)

             A field absent from ``fields`` is left as it is on an existing row; a field present with ``None``
             clears it (so leave out, rather than set to ``None``, a NOT NULL column such as ``Bidder.state``).
             Text must fit its column (``parsing.parse_text(value, max_len)``): SQLite would not complain, PostgreSQL
             would fail the whole import. A seller created for an unknown ``seller_gem_id`` counts as a new seller.
``file``, ``row``  where the record came from, for error reports (``row`` as the user counts it: header = 1).

A natural key seen twice in one file refuses the file (the engine names both rows).

Row-level problems are ``ImportError_(file, row, column, value, message)`` (``message`` lazily translated); the
engine counts the row as rejected for ``kind`` and imports the rest. A problem with the file as a whole is raised
as ``readers.FileRejected`` and nothing is imported.

Each shape module exposes its shape object as ``SHAPE``; ``importers/__init__.py`` lists the modules (``SHAPES``,
``get_shape``). Tabular shapes can build on ``importers/columns.py`` (header aliases, memoised per-column parsers).
"""
from dataclasses import dataclass, field
from typing import Any, Iterator, Protocol

KINDS = ('seller', 'bid', 'bidder', 'order', 'payment')


@dataclass(slots=True)
class Record:
    kind: str
    fields: dict[str, Any]
    file: str
    row: int


@dataclass(frozen=True, eq=False)
class TableHeaders:
    """The headers of one table a shape reads (one object per file or sheet, compared by identity): it starts the
    ``raw`` of each of the table's rows, and the engine stores it once (``models.SourceLayout``)."""

    names: tuple[str, ...]


@dataclass(slots=True)
class ImportError_:
    kind: str
    file: str
    row: int | None
    column: str | None
    value: Any
    message: Any

    def as_dict(self) -> dict:
        value = self.value if self.value is None or isinstance(self.value, (int, float, str)) else str(self.value)
        return {'kind': self.kind, 'file': self.file, 'row': self.row, 'column': self.column, 'value': value,
                'message': str(self.message)}


@dataclass
class Source:
    """What the user gave: a file (path or binary stream) and its name; for GePNIC also a folder or zip."""

    path: Any
    filename: str
    options: dict = field(default_factory=dict)


class Shape(Protocol):
    #: the CLI and form name: ``gem-bidplus``, ``gem-contracts``, ``gepnic``, ``template``, ``mapped``
    name: str
    #: what the user sees in the shape picker (lazy string)
    title: Any

    def read(self, source: Source, limits: dict) -> Iterator[Record | ImportError_]:
        """Yield records and row errors in file order; raise ``FileRejected`` for a bad file.

        ``limits`` has ``max_bytes`` and ``max_rows`` for ``readers.read_table``.
        """
