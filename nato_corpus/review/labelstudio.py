"""Label Studio round trip: export the corpus as tasks with pre-annotations, import an export back.

Each article is one task (``data.text``, ``data.doc_id``).  Every annotation becomes a ``labels`` region
(``from_name`` = its layer: entities / quotes / dates / figures, the label, kind or TIMEX3 type as the
label); the fields that are not a span (entity id, TIMEX3 value, figure value and unit, ...) ride along in a
per-region ``textarea`` result holding their JSON, so nothing is lost.  A quote's speaker and cue are
regions of their own (``from_name`` speaker / cue) linked to the quote by ``relation`` results labelled
``speaker`` and ``cue``.  The labeling config that declares all this is :func:`labeling_config`.
"""

from __future__ import annotations

import json
from collections import defaultdict
from typing import Any, Final

from pydantic import ValidationError

from nato_corpus.corpus import CorpusLayout, Document, iter_documents, sha256_bytes
from nato_corpus.schema import (
    ANNOTATION_ADAPTER,
    ENTITY_LABELS,
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


def import_tasks(tasks: list[dict[str, Any]], annotator: str | None = None) -> dict[str, list[Annotation]]:
    """doc_id -> annotations rebuilt from a Label Studio JSON export (the last submitted annotation wins)."""
    rebuilt: dict[str, list[Annotation]] = {}
    for position, task in enumerate(tasks, start=1):
        data = task.get("data") or {}
        doc_id = data.get("doc_id")
        if not isinstance(doc_id, str):
            raise LabelStudioError(f"task {position}: data.doc_id is missing")
        regions: dict[str, dict[str, Any]] = {}
        attributes: dict[str, dict[str, Any]] = {}
        links: dict[str, dict[str, str]] = defaultdict(dict)
        for result in _results_of(task):
            kind = result.get("type")
            if kind == "labels":
                regions[result["id"]] = result
            elif kind == "textarea":
                try:
                    attributes[result["id"]] = json.loads(result["value"]["text"][0])
                except (KeyError, IndexError, ValueError):
                    raise LabelStudioError(f"task {position} ({doc_id}): region {result.get('id')}: attributes "
                                           "are not JSON") from None
            elif kind == "relation":
                role = (result.get("labels") or [""])[0]
                links[result["from_id"]][role] = result["to_id"]
        items: list[Annotation] = []
        for region_id, region in regions.items():
            layer = region["from_name"]
            if layer not in LAYERS:
                continue  # speaker and cue regions are read through their relations
            value = region["value"]
            record: dict[str, Any] = {"id": region_id, "layer": layer, "start": value["start"], "end": value["end"],
                                      "text": value["text"], _LABEL_FIELD[layer]: value["labels"][0],
                                      "origin": "human", **attributes.get(region_id, {})}
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
                raise LabelStudioError(f"task {position} ({doc_id}): region {region_id}: field {field}: "
                                       f"{first['msg']}") from None
        rebuilt[doc_id] = items
    return rebuilt


def header_for(layout: CorpusLayout, doc_id: str) -> AnnotationFileHeader:
    text = layout.text_path(doc_id).read_bytes()
    return AnnotationFileHeader(doc_id=doc_id, origin="human", text_sha256=sha256_bytes(text), layers=LAYERS)
