"""The one read path: every command gets corpus documents from here, parsed and checked by the validator.

A :class:`CheckedDocument` is one article (text, metadata, annotation files per origin) as the validator read
it, with its findings; :func:`read_documents` yields them one at a time, so memory does not grow with the
corpus, and each file is read once (through :mod:`nato_corpus.files`) and parsed once (by the checks in
:mod:`nato_corpus.validate.articles` and :mod:`nato_corpus.validate.annotations`, the only parsers of
metadata and annotation files).  Commands that need valid data call :meth:`CheckedDocument.document`, which
raises a one-line :class:`~nato_corpus.files.CorpusError` naming the first error.
"""

from __future__ import annotations

import os
import stat
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from nato_corpus.corpus import AnnotationFile, CorpusLayout, Document, find_corpus_root, sha256_bytes
from nato_corpus.files import CorpusError, FileRefused
from nato_corpus.schema import ORIGINS, ArticleMetadata, RegistryEntity
from nato_corpus.validate.annotations import Graphemes, check_annotation_file
from nato_corpus.validate.articles import check_article, check_doc_id
from nato_corpus.validate.incidents import Incident
from nato_corpus.validate.reading import decode_utf8, parse_record, read_bytes, schema_incidents

__all__ = [
    "OVERLAY_FILE", "CheckedDocument", "RegistryCheck", "check_document", "check_registry", "enclosing_corpus",
    "load_document", "overlay_path", "parse_annotation_file", "read_annotations", "read_documents", "read_metadata",
    "read_registry", "recheck_annotation_file",
]


class InvalidCorpus(CorpusError):
    """A command needed valid data and the validator found an error; the message is its first finding."""

    def __init__(self, incident: Incident, every: Sequence[Incident] = ()) -> None:
        # a refused file in the same words as every other command's refusal of it; a finding with its check id
        # and a pointer to the validator, which lists them all
        message = incident.message if incident.check in _FILE_REFUSALS else \
            f"[{incident.check}] {incident.message} (run nato-corpus validate)"
        super().__init__(message, path=incident.address(), ann_id=incident.ann_id, field=incident.field,
                         check=incident.check)
        self.incident = incident
        self.incidents = tuple(every) or (incident,)  # every error found, for a caller that lists them all


# What the file-access layer refuses: reported as it reports them, not as a validation finding.
_FILE_REFUSALS = frozenset({"unsafe-file", "file-too-large", "missing-file", "invalid-utf8"})


@dataclass
class RegistryCheck:
    """The parsed registry, its findings, and what is known to be missing from it because it is broken."""

    entities: dict[str, RegistryEntity] = field(default_factory=dict)
    incidents: list[Incident] = field(default_factory=list)
    broken: bool = False  # nothing can be looked up: every unknown id is a consequence
    broken_ids: set[str] = field(default_factory=set)  # ids of lines that failed
    cause: Incident | None = None  # why the file could not be read at all (a refusal of the file-access layer)
    inherited: Incident | None = None  # an overlay's: the enclosing registry is unusable (reported there too)

    def raise_for_errors(self) -> None:
        first = self.cause or next((i for i in self.incidents if i.severity == "error"), None)
        if first is not None:
            raise InvalidCorpus(first)


# A probe corpus kept inside a corpus has no registry of its own: registry/overlay.jsonl lists only the entries
# its texts add to the registry of the nearest enclosing corpus (the one it lies in, or the nearest folder above
# it holding articles/ and registry/ when it is opened on its own).
OVERLAY_FILE = "overlay.jsonl"


def overlay_path(layout: CorpusLayout) -> Path:
    return layout.registry_path.with_name(OVERLAY_FILE)


def enclosing_corpus(layout: CorpusLayout) -> CorpusLayout | None:
    """The corpus an overlay adds to: the one the layout was found in (`within`), else the nearest corpus folder
    above its root; None when there is none."""
    if layout.within is not None:
        return CorpusLayout(layout.within, shown_from=layout.shown_from)
    parent = find_corpus_root(layout.root.parent)
    return None if parent is None else CorpusLayout(parent, shown_from=layout.shown_from or layout.root)


def check_registry(layout: CorpusLayout, *, selected: bool = True) -> RegistryCheck:
    """Read and check the registry: `registry/entities.jsonl`, or else the enclosing corpus's registry followed by
    `registry/overlay.jsonl` (the effective registry of a probe corpus; an overlay entry that redefines an id of
    the registry below it is a `duplicate-registry-id`).  An unreadable, missing or empty registry is one
    `registry-unreadable` finding; when the registry itself is not `selected` (validate was given other files),
    its broken lines are summed up in one such finding, since they are the root cause of every
    `unknown-entity-id`."""
    overlay = overlay_path(layout)
    kinds = layout.kind_of(layout.registry_path), layout.kind_of(overlay)
    if kinds[1] == "missing" or (kinds[0] != "missing" and kinds != ("file", "file")):
        # a whole registry; a linked registry folder is refused when reading its registry, as it always was
        return _check_registry_file(layout, layout.registry_path, RegistryCheck(), selected)
    shown = layout.relative(overlay)
    if kinds[0] != "missing":
        return _unusable(RegistryCheck(), shown, f"registry/ holds both {layout.registry_path.name} (a whole "
                         f"registry) and {OVERLAY_FILE} (additions to the enclosing corpus's registry); keep one")
    parent = enclosing_corpus(layout)
    if parent is None:
        return _unusable(RegistryCheck(), shown, f"an overlay adds to the registry of an enclosing corpus, and no "
                         f"folder above {layout.root} holds articles/ and registry/")
    base = check_registry(parent, selected=False)
    result = RegistryCheck(dict(base.entities), broken=base.broken, broken_ids=set(base.broken_ids), cause=base.cause)
    if base.incidents:  # reported at the parent's registry too; here once, as why this corpus's ids were not checked
        why = base.incidents[0]
        result.inherited = Incident("registry-unreadable", f"the registry this overlay adds to cannot be used "
                                    f"({why.path}: {why.message})", shown)
        result.incidents.append(result.inherited)
    return _check_registry_file(layout, overlay, result, selected, below=parent.relative(parent.registry_path))


def _unusable(result: RegistryCheck, shown: str, why: str, cause: Incident | None = None) -> RegistryCheck:
    result.incidents.append(Incident("registry-unreadable", f"the entity registry cannot be used ({why}); "
                                     "entity ids were not checked against it", shown))
    result.broken = True
    result.cause = cause
    return result


def _check_registry_file(layout: CorpusLayout, path: Path, result: RegistryCheck, selected: bool,
                         below: str | None = None) -> RegistryCheck:
    """Add the entries of one registry file to `result` (an overlay's to those of the registry `below` it)."""
    shown = layout.relative(path)
    problems: list[Incident] = []
    data = read_bytes(layout, path, "registry", problems.append)
    text = decode_utf8(data, shown, problems.append) if data is not None else None
    if problems or not (text or "").strip():
        return _unusable(result, shown, problems[0].message if problems else "the file is empty",
                         problems[0] if problems else None)
    inherited = set(result.entities)
    findings: list[Incident] = []
    for line_no, line in enumerate((text or "").split("\n"), start=1):
        if not line.strip():
            continue
        entity, record, error = parse_record(RegistryEntity, line, shown, findings.append, line_offset=line_no - 1)
        if entity is None:
            if record is None or error is None:
                result.broken = True  # which id the line defined is unknown
                continue
            findings += schema_incidents(error, shown, line=line_no, ann_id=record.get("id"))
            if isinstance(record.get("id"), str):
                result.broken_ids.add(record["id"])
            else:
                result.broken = True
            continue
        if entity.id in inherited:
            findings.append(Incident("duplicate-registry-id", f"registry id {entity.id!r} is already defined in "
                                     f"{below}; an overlay only adds entries", shown, line=line_no))
        elif entity.id in result.entities:
            findings.append(Incident("duplicate-registry-id", f"registry id {entity.id!r} is defined twice", shown,
                                     line=line_no))
        result.entities[entity.id] = entity
    own_errors = [i for i in findings if i.severity == "error"]
    if selected:
        result.incidents += findings
    elif own_errors and (result.broken or result.broken_ids):
        result.incidents.append(Incident("registry-unreadable", f"the entity registry has invalid lines (first: "
                                         f"line {own_errors[0].line}); entity ids defined there were not checked "
                                         f"(nato-corpus validate {shown} says why)", shown))
    return result


@dataclass
class CheckedDocument:
    """One article as the validator read it: what parsed, the bytes of its annotation files, its findings."""

    doc_id: str
    metadata: ArticleMetadata | None = None
    text: str | None = None
    annotations: dict[str, AnnotationFile] = field(default_factory=dict)  # origin -> parsed file
    raw: dict[str, bytes] = field(default_factory=dict)  # origin -> the annotation file's bytes as read
    incidents: list[Incident] = field(default_factory=list)
    files_checked: int = 0

    @property
    def valid(self) -> bool:
        return not any(i.severity == "error" for i in self.incidents)

    def document(self) -> Document:
        """The document, or InvalidCorpus naming the first error found in its files."""
        first = next((i for i in self.incidents if i.severity == "error"), None)
        if first is not None:
            raise InvalidCorpus(first)
        assert self.metadata is not None and self.text is not None  # no error means both were read
        return Document(self.metadata, self.text, dict(self.annotations))


def origin_folders(layout: CorpusLayout) -> list[Path]:
    """The real folders annotations/<origin>/ (a linked one is reported by validate's selection, never read;
    another folder there is an unexpected file's, not an origin's)."""
    try:
        return [e.path for e in layout.list_folder(layout.root / "annotations")
                if e.kind == "folder" and e.path.name in ORIGINS]
    except FileRefused:
        return []


def check_document(layout: CorpusLayout, doc_id: str, annotation_files: Iterable[Path],
                   registry: dict[str, RegistryEntity]) -> CheckedDocument:
    """Read and check an article's text and metadata and the given annotation files of it."""
    checked = CheckedDocument(doc_id)
    report = checked.incidents.append
    annotation_files = sorted(set(annotation_files))
    text_path, meta_path = layout.text_path(doc_id), layout.metadata_path(doc_id)
    has_text, has_meta = (layout.kind_of(p) != "missing" for p in (text_path, meta_path))
    existing = [p for p, present in ((meta_path, has_meta), (text_path, has_text)) if present] + annotation_files
    if not check_doc_id(doc_id, layout.relative(existing[0]) if existing else doc_id, report):
        return checked
    if not has_text and not has_meta:
        for path in annotation_files:
            checked.files_checked += 1
            report(Incident("unknown-document", f"no article {doc_id!r} in articles/", layout.relative(path),
                            doc_id=doc_id))
            kind = layout.kind_of(path)
            if kind in ("link", "special"):  # never read, so the file-access layer would not say it
                report(Incident("unsafe-file", f"{'a symbolic link' if kind == 'link' else 'not a regular file'}; "
                                "only regular files are read", layout.relative(path), doc_id=doc_id))
        return checked
    text_hash: str | None = None
    if has_text:
        checked.files_checked += 1
        data = read_bytes(layout, text_path, "text", report)
        if data is not None:
            checked.text = decode_utf8(data, layout.relative(text_path), report)
            text_hash = sha256_bytes(data)
    else:
        report(Incident("missing-file", f"article text {layout.relative(text_path)} is missing",
                        layout.relative(meta_path), doc_id=doc_id))
    if has_meta:
        checked.files_checked += 1
        checked.metadata = check_article(layout, meta_path, doc_id, checked.text, text_hash, report)
    else:
        report(Incident("missing-file", f"metadata {layout.relative(meta_path)} is missing",
                        layout.relative(text_path), doc_id=doc_id))
    graphemes: Graphemes | None = None
    for path in annotation_files:
        checked.files_checked += 1
        shown = layout.relative(path)
        data = read_bytes(layout, path, "annotations", report)
        content = decode_utf8(data, shown, report) if data is not None else None
        if content is None:
            continue
        folder_origin = path.parent.name if path.parent.name in ORIGINS else None
        canonical = folder_origin is not None and path == layout.annotation_path(folder_origin, doc_id)
        if canonical:
            checked.raw[folder_origin] = data  # type: ignore[index,assignment]
        if graphemes is None and checked.text is not None:
            graphemes = Graphemes(checked.text)  # segmented once for all the document's files
        parsed = check_annotation_file(content, shown, doc_id, folder_origin, checked.text, text_hash,
                                       checked.metadata, registry, report, graphemes)
        if parsed is not None and canonical:
            checked.annotations[folder_origin] = parsed  # type: ignore[index]
    return checked


def recheck_annotation_file(layout: CorpusLayout, checked: CheckedDocument, origin: str, content: bytes,
                            registry: RegistryCheck) -> None:
    """Check new content for one of a document's annotation files in memory and put it into the document
    (the rule layer just generated), so that nothing is read back; InvalidCorpus if it does not validate."""
    assert checked.text is not None
    found: list[Incident] = []
    shown = layout.relative(layout.annotation_path(origin, checked.doc_id))
    parsed = check_annotation_file(content.decode("utf-8"), shown, checked.doc_id, origin, checked.text,
                                   sha256_bytes(checked.text.encode("utf-8")), checked.metadata, registry.entities,
                                   found.append)
    first = next((i for i in found if i.severity == "error"), None)
    if first is not None or parsed is None:
        raise InvalidCorpus(first or Incident("empty-file", "annotation file has no header line", shown))
    checked.annotations[origin] = parsed
    checked.raw[origin] = content


def _document_files(layout: CorpusLayout, doc_id: str, origins: Iterable[str]) -> list[Path]:
    return [path for origin in origins if layout.kind_of(path := layout.annotation_path(origin, doc_id)) != "missing"]


def read_documents(layout: CorpusLayout, origins: Iterable[str] = ORIGINS,
                   registry: RegistryCheck | None = None) -> Iterator[CheckedDocument]:
    """Every document of the corpus in id order, checked, with the annotation files of `origins`."""
    origins = tuple(origins)
    registry = registry if registry is not None else check_registry(layout)
    for doc_id in layout.doc_ids():
        yield check_document(layout, doc_id, _document_files(layout, doc_id, origins), registry.entities)


def _valid_registry(layout: CorpusLayout) -> RegistryCheck:
    """The registry, checked once per version of its files (commands that load documents one by one would
    otherwise re-read it per document); InvalidCorpus when it has an error."""
    key = _registry_version(layout)
    registry = _cached_registry(layout, key) if key is not None else check_registry(layout)
    registry.raise_for_errors()
    return registry


def _file_version(path: Path) -> tuple[int, int, int] | bool | None:
    """(inode, mtime, size) of a regular file, None when there is none, False for anything else."""
    try:
        info = os.lstat(path)
    except FileNotFoundError:
        return None
    except OSError:
        return False
    return (info.st_ino, info.st_mtime_ns, info.st_size) if stat.S_ISREG(info.st_mode) else False


def _registry_version(layout: CorpusLayout | None) -> tuple | None:
    """The versions of every file the registry is read from (an overlay's, and those below it), or None when one
    is not a regular file or there is none: then it is checked afresh, and the check says why."""
    versions: list[object] = []
    while layout is not None:
        own, overlay = _file_version(layout.registry_path), _file_version(overlay_path(layout))
        if own is False or overlay is False or (own is None and overlay is None):
            return None
        versions += [layout.root, own, overlay]
        layout = enclosing_corpus(layout) if overlay is not None and own is None else None
    return tuple(versions)


@lru_cache(maxsize=8)
def _cached_registry(layout: CorpusLayout, _version: tuple) -> RegistryCheck:
    return check_registry(layout)


def iter_documents(layout: CorpusLayout, origins: Iterable[str] = ORIGINS) -> Iterator[Document]:
    """Every document, valid, one at a time; InvalidCorpus (one line) at the first error."""
    registry = _valid_registry(layout)
    for checked in read_documents(layout, origins, registry):
        yield checked.document()


def load_document(layout: CorpusLayout, doc_id: str, origins: Iterable[str] = ORIGINS) -> Document:
    """One valid document; InvalidCorpus (one line) when its files have an error."""
    registry = _valid_registry(layout)
    return check_document(layout, doc_id, _document_files(layout, doc_id, origins), registry.entities).document()


def read_metadata(layout: CorpusLayout, doc_id: str) -> ArticleMetadata:
    """An article's metadata, checked against its text; InvalidCorpus at the first error."""
    return check_document(layout, doc_id, (), {}).document().metadata


def read_registry(layout: CorpusLayout) -> dict[str, RegistryEntity]:
    return _valid_registry(layout).entities


def read_annotations(layout: CorpusLayout, origin: str, doc_id: str) -> AnnotationFile | None:
    """The checked annotation file of `doc_id` in `origin`, or None when the article has none yet."""
    if layout.kind_of(layout.annotation_path(origin, doc_id)) == "missing":
        return None
    return load_document(layout, doc_id, (origin,)).annotations.get(origin)


def parse_annotation_file(content: str | bytes, shown: str, doc_id: str | None = None) -> AnnotationFile:
    """An annotation file that is not in a corpus folder (a predictions file, a git revision's copy), parsed by
    the validator's checks with no text to anchor on; InvalidCorpus at the first error."""
    found: list[Incident] = []
    if isinstance(content, bytes):
        decoded = decode_utf8(content, shown, found.append)
        if decoded is None:
            raise InvalidCorpus(found[0])
        content = decoded
    parsed = check_annotation_file(content, shown, doc_id or "", None, None, None, None, {}, found.append)
    errors = [i for i in found if i.severity == "error" and i.check not in _NEEDS_CONTEXT]
    if errors:
        raise InvalidCorpus(errors[0], errors)
    if parsed is None:
        raise InvalidCorpus(Incident("empty-file", "annotation file has no header line", shown))
    return parsed


# Checks that need the corpus around a file (the registry, the file name): not applied to a detached file.
_NEEDS_CONTEXT = frozenset({"unknown-entity-id", "doc-id-mismatch"})
