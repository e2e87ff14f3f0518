"""Build the probe corpora's metadata and gold annotation files from their hand-written span specs.

    .venv/bin/python probes/build.py                     # every probe corpus of nato_corpus.corpus.PROBE_CORPORA
    .venv/bin/python probes/build.py heldout-fresh       # one of them, by name
    .venv/bin/python probes/build.py --check             # build and compare with the files; write nothing
    .venv/bin/python probes/build.py --review            # also print every span in context, and review notes
    .venv/bin/python probes/build.py --root ../copy      # the probe corpora of another corpus folder

The inputs of a probe corpus ``probes/<name>/`` (the format is described in ``probes/README.md``):

- ``articles/<doc_id>.txt``: the texts, written by hand; never rewritten here;
- ``spec/documents.json``: the annotator's handle, metadata shared by every document (``defaults``) and, per
  document, the rest of its metadata (and optionally its own ``annotator``), with each zone located by a
  *locator* instead of offsets;
- ``spec/spans/<doc_id>.txt``: the gold span list, one annotation per line;
- ``registry/overlay.jsonl``: the registry entries the texts add to the main corpus's registry (read, and
  checked, through :func:`nato_corpus.validate.documents.check_registry`; never written here).

The outputs are ``articles/<doc_id>.json`` (the text's sha256, file name and split are computed) and
``annotations/human/<doc_id>.jsonl`` (offsets found by string search, ids numbered per layer in text order).
Everything is built and checked first (the schema, and the validator's own checks of an annotation file
against its text, metadata and effective registry); only then is each changed file written atomically, through
the corpus's file-access layer. Only nato_corpus's I/O, schema and validator are used: no rules, no NLP.
"""

from __future__ import annotations

import argparse
import itertools
import json
import re
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from nato_corpus.corpus import PROBE_CORPORA, CorpusLayout, format_annotation_file, sha256_bytes, split_for_anchor
from nato_corpus.files import CorpusError
from nato_corpus.schema import (
    ANNOTATION_ADAPTER,
    ID_PREFIX,
    Annotation,
    AnnotationFileHeader,
    ArticleMetadata,
)
from nato_corpus.schema.article import UNANNOTATED_ZONES
from nato_corpus.validate.annotations import check_annotation_file
from nato_corpus.validate.documents import check_registry, enclosing_corpus

REPO_ROOT = Path(__file__).resolve().parent.parent  # the checkout this script belongs to (default --root)
LAYERS = ("entities", "quotes", "dates", "figures")
COMPUTED = ("doc_id", "text_sha256", "source_file", "split")  # metadata fields the builder fills in
# span list: the record letter, its layer and its fields after the locator ("-" is null)
FIELDS = {
    "E": ("entities", ("label", "entity_id")),
    "D": ("dates", ("type", "value", "mod", "temporal_function")),
    "F": ("figures", ("kind", "value", "value_max", "unit", "bound", "approximate", "measures", "base", "per")),
    "Q": ("quotes", ("kind", "speaker", "speaker_entity_id", "cue")),
}
FLAGS = ("temporal_function", "approximate")
LOCATED = ("speaker", "cue")  # quote fields that are locators of their own span


class BuildError(Exception):
    pass


# --- the span-spec format ----------------------------------------------------------------------------------


def locate(text: str, locator: str, where: str) -> tuple[int, int]:
    """Offsets of the bracketed part of `locator`; the stretch without the brackets must occur exactly once."""
    locator = locator.replace("\\n", "\n")
    if locator.count("[") != 1 or locator.count("]") != 1 or locator.index("[") > locator.index("]"):
        raise BuildError(f"{where}: a locator needs exactly one [...]: {locator!r}")
    pre, rest = locator.split("[", 1)
    target, post = rest.split("]", 1)
    if not target:
        raise BuildError(f"{where}: empty span in {locator!r}")
    stretch = pre + target + post
    count = text.count(stretch)
    if count != 1:
        raise BuildError(f"{where}: {stretch!r} occurs {count} times in the text (a locator must occur once)")
    start = text.find(stretch) + len(pre)
    return start, start + len(target)


def _value(name: str, raw: str, where: str) -> Any:
    if name in FLAGS:
        if raw not in ("true", "false"):
            raise BuildError(f"{where}: {name} is true or false, not {raw!r}")
        return raw == "true"
    return None if raw == "-" else raw


def parse_spans(content: str, text: str, where: str) -> list[dict[str, Any]]:
    """Annotation records (no ids yet) from a span list: one per line, `` | ``-separated; ``#`` comments."""
    records: list[dict[str, Any]] = []
    for line_no, raw in enumerate(content.split("\n"), start=1):
        line = raw.strip()
        if not line or line.startswith("#"):
            continue
        at = f"{where}:{line_no}"
        letter, *fields = (f.strip() for f in line.split(" | "))
        if letter not in FIELDS or len(fields) != len(FIELDS[letter][1]) + 1:
            expected = len(FIELDS[letter][1]) + 2 if letter in FIELDS else "E, D, F or Q and its"
            raise BuildError(f"{at}: expected {expected} fields, got {len(fields) + 1}: {line!r}")
        layer, names = FIELDS[letter]
        start, end = locate(text, fields[0], at)
        record: dict[str, Any] = {"layer": layer, "start": start, "end": end, "text": text[start:end]}
        for name, raw_value in zip(names, fields[1:], strict=True):
            value = _value(name, raw_value, at)
            if name in LOCATED and value is not None:
                ref_start, ref_end = locate(text, value, f"{at} {name}")
                value = {"start": ref_start, "end": ref_end, "text": text[ref_start:ref_end]}
            record[name] = value
        record["where"] = at
        records.append(record)
    return records


def with_ids(records: list[dict[str, Any]], annotator: str, annotator_kind: str) -> list[Annotation]:
    """Annotations with ids numbered per layer in text order."""
    annotations: list[Annotation] = []
    for layer in LAYERS:
        ordered = sorted((r for r in records if r["layer"] == layer), key=lambda r: (r["start"], r["end"]))
        for number, record in enumerate(ordered, start=1):
            data = {k: v for k, v in record.items() if k != "where"}
            data.update(id=f"{ID_PREFIX[layer]}{number}", origin="human", annotator=annotator,
                        annotator_kind=annotator_kind)
            annotations.append(ANNOTATION_ADAPTER.validate_python(data))
    return annotations


def metadata_of(doc_id: str, raw: bytes, text: str, entry: dict[str, Any], defaults: dict[str, Any],
                where: str) -> dict[str, Any]:
    """The metadata record in the schema's field order: defaults, the document's entry, computed fields."""
    record = {**defaults, **entry}
    unknown = sorted(set(record) - set(ArticleMetadata.model_fields))
    given = sorted(set(record) & set(COMPUTED))
    if unknown or given:
        raise BuildError(f"{where}: {'unknown' if unknown else 'computed'} metadata fields {unknown or given}")
    zones = []
    for number, zone in enumerate(record.get("zones", ())):
        if not isinstance(zone, dict) or "at" not in zone:
            raise BuildError(f"{where}: zone {number} needs a locator 'at'")
        start, end = locate(text, zone["at"], f"{where} zone {number}")
        zones.append({"start": start, "end": end, **{k: v for k, v in zone.items() if k != "at"}})
    record["zones"] = sorted(zones, key=lambda z: z["start"])
    computed = {"doc_id": doc_id, "text_sha256": sha256_bytes(raw), "source_file": f"{doc_id}.txt",
                "split": split_for_anchor(record.get("publication", {}).get("anchor", ""))}
    missing = [name for name in ArticleMetadata.model_fields if name not in record and name not in computed]
    if missing:
        raise BuildError(f"{where}: metadata fields missing: {missing}")
    return {name: computed[name] if name in computed else record[name] for name in ArticleMetadata.model_fields}


# --- one probe corpus --------------------------------------------------------------------------------------


@dataclass
class Built:
    outputs: dict[Path, bytes] = field(default_factory=dict)  # path -> content to write
    warnings: list[str] = field(default_factory=list)
    review: list[str] = field(default_factory=list)  # --review: spans in context, notes for a reader


def _read(corpus: CorpusLayout, path: Path, kind: str) -> str:
    return corpus.read_bytes(path, kind).decode("utf-8")  # type: ignore[arg-type]


def build_corpus(corpus: CorpusLayout, *, review: bool = False) -> Built:
    """Every generated file of one probe corpus, in memory; BuildError or CorpusError at the first problem."""
    built = Built()
    spec_dir = corpus.root / "spec"
    spec = json.loads(_read(corpus, spec_dir / "documents.json", "document"))
    annotator, defaults, entries = spec["annotator"], spec.get("defaults", {}), spec["documents"]
    annotator_kind = spec["annotator_kind"]
    registry = check_registry(corpus)
    registry.raise_for_errors()
    texts = sorted(e.path.stem for e in corpus.list_folder(corpus.articles_dir) if e.path.suffix == ".txt")
    if sorted(entries) != texts:
        raise BuildError(f"{corpus.relative(spec_dir / 'documents.json')}: documents {sorted(entries)} differ from "
                         f"the texts in articles/ {texts}")
    used: set[str] = set()
    for doc_id in texts:
        raw = corpus.read_bytes(corpus.text_path(doc_id), "text")
        text = raw.decode("utf-8")
        if not text.endswith("\n") or "[" in text or "]" in text:
            raise BuildError(f"{doc_id}: a probe text ends with a line break and has no square brackets")
        where = corpus.relative(spec_dir / "documents.json") + f" {doc_id}"
        entry = dict(entries[doc_id])
        doc_annotator = entry.pop("annotator", annotator)  # a later round's texts name their own annotator
        record = metadata_of(doc_id, raw, text, entry, defaults, where)
        metadata = ArticleMetadata.model_validate(record)
        if metadata.headline is not None and metadata.headline not in text:
            raise BuildError(f"{where}: the headline does not occur in the text")
        spans = spec_dir / "spans" / f"{doc_id}.txt"
        records = parse_spans(_read(corpus, spans, "document"), text, corpus.relative(spans))
        header = AnnotationFileHeader(doc_id=doc_id, origin="human", text_sha256=metadata.text_sha256, layers=LAYERS)
        annotations = with_ids(records, doc_annotator, annotator_kind)
        content = format_annotation_file(header, annotations)
        gold = corpus.annotation_path("human", doc_id)
        problems: list[Any] = []
        check_annotation_file(content, corpus.relative(gold), doc_id, "human", text, metadata.text_sha256, metadata,
                              registry.entities, problems.append)
        if errors := [p for p in problems if p.severity == "error"]:
            raise BuildError("\n".join(f"{p.address()}: {p.message} [{p.check}]" for p in errors))
        built.warnings += [f"{p.address()}: {p.message} [{p.check}]" for p in problems]
        built.outputs[corpus.metadata_path(doc_id)] = (json.dumps(record, ensure_ascii=False, indent=2) + "\n").encode()
        built.outputs[gold] = content.encode("utf-8")
        used.update(key for a in annotations for key in (getattr(a, "entity_id", None),
                                                        getattr(a, "speaker_entity_id", None)) if key)
        if review:
            built.review += review_notes(doc_id, text, records, record["zones"])
    for entry in corpus.list_folder(corpus.annotations_dir("human")):
        if entry.path not in built.outputs:
            raise BuildError(f"{corpus.relative(entry.path)}: not built from a span spec (no text or no spec)")
    parent = enclosing_corpus(corpus)
    added = set(registry.entities) - set(check_registry(parent).entities if parent is not None else ())
    built.warnings += [f"registry overlay entry {key!r} is linked by no annotation" for key in sorted(added - used)]
    return built


# --- --review: what a reader checks by eye (never an error) ------------------------------------------------

NUMBER_WORDS = (
    "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "eleven", "twelve", "thirteen",
    "fourteen", "fifteen", "sixteen", "seventeen", "eighteen", "nineteen", "twenty", "thirty", "forty", "fifty",
    "sixty", "seventy", "eighty", "ninety", "hundred", "hundreds", "thousand", "thousands", "million", "millions",
    "billion", "billions", "dozen", "dozens", "half", "quarter", "third", "fifth", "tens",
)
APPROX_WORDS = ("about", "around", "nearly", "roughly", "some", "approximately")
OPENING, CLOSING, MARKS = "“‘\"'", "”’\"'", "“”\"‘"


def context(text: str, start: int, end: int, width: int = 30) -> str:
    return (text[max(0, start - width):start] + "[" + text[start:end] + "]" + text[end:end + width]).replace("\n", "⏎")


def review_notes(doc_id: str, text: str, records: list[dict[str, Any]], zones: list[dict[str, Any]]) -> list[str]:
    """Every span in context, then mentions the list may have forgotten and guideline conventions to check."""
    lines = [f"=== {doc_id}"]
    lines += [f"  {r['where'].rsplit(':', 1)[-1]:>4} {r['layer']:<8} {context(text, r['start'], r['end'], 25)}"
              for r in records]
    notes: list[str] = []
    closed = [(z["start"], z["end"]) for z in zones if z["kind"] in UNANNOTATED_ZONES]

    def inside(start: int, end: int, spans: list[tuple[int, int]]) -> bool:
        return any(s <= start and end <= e for s, e in spans)

    entities = [(r["start"], r["end"]) for r in records if r["layer"] == "entities"]
    for surface in sorted({r["text"] for r in records if r["layer"] == "entities"}):
        for match in re.finditer(rf"(?<![\w-]){re.escape(surface)}(?![\w-])", text):
            if not inside(*match.span(), closed) and not inside(*match.span(), entities):
                notes.append(f"entity string {surface!r} not annotated here: …{context(text, *match.span())}…")
    numeric = [(r["start"], r["end"]) for r in records if r["layer"] in ("dates", "figures")]
    pattern = r"\d+|\b(?:" + "|".join(NUMBER_WORDS) + r")\b"
    for match in re.finditer(pattern, text, flags=re.IGNORECASE):
        if not inside(*match.span(), closed) and not inside(*match.span(), numeric):
            notes.append(f"number {match.group()!r} outside dates and figures: …{context(text, *match.span())}…")
    for r in records:
        notes += [f"{r['where']}: {note}" for note in _conventions(text, r)]
    for layer in LAYERS:
        ordered = sorted((r for r in records if r["layer"] == layer), key=lambda r: (r["start"], r["end"]))
        notes += [f"{b['where']}: overlaps {a['where']}" for a, b in itertools.pairwise(ordered)
                  if b["start"] < a["end"]]
    return lines + [f"  review: {note}" for note in notes]


def _conventions(text: str, r: dict[str, Any]) -> list[str]:
    """Guideline conventions the schema does not check, worth a second look where a span departs from them."""
    notes = []
    if r["layer"] == "entities" and r["label"] == "NORP" and r["entity_id"] is not None:
        notes.append("a NORP span is linked")
    elif r["layer"] == "dates" and (r["mod"] == "ON_OR_BEFORE") != (text[max(0, r["start"] - 3):r["start"]] == "by "):
        notes.append("ON_OR_BEFORE is for 'by' deadlines")
    elif r["layer"] == "figures":
        before = text[:r["start"]].split()
        approx = bool(before) and before[-1].strip("(").lower() in APPROX_WORDS
        if r["approximate"] != (approx or r["value"] is None):
            notes.append(f"approximate is {r['approximate']} after {before[-1] if before else ''!r}")
    elif r["layer"] == "quotes":
        content = r["text"]
        if r["kind"] == "direct" and not (text[r["start"] - 1:r["start"]] in OPENING
                                          and any(c in CLOSING for c in text[r["end"]:r["end"] + 2])):
            notes.append("a direct quote outside quotation marks")
        if r["kind"] == "indirect" and any(m in content for m in MARKS):
            notes.append("an indirect quote with quotation marks")
        if r["kind"] == "mixed" and not any(m in content for m in MARKS):
            notes.append("a mixed quote without a quoted fragment")
        if r["cue"] is None:
            notes.append("no cue (headline attribution, Q&A label?)")
    return notes


# --- the command -------------------------------------------------------------------------------------------


def main(argv: list[str] | None = None) -> int:
    names = [probe.name for probe in PROBE_CORPORA]
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("names", nargs="*", metavar="NAME", help=f"probe corpora to build (default: all of {names})")
    parser.add_argument("--root", type=Path, default=REPO_ROOT, help="the corpus holding them (default: this checkout)")
    parser.add_argument("--check", action="store_true", help="build and compare with the files; write nothing")
    parser.add_argument("--review", action="store_true", help="print every span in context and review notes")
    args = parser.parse_args(argv)
    if unknown := sorted(set(args.names) - set(names)):
        parser.error(f"no probe corpus {unknown}; the probe corpora are {names}")
    layout = CorpusLayout(args.root.resolve())
    results: list[tuple[CorpusLayout, Built]] = []
    try:
        for probe in PROBE_CORPORA:
            if args.names and probe.name not in args.names:
                continue
            corpus = layout.probe_corpus(probe.name)
            if corpus is None:
                raise BuildError(f"{probe.path}: no probe corpus here")
            results.append((corpus, build_corpus(corpus, review=args.review)))
    except (BuildError, CorpusError, ValueError, KeyError) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    stale = []
    for corpus, built in results:
        for line in built.review:
            print(line)
        for warning in built.warnings:
            print(f"warning: {corpus.relative(corpus.root)}: {warning}", file=sys.stderr)
        changed = [path for path, data in built.outputs.items()
                   if corpus.kind_of(path) == "missing" or corpus.read_bytes(
                       path, "metadata" if path.suffix == ".json" else "annotations") != data]
        if args.check:
            stale += [f"stale: {corpus.relative(path)}" for path in changed]
            continue
        for path in changed:  # everything was built and checked: now write
            corpus.write_bytes(path, built.outputs[path])
        print(f"{corpus.relative(corpus.root)}: {len(built.outputs) // 2} documents, {len(changed)} files written")
    for line in stale:
        print(line)
    return 1 if stale else 0


if __name__ == "__main__":
    raise SystemExit(main())
