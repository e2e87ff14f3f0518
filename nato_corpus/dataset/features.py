"""The ``datasets.Features`` of every config, declared once.

The same objects type the Parquet files (embedded in their schema) and write the card's ``dataset_info``,
so the two cannot drift apart (the card's YAML silently wins over the Parquet metadata on load).
Struct keys equal the pydantic models' fields; a test asserts it.
"""

from __future__ import annotations

from typing import Final

from datasets import ClassLabel, Features, List, Value

from nato_corpus.schema import ENTITY_LABELS, LAYERS, ORIGINS, QUOTE_KINDS, ZONE_KINDS
from nato_corpus.timex import TIMEX_TYPES
from nato_corpus.units import FIGURE_KINDS

DOCUMENT_CONFIGS: Final = {"documents": "human", "documents_rule": "rule"}  # config -> origin of its layers
FLAT_CONFIGS: Final = LAYERS  # one row per annotation, both origins

_SPAN = {"start": Value("int32"), "end": Value("int32"), "text": Value("string")}


def _annotation(**layer_fields: object) -> dict[str, object]:
    return {"id": Value("string"), **_SPAN, **layer_fields, "origin": ClassLabel(names=list(ORIGINS)),
            "annotator": Value("string")}


LAYER_FIELDS: Final[dict[str, dict[str, object]]] = {
    "entities": _annotation(label=ClassLabel(names=list(ENTITY_LABELS)), entity_id=Value("string")),
    "quotes": _annotation(kind=ClassLabel(names=list(QUOTE_KINDS)), speaker=dict(_SPAN),
                          speaker_entity_id=Value("string"), cue=dict(_SPAN)),
    "dates": _annotation(type=ClassLabel(names=list(TIMEX_TYPES)), value=Value("string"), mod=Value("string"),
                         temporal_function=Value("bool")),
    "figures": _annotation(kind=ClassLabel(names=list(FIGURE_KINDS)), value=Value("string"),
                           value_max=Value("string"), unit=Value("string"), approximate=Value("bool"),
                           measures=Value("string")),
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
        "date": Value("string"), "precision": Value("string"), "basis": Value("string"),
        "evidence": Value("string"), "date_in_text": Value("string"), "conflict": Value("string"),
        "anchor": Value("string"), "anchor_note": Value("string"),
    },
    "language": Value("string"),
    "licence": {"status": Value("string"), "holder": Value("string"), "note": Value("string")},
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
