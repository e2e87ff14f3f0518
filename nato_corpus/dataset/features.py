"""The ``datasets.Features`` of every config, declared once.

The same objects type the Parquet files (embedded in their schema) and write the card's ``dataset_info``,
so the two cannot drift apart (the card's YAML silently wins over the Parquet metadata on load).
Struct keys equal the pydantic models' fields; a test asserts it.  Every field whose schema type is a closed
``Literal`` is a ``ClassLabel`` whose names are read from that ``Literal`` (so the two cannot drift either).
Nullable ones (``dates.mod``, ``publication.precision``, ``publication.basis``) are ClassLabels too: ``datasets``
(checked with 5.2) writes a null ClassLabel, top-level or inside a struct or list, as a null integer in Parquet and
``load_dataset`` reads it back as ``None``, prepared and streaming; a build test asserts it, so a release that
breaks this fails the tests rather than the data.
"""

from __future__ import annotations

import types
import typing
from typing import Any, Final, Literal

from datasets import ClassLabel, Features, List, Value
from pydantic import BaseModel

from nato_corpus.schema import (
    ENTITY_LABELS,
    LAYERS,
    ORIGINS,
    QUOTE_KINDS,
    ZONE_KINDS,
    AnnotationBase,
    DateAnnotation,
    FigureAnnotation,
    Licence,
    PublicationDate,
)
from nato_corpus.schema.timex import TIMEX_TYPES
from nato_corpus.schema.units import FIGURE_KINDS

DOCUMENT_CONFIGS: Final = {"documents": "human", "documents_rule": "rule"}  # config -> origin of its layers
FLAT_CONFIGS: Final = LAYERS  # one row per annotation, both origins


def literal_names(model: type[BaseModel], field: str) -> list[str]:
    """The closed set of values of a ``Literal`` (or ``Literal | None``) model field, in declaration order."""
    annotation: Any = model.model_fields[field].annotation
    if typing.get_origin(annotation) in (typing.Union, types.UnionType):
        annotation = next(a for a in typing.get_args(annotation) if a is not type(None))
    if typing.get_origin(annotation) is not Literal:
        raise TypeError(f"{model.__name__}.{field} is not a Literal field")
    return [str(value) for value in typing.get_args(annotation)]


def _closed(model: type[BaseModel], field: str) -> ClassLabel:
    return ClassLabel(names=literal_names(model, field))


_SPAN = {"start": Value("int32"), "end": Value("int32"), "text": Value("string")}


def _annotation(**layer_fields: object) -> dict[str, object]:
    return {"id": Value("string"), **_SPAN, **layer_fields, "origin": ClassLabel(names=list(ORIGINS)),
            "annotator": Value("string"), "annotator_kind": _closed(AnnotationBase, "annotator_kind")}


LAYER_FIELDS: Final[dict[str, dict[str, object]]] = {
    "entities": _annotation(label=ClassLabel(names=list(ENTITY_LABELS)), entity_id=Value("string")),
    "quotes": _annotation(kind=ClassLabel(names=list(QUOTE_KINDS)), speaker=dict(_SPAN),
                          speaker_entity_id=Value("string"), cue=dict(_SPAN)),
    "dates": _annotation(type=ClassLabel(names=list(TIMEX_TYPES)), value=Value("string"),
                         mod=_closed(DateAnnotation, "mod"), temporal_function=Value("bool")),
    "figures": _annotation(kind=ClassLabel(names=list(FIGURE_KINDS)), value=Value("string"),
                           value_max=Value("string"), unit=Value("string"),
                           bound=_closed(FigureAnnotation, "bound"), approximate=Value("bool"),
                           measures=Value("string"), base=Value("string"), per=Value("string")),
}

METADATA_FIELDS: Final[dict[str, object]] = {
    "doc_id": Value("string"),
    "text": Value("string"),
    "text_sha256": Value("string"),
    "source_file": Value("string"),
    "headline": Value("string"),
    "outlet": Value("string"),
    "outlet_note": Value("string"),
    "attributed_sources": List(Value("string")),
    "publication": {
        "date": Value("string"), "precision": _closed(PublicationDate, "precision"),
        "basis": _closed(PublicationDate, "basis"),
        "evidence": Value("string"), "date_in_text": Value("string"), "conflict": Value("string"),
        "anchor": Value("string"), "anchor_note": Value("string"),
    },
    "language": Value("string"),
    "licence": {"status": _closed(Licence, "status"), "holder": Value("string"), "note": Value("string")},
    "zones": List({"start": Value("int32"), "end": Value("int32"), "kind": ClassLabel(names=list(ZONE_KINDS)),
                   "note": Value("string")}),
    "defects": List(Value("string")),
    "notes": Value("string"),
}


def document_features() -> Features:
    """One row per article: metadata, text, which layers are annotated, and the four layers."""
    return Features({**METADATA_FIELDS, "annotated_layers": List(Value("string")),
                     **{layer: List(LAYER_FIELDS[layer]) for layer in LAYERS}})


def flat_features(layer: str) -> Features:
    """One row per annotation of `layer`, from both origins, keyed by document."""
    return Features({"doc_id": Value("string"), **LAYER_FIELDS[layer]})


def features_for(config: str) -> Features:
    return document_features() if config in DOCUMENT_CONFIGS else flat_features(config)


ALL_CONFIGS: Final = (*DOCUMENT_CONFIGS, *FLAT_CONFIGS)


Sizes = dict[str, dict[str, dict[str, int]]]  # config -> split -> {"num_examples": n, "num_bytes": b}


def present_splits(sizes: Sizes, config: str) -> list[str]:
    """Splits of `config` that have rows: an empty Parquet file cannot be loaded, so none is written."""
    return [split for split, size in sizes.get(config, {}).items() if size["num_examples"] > 0]


def present_configs(sizes: Sizes) -> list[str]:
    return [config for config in ALL_CONFIGS if present_splits(sizes, config)]
