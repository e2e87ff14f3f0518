"""Library side of ``nato-corpus annotate``: regenerate, check and apply the rule (silver) layer.

The rule layer is a pure function of the article text, its anchor date and its unannotated zones, so the
committed ``annotations/rule/*.jsonl`` can be checked for staleness byte for byte, and any text (a file,
or the rows of a ``datasets.Dataset``) can be annotated the same way.
"""

from __future__ import annotations

import copy
import datetime as dt
import functools
import re
import sys
import unicodedata
from collections import deque
from collections.abc import Iterable, Iterator, Mapping, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any, Final

from pydantic import TypeAdapter, ValidationError

from nato_corpus.corpus import (
    MAX_TEXT_BYTES,
    CorpusError,
    CorpusLayout,
    Document,
    annotation_record,
    format_annotation_file,
    sha256_bytes,
)
from nato_corpus.dataset.rows import annotation_row, with_label_names
from nato_corpus.files import FileRefused, read_user_file
from nato_corpus.parallel import ordered_map, progress
from nato_corpus.rules import anchor_days, annotate_text
from nato_corpus.rules.entities import RegistryIndex, index_registry, registry_index
from nato_corpus.schema import (
    LAYERS,
    UNANNOTATED_ZONES,
    Annotation,
    AnnotationFileHeader,
    ArticleMetadata,
    RegistryEntity,
)
from nato_corpus.schema.base import DocId
from nato_corpus.validate import CorpusRead
from nato_corpus.validate.documents import (
    CheckedDocument,
    check_registry,
    load_document,
    read_documents,
    recheck_annotation_file,
)

if TYPE_CHECKING:
    from datasets import Features

RULE_ORIGIN: Final = "rule"
BATCH_COLUMNS: Final = tuple(f"rule_{layer}" for layer in LAYERS)  # output columns of annotate_batch
_DOC_ID: Final = TypeAdapter(DocId)


def skip_zones(metadata: ArticleMetadata) -> tuple[tuple[int, int], ...]:
    """Half-open spans of the zones no layer annotates (boilerplate, credits, artifacts)."""
    return tuple((z.start, z.end) for z in metadata.zones if z.kind in UNANNOTATED_ZONES)


def parse_anchor(value: object, what: str = "published", month: bool = True) -> dt.date | str:
    """A YYYY-MM-DD anchor as a date, or (with `month`) a YYYY-MM month as that string, which
    :func:`nato_corpus.rules.annotate_text` resolves at month precision; else a ValueError naming `what`."""
    shapes = "a YYYY-MM-DD date or a YYYY-MM month" if month else "a YYYY-MM-DD date"
    pattern = r"[0-9]{4}-[0-9]{2}(?:-[0-9]{2})?" if month else r"[0-9]{4}-[0-9]{2}-[0-9]{2}"
    if not isinstance(value, str) or not re.fullmatch(pattern, value):
        raise ValueError(f"{what}: {value!r} is not {shapes}")
    try:
        days = anchor_days(value)
    except ValueError:
        raise ValueError(f"{what}: {value!r} is not a calendar {'date' if len(value) == 10 else 'month'}") from None
    return days[0] if len(days) == 1 else value


def slugify(name: str) -> str:
    """A document id from a file name: 'NATO Summit (Draft).txt' -> 'nato-summit-draft'."""
    stem = Path(name).name
    stem = stem[: -len(Path(stem).suffix)] if Path(stem).suffix else stem
    ascii_stem = unicodedata.normalize("NFKD", stem).encode("ascii", "ignore").decode("ascii")
    slug = re.sub(r"[^a-z0-9]+", "-", ascii_stem.lower()).strip("-")
    return slug[:80].rstrip("-")


def checked_doc_id(doc_id: str) -> str:
    """`doc_id` if it is a valid document id, else a ValueError saying why."""
    try:
        return _DOC_ID.validate_python(doc_id)
    except ValidationError as exc:
        raise ValueError(f"doc_id: {exc.errors(include_url=False)[0]['msg']}") from None


def rule_file(doc_id: str, text: str, anchor: dt.date | str, skip: tuple[tuple[int, int], ...] = (),
              registry: RegistryIndex | None = None) -> str:
    """The canonical text of a rule annotation file: a header listing all four layers, then the spans."""
    header = AnnotationFileHeader(doc_id=doc_id, origin=RULE_ORIGIN, text_sha256=sha256_bytes(text.encode("utf-8")),
                                  layers=LAYERS)
    return format_annotation_file(header, annotate_text(text, anchor, skip, registry=registry))


def expected_rule_file(layout: CorpusLayout, doc_id: str) -> str:
    """What annotations/rule/<doc_id>.jsonl must contain for the article as it is now."""
    document = load_document(layout, doc_id, ())
    return _rule_file_of(document, registry_index(layout.root)).decode("utf-8")


def _rule_file_of(document: Document, registry: RegistryIndex) -> bytes:
    metadata = document.metadata
    return _RuleFileOf(registry)((document.doc_id, document.text, metadata.publication.anchor, skip_zones(metadata)))


class _RuleFileOf:
    """The rule file of one (doc_id, text, anchor, skip) task: what a worker process of ``--jobs`` runs."""

    def __init__(self, registry: RegistryIndex) -> None:
        self.registry = registry

    def __call__(self, task: tuple[str, str, str, tuple[tuple[int, int], ...]]) -> bytes:
        doc_id, text, anchor, skip = task
        return rule_file(doc_id, text, dt.date.fromisoformat(anchor), skip, self.registry).encode("utf-8")


def _expected_rule_files(layout: CorpusLayout, read: CorpusRead | None,
                         jobs: int = 1) -> Iterator[tuple[CheckedDocument, bytes]]:
    """Each document as read (valid text and metadata, or InvalidCorpus) with the rule file it must have.

    From `read` (what validate already read) nothing is read again; otherwise each article is read once.  The
    rules run in `jobs` processes; documents are read and checked here, one window at a time, in id order."""
    if read is None:
        registry = check_registry(layout)
        registry.raise_for_errors()
        documents: Iterable[CheckedDocument] = read_documents(layout, (), registry)
    else:
        registry, documents = read.registry, read.documents
    index = index_registry(registry.entities.values())
    waiting: deque[CheckedDocument] = deque()

    def tasks() -> Iterator[tuple[str, str, str, tuple[tuple[int, int], ...]]]:
        for checked in progress(documents, len(read.documents) if read is not None else None, "rules"):
            document = checked.document()
            waiting.append(checked)
            yield document.doc_id, document.text, document.metadata.publication.anchor, skip_zones(document.metadata)

    for content in ordered_map(_RuleFileOf(index), tasks(), jobs):
        yield waiting.popleft(), content


def _current(layout: CorpusLayout, path: Path) -> bytes | None:
    """The committed rule file's bytes, None when there is none; a link or special file is refused."""
    if layout.kind_of(path) == "missing":
        return None
    return layout.read_bytes(path, "annotations")


def _refuse_linked_folder(layout: CorpusLayout) -> None:
    folder = layout.annotations_dir(RULE_ORIGIN)
    if layout.kind_of(folder) not in ("missing", "folder"):
        raise FileRefused("unsafe-file", layout.relative(folder), "folder is a symbolic link; nothing is read "
                          "through it")


def regenerate_rule_layer(layout: CorpusLayout, read: CorpusRead | None = None, jobs: int = 1) -> int:
    """Write the rule layer of every article; returns how many files' content changed (a count, not their
    paths: a list of 100,000 paths was most of what the command's memory grew by with the corpus).

    Only annotations/rule/ is written, through real folders: a linked annotations/rule (pointing at the gold
    layer, say) or a rule file that is a link is refused before anything is written.  Given `read` (the
    corpus as validate read it), nothing is read again, and each new file is checked in memory and put into
    its document, so that a build that follows uses it without reading it back.  The rules run in `jobs`
    processes; the files written are the same for any number.
    """
    _refuse_linked_folder(layout)
    changed = 0
    for checked, content in _expected_rule_files(layout, read, jobs):
        path = layout.annotation_path(RULE_ORIGIN, checked.doc_id)
        current = checked.raw.get(RULE_ORIGIN) if read is not None else _current(layout, path)
        if current == content:
            continue
        if read is not None:
            recheck_annotation_file(layout, checked, RULE_ORIGIN, content, read.registry)
        layout.write_bytes(path, content)
        changed += 1
    return changed


def stale_rule_files(layout: CorpusLayout, jobs: int = 1) -> list[str]:
    """One line per rule file that differs from what `regenerate_rule_layer` would write."""
    _refuse_linked_folder(layout)
    problems: list[str] = []
    known = set()
    for checked, content in _expected_rule_files(layout, None, jobs):
        known.add(checked.doc_id)
        path = layout.annotation_path(RULE_ORIGIN, checked.doc_id)
        shown = layout.relative(path)
        current = _current(layout, path)
        if current is None:
            problems.append(f"{shown}: missing")
        elif current != content:
            problems.append(f"{shown}: differs from the rules' output")
    orphans = (entry.path for entry in layout.iter_folder(layout.annotations_dir(RULE_ORIGIN))
               if entry.path.suffix == ".jsonl" and entry.path.stem not in known)
    problems += sorted(f"{layout.relative(path)}: no such article" for path in orphans)
    return problems


def read_text_file(path: Path) -> str:
    """A UTF-8 text file the user named, or '-' for standard input; a CorpusError names it otherwise
    (missing, a FIFO or device, too large, not UTF-8)."""
    if str(path) == "-":
        data = sys.stdin.buffer.read(MAX_TEXT_BYTES + 1)
        if len(data) > MAX_TEXT_BYTES:
            raise CorpusError(f"-: standard input is larger than {MAX_TEXT_BYTES} bytes, not a news article")
    else:
        data = read_user_file(path, "text")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise CorpusError(f"{path}: not UTF-8 (byte {exc.start})") from None


def annotate_text_file(path: Path, published: str, doc_id: str | None = None,
                       registry: RegistryIndex | Path | str | None = None) -> str:
    """Rule annotations of any UTF-8 text file ('-': standard input), in the corpus annotation-file format
    (JSON lines).  `published` is the anchor, a day or a YYYY-MM month (see `annotate_text`); entities are
    linked to `registry` (an index or a corpus folder), none links nothing."""
    text = read_text_file(path)
    try:
        anchor = parse_anchor(published, "--published")
    except ValueError as exc:
        raise CorpusError(str(exc)) from None
    try:
        checked = checked_doc_id(doc_id if doc_id is not None else "stdin" if str(path) == "-" else slugify(path.name))
    except ValueError as exc:
        where = "--doc-id" if doc_id is not None else f"{path}: document id from the file name (pass --doc-id)"
        raise CorpusError(f"{where}: {exc}") from None
    index = registry_index(registry) if isinstance(registry, (str, Path)) else registry
    return rule_file(checked, text, anchor, registry=index)


def _records(annotations: Sequence[Annotation], layer: str) -> list[dict[str, Any]]:
    return [annotation_record(a) for a in annotations if a.layer == layer]


# --- the batched function: rows of a datasets.Dataset ------------------------------------------------------

RegistrySource = RegistryIndex | Path | str | Iterable[RegistryEntity | Mapping[str, Any]] | None


@functools.cache
def _published() -> Features:
    """The published ``documents`` features, the one source of the batch's column types (imported lazily:
    ``datasets`` is slow to import and the rest of this module does not need it)."""
    from nato_corpus.dataset.features import document_features

    return document_features()


@functools.cache
def _rule_features() -> Features:
    from datasets import Features

    published = _published()
    return Features({column: published[layer] for layer, column in zip(LAYERS, BATCH_COLUMNS, strict=True)})


def batch_features(features: Features | Mapping[str, Any] | None = None) -> Features:
    """The ``features=`` of ``Dataset.map(annotate_batch, ...)``: the input's `features` plus the rule columns,
    each typed exactly as the published ``documents`` config types the gold layer of the same name (int32
    offsets, ClassLabel ids), so the two can be compared or concatenated without a cast.  Without it
    ``datasets`` infers the rule columns' types from the first batch written (ids as int64, and a field that is
    null throughout that batch cannot take a value later)."""
    from datasets import Features

    return Features({**(features or {}), **copy.deepcopy(_rule_features())})


def resolve_registry(registry: RegistrySource) -> RegistryIndex | None:
    """The index to link against: an index as given, a corpus folder's registry, or entity rows (registry
    entries as JSON objects, e.g. a registry shipped beside a dataset; ClassLabel labels are decoded through the
    rows' ``features`` when they have them); None links nothing."""
    if registry is None or isinstance(registry, RegistryIndex):
        return registry
    if isinstance(registry, (str, Path)):
        return registry_index(registry)
    features = getattr(registry, "features", None)
    entities: list[RegistryEntity] = []
    for number, row in enumerate(registry):
        if isinstance(row, RegistryEntity):
            entities.append(row)
            continue
        try:
            entities.append(RegistryEntity.model_validate(row if features is None else with_label_names(features, row)))
        except (ValidationError, ValueError) as exc:
            detail = exc.errors(include_url=False)[0]["msg"] if isinstance(exc, ValidationError) else str(exc)
            raise ValueError(f"registry row {number}: not a registry entry: {detail}") from None
    return index_registry(entities)


class RowError(ValueError):
    """A row of a batch the rules cannot read: `row` (its place in the batch), `field` (a dotted column path),
    `problem` and the row's `doc_id` when the batch has one, so a caller that knows where the batch came from
    (a file, a shard) can name the row in its own terms; the message names it in the batch's."""

    def __init__(self, batch: Mapping[str, list[Any]], row: int, field: str, problem: str) -> None:
        doc_ids = batch.get("doc_id") if "doc_id" in batch else None
        doc_id = doc_ids[row] if doc_ids is not None and row < len(doc_ids) else None
        self.row, self.field, self.problem = row, field, problem
        self.doc_id = doc_id if isinstance(doc_id, str) else None
        where = f"row {row} of the batch" + (f", doc_id {self.doc_id!r}" if self.doc_id is not None else "")
        super().__init__(f"{field} ({where}): {problem}")

    def __reduce__(self) -> tuple[Any, ...]:  # pickles (a worker process raises it in the parent)
        return _row_error, (self.row, self.field, self.problem, self.doc_id, str(self))


def _row_error(row: int, field: str, problem: str, doc_id: str | None, message: str) -> RowError:
    error = RowError.__new__(RowError)
    ValueError.__init__(error, message)
    error.row, error.field, error.problem, error.doc_id = row, field, problem, doc_id
    return error


def _anchor(batch: Mapping[str, list[Any]], row: int, field: str, value: object, month: bool) -> dt.date | str:
    try:
        return parse_anchor(value, field, month=month)
    except ValueError as exc:
        raise RowError(batch, row, field, str(exc).removeprefix(f"{field}: ")) from None


def _anchors(batch: Mapping[str, list[Any]]) -> list[dt.date | str]:
    """Each row's anchor: ``publication.anchor`` (a YYYY-MM-DD day, as the schema requires) for the published
    ``documents`` config, else a plain ``published`` or ``anchor`` string column (a day or a YYYY-MM month)."""
    if "publication" in batch:
        anchors: list[dt.date | str] = []
        for row, publication in enumerate(batch["publication"]):
            value = publication.get("anchor") if isinstance(publication, Mapping) else None
            anchors.append(_anchor(batch, row, "publication.anchor", value, month=False))
        return anchors
    for column in ("published", "anchor"):
        if column in batch:
            return [_anchor(batch, row, column, value, month=True) for row, value in enumerate(batch[column])]
    raise ValueError("annotate_batch needs the columns 'text' and 'publication' (the published documents config), "
                     "or 'text' and 'published' (an anchor string)")


def _skipped(zones: Any, batch: Mapping[str, list[Any]], row: int) -> tuple[tuple[int, int], ...]:
    """The unannotated zones of one row's ``zones``; kinds as ClassLabel ids are decoded through the published
    features, so they cannot drift from the ids the dataset was built with."""
    if zones is None:
        return ()
    kind_label = _published()["zones"].feature["kind"]
    skip: list[tuple[int, int]] = []
    for number, zone in enumerate(zones):
        kind = zone.get("kind") if isinstance(zone, Mapping) else None
        start, end = (zone.get("start"), zone.get("end")) if isinstance(zone, Mapping) else (None, None)
        try:
            name = kind_label.int2str(kind) if isinstance(kind, int) and not isinstance(kind, bool) else kind
        except ValueError:
            name = None
        offsets = all(isinstance(v, int) and not isinstance(v, bool) for v in (start, end))
        if name not in kind_label.names or not offsets:
            raise RowError(batch, row, "zones", f"zone {number} is not a zone of the published schema: {zone!r}")
        if name in UNANNOTATED_ZONES:
            skip.append((start, end))
    return tuple(skip)


def _row_annotations(batch: Mapping[str, list[Any]], registry: RegistrySource) -> list[list[Annotation]]:
    """The rule annotations of every row of `batch` (see `annotate_batch` for the columns it reads)."""
    texts = batch.get("text") if "text" in batch else None
    if texts is None:
        raise ValueError("annotate_batch needs the column 'text'")
    anchors = _anchors(batch)
    zones = batch["zones"] if "zones" in batch else [None] * len(texts)
    index = resolve_registry(registry)
    result: list[list[Annotation]] = []
    for row, (text, anchor, row_zones) in enumerate(zip(texts, anchors, zones, strict=True)):
        if not isinstance(text, str):
            raise RowError(batch, row, "text", f"expected a string, got {type(text).__name__}")
        result.append(annotate_text(text, anchor, _skipped(row_zones, batch, row), registry=index))
    return result


def annotate_records(batch: Mapping[str, list[Any]], registry: RegistrySource = None) -> dict[str, list[Any]]:
    """The rule columns of `annotate_batch` as plain Python in the corpus schema: one list of annotation
    records per layer and row, labels as strings, as in an annotation file."""
    rows = _row_annotations(batch, registry)
    return {column: [_records(found, layer) for found in rows] for layer, column in zip(LAYERS, BATCH_COLUMNS,
                                                                                          strict=True)}


def annotate_batch(batch: Mapping[str, list[Any]], registry: RegistrySource = None) -> dict[str, list[Any]]:
    """Batched ``datasets.Dataset.map`` function: the rule layer of each row, in the columns 'rule_entities',
    'rule_quotes', 'rule_dates', 'rule_figures', encoded as the published gold layers are (ClassLabel ids).

    It reads the published ``documents`` config as it is (``text``, ``publication.anchor``, ``zones``) or any
    dataset with ``text`` and a ``published`` anchor string (YYYY-MM-DD or YYYY-MM).  `registry` (pass it in
    ``fn_kwargs`` or with ``functools.partial``; everything here pickles, so ``num_proc`` works) is what
    entities are linked to: a :class:`RegistryIndex`, a corpus folder or registry rows; none links nothing.
    Only the new columns are returned: ``map`` keeps the input's.  Pass ``features=batch_features(ds.features)``
    so the new columns get the published types::

        ds.map(annotate_batch, batched=True, features=batch_features(ds.features),
               fn_kwargs={"registry": registry_index(corpus_root)}, num_proc=4)
    """
    rows = _row_annotations(batch, registry)
    records = {column: [[annotation_row(a) for a in found if a.layer == layer] for found in rows]
               for layer, column in zip(LAYERS, BATCH_COLUMNS, strict=True)}
    return _rule_features().encode_batch(records)


__all__ = [
    "BATCH_COLUMNS", "RowError", "annotate_batch", "annotate_records", "annotate_text_file", "batch_features",
    "expected_rule_file", "parse_anchor", "regenerate_rule_layer", "resolve_registry", "rule_file", "skip_zones",
    "slugify", "stale_rule_files",
]
