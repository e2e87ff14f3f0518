"""Which characters a regular expression can start a match with: a conservative prefilter for the rules.

The date rules try dozens of patterns at every token start; asking first whether the character there can
begin a match of the pattern skips most attempts.  The set is computed from the pattern itself (so it stays
right when a pattern changes); anything the analysis does not understand yields ``None`` ("try everywhere").
"""

from __future__ import annotations

import re
import string
from typing import Any

try:  # the regex parser is internal to `re`; without it the prefilter is simply off
    from re import _constants as _c
    from re import _parser as _p
except ImportError:  # pragma: no cover - other Python versions
    _c = _p = None  # type: ignore[assignment]


def _chars(code: int, flags: int) -> set[str]:
    char = chr(code)
    return {char.lower(), char.upper(), char} if flags & re.IGNORECASE else {char}


def _first(items: Any, flags: int) -> tuple[set[str] | None, bool]:
    """(possible first characters or None for any, whether the sequence can match the empty string)."""
    found: set[str] = set()
    for op, av in items:
        if op is _c.LITERAL:
            return found | _chars(av, flags), False
        if op is _c.IN:
            members: set[str] = set()
            for item_op, item_av in av:
                if item_op is _c.LITERAL:
                    members |= _chars(item_av, flags)
                elif item_op is _c.RANGE:
                    for code in range(item_av[0], item_av[1] + 1):
                        members |= _chars(code, flags)
                elif item_op is _c.CATEGORY and item_av is _c.CATEGORY_DIGIT:
                    members |= set(string.digits)
                else:
                    return None, False
            return found | members, False
        if op is _c.BRANCH:
            nullable = False
            for alternative in av[1]:
                chars, empty = _first(alternative, flags)
                if chars is None:
                    return None, False
                found |= chars
                nullable |= empty
            if not nullable:
                return found, False
        elif op is _c.SUBPATTERN:
            _group, add, remove, sub = av
            chars, empty = _first(sub, (flags | add) & ~remove)
            if chars is None:
                return None, False
            found |= chars
            if not empty:
                return found, False
        elif op in (_c.MAX_REPEAT, _c.MIN_REPEAT, getattr(_c, "POSSESSIVE_REPEAT", None)):
            minimum, _maximum, sub = av
            chars, empty = _first(sub, flags)
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
