"""Dataset versions and the changelog between them: ``DATASET_VERSIONS.json`` and ``versions/`` at the corpus root.

``DATASET_VERSIONS.json`` lists the released versions, oldest first: each its date, how many documents it
published, how many shards its manifest has, and what changed since the version before (counted when it was
recorded, so the changelog never re-reads an old manifest).  A release's *manifest* is
``versions/<version>/<nnnnn>.jsonl``: one line per document (corpus articles by doc_id, then probe texts as
``<probe split>/<doc_id>``, in :func:`manifest_order`), with its text's sha256 and one fingerprint per annotation,
keyed by ``<origin>/<layer>/<start>-<end>`` (a hash of everything but the file-local ``id``, so renumbering is no
change).  A shard holds about ``SHARD_BYTES``: a build reads the newest manifest a shard at a time and merges it
with the corpus, which it streams in the same order, so neither one file nor the build's memory grows with the
corpus.  ``nato-corpus build --record-version VERSION`` writes a new manifest the same way; the card's
``changelog`` region and Croissant's ``version`` are derived from these files and the corpus as it is now, so
two builds of the same corpus stay byte-identical.  This module is the one parser of both file kinds.
"""

from __future__ import annotations

import datetime
import hashlib
import json
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Annotated, Final

from pydantic import BaseModel, ConfigDict, Field, StringConstraints, ValidationError

from nato_corpus import files
from nato_corpus.corpus import VERSIONS_FILE, VERSIONS_FOLDER, CorpusError, CorpusLayout, Document
from nato_corpus.schema import LAYERS, ORIGINS
from nato_corpus.schema.base import DOC_ID_PATTERN
from nato_corpus.validate.reading import duplicate_key

UNRELEASED: Final = "unreleased"
# A manifest shard is closed once it holds this many bytes: well inside the file-access layer's "manifest"
# limit with one more document (whose annotation file is itself limited), small enough to read whole.
SHARD_BYTES: Final = 8_000_000
_LISTED: Final = 10  # document ids named per change line; the rest are counted

# Every string of both file kinds has a pattern (pydantic-core's Rust engine: $ is the end of the text), so that
# what reaches the card's changelog is ids and numbers, never markup; ASCII digits, no leading zero ("01.0.0"
# would be a second spelling of 1.0.0) and at most nine (int() of 5,000 digits is refused by Python itself).
_NUMBER: Final = "(?:0|[1-9][0-9]{0,8})"
_VERSION_BODY: Final = rf"{_NUMBER}\.{_NUMBER}\.{_NUMBER}"
_VERSION: Final = re.compile(_VERSION_BODY)  # fullmatch: "1.0.0\n" is no version (re's $ would allow it)
_ORIGIN_LAYER: Final = f"(?:{'|'.join(ORIGINS)})/(?:{'|'.join(LAYERS)})"
_OFFSET: Final = "(?:0|[1-9][0-9]{0,9})"

Count = Annotated[int, Field(ge=0)]
ManifestKey = Annotated[str, StringConstraints(pattern=rf"^(?:[a-z0-9_]{{1,64}}/)?{DOC_ID_PATTERN}$")]
AnnotationKey = Annotated[str, StringConstraints(pattern=rf"^{_ORIGIN_LAYER}/{_OFFSET}-{_OFFSET}$")]
LayerKey = Annotated[str, StringConstraints(pattern=rf"^{_ORIGIN_LAYER}$")]
Fingerprint = Annotated[str, StringConstraints(pattern=r"^[0-9a-f]{16}$")]


class _Record(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class DocumentManifest(_Record):
    text_sha256: Annotated[str, StringConstraints(pattern=r"^[0-9a-f]{64}$")]
    annotations: dict[AnnotationKey, Fingerprint]  # "<origin>/<layer>/<start>-<end>" -> fingerprint


class ManifestLine(DocumentManifest):
    """One line of a manifest shard: a document's key and its manifest."""

    key: ManifestKey

    def keys_given(self) -> int:
        """The keys of the JSON object this line held when no key was repeated (pydantic keeps the last)."""
        return 3 + len(self.annotations)


class Listed(_Record):
    """How many documents, and the first of them in manifest order (the changelog names these)."""

    count: Count
    first: tuple[ManifestKey, ...] = Field(max_length=_LISTED)


class Change(_Record):
    """What changed from one manifest to the next, counted per document and per origin/layer."""

    documents_added: Listed
    documents_removed: Listed
    texts_changed: Listed
    annotations: dict[LayerKey, tuple[Count, Count, Count]]  # "<origin>/<layer>" -> (added, removed, changed)

    def is_empty(self) -> bool:
        return not (self.documents_added.count or self.documents_removed.count or self.texts_changed.count
                    or any(any(counts) for counts in self.annotations.values()))


class Release(_Record):
    version: str = Field(pattern=f"^{_VERSION_BODY}$")
    date: str = Field(pattern=r"^[0-9]{4}-[0-9]{2}-[0-9]{2}$")
    documents: Count  # entries of its manifest
    shards: Count  # versions/<version>/00000.jsonl ... in order
    change: Change  # against the release before it (against nothing for the first)


class VersionsFile(_Record):
    releases: list[Release]  # oldest first


class VersionError(CorpusError):
    """DATASET_VERSIONS.json or a manifest is unreadable or a version cannot be recorded (one line, why)."""


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


def manifest_order(key: str) -> tuple[int, str, str]:
    """Where a manifest key sorts: the corpus's articles by doc_id, then the probe texts by split and doc_id
    (the order a build streams them in; a doc_id never holds a "/")."""
    split, _, doc_id = key.rpartition("/")
    return (1 if split else 0), split, doc_id


def current_manifest(layout: CorpusLayout) -> Iterator[tuple[str, DocumentManifest]]:
    """What a build of `layout` publishes, one document at a time in manifest order: its documents as the
    validator reads them, then its probe corpora (gold only)."""
    from nato_corpus.dataset.features import probe_split
    from nato_corpus.validate.documents import iter_documents

    for document in iter_documents(layout):
        yield document.doc_id, document_manifest(document)
    probes = sorted(((probe_split(layout.relative(probe.root)), probe) for probe in layout.probe_corpora()),
                    key=lambda pair: pair[0])
    for split, probe in probes:
        for document in iter_documents(probe):
            yield f"{split}/{document.doc_id}", document_manifest(document, ("human",))


def _first_error(exc: ValidationError) -> tuple[str | None, str]:
    """(the field, as a dotted path, or None for the JSON itself; the message) of pydantic's first error."""
    first = exc.errors()[0]
    return ".".join(str(part) for part in first["loc"]) or None, first["msg"]


def read_versions(layout: CorpusLayout) -> list[Release]:
    """The recorded releases, oldest first; [] without the file.  A broken file is a one-line VersionError."""
    path = layout.root / VERSIONS_FILE
    if layout.kind_of(path) == "missing":
        return []
    raw = layout.read_bytes(path, "document")
    try:
        releases = VersionsFile.model_validate_json(raw).releases
    except ValidationError as exc:
        where, message = _first_error(exc)
        raise VersionError(message, path=VERSIONS_FILE, field=where) from None
    repeated = duplicate_key(raw.decode("utf-8"))  # valid JSON, so valid UTF-8
    if repeated is not None:  # pydantic keeps the last silently: '"releases": [...], "releases": []' drops all
        raise VersionError(f"key {repeated!r} appears twice in one object", path=VERSIONS_FILE)
    seen = [release.version for release in releases]
    if len(set(seen)) != len(seen) or seen != sorted(seen, key=_version_key):
        raise VersionError(f"versions must be unique and in increasing order, found {seen}", path=VERSIONS_FILE,
                           field="releases")
    return releases


def shard_path(layout: CorpusLayout, version: str, number: int) -> Path:
    return layout.root / VERSIONS_FOLDER / version / f"{number:05d}.jsonl"


def iter_manifest(layout: CorpusLayout, release: Release) -> Iterator[ManifestLine]:
    """The manifest of `release`, a document at a time in manifest order, read a shard at a time through the
    file-access layer; a bad line, a key out of order or a count that differs from the release's is a
    one-line VersionError naming the shard, the line and the field."""
    last: tuple[int, str, str] | None = None
    count = 0
    for number in range(release.shards):
        path = shard_path(layout, release.version, number)
        shown = layout.relative(path)
        for line_no, line in enumerate(layout.read_bytes(path, "manifest").split(b"\n"), start=1):
            if not line:
                continue
            try:
                entry = ManifestLine.model_validate_json(line)
            except ValidationError as exc:
                where, message = _first_error(exc)
                raise VersionError(message, path=shown, line=line_no, field=where) from None
            if line.count(b":") != entry.keys_given():  # no pattern above lets a value hold a colon
                repeated = duplicate_key(line.decode("utf-8"))
                raise VersionError(f"key {repeated!r} appears twice in one object", path=shown, line=line_no)
            order = manifest_order(entry.key)
            if last is not None and order <= last:
                raise VersionError(f"{entry.key!r} does not come after the document before it: a manifest lists "
                                   "each document once, in manifest order", path=shown, line=line_no, field="key")
            last = order
            count += 1
            yield entry
    if count != release.documents:
        raise VersionError(f"{VERSIONS_FOLDER}/{release.version}: the manifest lists {count} documents, "
                           f"{VERSIONS_FILE} says {release.documents}")


def _version_key(version: str) -> tuple[int, ...]:
    return tuple(int(part) for part in version.split("."))


class _Listing:
    """A Listed being counted: documents come in manifest order, so the first ones seen are the first."""

    __slots__ = ("count", "first")

    def __init__(self) -> None:
        self.count, self.first = 0, []

    def add(self, key: str) -> None:
        self.count += 1
        if len(self.first) < _LISTED:
            self.first.append(key)

    def listed(self) -> Listed:
        return Listed(count=self.count, first=tuple(self.first))


@dataclass(frozen=True)
class NewDocument:
    """A document the newest release does not hold: every annotation of it is added, so a build counts them per
    "<origin>/<layer>" (distinct spans, as a manifest keys them) instead of fingerprinting each one."""

    annotations: dict[str, int]


class PendingChange:
    """The change from a recorded manifest (`old`, read lazily in manifest order) to the current one, fed one
    document at a time in the same order: the two are merged as they come, so a build that streams the corpus
    holds neither manifest.  `released` are the keys of `old` (the documents a build fingerprints)."""

    def __init__(self, old: Iterable[tuple[str, DocumentManifest]] = (), released: frozenset[str] = frozenset()) \
            -> None:
        self.released = released
        self.documents = 0  # entries of the current manifest seen so far
        self._old = iter(old)
        self._next = next(self._old, None)
        self._last: tuple[int, str, str] | None = None
        self._added, self._removed, self._texts_changed = _Listing(), _Listing(), _Listing()
        self._counts: dict[str, list[int]] = {f"{o}/{layer}": [0, 0, 0] for o in ORIGINS for layer in LAYERS}
        self._change: Change | None = None

    def _bucket(self, annotation_key: str) -> list[int]:
        return self._counts.setdefault(annotation_key.rsplit("/", 1)[0], [0, 0, 0])

    def _drop(self, key: str, manifest: DocumentManifest) -> None:
        self._removed.add(key)
        for annotation_key in manifest.annotations:
            self._bucket(annotation_key)[1] += 1

    def _previous(self, key: str) -> DocumentManifest | None:
        """The recorded manifest of `key`, if any, after counting as removed every recorded key before it."""
        if self._change is not None:
            raise ValueError("the change was already taken; nothing more can be added")
        order = manifest_order(key)
        if self._last is not None and order <= self._last:
            raise ValueError(f"{key} does not come after the document before it: documents are added in manifest "
                             "order")
        self._last = order
        while self._next is not None and manifest_order(self._next[0]) < order:
            self._drop(*self._next)
            self._next = next(self._old, None)
        if self._next is None or self._next[0] != key:
            return None
        previous = self._next[1]
        self._next = next(self._old, None)
        return previous

    def add(self, key: str, current: DocumentManifest | NewDocument) -> None:
        previous = self._previous(key)
        self.documents += 1
        if isinstance(current, NewDocument):
            if previous is not None:
                raise ValueError(f"{key} is in the newest release: its manifest is needed, not only its counts")
            self._added.add(key)
            for layer_key, count in current.annotations.items():
                self._counts.setdefault(layer_key, [0, 0, 0])[0] += count
            return
        if previous is None:
            self._added.add(key)
        elif previous.text_sha256 != current.text_sha256:
            self._texts_changed.add(key)
        before = previous.annotations if previous is not None else {}
        after = current.annotations
        for annotation_key in before.keys() | after.keys():
            bucket = self._bucket(annotation_key)
            if annotation_key not in before:
                bucket[0] += 1
            elif annotation_key not in after:
                bucket[1] += 1
            elif before[annotation_key] != after[annotation_key]:
                bucket[2] += 1

    def change(self) -> Change:
        """The change, once every current document was added (the recorded ones not seen are removed)."""
        if self._change is None:
            while self._next is not None:
                self._drop(*self._next)
                self._next = next(self._old, None)
            self._change = Change(documents_added=self._added.listed(), documents_removed=self._removed.listed(),
                                  texts_changed=self._texts_changed.listed(),
                                  annotations={key: (a, r, c) for key, (a, r, c) in self._counts.items()})
        return self._change


def compare(old: Iterable[tuple[str, DocumentManifest]], new: Iterable[tuple[str, DocumentManifest]]) -> Change:
    """The change from manifest `old` to manifest `new`, both in manifest order."""
    pending = PendingChange(old)
    for key, current in new:
        pending.add(key, current)
    return pending.change()


def _entries(manifest: Iterable[ManifestLine]) -> Iterator[tuple[str, DocumentManifest]]:
    return ((entry.key, entry) for entry in manifest)


def pending_change(layout: CorpusLayout, releases: list[Release]) -> PendingChange:
    """The change since the newest release (since nothing without one), to be fed the current manifest."""
    if not releases:
        return PendingChange()
    newest = releases[-1]
    released = frozenset(entry.key for entry in iter_manifest(layout, newest))  # read and checked whole once
    return PendingChange(_entries(iter_manifest(layout, newest)), released)


def dataset_version(releases: list[Release], pending: Change) -> str:
    """The newest release when the corpus still publishes exactly it (`pending` is the change since it), else
    '<newest>+unreleased'."""
    if not releases:
        return f"0.0.0+{UNRELEASED}"
    newest = releases[-1]
    return newest.version if pending.is_empty() else f"{newest.version}+{UNRELEASED}"


def _manifest_line(key: str, manifest: DocumentManifest) -> bytes:
    fields = {"key": key, "text_sha256": manifest.text_sha256, "annotations": manifest.annotations}
    return (_CANONICAL_JSON.encode(fields) + "\n").encode("utf-8")


def record_version(layout: CorpusLayout, version: str, current: Iterable[tuple[str, DocumentManifest]],
                   today: datetime.date | None = None) -> Release:
    """Record `current` (the manifest, in manifest order, e.g. :func:`current_manifest`) as release `version`:
    its shards are written one at a time into a new ``versions/<version>/``, then DATASET_VERSIONS.json is
    replaced atomically.  Refused (VersionError) before anything is written when the version is malformed or not
    newer, and with what was written removed when nothing changed or writing fails."""
    releases = read_versions(layout)
    if not _VERSION.fullmatch(version):
        raise VersionError(f"--record-version {version!r}: a version is MAJOR.MINOR.PATCH")
    if releases and _version_key(version) <= _version_key(releases[-1].version):
        raise VersionError(f"--record-version {version}: not newer than the last recorded {releases[-1].version}")
    folder = layout.root / VERSIONS_FOLDER / version
    if layout.kind_of(folder) != "missing":
        raise VersionError(f"--record-version {version}: {layout.relative(folder)} exists but is not a recorded "
                           f"release (left by an interrupted --record-version?); remove it")
    # the change since the newest release, merged as the new manifest is written (its keys are not needed here)
    pending = PendingChange(_entries(iter_manifest(layout, releases[-1])) if releases else ())
    made_versions_folder = layout.kind_of(folder.parent) == "missing"
    written: list[str] = []
    shard: list[bytes] = []

    def write_shard() -> None:
        path = shard_path(layout, version, len(written))
        written.append(path.name)  # before it is written: a failed write may leave it behind
        layout.write_bytes(path, b"".join(shard))
        shard.clear()

    try:
        size = 0
        for key, manifest in current:
            pending.add(key, manifest)
            shard.append(_manifest_line(key, manifest))
            size += len(shard[-1])
            if size >= SHARD_BYTES:
                write_shard()
                size = 0
        if shard:
            write_shard()
        change = pending.change()
        if releases and change.is_empty():
            raise VersionError(f"--record-version {version}: nothing changed since {releases[-1].version}")
        release = Release(version=version, date=(today or datetime.date.today()).isoformat(),
                          documents=pending.documents, shards=len(written), change=change)
        text = VersionsFile(releases=[*releases, release]).model_dump_json(indent=1) + "\n"
        layout.write_bytes(layout.root / VERSIONS_FILE, text.encode("utf-8"))
    except BaseException as exc:
        if written:
            files.remove_written(layout.access_root, folder, written)
            if made_versions_folder:  # the first recording made versions/ too: it goes if it is empty
                files.remove_written(layout.access_root, folder.parent, ())
        if isinstance(exc, OSError):  # a full disk, say: what failed is the recording, not the card after it
            raise VersionError(f"--record-version {version}: cannot write {layout.relative(folder)}/ or "
                               f"{VERSIONS_FILE}: {exc.strerror or exc}; nothing was recorded") from None
        raise
    return release


def versions_problem(layout: CorpusLayout) -> CorpusError | None:
    """The first thing wrong with DATASET_VERSIONS.json or any recorded manifest (every line of every shard is
    read, a shard at a time), or None: what ``validate`` checks, so that a pull request cannot hand the build a
    changelog it would refuse."""
    try:
        for release in read_versions(layout):
            for _ in iter_manifest(layout, release):
                pass
    except CorpusError as exc:
        return exc
    return None


def _change_lines(change: Change) -> list[str]:
    lines = []
    for label, listed in (("documents added", change.documents_added), ("documents removed",
                                                                          change.documents_removed),
                          ("texts changed", change.texts_changed)):
        if listed.count:
            shown = ", ".join(f"`{d}`" for d in listed.first)
            more = f" and {listed.count - len(listed.first)} more" if listed.count > len(listed.first) else ""
            lines.append(f"  - {label} ({listed.count}): {shown}{more}")
    for key, (added, removed, changed) in change.annotations.items():
        if added or removed or changed:
            lines.append(f"  - {key} annotations: +{added} added, -{removed} removed, {changed} changed")
    return lines or ["  - no change"]


def changelog_lines(releases: list[Release], pending: Change, documents: int) -> list[str]:
    """The card's changelog, newest first: unreleased changes (`pending`, to a manifest of `documents`
    entries), then each release against the one before (as recorded with it)."""
    entries = [(f"**{release.version}** ({release.date}, {release.documents} documents)", release.change)
               for release in releases]
    if not releases or not pending.is_empty():
        entries.append((f"**{dataset_version(releases, pending)}** (this build, {documents} documents, not "
                        "recorded as a version)", pending))
    lines: list[str] = []
    for title, change in reversed(entries):
        lines += [f"- {title}:", *_change_lines(change)]
    return lines
