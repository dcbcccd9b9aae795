"""The fast paths of gemcell.gemdata.parsing give exactly what the general paths give."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone

import pytest

from gemcell.gemdata import parsing
from gemcell.gemdata.parsing import IST, ParseError, parse_datetime


def general_datetime(raw: str) -> datetime:
    """``parse_datetime`` without its fast path."""
    local = parsing._local_or_aware(raw, None)
    assert local is not None
    return local.replace(tzinfo=IST).astimezone(timezone.utc)


def sample_times() -> list[str]:
    start = datetime(1950, 1, 1, 0, 0)
    moments = [start + timedelta(days=day, minutes=minute) for day in range(0, 150 * 366, 997)
               for minute in (0, 1, 329, 330, 331, 1439)]
    moments += [datetime(2024, 2, 29, 23, 59), datetime(2100, 12, 31, 23, 59), datetime(2025, 12, 31, 18, 30)]
    return [f'{moment:%d/%m/%Y %H:%M}' for moment in moments]


@pytest.mark.parametrize('raw', sample_times())
def test_common_gem_format_matches_the_general_path(raw: str) -> None:
    assert parsing._common_dmy(raw) is not None
    result = parse_datetime(raw)
    assert result == general_datetime(raw)
    assert result.tzinfo is timezone.utc


@pytest.mark.parametrize('raw', ['31/02/2026 10:00', '24/03/2018 24:00', '01/01/1949 10:00', '01/01/2101 00:00',
                                 '00/01/2026 10:00', '10/00/2026 10:00', '10/13/2026 10:00', '10/01/2026 10:60'])
def test_impossible_values_in_the_common_format_are_refused_by_the_general_path(raw: str) -> None:
    assert parsing._common_dmy(raw) is None
    with pytest.raises(ParseError):
        parse_datetime(raw, column='Contract date')


@pytest.mark.parametrize('raw', [' 08/01/2026 14:49', '08/01/2026 14:49 ', '८/01/2026 14:49', '8/1/2026 14:49',
                                 '08-01-2026 14:49', '08/01/2026 14:49:30', '08/01/2026 02:49 PM'])
def test_other_spellings_take_the_general_path(raw: str) -> None:
    assert parsing._common_dmy(raw) is None
    try:
        expected = general_datetime(raw)
    except ParseError:
        with pytest.raises(ParseError):
            parse_datetime(raw)
    else:
        assert parse_datetime(raw) == expected
