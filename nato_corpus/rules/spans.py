"""Overlap tests whose cost is the length of the span asked about, not the number of spans already known.

Each layer keeps candidates that overlap no span taken before (a longer candidate, a date, a skipped zone).
Asking every taken span in turn makes that quadratic in the number of candidates, and a text of 100,000
numbers or years has 100,000 of them; these structures answer exactly what the linear scan answered.
"""

from __future__ import annotations

import bisect
from collections.abc import Iterable


def _overlap(start: int, end: int, spans: Iterable[tuple[int, int]]) -> bool:
    return any(start < s_end and s_start < end for s_start, s_end in spans)


class Taken:
    """Half-open spans added one at a time, marked character by character.

    ``overlaps(start, end)`` is ``any(start < e and s < end for s, e in added)`` and ``covers(position)`` is
    ``any(s <= position < e for s, e in added)``; both cost the length of the question, not the number of spans.
    Empty, reversed or negative spans (which no rule produces) are kept aside and scanned, so the answers stay
    exact.
    """

    def __init__(self, size: int = 0) -> None:
        self._marks = bytearray(max(size, 0))
        self._odd: list[tuple[int, int]] = []  # spans not within 0 <= start < end, asked one by one
        self._spans: list[tuple[int, int]] = []  # every span, for an empty question (never asked by the rules)

    def add(self, start: int, end: int) -> None:
        self._spans.append((start, end))
        if not 0 <= start < end:
            self._odd.append((start, end))
            return
        if end > len(self._marks):
            self._marks.extend(bytes(end - len(self._marks)))
        self._marks[start:end] = b"\x01" * (end - start)

    def overlaps(self, start: int, end: int) -> bool:
        if not 0 <= start < end:
            return _overlap(start, end, self._spans)
        return self._marks.find(1, start, end) >= 0 or (bool(self._odd) and _overlap(start, end, self._odd))

    def covers(self, position: int) -> bool:
        return (0 <= position < len(self._marks) and self._marks[position] == 1) or any(
            start <= position < end for start, end in self._odd)


class Zones:
    """Fixed half-open spans, merged and sorted once: ``overlaps`` is the linear scan's answer by bisection."""

    def __init__(self, spans: Iterable[tuple[int, int]]) -> None:
        self._spans = tuple(spans)
        self._odd = [(s, e) for s, e in self._spans if s >= e]
        starts: list[int] = []
        ends: list[int] = []
        for s, e in sorted((s, e) for s, e in self._spans if s < e):
            if ends and s <= ends[-1]:  # overlapping or touching: one stretch for a non-empty question
                ends[-1] = max(ends[-1], e)
            else:
                starts.append(s)
                ends.append(e)
        self._starts, self._ends = starts, ends

    def overlaps(self, start: int, end: int) -> bool:
        if start >= end:
            return _overlap(start, end, self._spans)
        index = bisect.bisect_right(self._starts, start)
        if index and self._ends[index - 1] > start:
            return True
        if index < len(self._starts) and self._starts[index] < end:
            return True
        return _overlap(start, end, self._odd)
