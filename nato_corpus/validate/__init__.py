"""``nato-corpus validate``: check every file of a corpus and report every problem, not only the first.

The validator reads untrusted pull-request content: it only parses JSON and UTF-8 text, never executes or
unpickles anything, and enforces size limits before reading.  It works one article at a time, so memory
does not grow with the corpus.  Checks are gated: a line that fails the schema is not checked further, and
offsets are not checked against a text whose hash no longer matches.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator, Sequence
from collections.abc import Set as AbstractSet
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Final

from nato_corpus import files
from nato_corpus.corpus import PROBE_CORPORA, VERSIONS_FILE, VERSIONS_FOLDER, CorpusLayout, Document
from nato_corpus.files import CorpusError, Entry, FileRefused
from nato_corpus.parallel import ordered_map, progress
from nato_corpus.schema import ORIGINS, RegistryEntity
from nato_corpus.validate.catalogue import CHECKS
from nato_corpus.validate.documents import (
    CheckedDocument,
    RegistryCheck,
    check_document,
    check_registry,
    origin_folders,
    overlay_path,
)
from nato_corpus.validate.incidents import Incident
from nato_corpus.validate.reading import refusal_incident

__all__ = ["CHECKS", "Derive", "UsageError", "ValidationReport", "validate_corpus"]

# What a command computes from the valid documents of a group, in the process that checked them (see
# validate_corpus), and hands to its sink in this one.
Derive = Callable[[CorpusLayout, list[Document]], Any]
# Documents checked together by one call in a process: what a `derive` gets at a time (enough rows for Arrow
# record batches of a useful size, few enough that the documents in flight stay a small amount of memory).
DOCUMENTS_PER_GROUP: Final = 8

# Files at the root of a corpus that commands read (the build ships LICENSE.md, the card is its template, the
# dataset versions feed its changelog: nato_corpus.dataset.versions).
ROOT_DOCUMENTS = ("LICENSE.md", "DATASET_CARD.md", VERSIONS_FILE)
# Folders beside articles/ and annotations/ whose files commands read (the registry's overlay, the committed
# benchmark reports, the agreement report the card includes, the manifests of the recorded releases).
READ_FOLDERS = ("registry", "reports", "agreement", VERSIONS_FOLDER)
# Folders at the root that hold the probe corpora: a link there is reported by CorpusLayout.probe_corpora.
PROBE_FOLDERS = tuple(dict.fromkeys(probe.path.split("/", 1)[0] for probe in PROBE_CORPORA))
# Root folders whose entries validate classifies one by one (articles, gold and rule files) or that hold probe
# corpora (validated as corpora of their own); every other folder is only searched for links.
_CLASSIFIED_FOLDERS: Final = ("articles", "annotations", *PROBE_FOLDERS)


class UsageError(CorpusError):
    """A PATH argument that does not exist or is not part of a corpus."""

    exit_code = 2


@dataclass
class ValidationReport:
    incidents: list[Incident] = field(default_factory=list)
    files_checked: int = 0
    documents: int = 0
    # with keep=True: what each corpus (by root) held, as read, so that later steps of a job need not re-read
    corpora: dict[Path, CorpusRead] = field(default_factory=dict)
    # each validated corpus's registry (by root), as read: small, and what a build publishes
    registries: dict[Path, RegistryCheck] = field(default_factory=dict)

    @property
    def valid(self) -> bool:
        return not any(i.severity == "error" for i in self.incidents)

    def add(self, incident: Incident) -> None:
        self.incidents.append(incident)


@dataclass
class CorpusRead:
    """A whole corpus as the validator read it: its registry and every document, in id order."""

    layout: CorpusLayout
    registry: RegistryCheck
    documents: list[CheckedDocument] = field(default_factory=list)


@dataclass
class _Selection:
    """Which parts of the corpus to check: everything, or what the PATH arguments name."""

    registry: bool = False
    # doc_id -> annotation files to check; ALL_ORIGINS in the set means every annotations/<origin>/ file
    documents: dict[str, Chosen] = field(default_factory=dict)
    unexpected: list[Path] = field(default_factory=list)
    refused: list[Incident] = field(default_factory=list)  # links, special files, linked folders
    registry_files: tuple[Path, ...] = ()  # the registry and its overlay, joined once, not per file classified


ALL_ORIGINS = "*"
Chosen = AbstractSet[Path | str]
# What most documents of a whole-corpus run are: one shared value, not a set per document (100,000 sets and the
# paths of their annotation files were most of the memory validate used)
_WHOLE_DOCUMENT: Final[Chosen] = frozenset({ALL_ORIGINS})


def validate_corpus(layout: CorpusLayout, paths: Sequence[Path] = (), *, keep: bool = False,
                    jobs: int = 1, derive: Derive | None = None,
                    sink: Callable[[Any], None] | None = None) -> ValidationReport:
    """Validate the whole corpus under `layout.root` and its probe corpora, or only the files and
    folders in `paths` (each checked against the corpus it lies in).

    With `keep`, the report also holds every document as read (`report.corpora`), so that a job that goes on
    to annotate and build reads and parses each file once.  With `derive`, what a command needs of every
    document comes out of the same pass without the report holding any: ``derive(corpus, documents)`` runs on
    the valid documents of each group of DOCUMENTS_PER_GROUP, in the process that checked them, and `sink`
    gets what it returns here, in corpus and id order (an invalid document is left out of its group; the report
    says why).  Documents are checked in `jobs` processes; the report and the sink's calls are the same for any
    number.
    """
    refusals: list[Incident] = []
    try:
        corpora = layout.corpora()
    except FileRefused as refused:  # a probe corpus folder that is a link: reported, never entered
        corpora, refusals = [layout], [refusal_incident(refused)]
    if not paths:
        reports = [_validate_one(corpus, (), keep=keep, jobs=jobs, derive=derive, sink=sink) for corpus in corpora]
    else:
        chosen: dict[int, list[Path]] = {}
        for raw in paths:
            path = Path(os.path.abspath(_argument_path(layout, raw)))
            owner = max((i for i, c in enumerate(corpora) if path.is_relative_to(os.path.abspath(c.root))), default=0)
            chosen.setdefault(owner, []).append(path)
        reports = [_validate_one(corpora[i], chosen[i], jobs=jobs) for i in sorted(chosen)]
    merged = ValidationReport(incidents=refusals)
    if not paths and derive is None:  # a build (derive) reads them itself, before this pass
        merged.incidents += _versions_incidents(layout)
    for report in reports:
        inherited = [registry.inherited for root, registry in report.registries.items()
                     if registry.inherited is not None and any(c.root in merged.registries for c in corpora
                                                                 if c.root != root)]
        merged.incidents += [i for i in report.incidents if i not in inherited]  # reported once, at its cause
        merged.files_checked += report.files_checked
        merged.documents += report.documents
        merged.corpora.update(report.corpora)
        merged.registries.update(report.registries)
    merged.incidents.sort(key=_order)
    return merged


def _versions_incidents(layout: CorpusLayout) -> list[Incident]:
    """The recorded dataset versions as the build reads them (a link or special file under versions/ is
    reported with the other files of READ_FOLDERS, not twice)."""
    from nato_corpus.dataset.versions import versions_problem

    problem = versions_problem(layout)
    if problem is None or (isinstance(problem, FileRefused) and problem.check == "unsafe-file"):
        return []
    return [Incident(problem.check or "invalid-versions", problem.message, problem.path or VERSIONS_FILE,
                     line=problem.line, field=problem.field)]


def _order(incident: Incident) -> tuple:
    """Findings sorted by file and line, except that a broken registry, the root cause of every reference
    finding, comes first."""
    return (incident.check not in _ROOT_CAUSES, incident.path, incident.line or 0, incident.column or 0,
            incident.check)


def _validate_one(layout: CorpusLayout, paths: Sequence[Path], *, keep: bool = False, jobs: int = 1,
                  derive: Derive | None = None, sink: Callable[[Any], None] | None = None) -> ValidationReport:
    """Validate one corpus folder (not its probe corpora), whole or the files and folders in `paths`; the
    documents are checked in `jobs` processes, in id order, in groups (validate_corpus's `derive`)."""
    report = ValidationReport()
    selection = _select(layout, paths)
    registry = check_registry(layout, selected=selection.registry)
    kept = CorpusRead(layout, registry)
    report.registries[layout.root] = registry
    report.incidents += registry.incidents
    report.files_checked += selection.registry
    report.incidents += selection.refused
    for path in selection.unexpected:
        report.add(Incident("unexpected-file", "not part of the corpus layout (articles/<doc_id>.txt|.json, "
                            f"annotations/{'|'.join(ORIGINS)}/<doc_id>.jsonl, registry/entities.jsonl)",
                            layout.relative(path), severity="warning"))
    check = _GroupCheck(layout, registry.entities, keep, derive)
    doc_ids = sorted(selection.documents)
    groups = ([(doc_id, selection.documents[doc_id]) for doc_id in doc_ids[i:i + DOCUMENTS_PER_GROUP]]
              for i in range(0, len(doc_ids), DOCUMENTS_PER_GROUP))  # made as the processes take them
    for checked in progress(_each_checked(ordered_map(check, groups, jobs), sink), len(doc_ids), "validate"):
        report.documents += 1
        report.incidents += checked.incidents
        report.files_checked += checked.files_checked
        if keep:
            kept.documents.append(checked)
    if keep:
        report.corpora[layout.root] = kept
    _suppress_consequences(registry, report)
    report.incidents.sort(key=_order)
    return report


def _select(layout: CorpusLayout, paths: Sequence[Path]) -> _Selection:
    selection = _Selection(registry_files=(layout.registry_path, overlay_path(layout)))
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
    """Classify what a folder holds, `depth` levels down (None: all the way), without entering any link; the
    entries are taken one at a time as listed (the selection is sorted when it is checked)."""
    try:
        for entry in layout.iter_folder(folder):
            if entry.kind == "folder" and (depth is None or depth > 1):
                _select_folder(layout, entry.path, selection, None if depth is None else depth - 1)
            elif entry.kind == "folder":
                selection.unexpected.append(entry.path)
            elif entry.kind == "link" and entry.path.is_dir():
                selection.refused.append(_linked_folder(layout, entry.path))
            else:
                _classify(layout, entry, selection)
    except FileRefused as refused:  # the folder itself is a link or reached through one: never entered
        selection.refused.append(refusal_incident(refused))


def _select_root_files(layout: CorpusLayout, selection: _Selection) -> None:
    """The root files commands read must be regular files, and nothing at the root may be a link.

    No command follows a link at the root any more (a ``site`` link to ``..`` used to make ``render`` delete
    the checkout), but a committed link is never legitimate corpus content, so a pull request with one fails.
    Dot entries (.git, .venv, caches) are the reviewer's own and not looked at.
    """
    for entry in layout.list_folder(layout.root):
        if entry.kind in ("link", "special") and not entry.path.name.startswith(".") \
                and entry.path.name not in (*PROBE_FOLDERS, *ROOT_DOCUMENTS):  # those are reported below
            what = "a symbolic link" if entry.kind == "link" else "not a regular file or folder"
            selection.refused.append(Incident("unsafe-file", f"{what} at the corpus root; no command follows it, "
                                              "remove it", layout.relative(entry.path)))
    # Folders commands read files from, and every other folder of the checkout (code, tests, tools): a link in
    # one can lead an output path named through it into the gold files (tools/out -> ../annotations/human), so
    # none may hold a link or a special file.  articles/ and annotations/ are classified file by file instead.
    folders = [entry.path for entry in layout.list_folder(layout.root) if entry.kind == "folder"
               and not entry.path.name.startswith(".") and entry.path.name not in _CLASSIFIED_FOLDERS
               and layout.kind_of(entry.path / "pyvenv.cfg") == "missing"]  # a venv/ is the reviewer's own, with links
    for folder in folders:
        for entry in files.walk_files(layout.access_root, folder):
            if entry.kind in ("link", "special") and entry.path not in selection.registry_files:  # said there
                what = "a symbolic link" if entry.kind == "link" else "not a regular file"
                why = ("only regular files are read" if folder.name in READ_FOLDERS
                       else "no command follows it, remove it")
                selection.refused.append(Incident("unsafe-file", f"{what}; {why}", layout.relative(entry.path)))
    for name in ROOT_DOCUMENTS:
        path = layout.root / name
        if layout.kind_of(path) != "missing":  # checked as the build will read it, but not read twice
            try:
                files.check_file(layout.access_root, path, "document", layout.relative(path))
            except FileRefused as refused:
                selection.refused.append(refusal_incident(refused))


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
    if path in selection.registry_files:
        selection.registry = True
    elif parent.name == "articles" and path.suffix in (".txt", ".json"):
        _choose(selection, path.stem, ALL_ORIGINS)
    elif path.suffix == ".jsonl":  # annotations/<origin>/<doc_id>.jsonl, or a contributor's file elsewhere
        in_annotations = parent.parent == layout.root / "annotations"
        if in_annotations and parent.name not in ORIGINS:
            _unexpected(layout, entry, selection)  # annotations/<not an origin>/: no command reads it
        else:
            _choose(selection, path.stem, path, canonical=in_annotations)
    else:
        _unexpected(layout, entry, selection)


def _unexpected(layout: CorpusLayout, entry: Entry, selection: _Selection) -> None:
    """A file no command reads: a warning, unless it is a link or a special file, which is never legitimate
    corpus content (a pull request with one fails, as one anywhere in a folder commands read does)."""
    if entry.kind in ("link", "special"):
        what = "a symbolic link" if entry.kind == "link" else "not a regular file"
        selection.refused.append(Incident("unsafe-file", f"{what}, and not part of the corpus layout; no command "
                                          "follows it, remove it", layout.relative(entry.path)))
    else:
        selection.unexpected.append(entry.path)


def _choose(selection: _Selection, doc_id: str, item: Path | str, canonical: bool = False) -> None:
    """Add a file (or ALL_ORIGINS) to what is checked of `doc_id`.  A document checked whole finds its own
    annotations/<origin>/<doc_id>.jsonl files again when it is checked (_GroupCheck), so they are not kept."""
    chosen = selection.documents.get(doc_id)
    if chosen is None:
        selection.documents[doc_id] = _WHOLE_DOCUMENT if item == ALL_ORIGINS else {item}
    elif chosen is _WHOLE_DOCUMENT:
        if not canonical and item != ALL_ORIGINS:
            selection.documents[doc_id] = {ALL_ORIGINS, item}
    else:
        assert isinstance(chosen, set)
        chosen.add(item)


def _linked_folder(layout: CorpusLayout, path: Path) -> Incident:
    return Incident("unsafe-file", "folder is a symbolic link; nothing is read through it", layout.relative(path))


# Findings that make later findings meaningless: reported first, and their consequences are dropped.
_ROOT_CAUSES = frozenset({"registry-unreadable"})


def _suppress_consequences(registry: RegistryCheck, report: ValidationReport) -> None:
    """Drop `unknown-entity-id` findings that a broken registry (already reported) explains."""
    if not (registry.broken or registry.broken_ids):
        return
    quoted = {f"{name} {key!r} is not in the registry" for key in registry.broken_ids
              for name in ("entity_id", "speaker_entity_id")}
    report.incidents = [i for i in report.incidents if i.check != "unknown-entity-id"
                        or not (registry.broken or i.message in quoted)]


def _each_checked(groups: Iterator[tuple[list[CheckedDocument], Any]],
                  sink: Callable[[Any], None] | None) -> Iterator[CheckedDocument]:
    """The checked documents of each group, handing what was derived from the group to `sink` first."""
    for checked, derived in groups:
        if sink is not None and derived is not None:
            sink(derived)
        yield from checked


class _GroupCheck:
    """Check a group of documents of the selection, and derive from the valid ones: what each process of
    ``--jobs`` runs.  Without `keep` only the findings come back (a worker does not send texts and annotations
    it was not asked to keep)."""

    def __init__(self, layout: CorpusLayout, registry: dict[str, RegistryEntity], keep: bool,
                 derive: Derive | None) -> None:
        self.layout, self.registry, self.keep, self.derive = layout, registry, keep, derive
        self._origin_folders: list[Path] | None = None  # listed once per process, not once per document

    def __call__(self, group: list[tuple[str, Chosen]]) -> tuple[list[CheckedDocument], Any]:
        checked = [self._check(item) for item in group]
        derived = None
        if self.derive is not None:
            valid = [document.document() for document in checked if document.valid]
            derived = self.derive(self.layout, valid) if valid else None
        if not self.keep:
            checked = [CheckedDocument(c.doc_id, incidents=c.incidents, files_checked=c.files_checked)
                       for c in checked]
        return checked, derived

    def _check(self, item: tuple[str, Chosen]) -> CheckedDocument:
        doc_id, selected = item
        layout = self.layout
        annotation_files = {p for p in selected if isinstance(p, Path)}
        if ALL_ORIGINS in selected:
            if self._origin_folders is None:
                self._origin_folders = origin_folders(layout)
            candidates = (folder / f"{doc_id}.jsonl" for folder in self._origin_folders)
            annotation_files |= {path for path in candidates
                                 if path in annotation_files or layout.kind_of(path) != "missing"}
        return check_document(layout, doc_id, annotation_files, self.registry)
