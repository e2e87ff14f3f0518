"""The linear mechanisms of the rules give exactly the answers of the scans they replaced.

Each rule that was quadratic on degenerate text now uses an index, a bounded window or skips starts that cannot
match (see test_degenerate.py).  Here each of them is compared with the original formulation (a linear scan,
``finditer``, a search of the whole clause) on generated texts built from the characters that matter to it.
"""

from __future__ import annotations

import bisect
import datetime as dt
import re

from hypothesis import given, settings
from hypothesis import strategies as st

from nato_corpus.rules import anchor_days, entities, quotes
from nato_corpus.rules.dates import find_timexes, find_timexes_each
from nato_corpus.rules.spans import Taken, Zones


def _texts(*tokens: str, max_size: int = 40) -> st.SearchStrategy[str]:
    return st.lists(st.sampled_from(tokens), max_size=max_size).map("".join)


_spans = st.lists(st.tuples(st.integers(-2, 30), st.integers(-2, 30)), max_size=12)


def _overlap(start: int, end: int, spans: list[tuple[int, int]]) -> bool:
    return any(start < e and s < end for s, e in spans)


@given(_spans, st.integers(-2, 32), st.integers(-2, 32))
def test_taken_answers_as_the_scan_of_every_span(spans: list[tuple[int, int]], start: int, end: int) -> None:
    taken = Taken(10)
    for s, e in spans:
        taken.add(s, e)
    assert taken.overlaps(start, end) == _overlap(start, end, spans)
    assert taken.covers(start) == any(s <= start < e for s, e in spans)


@given(_spans, st.integers(-2, 32), st.integers(-2, 32))
def test_zones_answer_as_the_scan_of_every_zone(spans: list[tuple[int, int]], start: int, end: int) -> None:
    assert Zones(spans).overlaps(start, end) == _overlap(start, end, spans)


# --- entities ----------------------------------------------------------------------------------------------

_NAMES = _texts("Aa", "Bb", "A", "AB", "A1", "1", "2A", " ", "  ", "-", "-class", "Patriot", "tanks", "air ",
                " defence", "the", ".", ",", "(", "x", "Leopard", max_size=30)


@settings(max_examples=300)
@given(_NAMES)
def test_product_starts_skipped_are_those_that_cannot_match(text: str) -> None:
    expected = [(m.start(), m.end(), m.group("name")) for m in entities._PRODUCT_IN_CONTEXT.finditer(text)]
    assert [(m.start(), m.end(), m.group("name")) for m in entities._product_matches(text)] == expected


@settings(max_examples=300)
@given(_texts("Aa", "Bb", "AAa", "A", "a", "é", " ", "-", ",", ", the ", "Secretary", " General", ".",
              max_size=30))
def test_no_name_starts_right_after_a_capital(text: str) -> None:
    for pattern in (entities._SEQUENCE, entities._APPOSITIVE):
        without = re.compile(pattern.pattern.removeprefix("(?<![A-Z])"))
        assert [m.span() for m in pattern.finditer(text)] == [m.span() for m in without.finditer(text)]


def _resolve_by_insertion(candidates: list[entities._Candidate]) -> list[entities._Candidate]:
    """The original: chosen spans kept sorted by start, a candidate tested against its two neighbours."""
    starts: list[int] = []
    chosen: list[entities._Candidate] = []
    for candidate in sorted(candidates, key=lambda c: (-(c.end - c.start), c.rule, c.start)):
        index = bisect.bisect_left(starts, candidate.start)
        if not any(candidate.overlaps(other) for other in chosen[max(0, index - 1):index + 1]):
            starts.insert(index, candidate.start)
            chosen.insert(index, candidate)
    return chosen


@given(st.lists(st.tuples(st.integers(0, 40), st.integers(1, 8), st.integers(0, 5)), max_size=30))
def test_resolution_on_marked_characters_chooses_as_before(rows: list[tuple[int, int, int]]) -> None:
    candidates = [entities._Candidate(start, start + length, "ORG", rule) for start, length, rule in rows]
    assert entities._resolve(candidates) == _resolve_by_insertion(candidates)


@given(_texts("Aa", "Bb", " ", ". ", "\n", ", ", "Aa said", max_size=30), st.sampled_from(["Aa", "Bb"]),
       st.integers(-1, 40))
def test_mid_sentence_index_answers_as_the_scan_of_every_occurrence(text: str, word: str, except_end: int) -> None:
    words = entities._capitalised_words(text)
    expected = any(not entities._sentence_initial(text, s) for s in words.get(word, ()) if s + len(word) != except_end)
    assert entities._MidSentence(text, words).recurs(word, except_end) == expected


# --- quotes ------------------------------------------------------------------------------------------------

_QUOTE_PAIRS_ONE_PATTERN = re.compile(quotes._QUOTE_PAIRS.pattern + "|" + quotes._STRAIGHT_SINGLE.pattern)


@settings(max_examples=400)
@given(_texts("'", "‘", "’", '"', "“", "”", "A", "a", " ", ",", ".", "!", "\n", "'A", "n't", max_size=40))
def test_quote_pairs_are_those_of_the_single_alternation(text: str) -> None:
    for line in re.finditer(r"[^\n]+", text):
        found = quotes._quote_pairs(text, line.start(), line.end())
        expected = _QUOTE_PAIRS_ONE_PATTERN.finditer(text, line.start(), line.end())
        assert [(m.span(), m.lastgroup) for m in found] == [(m.span(), m.lastgroup) for m in expected]


@settings(max_examples=400)
@given(_texts("‘", "’", '"', "“", "a", " ", ",", "'", "_", max_size=24), st.integers(0, 24), st.integers(0, 24))
def test_kind_answers_as_the_search_of_the_content(text: str, start: int, end: int) -> None:
    end = min(end, len(text))  # spans lie in the text
    content = text[start:end]
    single = re.search(r"(?<![\w’'])‘[^‘’]+’(?!\w)", content)
    expected = "mixed" if re.search(r"[“”\"]", content) or single else "indirect"
    assert quotes._Text(text).kind(start, end) == expected


@given(_texts(" ", "a", ".", ",", "!", "\t", max_size=20), st.integers(0, 20), st.integers(0, 20))
def test_trim_strips_as_before(text: str, start: int, end: int) -> None:
    start, end = min(start, len(text)), min(end, len(text))  # spans lie in the text
    expected_start, expected_end = start, end
    while expected_start < expected_end and text[expected_start].isspace():
        expected_start += 1
    while expected_end > expected_start and (text[expected_end - 1].isspace() or text[expected_end - 1] in ".,;:!?"):
        expected_end -= 1
    assert quotes._Text(text).trim(start, end) == (expected_start, expected_end)


# Patterns whose match spans a bounded number of runs: searching the tail is the same as searching the clause.
_BOUNDED_TAILS = (quotes._RELATIVE, quotes._COMMA_END, quotes._BRACKETED, quotes._IN_PLACE, quotes._DESCRIPTION,
                  quotes._CUE_BEFORE_QUOTE, quotes._COORDINATED)
_CLAUSES = _texts(" ", "  ", ",", ":", "(", ")", "who", " also", "in", "at", "the", "and", "but", "he", "said",
                  "told reporters", "that", "official", "senior", "Bloomberg’s", "a", "x", ")(SIPRI)", max_size=40)


@settings(max_examples=400)
@given(_CLAUSES, st.integers(0, 5))
def test_end_anchored_searches_see_the_clause_through_its_tail(text: str, lo: int) -> None:
    index = quotes._Text(text)
    for pattern in _BOUNDED_TAILS:
        found, offset = index.tail_search(pattern, lo, len(text))
        expected = pattern.search(text[lo:])
        assert (found and (offset + found.start(), offset + found.end())) == (
            expected and (lo + expected.start(), lo + expected.end())), pattern.pattern


@settings(max_examples=300)
@given(_texts(" ", "has", " also", ",", " x ", "on", " Monday", "a", ", who led it,", max_size=20))
def test_filler_precheck_never_hides_a_filler(text: str) -> None:
    resolver = quotes._Resolver(text, ())
    end = len(text.rstrip())
    if quotes._FILLER_BEFORE_CUE.search(text[:end]):
        assert resolver._may_end_with_filler(0, end)


def _speaker_before(text: str) -> tuple[int, int] | None:
    """The original _Resolver.before on a clause with no entity in it, searching the whole clause."""
    head = text.rstrip()
    while relative := re.search(r",?\s+who(?:\s+(?:also|later|then))?$", head):
        head = head[:relative.start()].rstrip()
    if filler := quotes._FILLER_BEFORE_CUE.search(head):
        head = head[:filler.start()].rstrip()
    word = re.search(r"(\w+)$", head)
    if word and word.group(1) in quotes._PRONOUNS:
        return len(head) - len(word.group(1)), len(head)
    description = quotes._DESCRIPTION.search(head)
    return (description.start(), len(head)) if description else None


@settings(max_examples=500)
@given(_texts(" ", "he", "She", "they", "x", "_", "officials", "a", "the", "said", ",", ", who", " also", " has",
              " on Monday", max_size=16))
def test_speaker_before_a_cue_is_found_as_before(text: str) -> None:
    """Pronouns and descriptions before a cue, with the short-cuts (last word, head noun, filler test) taken."""
    speaker = quotes._Resolver(text, ()).before(0, len(text))
    assert (speaker and (speaker.start, speaker.end)) == _speaker_before(text)


# --- dates -------------------------------------------------------------------------------------------------

_DATE_WORDS = _texts("Monday", "last week", "in July", "next month", "2024", "three years ago", "said", "will",
                     "met", "on", "the", "this morning", "Jan.", "10 a.m.", "for years", " ", ". ", max_size=20)


@settings(max_examples=150)
@given(_DATE_WORDS, st.integers(1, 12))
def test_every_anchor_of_a_month_resolves_as_it_does_alone(text: str, month: int) -> None:
    """The patterns are matched once for all the days of a month anchor (and tense() remembered)."""
    days = anchor_days(f"2025-{month:02d}")
    assert find_timexes_each(text, days) == [find_timexes(text, day) for day in days]
    assert find_timexes_each(text, [dt.date(2025, 1, 1)]) == [find_timexes(text, dt.date(2025, 1, 1))]
