"""``nato-corpus build``: write a complete, script-free Hugging Face dataset repository.

Output (default ``hf_dataset/`` at the corpus root)::

    README.md                                   the dataset card (DATASET_CARD.md, generated parts fresh)
    data/<config>/<split>-00000-of-00001.parquet  one file per config and split, features embedded
    croissant.json                              Croissant 1.1 metadata
    SHA256SUMS                                  checksums of every other file

The corpus is validated first and an invalid one is refused.  Everything is written into a temporary
folder beside the target and renamed into place, so a failed build never leaves a half-written dataset.
Two builds of the same corpus are byte-identical.
"""

from __future__ import annotations

import shutil
import tempfile
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pyarrow as pa
import pyarrow.parquet as pq

from nato_corpus.corpus import CorpusLayout, iter_documents, sha256_bytes
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
from nato_corpus.validate import validate_corpus


class BuildError(Exception):
    """The dataset cannot be built; the message says why in one line."""


@dataclass(frozen=True)
class BuildResult:
    out_dir: Path
    sizes: Sizes


def parquet_path(config: str, split: str) -> str:
    return f"data/{config}/{split}-00000-of-00001.parquet"


def collect_rows(layout: CorpusLayout) -> dict[str, dict[str, list[dict[str, Any]]]]:
    """config -> split -> rows, documents in id order; one pass over the corpus."""
    rows: dict[str, dict[str, list[dict[str, Any]]]] = {c: defaultdict(list) for c in ALL_CONFIGS}
    for document in iter_documents(layout):
        split = document.metadata.split
        for config, origin in DOCUMENT_CONFIGS.items():
            rows[config][split].append(document_row(document, origin))
        for layer in LAYERS:
            rows[layer][split].extend(flat_rows(document, layer))
    return rows


def encode_tables(layout: CorpusLayout) -> dict[str, dict[str, pa.Table]]:
    """config -> split -> Arrow table typed by the config's Features (ClassLabels encoded as ints)."""
    tables: dict[str, dict[str, pa.Table]] = {}
    for config, by_split in collect_rows(layout).items():
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


def build_dataset(layout: CorpusLayout, out_dir: Path) -> BuildResult:
    """Validate, then write the dataset repository to `out_dir` atomically (replacing an older build)."""
    report = validate_corpus(layout)
    if not report.valid:
        errors = sum(1 for i in report.incidents if i.severity == "error")
        raise BuildError(f"the corpus has {errors} validation errors; run nato-corpus validate")
    tables = encode_tables(layout)
    sizes = table_sizes(tables)
    out_dir = out_dir.resolve()
    out_dir.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=f".{out_dir.name}.", suffix=".building", dir=out_dir.parent))
    try:
        for config in present_configs(sizes):
            for split in present_splits(sizes, config):
                path = staging / parquet_path(config, split)
                path.parent.mkdir(parents=True, exist_ok=True)
                pq.write_table(tables[config][split], path, compression="zstd")
        card = render_card(layout, read_card_template(layout), sizes)
        (staging / "README.md").write_text(card, encoding="utf-8")
        (staging / "croissant.json").write_text(croissant_metadata(layout, sizes), encoding="utf-8")
        files = sorted(p for p in staging.rglob("*") if p.is_file())
        sums = "".join(f"{sha256_bytes(p.read_bytes())}  {p.relative_to(staging).as_posix()}\n" for p in files)
        (staging / "SHA256SUMS").write_text(sums, encoding="utf-8")
        _replace_dir(staging, out_dir)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    return BuildResult(out_dir, sizes)


def _replace_dir(staging: Path, out_dir: Path) -> None:
    """Swap the finished build in; the previous build is removed only after the swap."""
    staging.chmod(0o755)
    if out_dir.exists():
        retired = Path(tempfile.mkdtemp(prefix=f".{out_dir.name}.", suffix=".old", dir=out_dir.parent))
        out_dir.rename(retired / "previous")
        staging.rename(out_dir)
        shutil.rmtree(retired, ignore_errors=True)
    else:
        staging.rename(out_dir)


def summarize_dataset(out_dir: Path) -> str:
    """Load every config and split back with ``datasets.load_dataset`` and describe what came back."""
    from datasets import disable_progress_bars, get_dataset_config_names, load_dataset

    disable_progress_bars()  # the summary is the output; per-split progress bars would drown it
    lines = [f"Hugging Face dataset at {out_dir}, read back with datasets.load_dataset:"]
    for config in get_dataset_config_names(str(out_dir)):
        loaded = load_dataset(str(out_dir), config)
        sizes = ", ".join(f"{split} {len(loaded[split])}" for split in SPLITS if split in loaded)
        line = f"  {config:<15} rows: {sizes}"
        if config in DOCUMENT_CONFIGS:
            spans = {layer: sum(len(row[layer]) for split in loaded for row in loaded[split]) for layer in LAYERS}
            line += "; annotations: " + ", ".join(f"{layer} {n}" for layer, n in spans.items())
        lines.append(line)
    return "\n".join(lines)
