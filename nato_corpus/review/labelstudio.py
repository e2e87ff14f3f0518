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

An import never loses gold annotations silently (:func:`plan_import`): it builds every new file in memory,
validates it against the corpus and only then hands the files over to be written all together.  A task with
nothing submitted (no annotation, only cancelled ones, or an empty one for a document without gold), a task
with several submitted annotations, a document exported twice, and a result that deletes gold annotations
are errors unless a flag names the choice; rule-layer content (predictions, ``model_version``
``nato_corpus.rules``, regions of origin ``rule``) is always refused, since gold made from the rules' output
would make the benchmark circular.
"""

from __future__ import annotations

import datetime as dt
import json
import re
import unicodedata
from collections import defaultdict
from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Final, Literal, get_args

from pydantic import ValidationError

from nato_corpus.corpus import (
    AnnotationFile,
    CorpusLayout,
    Document,
    format_annotation_file,
    read_text,
    sha256_bytes,
    sort_key,
)
from nato_corpus.files import LIMITS, CorpusError
from nato_corpus.rules import RULESET_NAME
from nato_corpus.schema import (
    ANNOTATION_ADAPTER,
    ANNOTATION_ID_PATTERN,
    ENTITY_LABELS,
    ID_PREFIX,
    LABEL_FIELD,
    LAYERS,
    QUOTE_KINDS,
    Annotation,
    AnnotationFileHeader,
    QuoteAnnotation,
    RegistryEntity,
)
from nato_corpus.schema.timex import TIMEX_TYPES
from nato_corpus.schema.units import FIGURE_KINDS
from nato_corpus.validate.annotations import check_annotation_file
from nato_corpus.validate.documents import iter_documents, read_annotations, read_metadata, read_registry
from nato_corpus.validate.incidents import Incident

_SPAN_FIELDS: Final = ("id", "layer", "start", "end", "text", "origin", "annotator")
_ROLE_FIELDS: Final = ("speaker", "cue")


class LabelStudioError(CorpusError):
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
    """One task: the `origin` layer as annotations (human) or as predictions (rule: never taken back as gold)."""
    results: list[dict[str, Any]] = []
    file = document.annotations.get(origin)
    for annotation in file.annotations if file else ():
        record = annotation.model_dump(mode="json")
        label = record[LABEL_FIELD[annotation.layer]]
        results.append(_region(annotation.id, annotation.layer, annotation.start, annotation.end, annotation.text,
                               str(label)))
        attributes = _attributes_of(annotation)
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
    task: dict[str, Any] = {"id": task_id, "data": {"text": document.text, "doc_id": document.doc_id}}
    if origin == "human":
        # a document without a gold file is a task nobody annotated yet: Label Studio counts a task with any
        # annotation, even an empty one, as labelled and leaves it out of the labelling stream
        task["annotations"] = [{"result": results}] if file is not None else []
    else:
        task["predictions"] = [{"result": results, "model_version": RULESET_NAME}]
    return task


def export_tasks(layout: CorpusLayout, origin: str = "human") -> list[dict[str, Any]]:
    return [document_task(d, origin, i) for i, d in enumerate(iter_documents(layout, (origin,)), start=1)]


# --- import ----------------------------------------------------------------------------------------------

AnnotationChoice = Literal["first", "last", "most-recent"]
# first / last: in the export's order (Label Studio lists a task's annotations in creation order);
# most-recent: the latest updated_at (or created_at)
ANNOTATION_CHOICES: Final[tuple[str, ...]] = get_args(AnnotationChoice)
_CHOICES_SAID: Final = f"{', '.join(ANNOTATION_CHOICES[:-1])} or {ANNOTATION_CHOICES[-1]}"
_SKIP_HINT: Final = "pass --skip-unannotated to leave such documents as they are"


class InvalidImport(LabelStudioError):
    """The import's result fails validation, so nothing is written; `incidents` are all the findings."""

    def __init__(self, message: str, incidents: Sequence[Incident], files_checked: int) -> None:
        super().__init__(message)
        self.incidents = tuple(incidents)
        self.files_checked = files_checked


@dataclass(frozen=True)
class DocumentSummary:
    """What an import does to one gold file, so that no annotation changes or disappears unseen."""

    doc_id: str
    task: int
    added: tuple[str, ...] = ()
    changed: tuple[str, ...] = ()
    kept: tuple[str, ...] = ()
    deleted: tuple[Annotation, ...] = ()
    skipped: str | None = None  # why the document is left as it is (--skip-unannotated)
    written: bool = False

    def lines(self) -> list[str]:
        if self.skipped is not None:
            return [f"{self.doc_id}: skipped, nothing imported ({self.skipped})"]
        counts = (f"{len(self.added)} added, {len(self.changed)} changed, {len(self.kept)} kept, "
                  f"{len(self.deleted)} deleted")
        lines = [f"{self.doc_id}: {counts}{'' if self.written else ' (unchanged)'}"]
        return lines + [f"  deleted {_described(a)}" for a in self.deleted]


@dataclass(frozen=True)
class ImportPlan:
    """The gold files an import replaces (only those whose bytes change), validated, and what it does to each."""

    files: dict[Path, bytes]
    documents: tuple[DocumentSummary, ...]
    incidents: tuple[Incident, ...]  # the validator's warnings on the new files (errors refuse the import)
    files_checked: int

    def summary(self) -> list[str]:
        return [line for document in self.documents for line in document.lines()]


def _described(annotation: Annotation) -> str:
    return f"{annotation.id} ({annotation.layer}) [{annotation.start}, {annotation.end}) {annotation.text!r}"


def _parse_export(export: bytes) -> list[Any]:
    try:
        tasks = json.loads(export)
    except RecursionError:
        raise LabelStudioError("not a Label Studio JSON export: nested too deeply") from None
    except ValueError as exc:
        raise LabelStudioError(f"not a Label Studio JSON export: {exc}") from None
    if not isinstance(tasks, list):
        raise LabelStudioError("the export must be a JSON list of tasks")
    return tasks


def _doc_id(task: object, position: int) -> str:
    data = task.get("data") if isinstance(task, dict) else None
    doc_id = data.get("doc_id") if isinstance(data, dict) else None
    if not isinstance(doc_id, str):
        raise LabelStudioError(f"task {position}: data.doc_id is missing")
    return doc_id


def _entries(task: dict[str, Any], key: str, where: str) -> list[dict[str, Any]]:
    """The task's `annotations` or `predictions`, each checked to be an object with a list of results."""
    entries = task.get(key) or []
    if not isinstance(entries, list) or not all(isinstance(e, dict) for e in entries):
        raise LabelStudioError(f"{where}: {key} must be a list of objects")
    for number, entry in enumerate(entries, start=1):
        if entry.get("result") is not None and not isinstance(entry["result"], list):
            raise LabelStudioError(f"{where}: {key} entry {number}: result must be a list")
    return entries


def _attributes(result: dict[str, Any]) -> object:
    """The JSON a per-region textarea holds; ValueError when it holds none."""
    try:
        return json.loads(result["value"]["text"][0])
    except (KeyError, IndexError, TypeError, RecursionError):
        raise ValueError("no JSON text") from None


def _is_rule_annotator(value: object) -> bool:
    if not isinstance(value, str):
        return False
    # compared without case and without invisible (format) characters: "Nato_corpus.rules\u200b@0.2" is the rules too
    seen = "".join(char for char in value if unicodedata.category(char) != "Cf").casefold().strip()
    return seen == RULESET_NAME.casefold() or seen.startswith(f"{RULESET_NAME.casefold()}@")


def _rule_content(task: dict[str, Any], where: str) -> str | None:
    """Why the task holds output of the rule layer, or None: such content must never become gold."""
    if _entries(task, "predictions", where):
        return "it holds predictions (pre-annotations, as an export of the rule layer has)"
    for number, entry in enumerate(_entries(task, "annotations", where), start=1):
        version = entry.get("model_version")
        if _is_rule_annotator(version):
            return f"annotation {number} has model_version {version!r}"
        for result in entry.get("result") or []:
            if not isinstance(result, dict) or result.get("type") != "textarea":
                continue
            try:
                attributes = _attributes(result)
            except ValueError:
                continue  # reported when the chosen annotation is read
            if not isinstance(attributes, dict):
                continue
            region = result.get("id")
            if attributes.get("origin") not in (None, "human"):
                return f"region {region} has origin {attributes['origin']!r}"
            if _is_rule_annotator(attributes.get("annotator")):
                return f"region {region} has annotator {attributes['annotator']!r}"
    return None


def _entry_name(entry: dict[str, Any], number: int) -> str:
    ls_id = entry.get("id")
    return f"id {ls_id}" if isinstance(ls_id, (int, str)) and not isinstance(ls_id, bool) else f"no. {number}"


def _updated(entry: dict[str, Any]) -> dt.datetime | None:
    """When Label Studio last saved the annotation (updated_at, else created_at), timezone-aware."""
    for key in ("updated_at", "created_at"):
        value = entry.get(key)
        if isinstance(value, str):
            try:
                moment = dt.datetime.fromisoformat(value)
            except ValueError:
                continue
            return moment if moment.tzinfo is not None else moment.replace(tzinfo=dt.UTC)
    return None


def _choose(task: dict[str, Any], where: str, choice: AnnotationChoice | None) -> tuple[dict[str, Any] | None, str]:
    """The one submitted annotation to import, or None with why the task has none.

    Cancelled (skipped) annotations never count; several submitted ones are an error unless `choice` says
    which one is taken, since taking one silently drops another annotator's work.
    """
    entries = _entries(task, "annotations", where)
    submitted = [(n, e) for n, e in enumerate(entries, start=1) if not e.get("was_cancelled")]
    if not submitted:
        if not entries:
            return None, "it has no annotation"
        if len(entries) == 1:
            return None, "its only annotation was cancelled"
        return None, f"all {len(entries)} of its annotations were cancelled"
    if len(submitted) == 1 or choice == "first":
        return submitted[0][1], ""
    if choice == "last":
        return submitted[-1][1], ""
    if choice is None:
        names = ", ".join(_entry_name(e, n) for n, e in submitted)
        raise LabelStudioError(f"{where}: it has {len(submitted)} submitted annotations ({names}); nothing "
                               f"imported (pass --annotation-choice {_CHOICES_SAID} to take one)")
    dated = []
    for number, entry in submitted:
        moment = _updated(entry)
        if moment is None:
            raise LabelStudioError(f"{where}: annotation {_entry_name(entry, number)} has no updated_at or "
                                   "created_at time; nothing imported (pass --annotation-choice first or last)")
        dated.append((moment, number, entry))
    return max(dated, key=lambda d: (d[0], d[1]))[2], ""


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


def _link(links: dict[str, dict[str, str]], regions: Mapping[str, dict[str, Any]], result: dict[str, Any],
          where: str) -> None:
    """Record a relation as quote -> role -> speaker/cue region, whichever way it was drawn."""
    ends = [result.get("from_id"), result.get("to_id")]
    if not all(isinstance(e, str) for e in ends):
        raise LabelStudioError(f"{where}: relation {ends!r}: from_id and to_id must be region ids (strings)")
    missing = next((e for e in ends if e not in regions), None)
    if missing is not None:  # a dangling end would silently drop a gold speaker or cue
        raise LabelStudioError(f"{where}: relation {ends[0]} -> {ends[1]}: {missing} is no labelled region of this "
                               "annotation; nothing imported")
    names = [regions[e].get("from_name") for e in ends]
    if names[0] in _ROLE_FIELDS and names[1] == "quotes":
        ends.reverse()
        names.reverse()
    if names[0] != "quotes" or names[1] not in _ROLE_FIELDS:
        raise LabelStudioError(f"{where}: relation {ends[0]} -> {ends[1]}: relates a {names[0]} region and a "
                               f"{names[1]} region; a relation links a quote to its speaker or cue; nothing imported")
    labels = result.get("labels") or [""]
    label = labels[0] if isinstance(labels, list) and labels else ""
    role = label if label in _ROLE_FIELDS else names[1]
    links[ends[0]][role] = ends[1]


def rebuild_annotations(results: Sequence[Any], where: str, annotator: str | None = None,
                        taken: Collection[str] = (), previous: Mapping[str, Annotation] | None = None
                        ) -> list[Annotation]:
    """The corpus annotations one Label Studio annotation's `result` list describes.

    Annotators stored in a region's attributes are kept; `annotator` (default "labelstudio") only fills
    regions that have none, i.e. those drawn in Label Studio.  `taken` holds ids a new region must not
    reuse (those of the gold file being replaced), so a new region never takes a deleted annotation's id.
    A region of a `previous` (gold) annotation whose attributes are missing keeps that annotation's (its
    registry key, annotator, kind), rather than becoming a region drawn by a person.  A relation to no
    region, or between two regions it cannot link, is an error: it would drop a gold speaker or cue without a
    word.  (A speaker or cue region left unrelated, as Label Studio leaves it when its quote is deleted, is
    dropped: the quote it belonged to is gone or changed, which the import's summary lists.)
    """
    previous = previous or {}
    regions: dict[str, dict[str, Any]] = {}
    attributes: dict[str, dict[str, Any]] = {}
    relations: list[dict[str, Any]] = []
    for result in results:
        kind = result.get("type") if isinstance(result, dict) else None
        if kind == "labels":
            value = result.get("value")
            if (not isinstance(result.get("id"), str) or result.get("from_name") not in (*LAYERS, *_ROLE_FIELDS)
                    or not isinstance(value, dict) or not {"start", "end", "text", "labels"} <= value.keys()
                    or not isinstance(value["labels"], list) or not value["labels"]):
                raise LabelStudioError(f"{where}: region {result.get('id')}: not a labelled span of a layer, "
                                       "speaker or cue (id, from_name, value.start/end/text/labels)")
            if len(value["labels"]) > 1 or result["id"] in regions:
                raise LabelStudioError(f"{where}: region {result['id']}: labelled more than once; give each "
                                       "span one label of one layer")
            regions[result["id"]] = result
        elif kind == "textarea":
            try:
                found = _attributes(result)
            except ValueError:
                raise LabelStudioError(f"{where}: region {result.get('id')}: attributes are not JSON") from None
            if not isinstance(found, dict) or not isinstance(result.get("id"), str):
                raise LabelStudioError(f"{where}: region {result.get('id')}: attributes are not a JSON object with "
                                       "a region id")
            attributes[result["id"]] = found
        elif kind == "relation":
            relations.append(result)
    links: dict[str, dict[str, str]] = defaultdict(dict)
    for result in relations:
        _link(links, regions, result, where)
    fresh = _fresh_ids(regions, taken)
    items: list[Annotation] = []
    copied = 0  # the records' compact JSON so far: a lower bound of the file's bytes, checked as records are made
    for region_id, region in regions.items():
        layer = region["from_name"]
        if layer not in LAYERS:
            continue  # speaker and cue regions are read through their relations
        value = region["value"]
        given = attributes.get(region_id)
        if given is None and region_id in previous and previous[region_id].layer == layer:
            given = _attributes_of(previous[region_id])  # a gold annotation keeps what its region does not say
        # the region's span and label win over stale copies in its attributes: they are what was edited
        record: dict[str, Any] = {**(given or {}), "id": fresh.get(region_id, region_id),
                                  "layer": layer, "start": value["start"], "end": value["end"], "text": value["text"],
                                  LABEL_FIELD[layer]: value["labels"][0], "origin": "human"}
        if record.get("annotator") is None:
            record["annotator"] = annotator or "labelstudio"
        if record.get("annotator_kind") is None:
            record["annotator_kind"] = "human"  # a region with no kind was drawn in Label Studio by a person
        if layer == "quotes":
            for role in _ROLE_FIELDS:
                target = regions.get(links[region_id].get(role, ""))
                record[role] = None if target is None else {k: target["value"][k] for k in ("start", "end", "text")}
        copied += len(json.dumps(record, ensure_ascii=False, separators=(",", ":"))) + 1  # at most its line
        if copied > LIMITS["annotations"]:  # a speaker region shared by many quotes is copied into each
            raise LabelStudioError(f"{where}: region {region_id}: the gold file would be over the "
                                   f"{LIMITS['annotations']:,}-byte limit of an annotation file; nothing imported")
        try:
            items.append(ANNOTATION_ADAPTER.validate_python(record))
        except ValidationError as exc:
            first = exc.errors(include_url=False)[0]
            field = ".".join(str(p) for p in first["loc"][1:]) or "record"
            named = region_id if region_id not in fresh else f"{region_id} (new, {fresh[region_id]})"
            raise LabelStudioError(f"{where}: region {named}: field {field}: {first['msg']}") from None
    return sorted(items, key=sort_key)


def _attributes_of(annotation: Annotation) -> dict[str, Any]:
    """What an export puts in a region's attributes: every field but the span, the roles and the label, and
    who made it (the annotator)."""
    record = annotation.model_dump(mode="json")
    left_out = (*_SPAN_FIELDS, *_ROLE_FIELDS, LABEL_FIELD[annotation.layer])
    attributes = {k: v for k, v in record.items() if k not in left_out}
    attributes["annotator"] = record["annotator"]
    return attributes


def header_for(doc_id: str, annotations: Sequence[Annotation], existing: AnnotationFile | None,
               text_sha256: str) -> AnnotationFileHeader:
    """The imported file's header: the layers the `existing` gold file declares, plus those the import adds.

    Declaring a layer says "annotated, every span present"; an import must not make that claim for a layer
    nobody annotated (the rule export of a document, say, with no figures), nor drop one it kept.
    """
    declared = set(existing.header.layers) if existing is not None else set()
    layers = tuple(layer for layer in LAYERS if layer in declared or any(a.layer == layer for a in annotations))
    return AnnotationFileHeader(doc_id=doc_id, origin="human", text_sha256=text_sha256, layers=layers)


def _deletion_error(where: str, deleted: Sequence[Annotation], empty: bool) -> LabelStudioError:
    ids = ", ".join(a.id for a in deleted)
    what = (f"its annotation is empty: importing it would delete all {len(deleted)} gold annotations" if empty
            else f"importing it would delete {len(deleted)} gold annotation{'s' if len(deleted) > 1 else ''}")
    them = "them" if len(deleted) > 1 else "it"
    return LabelStudioError(f"{where}: {what} ({ids}); nothing imported (pass --allow-deletions to delete {them})")


def plan_import(layout: CorpusLayout, export: bytes, *, annotator: str | None = None,
                annotation_choice: AnnotationChoice | None = None, allow_deletions: bool = False,
                skip_unannotated: bool = False) -> ImportPlan:
    """The gold files a Label Studio JSON export becomes, validated against the corpus, and what changes.

    Nothing is written here: the caller writes `files` all at once or not at all.  Whatever would lose or
    guess at annotations (an unannotated, cancelled or repeated task, several annotations to pick from,
    deleted gold annotations, rule-layer content) raises LabelStudioError naming the task and document and,
    where there is one, the flag that accepts it; a result that does not validate raises InvalidImport.
    """
    tasks = _parse_export(export)
    known = set(layout.doc_ids())
    seen: dict[str, int] = {}
    registry: dict[str, RegistryEntity] | None = None
    files: dict[Path, bytes] = {}
    documents: list[DocumentSummary] = []
    found: list[tuple[str, Incident]] = []
    for position, task in enumerate(tasks, start=1):
        doc_id = _doc_id(task, position)
        where = f"task {position} ({doc_id})"
        if doc_id not in known:
            raise LabelStudioError(f"{where}: there is no article {doc_id!r} in the corpus; nothing imported")
        if doc_id in seen:
            raise LabelStudioError(f"{where}: the document is also task {seen[doc_id]}; a document may be one task "
                                   "only, nothing imported (remove one of them from the export)")
        seen[doc_id] = position
        rule = _rule_content(task, where)
        if rule is not None:
            raise LabelStudioError(f"{where}: {rule}: rule-layer output is never imported into the human layer; "
                                   "nothing imported")
        entry, unannotated = _choose(task, where, annotation_choice)
        existing = read_annotations(layout, "human", doc_id)
        old = {a.id: a for a in existing.annotations} if existing is not None else {}
        items = rebuild_annotations(entry.get("result") or [], where, annotator, old, old) if entry is not None else []
        if entry is not None and not items and existing is None:
            unannotated = "its annotation is empty and the document has no gold file"
        if unannotated:
            if not skip_unannotated:
                raise LabelStudioError(f"{where}: {unannotated}; nothing imported ({_SKIP_HINT})")
            documents.append(DocumentSummary(doc_id, position, skipped=unannotated))
            continue
        text = read_text(layout, doc_id)
        if task["data"].get("text", text) != text:
            raise LabelStudioError(f"{where}: data.text differs from {layout.relative(layout.text_path(doc_id))} "
                                   "(the article changed since the export?); nothing imported")
        new = {a.id: a for a in items}
        deleted = tuple(a for a in sorted(old.values(), key=sort_key) if a.id not in new)
        if deleted and not allow_deletions:
            raise _deletion_error(where, deleted, empty=not items)
        text_sha256 = sha256_bytes(text.encode("utf-8"))
        content = format_annotation_file(header_for(doc_id, items, existing, text_sha256), items)
        data = content.encode("utf-8")
        if len(data) > LIMITS["annotations"]:  # the validator would refuse to read the file written
            raise LabelStudioError(f"{where}: the gold file would be {len(data):,} bytes, over the "
                                   f"{LIMITS['annotations']:,}-byte limit of an annotation file; nothing imported")
        path = layout.annotation_path("human", doc_id)
        if registry is None:
            registry = read_registry(layout)
        check_annotation_file(content, layout.relative(path), doc_id, "human", text, text_sha256,
                              read_metadata(layout, doc_id), registry, lambda i, w=where: found.append((w, i)))
        written = existing is None or layout.read_bytes(path, "annotations") != data
        if written:
            files[path] = data
        documents.append(DocumentSummary(
            doc_id, position, added=tuple(i for i in new if i not in old),
            changed=tuple(i for i, a in new.items() if i in old and old[i] != a),
            kept=tuple(i for i, a in new.items() if i in old and old[i] == a), deleted=deleted, written=written))
    incidents = [incident for _, incident in found]
    errors = [(where, incident) for where, incident in found if incident.severity == "error"]
    checked = sum(1 for d in documents if d.skipped is None)
    if errors:
        where, first = errors[0]
        raise InvalidImport(f"{where}: the imported annotations do not validate ({first.address()}: "
                            f"[{first.check}] {first.message}; {len(errors)} error{'s' if len(errors) > 1 else ''}"
                            " in all, listed above); nothing imported", incidents, checked)
    return ImportPlan(files, tuple(documents), tuple(incidents), checked)
