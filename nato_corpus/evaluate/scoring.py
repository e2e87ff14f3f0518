"""Span matching under the four SemEval-2013 task 9.1 schemes, and the attribute scores of each layer.

Offsets are half-open throughout; matching is one-to-one and greedy in prediction order, as in nervaluate
(``tests/evaluate`` cross-checks the counts against it).  Counts add up across documents (micro average);
scores are ``None`` when there is nothing to score.

- strict: same boundaries and label; exact: same boundaries; partial: any overlap, half credit unless the
  boundaries are the same; type: any overlap with the same label.
"""

from __future__ import annotations

import random
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any, Final

from nato_corpus.schema import LABEL_FIELD

SCHEMES: Final = ("strict", "exact", "partial", "type")


@dataclass(frozen=True)
class Span:
    start: int
    end: int
    label: str
    item: Any = field(default=None, compare=False)  # the annotation, for attribute scores

    def overlaps(self, other: Span) -> bool:
        return self.start < other.end and other.start < self.end

    def same_boundaries(self, other: Span) -> bool:
        return self.start == other.start and self.end == other.end


@dataclass
class Counts:
    correct: int = 0
    incorrect: int = 0
    partial: int = 0
    missed: int = 0
    spurious: int = 0

    def __add__(self, other: Counts) -> Counts:
        return Counts(self.correct + other.correct, self.incorrect + other.incorrect, self.partial + other.partial,
                      self.missed + other.missed, self.spurious + other.spurious)

    @property
    def actual(self) -> int:
        return self.correct + self.incorrect + self.partial + self.spurious

    @property
    def possible(self) -> int:
        return self.correct + self.incorrect + self.partial + self.missed

    def scores(self, half_credit: bool) -> dict[str, float | None]:
        credit = self.correct + (0.5 * self.partial if half_credit else 0)
        precision = credit / self.actual if self.actual else None
        recall = credit / self.possible if self.possible else None
        if precision is None or recall is None:
            f1 = None if precision is None and recall is None else 0.0
        else:
            f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
        return {"precision": precision, "recall": recall, "f1": f1}

    def as_dict(self) -> dict[str, int]:
        return {"correct": self.correct, "incorrect": self.incorrect, "partial": self.partial,
                "missed": self.missed, "spurious": self.spurious, "possible": self.possible, "actual": self.actual}


def match(gold: Sequence[Span], predicted: Sequence[Span], scheme: str) -> tuple[Counts, list[tuple[Span, Span]]]:
    """Counts of one document under `scheme`, and the (gold, predicted) pairs it credited or faulted."""
    counts = Counts()
    pairs: list[tuple[Span, Span]] = []
    matched: set[int] = set()
    for pred in predicted:
        hit: int | None = None
        fallback: int | None = None
        best_distance: int | None = None
        for index, true in enumerate(gold):
            if index in matched or not pred.overlaps(true):
                continue
            if scheme == "type":
                if pred.label == true.label:
                    distance = abs(pred.start - true.start) + abs(pred.end - true.end)
                    if best_distance is None or distance < best_distance:
                        hit, best_distance = index, distance
                elif fallback is None:
                    fallback = index
                continue
            exact = pred.same_boundaries(true) and (scheme != "strict" or pred.label == true.label)
            if exact:
                hit = index
                break
            if fallback is None:
                fallback = index
        if hit is not None:
            counts.correct += 1
            matched.add(hit)
            pairs.append((gold[hit], pred))
        elif fallback is not None:
            if scheme == "partial":
                counts.partial += 1
            else:
                counts.incorrect += 1
            matched.add(fallback)
            pairs.append((gold[fallback], pred))
        else:
            counts.spurious += 1
    counts.missed = len(gold) - len(matched)
    return counts, pairs


def half_credit(scheme: str) -> bool:
    return scheme in ("partial", "type")


@dataclass
class DocumentSpans:
    """Gold and predicted spans of one layer in one document."""

    doc_id: str
    gold: list[Span]
    predicted: list[Span]


def spans_of(annotations: Iterable[Any], layer: str) -> list[Span]:
    label = LABEL_FIELD[layer]
    return sorted((Span(a.start, a.end, str(getattr(a, label)), a) for a in annotations),
                  key=lambda s: (s.start, s.end))


def micro(documents: Sequence[DocumentSpans], scheme: str, label: str | None = None) -> Counts:
    total = Counts()
    for doc in documents:
        gold = [s for s in doc.gold if label is None or s.label == label]
        predicted = [s for s in doc.predicted if label is None or s.label == label]
        total = total + match(gold, predicted, scheme)[0]
    return total


MACRO: Final = "__macro__"  # label slot of the macro average in interval keys
Key = tuple[str, str | None]  # (scheme, label); label None is the micro average over all labels
Interval = tuple[float, float] | None


def document_counts(doc: DocumentSpans, labels: Sequence[str], schemes: Sequence[str] = SCHEMES) -> dict[Key, Counts]:
    """Counts of one document per scheme, overall and per label: the unit the bootstrap resamples."""
    counts: dict[Key, Counts] = {}
    for scheme in schemes:
        counts[scheme, None] = match(doc.gold, doc.predicted, scheme)[0]
        for label in labels:
            gold = [s for s in doc.gold if s.label == label]
            predicted = [s for s in doc.predicted if s.label == label]
            counts[scheme, label] = match(gold, predicted, scheme)[0]
    return counts


def _f1(counts: Counts, scheme: str) -> float | None:
    return counts.scores(half_credit(scheme))["f1"]


def _weighted_sum(per_doc: Sequence[Counts], weights: Sequence[int]) -> Counts:
    total = Counts()
    for counts, weight in zip(per_doc, weights, strict=True):
        if weight:
            total = total + Counts(counts.correct * weight, counts.incorrect * weight, counts.partial * weight,
                                   counts.missed * weight, counts.spurious * weight)
    return total


def bootstrap_intervals(per_doc: Sequence[dict[Key, Counts]], labels: Sequence[str] = (), *, samples: int = 1000,
                        seed: int = 13) -> dict[Key, Interval]:
    """95% percentile intervals of every F1 (micro, per label, and macro under key (scheme, MACRO)).

    Documents, not spans, are resampled with replacement, because spans of one article are not independent
    (one writer, one topic).  Every F1 is computed on the same resamples, drawn from ``random.Random(seed)``,
    so a report is reproducible bit for bit.  Resamples where an F1 is undefined are left out of its interval.
    """
    if not per_doc or samples <= 0:
        return {}
    keys = list(per_doc[0])
    schemes = sorted({scheme for scheme, _ in keys})
    rng = random.Random(seed)
    values: dict[Key, list[float]] = {key: [] for key in keys}
    for scheme in schemes:
        values[scheme, MACRO] = []
    n = len(per_doc)
    for _ in range(samples):
        weights = [0] * n
        for _ in range(n):
            weights[rng.randrange(n)] += 1
        for key in keys:
            f1 = _f1(_weighted_sum([d[key] for d in per_doc], weights), key[0])
            if f1 is not None:
                values[key].append(f1)
        for scheme in schemes:
            f1s = [f1 for label in labels
                   if (f1 := _f1(_weighted_sum([d[scheme, label] for d in per_doc], weights), scheme)) is not None]
            if f1s:
                values[scheme, MACRO].append(sum(f1s) / len(f1s))
    return {key: percentile_interval(found) for key, found in values.items()}


def percentile_interval(values: list[float]) -> Interval:
    """The 95% percentile interval of bootstrap values (None when there are none)."""
    if not values:
        return None
    values = sorted(values)
    return values[int(0.025 * (len(values) - 1))], values[int(0.975 * (len(values) - 1))]


def bootstrap_f1(documents: Sequence[DocumentSpans], scheme: str, *, samples: int = 1000,
                 seed: int = 13) -> Interval:
    """95% percentile interval of micro F1 over documents resampled with replacement (seeded)."""
    per_doc = [document_counts(d, (), (scheme,)) for d in documents]
    return bootstrap_intervals(per_doc, samples=samples, seed=seed).get((scheme, None))


def accuracy(pairs: Sequence[tuple[Span, Span]], same: Callable[[Any, Any], bool]) -> float | None:
    """Share of matched pairs whose attribute agrees; pairs of bare spans (no annotation attached) are skipped."""
    judged = [same(g.item, p.item) for g, p in pairs if g.item is not None and p.item is not None]
    return sum(judged) / len(judged) if judged else None


def _span_key(ref: Any) -> tuple[int, int] | None:
    return None if ref is None else (ref.start, ref.end)


ATTRIBUTES: Final[dict[str, dict[str, Callable[[Any, Any], bool]]]] = {
    "entities": {"entity_id": lambda g, p: g.entity_id == p.entity_id},
    "quotes": {"kind": lambda g, p: g.kind == p.kind,
               "speaker_span": lambda g, p: _span_key(g.speaker) == _span_key(p.speaker),
               "speaker_entity": lambda g, p: g.speaker_entity_id == p.speaker_entity_id},
    "dates": {"type": lambda g, p: g.type == p.type, "value": lambda g, p: g.value == p.value,
              "type_and_value": lambda g, p: g.type == p.type and g.value == p.value},
    "figures": {"value": lambda g, p: g.value == p.value, "unit": lambda g, p: g.unit == p.unit,
                "value_and_unit": lambda g, p: g.value == p.value and g.unit == p.unit},
}


def score_layer(layer: str, documents: Sequence[DocumentSpans], *, bootstrap: int = 1000,
                seed: int = 13) -> dict[str, Any]:
    """Every score of one layer: per scheme (micro, per label, macro), attribute accuracies, and intervals.

    Micro pools the counts of all labels; macro averages the per-label scores over the labels that have a
    defined score, so a rare label weighs as much as a frequent one.  Every F1 has a bootstrap interval
    (``*_ci95``, None with ``bootstrap=0``).
    """
    labels = sorted({s.label for d in documents for s in (*d.gold, *d.predicted)})
    per_doc = [document_counts(d, labels) for d in documents]
    intervals = bootstrap_intervals(per_doc, labels, samples=bootstrap, seed=seed)
    result: dict[str, Any] = {"documents": len(documents), "gold": sum(len(d.gold) for d in documents),
                              "predicted": sum(len(d.predicted) for d in documents), "schemes": {}}
    for scheme in SCHEMES:
        total = _weighted_sum([d[scheme, None] for d in per_doc], [1] * len(per_doc))
        per_label = {}
        for label in labels:
            counts = _weighted_sum([d[scheme, label] for d in per_doc], [1] * len(per_doc))
            per_label[label] = {**counts.scores(half_credit(scheme)), **counts.as_dict(),
                                "f1_ci95": intervals.get((scheme, label))}
        result["schemes"][scheme] = {
            **total.scores(half_credit(scheme)), **total.as_dict(), "f1_ci95": intervals.get((scheme, None)),
            **{f"macro_{name}": _mean([v[name] for v in per_label.values()]) for name in ("precision", "recall")},
            "macro_f1": _mean([v["f1"] for v in per_label.values()]),
            "macro_f1_ci95": intervals.get((scheme, MACRO)), "per_label": per_label}
    # Attributes are judged on spans matched by overlap (TempEval-3 practice: accuracy over relaxed matches).
    pairs = [pair for d in documents for pair in match(d.gold, d.predicted, "partial")[1]]
    result["matched_pairs"] = len(pairs)
    result["attributes"] = {name: accuracy(pairs, same) for name, same in ATTRIBUTES[layer].items()}
    if layer == "quotes":
        # Cues are scored as spans of their own (exact boundaries), whichever quote they belong to.
        cue_docs = [DocumentSpans(d.doc_id, _cues(d.gold), _cues(d.predicted)) for d in documents]
        cue_per_doc = [{("cue", None): match(d.gold, d.predicted, "exact")[0]} for d in cue_docs]
        cues = _weighted_sum([d["cue", None] for d in cue_per_doc], [1] * len(cue_per_doc))
        cue_ci = bootstrap_intervals(cue_per_doc, samples=bootstrap, seed=seed).get(("cue", None))
        result["cue"] = {**cues.scores(False), **cues.as_dict(), "f1_ci95": cue_ci}
        result["attributes"]["cue_f1"] = result["cue"]["f1"]
    return result


def _mean(values: Sequence[float | None]) -> float | None:
    defined = [v for v in values if v is not None]
    return sum(defined) / len(defined) if defined else None


def _cues(spans: Sequence[Span]) -> list[Span]:
    cues = {(s.item.cue.start, s.item.cue.end) for s in spans if s.item is not None and s.item.cue is not None}
    return [Span(a, b, "cue") for a, b in sorted(cues)]
