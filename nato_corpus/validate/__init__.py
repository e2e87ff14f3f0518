"""``nato-corpus validate``: check every file of a corpus and report every problem, not only the first.

The validator reads untrusted pull-request content: it only parses JSON and UTF-8 text, never executes or
unpickles anything, and enforces size limits before reading.  It works one article at a time, so memory
does not grow with the corpus.  Checks are gated: a line that fails the schema is not checked further, and
offsets are not checked against a text whose hash no longer matches.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from pydantic import ValidationError

from nato_corpus.corpus import (
    MAX_ANNOTATION_FILE_BYTES,
    MAX_TEXT_BYTES,
    CorpusLayout,
    sha256_bytes,
)
from nato_corpus.incidents import Incident
from nato_corpus.schema import ORIGINS, ArticleMetadata, RegistryEntity
from nato_corpus.validate.annotations import check_annotation_file
from nato_corpus.validate.articles import check_article, check_doc_id
from nato_corpus.validate.catalogue import CHECKS
from nato_corpus.validate.reading import decode_utf8, parse_json, read_bytes, schema_incidents

__all__ = ["CHECKS", "UsageError", "ValidationReport", "validate_corpus"]

MAX_REGISTRY_BYTES = 5_000_000


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
    unsafe: list[Path] = field(default_factory=list)  # reached through a symbolically linked folder


ALL_ORIGINS = "*"


def validate_corpus(layout: CorpusLayout, paths: Sequence[Path] = ()) -> ValidationReport:
    """Validate the whole corpus under `layout.root` and its held-out probe corpus, or only the files and
    folders in `paths` (each checked against the corpus it lies in)."""
    corpora = layout.corpora()
    if not paths:
        reports = [_validate_one(corpus, ()) for corpus in corpora]
    else:
        chosen: dict[int, list[Path]] = {}
        for raw in paths:
            path = _argument_path(layout, raw)
            resolved = path.resolve()
            owner = max((i for i, c in enumerate(corpora) if resolved.is_relative_to(c.root.resolve())), default=0)
            chosen.setdefault(owner, []).append(path if path.exists() else raw)  # as found from the top corpus
        reports = [_validate_one(corpora[i], chosen[i]) for i in sorted(chosen)]
    merged = ValidationReport()
    for report in reports:
        merged.incidents += report.incidents
        merged.files_checked += report.files_checked
        merged.documents += report.documents
    merged.incidents.sort(key=lambda i: (i.path, i.line or 0, i.column or 0, i.check))
    return merged


def _validate_one(layout: CorpusLayout, paths: Sequence[Path]) -> ValidationReport:
    """Validate one corpus folder (not its held-out corpus), whole or the files and folders in `paths`."""
    report = ValidationReport()
    selection = _select(layout, paths)
    registry = _check_registry(layout, report, selection.registry)
    for path in selection.unsafe:
        report.add(_linked_incident(layout, path))
    for path in selection.unexpected:
        report.add(Incident("unexpected-file", "not part of the corpus layout (articles/<doc_id>.txt|.json, "
                            "annotations/<origin>/<doc_id>.jsonl, registry/entities.jsonl)",
                            layout.relative(path), severity="warning"))
    for doc_id, annotation_files in sorted(selection.documents.items()):
        _check_document(layout, doc_id, annotation_files, registry, report)
    report.incidents.sort(key=lambda i: (i.path, i.line or 0, i.column or 0, i.check))
    return report


def _select(layout: CorpusLayout, paths: Sequence[Path]) -> _Selection:
    selection = _Selection()
    if not paths:
        selection.registry = True
        files = [p for p in layout.articles_dir.glob("*") if p.is_file()]
        for origin_dir in (layout.root / "annotations").glob("*"):
            if origin_dir.is_dir():
                files += [p for p in origin_dir.glob("*") if p.is_file()]
        for path in files:
            _classify(layout, path, selection)
        return selection
    for raw in paths:
        path = _argument_path(layout, raw)
        if not path.exists():
            raise UsageError(f"{raw}: no such file or folder")
        candidates = sorted(p for p in path.rglob("*") if p.is_file()) if path.is_dir() else [path]
        for candidate in candidates:
            _classify(layout, candidate, selection)
    return selection


def _linked_folder(layout: CorpusLayout, path: Path) -> Path | None:
    """The first folder between the corpus root and `path` that is a symbolic link, if any."""
    absolute, root = path.absolute(), layout.root.absolute()
    if not absolute.is_relative_to(root):
        return None
    return next((parent for parent in reversed(absolute.parents) if parent.is_relative_to(root) and parent != root
                 and parent.is_symlink()), None)


def _linked_incident(layout: CorpusLayout, path: Path) -> Incident:
    linked = _linked_folder(layout, path) or path
    return Incident("unsafe-file", f"reached through the symbolic link {layout.relative(linked)}; only regular "
                    "files inside the corpus are read", layout.relative(path))


def _argument_path(layout: CorpusLayout, raw: Path) -> Path:
    """A PATH argument: relative to the working directory, or else to the corpus root (``--root X validate
    annotations/...`` from outside X)."""
    path = raw if raw.is_absolute() else Path.cwd() / raw
    if not path.exists() and not raw.is_absolute() and (layout.root / raw).exists():
        return layout.root / raw
    return path


def _classify(layout: CorpusLayout, path: Path, selection: _Selection) -> None:
    if path.name == ".gitkeep":
        return  # placeholder of an empty folder (a left-over ".*.tmp" of an atomic write is reported below)
    if _linked_folder(layout, path) is not None:
        selection.unsafe.append(path)
        return
    parent = path.parent
    if path.resolve() == layout.registry_path.resolve():
        selection.registry = True
    elif parent.name == "articles" and path.suffix in (".txt", ".json"):
        selection.documents.setdefault(path.stem, set()).add(ALL_ORIGINS)
    elif path.suffix == ".jsonl":  # annotations/<origin>/<doc_id>.jsonl, or a contributor's file elsewhere
        selection.documents.setdefault(path.stem, set()).add(path)
    else:
        selection.unexpected.append(path)


def _check_registry(layout: CorpusLayout, report: ValidationReport, check: bool) -> dict[str, RegistryEntity]:
    """Parse the registry (always needed for references); report its problems only when selected."""
    sink: Callable[[Incident], None] = report.add if check else (lambda _incident: None)
    path = layout.registry_path
    shown = layout.relative(path)
    if _linked_folder(layout, path) is not None:
        sink(_linked_incident(layout, path))
        return {}
    data = read_bytes(path, shown, MAX_REGISTRY_BYTES, sink)
    if check:
        report.files_checked += 1
    text = decode_utf8(data, shown, sink) if data is not None else None
    registry: dict[str, RegistryEntity] = {}
    for line_no, line in enumerate((text or "").split("\n"), start=1):
        if not line.strip():
            continue
        record = parse_json(line, shown, sink, line_offset=line_no - 1)
        if record is None:
            continue
        try:
            entity = RegistryEntity.model_validate(record)
        except ValidationError as exc:
            for incident in schema_incidents(exc, shown, line=line_no, ann_id=record.get("id")):
                sink(incident)
            continue
        if entity.id in registry:
            sink(Incident("duplicate-registry-id", f"registry id {entity.id!r} is defined twice", shown,
                          line=line_no))
        registry[entity.id] = entity
    return registry


def _check_document(
    layout: CorpusLayout,
    doc_id: str,
    selected: set[Path | str],
    registry: dict[str, RegistryEntity],
    report: ValidationReport,
) -> None:
    report.documents += 1
    text_path, meta_path = layout.text_path(doc_id), layout.metadata_path(doc_id)
    annotation_files = {p for p in selected if isinstance(p, Path)}
    if ALL_ORIGINS in selected:
        annotation_files |= {p for o in _origin_dirs(layout) if (p := o / f"{doc_id}.jsonl").exists()}
    existing = [p for p in (meta_path, text_path) if p.exists()] + sorted(annotation_files)
    if not check_doc_id(doc_id, layout.relative(existing[0]) if existing else doc_id, report.add):
        return
    if not text_path.exists() and not meta_path.exists():
        for path in sorted(annotation_files):
            report.files_checked += 1
            report.add(Incident("unknown-document", f"no article {doc_id!r} in articles/", layout.relative(path),
                                doc_id=doc_id))
        return
    text: str | None = None
    text_hash: str | None = None
    if text_path.exists():
        report.files_checked += 1
        data = read_bytes(text_path, layout.relative(text_path), MAX_TEXT_BYTES, report.add)
        if data is not None:
            text = decode_utf8(data, layout.relative(text_path), report.add)
            text_hash = sha256_bytes(data)
    else:
        report.add(Incident("missing-file", f"article text {layout.relative(text_path)} is missing",
                            layout.relative(meta_path), doc_id=doc_id))
    metadata: ArticleMetadata | None = None
    if meta_path.exists():
        report.files_checked += 1
        metadata = check_article(meta_path, layout.relative(meta_path), doc_id, text, text_hash, report.add)
    else:
        report.add(Incident("missing-file", f"metadata {layout.relative(meta_path)} is missing",
                            layout.relative(text_path), doc_id=doc_id))
    for path in sorted(annotation_files):
        report.files_checked += 1
        shown = layout.relative(path)
        data = read_bytes(path, shown, MAX_ANNOTATION_FILE_BYTES, report.add)
        content = decode_utf8(data, shown, report.add) if data is not None else None
        if content is None:
            continue
        folder_origin = path.parent.name if path.parent.name in ORIGINS else None
        check_annotation_file(content, shown, doc_id, folder_origin, text, text_hash, metadata, registry,
                              report.add)


def _origin_dirs(layout: CorpusLayout) -> Iterable[Path]:
    base = layout.root / "annotations"
    return sorted(p for p in base.glob("*") if p.is_dir()) if base.is_dir() else []
