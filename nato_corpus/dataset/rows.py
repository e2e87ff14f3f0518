"""Corpus documents as dataset rows: one per article (document configs) or one per annotation (flat)."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from nato_corpus.corpus import Document
from nato_corpus.schema import LAYERS, ORIGINS


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


def flat_rows(document: Document, layer: str) -> Iterator[dict[str, Any]]:
    """Every annotation of `layer` in the document, human first, then rule, each in file order."""
    for origin in ORIGINS:
        for annotation in document.layer(origin, layer) or []:
            yield {"doc_id": document.doc_id, **annotation_row(annotation)}


def with_label_names(feature: Any, value: Any) -> Any:
    """A loaded row (or part of one) with ClassLabel integers replaced by their names, recursively.

    ``datasets`` returns ClassLabel columns as integers; this turns a row back into the corpus schema's
    strings, e.g. to validate it with the pydantic models.
    """
    from datasets import ClassLabel, Features, List

    if value is None:
        return None
    if isinstance(feature, ClassLabel):
        return feature.int2str(value)
    if isinstance(feature, dict | Features):
        return {key: with_label_names(feature[key], item) for key, item in value.items()}
    if isinstance(feature, List):
        return [with_label_names(feature.feature, item) for item in value]
    return value
