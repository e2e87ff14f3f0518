"""Where the human and rule layers disagree: a pure classification used by the viewer.

Every gold span gets one status against the rule layer — ``exact`` (same boundaries, same label and values),
``label`` (same boundaries, other label/kind/type), ``value`` (same boundaries and label, other normalised
value, unit or link), ``boundary`` (overlapping, other boundaries) or ``missed``; every rule span that
overlaps no gold span is ``spurious``.  Matching is the scorer's one-to-one overlap matching.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, Final

from nato_corpus.evaluate.scoring import LABEL_FIELD, match, spans_of

STATUSES: Final = ("exact", "label", "value", "boundary", "missed", "spurious")
_VALUE_FIELDS: Final = {"entities": ("entity_id",), "quotes": ("speaker_entity_id",),
                        "dates": ("value", "mod"), "figures": ("value", "value_max", "unit")}


@dataclass(frozen=True)
class Comparison:
    status: str
    gold: Any | None
    rule: Any | None


def compare_layer(layer: str, gold: Sequence[Any], rule: Sequence[Any]) -> list[Comparison]:
    gold_spans, rule_spans = spans_of(gold, layer), spans_of(rule, layer)
    _, pairs = match(gold_spans, rule_spans, "partial")
    paired = {id(g.item): p.item for g, p in pairs}
    matched_rule = {id(p.item) for _, p in pairs}
    result = []
    for g in gold_spans:
        r = paired.get(id(g.item))
        if r is None:
            status = "missed"
        elif (g.start, g.end) != (r.start, r.end):
            status = "boundary"
        elif getattr(g.item, LABEL_FIELD[layer]) != getattr(r, LABEL_FIELD[layer]):
            status = "label"
        elif any(getattr(g.item, f) != getattr(r, f) for f in _VALUE_FIELDS[layer]):
            status = "value"
        else:
            status = "exact"
        result.append(Comparison(status, g.item, r))
    result += [Comparison("spurious", None, r.item) for r in rule_spans if id(r.item) not in matched_rule]
    return result
