"""The regex prefilter never skips a position where a rule pattern could match."""

from __future__ import annotations

import re

from hypothesis import given, settings
from hypothesis import strategies as st

from nato_corpus.rules import dates, entities, figures, quotes
from nato_corpus.rules.prefilter import PatternStarts, first_chars, search

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


ENTITY_PATTERNS = [value for module in (entities, figures) for value in vars(module).values()
                   if isinstance(value, re.Pattern)]
NAME_WORDS = ["NATO", "Secretary", "General", "Mark", "Rutte", "said", "Operation", "Eastern", "Sentry", "the",
              "Black", "Sea", "Fleet", "Ministry", "of", "Defence", "F-16", "jets", "/Ukrinform/.", "wrote", "on",
              "X", "near", "Vejle", "Saab", "AB", "A", "xA", "-B", "U.S.", "WARSAW", "(Reuters)", "\u00a0", "\n",
              "É", "Ärzte", "McDonald", ",", ".", "“", "2024", "Summit", "Council", "tanks", "correspondent",
              "exercise", "Munich", "Security", "Conference", "Treaty", "countries", "tens", "of", "Hundreds",
              "half", "a", "quarter", "HALF", "ſeveral", "\u212a", "thouſands", "dozens", "a few", "million"]


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


def _every_token_start(text: str) -> list[tuple[str, tuple[int, int]]]:
    """The date rules' matches found the slow way: every rule tried at every token start, no prefilter."""
    found = []
    for pattern, resolver in dates._RULES:
        for start in (m.start() for m in re.finditer(r"(?<![\w])[^\s]|(?<=\w)[^\w\s]", text)):
            m = pattern.match(text, start)
            if m is None or m.start() == m.end() or "\n" in m.group():
                continue
            if (m.start() > 0 and text[m.start() - 1].isalnum() and text[m.start()].isalnum()) or (
                    m.end() < len(text) and text[m.end() - 1].isalnum() and text[m.end()].isalnum()):
                continue
            found.append((resolver.__name__, m.span()))
    return sorted(found)


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from([*WORDS, "1,000", "25", "000", "ago", "later", "from now", "’s", "Mondays",
                                 "summer", "time", "’", "İ", "ſ"]), min_size=1, max_size=30),
       st.lists(st.sampled_from([" ", "  ", "\u00a0", "\t", "          ", "\n", "-", ", "]), min_size=1, max_size=30))
def test_date_rules_are_tried_wherever_they_can_match(words: list[str], blanks: list[str]) -> None:
    """Tried only near a trigger word (a few token starts before one), the rules find what they find tried
    everywhere: long runs of blanks and digits in between included."""
    text = "".join(word + blanks[i % len(blanks)] for i, word in enumerate(words))
    text = f"{text} {' the 7 a' * 100} {text}"  # tries enough that the rules are tried only near a trigger
    assert sorted((resolver.__name__, m.span()) for resolver, m in dates._rule_matches(text)) == \
        _every_token_start(text)


def test_triggers_are_found_ignoring_case_exactly() -> None:
    """A need searched in lower case falls back to the regex engine's case folding on a text where lower case
    is no stand-in for it (the Kelvin sign is a "k", a dotless "ı" an "i" ignoring case)."""
    for pattern, text in [(r"(?i:kelvin)\s+x", "\u212aelvin x"), (r"(?i:this)\s+year", "thıs year"),
                          (r"(?i:[A-Z]\w{0,3})\s+(?:year|month)", "A    year, b month"),
                          (r"(?i:İs)\s+(?:year|month)", "is year, İS month")]:
        compiled = re.compile(pattern)
        assert [m.span() for m in PatternStarts(text).finditer(compiled)] == [m.span() for m in
                                                                             compiled.finditer(text)], pattern


@settings(max_examples=200, deadline=None)
@given(st.lists(st.sampled_from(["according", "to", "According", "claims", "reports", "that", "as", "noted", "by",
                                 "the", "minister", ",", "Claims", "said", "accordingto"]), max_size=12))
def test_search_skips_only_texts_without_a_needed_string(words: list[str]) -> None:
    text = " ".join(words)
    for pattern in (quotes._ACCORDING_INSIDE, quotes._ACCORDING_AFTER, quotes._NOUN_CUE):
        found, expected = search(pattern, text), pattern.search(text)
        assert (found and found.span()) == (expected and expected.span()), (pattern.pattern[:40], text)
