"""The stand-off view of the gold layer, and rehydrating it with texts the user obtained themselves.

The corpus texts have no redistribution licence.  The ``documents_standoff`` config is the ``documents`` config
with every copy of article text removed (the ``text`` column and the ``text`` of every span, speaker and cue):
offsets, ``text_sha256``, metadata and annotations only.  :func:`rehydrate_row` puts a text back after checking
its sha256, and restores every span's text as ``text[start:end]``, which gives exactly the ``documents`` row;
``nato-corpus rehydrate`` does it for a built dataset folder and a folder of ``<doc_id>.txt`` files.
"""

from __future__ import annotations

import copy
from pathlib import Path
from typing import Any, Final

from nato_corpus import files
from nato_corpus.corpus import CorpusError, sha256_bytes
from nato_corpus.dataset.features import STANDOFF_CONFIG, config_splits
from nato_corpus.schema import LAYERS
from nato_corpus.schema.base import SPAN_TEXT_MAX, is_doc_id

TEXT_KEY: Final = "text"
SPAN_PARTS: Final = ("speaker", "cue")  # the spans nested in a quote, which carry their own text
_BATCH_ROWS: Final = 64  # stand-off rows rehydrated and written at a time


class RehydrationError(CorpusError):
    """A text cannot be put back: missing, unreadable or not the text the offsets refer to; one line."""


def without_text(value: Any) -> Any:
    """A row, Features tree or part of one with every ``text`` key removed, recursively (lists included)."""
    from datasets import Features, List

    if isinstance(value, List):
        return List(without_text(value.feature))
    if isinstance(value, dict | Features):
        return {key: without_text(item) for key, item in value.items() if key != TEXT_KEY}
    if isinstance(value, list):
        return [without_text(item) for item in value]
    return value


def rehydrate_row(row: dict[str, Any], text: str, shown: str) -> dict[str, Any]:
    """The ``documents`` row of a stand-off `row`, given the text the user has for it (`shown` names it)."""
    digest = sha256_bytes(text.encode("utf-8"))
    if digest != row["text_sha256"]:
        raise RehydrationError(f"{shown}: sha256 {digest} is not the text_sha256 {row['text_sha256']} of document "
                               f"{row['doc_id']}: it is another text (or another copy), so the offsets would be wrong")
    full = copy.deepcopy(row)
    full[TEXT_KEY] = text
    copied = 0  # characters copied into spans: bounded as an annotation file is (a span per whole text x N)
    for layer in LAYERS:
        for item in full[layer]:
            for span in (item, *(item.get(part) for part in SPAN_PARTS)):
                if span is not None:
                    start, end = span["start"], span["end"]
                    if not (isinstance(start, int) and isinstance(end, int) and 0 <= start < end <= len(text)):
                        raise RehydrationError(f"{shown}: span {start}-{end} of {row['doc_id']} does not lie in "
                                               f"the text ({len(text)} characters)")
                    copied += end - start
                    if end - start > SPAN_TEXT_MAX or copied > files.LIMITS["annotations"]:
                        raise RehydrationError(f"{shown}: the spans of {row['doc_id']} would copy more text than "
                                               "an annotation file may hold (a span of at most "
                                               f"{SPAN_TEXT_MAX:,} characters, {files.LIMITS['annotations']:,} "
                                               "in all); is it a nato-corpus build?")
                    span[TEXT_KEY] = text[start:end]
    return full


def read_user_text(texts: Path, doc_id: object) -> tuple[str, str]:
    """(text, shown path) of `texts`/<doc_id>.txt, read as the user's file (any path, regular file, size limit).
    The id comes from the dataset, which may be anyone's: only a corpus id (no '/', no '..') names a file."""
    if not isinstance(doc_id, str) or not is_doc_id(doc_id):
        raise RehydrationError(f"{texts}: document id {str(doc_id)[:80]!r} of the dataset is not a corpus id "
                               "(a-z, 0-9 and '-'); no file is read for it")
    path = texts / f"{doc_id}.txt"
    try:
        data = files.read_user_file(path, "text")
    except files.FileRefused as exc:
        raise RehydrationError(f"{path}: {exc}; rehydration needs the text of document {doc_id} there") from None
    try:
        return data.decode("utf-8"), str(path)
    except UnicodeDecodeError as exc:
        raise RehydrationError(f"{path}: byte offset {exc.start} is not valid UTF-8") from None


def rehydrate_dataset(dataset: Path, texts: Path, out: Path) -> dict[str, int]:
    """Write out/data/documents/<split>-00000-of-00001.parquet from `dataset`'s stand-off config and `texts`;
    returns the rows per split.  The rows are written into a staging folder as they are checked, and `out` is
    replaced only when every text matched, and only when it is missing, empty or an earlier rehydration
    (nato_corpus.files.replace_output_folder, which leaves nothing behind when one fails)."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    from nato_corpus.dataset.features import document_features

    order = {split: n for n, split in enumerate(config_splits(STANDOFF_CONFIG))}
    parquet = sorted((dataset / "data" / STANDOFF_CONFIG).glob("*.parquet"),
                     key=lambda path: (order.get(path.name.split("-", 1)[0], len(order)), path.name))
    if not parquet:
        raise RehydrationError(f"{dataset}: no data/{STANDOFF_CONFIG}/*.parquet; is it a nato-corpus build?")
    schema = document_features().arrow_schema
    rows_per_split: dict[str, int] = {}

    def fill(staging: Path) -> None:
        """Each stand-off file a batch of rows at a time, into its split's file: memory holds one batch (a
        dataset's rows each copy their spans' text, which rehydrate_row bounds per document)."""
        writers: dict[str, pq.ParquetWriter] = {}
        try:
            for path in parquet:
                split = path.name.split("-", 1)[0]
                for batch in pq.ParquetFile(path).iter_batches(batch_size=_BATCH_ROWS):
                    if split not in writers:  # opened with the first row: an empty split has no file, as in a build
                        target = staging / "data" / "documents" / f"{split}-00000-of-00001.parquet"
                        target.parent.mkdir(parents=True, exist_ok=True)
                        writers[split] = pq.ParquetWriter(target, schema, compression="zstd")
                    rows = [rehydrate_row(row, *read_user_text(texts, row["doc_id"])) for row in batch.to_pylist()]
                    writers[split].write_table(pa.Table.from_pylist(rows, schema=schema))
                    rows_per_split[split] = rows_per_split.get(split, 0) + len(rows)
        finally:
            for writer in writers.values():
                writer.close()

    try:
        files.replace_output_folder(out, "rehydrate", fill, (dataset, texts), str(out))  # never replaces its inputs
    except OSError as exc:
        raise RehydrationError(f"{out}: cannot write: {exc.strerror or exc}") from None
    return rows_per_split
