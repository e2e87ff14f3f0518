"""``nato-corpus diff BASE``: what a change does to the annotations, article by article and layer by layer.

Annotation files are matched by origin and document, annotations by id; an annotation whose id exists on
both sides but whose fields differ is *changed*, with the fields named.  Each item is shown with its text in
context.  The base side is read with ``git show BASE:path`` (an argument list, no shell); the other side is
the working tree.
"""

from __future__ import annotations

import subprocess
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from nato_corpus.corpus import AnnotationFile, CorpusError, CorpusLayout, annotation_record, parse_annotation_lines
from nato_corpus.schema import LAYERS


class DiffError(Exception):
    """The comparison cannot be made (unknown revision, not a git repository); one line for the user."""


@dataclass
class LayerChanges:
    added: list[dict[str, Any]] = field(default_factory=list)
    removed: list[dict[str, Any]] = field(default_factory=list)
    changed: list[tuple[dict[str, Any], dict[str, Any], list[str]]] = field(default_factory=list)

    def __bool__(self) -> bool:
        return bool(self.added or self.removed or self.changed)


@dataclass
class DocumentChanges:
    origin: str
    doc_id: str
    status: str  # "added", "removed", "changed"
    text: str
    layers: dict[str, LayerChanges]


def _git(root: Path, *args: str) -> str | None:
    result = subprocess.run(["git", "-C", str(root), *args], capture_output=True, text=True, check=False)
    return result.stdout if result.returncode == 0 else None


def _parse(content: str | None, shown: str) -> AnnotationFile | None:
    if content is None:
        return None
    try:
        return parse_annotation_lines(content.split("\n"), shown)
    except CorpusError:
        return None  # an invalid side is the validator's business; the diff shows what it can


def compare(layout: CorpusLayout, base: str) -> list[DocumentChanges]:
    root = layout.root
    if _git(root, "rev-parse", "--verify", "--quiet", f"{base}^{{commit}}") is None:
        raise DiffError(f"{base!r} is not a git revision of {root}")
    listed = _git(root, "ls-tree", "-r", "--name-only", base, "--", "annotations") or ""
    base_files = {p for p in listed.splitlines() if p.endswith(".jsonl")}
    current_files = {p.relative_to(root).as_posix() for p in (root / "annotations").glob("*/*.jsonl")}
    changes = []
    for relative in sorted(base_files | current_files):
        origin, name = Path(relative).parts[-2], Path(relative).stem
        old = _parse(_git(root, "show", f"{base}:{relative}") if relative in base_files else None, relative)
        path = root / relative
        new = _parse(path.read_text(encoding="utf-8") if path.exists() else None, relative)
        text_path = layout.text_path(name)
        if text_path.exists():
            text = text_path.read_text(encoding="utf-8")
        else:
            text = _git(root, "show", f"{base}:articles/{name}.txt") or ""
        layers = {layer: _layer_changes(old, new, layer) for layer in LAYERS}
        if not any(layers.values()):
            continue
        status = "added" if old is None else "removed" if new is None else "changed"
        changes.append(DocumentChanges(origin, name, status, text, layers))
    return changes


def _layer_changes(old: AnnotationFile | None, new: AnnotationFile | None, layer: str) -> LayerChanges:
    before = {a.id: annotation_record(a) for a in (old.by_layer(layer) if old else [])}
    after = {a.id: annotation_record(a) for a in (new.by_layer(layer) if new else [])}
    result = LayerChanges()
    result.added = [after[i] for i in after if i not in before]
    result.removed = [before[i] for i in before if i not in after]
    for i in before.keys() & after.keys():
        fields = [k for k in after[i] if before[i].get(k) != after[i].get(k)]
        if fields:
            result.changed.append((before[i], after[i], fields))
    result.changed.sort(key=lambda item: item[1]["start"])
    return result


def _context(text: str, record: dict[str, Any], width: int = 30) -> str:
    start, end = record["start"], record["end"]
    left = text[max(0, start - width):start].replace("\n", " ")
    right = text[end:end + width].replace("\n", " ")
    return f"…{left}[{text[start:end]}]{right}…"


def _describe(record: dict[str, Any]) -> str:
    keys = [k for k in record if k not in ("id", "layer", "start", "end", "text", "origin", "annotator")]
    values = ", ".join(f"{k}={record[k]}" for k in keys if record[k] not in (None, False))
    return f"{record['id']} [{record['start']}, {record['end']}) {values}"


def render(changes: list[DocumentChanges], base: str, markdown: bool = False) -> str:
    if not changes:
        return f"No annotation changes since {base}."
    lines = [f"## Annotation changes since `{base}`" if markdown else f"Annotation changes since {base}:"]
    bullet = "- " if markdown else "  "
    for doc in changes:
        head = f"{doc.origin}/{doc.doc_id} ({doc.status})"
        lines += ["", f"### {head}" if markdown else head]
        for layer, layer_changes in doc.layers.items():
            if not layer_changes:
                continue
            counts = (f"+{len(layer_changes.added)} -{len(layer_changes.removed)} "
                      f"~{len(layer_changes.changed)}")
            lines.append(f"**{layer}** {counts}" if markdown else f" {layer}: {counts}")
            for record in layer_changes.added:
                lines.append(f"{bullet}added {_describe(record)}: {_context(doc.text, record)}")
            for record in layer_changes.removed:
                lines.append(f"{bullet}removed {_describe(record)}: {_context(doc.text, record)}")
            for old, new, fields in layer_changes.changed:
                what = "; ".join(f"{f}: {old.get(f)!r} -> {new.get(f)!r}" for f in fields)
                lines.append(f"{bullet}changed {new['id']} ({what}): {_context(doc.text, new)}")
    return "\n".join(lines)
