"""``nato-corpus build``: write a complete, script-free Hugging Face dataset repository.

Output (default ``hf_dataset/`` at the corpus root)::

    README.md                                   the dataset card (DATASET_CARD.md, generated parts fresh)
    LICENSE.md                                  the corpus's LICENSE.md, which the card's license_link names
    data/<config>/<split>-00000-of-00001.parquet  one file per config and split, features embedded
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
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Final

import pyarrow as pa
import pyarrow.parquet as pq

from nato_corpus import files
from nato_corpus.corpus import CorpusError, CorpusLayout, Document, sha256_bytes
from nato_corpus.dataset.card import read_card_template, render_card
from nato_corpus.dataset.croissant import croissant_metadata
from nato_corpus.dataset.features import (
    ALL_CONFIGS,
    DOCUMENT_CONFIGS,
    Sizes,
    features_for,
    present_configs,
    present_splits,
)
from nato_corpus.dataset.rows import document_row, flat_rows
from nato_corpus.schema import LAYERS, SPLITS
from nato_corpus.validate import ValidationReport, validate_corpus
from nato_corpus.validate.documents import InvalidCorpus, iter_documents

CHECKSUMS_FILE: Final = "SHA256SUMS"
LICENSE_FILE: Final = "LICENSE.md"
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


def parquet_path(config: str, split: str) -> str:
    return f"data/{config}/{split}-00000-of-00001.parquet"


def collect_rows(documents: Iterable[Document]) -> dict[str, dict[str, list[dict[str, Any]]]]:
    """config -> split -> rows, documents in id order; one pass over the documents."""
    rows: dict[str, dict[str, list[dict[str, Any]]]] = {c: defaultdict(list) for c in ALL_CONFIGS}
    for document in documents:
        split = document.metadata.split
        for config, origin in DOCUMENT_CONFIGS.items():
            rows[config][split].append(document_row(document, origin))
        for layer in LAYERS:
            rows[layer][split].extend(flat_rows(document, layer))
    return rows


def encode_tables(source: CorpusLayout | Iterable[Document]) -> dict[str, dict[str, pa.Table]]:
    """config -> split -> Arrow table typed by the config's Features (ClassLabels encoded as ints), from a
    corpus (read through the validator) or documents already read."""
    documents = iter_documents(source) if isinstance(source, CorpusLayout) else source
    tables: dict[str, dict[str, pa.Table]] = {}
    for config, by_split in collect_rows(documents).items():
        features = features_for(config)
        tables[config] = {
            split: pa.Table.from_pylist([features.encode_example(r) for r in by_split.get(split, [])],
                                        schema=features.arrow_schema)
            for split in SPLITS}
    return tables


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
    documents = [checked.document() for checked in report.corpora[layout.root].documents]
    licence = _read_licence(layout)
    card_template = read_card_template(layout)
    tables = encode_tables(documents)
    sizes = table_sizes(tables)

    def fill(staging: Path) -> None:
        for config in present_configs(sizes):
            for split in present_splits(sizes, config):
                path = staging / parquet_path(config, split)
                path.parent.mkdir(parents=True, exist_ok=True)
                pq.write_table(tables[config][split], path, compression="zstd")
        (staging / "README.md").write_text(render_card(layout, card_template, sizes, tables), encoding="utf-8")
        (staging / LICENSE_FILE).write_bytes(licence)
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
    sizes = ", ".join(f"{split} {len(loaded[split])}" for split in SPLITS if split in loaded)
    line = f"  {config:<15} rows: {sizes}"
    if config in DOCUMENT_CONFIGS:
        spans = {layer: sum(len(row[layer]) for split in loaded for row in loaded[split]) for layer in LAYERS}
        line += "; annotations: " + ", ".join(f"{layer} {n}" for layer, n in spans.items())
    return line
