"""Where the human and rule layers disagree: a pure classification used by the viewer.

Every gold span gets one status against the rule layer — ``exact`` (same boundaries, same label and values),
``label`` (same boundaries, other label/kind/type), ``value`` (same boundaries and label, other normalised
value, unit or link, or for a quote another speaker span, speaker entity or cue span), ``boundary``
(overlapping, other boundaries) or ``missed``; every rule span that overlaps no gold span is ``spurious``.
Matching is the scorer's one-to-one overlap matching.  Each comparison also names what differs, so that the
viewer can say it.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, Final

from nato_corpus.evaluate.scoring import match, spans_of
from nato_corpus.schema import LABEL_FIELD

STATUSES: Final = ("exact", "label", "value", "boundary", "missed", "spurious")
_VALUE_FIELDS: Final = {"entities": ("entity_id",), "quotes": ("speaker", "speaker_entity_id", "cue"),
                        "dates": ("value", "mod"), "figures": ("value", "value_max", "unit")}


@dataclass(frozen=True)
class Comparison:
    status: str
    gold: Any | None
    rule: Any | None
    differences: tuple[str, ...] = ()  # fields of a paired rule span that differ: "label", "speaker", ...


def _value(item: Any, name: str) -> Any:
    """A field as compared: a quote's speaker or cue by its span only (its text follows from the offsets)."""
    value = getattr(item, name, None)
    if name in ("speaker", "cue"):
        return None if value is None else (value.start, value.end)
    return value


def differences(layer: str, gold: Any, rule: Any) -> tuple[str, ...]:
    """The label and value fields in which two annotations of `layer` differ, boundaries aside."""
    names = (LABEL_FIELD[layer], *_VALUE_FIELDS[layer])
    return tuple(n for n in names if _value(gold, n) != _value(rule, n))


def compare_layer(layer: str, gold: Sequence[Any], rule: Sequence[Any]) -> list[Comparison]:
    gold_spans, rule_spans = spans_of(gold, layer), spans_of(rule, layer)
    _, pairs = match(gold_spans, rule_spans, "partial")
    paired = {id(g.item): p.item for g, p in pairs}
    matched_rule = {id(p.item) for _, p in pairs}
    result = []
    for g in gold_spans:
        r = paired.get(id(g.item))
        if r is None:
            result.append(Comparison("missed", g.item, None))
            continue
        differ = differences(layer, g.item, r)
        if (g.start, g.end) != (r.start, r.end):
            status = "boundary"
        elif LABEL_FIELD[layer] in differ:
            status = "label"
        elif differ:
            status = "value"
        else:
            status = "exact"
        result.append(Comparison(status, g.item, r, differ))
    result += [Comparison("spurious", None, r.item) for r in rule_spans if id(r.item) not in matched_rule]
    return result
