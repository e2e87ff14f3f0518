"""Label Studio round trip: export the corpus as tasks with pre-annotations, import an export back.

Each article is one task (``data.text``, ``data.doc_id``).  Every annotation becomes a ``labels`` region
(``from_name`` = its layer: entities / quotes / dates / figures, the label, kind or TIMEX3 type as the
label); the fields that are not a span (entity id, TIMEX3 value, figure value and unit, ...) ride along in a
per-region ``textarea`` result holding their JSON, so nothing is lost.  A quote's speaker and cue are
regions of their own (``from_name`` speaker / cue) linked to the quote by ``relation`` results labelled
``speaker`` and ``cue``.  The labeling config that declares all this is :func:`labeling_config`.

Regions drawn in Label Studio carry its random ids ("Xk3_9aB"); on import each gets the next free corpus id
of its layer (``e``, ``q``, ``d``, ``f`` after the highest one the document uses), and the relations that
name it follow.  A relation may be drawn either way round and need not be labelled: the end that is a
speaker or cue region gives the role.
"""

from __future__ import annotations

import json
import re
from collections import defaultdict
from collections.abc import Collection, Mapping, Sequence
from typing import Any, Final

from pydantic import ValidationError

from nato_corpus.corpus import AnnotationFile, CorpusLayout, Document, iter_documents, sha256_bytes
from nato_corpus.schema import (
    ANNOTATION_ADAPTER,
    ANNOTATION_ID_PATTERN,
    ENTITY_LABELS,
    ID_PREFIX,
    LAYERS,
    QUOTE_KINDS,
    Annotation,
    AnnotationFileHeader,
    QuoteAnnotation,
)
from nato_corpus.timex import TIMEX_TYPES
from nato_corpus.units import FIGURE_KINDS

_LABEL_FIELD: Final = {"entities": "label", "quotes": "kind", "dates": "type", "figures": "kind"}
_SPAN_FIELDS: Final = ("id", "layer", "start", "end", "text", "origin", "annotator")
_ROLE_FIELDS: Final = ("speaker", "cue")


class LabelStudioError(Exception):
    """An export that cannot be turned into corpus annotations; one line naming the task and region."""


def labeling_config() -> str:
    """The Label Studio labeling config (XML) matching the exported tasks."""
    def labels(name: str, values: tuple[str, ...]) -> str:
        inner = "".join(f'<Label value="{v}"/>' for v in values)
        return f'  <Labels name="{name}" toName="text">{inner}</Labels>\n'

    return ("<View>\n"
            + labels("entities", ENTITY_LABELS) + labels("quotes", QUOTE_KINDS) + labels("dates", TIMEX_TYPES)
            + labels("figures", FIGURE_KINDS) + labels("speaker", ("speaker",)) + labels("cue", ("cue",))
            + '  <Text name="text" value="$text"/>\n'
            + '  <Relations><Relation value="speaker"/><Relation value="cue"/></Relations>\n'
            + '  <TextArea name="attributes" toName="text" perRegion="true" editable="true"/>\n'
            + "</View>\n")


def _region(region_id: str, layer: str, start: int, end: int, text: str, label: str) -> dict[str, Any]:
    return {"id": region_id, "from_name": layer, "to_name": "text", "type": "labels",
            "value": {"start": start, "end": end, "text": text, "labels": [label]}}


def document_task(document: Document, origin: str, task_id: int) -> dict[str, Any]:
    results: list[dict[str, Any]] = []
    file = document.annotations.get(origin)
    for annotation in file.annotations if file else ():
        record = annotation.model_dump(mode="json")
        label = record[_LABEL_FIELD[annotation.layer]]
        results.append(_region(annotation.id, annotation.layer, annotation.start, annotation.end, annotation.text,
                               str(label)))
        attributes = {k: v for k, v in record.items()
                      if k not in (*_SPAN_FIELDS, *_ROLE_FIELDS, _LABEL_FIELD[annotation.layer])}
        attributes["annotator"] = record["annotator"]
        results.append({"id": annotation.id, "from_name": "attributes", "to_name": "text", "type": "textarea",
                        "value": {"start": annotation.start, "end": annotation.end,
                                  "text": [json.dumps(attributes, ensure_ascii=False, sort_keys=True)]}})
        if isinstance(annotation, QuoteAnnotation):
            for role in _ROLE_FIELDS:
                ref = getattr(annotation, role)
                if ref is None:
                    continue
                role_id = f"{annotation.id}-{role}"
                results.append(_region(role_id, role, ref.start, ref.end, ref.text, role))
                results.append({"type": "relation", "from_id": annotation.id, "to_id": role_id, "direction": "right",
                                "labels": [role]})
    kind = "annotations" if origin == "human" else "predictions"
    entry: dict[str, Any] = {"result": results}
    if kind == "predictions":
        entry["model_version"] = "nato_corpus.rules"
    return {"id": task_id, "data": {"text": document.text, "doc_id": document.doc_id}, kind: [entry]}


def export_tasks(layout: CorpusLayout, origin: str = "human") -> list[dict[str, Any]]:
    return [document_task(d, origin, i) for i, d in enumerate(iter_documents(layout, (origin,)), start=1)]


def _results_of(task: dict[str, Any]) -> list[dict[str, Any]]:
    for key in ("annotations", "predictions"):
        entries = [e for e in task.get(key) or [] if not e.get("was_cancelled")]
        if entries:
            return list(entries[-1].get("result") or [])
    return []


def _offset(value: object) -> int:
    """An offset to order new regions by; a bad one is reported when the region's record is checked."""
    return value if isinstance(value, int) else -1


def _fresh_ids(regions: Mapping[str, dict[str, Any]], taken: Collection[str]) -> dict[str, str]:
    """Label Studio id -> corpus id for every layer region whose id is not a corpus id, in offset order."""
    used = set(taken) | {i for i, r in regions.items() if r["from_name"] in LAYERS and ANNOTATION_ID_PATTERN.match(i)}
    highest: dict[str, int] = defaultdict(int)
    for used_id in used:
        found = re.fullmatch(r"([a-z]+)([0-9]+)", used_id)
        if found:
            highest[found[1]] = max(highest[found[1]], int(found[2]))
    fresh: dict[str, str] = {}
    new = [(_offset(r["value"]["start"]), _offset(r["value"]["end"]), i) for i, r in regions.items()
           if r["from_name"] in LAYERS and not ANNOTATION_ID_PATTERN.match(i)]
    for _, _, region_id in sorted(new):
        prefix = ID_PREFIX[regions[region_id]["from_name"]]
        highest[prefix] += 1
        fresh[region_id] = f"{prefix}{highest[prefix]}"
    return fresh


def _link(links: dict[str, dict[str, str]], regions: Mapping[str, dict[str, Any]], result: dict[str, Any]) -> None:
    """Record a relation as quote -> role -> speaker/cue region, whichever way it was drawn."""
    ends = [result.get("from_id"), result.get("to_id")]
    if not all(isinstance(e, str) for e in ends):
        raise LabelStudioError(f"relation {ends!r}: from_id and to_id must be region ids (strings)")
    names = [regions.get(e, {}).get("from_name") for e in ends]
    if names[0] in _ROLE_FIELDS and names[1] == "quotes":
        ends.reverse()
        names.reverse()
    labels = result.get("labels") or [""]
    label = labels[0] if isinstance(labels, list) and labels else ""
    role = label if label in _ROLE_FIELDS else names[1]
    if isinstance(ends[0], str) and isinstance(ends[1], str) and role in _ROLE_FIELDS:
        links[ends[0]][role] = ends[1]


def import_tasks(tasks: Sequence[dict[str, Any]], annotator: str | None = None,
                 taken: Mapping[str, Collection[str]] | None = None) -> dict[str, list[Annotation]]:
    """doc_id -> annotations rebuilt from a Label Studio JSON export (the last submitted annotation wins).

    `taken` holds ids a document must not reuse for new regions (those of the file being replaced), so a
    new region never takes the id of an annotation that was deleted in Label Studio.
    """
    rebuilt: dict[str, list[Annotation]] = {}
    for position, task in enumerate(tasks, start=1):
        data = task.get("data") if isinstance(task, dict) else None
        doc_id = data.get("doc_id") if isinstance(data, dict) else None
        if not isinstance(doc_id, str):
            raise LabelStudioError(f"task {position}: data.doc_id is missing")
        where = f"task {position} ({doc_id})"
        regions: dict[str, dict[str, Any]] = {}
        attributes: dict[str, dict[str, Any]] = {}
        relations: list[dict[str, Any]] = []
        for result in _results_of(task):
            kind = result.get("type") if isinstance(result, dict) else None
            if kind == "labels":
                value = result.get("value")
                if (not isinstance(result.get("id"), str) or result.get("from_name") not in (*LAYERS, *_ROLE_FIELDS)
                        or not isinstance(value, dict) or not {"start", "end", "text", "labels"} <= value.keys()
                        or not isinstance(value["labels"], list) or not value["labels"]):
                    raise LabelStudioError(f"{where}: region {result.get('id')}: not a labelled span of a layer, "
                                           "speaker or cue (id, from_name, value.start/end/text/labels)")
                regions[result["id"]] = result
            elif kind == "textarea":
                try:
                    attributes[result["id"]] = json.loads(result["value"]["text"][0])
                except (KeyError, IndexError, TypeError, ValueError):
                    raise LabelStudioError(f"{where}: region {result.get('id')}: attributes are not JSON") from None
                if not isinstance(attributes[result["id"]], dict):
                    raise LabelStudioError(f"{where}: region {result['id']}: attributes are not a JSON object")
            elif kind == "relation":
                relations.append(result)
        links: dict[str, dict[str, str]] = defaultdict(dict)
        for result in relations:
            _link(links, regions, result)
        fresh = _fresh_ids(regions, (taken or {}).get(doc_id, ()))
        items: list[Annotation] = []
        for region_id, region in regions.items():
            layer = region["from_name"]
            if layer not in LAYERS:
                continue  # speaker and cue regions are read through their relations
            value = region["value"]
            record: dict[str, Any] = {"id": fresh.get(region_id, region_id), "layer": layer, "start": value["start"],
                                      "end": value["end"], "text": value["text"],
                                      _LABEL_FIELD[layer]: value["labels"][0], "origin": "human",
                                      **attributes.get(region_id, {})}
            if annotator is not None:
                record["annotator"] = annotator
            record.setdefault("annotator", "labelstudio")
            if layer == "quotes":
                for role in _ROLE_FIELDS:
                    target = regions.get(links[region_id].get(role, ""))
                    record[role] = None if target is None else {k: target["value"][k] for k in ("start", "end",
                                                                                                "text")}
            try:
                items.append(ANNOTATION_ADAPTER.validate_python(record))
            except ValidationError as exc:
                first = exc.errors(include_url=False)[0]
                field = ".".join(str(p) for p in first["loc"][1:]) or "record"
                named = region_id if region_id not in fresh else f"{region_id} (new, {fresh[region_id]})"
                raise LabelStudioError(f"{where}: region {named}: field {field}: {first['msg']}") from None
        rebuilt[doc_id] = items
    return rebuilt


def header_for(layout: CorpusLayout, doc_id: str, annotations: Sequence[Annotation],
               existing: AnnotationFile | None) -> AnnotationFileHeader:
    """The imported file's header: the layers the `existing` gold file declares, plus those the import adds.

    Declaring a layer says "annotated, every span present"; an import must not make that claim for a layer
    nobody annotated (the rule export of a document, say, with no figures), nor drop one it kept.
    """
    text = layout.text_path(doc_id).read_bytes()
    declared = set(existing.header.layers) if existing is not None else set()
    layers = tuple(layer for layer in LAYERS if layer in declared or any(a.layer == layer for a in annotations))
    return AnnotationFileHeader(doc_id=doc_id, origin="human", text_sha256=sha256_bytes(text), layers=layers)
