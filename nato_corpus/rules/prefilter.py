"""Which characters a regular expression can start a match with: a conservative prefilter for the rules.

The date rules try dozens of patterns at every token start; asking first whether the character there can
begin a match of the pattern skips most attempts.  The set is computed from the pattern itself (so it stays
right when a pattern changes); anything the analysis does not understand yields ``None`` ("try everywhere").
"""

from __future__ import annotations

import re
import string
from collections.abc import Iterator
from functools import cache
from typing import Any

try:  # the regex parser is internal to `re`; without it the prefilter is simply off
    from re import _constants as _c
    from re import _parser as _p
except ImportError:  # pragma: no cover - other Python versions
    _c = _p = None  # type: ignore[assignment]


class _Inexact(Exception):
    """The exact analysis meets what only the conservative one approximates (case folding, \\d)."""


def _chars(code: int, flags: int, exact: bool = False) -> set[str]:
    char = chr(code)
    if flags & re.IGNORECASE and exact:
        raise _Inexact  # Unicode case folding matches more than lower() and upper() ("K" and the Kelvin sign)
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


def _required(items: Any, flags: int) -> set[str] | None:
    """Strings one of which every match of the sequence `items` contains, up to case (the literal part of it
    whose shortest string is longest), or None when no part of it is plain literal text."""
    best: set[str] | None = None
    parts: list[list[Any]] = []  # the items one by one, a run of literal characters as one part ("Operation")
    for item in items:
        if item[0] is _c.LITERAL and parts and all(op is _c.LITERAL for op, _ in parts[-1]):
            parts[-1].append(item)
        else:
            parts.append([item])
    for part in parts:
        op, av = part[0]
        if op is _c.MAX_REPEAT:
            continue  # it may be absent (or its text is not literal)
        found = _strings(part, flags)
        if found is None and op is _c.SUBPATTERN:  # what the group needs, the sequence needs
            found = _required(av[3], (flags | av[1]) & ~av[2])
        elif found is None and op is _c.BRANCH:  # each alternative needs its own
            needs = [_required(alternative, flags) for alternative in av[1]]
            found = None if any(need is None for need in needs) else set().union(*needs)  # type: ignore[arg-type]
        if found and "" not in found and (best is None or min(map(len, found)) > min(map(len, best))):
            best = found
    return best


@cache
def required_scanner(pattern: re.Pattern[str]) -> re.Pattern[str] | None:
    """A search for what every match of `pattern` contains: where it finds nothing, the pattern matches nothing.

    The search ignores case when the pattern ignores it anywhere: the regex engine's own case folding, so it
    finds every spelling the pattern accepts (and perhaps more, which only costs a scan)."""
    if _p is None:
        return None
    try:
        needed = _required(_p.parse(pattern.pattern, pattern.flags), pattern.flags)
    except Exception:  # an unusual construct: no prefilter rather than a wrong one
        return None
    folded = pattern.flags & re.IGNORECASE or "(?i" in pattern.pattern
    return None if needed is None else re.compile(trie_pattern(sorted(needed)), re.IGNORECASE if folded else 0)


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

    def _starts(self, chars: frozenset[str], after_non_word: bool) -> list[int]:
        key = (chars, after_non_word)
        found = self._positions.get(key)
        if found is None:
            scanner = _scanner(chars, after_non_word)
            found = [m.end() if after_non_word else m.start() for m in scanner.finditer(self.text)]
            if after_non_word and self.text and self.text[0] in chars:
                found.insert(0, 0)
            self._positions[key] = found
        return found

    def finditer(self, pattern: re.Pattern[str]) -> Iterator[re.Match[str]]:
        """What ``pattern.finditer(text)`` yields."""
        required = required_scanner(pattern)
        if required is not None and required.search(self.text) is None:
            return
        start = _exact_start(pattern)
        if start is None:
            yield from pattern.finditer(self.text)
            return
        text, match, end = self.text, pattern.match, 0
        for position in self._starts(*start):
            if position >= end and (m := match(text, position)) is not None:
                end = m.end()
                yield m


@cache
def _scanner(chars: frozenset[str], after_non_word: bool) -> re.Pattern[str]:
    """Finds the characters `chars` (with `after_non_word`: the non-word character before each, consumed, so
    the pattern opens with a character set and the regex engine's fast search applies)."""
    members = "".join(re.escape(char) for char in sorted(chars))
    return re.compile(rf"[^\w](?=[{members}])" if after_non_word else f"[{members}]")


@cache
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
