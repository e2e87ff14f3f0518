"""``nato-corpus build``: write a complete, script-free Hugging Face dataset repository.

Output (default ``hf_dataset/`` at the corpus root)::

    README.md                                   the dataset card (DATASET_CARD.md, generated parts fresh)
    LICENSE.md                                  the corpus's LICENSE.md, which the card's license_link names
    data/<config>/<split>-NNNNN-of-MMMMM.parquet  each split in shards (SHARD_BYTES, ROW_GROUP_BYTES), features embedded
    croissant.json                              Croissant 1.1 metadata
    SHA256SUMS                                  checksums of every other file

    .nato-corpus-output                         marker: written by `nato-corpus build`, and which files

The corpus is validated first and an invalid one is refused.  Everything is written into a temporary
folder beside the target and renamed into place, so a failed build never leaves a half-written dataset.
Two builds of the same corpus are byte-identical.

The target is replaced only as :func:`nato_corpus.files.replace_output_folder` allows: when it is missing,
empty, or a previous build (its marker lists every file in it); never a link, a corpus folder or a folder
holding one.  Every corpus file, LICENSE.md and the card template included, is read through the file-access
layer.
"""

from __future__ import annotations

import re
import tempfile
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Final

import pyarrow as pa
import pyarrow.parquet as pq
from datasets import ClassLabel, List, Value

from nato_corpus import files
from nato_corpus.corpus import CorpusError, CorpusLayout, Document, sha256_bytes
from nato_corpus.dataset.card import LICENSE_FILE, read_card_template, render_card
from nato_corpus.dataset.croissant import croissant_metadata
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
from nato_corpus.dataset.ner import sentence_rows
from nato_corpus.dataset.rows import document_row, flat_rows, label_rows, registry_rows
from nato_corpus.dataset.standoff import standoff_row
from nato_corpus.schema import LAYERS, SPLITS, RegistryEntity
from nato_corpus.validate import ValidationReport, validate_corpus
from nato_corpus.validate.documents import InvalidCorpus, iter_documents, overlay_path, read_registry

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


@dataclass(frozen=True)
class Sources:
    """Everything a build publishes, as read: the corpus's documents and registry, and per probe corpus (in
    PROBE_CORPORA order) its documents and the registry entries its overlay adds."""

    documents: list[Document]
    registry: dict[str, RegistryEntity]
    probes: dict[str, list[Document]] = field(default_factory=dict)  # probe split name -> documents
    probe_registry: dict[str, list[RegistryEntity]] = field(default_factory=dict)  # defined_in -> added entries


def read_sources(layout: CorpusLayout, report: ValidationReport | None = None) -> Sources:
    """The corpus and its probe corpora, from a kept validation report or read through the validator."""
    probes: dict[str, list[Document]] = {}
    added: dict[str, list[RegistryEntity]] = {}
    main_registry = (report.corpora[layout.root].registry.entities if report is not None
                     else read_registry(layout))
    for probe in layout.probe_corpora():
        name = probe_split(layout.relative(probe.root))
        if report is not None:
            documents = [checked.document() for checked in report.corpora[probe.root].documents]
            effective = report.corpora[probe.root].registry.entities
        else:
            documents, effective = list(iter_documents(probe)), read_registry(probe)
        for document in documents:
            if document.metadata.licence.status != "open":
                raise BuildError(f"{probe.relative(probe.metadata_path(document.doc_id))}: licence.status is "
                                 f"{document.metadata.licence.status!r}; the probes config publishes only texts "
                                 "with an open licence")
        probes[name] = documents
        extra = [entity for key, entity in effective.items() if key not in main_registry]
        if extra:
            added[layout.relative(overlay_path(probe))] = extra
    documents = ([checked.document() for checked in report.corpora[layout.root].documents] if report is not None
                 else list(iter_documents(layout)))
    return Sources(documents, main_registry, probes, added)


def collect_rows(sources: Sources) -> dict[str, dict[str, list[dict[str, Any]]]]:
    """config -> split -> rows, documents in id order; one pass over the documents."""
    rows: dict[str, dict[str, list[dict[str, Any]]]] = {c: defaultdict(list) for c in ALL_CONFIGS}
    for document in sources.documents:
        split = document.metadata.split
        for config, origin in DOCUMENT_CONFIGS.items():
            rows[config][split].append(document_row(document, origin))
        rows[STANDOFF_CONFIG][split].append(standoff_row(document))
        for config, (layer, origin) in FLAT_CONFIGS.items():
            rows[config][split].extend(flat_rows(document, layer, origin))
        rows[NER_CONFIG][split].extend(sentence_rows(document))
    for split, documents in sources.probes.items():
        for document in documents:
            rows[PROBES_CONFIG][split].append(document_row(document, "human"))
            rows[PROBES_NER_CONFIG][split].extend(sentence_rows(document))
    rows[REGISTRY_CONFIG][SINGLE_SPLIT] = [
        *registry_rows(sources.registry.values(), "registry/entities.jsonl"),
        *(row for defined_in, entities in sources.probe_registry.items()
          for row in registry_rows(entities, defined_in))]
    rows[LABELS_CONFIG][SINGLE_SPLIT] = list(label_rows(c for c in ALL_CONFIGS if c != LABELS_CONFIG))
    return rows


Encoder = Callable[[Any], Any]


def row_encoder(feature: Any) -> Encoder:
    """A function encoding a value of `feature` as ``Features.encode_example`` does for the rows the build makes
    (ClassLabel names to ids, a ValueError for an unknown name; nulls kept), compiled once per config: the
    generic per-row walk of ``datasets`` was most of a build's time."""
    if isinstance(feature, dict):  # Features, or a struct inside one
        fields = [(name, row_encoder(sub)) for name, sub in feature.items()]
        return lambda value: None if value is None else {name: encode(value.get(name)) for name, encode in fields}
    if isinstance(feature, List):
        item = row_encoder(feature.feature)
        return lambda value: None if value is None else [item(element) for element in value]
    if isinstance(feature, ClassLabel):
        ids, count = feature._str2int, len(feature.names)

        def label(value: Any) -> int | None:
            if value is None:
                return None
            if isinstance(value, str):
                if value not in ids:
                    raise ValueError(f"Invalid string class label {value}")
                return ids[value]
            if not -1 <= value < count:
                raise ValueError(f"Class label {value:d} greater than configured num_classes {count}")
            return value

        return label
    if isinstance(feature, Value):
        arrow = feature.pa_type
        cast = (bool if pa.types.is_boolean(arrow) else int if pa.types.is_integer(arrow) else
                float if pa.types.is_floating(arrow) else str if pa.types.is_string(arrow) else None)
        if cast is None:
            return lambda value: value
        return lambda value: None if value is None else cast(value)
    return feature.encode_example  # a feature type the configs do not use: the library's own encoding


def encode_tables(source: CorpusLayout | Sources) -> dict[str, dict[str, pa.Table]]:
    """config -> split -> Arrow table typed by the config's Features (ClassLabels encoded as ints), from a
    corpus (read through the validator) or sources already read."""
    sources = read_sources(source) if isinstance(source, CorpusLayout) else source
    tables: dict[str, dict[str, pa.Table]] = {}
    for config, by_split in collect_rows(sources).items():
        features = features_for(config)
        encode = row_encoder(features)
        tables[config] = {
            split: pa.Table.from_pylist([encode(r) for r in by_split.pop(split, [])], schema=features.arrow_schema)
            for split in config_splits(config)}
    return tables


# How the Parquet files are cut, by the uncompressed Arrow size of their rows: a shard holds at most SHARD_BYTES
# (the Hub's viewer and `datasets` read files of a few hundred MB comfortably; a file per split would grow with
# the corpus), a row group at most ROW_GROUP_BYTES (the unit DuckDB and Polars read in parallel and skip by
# statistics, and what the viewer reads to show a page: small enough for one request).  Cuts depend only on the
# rows, so two builds of the same corpus stay byte-identical.
SHARD_BYTES: Final = 256 * 2**20
ROW_GROUP_BYTES: Final = 32 * 2**20


def shard_path(config: str, split: str, index: int, count: int) -> str:
    return f"data/{config}/{split}-{index:05d}-of-{count:05d}.parquet"


def parquet_path(config: str, split: str) -> str:
    """The file of a split small enough for one shard (every split of this corpus)."""
    return shard_path(config, split, 0, 1)


def _cuts(table: pa.Table, limit: int) -> list[tuple[int, int]]:
    """(offset, length) slices of `table`, each at most `limit` bytes of rows (a row larger than that alone)."""
    if table.num_rows == 0:
        return []
    per_row = max(1, table.nbytes // table.num_rows)
    rows = max(1, limit // per_row)
    return [(offset, min(rows, table.num_rows - offset)) for offset in range(0, table.num_rows, rows)]


def write_config(folder: Path, config: str, tables: dict[str, pa.Table]) -> list[str]:
    """Write one config's Parquet files under `folder` (the one place that decides how a config is stored):
    each split in shards of at most SHARD_BYTES, row groups of at most ROW_GROUP_BYTES; returns the written
    paths relative to `folder`."""
    written = []
    for split, table in tables.items():
        shards = _cuts(table, SHARD_BYTES)  # none for an empty split: an empty Parquet file cannot be loaded
        group_rows = max(length for _, length in _cuts(table, ROW_GROUP_BYTES)) if shards else 0
        for index, (offset, length) in enumerate(shards):
            relative = shard_path(config, split, index, len(shards))
            (folder / relative).parent.mkdir(parents=True, exist_ok=True)
            pq.write_table(table.slice(offset, length), folder / relative, compression="zstd",
                           row_group_size=group_rows)
            written.append(relative)
    return written


def table_sizes(tables: dict[str, dict[str, pa.Table]]) -> Sizes:
    """Row and byte counts per config and split, as the card's dataset_info declares them."""
    return {config: {split: {"num_examples": t.num_rows, "num_bytes": t.nbytes} for split, t in by_split.items()}
            for config, by_split in tables.items()}


def corpus_sizes(layout: CorpusLayout) -> Sizes:
    return table_sizes(encode_tables(layout))


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
            if sha256_bytes(files.read_bytes(folder, folder / name, "predictions")) != digest:
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


def build_dataset(layout: CorpusLayout, out_dir: Path, read: ValidationReport | None = None) -> BuildResult:
    """Validate, then write the dataset repository to `out_dir` atomically (replacing only an older build).

    `read` is a report of ``validate_corpus(layout, keep=True)`` that the caller already checked (the main
    job): its documents are built as read, so no corpus file is read a second time.  Every problem, including
    any OSError while writing, is a one-line CorpusError naming `out_dir` as given.
    """
    shown = str(out_dir)
    protected = [corpus.root for corpus in layout.corpora()]
    files.check_output_folder(out_dir, "build", protected, shown)  # refuse before the long part
    report = read if read is not None else validate_corpus(layout, keep=True)
    if not report.valid:  # the first finding, in the words every other command uses for it
        raise InvalidCorpus(next(i for i in report.incidents if i.severity == "error"))
    sources = read_sources(layout, report)
    documents = sources.documents
    licence = _read_licence(layout)
    card_template = read_card_template(layout)
    shipped = shipped_documents(layout)
    tables = encode_tables(sources)
    sizes = table_sizes(tables)

    def fill(staging: Path) -> None:
        for config in present_configs(sizes):
            write_config(staging, config, tables[config])
        (staging / "README.md").write_text(render_card(layout, card_template, sizes, tables, documents),
                                           encoding="utf-8")
        (staging / LICENSE_FILE).write_bytes(licence)
        for relative, content in shipped.items():
            (staging / relative).parent.mkdir(parents=True, exist_ok=True)
            (staging / relative).write_bytes(content)
        (staging / "croissant.json").write_text(croissant_metadata(layout, sizes, documents), encoding="utf-8")
        written = sorted(name for name in folder_files(staging))
        sums = "".join(f"{sha256_bytes((staging / name).read_bytes())}  {name}\n" for name in written)
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
