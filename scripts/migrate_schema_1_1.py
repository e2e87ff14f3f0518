"""One-off migration of human annotation files and probe span specs from schema 1.0 to 1.1 (kept as a record).

What 1.1 changed (ANNOTATION_GUIDELINES.md §6.2, §7.2, §8):
- every annotation says what kind of annotator made it (`annotator_kind`); every gold annotation of this
  repository so far was made by an AI annotator, so the migration writes ``ai``;
- a figure's bound and approximation words move inside its span, and `bound` / `approximate` are set only
  from them; a percentage's "of GDP" moves from `measures` to `base`; a rate's period goes to `per`;
- a date's `mod` comes only from words inside its span, so the signal-derived ON_OR_BEFORE ("by 2032") goes;
- no quote span starts or ends with a quotation mark or ends with . , ; :.

Usage: ``python scripts/migrate_schema_1_1.py [--dry-run] FILE_OR_FOLDER...`` (``.jsonl`` annotation files and
probe ``spec/spans/*.txt``); prints every change for review.  Idempotent: a migrated file is left as it is.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from nato_corpus.rules.figures import figure_modifiers, share_base
from nato_corpus.schema.annotations import quote_edges
from probes.build import FIELDS, locate

SIGNAL_MODS = {"ON_OR_BEFORE", "BEFORE", "AFTER", "ON_OR_AFTER"}


def figure_change(text: str, start: int, end: int, fields: dict) -> tuple[int, dict]:
    """New start and fields of a gold figure under 1.1, by the rules' own mechanism for the new fields."""
    new = dict(fields)
    start, bound, approximate, per = figure_modifiers(text, start, end)
    new["bound"] = bound if approximate is not None else fields.get("bound")
    vague = fields["value"] is None
    if approximate is None:  # no bound or approximation words: only a vague amount is approximate
        new["approximate"] = vague and fields.get("approximate", False)
    else:
        new["approximate"] = approximate or vague
    if fields.get("measures") == "GDP":
        new["measures"] = None
    new["base"] = (share_base(text, end) if fields["kind"] == "percent" else None) or fields.get("base")
    new["per"] = fields.get("per") or per
    return start, new


def migrate_jsonl(path: Path, text: str, dry: bool) -> None:
    lines = path.read_text(encoding="utf-8").split("\n")
    if json.loads(lines[0]).get("schema_version") == "1.1":
        return  # already migrated: a figure's bound words are in its span now, so a second pass would misread it
    out = []
    for number, line in enumerate(lines):
        if not line.strip():
            out.append(line)
            continue
        record = json.loads(line)
        if number == 0:
            record["schema_version"] = "1.1"
            out.append(json.dumps(record, ensure_ascii=False))
            continue
        before = dict(record)
        record.setdefault("annotator_kind", "ai")
        if record["layer"] == "figures":
            start, fields = figure_change(text, record["start"], record["end"], record)
            record.update(fields, start=start, text=text[start:record["end"]])
            order = ["id", "layer", "start", "end", "text", "kind", "value", "value_max", "unit", "bound",
                     "approximate", "measures", "base", "per", "origin", "annotator", "annotator_kind"]
            record = {k: record[k] for k in order}
        elif record["layer"] == "dates" and record.get("mod") in SIGNAL_MODS:
            record["mod"] = None
        elif record["layer"] == "quotes":
            start, end = quote_edges(text, record["start"], record["end"])
            record.update(start=start, end=end, text=text[start:end])
        if record != {**before, "annotator_kind": "ai"}:
            print(f"{path}: {before['id']} {before['text']!r} -> {record['text']!r} "
                  + " ".join(f"{k}={record.get(k)!r}" for k in ("bound", "approximate", "measures", "base", "per",
                                                                 "mod") if record.get(k) != before.get(k)))
        out.append(json.dumps(record, ensure_ascii=False))
    if not dry:
        path.write_text("\n".join(out), encoding="utf-8")


def _locator(text: str, start: int, end: int) -> str:
    """The shortest unique locator of text[start:end], growing context on both sides."""
    for width in range(0, 80):
        pre, post = text[max(0, start - width):start], text[end:end + width]
        if text.count(pre + text[start:end] + post) == 1:
            return (pre + "[" + text[start:end] + "]" + post).replace("\n", "\\n")
    raise ValueError(f"no unique locator for {text[start:end]!r}")


def migrate_spec(path: Path, text: str, dry: bool) -> None:
    out = []
    for raw in path.read_text(encoding="utf-8").split("\n"):
        line = raw.strip()
        if not line or line.startswith("#"):
            out.append(raw)
            continue
        letter, *fields = (f.strip() for f in line.split(" | "))
        names = FIELDS[letter][1]
        if letter == "F" and len(fields) == 7:  # a 1.0 line: kind value value_max unit approximate measures
            kind, value, value_max, unit, approximate, measures = fields[1:]
            start, end = locate(text, fields[0], str(path))
            old = {"kind": kind, "value": None if value == "-" else value, "approximate": approximate == "true",
                   "measures": None if measures == "-" else measures}
            start, new = figure_change(text, start, end, old)
            kept = start == locate(text, fields[0], str(path))[0]
            cells = [fields[0] if kept else _locator(text, start, end), kind, value, value_max, unit,
                     new["bound"] or "-",
                     "true" if new["approximate"] else "false", new["measures"] or "-", new["base"] or "-",
                     new["per"] or "-"]
            assert len(cells) == len(names) + 1
            line = " | ".join([letter, *cells])
        elif letter == "D" and fields[3] in SIGNAL_MODS:
            fields[3] = "-"
            line = " | ".join([letter, *fields])
        elif letter == "Q":
            start, end = locate(text, fields[0], str(path))
            new_start, new_end = quote_edges(text, start, end)
            if (new_start, new_end) != (start, end):
                fields[0] = _locator(text, new_start, new_end)
                line = " | ".join([letter, *fields])
        if line != raw.strip():
            print(f"{path}: {raw.strip()}\n    -> {line}")
        out.append(line)
    if not dry:
        path.write_text("\n".join(out), encoding="utf-8")


def text_for(path: Path) -> str:
    """The article text an annotation file or span spec refers to (probe corpora and the main corpus)."""
    if path.parent.name == "spans":
        return (path.parent.parent.parent / "articles" / f"{path.stem}.txt").read_text(encoding="utf-8")
    for folder in path.resolve().parents:
        candidate = folder / "articles" / f"{path.stem}.txt"
        if candidate.exists():
            return candidate.read_text(encoding="utf-8")
    raise FileNotFoundError(path)


def main(argv: list[str]) -> int:
    dry = "--dry-run" in argv
    for arg in (a for a in argv if a != "--dry-run"):
        root = Path(arg)
        for path in sorted(root.rglob("*") if root.is_dir() else [root]):
            if path.suffix == ".jsonl":
                migrate_jsonl(path, text_for(path), dry)
            elif path.suffix == ".txt" and path.parent.name == "spans":
                migrate_spec(path, text_for(path), dry)
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
