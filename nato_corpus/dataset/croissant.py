"""Croissant 1.0 metadata (with the RAI extension) for the built dataset, validated by mlcroissant in tests.

Croissant has no class-label type: ClassLabel columns are integers, so their names are carried in the field
descriptions.  Record sets cover the flat per-annotation tables and the scalar fields of the document
configs; the nested layer lists of the document configs are described in the dataset card.
``datePublished`` is the newest article's anchor day, not today's date: builds stay byte-identical, and the
dataset cannot predate the newest day it describes.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from typing import Any, Final

from datasets import ClassLabel, Value

from nato_corpus import __version__
from nato_corpus.corpus import CorpusLayout, Document
from nato_corpus.dataset.features import (
    DOCUMENT_CONFIGS,
    LABELS_CONFIG,
    NER_CONFIG,
    PROBES_CONFIG,
    PROBES_NER_CONFIG,
    REGISTRY_CONFIG,
    Sizes,
    features_for,
    present_configs,
)
from nato_corpus.dataset.provenance import COMPONENTS, annotations_creators, licence_lines, provenance_lines
from nato_corpus.validate.documents import iter_documents

_CONTEXT: Final = {
    "@language": "en", "@vocab": "https://schema.org/", "citeAs": "cr:citeAs", "column": "cr:column",
    "conformsTo": "dct:conformsTo", "cr": "http://mlcommons.org/croissant/", "rai": "http://mlcommons.org/croissant/RAI/",
    "data": {"@id": "cr:data", "@type": "@json"}, "dataType": {"@id": "cr:dataType", "@type": "@vocab"},
    "dct": "http://purl.org/dc/terms/", "equivalentProperty": "cr:equivalentProperty",
    "examples": {"@id": "cr:examples", "@type": "@json"}, "extract": "cr:extract", "field": "cr:field",
    "fileProperty": "cr:fileProperty", "fileObject": "cr:fileObject", "fileSet": "cr:fileSet", "format": "cr:format",
    "includes": "cr:includes", "isLiveDataset": "cr:isLiveDataset", "jsonPath": "cr:jsonPath", "key": "cr:key",
    "md5": "cr:md5", "parentField": "cr:parentField", "path": "cr:path", "recordSet": "cr:recordSet",
    "references": "cr:references", "regex": "cr:regex", "repeated": "cr:repeated", "replace": "cr:replace",
    "samplingRate": "cr:samplingRate", "sc": "https://schema.org/", "separator": "cr:separator",
    "source": "cr:source", "subField": "cr:subField", "transform": "cr:transform",
}
CONFIG_ROWS: Final = {**dict.fromkeys((*DOCUMENT_CONFIGS, PROBES_CONFIG), "article"),
                      NER_CONFIG: "sentence", PROBES_NER_CONFIG: "sentence", REGISTRY_CONFIG: "registry entity",
                      LABELS_CONFIG: "ClassLabel name"}
_TYPES: Final = {"string": "sc:Text", "int32": "sc:Integer", "int64": "sc:Integer", "bool": "sc:Boolean"}


def _field(config: str, name: str, feature: Any, parent: str | None = None) -> dict[str, Any] | None:
    column = name if parent is None else f"{parent}/{name}"
    field_id = f"{config}/{column}"
    if isinstance(feature, ClassLabel):
        description = "Class label index; names in order: " + ", ".join(feature.names)
        data_type = "sc:Integer"
    elif isinstance(feature, Value) and feature.dtype in _TYPES:
        description, data_type = f"{column} ({feature.dtype})", _TYPES[feature.dtype]
    elif isinstance(feature, dict):
        sub = [f for key, value in feature.items() if (f := _field(config, key, value, column)) is not None]
        return {"@type": "cr:Field", "@id": field_id, "name": column, "description": f"struct {column}",
                "subField": sub}
    else:
        return None  # lists: described in the card
    source: dict[str, Any] = {"fileSet": {"@id": f"parquet-{config}"}, "extract": {"column": name}}
    if parent is not None:
        source = {"fileSet": {"@id": f"parquet-{config}"}, "extract": {"column": parent},
                  "transform": {"jsonPath": name}}
    return {"@type": "cr:Field", "@id": field_id, "name": column, "description": description,
            "dataType": data_type, "source": source}


def date_published(documents: Iterable[Document]) -> str | None:
    """The latest anchor day (YYYY-MM-DD) of the articles, None without any; deterministic."""
    return max((document.metadata.publication.anchor for document in documents), default=None)


def croissant_metadata(layout: CorpusLayout, sizes: Sizes, documents: Iterable[Document] | None = None) -> str:
    """JSON-LD text, with a trailing newline and stable key order (the build is byte-deterministic).

    `documents` are the corpus's documents as already read (the build passes them); without them the corpus
    is read through the validator."""
    distribution = [{
        "@type": "cr:FileSet", "@id": f"parquet-{config}", "name": f"parquet-{config}",
        "description": f"Parquet files of the {config!r} config, one per split.",
        "encodingFormat": "application/x-parquet", "includes": f"data/{config}/*.parquet",
    } for config in present_configs(sizes)]
    record_sets = []
    for config in present_configs(sizes):
        features = features_for(config)
        fields = [f for name, feature in features.items() if (f := _field(config, name, feature)) is not None
                  and "subField" not in f]
        split_field = {"@type": "cr:Field", "@id": f"{config}/split", "name": "split",
                       "description": "train, validation or test, from the file name", "dataType": "sc:Text",
                       "source": {"fileSet": {"@id": f"parquet-{config}"}, "extract": {"fileProperty": "fullpath"},
                                  "transform": {"regex": f"^.*data/{config}/(train|validation|test)-.*\\.parquet$"}}}
        total = sum(size["num_examples"] for size in sizes[config].values())
        kind = CONFIG_ROWS.get(config, "annotation")
        record_sets.append({"@type": "cr:RecordSet", "@id": config, "name": config,
                            "description": f"One row per {kind} ({total} rows).", "field": [*fields, split_field]})
    documents = list(documents) if documents is not None else list(iter_documents(layout))
    published = date_published(documents)
    metadata = {
        "@context": _CONTEXT,
        "@type": "sc:Dataset",
        "name": "nato-corpus",
        "description": "English news articles on NATO, Ukraine and defence spending with gold (human) and silver "
                       "(rule-based) annotations of named entities, quotes with speakers, TIMEX3 dates and "
                       "normalised figures.",
        "conformsTo": ["http://mlcommons.org/croissant/1.0", "http://mlcommons.org/croissant/RAI/1.0"],
        # the licences of the components (LICENSE.md and the card state which applies to what, per text too)
        "license": sorted({url for _, url in COMPONENTS.values()}),
        "usageInfo": " ".join(line.lstrip("- ").replace("**", "") for line in licence_lines(documents)),
        "url": "https://huggingface.co/datasets/nato-corpus/nato-corpus",
        "version": __version__,  # the package and rule-set version
        **({"datePublished": published} if published else {}),
        "citeAs": "nato-corpus (2026). An annotated English news corpus on NATO, Ukraine and defence spending.",
        "rai:dataCollection": "Five English news articles received as plain text and stored byte-for-byte; "
                              "metadata established from the texts, with unknown values null and explained.",
        "rai:dataAnnotationProtocol": "Annotated from docs/ANNOTATION_GUIDELINES.md; independent passes adjudicated "
                                      "(docs/agreement/ADJUDICATION.md). " + " ".join(provenance_lines(documents)),
        "rai:annotatorDemographics": "annotations_creators: " + ", ".join(annotations_creators(documents)),
        "rai:dataLimitations": "Five articles only; publication dates partly inferred; texts carry boilerplate "
                               "and defects that are documented, not fixed.",
        "rai:personalSensitiveInformation": "Names of public figures in their public roles; no private persons.",
        "distribution": distribution,
        "recordSet": record_sets,
    }
    return json.dumps(metadata, ensure_ascii=False, indent=2) + "\n"
