"""Whatever an article holds, the rules return valid annotations or none, never an exception.

The CLI reports an exception as "internal error", so one crafted number or quotation in a pull request fails CI.
Numbers of 29 digits or more (the default decimal context keeps 28), spans longer than the schema's
SPAN_TEXT_MAX, dates outside the calendar and deeply nested relative clauses each used to raise.
"""

from __future__ import annotations

import pytest

from nato_corpus.rules import annotate_text
from nato_corpus.schema import DateAnnotation, FigureAnnotation, QuoteAnnotation
from nato_corpus.schema.base import SPAN_TEXT_MAX

ANCHOR = "2025-01-01"
HUGE = "9" * 31


def _figures(text: str) -> list[tuple[str, str | None, str]]:
    return [(a.text, a.value, a.unit) for a in annotate_text(text, ANCHOR, layers=("figures",))
            if isinstance(a, FigureAnnotation)]


@pytest.mark.parametrize(("text", "expected"), [
    (f"worth {HUGE} dollars", [(f"{HUGE} dollars", HUGE, "USD")]),
    (f"worth {HUGE} billion dollars", [(f"{HUGE} billion dollars", HUGE + "0" * 9, "USD")]),  # exact, not rounded
    (f"a fleet of {HUGE} drones", [(HUGE, HUGE, "item")]),
    ("about 1.23456789012345678901234567890123 percent", [
        ("about 1.23456789012345678901234567890123 percent", "1.23456789012345678901234567890123", "percent")]),
])
def test_numbers_of_any_length_are_exact_figures(text: str, expected: list[tuple[str, str | None, str]]) -> None:
    assert _figures(text) == expected


def test_a_number_of_thousands_of_digits_is_a_figure() -> None:
    number = "7" * 5_000  # int() of more than 4,300 digits raises; an age check used it
    assert _figures(f"Putin, {number}, said") == [(number, number, "item")]


def test_a_figure_longer_than_the_schema_allows_is_skipped() -> None:
    assert _figures("worth " + "7" * (SPAN_TEXT_MAX + 1) + " dollars") == []
    assert _figures("5" + " " * SPAN_TEXT_MAX + "billion dollars") == []


def _quotes(text: str) -> list[QuoteAnnotation]:
    return [a for a in annotate_text(text, ANCHOR, layers=("quotes",)) if isinstance(a, QuoteAnnotation)]


@pytest.mark.parametrize("words", [10, SPAN_TEXT_MAX // 5 - 2, SPAN_TEXT_MAX // 5 + 1])
def test_a_quotation_longer_than_the_schema_allows_is_skipped(words: int) -> None:
    quoted = " ".join(["word"] * words)
    found = _quotes(f'The minister said: "{quoted}."')
    assert [q.text for q in found] == ([quoted] if len(quoted) <= SPAN_TEXT_MAX else [])


def test_a_speaker_longer_than_the_schema_allows_is_skipped() -> None:
    assert _quotes("a" + " " * SPAN_TEXT_MAX + "official said that the plan is good and fair.") == []


def test_relative_clauses_before_a_cue_do_not_recurse() -> None:
    found = _quotes("The officials" + ", who" * 3_000 + " said that the plan is good.")
    assert [q.text for q in found] == ["the plan is good"]


def _dates(text: str) -> list[tuple[str, str, str]]:
    return [(a.text, a.type, a.value) for a in annotate_text(text, ANCHOR, layers=("dates",))
            if isinstance(a, DateAnnotation)]


@pytest.mark.parametrize(("text", "expected"), [
    ("It happened 10000 years ago.", [("10000 years", "DURATION", "P10000Y")]),  # year -7975: no TIMEX3 value
    ("It happened 1000000 days ago.", [("1000000 days", "DURATION", "P1000000D")]),  # before year 1
    ("It ends in 100000 years' time.", [("100000 years", "DURATION", "P100000Y")]),
    ("Jesus was born 2025 years ago.", [("2025 years", "DURATION", "P2025Y")]),  # year 0: not four digits
    ("It happened 300 years ago.", [("300 years ago", "DATE", "1725")]),
])
def test_dates_beyond_the_calendar_are_not_dates(text: str, expected: list[tuple[str, str, str]]) -> None:
    assert _dates(text) == expected


def test_durations_of_thousands_of_digits_are_durations() -> None:
    number = "1" * 5_000
    assert _dates(f"for {number} years") == [(f"{number} years", "DURATION", f"P{number}Y")]


def test_a_date_longer_than_the_schema_allows_is_skipped() -> None:
    assert _dates("January" + " " * SPAN_TEXT_MAX + "2024") == []
