"""Dataset versions and the changelog between them: ``DATASET_VERSIONS.json`` at the corpus root.

A released version records a *manifest* of what the dataset published: per document (corpus articles by doc_id,
probe texts as ``<probe split>/<doc_id>``) its text's sha256 and one fingerprint per annotation, keyed by
``<origin>/<layer>/<start>-<end>`` (the fingerprint is a hash of everything but the annotation's file-local
``id``, so renumbering is no change).  ``nato-corpus build --record-version VERSION`` appends the current manifest;
the card's ``changelog`` region and Croissant's ``version`` are derived from the file and the corpus as it is now,
so two builds of the same corpus stay byte-identical.  This module is the one parser of the file.
"""

from __future__ import annotations

import datetime
import hashlib
import json
import re
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Final

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from nato_corpus.corpus import CorpusError, CorpusLayout, Document
from nato_corpus.schema import LAYERS, ORIGINS

VERSIONS_FILE: Final = "DATASET_VERSIONS.json"
UNRELEASED: Final = "unreleased"
_VERSION = re.compile(r"^\d+\.\d+\.\d+$")
_LISTED: Final = 10  # document ids named per change line; the rest are counted


class DocumentManifest(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)
    text_sha256: str
    annotations: dict[str, str]  # "<origin>/<layer>/<start>-<end>" -> fingerprint


class Release(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)
    version: str = Field(pattern=_VERSION.pattern)
    date: str = Field(pattern=r"^\d{4}-\d{2}-\d{2}$")
    documents: dict[str, DocumentManifest]


class VersionsFile(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)
    releases: list[Release]  # oldest first


class VersionError(CorpusError):
    """DATASET_VERSIONS.json is unreadable or a version cannot be recorded; the message says why in one line."""


# json.dumps(fields, sort_keys=True, ensure_ascii=False), made once (dumps makes an encoder per call with them)
_CANONICAL_JSON: Final = json.JSONEncoder(sort_keys=True, ensure_ascii=False)


def _fingerprint(annotation: object) -> str:
    fields = annotation.model_dump(mode="json")  # type: ignore[attr-defined]
    fields.pop("id")
    return hashlib.sha256(_CANONICAL_JSON.encode(fields).encode("utf-8")).hexdigest()[:16]


def document_manifest(document: Document, origins: Iterable[str] = ORIGINS) -> DocumentManifest:
    annotations = {}
    for origin in origins:
        for layer in LAYERS:
            for annotation in document.layer(origin, layer) or []:
                annotations[f"{origin}/{layer}/{annotation.start}-{annotation.end}"] = _fingerprint(annotation)
    return DocumentManifest(text_sha256=document.metadata.text_sha256, annotations=annotations)


def manifest(documents: Iterable[Document], probes: dict[str, list[Document]]) -> dict[str, DocumentManifest]:
    """What a build publishes, keyed as the module docstring says, in key order."""
    found = {document.doc_id: document_manifest(document) for document in documents}
    found.update({f"{split}/{document.doc_id}": document_manifest(document, ("human",))  # probes: gold only
                  for split, listed in probes.items() for document in listed})
    return dict(sorted(found.items()))


def read_versions(layout: CorpusLayout) -> list[Release]:
    """The recorded releases, oldest first; [] without the file.  A broken file is a one-line VersionError."""
    path = layout.root / VERSIONS_FILE
    if layout.kind_of(path) == "missing":
        return []
    raw = layout.read_bytes(path, "document")
    try:
        releases = VersionsFile.model_validate_json(raw).releases
    except ValidationError as exc:
        first = exc.errors()[0]
        where = ".".join(str(part) for part in first["loc"])
        raise VersionError(f"{VERSIONS_FILE}: {where}: {first['msg']}") from None
    seen = [release.version for release in releases]
    if len(set(seen)) != len(seen) or seen != sorted(seen, key=_version_key):
        raise VersionError(f"{VERSIONS_FILE}: versions must be unique and in increasing order, found {seen}")
    return releases


def _version_key(version: str) -> tuple[int, ...]:
    return tuple(int(part) for part in version.split("."))


@dataclass(frozen=True)
class Change:
    """What changed from one manifest to the next, counted per document and per origin/layer."""

    documents_added: list[str]
    documents_removed: list[str]
    texts_changed: list[str]
    annotations: dict[str, tuple[int, int, int]]  # "<origin>/<layer>" -> (added, removed, changed)

    def is_empty(self) -> bool:
        return not (self.documents_added or self.documents_removed or self.texts_changed
                    or any(any(counts) for counts in self.annotations.values()))


@dataclass(frozen=True)
class NewDocument:
    """A document the newest release does not hold: every annotation of it is added, so a build counts them per
    "<origin>/<layer>" (distinct spans, as a manifest keys them) instead of fingerprinting each one."""

    annotations: dict[str, int]


class PendingChange:
    """:func:`compare` of a recorded manifest with the current one, fed one document at a time, so that a build
    that streams the corpus never holds the current manifest (a fingerprint per annotation)."""

    def __init__(self, old: dict[str, DocumentManifest]) -> None:
        self.old = old
        self.documents = 0  # entries of the current manifest seen so far
        self._seen: set[str] = set()
        self._added: list[str] = []
        self._texts_changed: list[str] = []
        self._counts: dict[str, list[int]] = {f"{o}/{layer}": [0, 0, 0] for o in ORIGINS for layer in LAYERS}

    def _count(self, before: dict[str, str], after: dict[str, str]) -> None:
        for key in set(before) | set(after):
            bucket = self._counts.setdefault(key.rsplit("/", 1)[0], [0, 0, 0])
            if key not in before:
                bucket[0] += 1
            elif key not in after:
                bucket[1] += 1
            elif before[key] != after[key]:
                bucket[2] += 1

    def add(self, key: str, current: DocumentManifest | NewDocument) -> None:
        self.documents += 1
        self._seen.add(key)
        previous = self.old.get(key)
        if isinstance(current, NewDocument):
            if previous is not None:
                raise ValueError(f"{key} is in the newest release: its manifest is needed, not only its counts")
            self._added.append(key)
            for layer_key, count in current.annotations.items():
                self._counts.setdefault(layer_key, [0, 0, 0])[0] += count
            return
        if previous is None:
            self._added.append(key)
        elif previous.text_sha256 != current.text_sha256:
            self._texts_changed.append(key)
        self._count(previous.annotations if previous is not None else {}, current.annotations)

    def change(self) -> Change:
        removed = sorted(set(self.old) - self._seen)
        counts = {key: list(bucket) for key, bucket in self._counts.items()}
        for doc_id in removed:
            for key in self.old[doc_id].annotations:
                counts.setdefault(key.rsplit("/", 1)[0], [0, 0, 0])[1] += 1
        return Change(documents_added=sorted(self._added), documents_removed=removed,
                      texts_changed=sorted(self._texts_changed),
                      annotations={key: (a, r, c) for key, (a, r, c) in counts.items()})


def compare(old: dict[str, DocumentManifest], new: dict[str, DocumentManifest]) -> Change:
    pending = PendingChange(old)
    for key, current in new.items():
        pending.add(key, current)
    return pending.change()


def pending_change(releases: list[Release]) -> PendingChange:
    """The change since the newest release (since nothing without one), to be fed the current manifest."""
    return PendingChange(releases[-1].documents if releases else {})


def dataset_version(releases: list[Release], pending: Change) -> str:
    """The newest release when the corpus still publishes exactly it (`pending` is the change since it), else
    '<newest>+unreleased'."""
    if not releases:
        return f"0.0.0+{UNRELEASED}"
    newest = releases[-1]
    return newest.version if pending.is_empty() else f"{newest.version}+{UNRELEASED}"


def record_version(layout: CorpusLayout, version: str, current: dict[str, DocumentManifest],
                   today: datetime.date | None = None) -> Release:
    """Append `current` as release `version` to DATASET_VERSIONS.json (written atomically)."""
    releases = read_versions(layout)
    if not _VERSION.match(version):
        raise VersionError(f"--record-version {version!r}: a version is MAJOR.MINOR.PATCH")
    if releases and _version_key(version) <= _version_key(releases[-1].version):
        raise VersionError(f"--record-version {version}: not newer than the last recorded {releases[-1].version}")
    if releases and compare(releases[-1].documents, current).is_empty():
        raise VersionError(f"--record-version {version}: nothing changed since {releases[-1].version}")
    release = Release(version=version, date=(today or datetime.date.today()).isoformat(), documents=current)
    text = VersionsFile(releases=[*releases, release]).model_dump_json(indent=1) + "\n"
    layout.write_bytes(layout.root / VERSIONS_FILE, text.encode("utf-8"))
    return release


def _change_lines(change: Change) -> list[str]:
    lines = []
    for label, listed in (("documents added", change.documents_added), ("documents removed",
                                                                          change.documents_removed),
                          ("texts changed", change.texts_changed)):
        if listed:
            shown = ", ".join(f"`{d}`" for d in listed[:_LISTED])
            more = f" and {len(listed) - _LISTED} more" if len(listed) > _LISTED else ""
            lines.append(f"  - {label} ({len(listed)}): {shown}{more}")
    for key, (added, removed, changed) in change.annotations.items():
        if added or removed or changed:
            lines.append(f"  - {key} annotations: +{added} added, -{removed} removed, {changed} changed")
    return lines or ["  - no change"]


def changelog_lines(releases: list[Release], pending: Change, documents: int) -> list[str]:
    """The card's changelog, newest first: unreleased changes (`pending`, to a manifest of `documents`
    entries), then each release against the one before."""
    lines: list[str] = []
    previous: dict[str, DocumentManifest] = {}
    entries = []
    for release in releases:
        entries.append((f"**{release.version}** ({release.date}, {len(release.documents)} documents)",
                        compare(previous, release.documents)))
        previous = release.documents
    if not releases or not pending.is_empty():
        entries.append((f"**{dataset_version(releases, pending)}** (this build, {documents} documents, not "
                        "recorded as a version)", pending))
    for title, change in reversed(entries):
        lines += [f"- {title}:", *_change_lines(change)]
    return lines


def current_manifest(layout: CorpusLayout, documents: Iterable[Document]) -> dict[str, DocumentManifest]:
    """The manifest of what a build of `layout` publishes: `documents` as read, and its probe corpora."""
    from nato_corpus.dataset.features import probe_split
    from nato_corpus.validate.documents import iter_documents

    probes = {probe_split(layout.relative(probe.root)): list(iter_documents(probe))
              for probe in layout.probe_corpora()}
    return manifest(documents, probes)
