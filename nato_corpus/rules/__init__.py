"""Rule-based (silver) annotators: one deterministic module per layer, run in a fixed order.

Each layer module exposes ``annotate(text: str, context: RuleContext) -> list[<Layer>Annotation]``.
Modules may return any ids; :func:`annotate_text` renumbers them per layer in offset order
(``e1, e2, ...`` for entities, ``q``, ``d``, ``f`` for the others) so outputs are stable.
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, replace
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING, Final

from nato_corpus import __version__
from nato_corpus.rules.spans import Zones
from nato_corpus.schema import ID_PREFIX, LAYERS, Annotation, DateAnnotation, EntityAnnotation
from nato_corpus.schema.base import SPAN_TEXT_MAX
from nato_corpus.schema.timex import is_valid_value

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

    @cached_property
    def _zones(self) -> Zones:
        return Zones(self.skip)

    def skipped(self, start: int, end: int) -> bool:
        """Whether [start, end) overlaps a skipped zone (by bisection: metadata may list any number of zones)."""
        return bool(self.skip) and self._zones.overlaps(start, end)


def fits_schema(*spans: tuple[int, int] | None) -> bool:
    """Whether every span is at most the schema's span-text limit: a longer annotation would not validate,
    so the rules skip it (a 30,000-character quotation, a number followed by 25,000 blanks and "billion")."""
    return all(span is None or span[1] - span[0] <= SPAN_TEXT_MAX for span in spans)


LayerAnnotator = Callable[[str, RuleContext], Sequence[Annotation]]


def _layer_annotators() -> dict[str, LayerAnnotator]:
    from nato_corpus.rules import dates, entities, figures, quotes

    return {"entities": entities.annotate, "quotes": quotes.annotate, "dates": dates.annotate,
            "figures": figures.annotate}


def _renumber(layer: str, annotations: Sequence[Annotation]) -> list[Annotation]:
    """Ids in offset order; an annotation that already has its id is kept, not copied (a text of numbers has
    hundreds of thousands of figures, and the figure and date layers mostly number them in order already)."""
    ordered = sorted(annotations, key=lambda a: (a.start, a.end))
    return [a if a.id == (new := f"{ID_PREFIX[layer]}{i}") else a.model_copy(update={"id": new})
            for i, a in enumerate(ordered, start=1)]


_DAY_ANCHOR: Final = re.compile(r"\A[0-9]{4}-[0-9]{2}-[0-9]{2}\Z")
_MONTH_ANCHOR: Final = re.compile(r"\A(?P<year>[0-9]{4})-(?P<month>[0-9]{2})\Z")
# A value's components: digit runs, letter runs, single separators ("2025-W23-1" -> 2025 - W 23 - 1).
_VALUE_TOKEN: Final = re.compile(r"[0-9]+|[A-Za-z_]+|.")
# What an expression whose value depends on the unknown day and does not merge component-wise gets
# (not reached by the current rules: their durations and sets do not depend on the anchor).
_UNKNOWN_VALUE: Final = {"DATE": "XXXX-XX-XX", "TIME": "XXXX-XX-XXTXX:XX", "DURATION": "PXD", "SET": "XXXX-XX-XX"}


def anchor_days(anchor: dt.date | dt.datetime | str) -> tuple[dt.date, ...]:
    """The days the anchor may be: one for a day, every day of the month for a ``YYYY-MM`` month.

    A ValueError names `anchor` when it is neither (a TypeError when it is not even a string or date).
    """
    if isinstance(anchor, dt.datetime):
        return (anchor.date(),)
    if isinstance(anchor, dt.date):
        return (anchor,)
    if not isinstance(anchor, str):
        raise TypeError(f"anchor must be a date, datetime or YYYY-MM-DD / YYYY-MM string, not {type(anchor).__name__}")
    try:
        if _DAY_ANCHOR.fullmatch(anchor):
            return (dt.date.fromisoformat(anchor),)
        if month := _MONTH_ANCHOR.fullmatch(anchor):
            year, number = int(month["year"]), int(month["month"])
            length = calendar.monthrange(year, number)[1]  # ValueError (IllegalMonthError) outside 1-12
            return tuple(dt.date(year, number, day) for day in range(1, length + 1))
    except ValueError:
        pass
    raise ValueError(f"anchor {anchor!r} is not a YYYY-MM-DD day or a YYYY-MM month")


def _merged_value(timex_type: str, values: Sequence[str]) -> str:
    """One TIMEX3 value for an expression that resolves to `values` depending on the anchor day: the
    components all candidates share, X placeholders for the others ("2025-06-02" .. "2025-05-26" -> "2025-XX-XX",
    "2025-W23" .. "2025-W27" -> "2025-WXX")."""
    if len(set(values)) == 1:
        return values[0]
    tokens = [_VALUE_TOKEN.findall(value) for value in values]
    if len({len(t) for t in tokens}) == 1:
        merged: list[str] = []
        for column in zip(*tokens, strict=True):
            if len(set(column)) == 1:
                merged.append(column[0])
            elif all(t.isdigit() for t in column) and len({len(t) for t in column}) == 1:
                merged.append("X" * len(column[0]))
            else:
                break
        else:
            value = "".join(merged)
            if timex_type == "DURATION":
                value = re.sub("X+", "X", value)  # a duration's unknown count is one X ("PXD")
            if is_valid_value(timex_type, value):
                return value
    return _UNKNOWN_VALUE[timex_type]


def _month_dates(text: str, context: RuleContext, days: Sequence[dt.date],
                 found: Sequence[Annotation]) -> list[Annotation]:
    """The dates `found` against the first day of a month anchor, with every value that differs on another
    day of the month underspecified (see :func:`annotate_text`).

    The other days' dates are what the date layer would annotate (the same zones and span limit), found with
    the patterns matched once and no annotation objects built: thirty runs of the whole layer cost 20 to 30
    times one."""
    from nato_corpus.rules.dates import find_timexes_each

    candidates: dict[tuple[int, int], list[tuple[str, str]]] = {}
    for timexes in find_timexes_each(text, days[1:]):
        for other in timexes:
            if not context.skipped(other.start, other.end) and fits_schema((other.start, other.end)):
                candidates.setdefault((other.start, other.end), []).append((other.type, other.value))
    result: list[Annotation] = []
    for annotation in found:
        if not isinstance(annotation, DateAnnotation):
            result.append(annotation)
            continue
        seen = [(annotation.type, annotation.value), *candidates.get((annotation.start, annotation.end), [])]
        if len(set(seen)) > 1:
            same_type = all(timex_type == annotation.type for timex_type, _ in seen)
            value = _merged_value(annotation.type, [v for _, v in seen]) if same_type else \
                _UNKNOWN_VALUE[annotation.type]
            annotation = annotation.model_copy(update={"value": value})
        result.append(annotation)
    return result


def annotate_text(
    text: str,
    anchor: dt.date | dt.datetime | str,
    skip: tuple[tuple[int, int], ...] = (),
    layers: Sequence[str] = LAYERS,
    registry: RegistryIndex | Path | str | None = None,
) -> list[Annotation]:
    """All rule annotations of `text`, layer by layer.

    `anchor` is the document creation time (TIMEX3 DCT) that relative dates resolve against: a date, a
    datetime (its date), an ISO ``YYYY-MM-DD`` string, or a ``YYYY-MM`` month, what the corpus records as a
    publication date of precision "month" when no day is known.  A month is a DCT of month granularity, and
    nothing is resolved to a day the text does not fix: each expression is resolved against every day of the
    month; a value the same for all of them is kept ("next month" -> 2025-07, "this year" -> 2025, "in July",
    "the previous year"), and the components of one that depend on the day are TIMEX3's X placeholders
    ("Monday", "tomorrow" -> 2025-XX-XX, "last week" -> 2025-WXX, "this morning" -> 2025-06-XXTMO); spans
    and temporal_function are unchanged.  This is how the corpus reasons for its own month-precision articles
    (their anchor_note says which values depend on the chosen day); when a day is known, pass it.

    Entities are linked to `registry`: an index, or the folder of a corpus whose registry is read (see
    :func:`nato_corpus.rules.entities.registry_index`); with none, nothing is linked.

    Entities run before quotes (speakers are entities) and dates before figures (numbers inside dates are
    not figures), also when only the later layer is asked for.
    """
    days = anchor_days(anchor)
    if isinstance(registry, (str, Path)):
        from nato_corpus.rules.entities import registry_index

        registry = registry_index(registry)
    annotators = _layer_annotators()
    needed = set(layers)
    needed |= {"entities"} if "quotes" in layers else set()
    needed |= {"dates"} if "figures" in layers else set()
    context = RuleContext(anchor=days[0], skip=skip, registry=registry)
    result: list[Annotation] = []
    for layer in LAYERS:
        if layer not in needed:
            continue
        found = _renumber(layer, annotators[layer](text, context))
        if layer == "entities":
            context = replace(context, entities=tuple(found))  # type: ignore[arg-type]
        elif layer == "dates":
            context = replace(context, dates=tuple(found))  # type: ignore[arg-type]
            if len(days) > 1 and layer in layers:
                found = _month_dates(text, context, days, found)  # spans stay: figures avoid the same ones
        if layer in layers:
            result.extend(found)
    return result
