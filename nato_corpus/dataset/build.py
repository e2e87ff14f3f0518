"""``nato-corpus build``: write a complete, script-free Hugging Face dataset repository.

Output (default ``hf_dataset/`` at the corpus root)::

    README.md                                   the dataset card (DATASET_CARD.md, generated parts fresh)
    LICENSE.md                                  the corpus's LICENSE.md, which the card's license_link names
    data/<config>/<split>-NNNNN-of-MMMMM.parquet  each split in shards (SHARD_BYTES, ROW_GROUP_BYTES), features embedded
    croissant.json                              Croissant 1.1 metadata
    SHA256SUMS                                  checksums of every other file

    .nato-corpus-output                         marker: written by `nato-corpus build`, and which files

The corpus is streamed through the validator, a few documents at a time (in ``--jobs`` processes), each file
read and checked once: the rows of the valid documents go to Arrow record batches, spilled per config and
split, and what the card and Croissant say of them to :class:`~nato_corpus.dataset.facts.CorpusFacts`; an
invalid corpus is refused when the pass is over, before anything is written; once a split's size is
known its batches are cut into Parquet shards and row groups, one row group in memory at a time.  Memory
therefore does not grow with the corpus (but for the facts, a few numbers per article).  Everything is written
into a temporary folder beside the target and renamed into place, so a failed build never leaves a
half-written dataset.  Two builds of the same corpus are byte-identical, whatever the number of processes.

The target is replaced only as :func:`nato_corpus.files.replace_output_folder` allows: when it is missing,
empty, or a previous build (its marker lists every file in it); never a link, a corpus folder or a folder
holding one.  Every corpus file, LICENSE.md and the card template included, is read through the file-access
layer.
"""

from __future__ import annotations

import itertools
import re
import shutil
import tempfile
from collections import defaultdict
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from functools import cache
from operator import attrgetter
from pathlib import Path
from types import SimpleNamespace
from typing import Any, Final

import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.parquet as pq
from datasets import ClassLabel, Features, List, Value

from nato_corpus import files
from nato_corpus.corpus import CorpusError, CorpusLayout, Document
from nato_corpus.dataset.card import LICENSE_FILE, read_card_template, render_card
from nato_corpus.dataset.croissant import croissant_metadata
from nato_corpus.dataset.facts import CorpusFacts, DocumentFacts, document_facts
from nato_corpus.dataset.features import (
    ALL_CONFIGS,
    DOCUMENT_CONFIGS,
    FLAT_CONFIGS,
    LABELS_CONFIG,
    NER_CONFIG,
    PROBES_CONFIG,
    PROBES_NER_CONFIG,
    REGISTRY_CONFIG,
    SINGLE_SPLIT,
    STANDOFF_CONFIG,
    Sizes,
    config_splits,
    features_for,
    present_configs,
    probe_split,
)
from nato_corpus.dataset.ner import sentence_batch, sentence_rows
from nato_corpus.dataset.rows import document_row, flat_rows, label_rows, registry_rows
from nato_corpus.parallel import ordered_map, progress
from nato_corpus.schema import LAYERS, SPLITS, RegistryEntity
from nato_corpus.validate import DOCUMENTS_PER_GROUP, CorpusRead, ValidationReport, validate_corpus
from nato_corpus.validate.documents import InvalidCorpus, overlay_path

CHECKSUMS_FILE: Final = "SHA256SUMS"
_CHECKSUM_LINE: Final = re.compile(r"^(?P<digest>[0-9a-f]{64})  (?P<name>[^\n]+)$")


class BuildError(CorpusError):
    """The dataset cannot be built; the message says why in one line.

    A CorpusError, so that every command that builds (``build``, ``main``) reports it as one line, not a traceback.
    """


class OutputError(BuildError):
    """The output folder cannot be used or written; the message names it as given on the command line."""

    def __init__(self, shown: str, problem: str) -> None:
        super().__init__(f"{shown}: {problem}")


@dataclass(frozen=True)
class BuildResult:
    out_dir: Path
    sizes: Sizes


class _Pieces:
    """The rows (Arrow record batches per config and split) and facts of a group of valid documents of one
    corpus: the CPU-bound work of a build, which each process of ``--jobs`` runs beside the validator's checks
    (validate_corpus's `derive`), or on the documents of a kept validation report."""

    def __init__(self, probes: dict[Path, str | None], released: frozenset[str]) -> None:
        self.probes = probes  # corpus root -> its probe split, None for the corpus itself
        self.released = released  # the manifest keys of the newest release (facts.document_facts)
        self._encoders: dict[str, BatchEncoder] = {}  # made in the process that uses them

    def __getstate__(self) -> dict[str, Any]:  # a spawned process makes its own encoders
        return {**self.__dict__, "_encoders": {}}

    def encoder(self, config: str) -> BatchEncoder:
        if config not in self._encoders:
            self._encoders[config] = BatchEncoder(features_for(config))
        return self._encoders[config]

    def batch(self, config: str, rows: list[dict[str, Any]]) -> pa.RecordBatch:
        return self.encoder(config)(rows)

    def __call__(self, corpus: CorpusLayout, documents: list[Document]) -> Piece:
        probe = self.probes[corpus.root]
        by_split: dict[str, list[Document]] = defaultdict(list)
        facts = []
        for document in documents:
            if probe is None:
                by_split[document.metadata.split].append(document)
                facts.append(document_facts(document, released=document.doc_id in self.released))
                continue
            if document.metadata.licence.status != "open":
                raise BuildError(f"{corpus.relative(corpus.metadata_path(document.doc_id))}: licence.status is "
                                 f"{document.metadata.licence.status!r}; the probes config publishes only texts "
                                 "with an open licence")
            by_split[probe].append(document)
            facts.append(document_facts(document, ("human",), released=f"{probe}/{document.doc_id}" in self.released))
        configs = DOCUMENT_CONFIGS if probe is None else {PROBES_CONFIG: "human"}
        ner = NER_CONFIG if probe is None else PROBES_NER_CONFIG
        batches = []
        for split, group in by_split.items():
            for config, origin in configs.items():
                batch = self.encoder(config).documents(group, origin)
                batches.append((config, split, batch))
                if probe is not None:
                    continue
                # the other configs are views of the documents configs: a flat config's rows are the annotations
                # of a layer, the stand-off rows the gold rows without texts
                batches += [(flat, split, flat_batch(batch, layer, _arrow_schema(flat)))
                            for flat, (layer, flat_origin) in FLAT_CONFIGS.items() if flat_origin == origin]
                if origin == "human":
                    batches.append((STANDOFF_CONFIG, split, project(batch, _arrow_schema(STANDOFF_CONFIG))))
            sentences = [found for document in group if (found := sentence_batch(document, _arrow_schema(ner)))]
            if sentences:
                batches.append((ner, split, pa.concat_batches(sentences)))
        return Piece(probe, [(config, split, batch) for config, split, batch in batches if batch.num_rows], facts)


@cache
def _arrow_schema(config: str) -> pa.Schema:
    return features_for(config).arrow_schema


def project(batch: pa.RecordBatch, schema: pa.Schema) -> pa.RecordBatch:
    """`batch` with only the columns and (at any depth) the struct fields `schema` declares."""
    return pa.RecordBatch.from_arrays([_project(batch.column(f.name), f.type) for f in schema], schema=schema)


def _project(array: pa.Array, stored: pa.DataType) -> pa.Array:
    if array.type == stored:
        return array
    if not (pa.types.is_struct(stored) or pa.types.is_list(stored)):
        raise TypeError(f"cannot project {array.type} onto {stored}")
    return _rebuilt(array, stored, lambda child, field: _project(child, field.type))


def _rebuilt(array: pa.Array, stored: pa.DataType, child: Callable[[pa.Array, pa.Field], pa.Array]) -> pa.Array:
    """`array` (a struct or list) as the type `stored`, each child array (struct fields by name, or a list's
    values) passed through `child` with the field it becomes; nulls kept."""
    mask = array.is_null() if array.null_count else None
    if pa.types.is_struct(stored):
        return pa.StructArray.from_arrays([child(array.field(f.name), f) for f in stored], fields=list(stored),
                                          mask=mask)
    return pa.ListArray.from_arrays(array.offsets, child(array.values, stored.value_field), type=stored, mask=mask)


def flat_batch(documents: pa.RecordBatch, layer: str, schema: pa.Schema) -> pa.RecordBatch:
    """The rows of a flat config (`schema`: doc_id and the annotation's fields) from a documents config's batch:
    its `layer` column's items in order, each with its document's doc_id, in Arrow (no row is made twice)."""
    column = documents.column(layer)
    annotations = column.flatten()  # the items of every list, in order
    fields = dict(zip((field.name for field in annotations.type), annotations.flatten(), strict=True))
    doc_ids = documents.column("doc_id").take(pc.list_parent_indices(column))
    return pa.RecordBatch.from_arrays([doc_ids, *(fields[field.name] for field in schema if field.name != "doc_id")],
                                      schema=schema)


class _KeptPieces:
    """_Pieces of the documents of a kept validation report: task (corpus number, first index) is a group of
    DOCUMENTS_PER_GROUP documents of one corpus, in the order the report read them."""

    def __init__(self, pieces: _Pieces, kept: list[CorpusRead]) -> None:
        self.pieces, self.kept = pieces, kept

    def __call__(self, task: tuple[int, int]) -> Piece:
        number, first = task
        read = self.kept[number]
        group = read.documents[first:first + DOCUMENTS_PER_GROUP]
        return self.pieces(read.layout, [checked.document() for checked in group])


@dataclass(frozen=True)
class Piece:
    """What a few documents of one corpus add to a build (probe: the probe split, None for the corpus itself)."""

    probe: str | None
    batches: list[tuple[str, str, pa.RecordBatch]]  # config, split, rows
    facts: list[DocumentFacts]

    def __reduce__(self) -> tuple[Any, ...]:
        """Sent from a --jobs process as Arrow IPC messages, which are written and read about ten times faster
        than pickled record batches (and read without a copy)."""
        sent = [(config, split, batch.serialize().to_pybytes()) for config, split, batch in self.batches]
        return _received_piece, (self.probe, sent, self.facts)


def _received_piece(probe: str | None, sent: list[tuple[str, str, bytes]], facts: list[DocumentFacts]) -> Piece:
    batches = [(config, split, pa.ipc.read_record_batch(pa.py_buffer(data), _arrow_schema(config)))
               for config, split, data in sent]
    return Piece(probe, batches, facts)


def document_rows(document: Document) -> dict[str, list[dict[str, Any]]]:
    """config -> the rows of one corpus document in every config that has a row per document or annotation, as
    dicts with label names: the plain definition of what the build's batches hold (the build makes them a column
    at a time: BatchEncoder.documents, flat_batch, project, ner.sentence_batch; the tests hold it to these)."""
    by_origin = {origin: document_row(document, origin) for origin in DOCUMENT_CONFIGS.values()}
    rows = {config: [by_origin[origin]] for config, origin in DOCUMENT_CONFIGS.items()}
    rows[STANDOFF_CONFIG] = [by_origin["human"]]  # its Features have no text, so pyarrow leaves the texts out
    for config, (layer, origin) in FLAT_CONFIGS.items():
        rows[config] = flat_rows(by_origin[origin], layer)
    rows[NER_CONFIG] = list(sentence_rows(document))
    return rows


def _registries(layout: CorpusLayout, report: ValidationReport) -> tuple[
        dict[str, RegistryEntity], dict[str, list[RegistryEntity]]]:
    """The corpus's registry and, per probe overlay (defined_in), the entries it adds, as `report` read them."""
    main = report.registries[layout.root].entities
    added: dict[str, list[RegistryEntity]] = {}
    for probe in layout.probe_corpora():
        effective = report.registries[probe.root].entities
        extra = [entity for key, entity in effective.items() if key not in main]
        if extra:
            added[layout.relative(overlay_path(probe))] = extra
    return main, added


class ArrowSize:
    """``nbytes`` of one Arrow array holding every value fed so far, counted from the batches as they arrive:
    the shard cuts and the card's num_bytes are defined on the size of the whole table, which a streaming build
    never makes.  Arrow counts (as pyarrow reports it): a validity bitmap of ceil(n/8) bytes only when a value is
    null, none for a struct; n offsets of 4 bytes for a string or list; the values referenced."""

    def __init__(self, type: pa.DataType) -> None:
        self.type = type
        self.length = self.nulls = self.data = 0
        self.children = ([ArrowSize(type.value_type)] if pa.types.is_list(type)
                         else [ArrowSize(f.type) for f in type] if pa.types.is_struct(type) else [])

    def add(self, array: pa.Array) -> None:
        self.length += len(array)
        self.nulls += array.null_count
        if not len(array):
            return
        if pa.types.is_string(self.type) or pa.types.is_list(self.type):
            offsets = memoryview(array.buffers()[1]).cast("i")  # int32, the array's own buffer first
            first, last = offsets[array.offset], offsets[array.offset + len(array)]
            if pa.types.is_string(self.type):
                self.data += last - first
            else:
                self.children[0].add(array.values.slice(first, last - first))
        elif pa.types.is_struct(self.type):
            for number, child in enumerate(self.children):
                child.add(array.field(number))

    @property
    def nbytes(self) -> int:
        if pa.types.is_struct(self.type):
            return sum(child.nbytes for child in self.children)
        bitmap = -(-self.length // 8) if self.nulls else 0
        if pa.types.is_string(self.type):
            return bitmap + 4 * self.length + self.data
        if pa.types.is_list(self.type):
            return bitmap + 4 * self.length + self.children[0].nbytes
        if pa.types.is_boolean(self.type):
            return bitmap + -(-self.length // 8)
        if pa.types.is_null(self.type):
            return 0
        return bitmap + self.length * self.type.bit_width // 8


# The batches of a split are gathered up to this many bytes (or SPILL_BATCHES batches) before they are counted
# and spilled as one: a group of documents makes batches of a few rows, and counting and writing each one was
# the serial part of a build with --jobs.
SPILL_BYTES: Final = 2**20
SPILL_BATCHES: Final = 256


class SplitRows:
    """The rows of one config and split as they arrive: counted (rows, ArrowSize) and, when a build writes them,
    spilled to an Arrow stream file, to be cut into shards once their size is known (:func:`write_split`)."""

    def __init__(self, schema: pa.Schema, spill: Path | None) -> None:
        self.schema, self.spill, self.rows = schema, spill, 0
        self.sizes = [ArrowSize(field.type) for field in schema]
        self._writer = (pa.ipc.new_stream(str(spill), schema, options=pa.ipc.IpcWriteOptions(compression="lz4"))
                        if spill is not None else None)
        self._pending: list[pa.RecordBatch] = []
        self._pending_bytes = 0

    def add(self, batch: pa.RecordBatch) -> None:
        self.rows += batch.num_rows
        self._pending.append(batch)
        self._pending_bytes += batch.get_total_buffer_size()  # a bound, not nbytes: that walks every buffer
        if self._pending_bytes >= SPILL_BYTES or len(self._pending) >= SPILL_BATCHES:
            self._flush()

    def _flush(self) -> None:
        if not self._pending:
            return
        for batch in pa.Table.from_batches(self._pending, schema=self.schema).combine_chunks().to_batches():
            for size, column in zip(self.sizes, batch.columns, strict=True):
                size.add(column)
            if self._writer is not None:
                self._writer.write_batch(batch)
        self._pending, self._pending_bytes = [], 0

    def close(self) -> None:
        self._flush()
        if self._writer is not None:
            self._writer.close()
            self._writer = None

    @property
    def nbytes(self) -> int:
        self._flush()
        return sum(size.nbytes for size in self.sizes)

    def batches(self) -> Iterator[pa.RecordBatch]:
        """The spilled rows, in the order they were added."""
        assert self.spill is not None
        self.close()
        with pa.OSFile(str(self.spill)) as source:
            yield from pa.ipc.open_stream(source)


@dataclass(frozen=True)
class Scan:
    """A pass over the corpus: per config and split its rows, and the facts the card and Croissant state."""

    splits: dict[str, dict[str, SplitRows]]
    facts: CorpusFacts

    @property
    def sizes(self) -> Sizes:
        """Row and byte counts per config and split, as the card's dataset_info declares them."""
        return {config: {split: {"num_examples": rows.rows, "num_bytes": rows.nbytes}
                         for split, rows in by_split.items()} for config, by_split in self.splits.items()}


def scan_corpus(layout: CorpusLayout, report: ValidationReport | None = None, jobs: int = 1,
                spill: Path | None = None) -> Scan:
    """One pass over the corpus and its probe corpora, a group of documents at a time in `jobs` processes (the
    result is the same for any number); with `spill` (a folder) the rows are kept there for :func:`write_split`.

    Without `report` the pass is the validator's own (validate_corpus with this build's rows as its `derive`):
    each file is read and checked once, memory holds the documents in flight and the facts, not the corpus, and
    an invalid corpus is InvalidCorpus (its first error) once the pass is over.  With `report`
    (``validate_corpus(layout, keep=True)``, already valid) its documents are used as read.
    """
    probes = layout.probe_corpora()
    names: dict[Path, str | None] = {layout.root: None,
                                     **{probe.root: probe_split(layout.relative(probe.root)) for probe in probes}}
    splits = {config: {split: SplitRows(features_for(config).arrow_schema,
                                        None if spill is None else spill / f"{config}.{split}.arrows")
                       for split in config_splits(config)} for config in ALL_CONFIGS}
    facts = CorpusFacts.for_corpus(layout)
    pieces = _Pieces(names, facts.pending.released)

    def take(piece: Piece) -> None:
        for config, split, batch in piece.batches:
            splits[config][split].add(batch)
        for found in piece.facts:
            facts.add(found) if piece.probe is None else facts.add_probe(piece.probe, found)

    try:
        if report is None:
            report = validate_corpus(layout, jobs=jobs, derive=pieces, sink=take)
            if not report.valid:  # the first finding, in the words every other command uses for it
                raise InvalidCorpus(next(i for i in report.incidents if i.severity == "error"))
        else:
            kept = [report.corpora[corpus.root] for corpus in [layout, *probes]]
            tasks = [(number, first) for number, read in enumerate(kept)
                     for first in range(0, len(read.documents), DOCUMENTS_PER_GROUP)]
            for piece in progress(ordered_map(_KeptPieces(pieces, kept), tasks, jobs), len(tasks), "build",
                                  unit="group"):
                take(piece)
        main, added = _registries(layout, report)
        registry = [*registry_rows(main.values(), "registry/entities.jsonl"),
                    *(row for defined_in, entities in added.items() for row in registry_rows(entities, defined_in))]
        labels = list(label_rows(c for c in ALL_CONFIGS if c != LABELS_CONFIG))
        for config, rows in ((REGISTRY_CONFIG, registry), (LABELS_CONFIG, labels)):
            if rows:
                splits[config][SINGLE_SPLIT].add(pieces.batch(config, rows))
    finally:
        for by_split in splits.values():
            for rows in by_split.values():
                rows.close()
    return Scan(splits, facts)


def _needs_encoding(feature: Any) -> bool:
    """Whether a value of `feature` differs from the row's JSON-mode value: only ClassLabels (names to ids)."""
    if isinstance(feature, dict):
        return any(_needs_encoding(sub) for sub in feature.values())
    if isinstance(feature, List):
        return _needs_encoding(feature.feature)
    return not isinstance(feature, Value)


def _named_type(stored: pa.DataType, feature: Any) -> pa.DataType:
    """The Arrow type of a row's values as the build makes them: `stored` with every ClassLabel a string."""
    if isinstance(feature, ClassLabel):
        return pa.string()
    if isinstance(feature, dict) and _needs_encoding(feature):
        return pa.struct([pa.field(f.name, _named_type(f.type, feature[f.name]), f.nullable) for f in stored])
    if isinstance(feature, List) and _needs_encoding(feature):
        return pa.list_(pa.field(stored.value_field.name, _named_type(stored.value_type, feature.feature)))
    return stored


@cache
def _names(names: tuple[str, ...]) -> pa.Array:
    """A ClassLabel's names as the Arrow array ids are looked up in, made once (not per batch and column)."""
    return pa.array(names, pa.string())


def _label_ids(array: pa.Array, stored: pa.DataType, feature: Any) -> pa.Array:
    """`array` (of _named_type) as `stored`: every ClassLabel name replaced by its id, in Arrow, nulls kept;
    ValueError for a name the ClassLabel does not have (as ``Features.encode_example`` says it)."""
    if not _needs_encoding(feature):
        return array
    if isinstance(feature, ClassLabel):
        ids = pc.index_in(array, value_set=_names(tuple(feature.names)))
        if ids.null_count != array.null_count:
            unknown = pc.filter(array, pc.and_(pc.is_null(ids), pc.is_valid(array)))[0].as_py()
            raise ValueError(f"Invalid string class label {unknown}")
        return ids.cast(stored)
    return _rebuilt(array, stored, lambda child, field: _label_ids(
        child, field.type, feature[field.name] if isinstance(feature, dict) else feature.feature))


class BatchEncoder:
    """Rows of one config (dicts whose ClassLabels hold names) to a record batch of its Features, as
    ``Features.encode_example`` row by row would make it: pyarrow reads the rows with every ClassLabel as a
    string, then each name becomes its id by one Arrow lookup per column (the per-row Python walk of
    ``datasets`` was most of a build's time).  A value of the wrong type is an Arrow error, never a silent
    cast, and pyarrow leaves out the keys a struct does not declare, which is how a stand-off row is its
    documents row without the texts."""

    def __init__(self, features: Features) -> None:
        self.features, self.schema = features, features.arrow_schema
        self._named = pa.schema([pa.field(f.name, _named_type(f.type, features[f.name]), f.nullable)
                                 for f in self.schema])

    def __call__(self, rows: list[dict[str, Any]], made: dict[str, pa.Array] | None = None) -> pa.RecordBatch:
        """The batch of `rows`; `made` holds columns the caller built itself (of their named type), whose keys
        the rows then leave out."""
        if not made:
            named = pa.RecordBatch.from_pylist(rows, schema=self._named).columns
        else:
            given = pa.RecordBatch.from_pylist(rows, schema=pa.schema([f for f in self._named if f.name not in made]))
            named = [made[f.name] if f.name in made else given.column(f.name) for f in self._named]
        columns = [_label_ids(column, field.type, self.features[field.name])
                   for column, field in zip(named, self.schema, strict=True)]
        return pa.RecordBatch.from_arrays(columns, schema=self.schema)

    def documents(self, documents: list[Document], origin: str) -> pa.RecordBatch:
        """The documents config's batch of `documents` with the layers of `origin`: the metadata as rows, the
        layers a column at a time from the annotations' attributes (no dict per annotation)."""
        rows = []
        for document in documents:
            row = document.metadata.model_dump(mode="json")
            row.pop("split")
            row["text"] = document.text
            row["annotated_layers"] = [layer for layer in LAYERS if document.layer(origin, layer) is not None]
            rows.append(row)
        made = {layer: _list_column([document.layer(origin, layer) or () for document in documents],
                                    self._named.field(layer).type) for layer in LAYERS}
        return self(rows, made)


def _list_column(lists: list[Sequence[Any]], named: pa.ListType) -> pa.ListArray:
    """A list column of structs: per row, the objects of `lists`, each struct field read from their attributes."""
    offsets = pa.array(itertools.accumulate(map(len, lists), initial=0), pa.int32())
    values = _attribute_array([item for items in lists for item in items], named.value_type)
    return pa.ListArray.from_arrays(offsets, values, type=named)


def _attribute_array(objects: list[Any], named: pa.DataType) -> pa.Array:
    """`objects` as an Arrow array of `named`; a struct's fields are the attributes of the same names (None: a
    null struct), every other value is taken as it is (pyarrow refuses one of the wrong type, never casts).
    Under a null struct each field holds its type's zero value, as pyarrow makes a null struct from a row (so
    the array, and its nbytes, are those of ``from_pylist``)."""
    if not pa.types.is_struct(named):
        return pa.array(objects, named)
    nulls = [item is None for item in objects]
    mask = pa.array(nulls, pa.bool_()) if any(nulls) else None
    if mask is not None:
        zero = _zero(named)
        objects = [item if item is not None else zero for item in objects]
    children = [_attribute_array(list(map(attrgetter(f.name), objects)), f.type) for f in named]
    return pa.StructArray.from_arrays(children, fields=list(named), mask=mask)


def _zero(named: pa.DataType) -> Any:
    """What pyarrow puts under a null struct for a value of `named`: 0, "", False, [], or a struct of zeros."""
    if pa.types.is_struct(named):
        return SimpleNamespace(**{f.name: _zero(f.type) for f in named})
    if pa.types.is_string(named):
        return ""
    if pa.types.is_boolean(named):
        return False
    if pa.types.is_integer(named):
        return 0
    if pa.types.is_list(named):
        return []
    raise TypeError(f"no zero value for {named}")


# How the Parquet files are cut, by the uncompressed Arrow size of their rows: a shard holds at most SHARD_BYTES
# (the Hub's viewer and `datasets` read files of a few hundred MB comfortably; a file per split would grow with
# the corpus), a row group at most ROW_GROUP_BYTES (the unit DuckDB and Polars read in parallel and skip by
# statistics, and what the viewer reads to show a page: small enough for one request; `datasets` itself aims at
# row groups of at most 100 MB, its config.MAX_ROW_GROUP_SIZE).  A build holds about two row groups while it
# writes (the rows as spilled and as one chunk), so 16 MB also keeps its memory flat.  The splits are written one
# after another: writing two at once in threads saved about 4% of a build and cost 50-110 MB more at its peak.  Cuts
# depend only on the rows, so two builds of the same corpus stay byte-identical.
SHARD_BYTES: Final = 256 * 2**20
ROW_GROUP_BYTES: Final = 16 * 2**20


def shard_path(config: str, split: str, index: int, count: int) -> str:
    return f"data/{config}/{split}-{index:05d}-of-{count:05d}.parquet"


def parquet_path(config: str, split: str) -> str:
    """The file of a split small enough for one shard (every split of this corpus)."""
    return shard_path(config, split, 0, 1)


def write_split(folder: Path, config: str, split: str, rows: SplitRows) -> list[str]:
    """Write one split's Parquet files under `folder` (the one place that decides how a config is stored):
    shards of at most SHARD_BYTES, row groups of at most ROW_GROUP_BYTES, both by the Arrow size of the whole
    split, so the cuts depend only on the rows; returns the written paths relative to `folder`.  One row group
    is in memory at a time."""
    if rows.rows == 0:  # no file: an empty Parquet file cannot be loaded
        return []
    per_row = max(1, rows.nbytes // rows.rows)
    shard_rows = max(1, SHARD_BYTES // per_row)
    group_rows = min(rows.rows, max(1, ROW_GROUP_BYTES // per_row))
    count = -(-rows.rows // shard_rows)
    taker = _RowTaker(rows)
    written = []
    for index in range(count):
        length = min(shard_rows, rows.rows - index * shard_rows)
        relative = shard_path(config, split, index, count)
        (folder / relative).parent.mkdir(parents=True, exist_ok=True)
        with pq.ParquetWriter(folder / relative, rows.schema, compression="zstd") as writer:
            for start in range(0, length, group_rows):
                writer.write_table(taker.take(min(group_rows, length - start)), row_group_size=group_rows)
        written.append(relative)
    return written


class _RowTaker:
    """The spilled rows of a split, taken a given number at a time as one table of one chunk per column, as a
    slice of the whole split's table would be (the Parquet bytes are those of writing the whole table)."""

    def __init__(self, rows: SplitRows) -> None:
        self._batches, self._schema = rows.batches(), rows.schema
        self._pending: list[pa.RecordBatch] = []
        self._held = 0

    def take(self, count: int) -> pa.Table:
        while self._held < count:
            batch = next(self._batches)
            self._pending.append(batch)
            self._held += batch.num_rows
        table = pa.Table.from_batches(self._pending, schema=self._schema)
        self._pending, self._held = table.slice(count).to_batches(), self._held - count
        return table.slice(0, count).combine_chunks()


def corpus_sizes(layout: CorpusLayout) -> Sizes:
    return scan_corpus(layout).sizes


def read_checksums(folder: Path) -> dict[str, str]:
    """name -> sha256 as listed in `folder`'s SHA256SUMS; ValueError on a malformed line, OSError if unreadable."""
    listed: dict[str, str] = {}
    sums = files.read_bytes(folder, folder / CHECKSUMS_FILE, "document").decode("utf-8", errors="replace")
    for number, line in enumerate(sums.splitlines(), 1):
        match = _CHECKSUM_LINE.match(line)
        if match is None or match["name"] in listed or match["name"] == CHECKSUMS_FILE:
            raise ValueError(f"{CHECKSUMS_FILE} line {number} is not '<sha256>  <file>'")
        listed[match["name"]] = match["digest"]
    return listed


def folder_files(folder: Path) -> set[str]:
    """Every entry under `folder` that is not a real directory (links included), as POSIX relative paths;
    the output marker is not part of the dataset."""
    found = {entry.path.relative_to(folder).as_posix() for entry in files.walk_files(folder, folder)}
    return found - {files.OUTPUT_MARKER}


def checksum_problem(folder: Path) -> str | None:
    """Why `folder` does not match its SHA256SUMS (missing, changed or unlisted files), or None when it does."""
    try:
        listed = read_checksums(folder)
        present = folder_files(folder) - {CHECKSUMS_FILE}
        for name, digest in sorted(listed.items()):
            if name not in present:
                return f"{name} is listed in {CHECKSUMS_FILE} but missing"
            if files.file_sha256(folder, folder / name) != digest:  # no size limit: a shard is up to 256 MB
                return f"{name} does not match its {CHECKSUMS_FILE} hash"
    except files.FileRefused as exc:
        return str(exc)
    except FileNotFoundError as exc:
        return f"{Path(exc.filename or CHECKSUMS_FILE).name} is missing"
    except OSError as exc:
        return f"cannot read {exc.filename or CHECKSUMS_FILE}: {exc.strerror or exc}"
    except ValueError as exc:
        return str(exc)
    unlisted = sorted(present - set(listed))
    return f"{unlisted[0]} is not listed in {CHECKSUMS_FILE}" if unlisted else None


def _failed(exc: OSError) -> str:
    where = f" ({exc.filename})" if exc.filename else ""
    return f"build failed: {exc.strerror or exc}{where}"


# documentation the card links to, shipped under docs/ so that the links work on the Hub (absent ones are skipped)
SHIPPED_DOCUMENTS: Final = ("ANNOTATION_GUIDELINES.md", "CONTRIBUTING.md", "agreement/report.md",
                            "agreement/ADJUDICATION.md", "agreement/BLIND_PASSES.md")


def shipped_documents(layout: CorpusLayout) -> dict[str, bytes]:
    """docs/<path> -> content of every SHIPPED_DOCUMENTS file the corpus has, read through the file layer."""
    found = {}
    for relative in SHIPPED_DOCUMENTS:
        path = layout.root / relative
        if layout.kind_of(path) != "missing":
            found[f"docs/{relative}"] = layout.read_bytes(path, "document")
    return found


def _read_licence(layout: CorpusLayout) -> bytes:
    path = layout.root / LICENSE_FILE
    if layout.kind_of(path) == "missing":
        raise BuildError(f"{LICENSE_FILE}: missing; the card's license_link points at it, so the build includes it")
    return layout.read_bytes(path, "document")


def build_dataset(layout: CorpusLayout, out_dir: Path, read: ValidationReport | None = None,
                  jobs: int = 1) -> BuildResult:
    """Validate and write the dataset repository to `out_dir` atomically (replacing only an older build).

    `read` is a report of ``validate_corpus(layout, keep=True)`` that the caller already checked (the main
    job): its documents are built as read, so no corpus file is read a second time.  Without it the corpus is
    validated and its rows made in one streaming pass (:func:`scan_corpus`, in `jobs` processes), so memory does
    not grow with the corpus; an invalid corpus fails that pass and nothing is written.  The output is the same
    for any `jobs`.  Every problem, including any OSError while writing, is a one-line CorpusError naming
    `out_dir` as given.
    """
    shown = str(out_dir)
    protected = [corpus.root for corpus in layout.corpora()]
    files.check_output_folder(out_dir, "build", protected, shown)  # refuse before the long part
    if read is not None and not read.valid:
        raise InvalidCorpus(next(i for i in read.incidents if i.severity == "error"))
    licence = _read_licence(layout)
    card_template = read_card_template(layout)
    shipped = shipped_documents(layout)
    sizes: Sizes = {}

    def fill(staging: Path) -> None:
        spill = staging / ".rows"  # the rows until their split's size is known; removed before the checksums
        spill.mkdir()
        scan = scan_corpus(layout, read, jobs, spill)
        sizes.update(scan.sizes)
        for config in present_configs(sizes):
            for split, rows in scan.splits[config].items():
                write_split(staging, config, split, rows)
        shutil.rmtree(spill)
        (staging / "README.md").write_text(render_card(layout, card_template, sizes, scan.facts), encoding="utf-8")
        (staging / LICENSE_FILE).write_bytes(licence)
        for relative, content in shipped.items():
            (staging / relative).parent.mkdir(parents=True, exist_ok=True)
            (staging / relative).write_bytes(content)
        (staging / "croissant.json").write_text(croissant_metadata(layout, sizes, scan.facts), encoding="utf-8")
        written = sorted(name for name in folder_files(staging))
        sums = "".join(f"{files.file_sha256(staging, staging / name)}  {name}\n" for name in written)
        (staging / CHECKSUMS_FILE).write_text(sums, encoding="utf-8")

    try:
        target = files.replace_output_folder(out_dir, "build", fill, protected, shown)
    except OSError as exc:
        raise OutputError(shown, _failed(exc)) from None
    return BuildResult(target, sizes)


def summarize_dataset(out_dir: Path) -> str:
    """Load every config and split back with ``datasets.load_dataset`` and describe what came back.

    It reads through a fresh, temporary cache: ``datasets`` keys the cache of a folder's YAML-declared configs
    by their file patterns, not by the files' contents, so a rebuild into the same folder would otherwise be
    summarised from the previous build.
    """
    from datasets import disable_progress_bars, get_dataset_config_names, load_dataset

    disable_progress_bars()  # the summary is the output; per-split progress bars would drown it
    lines = [f"Hugging Face dataset at {out_dir}, read back with datasets.load_dataset:"]
    with tempfile.TemporaryDirectory(prefix="nato-corpus-read-back-") as cache_dir:
        for config in get_dataset_config_names(str(out_dir)):
            lines.append(_summary_line(load_dataset(str(out_dir), config, cache_dir=cache_dir), config))
    return "\n".join(lines)


def _summary_line(loaded: Any, config: str) -> str:
    # train/validation/test first, then any other split (the probes configs' splits are the probe sets)
    ordered = [split for split in SPLITS if split in loaded] + [split for split in loaded if split not in SPLITS]
    sizes = ", ".join(f"{split} {len(loaded[split])}" for split in ordered)
    line = f"  {config:<15} rows: {sizes}"
    if config in DOCUMENT_CONFIGS:
        spans = {layer: sum(len(row[layer]) for split in loaded for row in loaded[split]) for layer in LAYERS}
        line += "; annotations: " + ", ".join(f"{layer} {n}" for layer, n in spans.items())
    return line
