"""Library side of ``nato-corpus annotate``: regenerate, check and apply the rule (silver) layer.

The rule layer is a pure function of the article text, its anchor date and its unannotated zones, so the
committed ``annotations/rule/*.jsonl`` can be checked for staleness byte for byte, and any text (a file,
or the rows of a ``datasets.Dataset``) can be annotated the same way.
"""

from __future__ import annotations

import datetime as dt
import re
import sys
import unicodedata
from collections.abc import Sequence
from pathlib import Path
from typing import Any, Final

import pyarrow as pa
from pydantic import TypeAdapter, ValidationError

from nato_corpus.corpus import (
    MAX_TEXT_BYTES,
    CorpusError,
    CorpusLayout,
    annotation_record,
    format_annotation_file,
    read_metadata,
    read_text,
    sha256_bytes,
)
from nato_corpus.files import FileRefused, read_user_file
from nato_corpus.rules import annotate_text
from nato_corpus.rules.entities import RegistryIndex, registry_index
from nato_corpus.schema import (
    LAYERS,
    MODEL_BY_LAYER,
    UNANNOTATED_ZONES,
    Annotation,
    AnnotationFileHeader,
    ArticleMetadata,
)
from nato_corpus.schema.base import DocId

RULE_ORIGIN: Final = "rule"
BATCH_COLUMNS: Final = tuple(f"rule_{layer}" for layer in LAYERS)  # output columns of annotate_batch
_DOC_ID: Final = TypeAdapter(DocId)


def skip_zones(metadata: ArticleMetadata) -> tuple[tuple[int, int], ...]:
    """Half-open spans of the zones no layer annotates (boilerplate, credits, artifacts)."""
    return tuple((z.start, z.end) for z in metadata.zones if z.kind in UNANNOTATED_ZONES)


def parse_anchor(value: str, what: str = "published") -> dt.date:
    """A YYYY-MM-DD date, or a ValueError whose message names `what`."""
    if not isinstance(value, str) or not re.fullmatch(r"[0-9]{4}-[0-9]{2}-[0-9]{2}", value):
        raise ValueError(f"{what}: {value!r} is not a YYYY-MM-DD date")
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise ValueError(f"{what}: {value!r} is not a calendar date") from None


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


def rule_file(doc_id: str, text: str, anchor: dt.date, skip: tuple[tuple[int, int], ...] = (),
              registry: RegistryIndex | None = None) -> str:
    """The canonical text of a rule annotation file: a header listing all four layers, then the spans."""
    header = AnnotationFileHeader(doc_id=doc_id, origin=RULE_ORIGIN, text_sha256=sha256_bytes(text.encode("utf-8")),
                                  layers=LAYERS)
    return format_annotation_file(header, annotate_text(text, anchor, skip, registry=registry))


def expected_rule_file(layout: CorpusLayout, doc_id: str) -> str:
    """What annotations/rule/<doc_id>.jsonl must contain for the article as it is now."""
    metadata = read_metadata(layout, doc_id)
    text = read_text(layout, doc_id)
    return rule_file(doc_id, text, dt.date.fromisoformat(metadata.publication.anchor), skip_zones(metadata),
                     registry_index(layout.root))


def _current(layout: CorpusLayout, path: Path) -> bytes | None:
    """The committed rule file's bytes, None when there is none; a link or special file is refused."""
    if layout.kind_of(path) == "missing":
        return None
    return layout.read_bytes(path, "annotations")


def regenerate_rule_layer(layout: CorpusLayout) -> list[Path]:
    """Write the rule layer of every article; returns the files whose content changed.

    Only annotations/rule/ is written, through real folders: a linked annotations/rule (pointing at the gold
    layer, say) or a rule file that is a link is refused before anything is written.
    """
    changed: list[Path] = []
    folder = layout.annotations_dir(RULE_ORIGIN)
    if layout.kind_of(folder) not in ("missing", "folder"):
        raise FileRefused("unsafe-file", layout.relative(folder), "folder is a symbolic link; nothing is read "
                          "through it")
    for doc_id in layout.doc_ids():
        path = layout.annotation_path(RULE_ORIGIN, doc_id)
        content = expected_rule_file(layout, doc_id).encode("utf-8")
        if _current(layout, path) != content:
            layout.write_bytes(path, content)
            changed.append(path)
    return changed


def stale_rule_files(layout: CorpusLayout) -> list[str]:
    """One line per rule file that differs from what `regenerate_rule_layer` would write."""
    problems: list[str] = []
    doc_ids = layout.doc_ids()
    for doc_id in doc_ids:
        path = layout.annotation_path(RULE_ORIGIN, doc_id)
        shown = layout.relative(path)
        current = _current(layout, path)
        if current is None:
            problems.append(f"{shown}: missing")
        elif current != expected_rule_file(layout, doc_id).encode("utf-8"):
            problems.append(f"{shown}: differs from the rules' output")
    known = set(doc_ids)
    for entry in layout.list_folder(layout.annotations_dir(RULE_ORIGIN)):
        if entry.path.suffix == ".jsonl" and entry.path.stem not in known:
            problems.append(f"{layout.relative(entry.path)}: no such article")
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


def annotate_text_file(path: Path, published: str, doc_id: str | None = None) -> str:
    """Rule annotations of any UTF-8 text file, in the corpus annotation-file format (JSON lines)."""
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
    return rule_file(checked, text, anchor)


def _records(annotations: Sequence[Annotation], layer: str) -> list[dict[str, Any]]:
    return [annotation_record(a) for a in annotations if a.layer == layer]


_SPAN_REF: Final = pa.struct([("start", pa.int64()), ("end", pa.int64()), ("text", pa.string())])
_ARROW_TYPES: Final = {"start": pa.int64(), "end": pa.int64(), "temporal_function": pa.bool_(),
                       "approximate": pa.bool_(), "speaker": _SPAN_REF, "cue": _SPAN_REF}


def layer_arrow_type(layer: str) -> pa.DataType:
    """Arrow type of one batch column: a list of records with every schema field, typed explicitly so that
    batches where a field is always null (or a layer is empty) still concatenate across processes."""
    fields = MODEL_BY_LAYER[layer].model_fields
    return pa.list_(pa.struct([(name, _ARROW_TYPES.get(name, pa.string())) for name in fields]))


def annotate_records(batch: dict[str, list[Any]]) -> dict[str, list[Any]]:
    """Rule annotations of a batch as plain Python: the input columns plus one list of annotation records per
    layer ('rule_entities', 'rule_quotes', 'rule_dates', 'rule_figures'). Needs 'text' and 'published'."""
    texts, published = batch.get("text"), batch.get("published")
    if texts is None or published is None:
        raise ValueError("annotate_batch needs the columns 'text' and 'published'")
    out: dict[str, list[Any]] = {column: [] for column in BATCH_COLUMNS}
    for row, (text, date) in enumerate(zip(texts, published, strict=True)):
        if not isinstance(text, str):
            raise ValueError(f"text (row {row} of the batch): expected a string, got {type(text).__name__}")
        anchor = parse_anchor(date, f"published (row {row} of the batch)")
        annotations = annotate_text(text, anchor)
        for layer, column in zip(LAYERS, BATCH_COLUMNS, strict=True):
            out[column].append(_records(annotations, layer))
    return {**batch, **out}


def annotate_batch(batch: dict[str, list[Any]]) -> pa.Table:
    """Batched ``datasets.Dataset.map`` function (works with num_proc): the rows of `annotate_records` as an
    Arrow table whose layer columns have a fixed type, so shards where a field is always null (or a layer is
    empty) still concatenate. A module-level function, so it pickles for worker processes."""
    records = annotate_records(batch)
    columns = {name: pa.array(values) for name, values in records.items() if name not in BATCH_COLUMNS}
    for layer, column in zip(LAYERS, BATCH_COLUMNS, strict=True):
        columns[column] = pa.array(records[column], type=layer_arrow_type(layer))
    return pa.table(columns)


__all__ = [
    "BATCH_COLUMNS", "annotate_batch", "annotate_records", "annotate_text_file", "expected_rule_file", "parse_anchor",
    "regenerate_rule_layer", "rule_file", "skip_zones", "slugify", "stale_rule_files",
]
