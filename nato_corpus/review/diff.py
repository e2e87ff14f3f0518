"""``nato-corpus diff BASE``: what a change does to the annotations, article by article and layer by layer.

Annotation files are matched by origin and document.  Annotations are paired first by identical
(layer, start, end) -- the rule layer renumbers its ids in offset order, so ids alone would turn one dropped
span into dozens of "changed" ones -- then by id among the rest (a human edit of one annotation's offsets),
and whatever is left is *added* or *removed*.  A pair whose fields differ is *changed*, with the fields
named; a pair that differs only in its id counts as renumbered.  Each item is shown with its text in context.
A file that does not parse on one side is reported as unreadable there (the validator says why in full).
The base side is read with ``git show BASE:path`` (an argument list, no shell); the other side is the
working tree.
"""

from __future__ import annotations

import subprocess
from collections import defaultdict, deque
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from nato_corpus.corpus import AnnotationFile, CorpusLayout, annotation_record
from nato_corpus.escape import for_markdown, for_terminal
from nato_corpus.files import LIMITS, CorpusError, FileKind, FileRefused
from nato_corpus.schema import LAYERS
from nato_corpus.validate.documents import InvalidCorpus, parse_annotation_file

WORKING_TREE = "the working tree"


class DiffError(CorpusError):
    """The comparison cannot be made (unknown revision, not a git repository); one line, a usage error."""

    exit_code = 2


@dataclass
class LayerChanges:
    added: list[dict[str, Any]] = field(default_factory=list)
    removed: list[dict[str, Any]] = field(default_factory=list)
    changed: list[tuple[dict[str, Any], dict[str, Any], list[str]]] = field(default_factory=list)
    renumbered: int = 0  # pairs with the same content under another id

    def __bool__(self) -> bool:
        return bool(self.added or self.removed or self.changed or self.renumbered)


@dataclass
class DocumentChanges:
    origin: str
    doc_id: str
    status: str  # "added", "removed", "changed", "unreadable"
    text: str
    layers: dict[str, LayerChanges]
    unreadable: list[tuple[str, str]] = field(default_factory=list)  # (revision, one-line reason)
    header: list[str] = field(default_factory=list)  # header fields that changed, e.g. "layers"


def _git_bytes(root: Path, *args: str) -> bytes | None:
    """Output of a git plumbing command run in `root`, None when it fails.

    ``safe.bareRepository=explicit``: a pull request can commit the files of a bare repository (HEAD, config,
    objects/) into a corpus folder, and git would then use that repository, with the PR's own history, as the
    base; git must find the checkout's real repository instead.
    """
    result = subprocess.run(["git", "-c", "safe.bareRepository=explicit", "-C", str(root), *args],
                            capture_output=True, check=False)
    return result.stdout if result.returncode == 0 else None


def _git(root: Path, *args: str) -> str | None:
    out = _git_bytes(root, *args)
    return None if out is None else out.decode("utf-8", errors="replace")


def _parse(content: bytes | None, shown: str) -> AnnotationFile | str | None:
    """The parsed file, None when it does not exist, or the one-line reason it cannot be read."""
    if content is None:
        return None
    try:
        text = content.decode("utf-8")
    except UnicodeDecodeError as exc:
        return f"not UTF-8 (byte {exc.start})"
    try:
        return parse_annotation_file(text, shown)
    except InvalidCorpus as exc:
        found = exc.incident
        where = f"line {found.line}: " if found.line is not None else ""
        subject = f"{found.subject()}: " if found.subject() else ""
        return f"{where}{subject}{found.message}"


def _base_bytes(root: Path, base: str, relative: str, kind: FileKind) -> bytes | None:
    """A file as committed in `base`, None when absent; a blob over the size limit of its kind is refused."""
    spec = f"{base}:./{relative}"  # "./": relative to `root`, also when it is a probe corpus below the top
    size = _git(root, "cat-file", "-s", spec)
    if size is None:
        return None
    if int(size.strip() or 0) > LIMITS[kind]:
        raise FileRefused("file-too-large", f"{base}:{relative}", f"file is {size.strip()} bytes; the limit is "
                          f"{LIMITS[kind]}")
    return _git_bytes(root, "show", spec)


def _current_files(layout: CorpusLayout) -> set[str]:
    """annotations/<origin>/<doc_id>.jsonl of the working tree, listed without entering a link (a linked
    origin folder or file is refused with the validator's words)."""
    found = set()
    for folder in layout.list_folder(layout.root / "annotations"):
        if folder.kind == "link":
            raise FileRefused("unsafe-file", layout.relative(folder.path), "folder is a symbolic link; nothing is "
                              "read through it")
        if folder.kind == "folder":
            found |= {e.path.relative_to(layout.root).as_posix() for e in layout.list_folder(folder.path)
                      if e.path.suffix == ".jsonl"}
    return found


def compare(layout: CorpusLayout, base: str) -> list[DocumentChanges]:
    """Every annotation file that differs between `base` and the working tree, in the corpus and in each of
    its probe corpora (a gold edit there is a gold edit too); the working tree is read through the
    file-access layer (FileRefused for a link, special or oversized file)."""
    if _git(layout.root, "rev-parse", "--verify", "--quiet", f"{base}^{{commit}}") is None:
        raise DiffError(f"{base!r} is not a git revision of {layout.root}")
    changes = []
    for corpus in layout.corpora():
        prefix = "" if corpus is layout else f"{layout.relative(corpus.root)}/"
        for change in _compare_one(corpus, base, layout.root, prefix):
            change.origin = f"{prefix}{change.origin}"
            changes.append(change)
    return changes


def _compare_one(layout: CorpusLayout, base: str, git_root: Path, prefix: str) -> list[DocumentChanges]:
    """One corpus folder, `prefix` below `git_root`; git runs only in `git_root` (never in a probe folder,
    where a pull request could have planted the files of a repository of its own)."""
    listed = _git(git_root, "ls-tree", "-r", "--name-only", base, "--", f"{prefix}annotations") or ""
    base_files = {p.removeprefix(prefix) for p in listed.splitlines() if p.endswith(".jsonl")}
    current_files = _current_files(layout)
    changes = []
    for relative in sorted(base_files | current_files):
        origin, name = Path(relative).parts[-2], Path(relative).stem
        old = _parse(_base_bytes(git_root, base, prefix + relative, "annotations") if relative in base_files
                     else None, relative)
        path = layout.root / relative
        new = _parse(layout.read_bytes(path, "annotations") if relative in current_files else None, relative)
        text_path = layout.text_path(name)
        if layout.kind_of(text_path) != "missing":
            text = layout.read_bytes(text_path, "text").decode("utf-8", errors="replace")
        else:
            text = (_base_bytes(git_root, base, f"{prefix}articles/{name}.txt", "text") or b"").decode(
                "utf-8", errors="replace")
        if isinstance(old, str) or isinstance(new, str):
            unreadable = [(rev, side) for rev, side in ((base, old), (WORKING_TREE, new)) if isinstance(side, str)]
            changes.append(DocumentChanges(origin, name, "unreadable", text, {}, unreadable))
            continue
        layers = {layer: _layer_changes(old, new, layer) for layer in LAYERS}
        header = []
        if old is not None and new is not None and old.header.layers != new.header.layers:
            header.append(f"layers: {list(old.header.layers)} -> {list(new.header.layers)}")
        if not any(layers.values()) and not header:
            continue
        status = "added" if old is None else "removed" if new is None else "changed"
        changes.append(DocumentChanges(origin, name, status, text, layers, header=header))
    return changes


def _pair(before: list[dict[str, Any]],
          after: list[dict[str, Any]]) -> tuple[list[tuple[int, int]], set[int], set[int]]:
    """(before, after) index pairs: same span first (same id preferred), then same id; and the unpaired.

    Each pass takes the first free `after` record of its key from a queue (taken ones are skipped as they come
    up), so a file of thousands of records on one span is paired in linear time (it was quadratic)."""
    pairs: list[tuple[int, int]] = []
    free_before, free_after = set(range(len(before))), set(range(len(after)))
    by_span_and_id: dict[tuple[int, int, str], deque[int]] = defaultdict(deque)
    by_span: dict[tuple[int, int], deque[int]] = defaultdict(deque)
    for j, record in enumerate(after):
        by_span_and_id[(record["start"], record["end"], record["id"])].append(j)
        by_span[(record["start"], record["end"])].append(j)

    def take(queue: deque[int] | None, i: int) -> None:
        while queue and queue[0] not in free_after:
            queue.popleft()
        if queue:
            j = queue.popleft()
            pairs.append((i, j))
            free_before.discard(i)
            free_after.discard(j)

    for i, record in enumerate(before):  # same span and same id: an unchanged or edited annotation
        take(by_span_and_id.get((record["start"], record["end"], record["id"])), i)
    for i in sorted(free_before):  # same span under another id: renumbered
        take(by_span.get((before[i]["start"], before[i]["end"])), i)
    by_id = {after[j]["id"]: j for j in sorted(free_after)}  # an id given twice: its last free record
    for i in sorted(free_before):  # same id, other span: offsets edited
        j = by_id.get(before[i]["id"])
        if j is not None and j in free_after:
            pairs.append((i, j))
            free_before.discard(i)
            free_after.discard(j)
    return pairs, free_before, free_after


def _layer_changes(old: AnnotationFile | None, new: AnnotationFile | None, layer: str) -> LayerChanges:
    before = [annotation_record(a) for a in (old.by_layer(layer) if old else [])]
    after = [annotation_record(a) for a in (new.by_layer(layer) if new else [])]
    pairs, removed, added = _pair(before, after)
    result = LayerChanges()
    result.added = sorted((after[j] for j in added), key=lambda r: (r["start"], r["end"]))
    result.removed = sorted((before[i] for i in removed), key=lambda r: (r["start"], r["end"]))
    for i, j in pairs:
        old_record, new_record = before[i], after[j]
        fields = [k for k in new_record if k != "id" and old_record.get(k) != new_record.get(k)]
        if fields:
            result.changed.append((old_record, new_record, fields))
        elif old_record["id"] != new_record["id"]:
            result.renumbered += 1
    result.changed.sort(key=lambda item: (item[1]["start"], item[1]["end"]))
    return result


def in_context(text: str, start: int, end: int, width: int = 30) -> str:
    """The span in brackets with ``width`` characters either side, on one line (line breaks around it become
    spaces): what a reviewer needs to find it in the text."""
    left = text[max(0, start - width):start].replace("\n", " ")
    right = text[end:end + width].replace("\n", " ")
    return f"…{left}[{text[start:end]}]{right}…"


def _context(text: str, record: dict[str, Any], escape: Callable[[str], str], width: int = 30) -> str:
    """The span in context, escaped as a whole for the medium."""
    return escape(in_context(text, record["start"], record["end"], width))


def _describe(record: dict[str, Any], escape: Callable[[str], str]) -> str:
    keys = [k for k in record if k not in ("id", "layer", "start", "end", "text", "origin", "annotator",
                                        "annotator_kind")]
    values = ", ".join(f"{k}={record[k]}" for k in keys if record[k] not in (None, False))
    return escape(f"{record['id']} [{record['start']}, {record['end']}) {values}")


def render(changes: list[DocumentChanges], base: str, markdown: bool = False) -> str:
    """The changes as terminal text or as Markdown for a PR comment.

    Every value from the data or the command line (revision, origin, doc id, ids, field values, texts, reasons)
    goes through the escaping of its medium, so it stays inside its line and renders as itself.
    """
    escape = for_markdown if markdown else for_terminal
    if not changes:
        return f"No annotation changes since {escape(base)}."
    lines = [f"## Annotation changes since <code>{escape(base)}</code>" if markdown
             else f"Annotation changes since {escape(base)}:"]
    bullet = "- " if markdown else "  "
    for doc in changes:
        head = f"{escape(doc.origin)}/{escape(doc.doc_id)} ({escape(doc.status)})"
        lines += ["", f"### {head}" if markdown else head]
        for change in doc.header:  # a layer dropped from the header takes the document out of its scoring
            lines.append(f"{bullet}header {escape(change)}")
        for revision, reason in doc.unreadable:
            shown = f"<code>{escape(revision)}</code>" if markdown and revision != WORKING_TREE else escape(revision)
            lines.append(f"{bullet}unreadable at {shown}: {escape(reason)} (run nato-corpus validate)")
        for layer, layer_changes in doc.layers.items():
            if not layer_changes:
                continue
            counts = (f"+{len(layer_changes.added)} -{len(layer_changes.removed)} "
                      f"~{len(layer_changes.changed)}")
            if layer_changes.renumbered:
                counts += f" ({layer_changes.renumbered} renumbered)"
            if markdown:  # a blank line first, or it would continue the previous layer's last list item
                lines += ["", f"**{escape(layer)}** {counts}"]
            else:
                lines.append(f" {escape(layer)}: {counts}")
            for record in layer_changes.added:
                lines.append(f"{bullet}added {_describe(record, escape)}: {_context(doc.text, record, escape)}")
            for record in layer_changes.removed:
                lines.append(f"{bullet}removed {_describe(record, escape)}: {_context(doc.text, record, escape)}")
            for old, new, fields in layer_changes.changed:
                what = "; ".join(f"{escape(f)}: {escape(repr(old.get(f)))} -> {escape(repr(new.get(f)))}"
                                 for f in fields)
                name = escape(str(new["id"]))
                if old["id"] != new["id"]:
                    name += f" (was {escape(str(old['id']))})"
                lines.append(f"{bullet}changed {name} ({what}): {_context(doc.text, new, escape)}")
    return "\n".join(lines)
