"""Rule-based (silver) annotators: one deterministic module per layer, run in a fixed order.

Each layer module exposes ``annotate(text: str, context: RuleContext) -> list[<Layer>Annotation]``.
Modules may return any ids; :func:`annotate_text` renumbers them per layer in offset order
(``e1, e2, ...`` for entities, ``q``, ``d``, ``f`` for the others) so outputs are stable.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import TYPE_CHECKING, Final

from nato_corpus import __version__
from nato_corpus.schema import ID_PREFIX, LAYERS, Annotation, DateAnnotation, EntityAnnotation

if TYPE_CHECKING:
    from nato_corpus.rules.entities import RegistryIndex

RULESET_NAME: Final = "nato_corpus.rules"
RULESET_VERSION: Final = __version__
ANNOTATOR: Final = f"{RULESET_NAME}@{RULESET_VERSION}"


@dataclass(frozen=True)
class RuleContext:
    """What a layer's rules may know besides the text."""

    anchor: dt.date  # document creation time for relative dates
    skip: tuple[tuple[int, int], ...] = ()  # half-open zones never annotated (boilerplate, credits, ...)
    entities: tuple[EntityAnnotation, ...] = field(default=())  # filled before the quote rules run
    dates: tuple[DateAnnotation, ...] | None = None  # filled before the figure rules run (they avoid dates)
    registry: RegistryIndex | None = None  # the corpus's entity registry; None: this repository's

    def skipped(self, start: int, end: int) -> bool:
        return any(start < z_end and z_start < end for z_start, z_end in self.skip)


LayerAnnotator = Callable[[str, RuleContext], Sequence[Annotation]]


def _layer_annotators() -> dict[str, LayerAnnotator]:
    from nato_corpus.rules import dates, entities, figures, quotes

    return {"entities": entities.annotate, "quotes": quotes.annotate, "dates": dates.annotate,
            "figures": figures.annotate}


def _renumber(layer: str, annotations: Sequence[Annotation]) -> list[Annotation]:
    ordered = sorted(annotations, key=lambda a: (a.start, a.end))
    return [a.model_copy(update={"id": f"{ID_PREFIX[layer]}{i}"}) for i, a in enumerate(ordered, start=1)]


def _anchor_date(anchor: dt.date | dt.datetime | str) -> dt.date:
    """The anchor day; a ValueError naming `anchor` when it is not a day."""
    if isinstance(anchor, dt.datetime):
        return anchor.date()
    if isinstance(anchor, dt.date):
        return anchor
    if isinstance(anchor, str):
        try:
            if len(anchor) == 10:
                return dt.date.fromisoformat(anchor)
        except ValueError:
            pass
        raise ValueError(f"anchor {anchor!r} is not a YYYY-MM-DD day")
    raise TypeError(f"anchor must be a date, datetime or YYYY-MM-DD string, not {type(anchor).__name__}")


def annotate_text(
    text: str,
    anchor: dt.date | dt.datetime | str,
    skip: tuple[tuple[int, int], ...] = (),
    layers: Sequence[str] = LAYERS,
    registry: RegistryIndex | Path | str | None = None,
) -> list[Annotation]:
    """All rule annotations of `text`, layer by layer.

    `anchor` is the publication day that relative dates resolve against: a date, a datetime (its date) or an
    ISO ``YYYY-MM-DD`` string.  Entities are linked to `registry`: an index, or the folder of a corpus whose
    registry is read (see :func:`nato_corpus.rules.entities.registry_index`); with none, nothing is linked.

    Entities run before quotes (speakers are entities) and dates before figures (numbers inside dates are
    not figures), also when only the later layer is asked for.
    """
    anchor = _anchor_date(anchor)
    if isinstance(registry, (str, Path)):
        from nato_corpus.rules.entities import registry_index

        registry = registry_index(registry)
    annotators = _layer_annotators()
    needed = set(layers)
    needed |= {"entities"} if "quotes" in layers else set()
    needed |= {"dates"} if "figures" in layers else set()
    context = RuleContext(anchor=anchor, skip=skip, registry=registry)
    result: list[Annotation] = []
    for layer in LAYERS:
        if layer not in needed:
            continue
        found = _renumber(layer, annotators[layer](text, context))
        if layer == "entities":
            context = replace(context, entities=tuple(found))  # type: ignore[arg-type]
        elif layer == "dates":
            context = replace(context, dates=tuple(found))  # type: ignore[arg-type]
        if layer in layers:
            result.extend(found)
    return result
