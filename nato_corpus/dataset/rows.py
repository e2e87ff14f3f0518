"""Corpus documents as dataset rows: one per article (document configs) or one per annotation (flat)."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import Any

from nato_corpus.corpus import Document
from nato_corpus.schema import LAYERS, RegistryEntity


def annotation_row(annotation: Any) -> dict[str, Any]:
    row = annotation.model_dump(mode="json")
    row.pop("layer")
    return row


def document_row(document: Document, origin: str) -> dict[str, Any]:
    """Metadata, text and the layers of one origin; a layer not annotated is [] and absent from annotated_layers."""
    row = document.metadata.model_dump(mode="json")
    row.pop("split")
    row["text"] = document.text
    annotated = [layer for layer in LAYERS if document.layer(origin, layer) is not None]
    row["annotated_layers"] = annotated
    for layer in LAYERS:
        row[layer] = [annotation_row(a) for a in document.layer(origin, layer) or []]
    return row


def flat_rows(document_row: dict[str, Any], layer: str) -> list[dict[str, Any]]:
    """Every annotation of `layer` in a document's row (of one origin), in file order, with its doc_id."""
    doc_id = document_row["doc_id"]
    return [{"doc_id": doc_id, **item} for item in document_row[layer]]


def registry_rows(entities: Iterable[RegistryEntity], defined_in: str) -> Iterator[dict[str, Any]]:
    for entity in entities:
        yield {**entity.model_dump(mode="json"), "defined_in": defined_in}


def label_rows(configs: Iterable[str]) -> Iterator[dict[str, Any]]:
    """One row per (config, ClassLabel column, id): the names behind the integers, for Polars and DuckDB."""
    from nato_corpus.dataset.features import class_labels, features_for

    for config in configs:
        for column, label in class_labels(features_for(config)):
            for number, name in enumerate(label.names):
                yield {"config": config, "column": column, "id": number, "name": name}


def with_label_names(feature: Any, value: Any) -> Any:
    """A loaded row (or part of one) with ClassLabel integers replaced by their names, recursively.

    ``datasets`` returns ClassLabel columns as integers; this turns a row back into the corpus schema's
    strings, e.g. to validate it with the pydantic models: ``with_label_names(dataset.features, dataset[0])``.
    One row at a time: a batch (``dataset[:2]``, a column per key) is refused with a TypeError saying so.
    """
    from datasets import ClassLabel, Features, List

    if isinstance(value, Features):
        raise TypeError("with_label_names(features, row): the features come first, then the row")
    if value is None:
        return None
    if isinstance(feature, ClassLabel | dict | Features) and isinstance(value, list):
        raise TypeError("with_label_names: a list where one value belongs: pass one row (dataset[i]), not a batch "
                        "(dataset[i:j])")
    if isinstance(feature, ClassLabel):
        return feature.int2str(value)
    if isinstance(feature, dict | Features):
        return {key: with_label_names(feature[key], item) for key, item in value.items()}
    if isinstance(feature, List):
        return [with_label_names(feature.feature, item) for item in value]
    return value
