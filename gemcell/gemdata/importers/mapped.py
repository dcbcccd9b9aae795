"""The ``mapped`` shape: any CSV/XLSX file read through a saved column-mapping profile (``MappingProfile``).

A profile names a record kind and maps each field of it to one header of the file (``{field: header}``). The fields,
their parsers and the required ones are those of the template's sheet of that kind (``template.SHEETS``), so a
mapped file is checked exactly like the template. ``Source.options['profile']`` is the profile or its name.
"""
from collections.abc import Iterator
from typing import Any

from flask_babel import lazy_gettext as _l

from gemcell.extensions import db
from gemcell.gemdata.importers.columns import Column, RowParser, parse_rows, raw_record, row_error
from gemcell.gemdata.importers.contract import ImportError_, Record, Source
from gemcell.gemdata.importers.template import SHEETS, Sheet
from gemcell.gemdata.models import MappingProfile
from gemcell.gemdata.parsing import ParseError
from gemcell.gemdata.readers import FileRejected, RowError, read_table

#: record kind -> the template sheet whose columns define its fields
KIND_SHEETS: dict[str, Sheet] = {sheet.kind: sheet for sheet in SHEETS}


def get_profile(name: str) -> MappingProfile | None:
    return db.session.scalar(db.select(MappingProfile).where(MappingProfile.name == name))


def row_parser(kind: str, mapping: dict[str, str], headers: list[str]) -> RowParser:
    """The parser for ``mapping`` (``{field: header}``) over a file with ``headers``.

    Raises:
        FileRejected: a mapped header is not in the file, or a required field is not mapped.
    """
    sheet = KIND_SHEETS[kind]
    columns: dict[str, Column] = {column.field: column for column in sheet.columns}
    absent = [header for field, header in mapping.items() if header and field in columns and header not in headers]
    if absent:
        raise FileRejected(_l('The file has no column %(missing)s. The file has the columns: %(found)s.',
                              missing=', '.join(f'"{name}"' for name in absent),
                              found=', '.join(f'"{name}"' for name in headers[:30])))
    missing = [column.headers[0] for column in sheet.columns if column.required and not mapping.get(column.field)]
    if missing:
        raise FileRejected(_l('Required fields are not mapped: %(missing)s.',
                              missing=', '.join(f'"{name}"' for name in missing)))
    return RowParser([(mapping[column.field], column) for column in sheet.columns if mapping.get(column.field)])


def parse_row(sheet: Sheet, parse: RowParser, values: dict[str, Any]) -> tuple[dict[str, Any], list[ParseError]]:
    """One row's fields and errors, with the sheet's derived fields (e.g. a bid's source)."""
    fields, errors = parse(values)
    if not errors:
        _finish(sheet, parse, fields, errors)
    return fields, errors


def _finish(sheet: Sheet, parse: RowParser, fields: dict[str, Any], errors: list[ParseError]) -> None:
    """Add the sheet's derived fields (e.g. a bid's source) to a row parsed without errors, or its error."""
    if sheet.finish:
        try:
            sheet.finish(fields, parse)
        except ParseError as error:
            errors.append(error)


class MappedShape:
    """Any CSV or Excel file, its columns mapped to fields by a saved profile."""

    name = 'mapped'
    title = _l('Other CSV or Excel file (through a column-mapping profile)')

    def read(self, source: Source, limits: dict) -> Iterator[Record | ImportError_]:
        profile = source.options.get('profile')
        if isinstance(profile, str):
            found = get_profile(profile)
            if found is None:
                raise FileRejected(_l('There is no column-mapping profile "%(name)s".', name=profile))
            profile = found
        if profile is None:
            raise FileRejected(_l('Choose a column-mapping profile for this file.'))
        sheet = KIND_SHEETS[profile.kind]
        table = read_table(source.path, filename=source.filename, max_bytes=limits['max_bytes'],
                           max_rows=limits['max_rows'])
        with table:
            parse = row_parser(profile.kind, profile.columns, list(table.headers))
            kind, raw = profile.kind, raw_record(table)
            for row, values, fields, errors in parse_rows(parse, table, listed=True):
                if fields is None:
                    yield ImportError_(kind, source.filename, row, None, None, values.message)
                    continue
                if not errors:
                    _finish(sheet, parse, fields, errors)
                if errors:
                    yield from (row_error(kind, source.filename, row, error) for error in errors)
                    continue
                fields['raw'] = raw(values)
                yield Record(kind, fields, source.filename, row)


def preview(path: Any, filename: str, kind: str, mapping: dict[str, str], rows: int = 5,
            limits: dict | None = None) -> tuple[list[str], list[tuple[int, list[tuple[str, Any, str | None]]]]]:
    """The first ``rows`` rows of a file parsed with ``mapping``: ``(fields, [(row, [(field, value, error)])])``;
    a cell's ``error`` is the parse error's message, else ``None``. Raises ``FileRejected`` like the shape."""
    from gemcell.gemdata.importers.engine import DEFAULT_LIMITS
    limits = limits or DEFAULT_LIMITS
    sheet = KIND_SHEETS[kind]
    table = read_table(path, filename=filename, max_bytes=limits['max_bytes'], max_rows=limits['max_rows'])
    shown: list[tuple[int, list[tuple[str, Any, str | None]]]] = []
    with table:
        parse = row_parser(kind, mapping, list(table.headers))
        fields = [column.field for _header, column in parse.pairs]
        for row, values in table:
            if len(shown) >= rows:
                break
            if isinstance(values, RowError):
                shown.append((row, [('', None, str(values.message))]))
                continue
            parsed, errors = parse_row(sheet, parse, values)
            by_header = {error.column: error for error in errors}
            cells = []
            for header, column in parse.pairs:
                error = by_header.get(header)
                cells.append((column.field, error.value if error else parsed.get(column.field),
                              str(error.message) if error else None))
            shown.append((row, cells))
    return fields, shown


SHAPE = MappedShape()
