"""The regex prefilter never skips a position where a rule pattern could match."""

from __future__ import annotations

import re

from hypothesis import given, settings
from hypothesis import strategies as st

from nato_corpus.rules import dates, entities
from nato_corpus.rules.prefilter import PatternStarts, first_chars

WORDS = ["the", "The", "next", "last", "early", "mid-", "Earlier", "this", "month", "year", "years", "two", "Two",
         "7", "2024", "12/03/2024", "2024-12-03", "December", "Dec.", "3", "3rd", "Monday", "Tuesday", "ago", "in",
         "weeks", "a", "day", "days", "annually", "every", "Q3", "2020s", "’90s", "noon", "10:30", "a.m.", "tonight",
         "spring", "decade", "century", "by", "multi-year", "two-day", "now", "recently", ",", "of", "Year"]


@settings(max_examples=200, deadline=None)
@given(st.lists(st.sampled_from(WORDS), min_size=1, max_size=8))
def test_every_match_starts_with_a_predicted_character(words: list[str]) -> None:
    text = " ".join(words)
    for (pattern, _resolver), first in zip(dates._RULES, dates._FIRST_CHARS, strict=True):
        if first is None:
            continue
        for i in range(len(text)):
            if pattern.match(text, i):
                assert text[i] in first, (pattern.pattern[:60], text, i)


def test_simple_patterns() -> None:
    assert first_chars(re.compile(r"(?i:next|last)\s+week")) == frozenset("nNlL")
    assert first_chars(re.compile(r"\d+%")) == frozenset("0123456789")
    assert first_chars(re.compile(r"(?:the\s+)?day")) == frozenset("td")
    assert first_chars(re.compile(r"x*")) is None  # can match the empty string
    assert first_chars(re.compile(r"\w+")) is None  # too broad to say


ENTITY_PATTERNS = [value for value in vars(entities).values() if isinstance(value, re.Pattern)]
NAME_WORDS = ["NATO", "Secretary", "General", "Mark", "Rutte", "said", "Operation", "Eastern", "Sentry", "the",
              "Black", "Sea", "Fleet", "Ministry", "of", "Defence", "F-16", "jets", "/Ukrinform/.", "wrote", "on",
              "X", "near", "Vejle", "Saab", "AB", "A", "xA", "-B", "U.S.", "WARSAW", "(Reuters)", "\u00a0", "\n",
              "É", "Ärzte", "McDonald", ",", ".", "“", "2024", "Summit", "Council", "tanks", "correspondent",
              "exercise", "Munich", "Security", "Conference", "Treaty", "countries"]


@settings(max_examples=200, deadline=None)
@given(st.lists(st.sampled_from(NAME_WORDS), min_size=0, max_size=12), st.sampled_from(["", " ", "-"]))
def test_pattern_starts_finds_what_finditer_finds(words: list[str], joiner: str) -> None:
    text = joiner.join(words)
    starts = PatternStarts(text)
    for pattern in [*ENTITY_PATTERNS, entities._phrase_pattern()]:
        expected = [(m.span(), m.groups()) for m in pattern.finditer(text)]
        assert [(m.span(), m.groups()) for m in starts.finditer(pattern)] == expected, pattern.pattern[:60]


def test_pattern_starts_on_awkward_patterns() -> None:
    for pattern, text in [(r"(?<![\w])[A-Z]+", "A BxC -D"), (r"\bab", "ab cab ab"), (r"(?<!\w)/x", "/x a/x /x"),
                          (r"(?i:k)", "K \u212a k"), (r"\d", "1 \u0663"), (r"a*", "aa b"),
                          (r"(?<![A-Z])[A-Z]b", "AAb cAb"), (r"\bé|\b-x", "é -x a-x"), (r"(?<=[ \t])/x", "a/x /x\t/x"),
                          (r"[A-Z]\w* (?:Council|Ministry)", "Defence Ministry"), (r"x(?:ab|c)?y", "xy xaby"),
                          (r"(?i:council)", "COUNCIL"), (r"(?:A|B)C|D", "D AC")]:
        compiled = re.compile(pattern)
        assert [m.span() for m in PatternStarts(text).finditer(compiled)] == [m.span() for m in
                                                                             compiled.finditer(text)], pattern
