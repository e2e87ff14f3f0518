"""Unit-bearing quantities keep their unit from the documented vocabulary (issue 17), on invented sentences:
a calibre written spaced, hyphenated or solid is a quantity in mm, never a bare count; a one-word multiplier is a
count of times, never its number alone."""

from __future__ import annotations

import datetime as dt

import pytest

from nato_corpus.rules.figures import find_figures
from nato_corpus.schema.units import kind_of_unit

ANCHOR = dt.date(2031, 6, 12)


def _figures(text: str) -> list[tuple[str, str, str, str | None]]:
    return [(text[f.start:f.end], f.kind, str(f.value), f.unit) for f in find_figures(text, ANCHOR)]


@pytest.mark.parametrize(("text", "expected"), [
    ("The depot stored 105 mm rounds.", [("105 mm", "quantity", "105", "mm")]),
    ("The depot stored 105mm rounds.", [("105mm", "quantity", "105", "mm")]),
    ("A 81-mm mortar was shown.", [("81-mm", "quantity", "81", "mm")]),
    ("Snow lay 40cm deep.", [("40cm", "quantity", "40", "cm")]),
    ("The queue was 12km long.", [("12km", "quantity", "12", "km")]),
    ("The 4G mast was 30 metres tall.", [("30 metres", "quantity", "30", "m")]),
])
def test_unit_bearing_quantities(text: str, expected: list[tuple[str, str, str, str | None]]) -> None:
    assert _figures(text) == expected


def test_calibre_units_are_in_the_vocabulary() -> None:
    assert kind_of_unit("mm") == kind_of_unit("cm") == "quantity"


@pytest.mark.parametrize(("text", "expected"), [
    ("Ferry traffic saw a fourfold rise.", [("fourfold", "count", "4", "item", "times")]),
    ("Ferry traffic rose seven-fold in a decade.", [("seven-fold", "count", "7", "item", "times")]),
    ("Ferry traffic rose 2.5-fold.", [("2.5-fold", "count", "2.5", "item", "times")]),
    ("The problems were manifold.", []),
])
def test_one_word_multipliers(text: str, expected: list[tuple[str, str, str, str, str | None]]) -> None:
    assert [(text[f.start:f.end], f.kind, str(f.value), f.unit, f.measures)
            for f in find_figures(text, ANCHOR) if "decade" not in text[f.start:f.end]] == expected
