"""Agreement between independent annotation passes: span F1, every attribute, and chance-corrected kappa.

A benchmark's gold is only as good as two annotators' agreement on it, so each figure comes with an interval:
documents (not spans) are resampled, as in :func:`nato_corpus.evaluate.scoring.bootstrap_intervals`, because
the spans of one article are not independent.  Entities also get Cohen's kappa over tokens (every token of the
annotated zones labelled with the entity label covering it, or ``O``), the chance-corrected measure the field
reports for NER agreement; span F1 has no chance correction, since the number of possible spans is unbounded.
"""

from __future__ import annotations

import random
from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from nato_corpus.dataset.ner import TOKEN
from nato_corpus.evaluate.scoring import (
    DocumentSpans,
    Interval,
    attributes_of,
    comparable,
    match,
    percentile_interval,
    score_layer,
    spans_of,
)
from nato_corpus.schema.vocabulary import LAYERS, UNANNOTATED_ZONES


@dataclass(frozen=True)
class PassDocument:
    """One document as two passes annotated it, with the text and the zones no layer annotates."""

    doc_id: str
    text: str
    skipped: tuple[tuple[int, int], ...]
    first: tuple[Any, ...]
    second: tuple[Any, ...]


def skipped_zones(metadata: Any) -> tuple[tuple[int, int], ...]:
    return tuple((z.start, z.end) for z in metadata.zones if z.kind in UNANNOTATED_ZONES)


def attribute_agreement(pairs: Sequence[tuple[Any, Any]], layer: str) -> dict[str, float | None]:
    """Share of span pairs (same boundaries) on which the two passes give each attribute the same value."""
    result: dict[str, float | None] = {}
    for name in attributes_of(layer):
        same = [comparable(getattr(a, name)) == comparable(getattr(b, name)) for a, b in pairs]
        result[name] = sum(same) / len(same) if same else None
    return result


def token_labels(text: str, entities: Sequence[Any], skipped: Sequence[tuple[int, int]]) -> list[str]:
    """The entity label of every token outside the skipped zones (``O`` when no entity covers it); the tokens
    are those of the ``ner`` config, so kappa is measured on the units a token classifier is trained on."""
    tokens = [m.span() for m in TOKEN.finditer(text)  # the ner view's tokens
              if not any(start <= m.start() < end for start, end in skipped)]
    ordered = sorted(entities, key=lambda e: e.start)
    labels, index = [], 0
    for start, end in tokens:
        while index < len(ordered) and ordered[index].end <= start:
            index += 1
        entity = ordered[index] if index < len(ordered) and ordered[index].start < end else None
        labels.append(entity.label if entity is not None else "O")
    return labels


def cohen_kappa(first: Sequence[str], second: Sequence[str]) -> float | None:
    """Cohen's kappa of two label sequences over the same items; None when chance agreement is total."""
    n = len(first)
    if n == 0:
        return None
    observed = sum(a == b for a, b in zip(first, second, strict=True)) / n
    count_a, count_b = Counter(first), Counter(second)
    expected = sum(count_a[label] * count_b[label] for label in count_a) / (n * n)
    return None if expected == 1 else (observed - expected) / (1 - expected)


def entity_kappa(documents: Sequence[PassDocument], *, samples: int = 1000, seed: int = 13
                 ) -> tuple[float | None, Interval, int]:
    """Token-level kappa of the entity layer over all documents, its document-bootstrap 95% interval, and the
    number of tokens."""
    per_doc = []
    for doc in documents:
        first = token_labels(doc.text, [a for a in doc.first if a.layer == "entities"], doc.skipped)
        second = token_labels(doc.text, [a for a in doc.second if a.layer == "entities"], doc.skipped)
        per_doc.append((first, second))
    joined = ([label for f, _ in per_doc for label in f], [label for _, s in per_doc for label in s])
    kappa = cohen_kappa(*joined)
    rng, values = random.Random(seed), []
    for _ in range(samples if len(per_doc) > 1 else 0):
        drawn = [per_doc[rng.randrange(len(per_doc))] for _ in per_doc]
        value = cohen_kappa([x for f, _ in drawn for x in f], [x for _, s in drawn for x in s])
        if value is not None:
            values.append(value)
    return kappa, percentile_interval(values), len(joined[0])


def compare_passes(documents: Sequence[PassDocument], *, samples: int = 1000, seed: int = 13
                   ) -> dict[str, dict[str, Any]]:
    """Per layer: spans of each pass, strict and partial F1 with intervals, every attribute's agreement on
    span pairs with the same boundaries; for entities also the token-level kappa."""
    report: dict[str, dict[str, Any]] = {}
    for layer in LAYERS:
        docs = [DocumentSpans(d.doc_id, spans_of([a for a in d.first if a.layer == layer], layer),
                              spans_of([a for a in d.second if a.layer == layer], layer)) for d in documents]
        scores = score_layer(layer, docs, bootstrap=samples if len(docs) > 1 else 0, seed=seed)
        exact_pairs = [(g.item, p.item) for d in docs for g, p in match(d.gold, d.predicted, "exact")[1]]
        entry: dict[str, Any] = {
            "spans": [scores["gold"], scores["predicted"]],
            "strict_f1": scores["schemes"]["strict"]["f1"], "strict_f1_ci": scores["schemes"]["strict"].get("f1_ci95"),
            "partial_f1": scores["schemes"]["partial"]["f1"],
            "partial_f1_ci": scores["schemes"]["partial"].get("f1_ci95"),
            "same_boundaries": len(exact_pairs),
            "attributes": attribute_agreement(exact_pairs, layer),
        }
        if layer == "entities":
            kappa, interval, tokens = entity_kappa(documents, samples=samples, seed=seed)
            entry.update(token_kappa=kappa, token_kappa_ci=interval, tokens=tokens)
        report[layer] = entry
    return report


def documents_of(texts: Mapping[str, tuple[str, tuple[tuple[int, int], ...]]], first: Mapping[str, Sequence[Any]],
                 second: Mapping[str, Sequence[Any]]) -> list[PassDocument]:
    """The documents both passes annotated, in doc-id order."""
    return [PassDocument(doc, *texts[doc], tuple(first[doc]), tuple(second[doc]))
            for doc in sorted(set(first) & set(second))]
