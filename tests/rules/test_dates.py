"""Date rules on invented news sentences (not corpus text): span, TIMEX3 type, value, mod, temporal_function."""

from __future__ import annotations

import datetime as dt

import pytest

from nato_corpus.rules import RuleContext
from nato_corpus.rules.dates import annotate

WEDNESDAY = dt.date(2025, 3, 12)  # anchor of every case below unless stated


def _dates(text: str, anchor: dt.date = WEDNESDAY) -> list[tuple[str, str, str, str | None, bool]]:
    return [(a.text, a.type, a.value, a.mod, a.temporal_function)  # type: ignore[union-attr]
            for a in annotate(text, RuleContext(anchor=anchor))]


CASES = [
    # absolute calendar dates in the common orders
    ("The accord was signed on March 3, 2021, in Warsaw.", [("March 3, 2021", "DATE", "2021-03-03", None, False)]),
    ("Leaders met on 4 July 2019 in London.", [("4 July 2019", "DATE", "2019-07-04", None, False)]),
    ("The pact dates from Sept. 9, 1999.", [("Sept. 9, 1999", "DATE", "1999-09-09", None, False)]),
    ("The treaty entered into force in April 1949.", [("April 1949", "DATE", "1949-04", None, False)]),
    ("The mission began on 2024-01-15.", [("2024-01-15", "DATE", "2024-01-15", None, False)]),
    ("Elections were held in 1994 and again in 2004.",
     [("1994", "DATE", "1994", None, False), ("2004", "DATE", "2004", None, False)]),
    # underspecified: year from the anchor, steered by tense
    ("Ministers met again on the 5th of August.", [("the 5th of August", "DATE", "2024-08-05", None, True)]),
    ("The vote is set for June 20.", [("June 20", "DATE", "2025-06-20", None, True)]),
    ("The talks are scheduled for Friday, March 14.", [("Friday, March 14", "DATE", "2025-03-14", None, True)]),
    ("The programme was launched in May and ended in October.",
     [("May", "DATE", "2024-05", None, True), ("October", "DATE", "2024-10", None, True)]),
    ("May said the meeting went well.", []),
    ("He will march in March 2026.", [("March 2026", "DATE", "2026-03", None, False)]),
    # weekdays resolved by tense
    ("Officials said on Monday that the talks had stalled.", [("Monday", "DATE", "2025-03-10", None, True)]),
    ("The envoys will meet on Friday in Geneva.", [("Friday", "DATE", "2025-03-14", None, True)]),
    ("Delegates are gathering in Oslo on Wednesday and Thursday.",
     [("Wednesday", "DATE", "2025-03-12", None, True), ("Thursday", "DATE", "2025-03-13", None, True)]),
    ("The minister resigned last Friday.", [("last Friday", "DATE", "2025-03-07", None, True)]),
    ("The summit opens next Tuesday.", [("next Tuesday", "DATE", "2025-03-18", None, True)]),
    ("Troops crossed the border on Sunday night.", [("Sunday night", "TIME", "2025-03-09TNI", None, True)]),
    ("Turnout in the 2024 elections and NATO’s 2019 reforms fell.",
     [("2024", "DATE", "2024", None, False), ("2019", "DATE", "2019", None, False)]),
    # relative expressions
    ("Sales fell last year but will recover next month.",
     [("last year", "DATE", "2024", None, True), ("next month", "DATE", "2025-04", None, True)]),
    ("Earlier this week the council met; later this year it votes.",
     [("Earlier this week", "DATE", "2025-W11", None, True), ("later this year", "DATE", "2025", None, True)]),
    ("The vote is due late next month.", [("late next month", "DATE", "2025-04", "END", True)]),
    ("The contract was signed in January of the previous year.",
     [("January of the previous year", "DATE", "2024-01", None, True)]),
    ("He spoke yesterday and flies to Kyiv tomorrow.",
     [("yesterday", "DATE", "2025-03-11", None, True), ("tomorrow", "DATE", "2025-03-13", None, True)]),
    ("The day before, the cabinet resigned.", [("The day before", "DATE", "2025-03-11", None, True)]),
    ("The report appeared three years ago.", [("three years ago", "DATE", "2022", None, True)]),
    ("Two weeks ago the parliament approved it.", [("Two weeks ago", "DATE", "2025-W09", None, True)]),
    ("Output grew in the first quarter of 2024.", [("the first quarter of 2024", "DATE", "2024-Q1", None, False)]),
    ("Profits rose in Q3 2023.", [("Q3 2023", "DATE", "2023-Q3", None, False)]),
    ("A deal is expected in the second half of this year.",
     [("the second half of this year", "DATE", "2025-H2", None, True)]),
    ("The offensive may come this summer.", [("this summer", "DATE", "2025-SU", None, True)]),
    ("Sanctions from the 1990s were lifted in the early 2000s.",
     [("the 1990s", "DATE", "199X", None, False), ("the early 2000s", "DATE", "200X", "START", False)]),
    ("The 21st century has brought new threats.", [("The 21st century", "DATE", "20XX", None, False)]),
    ("The deal expires at the end of 2026.", [("the end of 2026", "DATE", "2026", "END", False)]),
    ("Forces will withdraw by mid-2027.", [("mid-2027", "DATE", "2027", "MID", False)]),
    ("Emissions must halve by 2030.", [("2030", "DATE", "2030", None, False)]),  # a signal sets no mod (§7.2)
    ("The leaders will dine at 8 p.m. tonight.",
     [("8 p.m.", "TIME", "2025-03-12T20:00", None, True), ("tonight", "TIME", "2025-03-12TNI", None, True)]),
    ("Strikes hit at 1200 GMT and again at 14:30.",
     [("1200 GMT", "TIME", "2025-03-12T12:00", None, True), ("14:30", "TIME", "2025-03-12T14:30", None, True)]),
    ("The law must pass by the end of the year, officials said over the weekend.",
     [("the end of the year", "DATE", "2025", "END", True), ("the weekend", "DATE", "2025-W10-WE", None, True)]),
    ("Prices peaked in mid-June and will fall next weekend.",
     [("mid-June", "DATE", "2024-06", "MID", True), ("next weekend", "DATE", "2025-W12-WE", None, True)]),
    ("Inflation fell to 2.4% in November, the agency said.", [("November", "DATE", "2024-11", None, True)]),
    ("The fund covers 2024-2027.", [("2024", "DATE", "2024", None, False), ("2027", "DATE", "2027", None, False)]),
    # vague references
    ("Tensions have risen recently and remain high right now.",
     [("recently", "DATE", "PAST_REF", None, True), ("right now", "DATE", "PRESENT_REF", None, True)]),
    ("Prices will rise in the coming months and in the near future.",
     [("the coming months", "DATE", "FUTURE_REF", None, True), ("the near future", "DATE", "FUTURE_REF", None, True)]),
    ("The army is currently short of shells, at least for now.",
     [("currently", "DATE", "PRESENT_REF", None, True), ("now", "DATE", "PRESENT_REF", None, True)]),
    # durations
    ("The ceasefire lasted 48 hours.", [("48 hours", "DURATION", "PT48H", None, False)]),
    ("Reform will take weeks or even months.",
     [("weeks", "DURATION", "PXW", None, False), ("months", "DURATION", "PXM", None, False)]),
    ("The alliance has existed for decades.", [("decades", "DURATION", "PXDE", None, False)]),
    ("The plan covers the past three years.", [("the past three years", "DURATION", "P3Y", None, False)]),
    ("A ten-year plan and a twelve-month review were approved.",
     [("ten-year", "DURATION", "P10Y", None, False), ("twelve-month", "DURATION", "P12M", None, False)]),
    ("The siege lasted more than five months.", [("more than five months", "DURATION", "P5M", "MORE_THAN", False)]),
    ("They agreed a multiyear budget after several years of talks.",
     [("multiyear", "DURATION", "PXY", None, False), ("several years", "DURATION", "PXY", None, False)]),
    # sets
    ("The forum meets annually and publishes a monthly bulletin.",
     [("annually", "SET", "P1Y", None, False), ("monthly", "SET", "P1M", None, False)]),
    ("Members pay $2 billion a year and vote every two years.",
     [("a year", "SET", "P1Y", None, False), ("every two years", "SET", "P2Y", None, False)]),
    ("He won a second term a decade ago and said one day Kyiv would join.",
     [("a decade ago", "DATE", "201X", None, True)]),
    ("The war has lasted for a year and a half; the talks took one week.",
     [("a year and a half", "DURATION", "P1.5Y", None, False), ("one week", "DURATION", "P1W", None, False)]),
    # rates after any amount; a span of time "over" the next years has no mod
    ("Plants make 600 shells a month and 5,000 drones per week.",
     [("a month", "SET", "P1M", None, False), ("per week", "SET", "P1W", None, False)]),
    ("Spending will rise over the next ten years, as it did for a year.",
     [("the next ten years", "DURATION", "P10Y", None, False), ("a year", "DURATION", "P1Y", None, False)]),
    # a year before a word in -s after a preposition is still a year; a bare month of an event still ahead
    ("The budget for 2026 provides more; data from 2020 to 2025 indicates growth.",
     [("2026", "DATE", "2026", None, False), ("2020", "DATE", "2020", None, False),
      ("2025", "DATE", "2025", None, False)]),
    ("Republicans have vowed to stop the bill before the midterm elections in November.",
     [("November", "DATE", "2025-11", None, True)]),
    # bare plurals after "sometimes" or a comma; no expression across a line break; a newspaper is no SET
    ("Proving it takes months, sometimes years, said the daily Postimees.",
     [("months", "DURATION", "PXM", None, False), ("years", "DURATION", "PXY", None, False)]),
    ("Aid has arrived since October.\n\n12:47 The minister spoke.",
     [("October", "DATE", "2024-10", None, True), ("12:47", "TIME", "2025-03-12T12:47", None, True)]),
    # not dates
    ("The long-term plan was immediately approved by the former minister.", []),
    ("The company hired 2000 workers for $2024.", []),
]


@pytest.mark.parametrize(("text", "expected"), CASES, ids=[c[0][:40] for c in CASES])
def test_date_rules(text: str, expected: list[tuple[str, str, str, str | None, bool]]) -> None:
    assert _dates(text) == expected


def test_skipped_zone_is_not_annotated() -> None:
    text = "Talks resumed on Monday.\n©2024 Example News"
    skip = ((text.index("©"), len(text)),)
    found = annotate(text, RuleContext(anchor=WEDNESDAY, skip=skip))
    assert [a.text for a in found] == ["Monday"]


def test_weekday_on_anchor_day_is_the_anchor_in_past_and_future() -> None:
    assert _dates("They met on Wednesday.")[0][2] == "2025-03-12"
    assert _dates("They will meet on Wednesday.")[0][2] == "2025-03-12"


def test_year_rolls_over_at_year_end() -> None:
    anchor = dt.date(2024, 12, 30)
    assert _dates("The vote will be held on January 5.", anchor)[0][2] == "2025-01-05"
    assert _dates("Next month the talks resume.", anchor)[0][2] == "2025-01"
    assert _dates("Next week the talks resume.", anchor)[0][2] == "2025-W02"


def test_the_anchor_may_be_a_date_a_datetime_or_an_iso_day() -> None:
    """The library surface a researcher calls: annotate_text(text, "2025-01-01") works as well as with a date."""
    from nato_corpus.rules import annotate_text

    text = "The ministers met on Monday."
    by_date = [(a.text, a.value) for a in annotate_text(text, dt.date(2025, 1, 1), layers=("dates",))]
    assert by_date == [(a.text, a.value) for a in annotate_text(text, "2025-01-01", layers=("dates",))]
    assert by_date == [(a.text, a.value) for a in annotate_text(text, dt.datetime(2025, 1, 1, 18, 30),
                                                                 layers=("dates",))]
    assert by_date and by_date[0][0] == "Monday"
