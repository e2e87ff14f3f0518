"""Every closed vocabulary of the corpus, declared once.

Each set is a ``Literal`` (what the pydantic models validate against); the tuple beside it is derived from it
with ``get_args``, and everything else (Hugging Face ClassLabel names, Label Studio choices, CLI choices, the
docs) is derived from the tuple.  Adding a label here adds it everywhere; ``tests/schema/test_vocabulary.py``
fails if a copy of one of these lists appears anywhere else in the package.
"""

from __future__ import annotations

from typing import Final, Literal, get_args

Layer = Literal["entities", "quotes", "dates", "figures"]
Origin = Literal["human", "rule"]
# Who made an annotation, in words a reader understands: a person, an AI model working from the guidelines, or
# the package's rules. Origin says which layer (gold or silver); this says what kind of annotator.
AnnotatorKind = Literal["human", "ai", "rule"]
Split = Literal["train", "validation", "test"]
# OntoNotes 5 name types that apply to news on NATO and defence; the numeric OntoNotes types (DATE, TIME,
# MONEY, PERCENT, CARDINAL, QUANTITY, ORDINAL) live in the dates and figures layers instead.
EntityLabel = Literal["PERSON", "NORP", "ORG", "GPE", "LOC", "FAC", "EVENT", "LAW", "PRODUCT"]
QuoteKind = Literal["direct", "indirect", "mixed"]
TimexType = Literal["DATE", "TIME", "DURATION", "SET"]
TimexMod = Literal[
    "BEFORE", "AFTER", "ON_OR_BEFORE", "ON_OR_AFTER", "LESS_THAN", "MORE_THAN",
    "EQUAL_OR_LESS", "EQUAL_OR_MORE", "START", "MID", "END", "APPROX",
]
FigureKind = Literal["money", "percent", "count", "quantity"]
# A figure's bound, named as TIMEX3 names a duration's mod ("at least" EQUAL_OR_MORE, "more than" MORE_THAN,
# "up to" EQUAL_OR_LESS, "less than" LESS_THAN), set only from words inside the figure's span.
FigureBound = Literal["EQUAL_OR_MORE", "MORE_THAN", "EQUAL_OR_LESS", "LESS_THAN"]
ZoneKind = Literal["headline", "dek", "dateline", "body", "boilerplate", "credits", "artifact"]
# Zones whose text is not part of the article proper; no layer annotates inside them.
UnannotatedZone = Literal["boilerplate", "credits", "artifact"]
DatePrecision = Literal["day", "month", "year"]
# stated: printed in the text; inferred: from the events the text describes; external: the date of another,
# dated copy of the same text (the evidence names it). New names go last, so published class ids stay stable.
DateBasis = Literal["stated", "inferred", "external"]
# How sure a metadata value is: high (printed in the text or on a dated copy of it), medium (inferred from
# dated events, within the precision given), low (a working assumption the evidence does not settle).
Confidence = Literal["high", "medium", "low"]
# How this text relates to another outlet's text that it reproduces: a verbatim copy, or a rewrite (the same
# reporting in the same order, reworded).
UpstreamRelation = Literal["copy", "rewrite"]
LicenceStatus = Literal["unknown", "copyrighted-all-rights-reserved", "open"]
Language = Literal["en"]

LAYERS: Final[tuple[Layer, ...]] = get_args(Layer)
ORIGINS: Final[tuple[Origin, ...]] = get_args(Origin)
ANNOTATOR_KINDS: Final[tuple[AnnotatorKind, ...]] = get_args(AnnotatorKind)
SPLITS: Final[tuple[Split, ...]] = get_args(Split)
ENTITY_LABELS: Final[tuple[EntityLabel, ...]] = get_args(EntityLabel)
QUOTE_KINDS: Final[tuple[QuoteKind, ...]] = get_args(QuoteKind)
TIMEX_TYPES: Final[tuple[TimexType, ...]] = get_args(TimexType)
TIMEX_MODS: Final[tuple[TimexMod, ...]] = get_args(TimexMod)
FIGURE_KINDS: Final[tuple[FigureKind, ...]] = get_args(FigureKind)
FIGURE_BOUNDS: Final[tuple[FigureBound, ...]] = get_args(FigureBound)
ZONE_KINDS: Final[tuple[ZoneKind, ...]] = get_args(ZoneKind)
UNANNOTATED_ZONES: Final[tuple[UnannotatedZone, ...]] = get_args(UnannotatedZone)
DATE_PRECISIONS: Final[tuple[DatePrecision, ...]] = get_args(DatePrecision)
LICENCE_STATUSES: Final[tuple[LicenceStatus, ...]] = get_args(LicenceStatus)
CONFIDENCES: Final[tuple[Confidence, ...]] = get_args(Confidence)
UPSTREAM_RELATIONS: Final[tuple[UpstreamRelation, ...]] = get_args(UpstreamRelation)

assert set(UNANNOTATED_ZONES) <= set(ZONE_KINDS)
assert set(FIGURE_BOUNDS) <= set(TIMEX_MODS)
