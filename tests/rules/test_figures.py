"""Figure rules on invented news sentences (not corpus text): span, kind, exact value, unit, flags."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from nato_corpus.rules import RuleContext
from nato_corpus.rules.figures import annotate
from nato_corpus.rules.numbers import canonical, parse_words

ANCHOR = dt.date(2025, 3, 12)
Row = tuple[str, str, str | None, str | None, str, bool, str | None]


def _figures(text: str) -> list[Row]:
    return [(a.text, a.kind, a.value, a.value_max, a.unit, a.approximate, a.measures)  # type: ignore[union-attr]
            for a in annotate(text, RuleContext(anchor=ANCHOR))]


CASES: list[tuple[str, list[Row]]] = [
    # a change "from about X to Y" is two figures, a range "X to Y" is one
    ("Output rose from about 600 to 2,000 missiles; 40 to 60 ships pass daily.",
     [("about 600", "count", "600", None, "item", True, None),
      ("2,000", "count", "2000", None, "item", False, "missiles"),
      ("40 to 60", "count", "40", "60", "item", False, "ships")]),
    # money: symbols, codes, words, scales
    ("The government approved $1.2 billion in aid and a further €300m for repairs.",
     [("$1.2 billion", "money", "1200000000", None, "USD", False, None),
      ("€300m", "money", "300000000", None, "EUR", False, None)]),
    ("Britain pledged £2.5bn, while Japan offered ¥100 billion.",
     [("£2.5bn", "money", "2500000000", None, "GBP", False, None),
      ("¥100 billion", "money", "100000000000", None, "JPY", False, None)]),
    ("The fund holds 750 million Swiss francs and 20 billion USD.",
     [("750 million Swiss francs", "money", "750000000", None, "CHF", False, None),
      ("20 billion USD", "money", "20000000000", None, "USD", False, None)]),
    ("The deal, valued at US$4.5 billion, was signed.", [("US$4.5 billion", "money", "4500000000", None, "USD", False,
                                                          None)]),
    ("Ottawa set aside 8 billion Canadian dollars and EUR 12 million.",
     [("8 billion Canadian dollars", "money", "8000000000", None, "CAD", False, None),
      ("EUR 12 million", "money", "12000000", None, "EUR", False, None)]),
    ("Kyiv asked for €50 billion ($54 billion) over four years.",
     [("€50 billion", "money", "50000000000", None, "EUR", False, None),
      ("$54 billion", "money", "54000000000", None, "USD", False, None)]),
    ("The package is worth $1-2 billion.", [("$1-2 billion", "money", "1000000000", "2000000000", "USD", False, None)]),
    ("The bill costs hundreds of millions of dollars.",
     [("hundreds of millions of dollars", "money", None, None, "USD", True, None)]),
    ("Roughly $3.7 trillion was spent.",
     [("Roughly $3.7 trillion", "money", "3700000000000", None, "USD", True, None)]),
    ("It cost one million pounds.", [("one million pounds", "money", "1000000", None, "GBP", False, None)]),
    # percent
    ("Unemployment rose to 4.2% from 3.9 percent, a jump of 0.3 percentage points.",
     [("4.2%", "percent", "4.2", None, "percent", False, None),
      ("3.9 percent", "percent", "3.9", None, "percent", False, None),
      ("0.3 percentage points", "percent", "0.3", None, "percentage_point", False, None)]),
    ("Spending should reach 3 to 5 percent of gross domestic product.",
     [("3 to 5 percent", "percent", "3", "5", "percent", False, None)]),
    ("Poland spends at least 4% of its GDP on defence.",
     [("at least 4%", "percent", "4", None, "percent", False, None)]),
    ("Analysts expect growth of 2-3% and inflation near 10.5 per cent.",
     [("2-3%", "percent", "2", "3", "percent", False, None),
      ("10.5 per cent", "percent", "10.5", None, "percent", False, None)]),
    ("Forecasts range between 2% and 3%, or 4%-6% at worst.",
     [("2% and 3%", "percent", "2", "3", "percent", False, None),
      ("4%-6%", "percent", "4", "6", "percent", False, None)]),
    ("Growth slowed from 2% to 1.5% as costs rose from $1 billion to $2 billion.",
     [("2%", "percent", "2", None, "percent", False, None), ("1.5%", "percent", "1.5", None, "percent", False, None),
      ("$1 billion", "money", "1000000000", None, "USD", False, None),
      ("$2 billion", "money", "2000000000", None, "USD", False, None)]),
    ("Allies backed a five-percent goal.", [("five-percent", "percent", "5", None, "percent", False, None)]),
    ("Half of the members agreed.", [("Half", "percent", "50", None, "percent", False, None)]),
    # counts
    ("Germany will send twenty-five tanks and 1,500 soldiers.",
     [("twenty-five", "count", "25", None, "item", False, "tanks"),
      ("1,500", "count", "1500", None, "item", False, "soldiers")]),
    ("About 40,000 people fled and nearly two hundred were injured.",
     [("About 40,000", "count", "40000", None, "item", True, "people"),
      ("nearly two hundred", "count", "200", None, "item", True, None)]),
    ("The navy lost three of its 40 helicopters.",
     [("three", "count", "3", None, "item", False, "helicopters"),
      ("40", "count", "40", None, "item", False, "helicopters")]),
    ("The 27 EU countries agreed.", [("27", "count", "27", None, "item", False, "EU countries")]),
    ("Thousands of protesters gathered.", [("Thousands", "count", None, None, "item", True, "protesters")]),
    ("Kyiv got a dozen jets, two dozen tanks and two billion dollars.",
     [("a dozen", "count", "12", None, "item", False, "jets"),
      ("two dozen", "count", "24", None, "item", False, "tanks"),
      ("two billion dollars", "money", "2000000000", None, "USD", False, None)]),
    ("The firm hired 2000 workers in 2019.", [("2000", "count", "2000", None, "item", False, "workers")]),
    ("Moscow has 1.32 million troops.", [("1.32 million", "count", "1320000", None, "item", False, "troops")]),
    # quantities
    ("The missile flies 2,500 kilometres carrying 500 kg of explosives.",
     [("2,500 kilometres", "quantity", "2500", None, "km", False, None),
      ("500 kg", "quantity", "500", None, "kg", False, None)]),
    ("The plant produces 300 megawatts.", [("300 megawatts", "quantity", "300000000", None, "W", False, None)]),
    # not figures: names, ordinals, determiners, dates and durations
    ("Article 5 binds allies; the Leopard 2 and F-16 jets arrived with G7 support.", []),
    ("The one thing a single envoy did first was wait.", []),
    ("The talks lasted seven years, ended on December 3 and resume in 2026.", []),
    ("A two-day meeting opened on the 3rd floor.", []),
    ("Missiles struck at 1200 GMT, the 24/7 service said.", []),
    ("Stoltenberg, 64, met Rutte, 57, in Oslo.", []),
]


@pytest.mark.parametrize(("text", "expected"), CASES, ids=[c[0][:40] for c in CASES])
def test_figure_rules(text: str, expected: list[Row]) -> None:
    assert _figures(text) == expected


@pytest.mark.parametrize(("phrase", "value"), [
    ("twenty-five", 25), ("two hundred and fifty", 250), ("a hundred", 100), ("seventeen", 17),
    ("three thousand five hundred", 3500), ("ninety-nine", 99),
])
def test_number_words(phrase: str, value: int) -> None:
    assert parse_words(phrase) == value


@given(st.decimals(min_value=Decimal("0.0001"), max_value=Decimal(10) ** 15, places=4))
def test_amounts_round_trip_exactly(amount: Decimal) -> None:
    """Any digit amount with a scale word comes back as the exact canonical decimal string."""
    text = f"The budget is ${amount:,f} million."
    found = annotate(text, RuleContext(anchor=ANCHOR))
    assert len(found) == 1
    assert found[0].value == canonical(amount * 10 ** 6)  # type: ignore[union-attr]
    assert "e" not in found[0].value.lower()  # type: ignore[union-attr]


@pytest.mark.parametrize(("text", "expected"), [
    # bound words are inside the span and set `bound` (guidelines §8.1); a bound is not an approximation
    ("The port handles at least 4.5% of the trade.", [("at least 4.5%", "EQUAL_OR_MORE", False, None, None)]),
    ("More than 300 trucks queued.", [("More than 300", "MORE_THAN", False, None, None)]),
    ("The fund could reach up to €12 million.", [("up to €12 million", "EQUAL_OR_LESS", False, None, None)]),
    ("Fewer than ten ferries sailed.", [("Fewer than ten", "LESS_THAN", False, None, None)]),
    ("It costs nearly 2% of output.", [("nearly 2%", None, True, None, None)]),
    # "over" is left alone: it is as often a preposition before a figure
    ("The council clashed over €6 million in fees.", [("€6 million", None, False, None, None)]),
    # the base of a percentage, not what is measured
    ("Farmers want 1.5% of GDP for irrigation.", [("1.5%", None, False, "GDP", None)]),
    ("The towns spend 3 percent of their gross domestic product on roads.", [("3 percent", None, False, "GDP", None)]),
    # a rate's period
    ("The mill exports 1,200 tonnes of grain a year.", [("1,200 tonnes", None, False, None, "P1Y")]),
    ("The city pays €5 million annually.", [("€5 million", None, False, None, "P1Y")]),
    ("Crews repair 40 boats per month.", [("40", None, False, None, "P1M")]),
    ("Some 800 cars cross each day.", [("Some 800", None, True, None, "P1D")]),
    # "in annual/monthly …" + noun, and past the bracket of a paired amount (adjudication B1)
    ("The fund pays €2 billion ($2.2 billion) in annual grants.",
     [("€2 billion", None, False, None, "P1Y"), ("$2.2 billion", None, False, None, "P1Y")]),
    ("The port earns €3 million (£2.6 million) a month.",
     [("€3 million", None, False, None, "P1M"), ("£2.6 million", None, False, None, "P1M")]),
    ("Pilots earn €900 in monthly bonuses.", [("€900", None, False, None, "P1M")]),
    ("The ministry must save within its £40bn annual budget.", [("£40bn", None, False, None, "P1Y")]),
    ("Crews inspect 30 to 45 boats of the northern fishing fleet each week.",
     [("30 to 45", None, False, None, "P1W")]),
    ("The £3bn fund paid for the annual parade.", [("£3bn", None, False, None, None)]),
    ("The town spent €4 million in annualised terms (a guess).", [("€4 million", None, False, None, None)]),
    ("It rose to 97 visits, a year earlier it was 80.",
     [("97", None, False, None, None), ("80", None, False, None, None)]),
])
def test_bounds_bases_and_rates(text: str, expected: list[tuple[object, ...]]) -> None:
    found = [(a.text, a.bound, a.approximate, a.base, a.per)  # type: ignore[union-attr]
             for a in annotate(text, RuleContext(anchor=ANCHOR))]
    assert found == expected
