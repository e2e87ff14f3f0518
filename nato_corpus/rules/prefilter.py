"""Which characters a regular expression can start a match with: a conservative prefilter for the rules.

The date rules try dozens of patterns at every token start; asking first whether the character there can
begin a match of the pattern skips most attempts.  The set is computed from the pattern itself (so it stays
right when a pattern changes); anything the analysis does not understand yields ``None`` ("try everywhere").

Two more questions are answered from the pattern: which strings every match contains (a text without any of
them is not tried at all), and, for a pattern with many places to try, how few of those places can precede
one of its strings in a match (a "trigger": then only the places near an occurrence are tried).  A text's
answers are found once and shared by the layers (:meth:`PatternStarts.of`).
"""

from __future__ import annotations

import bisect
import re
import string
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from functools import cache, cached_property, wraps
from itertools import chain, islice
from typing import Any, Final, NamedTuple, TypeVar

try:  # the regex parser is internal to `re`; without it the prefilter is simply off
    from re import _constants as _c
    from re import _parser as _p
except ImportError:  # pragma: no cover - other Python versions
    _c = _p = None  # type: ignore[assignment]


class _Inexact(Exception):
    """The exact analysis meets what only the conservative one approximates (case folding, \\d)."""


# The non-ASCII characters that match an ASCII letter ignoring case ("İ", "ı", "ſ", the Kelvin sign): no other
# character does (every code point was tried against [a-z] ignoring case).
_ASCII_FOLDS: Final = "\u0130\u0131\u017f\u212a"


def _chars(code: int, flags: int, exact: bool = False) -> set[str]:
    char = chr(code)
    if flags & re.IGNORECASE and exact:
        if not char.isascii():
            raise _Inexact  # Unicode case folding matches more than lower() and upper() ("Å" and the Ångström sign)
        # an ASCII character ignoring case: its two cases and those of the four characters that match it
        return {char.lower(), char.upper(), char} | {other for other in _ASCII_FOLDS
                                                     if re.fullmatch(re.escape(char), other, re.IGNORECASE)}
    return {char.lower(), char.upper(), char} if flags & re.IGNORECASE else {char}


def _first(items: Any, flags: int, exact: bool = False) -> tuple[set[str] | None, bool]:
    """(possible first characters or None for any, whether the sequence can match the empty string)."""
    found: set[str] = set()
    for op, av in items:
        if op is _c.LITERAL:
            return found | _chars(av, flags, exact), False
        if op is _c.IN:
            members: set[str] = set()
            for item_op, item_av in av:
                if item_op is _c.LITERAL:
                    members |= _chars(item_av, flags, exact)
                elif item_op is _c.RANGE:
                    for code in range(item_av[0], item_av[1] + 1):
                        members |= _chars(code, flags, exact)
                elif item_op is _c.CATEGORY and item_av is _c.CATEGORY_DIGIT and not exact:
                    members |= set(string.digits)
                else:
                    return None, False
            return found | members, False
        if op is _c.BRANCH:
            nullable = False
            for alternative in av[1]:
                chars, empty = _first(alternative, flags, exact)
                if chars is None:
                    return None, False
                found |= chars
                nullable |= empty
            if not nullable:
                return found, False
        elif op is _c.SUBPATTERN:
            _group, add, remove, sub = av
            chars, empty = _first(sub, (flags | add) & ~remove, exact)
            if chars is None:
                return None, False
            found |= chars
            if not empty:
                return found, False
        elif op in (_c.MAX_REPEAT, _c.MIN_REPEAT, getattr(_c, "POSSESSIVE_REPEAT", None)):
            minimum, _maximum, sub = av
            chars, empty = _first(sub, flags, exact)
            if chars is None:
                return None, False
            found |= chars
            if minimum > 0 and not empty:
                return found, False
        elif op in (_c.AT, _c.ASSERT, _c.ASSERT_NOT):
            continue  # zero-width: the next item decides
        else:
            return None, False
    return found, True


def first_chars(pattern: re.Pattern[str]) -> frozenset[str] | None:
    """Characters a match of `pattern` can start with, or None when any character might."""
    if _p is None:
        return None
    try:
        chars, nullable = _first(_p.parse(pattern.pattern, pattern.flags), pattern.flags)
    except Exception:  # an unusual construct: no prefilter rather than a wrong one
        return None
    return None if chars is None or nullable else frozenset(chars)


def _after_non_word(items: Any) -> str | None:
    """How the pattern says its matches start where no word character precedes: "lookbehind" (every branch
    opens with a lookbehind such as ``(?<![\\w])`` or ``(?<![\\w.-])``), "boundary" (some open with ``\\b``,
    which says so only before a word character), or None."""
    for op, av in items:
        if op is _c.SUBPATTERN:
            return _after_non_word(av[3])
        if op is _c.BRANCH:
            kinds = [_after_non_word(alternative) for alternative in av[1]]
            return None if None in kinds else "boundary" if "boundary" in kinds else "lookbehind"
        if op is _c.AT:
            return "boundary" if av is _c.AT_BOUNDARY else None
        if op is _c.ASSERT_NOT and av[0] == -1 and len(av[1]) == 1 and av[1][0][0] is _c.IN:
            members = av[1][0][1]
            if (_c.CATEGORY, _c.CATEGORY_WORD) in members and all(m[0] is not _c.NEGATE for m in members):
                return "lookbehind"
        if op is _c.ASSERT and av[0] == -1 and len(av[1]) == 1 and _non_word_literals(*av[1][0]):
            return "lookbehind"  # (?<=[ \\t]): what precedes is one of these non-word characters
        if op not in (_c.ASSERT, _c.ASSERT_NOT):
            return None
    return None


_MOST_STRINGS = 4096  # a literal part spelling more strings than this is not worth a scan


def _strings(items: Any, flags: int) -> set[str] | None:
    """Every string the sequence `items` can match when it matches only literal text (with IGNORECASE in
    `flags`, or set inside, up to case)."""
    result = {""}
    for op, av in items:
        if op is _c.LITERAL:
            options: set[str] | None = {chr(av)}
        elif op is _c.IN and all(item_op is _c.LITERAL for item_op, _ in av):
            options = {chr(item_av) for _, item_av in av}
        elif op is _c.BRANCH:
            options = set()
            for alternative in av[1]:
                found = _strings(alternative, flags)
                if found is None:
                    return None
                options |= found
        elif op is _c.SUBPATTERN:
            options = _strings(av[3], (flags | av[1]) & ~av[2])
        elif op is _c.MAX_REPEAT and av[0] == 0 and av[1] == 1:
            found = _strings(av[2], flags)
            options = None if found is None else found | {""}
        else:
            return None
        if options is None or len(result) * len(options) > _MOST_STRINGS:
            return None
        result = {before + after for before in result for after in options}
    return result


def _folds(items: Any, flags: int) -> bool:
    """Whether some of `items` may match ignoring case (IGNORECASE in `flags` or set inside)."""
    if flags & re.IGNORECASE:
        return True
    for op, av in items:
        if op is _c.SUBPATTERN and _folds(av[3], flags | av[1]):
            return True
        if op is _c.BRANCH and any(_folds(alternative, flags) for alternative in av[1]):
            return True
        if op in (_c.MAX_REPEAT, _c.MIN_REPEAT) and _folds(av[2], flags):
            return True
    return False


_Need = tuple[frozenset[str], bool]  # strings one of which a match contains, and whether up to case


def _literal_runs(items: Any) -> list[list[Any]]:
    """The items of a parsed sequence one by one, but a run of literal characters as one part ("Operation")."""
    parts: list[list[Any]] = []
    for item in items:
        if item[0] is _c.LITERAL and parts and all(op is _c.LITERAL for op, _ in parts[-1]):
            parts[-1].append(item)
        else:
            parts.append([item])
    return parts


def _required(items: Any, flags: int) -> list[_Need]:
    """What every match of the sequence `items` contains: one string of each need (each plain literal part of
    it, and what each group or alternation in it needs); empty when no part of it is plain literal text."""
    needs: list[_Need] = []
    for part in _literal_runs(items):
        op, av = part[0]
        if op is _c.MAX_REPEAT:
            continue  # it may be absent (or its text is not literal)
        found = _strings(part, flags)
        if found is None and op is _c.SUBPATTERN:  # what the group needs, the sequence needs
            needs += _required(av[3], (flags | av[1]) & ~av[2])
        elif found is None and op is _c.BRANCH:  # each alternative needs its own (its most selective)
            best = [_best(_required(alternative, flags)) for alternative in av[1]]
            if all(need is not None for need in best):
                needs.append((frozenset().union(*(n[0] for n in best)), any(n[1] for n in best)))  # type: ignore[index]
        elif found and "" not in found:
            needs.append((frozenset(found), _folds(part, flags)))
    return needs


def _best(needs: list[_Need]) -> _Need | None:
    """The need whose shortest string is longest (roughly the most selective), or None."""
    return max(needs, key=lambda need: min(map(len, need[0])), default=None)


_T = TypeVar("_T")
_MOST_PATTERNS: Final = 4096


def _per_pattern(function: Callable[[re.Pattern[str]], _T]) -> Callable[[re.Pattern[str]], _T]:
    """``functools.cache`` for a function of a compiled pattern, by identity: a pattern's hash reads all of its
    compiled code (tens of kilobytes for a vocabulary), which ``cache`` would pay at every call."""
    memo: dict[int, tuple[re.Pattern[str], _T]] = {}

    @wraps(function)
    def cached(pattern: re.Pattern[str]) -> _T:
        entry = memo.get(id(pattern))
        if entry is None or entry[0] is not pattern:
            if len(memo) >= _MOST_PATTERNS:  # patterns built per text (never the rules') must not pile up
                memo.clear()
            entry = memo[id(pattern)] = (pattern, function(pattern))
        return entry[1]

    return cached


@dataclass(frozen=True, eq=False)  # hashed by identity: one object per need (see _scan)
class Scan:
    """A search for one need's `strings`: on the text itself, or (`lowered`) on the text in lower case, by
    ``str.find`` (much faster than the regex engine) for a few strings, by the regex `pattern` for many (or
    when `strings` is empty: a search ignoring case)."""

    pattern: re.Pattern[str]
    lowered: bool
    strings: tuple[str, ...]

    def search(self, text: str) -> bool:
        """Whether `text` has one of the strings."""
        if not self.strings or len(self.strings) > _FEW_STRINGS:
            return self.pattern.search(text) is not None
        return any(map(text.__contains__, self.strings))

    def starts(self, text: str, most: int) -> list[int]:
        """Sorted starts of the strings in `text` (at most `most` + 1 of them); a start inside a string found
        by the regex (many strings) may be missing, but is fewer than the longest string's length after one."""
        if not self.strings or len(self.strings) > _FEW_STRINGS:
            return [m.start() for m in islice(self.pattern.finditer(text), most + 1)]
        found: list[int] = []
        for word in self.strings:
            position = text.find(word)
            while position >= 0 and len(found) <= most:
                found.append(position)
                position = text.find(word, position + 1)
        return sorted(found)


_FEW_STRINGS: Final = 16


@_per_pattern
def required_scan(pattern: re.Pattern[str]) -> Scan | None:
    """A search for what every match of `pattern` contains (its most selective need): where it finds nothing,
    the pattern matches nothing (see :meth:`PatternStarts.may_match`).

    A need matched ignoring case is searched in lower case when it is ASCII: a case-insensitive regex gets no
    fast search from the engine, and only four non-ASCII characters match an ASCII letter ignoring case (on a
    text with one of them, the search ignoring case is used instead)."""
    if _p is None:
        return None
    try:
        need = _best(_required(_p.parse(pattern.pattern, pattern.flags), pattern.flags))
    except Exception:  # an unusual construct: no prefilter rather than a wrong one
        return None
    return None if need is None else _scan(*need)


@cache
def _ignoring_case(pattern: str) -> Scan:
    return Scan(re.compile(pattern, re.IGNORECASE), False, ())


@cache
def _literal_scanner(strings: tuple[str, ...], flags: int) -> re.Pattern[str]:
    return re.compile(trie_pattern(list(strings)), flags)


class Width(NamedTuple):
    """How many characters a part of a pattern matches: at least `least`, at most `fixed` plus, for each of
    `blanks` (`digits`) runs, the longest run of whitespace (digits) in the text."""

    least: int
    fixed: int
    blanks: int = 0
    digits: int = 0

    def __add__(self, other: tuple[int, ...]) -> Width:  # type: ignore[override]
        return Width(*(a + b for a, b in zip(self, other, strict=True)))

    def times(self, least: int, most: int) -> Width:
        return Width(self.least * least, self.fixed * most, self.blanks * most, self.digits * most)


def _run_class(items: Any) -> str | None:
    """'blanks' or 'digits' when `items` is one character of whitespace only (of digits only), else None."""
    if len(items) != 1:
        return None
    op, av = items[0]
    members = [(op, av)] if op is _c.LITERAL else list(av) if op is _c.IN else []
    if members and all((m_op is _c.LITERAL and chr(m_av).isspace() and _WHITESPACE.match(chr(m_av)))
                       or (m_op is _c.CATEGORY and m_av is _c.CATEGORY_SPACE) for m_op, m_av in members):
        return "blanks"
    if members and all((m_op is _c.LITERAL and chr(m_av) in string.digits)
                       or (m_op is _c.RANGE and 48 <= m_av[0] <= m_av[1] <= 57)
                       or (m_op is _c.CATEGORY and m_av is _c.CATEGORY_DIGIT) for m_op, m_av in members):
        return "digits"
    return None


_WHITESPACE: Final = re.compile(r"\s")


def _width(items: Any) -> Width | None:
    """The width of the sequence `items`, or None when it may be unbounded other than by runs of whitespace
    or digits (each bounded by the text's longest such run)."""
    total = Width(0, 0)
    for op, av in items:
        if op in (_c.LITERAL, _c.NOT_LITERAL, _c.IN, _c.ANY):
            total += (1, 1, 0, 0)
        elif op in (_c.AT, _c.ASSERT, _c.ASSERT_NOT):
            continue
        elif op is _c.SUBPATTERN:
            inner = _width(av[3])
            if inner is None:
                return None
            total += inner
        elif op is _c.BRANCH:
            widths = [_width(alternative) for alternative in av[1]]
            if any(w is None for w in widths):
                return None
            total += Width(min(w.least for w in widths), *(max(w[i] for w in widths)  # type: ignore[union-attr]
                                                              for i in (1, 2, 3)))
        elif op in (_c.MAX_REPEAT, _c.MIN_REPEAT, getattr(_c, "POSSESSIVE_REPEAT", None)):
            least, most, sub = av
            if most is _c.MAXREPEAT:
                run = _run_class(sub)
                if run is None:
                    return None
                total += (least, 0, 1, 0) if run == "blanks" else (least, 0, 0, 1)
                continue
            inner = _width(sub)
            if inner is None:
                return None
            total += inner.times(least, most)
        else:
            return None
    return total


class Trigger(NamedTuple):
    """A need of a pattern and where a match starts relative to it: between `before.least` and the most of
    `before` characters ahead of where the need's string starts; `longest` is its longest string's length."""

    scan: Scan
    before: Width
    longest: int


def _triggers(items: Any, flags: int, before: Width) -> Iterator[tuple[frozenset[str], bool, Width]]:
    """The needs of the sequence `items` with the width of what precedes each in the match."""
    for part in _literal_runs(items):
        op, av = part[0]
        found = None if op is _c.MAX_REPEAT else _strings(part, flags)
        if found and "" not in found:
            yield frozenset(found), _folds(part, flags), before
        elif found is None and op is _c.SUBPATTERN:
            yield from _triggers(av[3], (flags | av[1]) & ~av[2], before)
        width = _width(part)
        if width is None:
            return
        before = before + width


@_per_pattern
def trigger(pattern: re.Pattern[str]) -> Trigger | None:
    """The need of `pattern` whose strings are longest (then the nearest to the match start), with a bounded
    width before it: a match can start only a bounded distance before one of its strings."""
    if _p is None:
        return None
    try:
        found = list(_triggers(_p.parse(pattern.pattern, pattern.flags), pattern.flags, Width(0, 0)))
    except Exception:  # an unusual construct: no trigger rather than a wrong one
        return None
    found = [t for t in found if min(map(len, t[0])) >= _SHORTEST_TRIGGER]
    if not found:
        return None
    strings, folded, before = max(found, key=lambda t: (min(map(len, t[0])), -t[2].fixed))
    return Trigger(_scan(strings, folded), before, max(map(len, strings)))


@cache
def _scan(strings: frozenset[str], folded: bool) -> Scan:
    """The search for a need; a string that extends another ("days" after "day") is left out: it starts
    where the other does."""
    if folded and any(not string.isascii() for string in strings):  # the regex engine's case folding
        return Scan(_literal_scanner(tuple(sorted(strings)), re.IGNORECASE), False, ())
    words = sorted({string.lower() for string in strings} if folded else strings)
    kept = tuple(word for word in words if not any(word.startswith(other) for other in words if other != word))
    return Scan(_literal_scanner(kept, 0), folded, kept)


# A trigger's strings are at least this long (a shorter one occurs everywhere), and a text where it occurs more
# often than _MOST_OCCURRENCES is scanned everywhere (windows that many cost more than they save).
_SHORTEST_TRIGGER: Final = 3
_MOST_OCCURRENCES: Final = 48
# A scan for a trigger costs about as much as this many characters per try it may save.
_SCAN_COST: Final = 50


def _non_word_literals(op: Any, av: Any) -> bool:
    """Whether the item is one character, or a set of characters (not negated), none of them a word character."""
    if op is _c.LITERAL:
        return not (chr(av).isalnum() or chr(av) == "_")
    return op is _c.IN and all(item_op is _c.LITERAL and not (chr(item_av).isalnum() or chr(item_av) == "_")
                               for item_op, item_av in av)


class PatternStarts:
    """``pattern.finditer(text)`` for many patterns over one text, each tried only where a match can start.

    A scan by ``finditer`` tries every character, and a pattern that opens with a lookbehind gets no fast
    first-character search from the regex engine (hundreds of nanoseconds per character and pattern, most of
    the entity layer's time).  Here the characters a match can start with are computed from the pattern
    itself (exactly: no case folding, no ``\\d``) and, when the pattern says no word character precedes
    a match, only word starts are tried; the positions are found by one fast scan per character set and
    shared by the patterns that start alike.  The matches are those of ``finditer``, in the same order.
    """

    def __init__(self, text: str) -> None:
        self.text = text
        self._positions: dict[tuple[frozenset[str], bool], list[int]] = {}
        self._found: dict[Scan, bool] = {}  # per search for a need: whether the text has it
        self._lowered: str | bool | None = None  # False: lower case is no stand-in (see _lower)
        self._occurrences: dict[Scan, list[int]] = {}  # where each trigger's strings start (finditer's)

    def may_match(self, pattern: re.Pattern[str]) -> bool:
        """False when the text lacks a part every match of `pattern` contains (each search done once per text:
        patterns share vocabularies)."""
        scan = required_scan(pattern)
        if scan is None:
            return True
        found = self._found.get(scan)
        if found is None:
            occurrences = self._occurrences.get(scan)
            found = self._found[scan] = bool(occurrences) if occurrences is not None else \
                self._scan_for(scan).search(self._text_for(scan))
        return found

    def _text_for(self, scan: Scan) -> str:
        return self._lower() or self.text if scan.lowered else self.text

    def _lower(self) -> str | None:
        """The text in lower case, or None when that is no exact stand-in for case folding (a text with one of
        the four non-ASCII characters that match an ASCII letter, or whose length lower() changes)."""
        if self._lowered is None:
            lowered = self.text.lower()
            self._lowered = lowered if len(lowered) == len(self.text) and not any(
                char in self.text for char in _ASCII_FOLDS) \
                else False
        return self._lowered or None  # type: ignore[return-value]

    def _scan_for(self, scan: Scan) -> Scan:
        """The search to run: a lowered scan on the text itself ignores case when the lowered text will not do."""
        if scan.lowered and self._lower() is None:
            return _ignoring_case(scan.pattern.pattern)
        return scan

    def near(self, pattern: re.Pattern[str], positions: list[int], word_starts: bool) -> list[int] | None:
        """The sorted `positions` where a match of `pattern` can start, a few positions before one of its
        trigger's strings (see :func:`trigger`), or None to try them all (no trigger, or one too frequent).

        `positions` are the only places a match is tried, each at a character no whitespace: then what
        precedes the trigger in a match holds at most `before.fixed` of them, since its runs of whitespace hold
        none; with `word_starts` (no position is at a word character right after another: a word start or a
        token start) a run of digits holds at most one."""
        found = trigger(pattern)
        if found is None:
            return None
        scan, before, longest = found
        most = before.fixed + before.digits
        if (before.digits and not word_starts) or 2 * most >= len(positions):
            return None  # (a trigger that far from the start would leave most positions to try)
        occurrences = self._occurrences.get(scan)
        if occurrences is None:
            occurrences = self._occurrences[scan] = self._scan_for(scan).starts(self._text_for(scan),
                                                                                 _MOST_OCCURRENCES)
        if len(occurrences) > _MOST_OCCURRENCES:
            return None
        result: list[int] = []
        done = 0  # positions[:done] are in the result or passed
        for start in occurrences:
            # finditer skips a string starting inside one found: it starts fewer than `longest` characters later
            low = max(done, bisect.bisect_left(positions, start) - most)
            high = bisect.bisect_right(positions, start + longest - 1 - before.least)
            if high > low:
                result += positions[low:high]
                done = high
        return result

    @classmethod
    def of(cls, text: str) -> PatternStarts:
        """The one for `text`, shared by the layers that annotate it one after the other (the last text's only)."""
        last = _LAST[0]
        if last is None or last.text is not text:
            last = _LAST[0] = cls(text)
        return last

    @cached_property
    def tokens(self) -> list[int]:
        """Where a token starts: every character no whitespace but a word character right after another."""
        return [m.start() for m in _TOKEN.finditer(self.text)]

    @cached_property
    def tokens_by_char(self) -> dict[str, list[int]]:
        """:attr:`tokens` by their first character, each list sorted."""
        by_char: dict[str, list[int]] = {}
        text = self.text
        for i in self.tokens:
            by_char.setdefault(text[i], []).append(i)
        return by_char

    def _starts(self, chars: frozenset[str], after_non_word: bool) -> list[int]:
        key = (chars, after_non_word)
        found = self._positions.get(key)
        if found is None:
            if after_non_word and all(char.isalnum() or char == "_" for char in chars):
                # a word character after none (or at the start) starts a token, and a token starting with one
                # starts so: the tokens already found, not another scan
                by_char = self.tokens_by_char
                found = sorted(chain.from_iterable(map(by_char.__getitem__, chars.intersection(by_char))))
            else:
                scanner = _scanner(chars, after_non_word)
                found = [m.end() if after_non_word else m.start() for m in scanner.finditer(self.text)]
                if after_non_word and self.text and self.text[0] in chars:
                    found.insert(0, 0)
            self._positions[key] = found
        return found

    def finditer(self, pattern: re.Pattern[str]) -> Iterator[re.Match[str]]:
        """What ``pattern.finditer(text)`` yields."""
        start = _exact_start(pattern)
        if start is None:
            if self.may_match(pattern):
                yield from pattern.finditer(self.text)
            return
        chars, after_non_word = start
        positions = self._starts(chars, after_non_word)
        near = None  # a few tries cost less than any scan: they are made without one
        if worth_a_scan(len(positions), self.text):
            # (whitespace runs hold no position: see near)
            near = None if _has_blank(chars) else self.near(pattern, positions, after_non_word)
            if near is None and not self.may_match(pattern):
                return
        text, match, end = self.text, pattern.match, 0
        for position in positions if near is None else near:  # never inside the last match: it may run long
            if position >= end and (m := match(text, position)) is not None:
                end = m.end()
                yield m


def search(pattern: re.Pattern[str], text: str) -> re.Match[str] | None:
    """``pattern.search(text)``, not run on a text without a few plain strings one of which every match holds
    (most of the sentences a rarely matching pattern is asked about: a substring test is far cheaper)."""
    scan = required_scan(pattern)
    if scan is not None and not scan.lowered and scan.strings and len(scan.strings) <= _FEW_STRINGS and \
            not scan.search(text):
        return None
    return pattern.search(text)


_LAST: list[PatternStarts | None] = [None]
# A token: a run of word characters, or one character neither a word character nor whitespace.
_TOKEN: Final = re.compile(r"\w+|[^\w\s]")


@cache
def _has_blank(chars: frozenset[str]) -> bool:
    return any(char.isspace() for char in chars)


def worth_a_scan(tries: int, text: str) -> bool:
    """Whether a scan of `text` for a trigger costs less than the `tries` of a pattern it may save."""
    return tries * _SCAN_COST >= len(text)


@cache
def _scanner(chars: frozenset[str], after_non_word: bool) -> re.Pattern[str]:
    """Finds the characters `chars` (with `after_non_word`: the non-word character before each, consumed, so
    the pattern opens with a character set and the regex engine's fast search applies)."""
    members = "".join(re.escape(char) for char in sorted(chars))
    return re.compile(rf"[^\w](?=[{members}])" if after_non_word else f"[{members}]")


@_per_pattern
def _exact_start(pattern: re.Pattern[str]) -> tuple[frozenset[str], bool] | None:
    """The characters every match of `pattern` starts with, and whether it starts after a non-word character;
    None when the analysis cannot tell exactly (then the pattern is tried everywhere)."""
    if _p is None:
        return None
    try:
        parsed = _p.parse(pattern.pattern, pattern.flags)
        chars, nullable = _first(parsed, pattern.flags, exact=True)
        kind = _after_non_word(parsed)
    except Exception:  # _Inexact, or an unusual construct
        return None
    if chars is None or nullable:  # an empty match would need finditer's own stepping
        return None
    word_chars = all(char.isalnum() or char == "_" for char in chars)
    return frozenset(chars), kind == "lookbehind" or (kind == "boundary" and word_chars)


def trie_pattern(words: list[str]) -> str:
    """One regex alternation for many literal phrases, with shared prefixes merged (much faster to match).

    At every branch the longer continuation is tried before stopping, so the longest phrase that fits wins,
    as in an alternation sorted longest first.
    """
    trie: dict[str, Any] = {}
    for word in words:
        node = trie
        for char in word:
            node = node.setdefault(char, {})
        node[""] = {}

    def build(node: dict[str, Any]) -> str:
        ends = "" in node
        branches = [re.escape(char) + build(child) for char, child in sorted(node.items()) if char]
        if not branches:
            return ""
        body = branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"
        return f"(?:{body})?" if ends else body

    return build(trie)
