"""The TIMEX3 value grammar writes decades and centuries as TimeML/TIDES practice does (issue 17)."""

from __future__ import annotations

import pytest

from nato_corpus.schema.timex import is_valid_value


@pytest.mark.parametrize("value", ["P1DE", "P2DE", "PXDE", "P3CE", "P1ML", "P2Q", "P1Y6M", "PT4H"])
def test_two_letter_units_are_durations(value: str) -> None:
    assert is_valid_value("DURATION", value)


@pytest.mark.parametrize("value", ["P1E", "P4E", "P2C", "P1L", "PDE", "P1D E"])
def test_one_letter_decade_and_century_units_are_not(value: str) -> None:
    assert not is_valid_value("DURATION", value)
