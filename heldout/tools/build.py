"""Write heldout/ metadata, gold annotation files and registry from the hand-written specs.

Run: cd /work/main && .venv/bin/python heldout/tools/build.py
Only corpus I/O and schema code of nato_corpus is used (no rules, no NLP).
"""

from __future__ import annotations

import hashlib
import json
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent  # heldout/
REPO = ROOT.parent
sys.path.insert(0, str(HERE))

import docs_a  # noqa: E402
import docs_b  # noqa: E402
from registry_new import NEW_ENTITIES  # noqa: E402
from spec import Doc  # noqa: E402

from nato_corpus.corpus import atomic_write_text, format_annotation_file, split_for_anchor  # noqa: E402
from nato_corpus.schema import (  # noqa: E402
    ANNOTATION_ADAPTER,
    ID_PREFIX,
    AnnotationFileHeader,
    ArticleMetadata,
    RegistryEntity,
)

ANNOTATOR = "probe-a"
OUTLET_NOTE = ("Synthetic probe text written for the nato-corpus held-out rule evaluation; "
               "not a real news article.")
LICENCE = {
    "status": "open",
    "holder": "nato-corpus maintainers",
    "note": "Written for the nato-corpus project and released under CC BY 4.0 "
            "(https://creativecommons.org/licenses/by/4.0/) by the nato-corpus maintainers.",
}
NOTES = ("Synthetic held-out probe text written by an AI assistant to test how the rules generalise; see "
         "heldout/README.md. The people, places and institutions are real; the events and figures are invented or "
         "loosely modelled on real reporting, and every quotation is invented and must not be attributed to anyone.")
NOT_PRINTED = ("Synthetic text: the publication day was fixed by its author before writing; the text does not "
               "print it. Weekdays and relative dates in the text were written against this day.")


def zone(text: str, surface: str, kind: str, note: str | None = None) -> dict:
    assert text.count(surface) == 1, surface
    s = text.find(surface)
    z = {"start": s, "end": s + len(surface), "kind": kind}
    if note:
        z["note"] = note
    return z


def first_line(text: str) -> str:
    return text.split("\n", 1)[0]


DOCS = [
    # doc_id, spec function, anchor, printed?, attributed_sources, weekday note, zones(text) -> list, defects
    (docs_a.PL, docs_a.poland, "2025-11-13", None, ["Reuters"], "Thursday 13 November 2025",
     lambda t: [zone(t, first_line(t), "headline"), zone(t, "WARSAW (Reuters) -", "dateline"),
                zone(t, "(Reporting by Anna Kowalczyk and Piotr Zielinski; Editing by Helen Parry)", "credits",
                     "wire credit line; the names are invented")]),
    (docs_a.UK, docs_a.uk, "2026-02-24", None, [], "Tuesday 24 February 2026",
     lambda t: [zone(t, first_line(t), "headline"),
                zone(t, t.split("\n")[2], "dek", "standfirst")]),
    (docs_a.EU, docs_a.eu, "2025-10-16", "Oct. 16, 2025", [], "Thursday 16 October 2025",
     lambda t: [zone(t, first_line(t), "headline"), zone(t, "BRUSSELS, Oct. 16, 2025 —", "dateline")]),
    (docs_b.UA, docs_b.ukraine, "2025-09-15", None, ["AP"], "Monday 15 September 2025",
     lambda t: [zone(t, first_line(t), "headline"), zone(t, "KYIV, Ukraine (AP) —", "dateline")]),
    (docs_b.FI, docs_b.finland, "2026-01-09", "January 9, 2026", [], "Friday 9 January 2026",
     lambda t: [zone(t, first_line(t), "headline"), zone(t, "January 9, 2026", "dateline"),
                zone(t, "HELSINKI —", "dateline")]),
    (docs_b.MU, docs_b.munich, "2026-02-14", "14 February 2026", [], "Saturday 14 February 2026",
     lambda t: [zone(t, first_line(t), "headline"), zone(t, "MUNICH, 14 February 2026 —", "dateline")]),
]


def metadata(doc_id: str, text_bytes: bytes, anchor: str, printed: str | None, sources: list[str],
             day: str, zones: list[dict]) -> dict:
    text = text_bytes.decode("utf-8")
    if printed:
        assert printed in text
        evidence = f"The text prints the date ('{printed}'); it is synthetic and the day was chosen by its author."
    else:
        evidence = NOT_PRINTED
    return {
        "doc_id": doc_id,
        "text_sha256": hashlib.sha256(text_bytes).hexdigest(),
        "source_file": f"{doc_id}.txt",
        "headline": first_line(text),
        "outlet": None,
        "outlet_note": OUTLET_NOTE,
        "attributed_sources": sources,
        "publication": {
            "date": anchor,
            "precision": "day",
            "basis": "stated" if printed else None,
            "evidence": evidence,
            "date_in_text": anchor if printed else None,
            "conflict": None,
            "anchor": anchor,
            "anchor_note": f"{day}, the publication day chosen for the synthetic text; every weekday and "
                           "relative expression in it was written against this day.",
        },
        "language": "en",
        "licence": LICENCE,
        "split": split_for_anchor(anchor),
        "zones": zones,
        "defects": [],
        "notes": NOTES,
    }


def build_annotations(doc_id: str, text: str, spec, sha: str) -> str:
    d = Doc(text)
    spec(d)
    anns = []
    for layer in ID_PREFIX:
        items = sorted((i for i in d.items if i["layer"] == layer), key=lambda i: (i["start"], i["end"]))
        for n, item in enumerate(items, 1):
            rec = {"id": f"{ID_PREFIX[layer]}{n}", **item, "origin": "human", "annotator": ANNOTATOR}
            anns.append(ANNOTATION_ADAPTER.validate_python(rec))
    header = AnnotationFileHeader(doc_id=doc_id, origin="human", text_sha256=sha,
                                  layers=("entities", "quotes", "dates", "figures"))
    return format_annotation_file(header, anns)


def main() -> None:
    """Build every file in memory, check the registry, then write each file atomically: a failure writes nothing."""
    used: set[str] = set()
    outputs: dict[Path, str] = {}
    for doc_id, spec, anchor, printed, sources, day, zones_of in DOCS:
        raw = (ROOT / "articles" / f"{doc_id}.txt").read_bytes()
        text = raw.decode("utf-8")
        if not text.endswith("\n"):
            raise SystemExit(f"articles/{doc_id}.txt: the text must end with a line break")
        meta = metadata(doc_id, raw, anchor, printed, sources, day, zones_of(text))
        ArticleMetadata.model_validate(meta)
        outputs[ROOT / "articles" / f"{doc_id}.json"] = json.dumps(meta, ensure_ascii=False, indent=2) + "\n"
        content = build_annotations(doc_id, text, spec, meta["text_sha256"])
        outputs[ROOT / "annotations" / "human" / f"{doc_id}.jsonl"] = content
        for line in content.splitlines()[1:]:
            rec = json.loads(line)
            used.update(rec[key] for key in ("entity_id", "speaker_entity_id") if rec.get(key))
    # registry: the repository's registry, then the new entities
    base = (REPO / "registry" / "entities.jsonl").read_text(encoding="utf-8")
    known = {json.loads(line)["id"] for line in base.splitlines() if line.strip()}
    new = [RegistryEntity.model_validate(e).model_dump(mode="json") for e in NEW_ENTITIES]
    new_ids = {e["id"] for e in new}
    for problem, ids in (("already in the repository registry", new_ids & known),
                         ("linked but not registered", used - known - new_ids),
                         ("registered but unused", new_ids - used)):
        if ids:
            raise SystemExit(f"registry: {problem}: {sorted(ids)}")
    outputs[ROOT / "registry" / "entities.jsonl"] = base + "".join(json.dumps(e, ensure_ascii=False) + "\n"
                                                                  for e in new)
    for path, content in outputs.items():
        atomic_write_text(path, content)
    print(f"wrote {len(DOCS)} documents; registry +{len(new)} entities")


if __name__ == "__main__":
    main()
