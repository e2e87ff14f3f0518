"""Corpus I/O: where files live, how they are read, and how annotation files are written.

Layout (relative to the corpus root):

    articles/<doc_id>.txt             the article text, bytes exactly as received
    articles/<doc_id>.json            its ArticleMetadata, pretty-printed
    annotations/<origin>/<doc_id>.jsonl   one file per article and origin (human | rule): a header line,
                                      then one annotation per line, sorted by offset
    registry/entities.jsonl           the entity registry, one entity per line

Every read and write goes through :mod:`nato_corpus.files` (no links, no special files, size limits, inside
the root); writes go to a temporary file that is renamed into place, so a crash never leaves half a file.
"""

from __future__ import annotations

import hashlib
import json
import os
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import Any, Final, Literal

from nato_corpus import files
from nato_corpus.files import CorpusError
from nato_corpus.schema import (
    LAYERS,
    MODEL_BY_LAYER,
    Annotation,
    AnnotationFileHeader,
    ArticleMetadata,
)


@dataclass(frozen=True)
class ProbeCorpus:
    """A probe corpus kept inside the corpus: synthetic texts with a gold layer, to see how the rules generalise."""

    path: str  # relative to the corpus root, POSIX
    role: Literal["development", "held-out"]  # development: the rules are tuned on its errors; held-out: only scored

    @property
    def name(self) -> str:
        return self.path.rsplit("/", 1)[-1]


# The probe corpora, declared once (every command, the card, the scripts and the tests derive theirs from this):
# "development" (the rules are improved by looking at their errors there), "heldout" (six texts, partly read by
# the rule maintainer before a tuning round) and "heldout-fresh" (six texts written after the rules' last change,
# scored once); see probes/README.md.
PROBE_CORPORA: Final = (
    ProbeCorpus("probes/development", "development"),
    ProbeCorpus("probes/heldout", "held-out"),
    ProbeCorpus("probes/heldout-fresh", "held-out"),
)
MAX_TEXT_BYTES: Final = files.LIMITS["text"]
# the recorded dataset versions and their manifests (parsed by nato_corpus.dataset.versions only)
VERSIONS_FILE: Final = "DATASET_VERSIONS.json"
VERSIONS_FOLDER: Final = "versions"

__all__ = ["CorpusError", "CorpusLayout", "Document"]  # and the functions below

@dataclass(frozen=True)
class CorpusLayout:
    """Paths of one corpus folder; every other module asks this object instead of joining paths itself."""

    root: Path
    shown_from: Path | None = None  # messages show paths relative to this folder (default: root)
    # the corpus folder that holds this one (a probe corpus inside its parent): files are only read from below
    # it, through real folders, so a probe folder that is a link is refused
    within: Path | None = None

    @property
    def access_root(self) -> Path:
        return self.within or self.root

    @property
    def articles_dir(self) -> Path:
        return self.root / "articles"

    @property
    def registry_path(self) -> Path:
        return self.root / "registry" / "entities.jsonl"

    def annotations_dir(self, origin: str) -> Path:
        return self.root / "annotations" / origin

    def text_path(self, doc_id: str) -> Path:
        return self.articles_dir / f"{doc_id}.txt"

    def metadata_path(self, doc_id: str) -> Path:
        return self.articles_dir / f"{doc_id}.json"

    def annotation_path(self, origin: str, doc_id: str) -> Path:
        return self.annotations_dir(origin) / f"{doc_id}.jsonl"

    def doc_ids(self) -> list[str]:
        """Every document with a metadata file, sorted so that runs are deterministic.

        A metadata "file" that is a link or special file is listed too, so that reading it is refused loudly
        instead of the document silently disappearing; a linked articles/ folder raises FileRefused.
        """
        # from the unsorted listing, one entry at a time: a sorted list of 200,000 entries (a Path each) was the
        # peak of annotate's memory at N = 100,000, and was never given back to the system
        return sorted(e.path.stem for e in files.iter_folder(self.access_root, self.articles_dir)
                      if e.path.suffix == ".json" and e.kind != "folder")

    def read_bytes(self, path: Path, kind: files.FileKind) -> bytes:
        """A file of this corpus through the file-access layer (FileRefused names it as `relative` does)."""
        return files.read_bytes(self.access_root, path, kind, shown=self.relative(path))

    def kind_of(self, path: Path) -> files.EntryKind:
        return files.kind_of(self.access_root, path)

    def list_folder(self, folder: Path) -> list[files.Entry]:
        return files.list_folder(self.access_root, folder)

    def iter_folder(self, folder: Path) -> Iterator[files.Entry]:
        return files.iter_folder(self.access_root, folder)

    def write_bytes(self, path: Path, data: bytes) -> None:
        files.write_bytes(self.access_root, path, data, shown=self.relative(path))

    def relative(self, path: Path) -> str:
        """Path as shown in messages: relative to the corpus root (or `shown_from`) when inside it."""
        base = self.shown_from or self.root
        absolute, folder = os.path.abspath(path), os.path.abspath(base)
        if absolute.startswith(folder + os.sep):  # the usual case, without pathlib's cost per file
            return absolute[len(folder) + 1:].replace(os.sep, "/")
        for candidate, folder in ((Path(os.path.abspath(path)), Path(os.path.abspath(base))),  # a link stays named
                                  (path.resolve(), base.resolve())):
            if candidate.is_relative_to(folder):
                return candidate.relative_to(folder).as_posix()
        return str(path)

    def probe_corpora(self, role: str | None = None) -> list[CorpusLayout]:
        """The probe corpora kept inside this one (same layout), in `PROBE_CORPORA` order; only those of `role`
        ("development" or "held-out") when given.

        They hold synthetic texts with a gold layer, to see how the rules generalise; they are validated and
        rule-annotated with their parent corpus but never published in the Hugging Face dataset.  A folder on the
        way to one that is a link or not a folder is refused (FileRefused), never entered.
        """
        found = []
        for probe in PROBE_CORPORA:
            if role is not None and probe.role != role:
                continue
            folder = self.root
            for part in probe.path.split("/"):
                folder = folder / part
                kind = self.kind_of(folder)
                if kind == "missing":
                    break
                if kind != "folder":
                    raise files.FileRefused("unsafe-file", self.relative(folder), f"probe corpus folder is a {kind}, "
                                            "not a real folder; only regular files inside the corpus are read")
            else:
                if self.kind_of(folder / "articles") == "folder":
                    found.append(CorpusLayout(folder, shown_from=self.root, within=self.access_root))
        return found

    def probe_corpus(self, name: str) -> CorpusLayout | None:
        """The probe corpus of that name (the last part of its path: "development", "heldout", ...), if present."""
        return next((probe for probe in self.probe_corpora() if probe.root.name == name), None)

    def corpora(self) -> list[CorpusLayout]:
        """This corpus and its probe corpora: what validate and annotate work on."""
        return [self, *self.probe_corpora()]


# A folder is a corpus when it holds both of these folders; commands use the nearest such folder at or above
# the current directory when no --root is given (the way git finds its repository).
CORPUS_MARKERS: Final = ("articles", "registry")


def is_corpus_root(folder: Path) -> bool:
    return all((folder / name).is_dir() for name in CORPUS_MARKERS)


def find_corpus_root(start: Path) -> Path | None:
    """The nearest folder at or above `start` that is a corpus, or None."""
    start = Path(os.path.abspath(start))
    return next((folder for folder in (start, *start.parents) if is_corpus_root(folder)), None)


# Chronological split rule: fixed cut-off dates on the anchor date, so an article's split never changes
# when the corpus grows, and the test split measures generalisation to later events (temporal drift).
SPLIT_CUTOFFS: Final = (("2024-07-01", "train"), ("2025-01-01", "validation"))


def split_for_anchor(anchor: str) -> str:
    """train before 2024-07-01, validation before 2025-01-01, test from then on (ISO dates compare as text)."""
    for cutoff, split in SPLIT_CUTOFFS:
        if anchor < cutoff:
            return split
    return "test"


def sha256_bytes(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def atomic_write_bytes(path: Path, data: bytes) -> None:
    """Write a file the user named (an export, a report) atomically; never through a link at `path`."""
    files.write_user_file(path, data)


def atomic_write_text(path: Path, text: str) -> None:
    atomic_write_bytes(path, text.encode("utf-8"))


# --- data read from a corpus (parsed and checked only by nato_corpus.validate; see validate/documents.py) -----


def read_text(layout: CorpusLayout, doc_id: str) -> str:
    """An article's text (no parsing: the bytes through the file-access layer, decoded)."""
    path = layout.text_path(doc_id)
    data = layout.read_bytes(path, "text")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise CorpusError(f"{layout.relative(path)}: cannot read article text: {exc}") from None


@dataclass(frozen=True)
class AnnotationFile:
    """The parsed content of one annotation file."""

    header: AnnotationFileHeader
    annotations: tuple[Annotation, ...]

    def by_layer(self, layer: str) -> list[Annotation]:
        return list(self._layers.get(layer, ()))  # a new list: the caller may change it

    @cached_property
    def _layers(self) -> dict[str, tuple[Annotation, ...]]:
        """The annotations of each layer in file order, grouped once (a build asks for each layer many times)."""
        grouped: dict[str, list[Annotation]] = {}
        for annotation in self.annotations:
            grouped.setdefault(annotation.layer, []).append(annotation)
        return {layer: tuple(items) for layer, items in grouped.items()}


@dataclass(frozen=True)
class Document:
    """An article with its metadata and the annotation files that exist for it."""

    metadata: ArticleMetadata
    text: str
    annotations: dict[str, AnnotationFile] = field(default_factory=dict)  # origin -> file

    @property
    def doc_id(self) -> str:
        return self.metadata.doc_id

    def layer(self, origin: str, layer: str) -> list[Annotation] | None:
        """Annotations of one layer, [] when annotated with no spans, None when not annotated."""
        file = self.annotations.get(origin)
        if file is None or layer not in file.header.layers:
            return None
        return file.by_layer(layer)




# --- writing ---------------------------------------------------------------------------------------------

_LEADING_KEYS: Final = ("id", "layer", "start", "end", "text")
_TRAILING_KEYS: Final = ("origin", "annotator", "annotator_kind")


def annotation_record(annotation: Annotation) -> dict[str, Any]:
    """JSON record with a fixed key order (id, layer, span, layer fields, provenance) for readable diffs."""
    data = annotation.model_dump(mode="json")
    middle = [k for k in MODEL_BY_LAYER[annotation.layer].model_fields if k not in _LEADING_KEYS + _TRAILING_KEYS]
    return {k: data[k] for k in (*_LEADING_KEYS, *middle, *_TRAILING_KEYS)}


def sort_key(annotation: Annotation) -> tuple[int, int, int, str]:
    return annotation.start, annotation.end, LAYERS.index(annotation.layer), annotation.id


def format_annotation_file(header: AnnotationFileHeader, annotations: Iterable[Annotation]) -> str:
    """Canonical text of an annotation file: header line, then one annotation per line in offset order."""
    lines = [json.dumps(header.model_dump(mode="json"), ensure_ascii=False)]
    lines += [json.dumps(annotation_record(a), ensure_ascii=False) for a in sorted(annotations, key=sort_key)]
    return "\n".join(lines) + "\n"


def write_annotations(
    layout: CorpusLayout, header: AnnotationFileHeader, annotations: Iterable[Annotation]
) -> Path:
    path = layout.annotation_path(header.origin, header.doc_id)
    layout.write_bytes(path, format_annotation_file(header, annotations).encode("utf-8"))
    return path
