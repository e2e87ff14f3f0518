"""The gold spans of one match, indexed so that each prediction finds its candidates in logarithmic time.

`scoring.match` is greedy in prediction order: each prediction takes the first unmatched gold span with its
boundaries, else (under ``type``) the nearest unmatched one with its label, else the first unmatched one it
overlaps.  Looking at every gold span for every prediction made scoring quadratic in a predictions file
(8,000 spans in one document: 31 s for one ``bench``).  A layer is flat (the validator forbids overlaps), so
the gold spans a prediction overlaps are one run of the sorted spans, found by two binary searches; matched
spans are skipped with a union-find, and the nearest span of a label inside the prediction is the longest
unmatched one there, kept in a segment tree per label.  Gold that is not flat is matched by
`scoring.match`'s plain loop instead.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections.abc import Sequence
from itertools import pairwise
from typing import Protocol

_TAKEN = (-1, 0)  # a matched span's slot in the longest-span trees: below every unmatched span


class _Span(Protocol):
    start: int
    end: int
    label: str


def is_flat(spans: Sequence[_Span]) -> bool:
    """True when the spans are non-empty, in order and pairwise disjoint: a layer as the validator admits it."""
    return all(s.start < s.end for s in spans) and all(a.end <= b.start for a, b in pairwise(spans))


class _Longest:
    """Segment tree over some gold spans: the longest unmatched one in a range of them (the first on ties)."""

    def __init__(self, values: list[tuple[int, int]]) -> None:
        self.size = 1 << max(len(values) - 1, 0).bit_length()
        self.tree = [_TAKEN] * (2 * self.size)
        self.tree[self.size:self.size + len(values)] = values
        for node in range(self.size - 1, 0, -1):
            self.tree[node] = max(self.tree[2 * node], self.tree[2 * node + 1])

    def take(self, slot: int) -> None:
        node = slot + self.size
        self.tree[node] = _TAKEN
        while node > 1:
            node //= 2
            self.tree[node] = max(self.tree[2 * node], self.tree[2 * node + 1])

    def best(self, low: int, high: int) -> tuple[int, int]:
        """(length, -index) of the longest unmatched span among slots [low, high), or _TAKEN if none."""
        best = _TAKEN
        low, high = low + self.size, high + self.size
        while low < high:
            if low & 1:
                best, low = max(best, self.tree[low]), low + 1
            if high & 1:
                high -= 1
                best = max(best, self.tree[high])
            low, high = low // 2, high // 2
        return best


class FlatGold:
    """The unmatched spans of a flat gold layer, queried per prediction and taken as they are matched."""

    def __init__(self, gold: Sequence[_Span]) -> None:
        self.gold = gold
        self.starts = [s.start for s in gold]
        self.ends = [s.end for s in gold]
        self.by_boundaries = {(s.start, s.end): index for index, s in enumerate(gold)}
        self.next = list(range(len(gold) + 1))  # union-find: the first unmatched index at or after each
        self.matched = [False] * len(gold)
        self._labels: dict[str, tuple[list[int], _Longest]] | None = None

    def _first_unmatched(self, index: int) -> int:
        root = index
        while self.next[root] != root:
            root = self.next[root]
        while self.next[index] != root:  # path compression
            self.next[index], index = root, self.next[index]
        return root

    def overlapping(self, start: int, end: int) -> tuple[int, int]:
        """The run [first, stop) of gold spans overlapping [start, end)."""
        return bisect_right(self.ends, start), bisect_left(self.starts, end)

    def first_overlapping(self, start: int, end: int) -> int | None:
        first, stop = self.overlapping(start, end)
        index = self._first_unmatched(first)
        return index if index < stop else None

    def same_boundaries(self, start: int, end: int) -> int | None:
        index = self.by_boundaries.get((start, end))
        return None if index is None or self.matched[index] else index

    def nearest_with_label(self, start: int, end: int, label: str) -> int | None:
        """The unmatched span of `label` overlapping [start, end) nearest to it (the sum of the two boundary
        distances; the first on ties).  Inside the prediction that is the longest one, so only the two spans
        that cross its edges are measured one by one."""
        first, stop = self.overlapping(start, end)
        if first >= stop:
            return None
        labels = self._by_label()
        if label not in labels:
            return None
        positions, longest = labels[label]
        candidates: list[tuple[int, int]] = []
        inner_first = first + (self.starts[first] < start)
        inner_stop = stop - (self.ends[stop - 1] > end)
        for edge in {first, stop - 1}:
            span = self.gold[edge]
            if inner_first <= edge < inner_stop:
                continue  # inside the prediction: the tree below measures it
            if not self.matched[edge] and span.label == label:
                candidates.append((abs(start - span.start) + abs(end - span.end), edge))
        if inner_first < inner_stop:
            length, negative = longest.best(bisect_left(positions, inner_first), bisect_left(positions, inner_stop))
            if (length, negative) != _TAKEN:
                candidates.append(((end - start) - length, -negative))
        return min(candidates)[1] if candidates else None

    def _by_label(self) -> dict[str, tuple[list[int], _Longest]]:
        if self._labels is None:
            positions: dict[str, list[int]] = {}
            for index, span in enumerate(self.gold):
                positions.setdefault(span.label, []).append(index)
            self._labels = {label: (indices, _Longest([(self.ends[i] - self.starts[i], -i) for i in indices]))
                            for label, indices in positions.items()}
        return self._labels

    def take(self, index: int) -> None:
        self.matched[index] = True
        self.next[index] = index + 1
        if self._labels is not None:
            positions, longest = self._labels[self.gold[index].label]
            longest.take(bisect_left(positions, index))
