"""One pydantic model per annotation layer, discriminated by ``layer``, and the annotation-file header."""

from __future__ import annotations

from decimal import Decimal
from typing import Annotated, Final, Literal, Self

from pydantic import Field, TypeAdapter, field_validator, model_validator
from pydantic_core import PydanticCustomError

from nato_corpus.schema import timex
from nato_corpus.schema.base import (
    HANDLE_MAX,
    LINE_MAX,
    SPAN_TEXT_MAX,
    AnnotationId,
    DecimalString,
    DocId,
    EntityKey,
    Flag,
    Handle,
    Line,
    NonEmptyText,
    Offset,
    Sha256,
    SpanText,
    StrictModel,
)
from nato_corpus.schema.units import kind_of_unit
from nato_corpus.schema.vocabulary import (
    ENTITY_LABELS,
    QUOTE_KINDS,
    AnnotatorKind,
    EntityLabel,
    FigureBound,
    FigureKind,
    Layer,
    Origin,
    QuoteKind,
    TimexMod,
    TimexType,
)

SCHEMA_VERSION: Final = "1.1"
__all__ = ["ENTITY_LABELS", "QUOTE_KINDS"]  # and the models below; the vocabularies live in schema/vocabulary.py

_SPAN_TEXT = f"at most {SPAN_TEXT_MAX} characters"


def _check_span_order(start: int, end: int) -> None:
    if start >= end:
        raise PydanticCustomError(
            "span-empty-or-reversed", "span [{start}, {end}) is empty or reversed", {"start": start, "end": end}
        )


class SpanRef(StrictModel):
    """A secondary span of an annotation (a quote's speaker or cue): offsets plus the text they cover."""

    start: Offset
    end: Offset
    text: SpanText = Field(description=f"Copy of text[start:end], checked by the validator ({_SPAN_TEXT})")

    @model_validator(mode="after")
    def _order(self) -> Self:
        _check_span_order(self.start, self.end)
        return self


class AnnotationBase(StrictModel):
    """Fields shared by every layer: id, main span, its text, and who or what produced it."""

    id: AnnotationId = Field(description="Unique within the document")
    start: Offset
    end: Offset
    text: SpanText = Field(description=f"Copy of text[start:end], checked by the validator ({_SPAN_TEXT})")
    origin: Origin = Field(description="human (gold) or rule (silver)")
    annotator: Handle = Field(
        description="A person's handle for human annotations, the rule set's name@version for rule ones "
        f"(one line, at most {HANDLE_MAX} characters)",
        examples=["ann-a", "nato_corpus.rules@0.2.0"],
    )
    annotator_kind: AnnotatorKind | None = Field(
        default=None,
        description="What kind of annotator made it: human (a person), ai (an AI model working from the "
        "guidelines) or rule (the package's rules); required for origin human, always rule for origin rule",
    )

    @model_validator(mode="after")
    def _record_checks(self) -> Self:
        """Every check across fields of a record, in one validator: pydantic calls into Python once per record
        instead of once per check (which cost more than the checks).  The first that fails is the error."""
        if self.start >= self.end:
            _check_span_order(self.start, self.end)
        if self.annotator_kind is None and self.origin == "rule":
            # A rule annotation's kind goes without saying; a gold one must say who made it.  Set on the record
            # being built (frozen only to its users), not added to the input by a "before" validator: the
            # validator's duplicate-key check counts the keys each record was given (`model_fields_set`).
            self.__dict__["annotator_kind"] = "rule"
        if (self.origin == "rule") != (self.annotator_kind == "rule") or self.annotator_kind is None:
            raise PydanticCustomError(
                "annotator-kind-mismatch",
                "annotator_kind {kind} does not fit origin {origin} (human: 'human' or 'ai'; rule: 'rule')",
                {"kind": repr(self.annotator_kind), "origin": self.origin},
            )
        self._layer_checks()
        return self

    def _layer_checks(self) -> None:
        """The record checks of one layer (after those of every layer); raises PydanticCustomError."""

    def spans(self) -> tuple[tuple[str, int, int, str], ...]:
        """Every span this annotation anchors in the text, as (role, start, end, text); a tuple, which the
        validator's check of every annotation makes faster than a generator."""
        return (("span", self.start, self.end, self.text),)


class EntityAnnotation(AnnotationBase):
    layer: Literal["entities"] = "entities"
    label: EntityLabel
    entity_id: EntityKey | None = Field(default=None, description="Key into registry/entities.jsonl")


# The one edge rule of every quote kind (guidelines §6.2): no quotation mark at either edge of a quote span and no
# final full stop, comma, semicolon or colon.  The validator checks it, the rules and the 1.1 migration apply it.
QUOTATION_MARKS: Final = "\"“”'‘’«»„‹›"
QUOTE_FINAL_PUNCTUATION: Final = ".,;:"


def quote_edges(text: str, start: int, end: int) -> tuple[int, int]:
    """The quote span [start, end) of `text` with the edge rule applied (whitespace is left alone)."""
    while start < end and text[start] in QUOTATION_MARKS:
        start += 1
    while end > start and (text[end - 1] in QUOTATION_MARKS or text[end - 1] in QUOTE_FINAL_PUNCTUATION):
        end -= 1
    return start, end


class QuoteAnnotation(AnnotationBase):
    layer: Literal["quotes"] = "quotes"
    kind: QuoteKind
    speaker: SpanRef | None = Field(default=None, description="Speaker mention (name, pronoun, description)")
    speaker_entity_id: EntityKey | None = Field(default=None, description="Registry key of the speaker")
    cue: SpanRef | None = Field(default=None, description="Attribution cue: 'said', 'according to', ...")

    def _layer_checks(self) -> None:
        if self.speaker_entity_id is not None and self.speaker is None:
            raise PydanticCustomError(
                "speaker-entity-without-speaker", "speaker_entity_id is set but speaker is null", {}
            )

    def spans(self) -> tuple[tuple[str, int, int, str], ...]:
        spans = super().spans()
        if self.speaker is not None:
            spans += (("speaker", self.speaker.start, self.speaker.end, self.speaker.text),)
        if self.cue is not None:
            spans += (("cue", self.cue.start, self.cue.end, self.cue.text),)
        return spans


class DateAnnotation(AnnotationBase):
    layer: Literal["dates"] = "dates"
    type: TimexType = Field(description="TIMEX3 type")
    value: NonEmptyText = Field(description="TIMEX3 value, resolved against the article's anchor date")
    mod: TimexMod | None = Field(default=None, description="TIMEX3 mod, e.g. ON_OR_BEFORE for 'by 2032'")
    temporal_function: Flag = Field(
        default=False, description="True when the value was computed from the anchor date (TIMEX3 attribute)"
    )

    def _layer_checks(self) -> None:
        if not timex.is_valid_value(self.type, self.value):
            raise PydanticCustomError(
                "malformed-timex-value",
                "{value} is not a well-formed TIMEX3 value for type {type}",
                {"value": repr(self.value), "type": self.type},
            )


class FigureAnnotation(AnnotationBase):
    layer: Literal["figures"] = "figures"
    kind: FigureKind
    value: DecimalString | None = Field(default=None, description="Exact value; null when vague")
    value_max: DecimalString | None = Field(default=None, description="Upper bound when the figure is a range")
    unit: NonEmptyText = Field(description="ISO 4217 code for money; percent / percentage_point / item / ...")
    bound: FigureBound | None = Field(
        default=None, description="'at least' EQUAL_OR_MORE, 'more than' MORE_THAN, 'up to' EQUAL_OR_LESS, "
        "'less than' LESS_THAN; only from words inside the span, null for an exact figure"
    )
    approximate: Flag = Field(
        default=False, description="'about', 'nearly', 'tens of', ...: only from words inside the span"
    )
    measures: Line | None = Field(
        default=None, description="What is counted, spent or measured, in a few words ('troops', 'defence "
        f"spending'); never the base of a percentage (one line, at most {LINE_MAX} characters)"
    )
    base: Line | None = Field(
        default=None, description=f"What a percentage is a share of ('GDP' in '2% of GDP'; one line, at most "
        f"{LINE_MAX} characters)"
    )
    per: Line | None = Field(
        default=None, description="The period of a rate as a TIMEX3 duration: P1Y for 'a year', 'annually'; "
        f"P1M for 'a month' (one line, at most {LINE_MAX} characters)"
    )

    @field_validator("per")
    @classmethod
    def _per_is_duration(cls, per: str | None) -> str | None:
        if per is not None and not timex.is_valid_value("DURATION", per):
            raise PydanticCustomError(
                "malformed-rate-period", "per {per} is not a TIMEX3 duration such as P1Y or P1M", {"per": repr(per)}
            )
        return per

    @field_validator("unit")
    @classmethod
    def _known_unit(cls, unit: str) -> str:
        if kind_of_unit(unit) is None:
            if unit.isalpha() and unit.isupper() and len(unit) == 3:
                raise PydanticCustomError(
                    "unknown-currency-code", "{unit} is not an ISO 4217 currency code", {"unit": repr(unit)}
                )
            raise PydanticCustomError(
                "unknown-unit", "{unit} is not in the unit vocabulary (see nato_corpus.schema.units)",
                {"unit": repr(unit)}
            )
        return unit

    def _layer_checks(self) -> None:
        unit_kind = kind_of_unit(self.unit)
        if unit_kind != self.kind:
            raise PydanticCustomError(
                "unit-kind-mismatch",
                "unit '{unit}' belongs to kind {unit_kind}, not {kind}",
                {"unit": self.unit, "unit_kind": unit_kind, "kind": self.kind},
            )
        if self.value_max is not None and (self.value is None or Decimal(self.value_max) < Decimal(self.value)):
            raise PydanticCustomError(
                "figure-range-invalid", "value_max {value_max} needs a value not above it",
                {"value_max": self.value_max},
            )


Annotation = Annotated[
    EntityAnnotation | QuoteAnnotation | DateAnnotation | FigureAnnotation, Field(discriminator="layer")
]
ANNOTATION_ADAPTER: Final = TypeAdapter(Annotation)
MODEL_BY_LAYER: Final = {
    "entities": EntityAnnotation,
    "quotes": QuoteAnnotation,
    "dates": DateAnnotation,
    "figures": FigureAnnotation,
}
# The field that holds each layer's label (entity label, quote kind, TIMEX3 type, figure kind): what the
# scorer compares, the card counts and Label Studio shows as the region's label.
LABEL_FIELD: Final = {"entities": "label", "quotes": "kind", "dates": "type", "figures": "kind"}
assert all(field in MODEL_BY_LAYER[layer].model_fields for layer, field in LABEL_FIELD.items())
assert set(LABEL_FIELD) == set(MODEL_BY_LAYER)


class AnnotationFileHeader(StrictModel):
    """First line of every annotation file: what it annotates and which layers it covers."""

    doc_id: DocId
    origin: Origin
    text_sha256: Sha256 = Field(description="sha256 of the article text these offsets refer to")
    layers: tuple[Layer, ...] = Field(
        description="Layers this file annotates; a layer not listed is 'not annotated', not 'empty'"
    )
    schema_version: Literal["1.1"] = Field(
        default=SCHEMA_VERSION, description="1.1 added annotator_kind and the figure fields bound, base and per"
    )

    @field_validator("layers")
    @classmethod
    def _unique_layers(cls, layers: tuple[str, ...]) -> tuple[str, ...]:
        if len(set(layers)) != len(layers):
            raise PydanticCustomError("duplicate-layer", "layers lists a layer twice", {})
        return layers
