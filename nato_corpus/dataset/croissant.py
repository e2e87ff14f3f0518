"""Croissant 1.0 metadata (with the RAI extension) for the built dataset, validated by mlcroissant in tests.

Every config is a record set with every column of its ``Features``: lists are ``repeated`` fields, structs and
lists of structs have ``subField``s (read with a ``jsonPath`` on their column).  mlcroissant (checked with 1.1)
nests one level of sub-fields inside a repeated field, so a struct inside a list item (a quote's ``speaker`` and
``cue``) is described by sub-fields of the list named ``speaker/start`` etc.  Croissant has no class-label type: a
ClassLabel column is an integer whose names an enumeration record set holds inline (one per distinct list of
names); a plain column ``references`` its ``id``, and a plain ``entity_id`` column the ``registry`` record set
(mlcroissant joins a reference when it reads records, which works on plain columns only: a column inside a list
or struct names its record set in its description).  Each record set states its licence
(provenance.config_licence).
``datePublished`` is the newest article's anchor day, not today's date: builds stay byte-identical, and the
dataset cannot predate the newest day it describes.
"""

from __future__ import annotations

import json
from typing import Any, Final

from datasets import ClassLabel, List, Value

from nato_corpus.corpus import CorpusLayout
from nato_corpus.dataset.facts import CorpusFacts, corpus_facts
from nato_corpus.dataset.features import (
    DOCUMENT_CONFIGS,
    LABELS_CONFIG,
    NER_CONFIG,
    PROBES_CONFIG,
    PROBES_NER_CONFIG,
    REGISTRY_CONFIG,
    STANDOFF_CONFIG,
    Sizes,
    config_splits,
    features_for,
    present_configs,
)
from nato_corpus.dataset.provenance import (
    COMPONENTS,
    config_licence,
    creators_of,
    maker_lines,
    pass_lines,
)
from nato_corpus.dataset.versions import dataset_version, read_versions

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
CONFIG_ROWS: Final = {**dict.fromkeys((*DOCUMENT_CONFIGS, STANDOFF_CONFIG, PROBES_CONFIG), "article"),
                      NER_CONFIG: "sentence", PROBES_NER_CONFIG: "sentence", REGISTRY_CONFIG: "registry entity",
                      LABELS_CONFIG: "ClassLabel name"}
_TYPES: Final = {"string": "sc:Text", "int32": "sc:Integer", "int64": "sc:Integer", "bool": "sc:Boolean"}


# columns whose values are registry keys: they reference the registry record set's id
_REGISTRY_KEYS: Final = ("entity_id", "speaker_entity_id")


class _LabelSets:
    """One enumeration record set per distinct list of ClassLabel names, named after the first column using it."""

    def __init__(self) -> None:
        self.by_names: dict[tuple[str, ...], str] = {}

    def record_set_for(self, label: ClassLabel, column: str) -> str:
        names = tuple(label.names)
        if names not in self.by_names:
            base = name = "names-" + column.replace("/", ".")
            suffix = 1
            while name in self.by_names.values():  # another list of names first seen under the same column name
                suffix += 1
                name = f"{base}-{suffix}"
            self.by_names[names] = name
        return self.by_names[names]

    def record_sets(self) -> list[dict[str, Any]]:
        return [{"@type": "cr:RecordSet", "@id": rs, "name": rs, "dataType": "sc:Enumeration",
                 "description": f"The names of a ClassLabel: {len(names)} ids, in order.",
                 "key": {"@id": f"{rs}/id"},
                 "field": [{"@type": "cr:Field", "@id": f"{rs}/id", "name": "id", "dataType": "sc:Integer",
                            "description": "the integer stored in the data"},
                           {"@type": "cr:Field", "@id": f"{rs}/name", "name": "name", "dataType": "sc:Text",
                            "description": "the label's name"}],
                 "data": [{f"{rs}/id": number, f"{rs}/name": name} for number, name in enumerate(names)]}
                for names, rs in self.by_names.items()]


def _fields(config: str, feature: Any, path: str, labels: _LabelSets, registry: bool, *, column: str | None = None,
            json_path: str | None = None, repeated: bool = False, in_item: bool = False) -> list[dict[str, Any]]:
    """The Croissant field(s) of the column (or part of one) at `path`: read from its top-level Parquet `column`,
    then `json_path` inside it (inside each item, for a list column).  `in_item`: inside a list's items."""
    column = column or path
    if isinstance(feature, List):
        if repeated or in_item:
            raise TypeError(f"{config}/{path}: a list inside a list is not described")
        return _fields(config, feature.feature, path, labels, registry, column=column, json_path=json_path,
                       repeated=True)
    field: dict[str, Any] = {"@type": "cr:Field", "@id": f"{config}/{path}", "name": path.rsplit("/", 1)[-1]}
    # mlcroissant joins a referencing field with what it references: only a plain column can be joined
    top_level = json_path is None and not repeated
    if isinstance(feature, dict):
        inner = [f for key, value in feature.items()
                 for f in _fields(config, value, f"{path}/{key}", labels, registry, column=column,
                                  json_path=key if json_path is None else f"{json_path}.{key}",
                                  in_item=in_item or repeated)]
        if in_item:
            return inner  # a struct inside a list item: its parts are sub-fields of the list (see the docstring)
        field.update(description=f"{'list' if repeated else 'struct'} {path}", subField=inner)
        if repeated:
            field["repeated"] = True
        return [field]
    if isinstance(feature, ClassLabel):
        record_set = labels.record_set_for(feature, path)
        field.update(description=f"ClassLabel id; names in {record_set}: " + ", ".join(feature.names),
                     dataType="sc:Integer")
        if top_level:
            field["references"] = {"field": {"@id": f"{record_set}/id"}}
    elif isinstance(feature, Value) and feature.dtype in _TYPES:
        field.update(description=f"{path} ({feature.dtype})", dataType=_TYPES[feature.dtype])
        if path.rsplit("/", 1)[-1] in _REGISTRY_KEYS and registry:
            field["description"] += f"; a key of the {REGISTRY_CONFIG} record set"
            if top_level:
                field["references"] = {"field": {"@id": f"{REGISTRY_CONFIG}/id"}}
    else:
        raise TypeError(f"{config}/{path}: no Croissant type for {feature!r}")
    if repeated:
        field["repeated"] = True
    source: dict[str, Any] = {"fileSet": {"@id": f"parquet-{config}"}, "extract": {"column": column}}
    if json_path is not None:
        source["transform"] = {"jsonPath": json_path}
    field["source"] = source
    return [field]


def croissant_metadata(layout: CorpusLayout, sizes: Sizes, facts: CorpusFacts | None = None) -> str:
    """JSON-LD text, with a trailing newline and stable key order (the build is byte-deterministic).

    `facts` are those the build gathered while it streamed the corpus; without them the corpus is read for them."""
    distribution = [{
        "@type": "cr:FileSet", "@id": f"parquet-{config}", "name": f"parquet-{config}",
        "description": f"Parquet files of the {config!r} config, one per split.",
        "encodingFormat": "application/x-parquet", "includes": f"data/{config}/*.parquet",
    } for config in present_configs(sizes)]
    configs = present_configs(sizes)
    labels = _LabelSets()
    record_sets = []
    for config in configs:
        fields = [f for name, feature in features_for(config).items()
                  for f in _fields(config, feature, name, labels, REGISTRY_CONFIG in configs)]
        splits = "|".join(config_splits(config))
        split_field = {"@type": "cr:Field", "@id": f"{config}/split", "name": "split",
                       "description": f"the split ({splits.replace('|', ', ')}), from the file name",
                       "dataType": "sc:Text",
                       "source": {"fileSet": {"@id": f"parquet-{config}"}, "extract": {"fileProperty": "fullpath"},
                                  "transform": {"regex": f"^.*data/{config}/({splits})-.*\\.parquet$"}}}
        total = sum(size["num_examples"] for size in sizes[config].values())
        record_sets.append({"@type": "cr:RecordSet", "@id": config, "name": config,
                            "description": f"One row per {CONFIG_ROWS.get(config, 'annotation')} ({total} rows). "
                                           f"Licence: {config_licence(config)}.",
                            "field": [*fields, split_field]})
    record_sets += labels.record_sets()
    facts = facts if facts is not None else corpus_facts(layout)
    published = facts.published
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
        "usageInfo": " ".join(line.lstrip("- ").replace("**", "") for line in facts.licence_lines()),
        "url": "https://huggingface.co/datasets/nato-corpus/nato-corpus",
        "version": dataset_version(read_versions(layout), facts.pending.change()),  # as in the card
        **({"datePublished": published} if published else {}),
        "citeAs": "nato-corpus (2026). An annotated English news corpus on NATO, Ukraine and defence spending.",
        "rai:dataCollection": f"{facts.documents} English news articles received as plain text and stored "
                              "byte-for-byte; "
                              "metadata established from the texts, with unknown values null and explained.",
        "rai:dataAnnotationProtocol": "Annotated from docs/ANNOTATION_GUIDELINES.md; disagreements between "
                                      "independent passes adjudicated (docs/agreement/ADJUDICATION.md). "
                                      + " ".join([*pass_lines(layout), *maker_lines(facts.makers)]),
        "rai:annotatorDemographics": "annotations_creators: " + ", ".join(creators_of(facts.makers)),
        "rai:dataLimitations": f"{facts.documents} articles only; publication dates partly inferred; texts carry "
                               "boilerplate and defects that are documented, not fixed.",
        "rai:personalSensitiveInformation": "Names of public figures in their public roles; no private persons.",
        "distribution": distribution,
        "recordSet": record_sets,
    }
    return json.dumps(metadata, ensure_ascii=False, indent=2) + "\n"
