"""Rule-based dates annotator (placeholder until the rules issue lands: finds nothing)."""

from __future__ import annotations

from nato_corpus.rules import RuleContext
from nato_corpus.schema import Annotation


def annotate(text: str, context: RuleContext) -> list[Annotation]:
    return []
