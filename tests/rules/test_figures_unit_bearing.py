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


@pytest.mark.parametrize(("text", "expected"), [
    # a fraction with an exact percentage, of something or as the size of a change, with its bound inside
    ("The port handles less than a tenth of the cargo.", [("less than a tenth", "percent", "10", "percent")]),
    ("The town pays roughly a quarter of the cost.", [("roughly a quarter", "percent", "25", "percent")]),
    ("The fleet shrank by more than half.", [("more than half", "percent", "50", "percent")]),
    ("A third of the crews quit.", []),  # no exact decimal percentage
    # a national adjective picks the currency of "crowns"
    ("The bridge cost 4 billion Danish crowns.", [("4 billion Danish crowns", "money", "4000000000", "DKK")]),
    ("The ferry cost 90 million Swedish crowns.", [("90 million Swedish crowns", "money", "90000000", "SEK")]),
])
def test_fractions_and_crowns(text: str, expected: list[tuple[str, str, str, str | None]]) -> None:
    assert _figures(text) == expected
