"""Span matching under the four SemEval-2013 task 9.1 schemes, and the attribute scores of each layer.

Offsets are half-open throughout; matching is one-to-one and greedy in prediction order, as in nervaluate
(``tests/evaluate`` cross-checks the counts against it).  Counts add up across documents (micro average);
scores are ``None`` when there is nothing to score.

- strict: same boundaries and label; exact: same boundaries; partial: any overlap, half credit unless the
  boundaries are the same; type: any overlap with the same label.
"""

from __future__ import annotations

import math
import random
from collections.abc import Collection, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from statistics import NormalDist
from typing import Any, Final

from nato_corpus.evaluate.span_index import FlatGold, is_flat
from nato_corpus.schema import LABEL_FIELD, LAYERS, MODEL_BY_LAYER
from nato_corpus.schema.timex import is_unknown_value

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
    """Counts of one document under `scheme`, and the (gold, predicted) pairs it credited or faulted.

    Each prediction in turn takes an unmatched gold span it overlaps: the first with its boundaries (and
    label, under ``strict``), under ``type`` the nearest with its label, else the first it overlaps.  A flat
    gold layer (every validated one) is searched through an index, in O((gold + predicted) log gold).
    """
    if not is_flat(gold):
        return _match_by_scanning(gold, predicted, scheme)
    counts = Counts()
    pairs: list[tuple[Span, Span]] = []
    index = FlatGold(gold)
    for pred in predicted:
        if scheme == "type":
            hit = index.nearest_with_label(pred.start, pred.end, pred.label)
        else:
            hit = index.same_boundaries(pred.start, pred.end)
            if hit is not None and scheme == "strict" and gold[hit].label != pred.label:
                hit = None
        fallback = index.first_overlapping(pred.start, pred.end) if hit is None else None
        taken = _tally(counts, pairs, gold, pred, hit, fallback, scheme)
        if taken is not None:
            index.take(taken)
    counts.missed = len(gold) - len(pairs)
    return counts, pairs


def _tally(counts: Counts, pairs: list[tuple[Span, Span]], gold: Sequence[Span], pred: Span, hit: int | None,
           fallback: int | None, scheme: str) -> int | None:
    """Counts one prediction (correct on a hit, partial or incorrect on a fallback, else spurious); returns the
    gold index it takes."""
    if hit is not None:
        counts.correct += 1
        pairs.append((gold[hit], pred))
        return hit
    if fallback is not None:
        if scheme == "partial":
            counts.partial += 1
        else:
            counts.incorrect += 1
        pairs.append((gold[fallback], pred))
        return fallback
    counts.spurious += 1
    return None


def _match_by_scanning(gold: Sequence[Span], predicted: Sequence[Span],
                       scheme: str) -> tuple[Counts, list[tuple[Span, Span]]]:
    """`match` for gold that is not flat (overlapping or unsorted spans): every gold span per prediction."""
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
        taken = _tally(counts, pairs, gold, pred, hit, fallback, scheme)
        if taken is not None:
            matched.add(taken)
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


# Fewer documents than this get no interval: below it even the expanded percentile interval covers far less
# than 95% (simulated in tests/evaluate/test_scoring.py: about 80% with 3 documents, 93-95% from 5 on).
MIN_INTERVAL_DOCUMENTS: Final = 5
INTERVAL_METHOD: Final = "expanded percentile bootstrap over documents (Hesterberg 2015)"


def bootstrap_intervals(per_doc: Sequence[dict[Key, Counts]], labels: Sequence[str] = (), *, samples: int = 1000,
                        seed: int = 13) -> dict[Key, Interval]:
    """95% intervals of every F1 (micro, per label, and macro under key (scheme, MACRO)); {} below
    ``MIN_INTERVAL_DOCUMENTS`` documents.

    Documents, not spans, are resampled with replacement, because spans of one article are not independent
    (one writer, one topic).  The plain percentile interval is too narrow with few documents (51% coverage
    with 2, 86% with 5), so the percentiles are widened as by a t interval with n - 1 degrees of freedom
    (:func:`percentile_interval` with `documents`).  Every F1 is computed on the same resamples, drawn from
    ``random.Random(seed)``, so a report is reproducible bit for bit.  Resamples where an F1 is undefined are
    left out of its interval; the macro F1 of a resample averages the labels that occur in it.
    """
    if len(per_doc) < MIN_INTERVAL_DOCUMENTS or samples <= 0:
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
    return {key: percentile_interval(found, documents=n) for key, found in values.items()}


def _t_quantile(p: float, freedom: int) -> float:
    """Student's t quantile by its Cornish-Fisher expansion (within 0.001 of the exact value from 4 degrees)."""
    z = NormalDist().inv_cdf(p)
    nu = float(freedom)
    return (z + (z**3 + z) / (4 * nu) + (5 * z**5 + 16 * z**3 + 3 * z) / (96 * nu**2)
            + (3 * z**7 + 19 * z**5 + 17 * z**3 - 15 * z) / (384 * nu**3)
            + (79 * z**9 + 776 * z**7 + 1482 * z**5 - 1920 * z**3 - 945 * z) / (92160 * nu**4))


def percentile_interval(values: list[float], documents: int | None = None) -> Interval:
    """The 95% percentile interval of bootstrap values (None when there are none).

    With `documents` (n, the number resampled) it is the *expanded* percentile interval: the tails are those of
    a normal at sqrt(n / (n - 1)) times the t quantile with n - 1 degrees of freedom, which keeps coverage near
    95% with few documents.
    """
    if not values:
        return None
    values = sorted(values)
    tail = 0.025
    if documents is not None and documents > 1:
        tail = NormalDist().cdf(-math.sqrt(documents / (documents - 1)) * _t_quantile(0.975, documents - 1))
    last = len(values) - 1
    return values[int(tail * last)], values[min(last, math.ceil((1 - tail) * last - 1e-9))]


def bootstrap_f1(documents: Sequence[DocumentSpans], scheme: str, *, samples: int = 1000,
                 seed: int = 13) -> Interval:
    """95% percentile interval of micro F1 over documents resampled with replacement (seeded)."""
    per_doc = [document_counts(d, (), (scheme,)) for d in documents]
    return bootstrap_intervals(per_doc, samples=samples, seed=seed).get((scheme, None))


# Fields that say where a span is or who made it, not what it is: never compared as attributes.
PROVENANCE_FIELDS: Final = frozenset({"id", "layer", "start", "end", "text", "origin", "annotator", "annotator_kind"})
NO_CURRENCY: Final = "XXX"  # ISO 4217's "no currency": a money unit that says nothing


def attributes_of(layer: str) -> tuple[str, ...]:
    """Every field of a layer's schema that says what a span is (label, value, bound, mod, speaker, ...)."""
    return tuple(name for name in MODEL_BY_LAYER[layer].model_fields if name not in PROVENANCE_FIELDS)


def comparable(value: Any) -> Any:
    """A speaker or cue compares by its offsets; everything else by value."""
    return (value.start, value.end) if hasattr(value, "start") and hasattr(value, "end") else value


def _given(item: Any, name: str) -> bool:
    """Whether a prediction states field `name`: null, an all-unknown TIMEX3 value and unit XXX state nothing."""
    value = getattr(item, name)
    if value is None:
        return False
    if item.layer == "dates" and name == "value":
        return not is_unknown_value(value)
    return not (name == "unit" and value == NO_CURRENCY)


@dataclass(frozen=True)
class Attribute:
    """One scored attribute: the schema fields it compares and when a prediction counts as stating it.

    A *value* attribute (``statement=False``) is judged only on matched pairs where the prediction gives it (a
    null is never a guess); a *statement* (a flag, or a field whose null is itself a claim, such as "no bound")
    cannot be told from a default, so it is judged on every matched pair, and only when the system declares
    that it attempts it.  `parts` names the attributes a combined one needs to be attempted.
    """

    fields: tuple[str, ...]
    statement: bool = False
    parts: tuple[str, ...] = ()

    def given(self, item: Any) -> bool:
        return self.statement or all(_given(item, name) for name in self.fields)

    def same(self, gold: Any, predicted: Any) -> bool:
        return all(comparable(getattr(gold, n)) == comparable(getattr(predicted, n)) for n in self.fields)


_STATEMENT: Final = {"statement": True}
ATTRIBUTES: Final[dict[str, dict[str, Attribute]]] = {
    "entities": {"entity_id": Attribute(("entity_id",))},
    "quotes": {"kind": Attribute(("kind",)), "speaker_span": Attribute(("speaker",)),
               "speaker_entity": Attribute(("speaker_entity_id",))},
    "dates": {"type": Attribute(("type",)), "value": Attribute(("value",)),
              "type_and_value": Attribute(("type", "value"), parts=("type", "value")),
              "mod": Attribute(("mod",), **_STATEMENT),
              "temporal_function": Attribute(("temporal_function",), **_STATEMENT)},
    "figures": {"value": Attribute(("value",)), "unit": Attribute(("unit",)),
                "value_and_unit": Attribute(("value", "unit"), parts=("value", "unit")),
                **{name: Attribute((name,), **_STATEMENT)
                   for name in ("value_max", "bound", "approximate", "measures", "base", "per")}},
}
# The label field of each layer is scored by the span schemes, and quote cues as spans of their own (cue F1).
assert all({f for a in ATTRIBUTES[layer].values() for f in a.fields} | {LABEL_FIELD[layer]} | {"cue"}
           >= set(attributes_of(layer)) - ({"cue"} if layer != "quotes" else set()) for layer in ATTRIBUTES)
Attempted = Mapping[str, Collection[str]]  # layer -> the attribute names a system declares it attempts


def every_attribute() -> dict[str, tuple[str, ...]]:
    """A declaration that attempts everything (the rule layer's)."""
    return {layer: tuple(attributes) for layer, attributes in ATTRIBUTES.items()}


def parse_attributes(names: Iterable[str], where: str) -> dict[str, frozenset[str]]:
    """A declaration from ``layer.attribute`` names (a bare name: every layer that has it); ValueError naming
    `where` and the unknown name, with the choices."""
    declared: dict[str, set[str]] = {layer: set() for layer in ATTRIBUTES}
    for raw in names:
        name = raw.strip()
        if not name:
            continue
        layer, _, attribute = name.rpartition(".")
        layers = [layer] if layer else [found for found in ATTRIBUTES if attribute in ATTRIBUTES[found]]
        if not layers or any(found not in ATTRIBUTES or attribute not in ATTRIBUTES[found] for found in layers):
            choices = ", ".join(f"{found}.{a}" for found in ATTRIBUTES for a in ATTRIBUTES[found])
            raise ValueError(f"{where}: unknown attribute {name!r}; choose from {choices}")
        for found in layers:
            declared[found].add(attribute)
    return {layer: frozenset(found) for layer, found in declared.items()}


def attempts(layer: str, name: str, declared: Collection[str] | None) -> bool:
    """Whether an attribute is scored: declared (every part of a combined one), or undeclared and a value."""
    attribute = ATTRIBUTES[layer][name]
    if declared is None:
        return not attribute.statement
    return all(part in declared for part in attribute.parts) if attribute.parts else name in declared


def unscored_attributes(predictions: Iterable[Any], attempted: Attempted | None) -> list[str]:
    """``layer.attribute`` of every attribute some prediction states that is not scored: a statement without a
    declaration, or anything a declaration leaves out (it lists all that is scored, values included).  A value
    is stated as :func:`attempts` judges it; a statement when its fields are neither null nor false."""
    unscored: set[tuple[str, str]] = set()
    for item in predictions:
        declared = None if attempted is None else attempted.get(item.layer, ())
        for name, attribute in ATTRIBUTES[item.layer].items():
            if attribute.parts or (item.layer, name) in unscored or attempts(item.layer, name, declared):
                continue
            stated = (all(getattr(item, f) not in (None, False) for f in attribute.fields) if attribute.statement
                      else attribute.given(item))
            if stated:
                unscored.add((item.layer, name))
    return [f"{layer}.{name}" for layer, name in sorted(unscored, key=lambda pair: (LAYERS.index(pair[0]), pair[1]))]


def attribute_scores(layer: str, pairs: Sequence[tuple[Span, Span]], declared: Collection[str] | None = None
                     ) -> tuple[dict[str, float | None], dict[str, dict[str, Any] | None]]:
    """Accuracy of every attribute of `layer` on matched pairs, and its coverage (judged / matched).

    An attribute is judged only where the prediction states it (:class:`Attribute`), so nulls and
    placeholders neither count as right nor as wrong; one the system does not attempt is None with coverage
    None.  Pairs of bare spans (no annotation attached) are skipped.
    """
    items = [(g.item, p.item) for g, p in pairs if g.item is not None and p.item is not None]
    accuracies: dict[str, float | None] = {}
    coverage: dict[str, dict[str, Any] | None] = {}
    for name, attribute in ATTRIBUTES[layer].items():
        if not attempts(layer, name, declared):
            accuracies[name], coverage[name] = None, None
            continue
        judged = [attribute.same(g, p) for g, p in items if attribute.given(p)]
        accuracies[name] = sum(judged) / len(judged) if judged else None
        coverage[name] = {"correct": sum(judged), "judged": len(judged), "matched": len(items),
                          "coverage": len(judged) / len(items) if items else None}
    return accuracies, coverage


def _brief(span: Span) -> dict[str, Any]:
    text = getattr(span.item, "text", None)
    return {"start": span.start, "end": span.end, "label": span.label, "text": text}


def span_errors(layer: str, doc: DocumentSpans, declared: Collection[str] | None = None) -> list[dict[str, Any]]:
    """Every error of one document, on the overlap matching the attributes use.

    ``kind`` is ``missed`` (gold span with no overlapping prediction), ``spurious`` (prediction overlapping no
    gold span), ``boundary`` (overlap, other boundaries), ``label`` (same boundaries, other label),
    ``boundary_and_label``, or ``attribute`` (same span and label, some attempted attribute differs; they are
    listed under ``attributes``).
    """
    _, pairs = match(doc.gold, doc.predicted, "partial")
    matched_gold = {id(g) for g, _ in pairs}
    matched_predicted = {id(p) for _, p in pairs}
    errors: list[dict[str, Any]] = []
    for gold, predicted in pairs:
        same_span, same_label = gold.same_boundaries(predicted), gold.label == predicted.label
        wrong = []
        if gold.item is not None and predicted.item is not None:
            wrong = [name for name, attribute in ATTRIBUTES[layer].items() if not attribute.parts
                     and attempts(layer, name, declared) and attribute.given(predicted.item)
                     and not attribute.same(gold.item, predicted.item)]
        kind = ("boundary_and_label" if not same_span and not same_label else "boundary" if not same_span
                else "label" if not same_label else "attribute" if wrong else None)
        if kind is not None:
            errors.append({"doc_id": doc.doc_id, "kind": kind, "gold": _brief(gold), "predicted": _brief(predicted),
                           "attributes": wrong})
    errors += [{"doc_id": doc.doc_id, "kind": "missed", "gold": _brief(g), "predicted": None, "attributes": []}
               for g in doc.gold if id(g) not in matched_gold]
    errors += [{"doc_id": doc.doc_id, "kind": "spurious", "gold": None, "predicted": _brief(p), "attributes": []}
               for p in doc.predicted if id(p) not in matched_predicted]
    return sorted(errors, key=lambda e: ((e["gold"] or e["predicted"])["start"], e["kind"]))


def score_layer(layer: str, documents: Sequence[DocumentSpans], *, bootstrap: int = 1000,
                seed: int = 13, declared: Collection[str] | None = None) -> dict[str, Any]:
    """Every score of one layer: per scheme (micro, per label, macro), attributes with coverage, intervals,
    per-document counts and the per-span error list.

    Micro pools the counts of all labels.  Macro averages the per-label scores over one label set, the labels
    that occur in the gold or the predictions of these documents, with an undefined precision or recall (a
    label never predicted, or absent from the gold) counted as 0, so macro P, R and F1 average the same
    labels.  Every F1 has a bootstrap interval (``*_ci95``, None with ``bootstrap=0``).  `declared` is the
    attributes the system says it attempts (None: undeclared; see :func:`attempts`).
    """
    labels = sorted({s.label for d in documents for s in (*d.gold, *d.predicted)})
    per_doc = [document_counts(d, labels) for d in documents]
    intervals = bootstrap_intervals(per_doc, labels, samples=bootstrap, seed=seed)
    result: dict[str, Any] = {"documents": len(documents), "gold": sum(len(d.gold) for d in documents),
                              "predicted": sum(len(d.predicted) for d in documents), "labels": labels,
                              "schemes": {}}
    for scheme in SCHEMES:
        total = _weighted_sum([d[scheme, None] for d in per_doc], [1] * len(per_doc))
        per_label = {}
        for label in labels:
            counts = _weighted_sum([d[scheme, label] for d in per_doc], [1] * len(per_doc))
            per_label[label] = {**counts.scores(half_credit(scheme)), **counts.as_dict(),
                                "f1_ci95": intervals.get((scheme, label))}
        result["schemes"][scheme] = {
            **total.scores(half_credit(scheme)), **total.as_dict(), "f1_ci95": intervals.get((scheme, None)),
            **{f"macro_{name}": _macro([v[name] for v in per_label.values()]) for name in ("precision", "recall")},
            "macro_f1": _macro([v["f1"] for v in per_label.values()]),
            "macro_f1_ci95": intervals.get((scheme, MACRO)), "per_label": per_label}
    # Attributes are judged on spans matched by overlap (TempEval-3 practice: accuracy over relaxed matches).
    pairs = [pair for d in documents for pair in match(d.gold, d.predicted, "partial")[1]]
    result["matched_pairs"] = len(pairs)
    result["attributes"], result["attribute_coverage"] = attribute_scores(layer, pairs, declared)
    if layer == "quotes":
        # Cues are scored as spans of their own (exact boundaries), whichever quote they belong to.
        cue_docs = [DocumentSpans(d.doc_id, _cues(d.gold), _cues(d.predicted)) for d in documents]
        cue_per_doc = [{("cue", None): match(d.gold, d.predicted, "exact")[0]} for d in cue_docs]
        cues = _weighted_sum([d["cue", None] for d in cue_per_doc], [1] * len(cue_per_doc))
        cue_ci = bootstrap_intervals(cue_per_doc, samples=bootstrap, seed=seed).get(("cue", None))
        result["cue"] = {**cues.scores(False), **cues.as_dict(), "f1_ci95": cue_ci}
        result["attributes"]["cue_f1"] = result["cue"]["f1"]
    result["per_document"] = {
        doc.doc_id: {scheme: {**counts[scheme, None].as_dict(), "f1": _f1(counts[scheme, None], scheme)}
                     for scheme in SCHEMES} for doc, counts in zip(documents, per_doc, strict=True)}
    result["errors"] = [error for doc in documents for error in span_errors(layer, doc, declared)]
    return result


def _macro(values: Sequence[float | None]) -> float | None:
    """Mean over every label of the set, an undefined score counting as 0 (None when there is no label)."""
    return sum(v or 0.0 for v in values) / len(values) if values else None


def _cues(spans: Sequence[Span]) -> list[Span]:
    cues = {(s.item.cue.start, s.item.cue.end) for s in spans if s.item is not None and s.item.cue is not None}
    return [Span(a, b, "cue") for a, b in sorted(cues)]
