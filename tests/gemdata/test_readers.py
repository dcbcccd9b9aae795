"""Tests of gemcell.gemdata.readers: CSV, XLSX and JSON files, honest and hostile.

Fixture files are written into ``tmp_path`` by each test; the values are copied from the real
GeM / GePNIC samples in /work/shared/data.
"""

from __future__ import annotations

import io
import json
import zipfile
from datetime import datetime
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from flask_babel.speaklater import LazyString
from openpyxl import Workbook, load_workbook

from gemcell.gemdata.parsing import parse_datetime, parse_percent
from gemcell.gemdata.readers import (
    FileRejected,
    RowError,
    Table,
    read_json_records,
    read_table,
    sheet_names,
    unwrap_bidplus,
)

LIMITS: dict[str, Any] = {"max_bytes": 10_000_000, "max_rows": 1_000}

RANKING_CSV = (
    "Tender ID,S.No,Bid Number,Bidder Name,Value,Rank\r\n"
    '2018_WPTBC_6506_1,1.0,33009.0,Ganesh Neog,"70,00,000.00",L2\r\n'
    '2018_WPTBC_6506_1,2.0,33173.0,M/S STAR CONSTRUCTIONS,"63,00,000.00",L1\r\n'
    '2022_PWBNH_26698_1,3.0,157037.0,M/S R B ENTERPRISE,"49,76,898.48",LI\r\n'
)
HINDI_CSV = "विभाग,EMD Amount in ₹,Rank\n" "लोक निर्माण विभाग,\"1,40,000\",L1\n" "चिकित्सा स्वास्थ्य,₹ 5000,L2\n"
BIDPLUS_LINE = {
    "id": "8496786",
    "b_id": [8496786],
    "b_bid_number": ["GEM/2025/B/6810987"],
    "b_total_quantity": [176],
    "final_start_date_sort": ["2025-12-04T10:45:56Z"],
    "is_high_value": [False],
    "b.b_created_by": ["dgnpvdirr"],
    "ba_official_details_minName": ["Ministry of Defence"],
}


def write(tmp_path: Path, name: str, data: bytes | str, encoding: str = "utf-8") -> Path:
    path = tmp_path / name
    path.write_bytes(data if isinstance(data, bytes) else data.encode(encoding))
    return path


def read_all(source: Any, filename: str, **options: Any) -> tuple[Table, list[Any]]:
    """Read every row of a file; the table is returned (closed) for its metadata."""
    with read_table(source, filename=filename, **{**LIMITS, **options}) as table:
        return table, list(table)


def rejected(source: Any, filename: str, **options: Any) -> str:
    """Read a file that must be rejected, while opening or while iterating; return the message."""
    with pytest.raises(FileRejected) as caught:
        read_all(source, filename, **options)
    assert isinstance(caught.value.message, LazyString)
    return str(caught.value)


def xlsx_bytes(rows: list[list[Any]], title: str = "Sheet1", **sheets: list[list[Any]]) -> bytes:
    """Build a workbook with openpyxl: the first sheet from ``rows``, more from ``sheets``."""
    workbook = Workbook()
    worksheet = workbook.active
    worksheet.title = title
    for row in rows:
        worksheet.append(row)
    for name, more_rows in sheets.items():
        extra = workbook.create_sheet(name)
        for row in more_rows:
            extra.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def rezip(data: bytes, changes: dict[str, bytes | None]) -> bytes:
    """Copy a zip, replacing (bytes) or dropping (None) the named members."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as source, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for item in source.infolist():
            if item.filename in changes:
                if changes[item.filename] is not None:
                    target.writestr(item.filename, changes[item.filename])  # type: ignore[arg-type]
            else:
                target.writestr(item, source.read(item.filename))
    return out.getvalue()


class NonSeekable(io.RawIOBase):
    """A stream like a request body: readable once, not seekable."""

    def __init__(self, data: bytes) -> None:
        self._data = io.BytesIO(data)

    def readable(self) -> bool:
        return True

    def seekable(self) -> bool:
        return False

    def readinto(self, buffer: Any) -> int:
        chunk = self._data.read(len(buffer))
        buffer[: len(chunk)] = chunk
        return len(chunk)


# -- CSV ----------------------------------------------------------------------------------------


def test_csv_gives_headers_and_rows_numbered_as_in_excel(tmp_path: Path) -> None:
    table, rows = read_all(write(tmp_path, "financial_ranking.csv", RANKING_CSV), "financial_ranking.csv")
    assert table.format == "csv" and table.delimiter == "," and table.encoding == "utf-8"
    assert table.headers == ["Tender ID", "S.No", "Bid Number", "Bidder Name", "Value", "Rank"]
    assert [number for number, _ in rows] == [2, 3, 4]
    assert rows[0][1] == {
        "Tender ID": "2018_WPTBC_6506_1", "S.No": "1.0", "Bid Number": "33009.0", "Bidder Name": "Ganesh Neog",
        "Value": "70,00,000.00", "Rank": "L2",
    }
    assert rows[2][1]["Rank"] == "LI"


def test_csv_rows_are_a_lazy_iterator(tmp_path: Path) -> None:
    with read_table(write(tmp_path, "r.csv", RANKING_CSV), filename="r.csv", **LIMITS) as table:
        assert iter(table) is table.rows
        assert next(table.rows)[0] == 2


def test_csv_with_utf8_bom_has_a_clean_first_header(tmp_path: Path) -> None:
    table, rows = read_all(write(tmp_path, "bom.csv", "\ufeff" + HINDI_CSV), "bom.csv")
    assert table.encoding == "utf-8-sig"
    assert table.headers == ["विभाग", "EMD Amount in ₹", "Rank"]
    assert rows[0][1]["विभाग"] == "लोक निर्माण विभाग"


@pytest.mark.parametrize("codec", ["utf-16-le", "utf-16-be", "utf-32-le"])
def test_csv_in_utf16_or_utf32_with_bom_keeps_hindi_and_rupee_sign(tmp_path: Path, codec: str) -> None:
    data = ("\ufeff" + HINDI_CSV).encode(codec)
    table, rows = read_all(write(tmp_path, "excel-unicode.csv", data), "excel-unicode.csv")
    assert table.headers == ["विभाग", "EMD Amount in ₹", "Rank"]
    assert rows[1] == (3, {"विभाग": "चिकित्सा स्वास्थ्य", "EMD Amount in ₹": "₹ 5000", "Rank": "L2"})


def test_utf16_text_saved_by_excel_is_tab_separated_and_detected(tmp_path: Path) -> None:
    data = ("\ufeff" + HINDI_CSV.replace(",", "\t").replace('"1\t40\t000"', "1,40,000")).encode("utf-16-le")
    table, rows = read_all(write(tmp_path, "unicode.txt", data), "unicode.txt")
    assert table.delimiter == "\t"
    assert rows[0][1]["EMD Amount in ₹"] == "1,40,000"


def test_csv_in_windows_1252_is_decoded_as_such(tmp_path: Path) -> None:
    text = "Bidder Name;Remarks;Value\r\nCafé Enterprises;“Awarded” – fine;€ 5\r\n"
    table, rows = read_all(write(tmp_path, "legacy.csv", text, encoding="cp1252"), "legacy.csv")
    assert table.encoding == "cp1252" and table.delimiter == ";"
    assert rows == [(2, {"Bidder Name": "Café Enterprises", "Remarks": "“Awarded” – fine", "Value": "€ 5"})]


def test_csv_that_is_damaged_utf8_is_rejected_rather_than_read_as_1252(tmp_path: Path) -> None:
    data = HINDI_CSV.encode("utf-8") + b"\xff\xfe broken,x,y\n"
    assert "damaged" in rejected(write(tmp_path, "broken.csv", data), "broken.csv")


def test_csv_in_no_known_encoding_is_rejected(tmp_path: Path) -> None:
    data = b"a,b\n\x81\x8d,\x9d\n"  # bytes undefined in both UTF-8 and Windows-1252
    assert "encoding" in rejected(write(tmp_path, "odd.csv", data), "odd.csv")


@pytest.mark.parametrize(
    ("text", "delimiter"),
    [
        ("Tender ID;Value;Rank\n2018_WPTBC_6506_1;70,00,000.00;L2\n2019_X_1_1;1,0;L1\n", ";"),
        ("Tender ID\tValue\tRank\n2018_WPTBC_6506_1\t70,00,000.00\tL2\n", "\t"),
        ('Tender ID,Value,Rank\n2018_WPTBC_6506_1,"70,00,000.00",L2\n', ","),
        ("sep=;\nTender ID;Value;Rank\n2018_WPTBC_6506_1;70,00,000.00;L2\n", ";"),
    ],
    ids=["semicolon", "tab", "comma-with-quoted-commas", "excel-sep-line"],
)
def test_csv_delimiter_is_detected(tmp_path: Path, text: str, delimiter: str) -> None:
    table, rows = read_all(write(tmp_path, "d.csv", text), "d.csv")
    assert table.delimiter == delimiter
    assert table.headers == ["Tender ID", "Value", "Rank"]
    assert rows[0] == (2, {"Tender ID": "2018_WPTBC_6506_1", "Value": "70,00,000.00", "Rank": "L2"})


def test_csv_single_column_file_is_read(tmp_path: Path) -> None:
    table, rows = read_all(write(tmp_path, "ids.csv", "Tender ID\n2022_PWD_26485_11\n"), "ids.csv")
    assert table.headers == ["Tender ID"] and rows == [(2, {"Tender ID": "2022_PWD_26485_11"})]


def test_csv_blank_rows_are_skipped_but_counted_in_row_numbers(tmp_path: Path) -> None:
    text = "\n\nTender ID,Rank\n2018_A_1_1,L1\n\n,\n2018_A_1_1,L2\n"
    _, rows = read_all(write(tmp_path, "gaps.csv", text), "gaps.csv")
    assert [number for number, _ in rows] == [4, 7]


def test_csv_quoted_multiline_cell_counts_as_one_row(tmp_path: Path) -> None:
    text = 'Title,Rank\n"Construction of Road\nfrom Laomuri",L1\nSecond,L2\n'
    _, rows = read_all(write(tmp_path, "multi.csv", text), "multi.csv")
    assert rows == [(2, {"Title": "Construction of Road\nfrom Laomuri", "Rank": "L1"}),
                    (3, {"Title": "Second", "Rank": "L2"})]


def test_csv_header_cells_are_stripped_and_trailing_blank_headers_dropped(tmp_path: Path) -> None:
    text = " Tender ID , Value ,,\n2018_A_1_1,5,,\n"
    table, rows = read_all(write(tmp_path, "h.csv", text), "h.csv")
    assert table.headers == ["Tender ID", "Value"]
    assert rows == [(2, {"Tender ID": "2018_A_1_1", "Value": "5"})]


def test_csv_blank_header_in_the_middle_gets_a_column_name(tmp_path: Path) -> None:
    table, _ = read_all(write(tmp_path, "h.csv", "Tender ID,,Value\nx,note,5\n"), "h.csv")
    assert table.headers == ["Tender ID", "column B", "Value"]


def test_csv_short_row_is_padded_with_empty_cells(tmp_path: Path) -> None:
    _, rows = read_all(write(tmp_path, "short.csv", "a,b,c\n1,2\n"), "short.csv")
    assert rows == [(2, {"a": "1", "b": "2", "c": ""})]


def test_csv_row_with_values_beyond_the_header_is_a_row_error(tmp_path: Path) -> None:
    text = "a,b\n1,2\n1,2,shifted\n3,4,,\n"
    _, rows = read_all(write(tmp_path, "long.csv", text), "long.csv")
    assert rows[0] == (2, {"a": "1", "b": "2"})
    number, error = rows[1]
    assert number == 3 and isinstance(error, RowError)
    assert "column C" in str(error) and isinstance(error.message, LazyString)
    assert rows[2] == (4, {"a": "3", "b": "4"})


@pytest.mark.parametrize("kind", ["csv", "xlsx"])
def test_a_tables_cells_are_its_rows_as_lists_in_header_order(tmp_path: Path, kind: str) -> None:
    rows = [["a", "b", "c"], ["1", "2", None], ["1", "2"], ["1", "2", "3", "shifted"], ["3", "4", "5", None]]
    if kind == "csv":
        path = write(tmp_path, "t.csv", "\n".join(",".join(cell or "" for cell in row) for row in rows) + "\n")
        blank = ""
    else:
        path = write(tmp_path, "t.xlsx", xlsx_bytes(rows))
        blank = None
    with read_table(path, filename=path.name, **LIMITS) as table:
        cells = list(table.cells)
    assert [row for row in cells if not isinstance(row[1], RowError)] == [
        (2, ["1", "2", blank]), (3, ["1", "2", blank]), (5, ["3", "4", "5"])]
    assert cells[2][0] == 4 and isinstance(cells[2][1], RowError)
    with read_table(path, filename=path.name, **LIMITS) as table:
        assert [(row, dict(zip(table.headers, values))) for row, values in cells if not isinstance(values, RowError)] \
            == [item for item in table.rows if not isinstance(item[1], RowError)]


def test_csv_duplicate_headers_are_rejected(tmp_path: Path) -> None:
    message = rejected(write(tmp_path, "dup.csv", "Tender ID,Value,Tender ID \nx,1,y\n"), "dup.csv")
    assert '"Tender ID" appears twice, in columns A and C' in message


def test_csv_headers_differing_only_in_case_are_both_kept_as_in_gepnic(tmp_path: Path) -> None:
    table, _ = read_all(write(tmp_path, "t.csv", "Sub category,Sub Category\nNA,\n"), "t.csv")
    assert table.headers == ["Sub category", "Sub Category"]


def test_csv_with_10000_columns_is_rejected(tmp_path: Path) -> None:
    header = ",".join(f"c{index}" for index in range(10_000))
    message = rejected(write(tmp_path, "wide.csv", header + "\n" + "1," * 9_999 + "1\n"), "wide.csv")
    assert "10,000 columns; at most 200" in message


def test_csv_with_exactly_max_columns_is_accepted(tmp_path: Path) -> None:
    header = ",".join(f"c{index}" for index in range(200))
    table, _ = read_all(write(tmp_path, "wide.csv", header + "\n" + ",".join("1" * 200) + "\n"), "wide.csv")
    assert len(table.headers) == 200


@pytest.mark.parametrize(
    "content", [b"", b"Tender ID,Value\r\n", b"\n\n\n", b"\xef\xbb\xbf", b"Tender ID,Value\n,\n\n"],
    ids=["empty", "header-only", "blank-lines", "bom-only", "header-and-blank-row"],
)
def test_csv_without_data_rows_is_rejected(tmp_path: Path, content: bytes) -> None:
    assert rejected(write(tmp_path, "empty.csv", content), "empty.csv") == "The file has no rows."


def test_binary_file_renamed_csv_is_rejected(tmp_path: Path) -> None:
    data = bytes(range(256)) * 64
    assert "not a text file" in rejected(write(tmp_path, "image.csv", data), "image.csv")


def test_excel_workbook_renamed_csv_is_rejected_with_a_helpful_message(tmp_path: Path) -> None:
    data = xlsx_bytes([["a"], [1]])
    assert "Excel workbook" in rejected(write(tmp_path, "export.csv", data), "export.csv")


def test_old_xls_renamed_csv_is_rejected(tmp_path: Path) -> None:
    data = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(600)
    assert ".xls" in rejected(write(tmp_path, "export.csv", data), "export.csv")


def test_csv_with_an_unclosed_quote_is_rejected_instead_of_swallowing_rows(tmp_path: Path) -> None:
    text = 'Title,Rank\n"Road,L1\nBridge,L2\nCulvert,L3\n'
    assert "quotation mark" in rejected(write(tmp_path, "quote.csv", text), "quote.csv")


def test_csv_with_a_gigantic_cell_is_rejected(tmp_path: Path) -> None:
    text = 'Title,Rank\n"' + "x" * 200_000 + '",L1\n'
    assert "too long" in rejected(write(tmp_path, "big.csv", text), "big.csv")


def test_file_larger_than_max_bytes_is_rejected(tmp_path: Path) -> None:
    path = write(tmp_path, "r.csv", RANKING_CSV)
    assert "at most 100 bytes" in rejected(path, "r.csv", max_bytes=100)
    assert "at most 100 bytes" in rejected(io.BytesIO(RANKING_CSV.encode()), "r.csv", max_bytes=100)


def test_non_seekable_upload_larger_than_max_bytes_is_rejected_while_spooling() -> None:
    assert "at most 100 bytes" in rejected(NonSeekable(RANKING_CSV.encode()), "r.csv", max_bytes=100)


def test_non_seekable_upload_is_read(tmp_path: Path) -> None:
    _, rows = read_all(NonSeekable(RANKING_CSV.encode()), "r.csv")
    assert len(rows) == 3


def test_more_rows_than_max_rows_is_rejected_while_iterating(tmp_path: Path) -> None:
    path = write(tmp_path, "r.csv", RANKING_CSV)
    assert read_all(path, "r.csv", max_rows=3)[1][-1][0] == 4
    assert "more than 2 rows" in rejected(path, "r.csv", max_rows=2)


def test_caller_stream_is_read_from_the_start_and_left_open() -> None:
    stream = io.BytesIO(RANKING_CSV.encode())
    stream.seek(10)
    _, rows = read_all(stream, "upload.CSV")
    assert len(rows) == 3
    assert not stream.closed


def test_table_closes_the_file_it_opened_when_stopped_early(tmp_path: Path) -> None:
    table = read_table(write(tmp_path, "r.csv", RANKING_CSV), filename="r.csv", **LIMITS)
    next(table.rows)
    table.close()
    table.close()  # idempotent


def test_table_closes_the_file_it_opened_when_exhausted_without_with(tmp_path: Path) -> None:
    # -W error turns an unclosed file into a failure
    rows = list(read_table(write(tmp_path, "r.csv", RANKING_CSV), filename="r.csv", **LIMITS))
    assert len(rows) == 3


@pytest.mark.parametrize("filename", ["tenders.pdf", "tenders", "tenders.xls", "tenders.xlsm", "tenders.ods"])
def test_unsupported_file_types_are_rejected_by_name(tmp_path: Path, filename: str) -> None:
    assert "not accepted" in rejected(write(tmp_path, "f", RANKING_CSV), filename)


# -- XLSX ---------------------------------------------------------------------------------------


def test_xlsx_gives_typed_raw_values_and_excel_row_numbers(tmp_path: Path) -> None:
    data = xlsx_bytes([
        [" Tender ID ", "Value", "Rank", "Bid Submission End Date", "Contract Value"],
        ["2018_WPTBC_6506_1", 7000000.0, "L2", datetime(2018, 3, 29, 14, 0), "INR 6,300,000"],
        [None, None, None, None, None],
        ["2019_WPTBC_11277_1", 8540000, "L1", datetime(2019, 1, 28, 13, 0), "INR 8,540,000"],
    ])
    table, rows = read_all(write(tmp_path, "tenders.xlsx", data), "tenders.xlsx")
    assert table.format == "xlsx" and table.sheet == "Sheet1"
    assert table.headers == ["Tender ID", "Value", "Rank", "Bid Submission End Date", "Contract Value"]
    assert [number for number, _ in rows] == [2, 4]
    assert rows[0][1] == {
        "Tender ID": "2018_WPTBC_6506_1", "Value": 7000000, "Rank": "L2",
        "Bid Submission End Date": datetime(2018, 3, 29, 14, 0), "Contract Value": "INR 6,300,000",
    }
    assert parse_datetime(rows[0][1]["Bid Submission End Date"]) == parse_datetime("29-Mar-2018 02:00 PM")


def test_xlsx_header_below_blank_rows_keeps_true_row_numbers(tmp_path: Path) -> None:
    workbook = Workbook()
    worksheet = workbook.active
    worksheet["B3"] = "Rank"
    worksheet["B5"] = "L1"
    path = tmp_path / "offset.xlsx"
    workbook.save(path)
    table, rows = read_all(path, "offset.xlsx")
    assert table.headers == ["column A", "Rank"]
    assert rows == [(5, {"column A": None, "Rank": "L1"})]


def test_xlsx_percent_formatted_cell_comes_as_the_text_the_user_sees(tmp_path: Path) -> None:
    workbook = Workbook()
    worksheet = workbook.active
    worksheet.append(["EMD Percentage"])
    worksheet.append([0.02])
    worksheet["A2"].number_format = "0.0%"
    path = tmp_path / "pct.xlsx"
    workbook.save(path)
    _, rows = read_all(path, "pct.xlsx")
    assert rows[0][1]["EMD Percentage"] == "2.00%"
    assert parse_percent(rows[0][1]["EMD Percentage"]) == Decimal("2")


@pytest.mark.parametrize("formula_row", [1, 3], ids=["in-header", "in-data"])
def test_xlsx_formula_cell_is_rejected_naming_the_cell(tmp_path: Path, formula_row: int) -> None:
    rows: list[list[Any]] = [["Value", "Total"], [5, 10], [6, 12]]
    rows[formula_row - 1][1] = "=A2*2"
    message = rejected(write(tmp_path, "f.xlsx", xlsx_bytes(rows, title="Ranking")), "f.xlsx")
    assert f'Cell B{formula_row} of sheet "Ranking" holds a formula (=A2*2)' in message


def test_xlsx_text_that_merely_starts_with_equals_is_not_a_formula(tmp_path: Path) -> None:
    workbook = Workbook()
    worksheet = workbook.active
    worksheet.append(["Remarks"])
    worksheet["A2"].value = "= see annexure"
    worksheet["A2"].data_type = "s"
    path = tmp_path / "text.xlsx"
    workbook.save(path)
    assert read_all(path, "text.xlsx")[1] == [(2, {"Remarks": "= see annexure"})]


def test_xlsx_value_beyond_the_header_is_a_row_error(tmp_path: Path) -> None:
    data = xlsx_bytes([["a", "b"], [1, 2, "stray note"], [3, 4]])
    _, rows = read_all(write(tmp_path, "x.xlsx", data), "x.xlsx")
    assert isinstance(rows[0][1], RowError) and "column C" in str(rows[0][1])
    assert rows[1] == (3, {"a": 3, "b": 4})


def test_xlsx_short_row_is_padded_with_none(tmp_path: Path) -> None:
    _, rows = read_all(write(tmp_path, "x.xlsx", xlsx_bytes([["a", "b", "c"], [1]])), "x.xlsx")
    assert rows == [(2, {"a": 1, "b": None, "c": None})]


@pytest.mark.parametrize(
    "rows", [[], [["Tender ID", "Value"]], [["Tender ID"], [None], ["  "]]], ids=["empty", "header-only", "blanks"]
)
def test_xlsx_without_data_rows_is_rejected(tmp_path: Path, rows: list[list[Any]]) -> None:
    assert rejected(write(tmp_path, "e.xlsx", xlsx_bytes(rows)), "e.xlsx") == "The file has no rows."


def test_xlsx_duplicate_headers_are_rejected(tmp_path: Path) -> None:
    message = rejected(write(tmp_path, "d.xlsx", xlsx_bytes([["Rank", "Value", "Rank"], [1, 2, 3]])), "d.xlsx")
    assert '"Rank" appears twice, in columns A and C' in message


def test_xlsx_with_10000_columns_is_rejected(tmp_path: Path) -> None:
    data = xlsx_bytes([[f"c{index}" for index in range(10_000)], list(range(10_000))])
    assert "10,000 columns" in rejected(write(tmp_path, "wide.xlsx", data), "wide.xlsx")


def test_xlsx_sheet_names_and_reading_a_named_sheet(tmp_path: Path) -> None:
    data = xlsx_bytes([["Tender ID"], ["2018_WPTBC_6506_1"]], title="Tenders",
                      Bids=[["Bidder Name", "Status"], ["Ganesh Neog", "Rejected-Finance"]])
    path = write(tmp_path, "book.xlsx", data)
    assert sheet_names(path) == ["Tenders", "Bids"]
    assert sheet_names(io.BytesIO(data)) == ["Tenders", "Bids"]
    table, rows = read_all(path, "book.xlsx", sheet="Bids")
    assert table.sheet == "Bids"
    assert rows == [(2, {"Bidder Name": "Ganesh Neog", "Status": "Rejected-Finance"})]


def test_xlsx_unknown_sheet_name_is_rejected_listing_the_sheets(tmp_path: Path) -> None:
    path = write(tmp_path, "book.xlsx", xlsx_bytes([["a"], [1]], title="Tenders", Bids=[["b"], [2]]))
    assert "no sheet named \"Awards\"; its sheets are: Tenders, Bids" in rejected(path, "book.xlsx", sheet="Awards")


def test_xlsx_default_sheet_is_the_first_visible_one(tmp_path: Path) -> None:
    workbook = Workbook()
    hidden = workbook.active
    hidden.title = "Lookups"
    hidden.append(["code"])
    hidden.append([1])
    hidden.sheet_state = "hidden"
    visible = workbook.create_sheet("Data")
    visible.append(["Rank"])
    visible.append(["L1"])
    path = tmp_path / "hidden.xlsx"
    workbook.save(path)
    table, rows = read_all(path, "hidden.xlsx")
    assert table.sheet == "Data" and rows == [(2, {"Rank": "L1"})]


def test_xlsx_with_a_wrong_stored_dimension_is_read_in_full(tmp_path: Path) -> None:
    data = xlsx_bytes([["Rank"], ["L1"], ["L2"], ["L3"], ["L4"]])
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        sheet = archive.read("xl/worksheets/sheet1.xml")
    assert b'<dimension ref="A1:A5"' in sheet
    data = rezip(data, {"xl/worksheets/sheet1.xml": sheet.replace(b'ref="A1:A5"', b'ref="A1:A2"')})
    _, rows = read_all(write(tmp_path, "dim.xlsx", data), "dim.xlsx")
    assert [values["Rank"] for _, values in rows] == ["L1", "L2", "L3", "L4"]


def test_xlsx_that_makes_openpyxl_warn_is_read_without_warnings(tmp_path: Path) -> None:
    data = xlsx_bytes([["Rank"], ["L1"]])
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        styles = archive.read("xl/styles.xml")
    no_default_style = styles.replace(b"<cellStyles", b"<dropped").replace(b"</cellStyles>", b"</dropped>")
    no_default_style = no_default_style.split(b"<dropped")[0] + no_default_style.split(b"</dropped>")[1]
    data = rezip(data, {"xl/styles.xml": no_default_style})
    with pytest.warns(UserWarning, match="no default style"):  # the file does make openpyxl warn
        load_workbook(io.BytesIO(data), read_only=True).close()
    _, rows = read_all(write(tmp_path, "warn.xlsx", data), "warn.xlsx")  # -W error: a leaked warning fails
    assert rows == [(2, {"Rank": "L1"})]


@pytest.mark.parametrize(
    "content",
    [bytes(range(256)) * 40, RANKING_CSV.encode(), b"PK\x03\x04 not really a zip"],
    ids=["random-binary", "csv-text", "fake-zip-signature"],
)
def test_non_workbook_renamed_xlsx_is_rejected(tmp_path: Path, content: bytes) -> None:
    assert rejected(write(tmp_path, "tenders.xlsx", content), "tenders.xlsx") == (
        "The file is not an Excel workbook (.xlsx)."
    )


def test_zip_that_is_not_a_workbook_is_rejected(tmp_path: Path) -> None:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("readme.txt", "hello")
    assert "not an Excel workbook" in rejected(write(tmp_path, "t.xlsx", buffer.getvalue()), "t.xlsx")


def test_old_xls_or_encrypted_workbook_renamed_xlsx_is_rejected(tmp_path: Path) -> None:
    data = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(1000)
    assert "password-protected" in rejected(write(tmp_path, "t.xlsx", data), "t.xlsx")


def test_workbook_with_damaged_parts_is_rejected(tmp_path: Path) -> None:
    data = rezip(xlsx_bytes([["a"], [1]]), {"xl/workbook.xml": b"<workbook><sheets><sheet"})
    assert "damaged" in rejected(write(tmp_path, "t.xlsx", data), "t.xlsx")


def test_workbook_damaged_further_down_a_sheet_is_rejected_while_iterating(tmp_path: Path) -> None:
    data = xlsx_bytes([["n", "text"]] + [[index, "x" * 50] for index in range(3_000)])
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        sheet = archive.read("xl/worksheets/sheet1.xml")
    data = rezip(data, {"xl/worksheets/sheet1.xml": sheet[: len(sheet) * 3 // 4]})
    table = read_table(write(tmp_path, "cut.xlsx", data), filename="cut.xlsx", **{**LIMITS, "max_rows": 5_000})
    with table, pytest.raises(FileRejected, match="damaged after row"):
        for _ in table:
            pass


def test_zip_bomb_with_a_hugely_compressed_part_is_rejected(tmp_path: Path) -> None:
    filler = b"<row/>" * (4 * 1024 * 1024)  # 24 MB that deflate to a few dozen KB
    data = rezip(xlsx_bytes([["a"], [1]]), {"xl/worksheets/sheet1.xml": filler})
    assert len(data) < 200_000
    assert "unreasonable size" in rejected(write(tmp_path, "bomb.xlsx", data), "bomb.xlsx")


def test_workbook_over_the_uncompressed_limit_is_rejected(tmp_path: Path) -> None:
    path = write(tmp_path, "t.xlsx", xlsx_bytes([["a"], [1]]))
    assert "unreasonable size" in rejected(path, "t.xlsx", max_uncompressed_bytes=1_000)


def test_workbook_with_xml_entity_declarations_is_rejected(tmp_path: Path) -> None:
    data = xlsx_bytes([["a"], [1]])
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        sheet = archive.read("xl/worksheets/sheet1.xml")
    assert not sheet.startswith(b"<?xml")
    laughs = b'<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol">]>' + sheet
    data = rezip(data, {"xl/worksheets/sheet1.xml": laughs})
    assert "XML declarations" in rejected(write(tmp_path, "t.xlsx", data), "t.xlsx")


def test_xlsx_upload_stream_is_read_and_left_open() -> None:
    stream = io.BytesIO(xlsx_bytes([["Rank"], ["L1"]]))
    assert read_all(stream, "t.xlsx")[1] == [(2, {"Rank": "L1"})]
    assert not stream.closed
    assert read_all(NonSeekable(stream.getvalue()), "t.xlsx")[1] == [(2, {"Rank": "L1"})]


def test_xlsx_more_rows_than_max_rows_is_rejected(tmp_path: Path) -> None:
    path = write(tmp_path, "t.xlsx", xlsx_bytes([["n"]] + [[index] for index in range(5)]))
    assert "more than 4 rows" in rejected(path, "t.xlsx", max_rows=4)


# -- JSON ---------------------------------------------------------------------------------------


def test_json_lines_yield_line_numbers_and_records_to_unwrap(tmp_path: Path) -> None:
    second = {**BIDPLUS_LINE, "id": "8497277", "b_bid_number": ["GEM/2025/R/6811418"]}
    text = json.dumps(BIDPLUS_LINE) + "\n\n" + json.dumps(second, ensure_ascii=False) + "\n"
    table, rows = read_all(write(tmp_path, "bids.jsonl", text), "bids.jsonl")
    assert table.format == "json"
    assert table.headers == list(BIDPLUS_LINE)
    assert [number for number, _ in rows] == [1, 3]
    record = unwrap_bidplus(rows[0][1])
    assert record["b_bid_number"] == "GEM/2025/B/6810987"
    assert record["b_total_quantity"] == 176 and record["is_high_value"] is False and record["id"] == "8496786"


def test_read_json_records_streams_and_reports_a_bad_line_as_a_row_error(tmp_path: Path) -> None:
    text = json.dumps(BIDPLUS_LINE) + "\n{not json\n[1, 2]\n" + json.dumps(BIDPLUS_LINE) + "\r\n"
    rows = list(read_json_records(write(tmp_path, "bids.jsonl", text), **LIMITS, filename="bids.jsonl"))
    assert [number for number, _ in rows] == [1, 2, 3, 4]
    assert isinstance(rows[1][1], RowError) and "Line 2 is not valid JSON" in str(rows[1][1])
    assert isinstance(rows[2][1], RowError) and "not a JSON object" in str(rows[2][1])
    assert rows[3][1] == BIDPLUS_LINE


def test_json_lines_with_bad_lines_before_the_first_good_one_keep_their_order(tmp_path: Path) -> None:
    text = "garbage\n" + json.dumps(BIDPLUS_LINE) + "\n"
    rows = list(read_json_records(write(tmp_path, "b.jsonl", text), **LIMITS, filename="b.jsonl"))
    assert [(number, type(values)) for number, values in rows] == [(1, RowError), (2, dict)]


def test_json_lines_file_where_nothing_parses_is_rejected(tmp_path: Path) -> None:
    text = "Tender ID,Rank\n2018_A_1_1,L1\n"
    assert "not in JSON" in rejected(write(tmp_path, "b.jsonl", text), "b.jsonl")


def test_json_lines_file_starting_with_many_bad_lines_is_rejected_early(tmp_path: Path) -> None:
    text = "nope\n" * 150 + json.dumps(BIDPLUS_LINE) + "\n"
    assert "not in JSON" in rejected(write(tmp_path, "b.jsonl", text), "b.jsonl")


def test_json_numbers_with_fractions_come_as_decimal(tmp_path: Path) -> None:
    _, rows = read_all(write(tmp_path, "v.jsonl", '{"value": 155269.10, "n": 3}\n'), "v.jsonl")
    assert rows[0][1] == {"value": Decimal("155269.10"), "n": 3}


def test_json_array_yields_records_by_position(tmp_path: Path) -> None:
    text = json.dumps([BIDPLUS_LINE, {"id": "2"}, 5], indent=2)
    table, rows = read_all(write(tmp_path, "bids.json", text), "bids.json")
    assert table.headers == list(BIDPLUS_LINE)
    assert [number for number, _ in rows] == [1, 2, 3]
    assert rows[1][1] == {"id": "2"}
    assert isinstance(rows[2][1], RowError)


def test_json_lines_in_a_json_named_file_are_read_as_lines(tmp_path: Path) -> None:
    _, rows = read_all(write(tmp_path, "b.json", '{"a": 1}\n{"a": 2}\n'), "b.json")
    assert rows == [(1, {"a": 1}), (2, {"a": 2})]


@pytest.mark.parametrize(
    "text", ['[{"a": 1}, {"a": 2', '[{"a": 1} {"a": 2}]', '[{"a": 1}] trailing', '[{"a": 1},]'],
    ids=["truncated", "missing-comma", "trailing-text", "trailing-comma"],
)
def test_malformed_json_array_is_rejected(tmp_path: Path, text: str) -> None:
    assert "not valid JSON" in rejected(write(tmp_path, "b.json", text), "b.json")


@pytest.mark.parametrize("text", ["", "[]", " [ ] \n", "\n\n"], ids=["empty", "empty-array", "spaced", "blank"])
def test_json_without_records_is_rejected(tmp_path: Path, text: str) -> None:
    assert rejected(write(tmp_path, "b.json", text), "b.json") == "The file has no rows."


def test_json_more_records_than_max_rows_is_rejected(tmp_path: Path) -> None:
    lines = write(tmp_path, "b.jsonl", '{"a": 1}\n' * 5)
    array = write(tmp_path, "b.json", json.dumps([{"a": 1}] * 5))
    assert "more than 4 rows" in rejected(lines, "b.jsonl", max_rows=4)
    assert "more than 4 rows" in rejected(array, "b.json", max_rows=4)


def test_json_in_utf16_with_bom_is_read(tmp_path: Path) -> None:
    data = ("\ufeff" + json.dumps({"विभाग": "लोक निर्माण"}, ensure_ascii=False) + "\n").encode("utf-16-le")
    _, rows = read_all(write(tmp_path, "b.jsonl", data), "b.jsonl")
    assert rows == [(1, {"विभाग": "लोक निर्माण"})]


def test_deeply_nested_json_line_is_a_row_error_not_a_crash(tmp_path: Path) -> None:
    text = json.dumps({"a": 1}) + "\n" + "[" * 100_000 + "]" * 100_000 + "\n"
    _, rows = read_all(write(tmp_path, "b.jsonl", text), "b.jsonl")
    assert isinstance(rows[1][1], RowError)


def test_read_json_records_refuses_a_non_json_file_name(tmp_path: Path) -> None:
    with pytest.raises(FileRejected):
        read_json_records(write(tmp_path, "b.csv", "a\n1\n"), **LIMITS, filename="b.csv")


def test_unwrap_bidplus_unwraps_one_element_lists_only() -> None:
    record = {"id": "8496786", "b_id": [8496786], "bbt_title": [], "pair": [1, 2], "flag": [False], "x": None}
    assert unwrap_bidplus(record) == {
        "id": "8496786", "b_id": 8496786, "bbt_title": None, "pair": [1, 2], "flag": False, "x": None,
    }
    assert record["b_id"] == [8496786]  # the input is not modified
