"""Tests of gemcell.gemdata.parsing, with the odd values seen in the real GeM / GePNIC samples."""

from __future__ import annotations

import unicodedata
from collections.abc import Callable
from datetime import date, datetime, time, timedelta, timezone
from decimal import Decimal
from typing import Any

import pytest
from flask_babel.speaklater import LazyString

from gemcell.gemdata.parsing import (
    MISSING_VALUES,
    ParseError,
    is_missing,
    normalize_header,
    parse_amount,
    parse_bool,
    parse_date,
    parse_datetime,
    parse_gem_bid_number,
    parse_gem_contract_number,
    parse_gepnic_tender_id,
    parse_int,
    parse_percent,
    parse_rank,
    parse_text,
)

UTC = timezone.utc
ALL_PARSERS: list[Callable[..., Any]] = [
    parse_amount, parse_int, parse_percent, parse_datetime, parse_date, parse_rank, parse_bool, parse_text,
    parse_gem_bid_number, parse_gem_contract_number, parse_gepnic_tender_id,
]


def utc(year: int, month: int, day: int, hour: int = 0, minute: int = 0, second: int = 0, micro: int = 0) -> datetime:
    return datetime(year, month, day, hour, minute, second, micro, tzinfo=UTC)


# -- missing values and garbage -----------------------------------------------------------------


@pytest.mark.parametrize("parser", ALL_PARSERS, ids=lambda parser: parser.__name__)
@pytest.mark.parametrize(
    "value", [None, "", "   ", "NA", "na", " N/A ", "n/a", "-", " – ", "—", "nil", "Nil", "\ufeffNA", "\u00a0"]
)
def test_every_parser_returns_none_for_the_documented_missing_values(parser: Callable[..., Any], value: Any) -> None:
    assert parser(value) is None


@pytest.mark.parametrize(
    "parser", [parser for parser in ALL_PARSERS if parser is not parse_text], ids=lambda parser: parser.__name__
)
@pytest.mark.parametrize("value", ["xyz??", "N.A.", "--?", "None of these"])
def test_no_parser_turns_garbage_into_a_silent_none(parser: Callable[..., Any], value: str) -> None:
    with pytest.raises(ParseError):
        parser(value)


def test_missing_set_is_lower_case_and_documented() -> None:
    assert {"", "na", "n/a", "-", "–", "—", "nil"} == MISSING_VALUES
    assert is_missing(" NA ") and is_missing(None) and not is_missing("0") and not is_missing(0)


def test_parse_error_carries_column_value_and_a_lazy_translatable_message() -> None:
    with pytest.raises(ParseError) as caught:
        parse_amount("12,34,5", column="EMD Amount in ₹")
    error = caught.value
    assert isinstance(error, ValueError)
    assert error.column == "EMD Amount in ₹"
    assert error.value == "12,34,5"
    assert isinstance(error.message, LazyString)
    assert str(error) == '"12,34,5" is not a valid amount'


def test_parse_error_quotes_a_long_value_shortened() -> None:
    with pytest.raises(ParseError) as caught:
        parse_int("x" * 500)
    assert len(str(caught.value)) < 120
    assert caught.value.value == "x" * 500


# -- amounts ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("17,62,000", "1762000"),  # Indian grouping
        ("1,40,000", "140000"),  # GePNIC "EMD Amount in ₹"
        ("1,23,456.50", "123456.50"),
        ("70,00,000.00", "7000000"),  # GePNIC financial ranking "Value"
        ("50,23,195.21", "5023195.21"),
        ("9,99,99,99,999.99", "9999999999.99"),
        ("INR 84,085,000", "84085000"),  # GePNIC "Contract Value": international grouping
        ("INR 6,300,000", "6300000"),
        ("6,300,000", "6300000"),  # awards "Awarded Value"
        ("INR 1", "1"),
        ("₹ 5,00,000", "500000"),
        ("₹5,00,000", "500000"),
        ("Rs. 5,000/-", "5000"),
        ("Rs 5000", "5000"),
        ("रु. 1,000", "1000"),
        ("42000.000", "42000"),  # GeM contracts "price"
        ("155269.0", "155269"),  # float artefact
        ("4,200", "4200"),  # GeM contracts "unit_price"
        ("2,499.96", "2499.96"),
        ("14,498.4", "14498.40"),
        ("54.9", "54.90"),
        ("0.0", "0"),
        (".5", "0.50"),
        ("१,२३,४५६", "123456"),  # Devanagari digits
        (155269.0, "155269"),
        (42000, "42000"),
        (0.30000000000000004, "0.30"),  # binary float noise from a spreadsheet
        (Decimal("1234.5"), "1234.50"),
    ],
)
def test_parse_amount_reads_indian_and_international_amounts(raw: Any, expected: str) -> None:
    result = parse_amount(raw)
    assert result == Decimal(expected)
    assert str(result) == expected


def test_parse_amount_returns_whole_rupees_without_decimal_places() -> None:
    assert parse_amount("155269.0").as_tuple().exponent == 0  # type: ignore[union-attr]


@pytest.mark.parametrize(
    "raw",
    ["12,34,5", "1,2,3", "1,00,000,000", "12,345,67", ",500", "5000.", "1.2.3", "1e5", "nan", "inf", "₹", "INR",
     "12 345", "five", "10.005", "1,000.001", True, float("nan"), float("inf"), Decimal("NaN"), "5,000/- only"],
)
def test_parse_amount_rejects_misgrouped_and_garbage_amounts(raw: Any) -> None:
    with pytest.raises(ParseError):
        parse_amount(raw)


def test_parse_amount_says_why_three_decimals_are_refused() -> None:
    with pytest.raises(ParseError, match="more than two decimal places"):
        parse_amount("10.005")


@pytest.mark.parametrize("raw", ["-5,000", "−5,000", "- ₹ 5,000", "₹ -5,000", -5000, -0.5])
def test_parse_amount_rejects_negative_amounts_by_default(raw: Any) -> None:
    with pytest.raises(ParseError, match="negative"):
        parse_amount(raw)


@pytest.mark.parametrize("raw", ["-5,000", "−5,000", "- ₹ 5,000", -5000])
def test_parse_amount_accepts_negative_amounts_when_allowed(raw: Any) -> None:
    assert parse_amount(raw, allow_negative=True) == Decimal(-5000)


def test_parse_amount_turns_minus_zero_into_zero() -> None:
    assert str(parse_amount("-0")) == "0"


def test_parse_amount_rejects_absurdly_large_amounts() -> None:
    with pytest.raises(ParseError, match="too large"):
        parse_amount("1" + "0" * 20)
    with pytest.raises(ParseError):
        parse_amount("9" * 10_000)


# -- integers and percentages -------------------------------------------------------------------


@pytest.mark.parametrize(
    ("raw", "expected"),
    [("10", 10), ("10.0", 10), ("1,000", 1000), ("1,00,000", 100000), ("180.0", 180), ("785621.0", 785621),
     (" 42 ", 42), (10, 10), (10.0, 10), (Decimal("7.00"), 7), ("१०", 10), ("0", 0)],
)
def test_parse_int_reads_whole_numbers(raw: Any, expected: int) -> None:
    assert parse_int(raw) == expected


@pytest.mark.parametrize("raw", ["10.5", 10.5, Decimal("0.1"), "1.01"])
def test_parse_int_rejects_fractions(raw: Any) -> None:
    with pytest.raises(ParseError, match="not a whole number"):
        parse_int(raw)


@pytest.mark.parametrize("raw", ["ten", "1,0", "12,34,5", "0x10", "1e3", True, False, float("inf"), 2**70])
def test_parse_int_rejects_non_numbers_booleans_and_huge_values(raw: Any) -> None:
    with pytest.raises(ParseError):
        parse_int(raw)


def test_parse_int_rejects_negatives_unless_allowed() -> None:
    with pytest.raises(ParseError, match="negative"):
        parse_int("-3")
    assert parse_int("-3", allow_negative=True) == -3


@pytest.mark.parametrize(
    ("raw", "expected"),
    [("2.0%", "2.0"), ("2", "2"), ("2.5 %", "2.5"), ("0%", "0"), ("100", "100"), (2.5, "2.5"), (3, "3"),
     ("2.00%", "2.00")],
)
def test_parse_percent_reads_percentages(raw: Any, expected: str) -> None:
    assert parse_percent(raw) == Decimal(expected)


@pytest.mark.parametrize("raw", ["101%", "-1%", "two", "2%%", "% 2", "2,5%", True, float("nan")])
def test_parse_percent_rejects_values_outside_0_to_100_and_garbage(raw: Any) -> None:
    with pytest.raises(ParseError):
        parse_percent(raw)


# -- dates and times ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("24-Mar-2018 09:00 AM", utc(2018, 3, 24, 3, 30)),  # GePNIC, IST
        ("29-Mar-2018 03:00 PM", utc(2018, 3, 29, 9, 30)),
        ("27-Mar-2018 05:26 PM", utc(2018, 3, 27, 11, 56)),
        ("20-Mar-2024 12:08 PM", utc(2024, 3, 20, 6, 38)),
        ("12-Mar-2024 12:09 AM", utc(2024, 3, 11, 18, 39)),  # 12 AM is just after midnight
        ("24-march-2018 9:00 am", utc(2018, 3, 24, 3, 30)),
        ("24 Sept 2018 21:15:30", utc(2018, 9, 24, 15, 45, 30)),
        ("08/1/2026 14:49", utc(2026, 1, 8, 9, 19)),  # GeM contracts: DD/M/YYYY, IST
        ("08/01/2026", utc(2026, 1, 7, 18, 30)),
        ("31.12.2025 23:59", utc(2025, 12, 31, 18, 29)),
        ("2025-12-04T10:45:56Z", utc(2025, 12, 4, 10, 45, 56)),  # GeM BidPlus, UTC
        ("2025-12-04t10:45:56z", utc(2025, 12, 4, 10, 45, 56)),
        ("2025-12-04T16:15:56+05:30", utc(2025, 12, 4, 10, 45, 56)),
        ("2025-12-04T16:15:56.250+0530", utc(2025, 12, 4, 10, 45, 56, 250000)),
        ("2026-01-10 09:31:35", utc(2026, 1, 10, 4, 1, 35)),  # GeM contracts created_at, IST
        ("20-Mar-2024", utc(2024, 3, 19, 18, 30)),  # date only: midnight IST
        ("2026-01-10", utc(2026, 1, 9, 18, 30)),
        (45000.5, utc(2023, 3, 15, 6, 30)),  # Excel serial, IST noon
        (45000, utc(2023, 3, 14, 18, 30)),
        (Decimal("45000.25"), utc(2023, 3, 15, 0, 30)),
        (datetime(2024, 3, 20, 9, 0), utc(2024, 3, 20, 3, 30)),  # naive = IST
        (datetime(2024, 3, 20, 9, 0, tzinfo=UTC), utc(2024, 3, 20, 9, 0)),
        (datetime(2024, 3, 20, 9, 0, tzinfo=timezone(timedelta(hours=-5))), utc(2024, 3, 20, 14, 0)),
        (date(2024, 3, 20), utc(2024, 3, 19, 18, 30)),
    ],
)
def test_parse_datetime_returns_utc_taking_naive_times_as_ist(raw: Any, expected: datetime) -> None:
    result = parse_datetime(raw)
    assert result == expected
    assert result is not None and result.utcoffset() == timedelta(0)


def test_parse_datetime_reads_numeric_dates_day_first_never_month_first() -> None:
    assert parse_date("08/1/2026") == date(2026, 1, 8)
    assert parse_date("1/12/2026") == date(2026, 12, 1)
    with pytest.raises(ParseError):
        parse_date("1/13/2026")  # would be 13 January only if read month first


@pytest.mark.parametrize(
    "raw",
    [
        "31/02/2026", "29-Feb-2023", "30-Feb-2024 10:00 AM", "24-Foo-2018", "24-Mar-2018 13:00 PM",
        "24-Mar-2018 00:30 AM", "24-Mar-2018 24:00", "24/03/18", "2026-13-01", "2026-02-30T10:00:00Z",
        "GEM/2025/B/6511397",  # GeM contracts: a shifted column in the Bid/RA rows
        "tomorrow", "20240320", "01-Jan-1900", "01-Jan-2200", "08/1/2026 14:49 IST", True, 0, 10.5,
        1e12, float("nan"), time(9, 0),
    ],
)
def test_parse_datetime_rejects_impossible_ambiguous_and_out_of_range_dates(raw: Any) -> None:
    with pytest.raises(ParseError):
        parse_datetime(raw)


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("20-Mar-2024", date(2024, 3, 20)),
        ("24-Mar-2018 09:00 AM", date(2018, 3, 24)),
        ("12-Mar-2024 12:09 AM", date(2024, 3, 12)),
        ("2025-12-04T20:45:56Z", date(2025, 12, 5)),  # 02:15 on 5 December in IST
        ("08/1/2026 14:49", date(2026, 1, 8)),
        (datetime(2024, 3, 20, 23, 0), date(2024, 3, 20)),
        (datetime(2024, 3, 20, 20, 0, tzinfo=UTC), date(2024, 3, 21)),
        (date(2024, 3, 20), date(2024, 3, 20)),
        (45000.99, date(2023, 3, 15)),
    ],
)
def test_parse_date_gives_the_ist_calendar_date(raw: Any, expected: date) -> None:
    assert parse_date(raw) == expected


def test_parse_date_rejects_an_invalid_date_with_the_column_named() -> None:
    with pytest.raises(ParseError) as caught:
        parse_date("31/02/2026", column="Contract Date")
    assert caught.value.column == "Contract Date"
    assert "31/02/2026" in str(caught.value)


# -- ranks --------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("L1", 1), ("l2", 2), ("l3", 3), ("L10", 10), ("1.0", 1), ("2.0", 2), ("1", 1), (" L1 ", 1),
        ("LI", 1), ("LII", 2), ("LIII", 3), ("L-1", 1), ("L-2", 2), ("L 1", 1), ("L 4", 4),
        ("L - II", 2), ("L - I", 1), ("L -III", 3), ("I", 1), ("II", 2), ("III", 3), ("LIV", 4),
        (1, 1), (2.0, 2), (Decimal("3"), 3),
    ],
)
def test_parse_rank_reads_the_rank_spellings_of_gepnic(raw: Any, expected: int) -> None:
    assert parse_rank(raw) == expected


@pytest.mark.parametrize("raw", ["No rank", "No Rank", "NO  RANK", "NA"])
def test_parse_rank_treats_no_rank_as_missing(raw: str) -> None:
    assert parse_rank(raw) is None


@pytest.mark.parametrize(
    "raw", ["H1", "SPONSIVE", "RESPONSIVE", "L0", "0", "L", "1.5", "LL1", "L1A", "IIII", "rank 1", -1, 0, 1.5, True]
)
def test_parse_rank_rejects_other_text(raw: Any) -> None:
    with pytest.raises(ParseError, match="not a valid rank"):
        parse_rank(raw)


# -- booleans, text, headers --------------------------------------------------------------------


@pytest.mark.parametrize(
    ("raw", "expected"),
    [("Yes", True), ("no", False), ("TRUE", True), ("false", False), ("1", True), ("0", False), ("Y", True),
     ("n", False), ("हाँ", True), ("हां", True), ("नहीं", False), (True, True), (False, False), (1, True),
     (0.0, False), (Decimal("1"), True)],
)
def test_parse_bool_reads_english_hindi_and_numeric_yes_no(raw: Any, expected: bool) -> None:
    assert parse_bool(raw) is expected


@pytest.mark.parametrize("raw", ["maybe", "percentage", "2", 2, -1, 0.5, "yes please"])
def test_parse_bool_rejects_anything_else(raw: Any) -> None:
    with pytest.raises(ParseError, match="not yes or no"):
        parse_bool(raw)


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("  Principal Secretary   TKAC\tAssam\nTitabar ", "Principal Secretary TKAC Assam Titabar"),
        ("M/S SNEH ENTERPRISES", "M/S SNEH ENTERPRISES"),
        ("निविदा\u00a0 संख्या", "निविदा संख्या"),
        ("a\x00b\x07c", "abc"),
        (785621.0, "785621"),
        (42, "42"),
        (12.5, "12.5"),
        (date(2024, 3, 20), "2024-03-20"),
    ],
)
def test_parse_text_strips_and_collapses_whitespace_in_single_line_fields(raw: Any, expected: str) -> None:
    assert parse_text(raw) == expected


def test_parse_text_keeps_line_breaks_in_multiline_fields() -> None:
    raw = "Line one  \r\n\r\n\r\n\r\n  line   two\rthree "
    assert parse_text(raw, multiline=True) == "Line one\n\nline two\nthree"


def test_parse_text_normalises_to_nfc() -> None:
    decomposed = unicodedata.normalize("NFD", "café क़")
    assert parse_text(decomposed) == unicodedata.normalize("NFC", "café क़")


def test_parse_text_rejects_text_longer_than_max_len() -> None:
    assert parse_text("abcde", 5) == "abcde"
    with pytest.raises(ParseError, match="6 characters long; at most 5"):
        parse_text("abcdef", 5, column="Title")


def test_parse_text_rejects_booleans() -> None:
    with pytest.raises(ParseError):
        parse_text(True)


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("EMD Amount in ₹", "emd amount in ₹"),
        ("\ufeffTender ID ", "tender id"),
        ("Bid Validity(Days)", "bid validity days"),
        ("No. of Covers", "no of covers"),
        ("Document Download / Sale Start Date", "document download sale start date"),
        ("b.b_created_by", "b b created by"),
        ("  निविदा   संख्या। ", "निविदा संख्या"),
        ("ई-मेल", "ई मेल"),
        ("EMD  Amount\tin ₹", "emd amount in ₹"),
        (None, ""),
        (2024, "2024"),
    ],
)
def test_normalize_header_lowercases_and_drops_punctuation_keeping_devanagari(raw: Any, expected: str) -> None:
    assert normalize_header(raw) == expected


def test_normalize_header_matches_composed_decomposed_and_zero_width_variants() -> None:
    composed = "\u0958ीमत"  # QA as one code point
    decomposed = "\u0915\u093cीमत"  # KA + NUKTA
    assert normalize_header(composed) == normalize_header(decomposed)
    assert normalize_header("क्\u200dष") == normalize_header("क्ष")


# -- identifiers --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("GEM/2025/B/6810987", "GEM/2025/B/6810987"),
        ("gem/2025/r/6974734", "GEM/2025/R/6974734"),
        (" GEM / 2016 / B / 12345 ", "GEM/2016/B/12345"),
        ("GEM/2099/B/123456789", "GEM/2099/B/123456789"),
    ],
)
def test_parse_gem_bid_number_accepts_bids_and_reverse_auctions(raw: str, expected: str) -> None:
    assert parse_gem_bid_number(raw) == expected


@pytest.mark.parametrize(
    "raw",
    ["GEM/2015/B/1234567", "GEM/2025/C/1234567", "GEM/2025/B/1234", "GEM/2025/B/1234567890", "GEM/25/B/1234567",
     "GEMC-511687754738820", "GEM-2025-B-1234567", 6810987],
)
def test_parse_gem_bid_number_rejects_other_shapes(raw: Any) -> None:
    with pytest.raises(ParseError, match="not a GeM bid number"):
        parse_gem_bid_number(raw)


@pytest.mark.parametrize(
    ("raw", "expected"),
    [("GEMC-511687754738820", "GEMC-511687754738820"), ("gemc-511687789665064", "GEMC-511687789665064")],
)
def test_parse_gem_contract_number_accepts_gemc_and_15_digits(raw: str, expected: str) -> None:
    assert parse_gem_contract_number(raw) == expected


@pytest.mark.parametrize(
    "raw", ["GEMC-51168775473882", "GEMC-5116877547388201", "GEMC511687754738820", "GEM/2025/B/6511397", "GEMC-"]
)
def test_parse_gem_contract_number_rejects_other_shapes(raw: str) -> None:
    with pytest.raises(ParseError, match="not a GeM contract number"):
        parse_gem_contract_number(raw)


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("2022_PWD_26485_11", "2022_PWD_26485_11"),
        ("2018_WPTBC_6506_1", "2018_WPTBC_6506_1"),
        ("2021_aspir_22265_1", "2021_ASPIR_22265_1"),
        ("2023_PWBNH_31329_1", "2023_PWBNH_31329_1"),
        ("2024_UP2_101_1", "2024_UP2_101_1"),
    ],
)
def test_parse_gepnic_tender_id_accepts_year_org_serial_part(raw: str, expected: str) -> None:
    assert parse_gepnic_tender_id(raw) == expected


@pytest.mark.parametrize("raw", ["PWD_26485_11", "2022-PWD-26485-11", "1999_PWD_1_1", "2022_PWD_26485", "2022__1_1"])
def test_parse_gepnic_tender_id_rejects_other_shapes(raw: str) -> None:
    with pytest.raises(ParseError, match="not a GePNIC tender ID"):
        parse_gepnic_tender_id(raw)
