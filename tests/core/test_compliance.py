"""How the points of a direction (or a meeting's action points) roll up into one status."""
import pytest

from gemcell.core.compliance import Compliance as C, roll_up


@pytest.mark.parametrize('points, expected', [
    ([], C.not_applicable),
    ([C.not_applicable, C.not_applicable], C.not_applicable),
    ([C.complied, C.complied], C.complied),
    ([C.complied, C.not_applicable], C.complied),  # a point that does not apply does not hold the rest back
    ([C.not_complied, C.not_applicable, C.not_complied], C.not_complied),
    ([C.complied, C.not_complied], C.partly),
    ([C.partly, C.complied], C.partly),
    ([C.complied, C.pending], C.pending),  # one point not yet classed: the whole is not decided
    ([C.not_complied, C.pending], C.pending),
])
def test_roll_up(points, expected):
    assert roll_up(points) is expected
