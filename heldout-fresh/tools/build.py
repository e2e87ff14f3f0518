"""Rebuild the fresh held-out probe corpus (metadata, registry, gold annotations) from hand-written lists.

Inputs, all in this folder (``tools/``) or beside it:

- ``../articles/<doc_id>.txt``: the article texts, written by hand; never rewritten by this script;
- ``documents.json``: per document, the headline, attributed sources, publication record and zones;
- ``registry_additions.jsonl``: registry entries for the referents these texts add;
- ``spans/<doc_id>.txt``: the gold span list of one document, one annotation per line, fields separated
  by `` | ``, ``-`` for null::

      E | locator | LABEL | entity_id
      D | locator | TYPE | value | mod | temporal_function (true/false)
      F | locator | kind | value | value_max | unit | approximate (true/false) | measures
      Q | content locator | kind | speaker locator | speaker_entity_id | cue locator

  A *locator* is a stretch of the text with the span in square brackets, e.g. ``said on [Tuesday]``;
  the stretch without the brackets must occur exactly once in the text (``\\n`` stands for a line break).

Outputs: ``../articles/<doc_id>.json``, ``../registry/entities.jsonl`` (the repository's registry, found at
this folder's parent, followed by the additions) and ``../annotations/human/<doc_id>.jsonl``. Everything
is built and checked first; only then is each file written atomically.

    .venv/bin/python heldout-fresh/tools/build.py [--check]   # --check: build and compare, write nothing
"""

from __future__ import annotations

import argparse
import itertools
import json
import sys
from decimal import Decimal
from pathlib import Path
from typing import Any

from nato_corpus.corpus import atomic_write_text, format_annotation_file, sha256_bytes, split_for_anchor
from nato_corpus.schema import (
    ANNOTATION_ADAPTER,
    ID_PREFIX,
    Annotation,
    AnnotationFileHeader,
    ArticleMetadata,
    RegistryEntity,
)
from nato_corpus.schema.article import UNANNOTATED_ZONES

TOOLS = Path(__file__).resolve().parent
ROOT = TOOLS.parent  # the probe corpus root (heldout-fresh/)
REPO_REGISTRY = ROOT.parent / "registry" / "entities.jsonl"  # the repository's registry, at the folder's parent
ANNOTATOR = "probe-fresh"
LAYERS = ("entities", "quotes", "dates", "figures")
OUTLET_NOTE = "Synthetic held-out probe for the nato-corpus rules; not a real news article."
LICENCE = {
    "status": "open",
    "holder": "the nato-corpus maintainers",
    "note": (
        "Synthetic text written for the nato-corpus project; released under Creative Commons Attribution 4.0 "
        "International (CC BY 4.0, https://creativecommons.org/licenses/by/4.0/) by the nato-corpus maintainers. "
        "Every person named in it is fictional and every quotation is invented."
    ),
}
OPENING_MARKS = "“‘\"'"
CLOSING_MARKS = "”’\"'"
DOUBLE_MARKS = "“”\""
APPROX_WORDS = ("about", "around", "nearly", "roughly", "some", "approximately")


class BuildError(Exception):
    pass


def locate(text: str, locator: str, where: str) -> tuple[int, int]:
    """Offsets of the bracketed part of `locator`; the unbracketed stretch must occur exactly once."""
    locator = locator.replace("\\n", "\n")
    if locator.count("[") != 1 or locator.count("]") != 1 or locator.index("[") > locator.index("]"):
        raise BuildError(f"{where}: locator needs exactly one [...]: {locator!r}")
    pre, rest = locator.split("[", 1)
    target, post = rest.split("]", 1)
    if not target:
        raise BuildError(f"{where}: empty span in {locator!r}")
    stretch = pre + target + post
    count = text.count(stretch)
    if count != 1:
        raise BuildError(f"{where}: {stretch!r} occurs {count} times in the text (needs exactly once)")
    start = text.find(stretch) + len(pre)
    end = start + len(target)
    if text[start:end] != target:
        raise BuildError(f"{where}: offset check failed for {target!r}")
    return start, end


def null(field: str) -> str | None:
    return None if field == "-" else field


def flag(field: str, where: str) -> bool:
    if field not in ("true", "false"):
        raise BuildError(f"{where}: expected true or false, got {field!r}")
    return field == "true"


def span_ref(text: str, locator: str | None, where: str) -> dict[str, Any] | None:
    if locator is None:
        return None
    start, end = locate(text, locator, where)
    return {"start": start, "end": end, "text": text[start:end]}


def parse_spans(path: Path, text: str) -> list[dict[str, Any]]:
    """Annotation records (without ids) from one span list."""
    records: list[dict[str, Any]] = []
    expected = {"E": 4, "D": 6, "F": 8, "Q": 6}
    for line_no, raw in enumerate(path.read_text(encoding="utf-8").split("\n"), start=1):
        line = raw.strip()
        if not line or line.startswith("#"):
            continue
        where = f"{path.name}:{line_no}"
        fields = [f.strip() for f in line.split(" | ")]
        kind = fields[0]
        if kind not in expected or len(fields) != expected[kind]:
            raise BuildError(f"{where}: expected {expected.get(kind, '?')} fields for {kind!r}, got {len(fields)}")
        if kind == "Q":
            start, end = locate(text, fields[1], where)
            record: dict[str, Any] = {
                "layer": "quotes", "kind": fields[2],
                "speaker": span_ref(text, null(fields[3]), where + " speaker"),
                "speaker_entity_id": null(fields[4]),
                "cue": span_ref(text, null(fields[5]), where + " cue"),
            }
        else:
            start, end = locate(text, fields[1], where)
            if kind == "E":
                record = {"layer": "entities", "label": fields[2], "entity_id": null(fields[3])}
            elif kind == "D":
                record = {"layer": "dates", "type": fields[2], "value": fields[3], "mod": null(fields[4]),
                          "temporal_function": flag(fields[5], where)}
            else:
                record = {"layer": "figures", "kind": fields[2], "value": null(fields[3]),
                          "value_max": null(fields[4]), "unit": fields[5],
                          "approximate": flag(fields[6], where), "measures": null(fields[7])}
        record.update({"start": start, "end": end, "text": text[start:end], "where": where})
        records.append(record)
    return records


def check_records(text: str, records: list[dict[str, Any]], zones: list[dict[str, Any]],
                  registry: dict[str, RegistryEntity], warnings: list[str]) -> None:
    """Guideline checks that the schema does not make; raises BuildError on the first problem."""
    closed = [(z["start"], z["end"]) for z in zones if z["kind"] in UNANNOTATED_ZONES]
    entity_at = {(r["start"], r["end"]): r for r in records if r["layer"] == "entities"}
    for r in records:
        where = r["where"]
        spans = [(r["start"], r["end"])]
        spans += [(ref["start"], ref["end"]) for ref in (r.get("speaker"), r.get("cue")) if ref]
        for start, end in spans:
            piece = text[start:end]
            if piece != piece.strip() or piece[-1] in ",;:":
                raise BuildError(f"{where}: span {piece!r} starts or ends on whitespace or punctuation")
            if any(start < z_end and z_start < end for z_start, z_end in closed):
                raise BuildError(f"{where}: span {piece!r} touches an unannotated zone")
        layer = r["layer"]
        if layer == "entities":
            key = r["entity_id"]
            if r["label"] == "NORP" and key is not None:
                raise BuildError(f"{where}: NORP spans are never linked")
            if key is not None:
                if key not in registry:
                    raise BuildError(f"{where}: unknown entity id {key!r}")
                if registry[key].label != r["label"]:
                    warnings.append(f"{where}: {r['text']!r} is {r['label']}, registry says {registry[key].label}")
        elif layer == "quotes":
            check_quote(text, r, registry, entity_at)
        elif layer == "dates":
            if r["type"] in ("DURATION", "SET") and r["temporal_function"]:
                raise BuildError(f"{where}: durations and sets get temporal_function false")
            by = text[max(0, r["start"] - 3):r["start"]] == "by "
            if (r["mod"] == "ON_OR_BEFORE") != by:
                raise BuildError(f"{where}: ON_OR_BEFORE exactly for 'by' deadlines")
        else:
            before = text[:r["start"]].split()
            approx_word = bool(before) and before[-1].strip("(").lower() in APPROX_WORDS
            if r["approximate"] != (approx_word or r["value"] is None):
                raise BuildError(f"{where}: approximate should be {approx_word or r['value'] is None}")
            if r["value"] is not None:
                Decimal(r["value"])  # the schema checks the canonical form
    for layer in LAYERS:
        ordered = sorted((r for r in records if r["layer"] == layer), key=lambda r: (r["start"], r["end"]))
        for a, b in itertools.pairwise(ordered):
            if b["start"] < a["end"]:
                raise BuildError(f"{b['where']}: {b['text']!r} overlaps {a['text']!r} ({a['where']})")


def check_quote(text: str, r: dict[str, Any], registry: dict[str, RegistryEntity],
                entity_at: dict[tuple[int, int], dict[str, Any]]) -> None:
    where, content = r["where"], r["text"]
    speaker, key = r["speaker"], r["speaker_entity_id"]
    if key is not None and key not in registry:
        raise BuildError(f"{where}: unknown speaker entity id {key!r}")
    if key is not None and speaker is None:
        raise BuildError(f"{where}: speaker_entity_id without speaker")
    if speaker is not None:
        entity = entity_at.get((speaker["start"], speaker["end"]))
        if entity is not None and entity["entity_id"] != key:
            raise BuildError(f"{where}: speaker {speaker['text']!r} is linked to {entity['entity_id']!r}, not {key!r}")
    if r["cue"] is None and not (speaker is not None and text[r["end"]:speaker["start"]].strip() == "—"):
        raise BuildError(f"{where}: cue is null outside the headline-dash case")
    if r["kind"] == "direct":
        before = text[r["start"] - 1] if r["start"] else ""
        after = text[r["end"]:r["end"] + 2]
        if before not in OPENING_MARKS or not (after[:1] in CLOSING_MARKS or after[1:2] in CLOSING_MARKS):
            raise BuildError(f"{where}: a direct quote lies inside quotation marks")
    elif r["kind"] == "indirect":
        if any(m in content for m in DOUBLE_MARKS) or "‘" in content:
            raise BuildError(f"{where}: an indirect quote contains no quotation marks")
    elif not (any(m in content for m in DOUBLE_MARKS) or "‘" in content):
        raise BuildError(f"{where}: a mixed quote contains a quoted fragment")


def with_ids(records: list[dict[str, Any]]) -> list[Annotation]:
    """Pydantic annotations with ids numbered per layer in text order."""
    annotations: list[Annotation] = []
    for layer in LAYERS:
        ordered = sorted((r for r in records if r["layer"] == layer), key=lambda r: (r["start"], r["end"]))
        for number, r in enumerate(ordered, start=1):
            data = {k: v for k, v in r.items() if k != "where"}
            data.update({"id": f"{ID_PREFIX[layer]}{number}", "origin": "human", "annotator": ANNOTATOR})
            annotations.append(ANNOTATION_ADAPTER.validate_python(data))
    return annotations


def build_registry() -> tuple[str, dict[str, RegistryEntity]]:
    base = REPO_REGISTRY.read_text(encoding="utf-8")
    entities: dict[str, RegistryEntity] = {}
    for line in base.split("\n"):
        if line.strip():
            entity = RegistryEntity.model_validate_json(line)
            entities[entity.id] = entity
    lines = [line for line in base.split("\n") if line.strip()]
    for line in (TOOLS / "registry_additions.jsonl").read_text(encoding="utf-8").split("\n"):
        if not line.strip():
            continue
        entity = RegistryEntity.model_validate_json(line)
        if entity.id in entities:
            raise BuildError(f"registry_additions.jsonl: {entity.id!r} is already registered")
        if "fictional" in entity.name.lower():
            raise BuildError(f"registry_additions.jsonl: {entity.id!r}: the name must be just the name")
        entities[entity.id] = entity
        lines.append(json.dumps(entity.model_dump(mode="json"), ensure_ascii=False))
    return "\n".join(lines) + "\n", entities


def build_document(doc_id: str, spec: dict[str, Any], registry: dict[str, RegistryEntity],
                   warnings: list[str]) -> tuple[str, str, list[Annotation]]:
    """Metadata JSON text, annotation file text and the annotations of one document."""
    raw = (ROOT / "articles" / f"{doc_id}.txt").read_bytes()
    text = raw.decode("utf-8")
    if not text.endswith("\n") or "[" in text or "]" in text:
        raise BuildError(f"{doc_id}: the text must end with a newline and contain no square brackets")
    zones = []
    for locator, kind, note in spec["zones"]:
        start, end = locate(text, locator, f"{doc_id} zone {kind}")
        zones.append({"start": start, "end": end, "kind": kind, "note": note})
    zones.sort(key=lambda z: z["start"])
    anchor = spec["publication"]["anchor"]
    metadata = ArticleMetadata.model_validate({
        "doc_id": doc_id,
        "text_sha256": sha256_bytes(raw),
        "source_file": f"{doc_id}.txt",
        "headline": spec["headline"],
        "outlet": None,
        "outlet_note": OUTLET_NOTE,
        "attributed_sources": spec["attributed_sources"],
        "publication": spec["publication"],
        "language": "en",
        "licence": LICENCE,
        "split": split_for_anchor(anchor),
        "zones": zones,
        "defects": [],
        "notes": (
            f"Synthetic held-out probe text ({spec['style']}), written and annotated for heldout-fresh/; "
            "every person named is fictional and every quotation invented. See heldout-fresh/README.md."
        ),
    })
    if metadata.headline is not None and metadata.headline not in text:
        raise BuildError(f"{doc_id}: headline not in text")
    records = parse_spans(TOOLS / "spans" / f"{doc_id}.txt", text)
    check_records(text, records, zones, registry, warnings)
    annotations = with_ids(records)
    header = AnnotationFileHeader(doc_id=doc_id, origin="human", text_sha256=metadata.text_sha256,
                                  layers=LAYERS)
    meta_text = json.dumps(metadata.model_dump(mode="json"), indent=2, ensure_ascii=False) + "\n"
    return meta_text, format_annotation_file(header, annotations), annotations


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="build and compare with the files; write nothing")
    args = parser.parse_args(argv)
    warnings: list[str] = []
    try:
        registry_text, registry = build_registry()
        specs = json.loads((TOOLS / "documents.json").read_text(encoding="utf-8"))
        outputs: dict[Path, str] = {ROOT / "registry" / "entities.jsonl": registry_text}
        used: set[str] = set()
        summary = []
        for doc_id, spec in sorted(specs.items()):
            meta_text, ann_text, annotations = build_document(doc_id, spec, registry, warnings)
            outputs[ROOT / "articles" / f"{doc_id}.json"] = meta_text
            outputs[ROOT / "annotations" / "human" / f"{doc_id}.jsonl"] = ann_text
            for a in annotations:
                used.update(k for k in (getattr(a, "entity_id", None), getattr(a, "speaker_entity_id", None)) if k)
            counts = {layer: sum(a.layer == layer for a in annotations) for layer in LAYERS}
            summary.append(f"{doc_id}: " + ", ".join(f"{k} {v}" for k, v in counts.items()))
        added = [json.loads(line)["id"] for line in (TOOLS / "registry_additions.jsonl").read_text(
            encoding="utf-8").split("\n") if line.strip()]
        warnings += [f"registry addition {key!r} is linked by no annotation" for key in added if key not in used]
    except (BuildError, ValueError, OSError) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    for warning in warnings:
        print(f"warning: {warning}", file=sys.stderr)
    if args.check:
        stale = [p for p, t in outputs.items() if not p.exists() or p.read_text(encoding="utf-8") != t]
        for path in stale:
            print(f"stale: {path.relative_to(ROOT)}")
        return 1 if stale else 0
    for path, content in outputs.items():  # everything was built and checked: now write
        atomic_write_text(path, content)
    print("\n".join(summary))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
