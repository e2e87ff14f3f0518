"""The small vocabulary the per-document specs are written in.

A spec names every span by its surface text (and, where the text occurs more than once, by a longer
context string that contains it); `build.py` turns the names into offsets with ``str.find``, so no offset is
ever typed by hand. Spans of one layer are listed in text order: each is searched from the end of the
previous one of its layer.
"""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class E:
    """An entity mention: surface text, OntoNotes label, registry key (None for NORP and unregistered)."""

    text: str
    label: str
    entity_id: str | None = None
    ctx: str | None = None


@dataclass(frozen=True)
class D:
    """A TIMEX3 expression: surface text, type, value, temporal_function, mod."""

    text: str
    type: str
    value: str
    tf: bool
    mod: str | None = None
    ctx: str | None = None


@dataclass(frozen=True)
class F:
    """A figure: surface text, kind, exact value (None when vague), unit, approximate, measures, value_max."""

    text: str
    kind: str
    value: str | None
    unit: str
    approx: bool = False
    measures: str | None = None
    value_max: str | None = None
    ctx: str | None = None


@dataclass(frozen=True)
class Q:
    """A quote: content span, kind, speaker mention and its registry key, cue.

    `speaker` and `cue` are searched on the content's line, nearest to the content (outside it unless
    `inside` is set, for a cue inside the content); `same` re-uses the previous quote's speaker and cue spans
    (follow-on direct quotes).
    """

    text: str
    kind: str
    speaker: str | None = None
    speaker_id: str | None = None
    cue: str | None = None
    speaker_ctx: str | None = None
    cue_ctx: str | None = None
    same: bool = False
    inside: bool = False
    ctx: str | None = None


@dataclass(frozen=True)
class Z:
    """A metadata zone given by its text (the n-th occurrence, counting from 0)."""

    text: str
    kind: str
    note: str | None = None
    occurrence: int = 0


@dataclass(frozen=True)
class Doc:
    doc_id: str
    headline: str | None
    publication: dict
    zones: tuple[Z, ...] = ()
    attributed_sources: tuple[str, ...] = ()
    notes: str | None = None
    entities: tuple[E, ...] = ()
    dates: tuple[D, ...] = ()
    figures: tuple[F, ...] = ()
    quotes: tuple[Q, ...] = ()
    # Surface strings the completeness check should not report (occurrences deliberately not annotated).
    not_annotated: tuple[str, ...] = field(default=())
