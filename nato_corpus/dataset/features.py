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
from collections.abc import Iterator
from typing import Any, Final, Literal

from datasets import ClassLabel, Features, List, Value
from pydantic import BaseModel

from nato_corpus.schema import (
    ENTITY_LABELS,
    LAYERS,
    ORIGINS,
    QUOTE_KINDS,
    SPLITS,
    ZONE_KINDS,
    AnnotationBase,
    ArticleMetadata,
    DateAnnotation,
    FigureAnnotation,
    Licence,
    PublicationDate,
    RegistryEntity,
    Upstream,
)
from nato_corpus.schema.timex import TIMEX_TYPES
from nato_corpus.schema.units import FIGURE_KINDS

DOCUMENT_CONFIGS: Final = {"documents": "human", "documents_rule": "rule"}  # config -> origin of its layers
# one row per annotation: the bare layer name holds the gold layer, `<layer>_rule` the rule layer (never mixed)
FLAT_CONFIGS: Final[dict[str, tuple[str, str]]] = {
    **{layer: (layer, "human") for layer in LAYERS}, **{f"{layer}_rule": (layer, "rule") for layer in LAYERS}}
# the documents config without any copy of article text (offsets, text_sha256, metadata, gold annotations), for
# publishing without the texts; dataset/standoff.py rehydrates it with texts the user obtained
STANDOFF_CONFIG: Final = "documents_standoff"
NER_CONFIG: Final = "ner"  # one row per sentence of the gold entity layer, BIO tags (dataset/ner.py)
REGISTRY_CONFIG: Final = "registry"  # the entity registry, so that every entity_id resolves
LABELS_CONFIG: Final = "labels"  # every ClassLabel's names, for readers that see only the integers
PROBES_CONFIG: Final = "probes"  # the synthetic probe corpora with their gold, one split per probe set
PROBES_NER_CONFIG: Final = "probes_ner"
# configs that are not split by the corpus's train/validation/test: their only split
SINGLE_SPLIT: Final = "train"


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
    "outlet_confidence": _closed(ArticleMetadata, "outlet_confidence"),
    "attributed_sources": List(Value("string")),
    "upstream": List({"outlet": Value("string"), "relation": _closed(Upstream, "relation"),
                      "evidence": Value("string"), "confidence": _closed(Upstream, "confidence")}),
    "publication": {
        "date": Value("string"), "precision": _closed(PublicationDate, "precision"),
        "basis": _closed(PublicationDate, "basis"),
        "evidence": Value("string"), "confidence": _closed(PublicationDate, "confidence"),
        "date_in_text": Value("string"), "conflict": Value("string"),
        "anchor": Value("string"), "anchor_note": Value("string"),
        "anchor_confidence": _closed(PublicationDate, "anchor_confidence"),
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
    """One row per annotation of `layer` (of one origin), keyed by document."""
    return Features({"doc_id": Value("string"), **LAYER_FIELDS[layer]})


def ner_features() -> Features:
    """conll2003 / few-nerd shape: a sentence's tokens, BIO tags, character offsets and the zone of each token."""
    from nato_corpus.dataset.ner import NER_TAGS, ZONE_NAMES

    return Features({"doc_id": Value("string"), "sentence": Value("int32"), "tokens": List(Value("string")),
                     "ner_tags": List(ClassLabel(names=list(NER_TAGS))), "token_starts": List(Value("int32")),
                     "token_ends": List(Value("int32")),
                     "zones": List(ClassLabel(names=list(ZONE_NAMES)))})


def registry_features() -> Features:
    """One row per registry entity (the fields of RegistryEntity) and the registry file that defines it."""
    return Features({"id": Value("string"), "name": Value("string"), "label": _closed(RegistryEntity, "label"),
                     "aliases": List(Value("string")), "wikidata": Value("string"), "defined_in": Value("string")})


LABEL_TABLE_FEATURES: Final = Features({"config": Value("string"), "column": Value("string"),
                                        "id": Value("int32"), "name": Value("string")})


def standoff_features() -> Features:
    """document_features without any `text` (the article's, and every span's, speaker's and cue's)."""
    from nato_corpus.dataset.standoff import without_text

    return Features(without_text(document_features()))


def features_for(config: str) -> Features:
    if config in DOCUMENT_CONFIGS or config == PROBES_CONFIG:
        return document_features()
    if config == STANDOFF_CONFIG:
        return standoff_features()
    if config in FLAT_CONFIGS:
        return flat_features(FLAT_CONFIGS[config][0])
    if config in (NER_CONFIG, PROBES_NER_CONFIG):
        return ner_features()
    if config == REGISTRY_CONFIG:
        return registry_features()
    if config == LABELS_CONFIG:
        return LABEL_TABLE_FEATURES
    raise KeyError(config)


ALL_CONFIGS: Final = (*DOCUMENT_CONFIGS, STANDOFF_CONFIG, *FLAT_CONFIGS, NER_CONFIG, REGISTRY_CONFIG, LABELS_CONFIG,
                      PROBES_CONFIG, PROBES_NER_CONFIG)


def class_labels(feature: Any, column: str = "") -> Iterator[tuple[str, ClassLabel]]:
    """(column path, ClassLabel) of every ClassLabel in a Features tree; list items are named `column[]`."""
    if isinstance(feature, ClassLabel):
        yield column, feature
    elif isinstance(feature, dict):
        for key, value in feature.items():
            yield from class_labels(value, f"{column}.{key}" if column else key)
    elif isinstance(feature, List):
        yield from class_labels(feature.feature, f"{column}[]")


Sizes = dict[str, dict[str, dict[str, int]]]  # config -> split -> {"num_examples": n, "num_bytes": b}


def probe_split(path: str) -> str:
    """A probe corpus's split name in the probes configs: its folder name, '-' as '_' (split names are \\w+)."""
    return path.rsplit("/", 1)[-1].replace("-", "_")


def config_splits(config: str) -> tuple[str, ...]:
    """The splits a config can have: the corpus splits, the probe sets, or the one split of a table."""
    from nato_corpus.corpus import PROBE_CORPORA

    if config in (PROBES_CONFIG, PROBES_NER_CONFIG):
        return tuple(probe_split(probe.path) for probe in PROBE_CORPORA)
    if config in (REGISTRY_CONFIG, LABELS_CONFIG):
        return (SINGLE_SPLIT,)
    return SPLITS


def present_splits(sizes: Sizes, config: str) -> list[str]:
    """Splits of `config` that have rows: an empty Parquet file cannot be loaded, so none is written."""
    return [split for split, size in sizes.get(config, {}).items() if size["num_examples"] > 0]


def present_configs(sizes: Sizes) -> list[str]:
    return [config for config in ALL_CONFIGS if present_splits(sizes, config)]
