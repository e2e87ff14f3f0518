"""Build the development probe corpus (tests/rules/probes/) from its article texts and per-document specs.

Run from the repository root:

    .venv/bin/python tests/rules/probes/tools/build.py            # write metadata, registry, annotations
    .venv/bin/python tests/rules/probes/tools/build.py --review   # also print every span in context

The article texts (articles/<doc_id>.txt) are the source and are never rewritten. For each document the
script writes articles/<doc_id>.json (metadata, text_sha256 computed here) and annotations/human/<doc_id>.jsonl
(offsets found with str.find from the spans named in specs/), and it writes registry/entities.jsonl as the
repository registry plus registry_additions.py. It then runs consistency checks that help a reader find
mentions the spec forgot: every occurrence of an annotated entity string, every digit and every number word
outside a date or figure span is listed for review.
"""

from __future__ import annotations

import argparse
import hashlib
import importlib
import json
import re
import sys
from pathlib import Path

TOOLS = Path(__file__).resolve().parent
PROBES = TOOLS.parent
REPO = PROBES.parents[2]
sys.path.insert(0, str(REPO))
sys.path.insert(0, str(TOOLS))

from probe_dsl import Doc  # noqa: E402
from registry_additions import ADDITIONS  # noqa: E402

from nato_corpus.corpus import format_annotation_file, split_for_anchor  # noqa: E402
from nato_corpus.schema import ID_PREFIX  # noqa: E402
from nato_corpus.schema.annotations import ANNOTATION_ADAPTER, AnnotationFileHeader  # noqa: E402

SPEC_MODULES = (
    "baltic_air_policing",
    "uk_defence_budget",
    "senate_ukraine_aid",
    "arms_maker_cv90",
    "think_tank_air_defence",
    "live_blog_ministers",
    "interview_navy",
    "translated_agency_drones",
)
ANNOTATOR = "probe-dev"
UNANNOTATED = ("boilerplate", "credits", "artifact")
OUTLET_NOTE = "Synthetic development probe for the nato-corpus rules; not a real news article."
LICENCE = {
    "status": "open",
    "holder": "nato-corpus maintainers",
    "note": "Synthetic text written for the nato-corpus project (development probes, tests/rules/probes/); "
    "released under CC BY 4.0 like the annotations. All people and quotations in it are invented.",
}
NUMBER_WORDS = (
    "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "eleven", "twelve", "thirteen",
    "fourteen", "fifteen", "sixteen", "seventeen", "eighteen", "nineteen", "twenty", "thirty", "forty", "fifty",
    "sixty", "seventy", "eighty", "ninety", "hundred", "hundreds", "thousand", "thousands", "million", "millions",
    "billion", "billions", "dozen", "dozens", "half", "quarter", "third", "fifth", "tens",
)


class SpecError(Exception):
    pass


def locate(text: str, needle: str, ctx: str | None, cursor: int) -> int:
    """Offset of `needle` (inside the first `ctx` at or after `cursor`, when given)."""
    if ctx is None:
        start = text.find(needle, cursor)
        if start < 0:
            raise SpecError(f"{needle!r} not found after offset {cursor}")
        return start
    base = text.find(ctx, cursor)
    if base < 0:
        raise SpecError(f"context {ctx!r} not found after offset {cursor}")
    start = text.find(needle, base)
    if start < 0 or start + len(needle) > base + len(ctx):
        raise SpecError(f"{needle!r} not inside context {ctx!r}")
    return start


def line_bounds(text: str, start: int, end: int) -> tuple[int, int]:
    return text.rfind("\n", 0, start) + 1, (text.find("\n", end) if text.find("\n", end) >= 0 else len(text))


def near(text: str, needle: str, ctx: str | None, span: tuple[int, int], inside: bool) -> int:
    """Offset of the occurrence of `needle` on the span's line nearest to the span."""
    lo, hi = line_bounds(text, *span)
    probe = ctx or needle
    best: tuple[int, int] | None = None
    at = text.find(probe, lo)
    while at >= 0 and at + len(probe) <= hi:
        start = text.find(needle, at)
        end = start + len(needle)
        overlaps = start < span[1] and end > span[0]
        if overlaps == inside:
            distance = 0 if overlaps else (span[0] - end if end <= span[0] else start - span[1])
            if best is None or distance < best[0]:
                best = (distance, start)
        at = text.find(probe, at + 1)
    if best is None:
        raise SpecError(f"{needle!r} not found on the line of {text[span[0]:span[1]][:40]!r}")
    return best[1]


def ref(text: str, start: int, needle: str) -> dict:
    return {"start": start, "end": start + len(needle), "text": needle}


def build_annotations(doc: Doc, text: str) -> list[dict]:
    records: list[dict] = []
    cursor = 0
    for item in doc.entities:
        start = locate(text, item.text, item.ctx, cursor)
        cursor = start + len(item.text)
        records.append({"layer": "entities", "start": start, "end": cursor, "text": item.text,
                        "label": item.label, "entity_id": item.entity_id})
    cursor = 0
    for item in doc.dates:
        start = locate(text, item.text, item.ctx, cursor)
        cursor = start + len(item.text)
        records.append({"layer": "dates", "start": start, "end": cursor, "text": item.text, "type": item.type,
                        "value": item.value, "mod": item.mod, "temporal_function": item.tf})
    cursor = 0
    for item in doc.figures:
        start = locate(text, item.text, item.ctx, cursor)
        cursor = start + len(item.text)
        records.append({"layer": "figures", "start": start, "end": cursor, "text": item.text, "kind": item.kind,
                        "value": item.value, "value_max": item.value_max, "unit": item.unit,
                        "approximate": item.approx, "measures": item.measures})
    cursor = 0
    previous: dict | None = None
    for item in doc.quotes:
        start = locate(text, item.text, item.ctx, cursor)
        cursor = start + len(item.text)
        span = (start, cursor)
        if item.same:
            if previous is None:
                raise SpecError(f"follow-on quote {item.text[:40]!r} has no preceding quote")
            speaker, speaker_id, cue = previous["speaker"], previous["speaker_entity_id"], previous["cue"]
        else:
            speaker = cue = None
            if item.cue is not None:
                cue = ref(text, near(text, item.cue, item.cue_ctx, span, item.inside), item.cue)
            if item.speaker is not None:
                anchor = (cue["start"], cue["end"]) if cue is not None else span
                at = near(text, item.speaker, item.speaker_ctx, anchor, inside=False)
                speaker = ref(text, at, item.speaker)
            speaker_id = item.speaker_id
        record = {"layer": "quotes", "start": start, "end": cursor, "text": item.text, "kind": item.kind,
                  "speaker": speaker, "speaker_entity_id": speaker_id, "cue": cue}
        records.append(record)
        previous = record
    counters = dict.fromkeys(ID_PREFIX, 0)
    for record in sorted(records, key=lambda r: (r["start"], r["end"], list(ID_PREFIX).index(r["layer"]))):
        counters[record["layer"]] += 1
        record["id"] = f"{ID_PREFIX[record['layer']]}{counters[record['layer']]}"
        record["origin"] = "human"
        record["annotator"] = ANNOTATOR
    return records


def zone_records(doc: Doc, text: str) -> list[dict]:
    zones = []
    for zone in doc.zones:
        start = -1
        for _ in range(zone.occurrence + 1):
            start = text.find(zone.text, start + 1)
            if start < 0:
                raise SpecError(f"zone text {zone.text!r} not found")
        record = {"start": start, "end": start + len(zone.text), "kind": zone.kind}
        if zone.note is not None:
            record["note"] = zone.note
        zones.append(record)
    return sorted(zones, key=lambda z: z["start"])


def metadata(doc: Doc, text: str, sha: str, zones: list[dict]) -> dict:
    return {
        "doc_id": doc.doc_id,
        "text_sha256": sha,
        "source_file": f"{doc.doc_id}.txt",
        "headline": doc.headline,
        "outlet": None,
        "outlet_note": OUTLET_NOTE,
        "attributed_sources": list(doc.attributed_sources),
        "publication": doc.publication,
        "language": "en",
        "licence": LICENCE,
        "split": split_for_anchor(doc.publication["anchor"]),
        "zones": zones,
        "defects": [],
        "notes": doc.notes,
    }


# --- review helpers: they print, they never change what is written -------------------------------------


def covered(records: list[dict], layers: tuple[str, ...]) -> list[tuple[int, int]]:
    return [(r["start"], r["end"]) for r in records if r["layer"] in layers]


def inside_any(start: int, end: int, spans: list[tuple[int, int]]) -> bool:
    return any(s <= start and end <= e for s, e in spans)


def review(doc: Doc, text: str, records: list[dict], zones: list[dict], show: bool) -> list[str]:
    notes: list[str] = []
    dead = [(z["start"], z["end"]) for z in zones if z["kind"] in UNANNOTATED]
    entity_spans = covered(records, ("entities",))
    for surface in sorted({r["text"] for r in records if r["layer"] == "entities"}):
        if surface in doc.not_annotated:
            continue
        for match in re.finditer(rf"(?<![\w-]){re.escape(surface)}(?![\w-])", text):
            span = (match.start(), match.end())
            if not inside_any(*span, dead) and not any(s <= span[0] and span[1] <= e for s, e in entity_spans):
                notes.append(f"entity string {surface!r} not annotated at {span[0]}: …{context(text, *span)}…")
    numeric = covered(records, ("dates", "figures"))
    for match in re.finditer(r"\d+", text):
        span = (match.start(), match.end())
        if not inside_any(*span, dead) and not inside_any(*span, numeric):
            notes.append(f"digits {match.group()!r} outside dates/figures at {span[0]}: …{context(text, *span)}…")
    for match in re.finditer(r"\b(" + "|".join(NUMBER_WORDS) + r")\b", text, flags=re.IGNORECASE):
        span = (match.start(), match.end())
        if not inside_any(*span, dead) and not inside_any(*span, numeric):
            notes.append(f"number word {match.group()!r} outside dates/figures: …{context(text, *span)}…")
    for record in records:
        if record["layer"] != "quotes":
            continue
        body = record["text"]
        marks = "\"“”‘’"
        if record["kind"] == "direct" and (body[0] in marks or body[-1] in marks):
            notes.append(f"direct quote {record['id']} starts or ends on a quotation mark")
        if record["kind"] == "indirect" and any(m in body for m in "\"“”‘"):
            notes.append(f"indirect quote {record['id']} contains a quotation mark")
        if record["kind"] == "mixed" and not any(m in body for m in "\"“‘"):
            notes.append(f"mixed quote {record['id']} has no quotation mark")
    if show:
        print(f"\n=== {doc.doc_id}")
        for record in sorted(records, key=lambda r: (list(("entities", "dates", "figures", "quotes")).index(
                r["layer"]), r["start"])):
            print("  " + describe(text, record))
    return notes


def context(text: str, start: int, end: int, width: int = 30) -> str:
    return (text[max(0, start - width):start] + "[" + text[start:end] + "]" + text[end:end + width]).replace(
        "\n", "⏎")


def describe(text: str, r: dict) -> str:
    where = context(text, r["start"], r["end"], 25)
    if r["layer"] == "entities":
        return f"{r['id']:>4} {r['label']:<7} {r['entity_id']!s:<32} {where}"
    if r["layer"] == "dates":
        return (f"{r['id']:>4} {r['type']:<8} {r['value']:<18} mod={r['mod']!s:<12} "
                f"tf={r['temporal_function']!s:<5} {where}")
    if r["layer"] == "figures":
        return (f"{r['id']:>4} {r['kind']:<8} {r['value']!s}..{r['value_max']!s} {r['unit']} approx={r['approximate']} "
                f"measures={r['measures']!r} {where}")
    speaker = r["speaker"]["text"] if r["speaker"] else None
    cue = r["cue"]["text"] if r["cue"] else None
    return (f"{r['id']:>4} {r['kind']:<8} speaker={speaker!r}@{r['speaker']['start'] if r['speaker'] else '-'} "
            f"-> {r['speaker_entity_id']} cue={cue!r}@{r['cue']['start'] if r['cue'] else '-'}\n"
            f"       ⟦{r['text']}⟧")


def write(path: Path, content: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(content, encoding="utf-8", newline="\n")


def build_registry() -> set[str]:
    base = (REPO / "registry" / "entities.jsonl").read_text(encoding="utf-8")
    keys = {json.loads(line)["id"] for line in base.splitlines() if line.strip()}
    lines = [base.rstrip("\n")]
    for entry in ADDITIONS:
        if entry["id"] in keys:
            raise SpecError(f"registry key {entry['id']!r} already exists")
        keys.add(entry["id"])
        lines.append(json.dumps({"id": entry["id"], "name": entry["name"], "label": entry["label"],
                                 "aliases": entry.get("aliases", []), "wikidata": entry.get("wikidata")},
                                ensure_ascii=False))
    write(PROBES / "registry" / "entities.jsonl", "\n".join(lines) + "\n")
    return keys


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--review", action="store_true", help="print every annotation in context")
    args = parser.parse_args()
    keys = build_registry()
    used: set[str] = set()
    problems = 0
    for name in SPEC_MODULES:
        doc: Doc = importlib.import_module(f"specs.{name}").DOC
        data = (PROBES / "articles" / f"{doc.doc_id}.txt").read_bytes()
        text = data.decode("utf-8")
        sha = hashlib.sha256(data).hexdigest()
        zones = zone_records(doc, text)
        records = build_annotations(doc, text)
        for record in records:
            for key in (record.get("entity_id"), record.get("speaker_entity_id")):
                if key is not None:
                    used.add(key)
                    if key not in keys:
                        raise SpecError(f"{doc.doc_id}: unknown registry key {key!r}")
        annotations = [ANNOTATION_ADAPTER.validate_python(r) for r in records]
        header = AnnotationFileHeader(doc_id=doc.doc_id, origin="human", text_sha256=sha,
                                      layers=("entities", "quotes", "dates", "figures"))
        write(PROBES / "articles" / f"{doc.doc_id}.json",
              json.dumps(metadata(doc, text, sha, zones), ensure_ascii=False, indent=2) + "\n")
        write(PROBES / "annotations" / "human" / f"{doc.doc_id}.jsonl", format_annotation_file(header, annotations))
        notes = review(doc, text, records, zones, args.review)
        counts = {layer: sum(r["layer"] == layer for r in records) for layer in ("entities", "quotes", "dates",
                                                                                  "figures")}
        print(f"{doc.doc_id}: {len(text)} characters, {counts}")
        for note in notes:
            print("   review:", note)
        problems += len(notes)
    added = {entry["id"] for entry in ADDITIONS}
    for key in sorted(added - used):
        print(f"registry addition {key!r} is not linked by any annotation")
    print(f"{problems} review notes")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
