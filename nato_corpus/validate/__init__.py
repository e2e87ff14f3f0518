"""``nato-corpus validate``: check every file of a corpus and report every problem, not only the first.

The validator reads untrusted pull-request content: it only parses JSON and UTF-8 text, never executes or
unpickles anything, and enforces size limits before reading.  It works one article at a time, so memory
does not grow with the corpus.  Checks are gated: a line that fails the schema is not checked further, and
offsets are not checked against a text whose hash no longer matches.
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from pydantic import ValidationError

from nato_corpus.corpus import HELDOUT_DIRS, CorpusLayout, sha256_bytes
from nato_corpus.files import Entry, FileRefused
from nato_corpus.incidents import Incident
from nato_corpus.schema import ORIGINS, ArticleMetadata, RegistryEntity
from nato_corpus.validate.annotations import check_annotation_file
from nato_corpus.validate.articles import check_article, check_doc_id
from nato_corpus.validate.catalogue import CHECKS
from nato_corpus.validate.reading import (
    decode_utf8,
    parse_json,
    read_bytes,
    refusal_incident,
    schema_incidents,
)

__all__ = ["CHECKS", "UsageError", "ValidationReport", "validate_corpus"]

# Files at the root of a corpus that commands read (the build ships LICENSE.md, the card is its template).
ROOT_DOCUMENTS = ("LICENSE.md", "DATASET_CARD.md")


class UsageError(ValueError):
    """A PATH argument that does not exist or is not part of a corpus."""


@dataclass
class ValidationReport:
    incidents: list[Incident] = field(default_factory=list)
    files_checked: int = 0
    documents: int = 0

    @property
    def valid(self) -> bool:
        return not any(i.severity == "error" for i in self.incidents)

    def add(self, incident: Incident) -> None:
        self.incidents.append(incident)


@dataclass
class _Selection:
    """Which parts of the corpus to check: everything, or what the PATH arguments name."""

    registry: bool = False
    # doc_id -> annotation files to check; ALL_ORIGINS in the set means every annotations/<origin>/ file
    documents: dict[str, set[Path | str]] = field(default_factory=dict)
    unexpected: list[Path] = field(default_factory=list)
    refused: list[Incident] = field(default_factory=list)  # links, special files, linked folders


ALL_ORIGINS = "*"


def validate_corpus(layout: CorpusLayout, paths: Sequence[Path] = ()) -> ValidationReport:
    """Validate the whole corpus under `layout.root` and its held-out probe corpus, or only the files and
    folders in `paths` (each checked against the corpus it lies in)."""
    refusals: list[Incident] = []
    try:
        corpora = layout.corpora()
    except FileRefused as refused:  # a probe corpus folder that is a link: reported, never entered
        corpora, refusals = [layout], [refusal_incident(refused)]
    if not paths:
        reports = [_validate_one(corpus, ()) for corpus in corpora]
    else:
        chosen: dict[int, list[Path]] = {}
        for raw in paths:
            path = Path(os.path.abspath(_argument_path(layout, raw)))
            owner = max((i for i, c in enumerate(corpora) if path.is_relative_to(os.path.abspath(c.root))), default=0)
            chosen.setdefault(owner, []).append(path)
        reports = [_validate_one(corpora[i], chosen[i]) for i in sorted(chosen)]
    merged = ValidationReport(incidents=refusals)
    for report in reports:
        merged.incidents += report.incidents
        merged.files_checked += report.files_checked
        merged.documents += report.documents
    merged.incidents.sort(key=_order)
    return merged


def _order(incident: Incident) -> tuple:
    """Findings sorted by file and line, except that a broken registry, the root cause of every reference
    finding, comes first."""
    return (incident.check not in _ROOT_CAUSES, incident.path, incident.line or 0, incident.column or 0,
            incident.check)


def _validate_one(layout: CorpusLayout, paths: Sequence[Path]) -> ValidationReport:
    """Validate one corpus folder (not its held-out corpus), whole or the files and folders in `paths`."""
    report = ValidationReport()
    selection = _select(layout, paths)
    registry = _check_registry(layout, report, selection.registry)
    report.incidents += selection.refused
    for path in selection.unexpected:
        report.add(Incident("unexpected-file", "not part of the corpus layout (articles/<doc_id>.txt|.json, "
                            "annotations/<origin>/<doc_id>.jsonl, registry/entities.jsonl)",
                            layout.relative(path), severity="warning"))
    for doc_id, annotation_files in sorted(selection.documents.items()):
        _check_document(layout, doc_id, annotation_files, registry, report)
    _suppress_consequences(registry, report)
    report.incidents.sort(key=_order)
    return report


def _select(layout: CorpusLayout, paths: Sequence[Path]) -> _Selection:
    selection = _Selection()
    if not paths:
        selection.registry = True
        _select_folder(layout, layout.articles_dir, selection)
        _select_folder(layout, layout.root / "annotations", selection, depth=2)
        _select_root_files(layout, selection)
        return selection
    for raw in paths:
        path = _argument_path(layout, raw)
        if not Path(os.path.abspath(path)).is_relative_to(os.path.abspath(layout.access_root)):
            raise UsageError(f"{raw}: not inside the corpus {layout.access_root}; only corpus files are validated")
        kind = layout.kind_of(path)
        if kind == "missing":
            raise UsageError(f"{raw}: no such file or folder")
        if kind == "folder":
            _select_folder(layout, path, selection, depth=None)
        elif kind == "link" and path.is_dir():
            selection.refused.append(_linked_folder(layout, path))
        else:
            _classify(layout, Entry(path, kind), selection)
    return selection


def _select_folder(layout: CorpusLayout, folder: Path, selection: _Selection, depth: int | None = 1) -> None:
    """Classify what a folder holds, `depth` levels down (None: all the way), without entering any link."""
    try:
        entries = layout.list_folder(folder)
    except FileRefused as refused:
        selection.refused.append(refusal_incident(refused))
        return
    for entry in entries:
        if entry.kind == "folder" and (depth is None or depth > 1):
            _select_folder(layout, entry.path, selection, None if depth is None else depth - 1)
        elif entry.kind == "folder":
            selection.unexpected.append(entry.path)
        elif entry.kind == "link" and entry.path.is_dir():
            selection.refused.append(_linked_folder(layout, entry.path))
        else:
            _classify(layout, entry, selection)


def _select_root_files(layout: CorpusLayout, selection: _Selection) -> None:
    """The root files commands read must be regular files, and nothing at the root may be a link.

    No command follows a link at the root any more (a ``site`` link to ``..`` used to make ``render`` delete
    the checkout), but a committed link is never legitimate corpus content, so a pull request with one fails.
    Dot entries (.git, .venv, caches) are the reviewer's own and not looked at.
    """
    for entry in layout.list_folder(layout.root):
        if entry.kind in ("link", "special") and not entry.path.name.startswith(".") \
                and entry.path.name not in (*HELDOUT_DIRS, *ROOT_DOCUMENTS):  # those are reported below
            what = "a symbolic link" if entry.kind == "link" else "not a regular file or folder"
            selection.refused.append(Incident("unsafe-file", f"{what} at the corpus root; no command follows it, "
                                              "remove it", layout.relative(entry.path)))
    for name in ROOT_DOCUMENTS:
        path = layout.root / name
        if layout.kind_of(path) != "missing":
            data = read_bytes(layout, path, "document", selection.refused.append)
            if data is not None:
                decode_utf8(data, layout.relative(path), selection.refused.append)


def _argument_path(layout: CorpusLayout, raw: Path) -> Path:
    """A PATH argument: relative to the working directory, or else to the corpus root (``--root X validate
    annotations/...`` from outside X)."""
    path = raw if raw.is_absolute() else Path.cwd() / raw
    if layout.kind_of(path) == "missing" and not raw.is_absolute() and layout.kind_of(layout.root / raw) != "missing":
        return layout.root / raw
    return path


def _classify(layout: CorpusLayout, entry: Entry, selection: _Selection) -> None:
    path = entry.path
    if path.name == ".gitkeep":
        return  # placeholder of an empty folder (a left-over ".*.tmp" of an atomic write is reported below)
    parent = path.parent
    if path == layout.registry_path:
        selection.registry = True
    elif parent.name == "articles" and path.suffix in (".txt", ".json"):
        selection.documents.setdefault(path.stem, set()).add(ALL_ORIGINS)
    elif path.suffix == ".jsonl":  # annotations/<origin>/<doc_id>.jsonl, or a contributor's file elsewhere
        selection.documents.setdefault(path.stem, set()).add(path)
    else:
        selection.unexpected.append(path)


def _linked_folder(layout: CorpusLayout, path: Path) -> Incident:
    return Incident("unsafe-file", "folder is a symbolic link; nothing is read through it", layout.relative(path))


# Findings that make later findings meaningless: reported first, and their consequences are dropped.
_ROOT_CAUSES = frozenset({"registry-unreadable"})


@dataclass
class _Registry:
    """The parsed registry, and what is known to be missing from it because its file or a line is broken."""

    entities: dict[str, RegistryEntity] = field(default_factory=dict)
    broken: bool = False  # nothing can be looked up: every unknown id is a consequence
    broken_ids: set[str] = field(default_factory=set)  # ids of lines that failed


def _check_registry(layout: CorpusLayout, report: ValidationReport, check: bool) -> _Registry:
    """Parse the registry (always needed for references); report its problems only when selected.

    An unreadable, missing or empty registry is one `registry-unreadable` finding, reported even when only
    annotation files were named, because it is the root cause of every `unknown-entity-id` that follows.
    """
    findings: list[Incident] = []
    sink = findings.append
    path = layout.registry_path
    shown = layout.relative(path)
    registry = _Registry()
    problems: list[Incident] = []
    data = read_bytes(layout, path, "registry", problems.append)
    if check:
        report.files_checked += 1
    text = decode_utf8(data, shown, problems.append) if data is not None else None
    if problems or not (text or "").strip():
        why = problems[0].message if problems else "the file is empty"
        report.add(Incident("registry-unreadable", f"the entity registry cannot be used ({why}); entity ids "
                            "were not checked against it", shown))
        registry.broken = True
        return registry
    for line_no, line in enumerate((text or "").split("\n"), start=1):
        if not line.strip():
            continue
        record = parse_json(line, shown, sink, line_offset=line_no - 1)
        if record is None:
            registry.broken = True  # which id the line defined is unknown
            continue
        try:
            entity = RegistryEntity.model_validate(record)
        except ValidationError as exc:
            for incident in schema_incidents(exc, shown, line=line_no, ann_id=record.get("id")):
                sink(incident)
            if isinstance(record.get("id"), str):
                registry.broken_ids.add(record["id"])
            else:
                registry.broken = True
            continue
        if entity.id in registry.entities:
            sink(Incident("duplicate-registry-id", f"registry id {entity.id!r} is defined twice", shown,
                          line=line_no))
        registry.entities[entity.id] = entity
    if check:
        report.incidents += findings
    elif registry.broken or registry.broken_ids:  # not selected, but the root cause of reference findings
        first = next(i for i in findings if i.severity == "error")
        report.add(Incident("registry-unreadable", f"the entity registry has invalid lines (first: line "
                            f"{first.line}); entity ids defined there were not checked (nato-corpus validate "
                            f"{shown} says why)", shown))
    return registry


def _suppress_consequences(registry: _Registry, report: ValidationReport) -> None:
    """Drop `unknown-entity-id` findings that a broken registry (already reported) explains."""
    if not (registry.broken or registry.broken_ids):
        return
    quoted = {f"{name} {key!r} is not in the registry" for key in registry.broken_ids
              for name in ("entity_id", "speaker_entity_id")}
    report.incidents = [i for i in report.incidents if i.check != "unknown-entity-id"
                        or not (registry.broken or i.message in quoted)]


def _check_document(
    layout: CorpusLayout,
    doc_id: str,
    selected: set[Path | str],
    registry: _Registry,
    report: ValidationReport,
) -> None:
    report.documents += 1
    text_path, meta_path = layout.text_path(doc_id), layout.metadata_path(doc_id)
    annotation_files = {p for p in selected if isinstance(p, Path)}
    if ALL_ORIGINS in selected:
        annotation_files |= {p for o in _origin_dirs(layout) if layout.kind_of(p := o / f"{doc_id}.jsonl") != "missing"}
    has_text, has_meta = (layout.kind_of(p) != "missing" for p in (text_path, meta_path))
    existing = [p for p, present in ((meta_path, has_meta), (text_path, has_text)) if present]
    existing += sorted(annotation_files)
    if not check_doc_id(doc_id, layout.relative(existing[0]) if existing else doc_id, report.add):
        return
    if not has_text and not has_meta:
        for path in sorted(annotation_files):
            report.files_checked += 1
            report.add(Incident("unknown-document", f"no article {doc_id!r} in articles/", layout.relative(path),
                                doc_id=doc_id))
        return
    text: str | None = None
    text_hash: str | None = None
    if has_text:
        report.files_checked += 1
        data = read_bytes(layout, text_path, "text", report.add)
        if data is not None:
            text = decode_utf8(data, layout.relative(text_path), report.add)
            text_hash = sha256_bytes(data)
    else:
        report.add(Incident("missing-file", f"article text {layout.relative(text_path)} is missing",
                            layout.relative(meta_path), doc_id=doc_id))
    metadata: ArticleMetadata | None = None
    if has_meta:
        report.files_checked += 1
        metadata = check_article(layout, meta_path, doc_id, text, text_hash, report.add)
    else:
        report.add(Incident("missing-file", f"metadata {layout.relative(meta_path)} is missing",
                            layout.relative(text_path), doc_id=doc_id))
    for path in sorted(annotation_files):
        report.files_checked += 1
        shown = layout.relative(path)
        data = read_bytes(layout, path, "annotations", report.add)
        content = decode_utf8(data, shown, report.add) if data is not None else None
        if content is None:
            continue
        folder_origin = path.parent.name if path.parent.name in ORIGINS else None
        check_annotation_file(content, shown, doc_id, folder_origin, text, text_hash, metadata, registry.entities,
                              report.add)


def _origin_dirs(layout: CorpusLayout) -> Iterable[Path]:
    """The real folders under annotations/ (a linked one is reported by the selection, never read)."""
    try:
        return [e.path for e in layout.list_folder(layout.root / "annotations") if e.kind == "folder"]
    except FileRefused:
        return []
