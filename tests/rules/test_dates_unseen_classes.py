"""Date error classes seen on unseen news (issue 17), each on invented sentences: seasons with an edge, parts of
day, day ranges, an edge word inside the span, the year of a month-day under a reporting verb, vague recent
periods and "the last <unit>" as lengths."""

from __future__ import annotations

import datetime as dt

import pytest

from nato_corpus.rules import RuleContext
from nato_corpus.rules.dates import annotate

THURSDAY = dt.date(2031, 6, 12)  # anchor of every case unless stated


def _dates(text: str, anchor: dt.date = THURSDAY) -> list[tuple[str, str, str, str | None, bool]]:
    return [(a.text, a.type, a.value, a.mod, a.temporal_function)  # type: ignore[union-attr]
            for a in annotate(text, RuleContext(anchor=anchor))]


CASES = [
    # a season with an edge phrase: the whole phrase is the span, the edge gives the mod
    ("Farmers will harvest before the onset of winter.", [("the onset of winter", "DATE", "2031-WI", "START", True)]),
    ("The ferry runs until the end of summer 2029.", [("the end of summer 2029", "DATE", "2029-SU", "END", False)]),
    # parts of day: TimeML's TNI for a night, dated by the evening it starts
    ("Sirens sounded overnight across the port.", [("overnight", "TIME", "2031-06-11TNI", None, True)]),
    ("Crews will work overnight to clear the road.", [("overnight", "TIME", "2031-06-12TNI", None, True)]),
    ("The guests booked an overnight stay.", []),
    ("The council met on Tuesday evening.", [("Tuesday evening", "TIME", "2031-06-10TEV", None, True)]),
    # a day range: one span per day, the first day takes the month written after the second
    ("The fair will open on 24-25 June in Lyon.",
     [("24", "DATE", "2031-06-24", None, True), ("25 June", "DATE", "2031-06-25", None, True)]),
    ("The fair will open on June 24-25 in Lyon.",
     [("June 24", "DATE", "2031-06-24", None, True), ("25", "DATE", "2031-06-25", None, True)]),
    ("The festival ran from 3 to 5 May 2030.",
     [("3", "DATE", "2030-05-03", None, False), ("5 May 2030", "DATE", "2030-05-05", None, False)]),
    # an edge word before a weekday or day word is inside the span and gives the mod
    ("The miners walked out early Tuesday.", [("early Tuesday", "DATE", "2031-06-10", "START", True)]),
    ("The storm hit late yesterday.", [("late yesterday", "DATE", "2031-06-11", "END", True)]),
    # the year of a month-day: a reporting verb dates the speech, the reported clause dates the event
    ("The mayor said the fair on 24 June would draw crowds.", [("24 June", "DATE", "2031-06-24", None, True)]),
    ("The unions agreed to meet again on 20 June.", [("20 June", "DATE", "2031-06-20", None, True)]),
    ("The mayor said on 20 June the fair was over.", [("20 June", "DATE", "2030-06-20", None, True)]),
    # vague recent periods and "the last <unit>" are lengths ending at the anchor
    ("Prices climbed in recent days.", [("recent days", "DURATION", "PXD", None, False)]),
    ("Over the last week, the river rose.", [("the last week", "DURATION", "P1W", None, False)]),
    ("The river rose last week.", [("last week", "DATE", "2031-W23", None, True)]),
    ("He spoke in the last week of May.", [("May", "DATE", "2031-05", None, True)]),
    # decade and century lengths in TimeML/TIDES's two-letter units; a plural century is a unit like any other
    ("The bridge has stood for three centuries.", [("three centuries", "DURATION", "P3CE", None, False)]),
    ("Over the past two decades the town grew.", [("the past two decades", "DURATION", "P2DE", None, False)]),
    # a hyphenated -ed adjective is not a past verb: the clause's "will" decides the year of the month-day
    ("Engineers will test the ground-based radar on 3 March, the minister said.",
     [("3 March", "DATE", "2032-03-03", None, True)]),
    # the attribution's tense dates a weekday before a colon opening a quotation, and before "that"
    ('The mayor said in Lyon on Friday morning: "We will open the bridge next year."',
     [("Friday morning", "TIME", "2031-06-06TMO", None, True), ("next year", "DATE", "2032", None, True)]),
    ("The engineer told the town council late Monday that the bridge would reopen.",
     [("late Monday", "DATE", "2031-06-09", "END", True)]),
    # a bare season after a temporal preposition is a date; "the fall of" a noun is not
    ("The plant opened in the spring.", [("the spring", "DATE", "2031-SP", None, True)]),
    ("The plant will close before winter.", [("winter", "DATE", "2031-WI", None, True)]),
    ("The fall of the old regime came fast.", []),
    # the coming period written after its unit
    ("Prices will rise in the years to come.", [("the years to come", "DATE", "FUTURE_REF", None, True)]),
    ("Talks are planned for the months ahead.", [("the months ahead", "DATE", "FUTURE_REF", None, True)]),
    # a trailing "or more" is inside the duration and gives its mod (B3)
    ('Repairs could take "two years or more".', [("two years or more", "DURATION", "P2Y", "EQUAL_OR_MORE", False)]),
]


@pytest.mark.parametrize(("text", "expected"), CASES, ids=[c[0][:40] for c in CASES])
def test_unseen_date_classes(text: str, expected: list[tuple[str, str, str, str | None, bool]]) -> None:
    assert _dates(text) == expected


def test_onset_of_a_season_ahead_of_the_anchor_is_this_years() -> None:
    november = dt.date(2031, 11, 20)
    assert _dates("The city braced for the onset of winter.", november)[0][2] == "2031-WI"
