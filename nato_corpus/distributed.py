"""The rule layer on a Dask cluster: ``nato-corpus annotate-dask`` over Parquet shards or JSONL files of texts.

Why Dask distributed, and how to run it on a real cluster: the README's "Rule layer on a cluster".

The client plans, the workers work, Dask's scheduler decides who runs what (and reruns the piece of a worker
that died):

- the client lists the inputs and reads only Parquet footers (schema, row-group sizes) and JSONL file sizes,
  and cuts them into pieces of about `piece_bytes`: whole Parquet row groups, or JSONL byte ranges (a line
  belongs to the piece its first byte is in, so no line is cut or read twice);
- one Dask task per piece reads it, annotates it in batches with :func:`nato_corpus.annotate.annotate_batch`
  (the very function ``datasets.map`` runs on one machine) and writes one Parquet shard typed by
  :func:`nato_corpus.annotate.batch_features`: the input's columns and the four ``rule_*`` columns, typed as
  the published ``documents`` config types its gold layers (ClassLabel ids, int32 offsets);
- the shards are written into a staging folder beside the output, which replaces the output only when every
  piece succeeded (:func:`nato_corpus.files.replace_output_folder`: never a folder this command did not write).

Inputs are local paths or URIs that pyarrow's file systems read (``s3://``, ``gs://``, ``hdfs://``,
``file://``); the output folder must be on a file system that the client and every worker see at the same path.
"""

from __future__ import annotations

import io
import json
import logging
import os
import uuid
from collections import Counter
from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any, Final, Literal

import pyarrow as pa
import pyarrow.fs as pafs
import pyarrow.parquet as pq

from nato_corpus import files
from nato_corpus.annotate import BATCH_COLUMNS, RegistrySource, RowError, annotate_batch, batch_features
from nato_corpus.files import CorpusError
from nato_corpus.rules.entities import RegistryIndex

if TYPE_CHECKING:
    from datasets import Features
    from distributed import Client

COMMAND: Final = "annotate-dask"  # the output marker's command: only a folder this command wrote is replaced
PIECE_BYTES: Final = 16 * 2**20  # about a minute of rules on one core at 0.25 MB/s: short enough to rerun
BATCH_ROWS: Final = 64  # rows per annotate_batch call, and per row group of a shard
ANCHOR_COLUMNS: Final = ("publication", "published", "anchor")  # what annotate_batch reads the anchor from
# A JSONL input's rows: other keys are not carried over (they could differ in type from line to line).
JSONL_COLUMNS: Final = ("doc_id", "text", "published")
# Put into the staging folder when a piece failed: the other tasks stop at their next batch, so that the folder is
# removed only once no task writes into it any more (Dask cannot interrupt a running task).
STOP_FILE: Final = ".stop"
INSTALL_HINT: Final = "install the optional extra: pip install 'nato-corpus[distributed]'"


class InputError(CorpusError):
    """An input the distributed annotator cannot read; the message names the file, and the row and field."""


@dataclass(frozen=True)
class Piece:
    """One task's share of one input file: Parquet row groups, or the JSONL lines starting in a byte range."""

    kind: Literal["parquet", "jsonl"]
    location: str  # a local path or a URI, as the workers open it
    shown: str  # the file as the user named it
    shard: str  # the output shard's name, relative to the output folder
    row_groups: tuple[int, ...] = ()  # Parquet
    first_row: int = 0  # Parquet: the row number of the piece's first row in its file
    start: int = 0  # JSONL: byte range [start, end)
    end: int = 0


@dataclass(frozen=True)
class Plan:
    pieces: tuple[Piece, ...]
    features: Features  # of the output shards: the input's columns and the rule columns


@dataclass(frozen=True)
class ShardWritten:
    shard: str
    rows: int


@dataclass(frozen=True)
class PieceFailed:
    message: str


@dataclass(frozen=True)
class DaskRun:
    out_dir: Path
    shards: tuple[ShardWritten, ...]

    @property
    def rows(self) -> int:
        return sum(shard.rows for shard in self.shards)


# --- files: local paths and pyarrow URIs alike --------------------------------------------------------------


def _filesystem(location: str) -> tuple[pafs.FileSystem, str]:
    if "://" in location:
        return pafs.FileSystem.from_uri(location)
    return pafs.LocalFileSystem(), os.path.abspath(location)


def _unreadable(shown: str, exc: Exception) -> InputError:
    reason = exc.strerror if isinstance(exc, OSError) and exc.strerror else (str(exc).splitlines() or [""])[0]
    return InputError(f"{shown}: cannot read: {reason}")


def _input_files(location: str) -> list[tuple[str, str, str]]:
    """(location, shown, relative name) of every .parquet / .jsonl file `location` names, in path order: the
    file itself, or the files below the folder (relative names below it)."""
    try:
        fs, path = _filesystem(location)
        info = fs.get_file_info(path)
        if info.type == pafs.FileType.NotFound:
            raise InputError(f"{location}: no such file or folder")
        if info.type == pafs.FileType.File:
            if not path.endswith((".parquet", ".jsonl")):
                raise InputError(f"{location}: not a .parquet or .jsonl file (the format is read from the name)")
            return [(location, location, Path(path).name)]
        if info.type != pafs.FileType.Directory:
            raise InputError(f"{location}: not a regular file or folder")
        found = sorted(i.path for i in fs.get_file_info(pafs.FileSelector(path, recursive=True))
                        if i.type == pafs.FileType.File and i.path.endswith((".parquet", ".jsonl")))
    except (OSError, pa.ArrowException) as exc:
        raise _unreadable(location, exc) from None
    if not found:
        raise InputError(f"{location}: holds no .parquet or .jsonl file")
    listed = []
    for name in found:
        relative = Path(name).relative_to(path).as_posix()
        if "://" in location:  # the scheme and options of the URI, around the file's path
            base, mark, options = location.partition("?")
            name = f"{base.split('://', 1)[0]}://{name}{mark}{options}"
            listed.append((name, name, relative))
        else:
            listed.append((name, os.path.join(location, relative), relative))
    return listed


def _shard_name(relative: str, number: int) -> str:
    stem = relative[: -len(Path(relative).suffix)]
    return f"{stem}-part{number:05d}.parquet"


# --- planning (on the client) -------------------------------------------------------------------------------


def _parquet_pieces(location: str, shown: str, relative: str, piece_bytes: int) -> tuple[list[Piece], pa.Schema]:
    try:
        fs, path = _filesystem(location)
        with fs.open_input_file(path) as handle:
            parquet = pq.ParquetFile(handle)
            metadata, schema = parquet.metadata, parquet.schema_arrow
    except (OSError, pa.ArrowException) as exc:
        raise _unreadable(shown, exc) from None
    pieces: list[Piece] = []
    group: list[int] = []
    size = first = row = 0
    for number in range(metadata.num_row_groups):
        if not group:
            first = row
        group.append(number)
        size += metadata.row_group(number).total_byte_size
        row += metadata.row_group(number).num_rows
        if size >= piece_bytes or number == metadata.num_row_groups - 1:
            pieces.append(Piece("parquet", location, shown, _shard_name(relative, len(pieces)), tuple(group), first))
            group, size = [], 0
    return pieces, schema


def _jsonl_pieces(location: str, shown: str, relative: str, piece_bytes: int) -> list[Piece]:
    try:
        fs, path = _filesystem(location)
        size = fs.get_file_info(path).size or 0
    except (OSError, pa.ArrowException) as exc:
        raise _unreadable(shown, exc) from None
    starts = range(0, max(size, 1), piece_bytes)
    return [Piece("jsonl", location, shown, _shard_name(relative, n), start=s, end=min(s + piece_bytes, size))
            for n, s in enumerate(starts)]


def _input_features(schema: pa.Schema, shown: str) -> Features:
    """The features of a Parquet input (its embedded ``datasets`` features, else read from the Arrow types),
    refused when annotate_batch could not read it or its rule columns would clash with the input's."""
    from datasets import Features

    names = set(schema.names)
    if "text" not in names:
        raise InputError(f"{shown}: field text: missing column (the rules annotate the column 'text')")
    if not names & set(ANCHOR_COLUMNS):
        raise InputError(f"{shown}: field publication.anchor: missing column (an anchor is needed: 'publication', "
                         "as in the published documents config, or a 'published' YYYY-MM-DD / YYYY-MM string)")
    clash = sorted(names & set(BATCH_COLUMNS))
    if clash:
        raise InputError(f"{shown}: field {clash[0]}: the input already has this output column")
    return Features.from_arrow_schema(schema)


def jsonl_features() -> Features:
    from datasets import Features, Value

    return Features({column: Value("string") for column in JSONL_COLUMNS})


def plan_pieces(inputs: Sequence[str | Path], piece_bytes: int = PIECE_BYTES) -> Plan:
    """Every input file cut into pieces, and the output features; an InputError names the first bad file."""
    listed = [entry for location in inputs for entry in _input_files(str(location))]
    if not listed:
        raise InputError("no input files")
    kinds = {Path(relative).suffix for _, _, relative in listed}
    if len(kinds) > 1:
        raise InputError("the inputs mix Parquet and JSONL files; annotate each kind on its own (their shards would "
                         "have different columns)")
    pieces: list[Piece] = []
    features: Features | None = None
    first_shown = ""
    for location, shown, relative in listed:
        if relative.endswith(".jsonl"):
            pieces.extend(_jsonl_pieces(location, shown, relative, piece_bytes))
            features = jsonl_features()
            continue
        found, schema = _parquet_pieces(location, shown, relative, piece_bytes)
        these = _input_features(schema, shown)
        if features is None:
            features, first_shown = these, shown
        elif these != features:
            raise InputError(f"{shown}: its columns differ from those of {first_shown}; every shard of one run must "
                             "have the same features")
        pieces.extend(found)
    written = Counter(piece.shard for piece in pieces)  # counted once: .count per shard was quadratic
    duplicate = next((piece.shard for piece in pieces if written[piece.shard] > 1), None)
    if duplicate is not None:
        raise InputError(f"two inputs would both write {duplicate}; name inputs with different file names")
    assert features is not None
    return Plan(tuple(pieces), batch_features(features))


# --- one piece (on a worker) --------------------------------------------------------------------------------


def _parquet_batches(piece: Piece, batch_rows: int) -> Iterator[tuple[int, pa.Table]]:
    """(row number of the batch's first row in its file, batch) of a Parquet piece."""
    fs, path = _filesystem(piece.location)
    with fs.open_input_file(path) as handle:
        table = pq.ParquetFile(handle).read_row_groups(list(piece.row_groups))
    for offset in range(0, table.num_rows, batch_rows):
        yield piece.first_row + offset, table.slice(offset, batch_rows)


def _line_number(piece: Piece, offset: int) -> int:
    """The line (from 1) that starts at byte `offset` of the piece's file: counted only to name a bad line."""
    fs, path = _filesystem(piece.location)
    count = done = 0
    with fs.open_input_stream(path) as stream:
        while done < offset:
            block = stream.read(min(2**20, offset - done))
            if not block:
                break
            count += block.count(b"\n")
            done += len(block)
    return count + 1


class _LineError(Exception):
    def __init__(self, offset: int, message: str) -> None:
        super().__init__(message)
        self.offset = offset


def _jsonl_rows(piece: Piece) -> Iterator[tuple[int, dict[str, Any]]]:
    """(byte offset, row) of every non-blank line that starts in the piece's byte range."""
    fs, path = _filesystem(piece.location)
    with fs.open_input_file(path) as native, io.BufferedReader(native, 2**20) as handle:  # pyarrow has no readline
        position = piece.start
        if position > 0:
            handle.seek(position - 1)
            position += len(handle.readline()) - 1  # the rest of a line that started in the piece before
        while position < piece.end:
            raw = handle.readline()
            if not raw:
                break
            if raw.strip():
                yield position, _jsonl_row(raw, position)
            position += len(raw)


def _jsonl_row(raw: bytes, offset: int) -> dict[str, Any]:
    try:
        record = json.loads(raw)
    except UnicodeDecodeError as exc:
        raise _LineError(offset, f"not UTF-8 (byte {exc.start} of the line)") from None
    except ValueError as exc:
        raise _LineError(offset, f"not JSON ({exc})") from None
    if not isinstance(record, dict):
        raise _LineError(offset, f"not a JSON object but {type(record).__name__}")
    if "text" not in record:
        raise _LineError(offset, "field text: missing")
    key = "published" if "published" in record else "anchor"
    if key not in record:
        raise _LineError(offset, "field published: missing (a YYYY-MM-DD date or a YYYY-MM month; 'anchor' works too)")
    doc_id = record.get("doc_id")
    if doc_id is not None and not isinstance(doc_id, str):
        raise _LineError(offset, f"field doc_id: expected a string, got {type(doc_id).__name__}")
    return {"doc_id": doc_id, "text": record["text"], "published": record[key]}


def _jsonl_batches(piece: Piece, batch_rows: int, offsets: list[int]) -> Iterator[tuple[int, pa.Table]]:
    """Batches of a JSONL piece; `offsets` receives each row's byte offset (to name a bad row by its line)."""
    schema = jsonl_features().arrow_schema
    rows: list[dict[str, Any]] = []
    for offset, row in _jsonl_rows(piece):
        rows.append(row)
        offsets.append(offset)
        if len(rows) == batch_rows:
            yield len(offsets) - len(rows), pa.Table.from_pylist(rows, schema=schema)
            rows = []
    if rows:
        yield len(offsets) - len(rows), pa.Table.from_pylist(rows, schema=schema)


def _annotated(batch: pa.Table, schema: pa.Schema, registry: RegistryIndex | None) -> pa.Table:
    rule = annotate_batch(batch.to_pydict(), registry)
    arrays = [batch.column(field.name).cast(field.type) if field.name in batch.column_names
              else pa.array(rule[field.name], type=field.type) for field in schema]
    return pa.Table.from_arrays(arrays, schema=schema)


def annotate_piece(piece: Piece, staging: str, features: Features, registry: RegistryIndex | None = None,
                   batch_rows: int = BATCH_ROWS) -> ShardWritten | PieceFailed:
    """The task each worker runs: annotate one piece and write its shard into `staging` (atomically, so a rerun
    of a piece whose worker died writes the same file again); a bad row or unreadable file is returned as a
    PieceFailed naming it, not raised, so the client reports it in one line."""
    if not os.path.isdir(staging):
        return PieceFailed(f"{staging}: the output's staging folder is not visible from this worker; the output "
                           "folder must be on a file system shared by the client and every worker")
    if os.path.exists(os.path.join(staging, STOP_FILE)):
        return PieceFailed("stopped: another piece failed")
    schema = features.arrow_schema
    target = os.path.join(staging, piece.shard)  # its folder made by the client: a cancelled task cannot remake it
    temporary = f"{target}.{uuid.uuid4().hex}.tmp"
    jsonl = piece.kind == "jsonl"
    offsets: list[int] = []
    rows = 0
    stop = os.path.join(staging, STOP_FILE)
    try:
        with pq.ParquetWriter(temporary, schema, compression="zstd") as writer:
            batches = _jsonl_batches(piece, batch_rows, offsets) if jsonl else _parquet_batches(piece, batch_rows)
            for first, batch in batches:
                if os.path.exists(stop):
                    return PieceFailed("stopped: another piece failed")
                try:
                    table = _annotated(batch, schema, registry)
                except RowError as exc:
                    return PieceFailed(_row_message(piece, exc, first, offsets if jsonl else None))
                writer.write_table(table, row_group_size=batch_rows)
                rows += table.num_rows
        if rows == 0:
            os.unlink(temporary)  # an empty Parquet file cannot be loaded: no shard for an empty piece
        else:
            os.replace(temporary, target)
    except _LineError as exc:
        return PieceFailed(f"{piece.shown}: line {_line_number(piece, exc.offset)}: {exc}")
    except (OSError, pa.ArrowException) as exc:
        return PieceFailed(str(_unreadable(piece.shown, exc)))
    finally:
        if os.path.exists(temporary):
            os.unlink(temporary)
    return ShardWritten(piece.shard, rows)


def _row_message(piece: Piece, exc: RowError, first: int, offsets: list[int] | None) -> str:
    """`file: row N (doc_id 'x'): field F: problem`: Parquet rows from 0 (as ``ds[N]``), JSONL lines from 1."""
    where = (f"line {_line_number(piece, offsets[first + exc.row])}" if offsets is not None
             else f"row {first + exc.row}")
    if exc.doc_id is not None:
        where += f" (doc_id {exc.doc_id!r})"
    return f"{piece.shown}: {where}: field {exc.field}: {exc.problem}"


# --- the run (on the client) --------------------------------------------------------------------------------


def _dask() -> Any:
    try:
        import distributed
    except ImportError:
        raise CorpusError(f"Dask distributed is not installed; {INSTALL_HINT}") from None
    return distributed


@contextmanager
def dask_client(scheduler: str | None = None, workers: int = 2) -> Iterator[Client]:
    """A client of the scheduler at `scheduler` (``tcp://host:8786``), or of a local cluster of `workers`
    processes with one thread each (the rules are pure Python: threads would share one core)."""
    distributed = _dask()
    if scheduler is not None:
        try:
            client = distributed.Client(scheduler, timeout="30s")
        except (OSError, TimeoutError) as exc:
            raise CorpusError(f"--scheduler {scheduler}: cannot connect: {exc}") from None
        with client:
            yield client
        return
    with distributed.LocalCluster(n_workers=workers, threads_per_worker=1, processes=True, dashboard_address=None,
                                  silence_logs=logging.ERROR) as cluster, distributed.Client(cluster) as client:
        yield client


def annotate_on_dask(inputs: Sequence[str | Path] | Plan, out_dir: Path, client: Client,
                     registry: RegistrySource = None, *, piece_bytes: int = PIECE_BYTES, batch_rows: int = BATCH_ROWS,
                     protected: Sequence[Path] = (), shown: str | None = None) -> DaskRun:
    """Annotate every row of `inputs` (or of a Plan of them already made) on `client`'s cluster and write the
    shards into `out_dir`.

    Nothing is written unless every piece succeeds; `out_dir` is replaced only when it is missing, empty or
    an earlier output of this command, and never lies in a `protected` corpus folder."""
    from nato_corpus.annotate import resolve_registry

    distributed = _dask()
    shown = shown if shown is not None else str(out_dir)
    files.check_output_folder(out_dir, COMMAND, protected, shown)  # before any work is sent out
    plan = inputs if isinstance(inputs, Plan) else plan_pieces(inputs, piece_bytes)
    index = resolve_registry(registry)
    written: list[ShardWritten] = []

    def fill(staging: Path) -> None:
        for folder in {(staging / piece.shard).parent for piece in plan.pieces}:
            folder.mkdir(parents=True, exist_ok=True)
        shared = client.scatter(index, broadcast=True) if index is not None else None
        futures = client.map(annotate_piece, plan.pieces, staging=str(staging), features=plan.features,
                             registry=shared, batch_rows=batch_rows, pure=False, retries=2)
        try:
            for future in distributed.as_completed(futures):
                result = future.result()
                if isinstance(result, PieceFailed):
                    raise InputError(result.message)
                written.append(result)
        except KeyboardInterrupt:
            client.cancel(futures)
            raise
        except Exception:
            (staging / STOP_FILE).touch()
            distributed.wait(futures)  # each stops at its next batch; then the staging folder can go
            raise
        if not any(shard.rows for shard in written):
            raise InputError("the inputs hold no rows")

    try:
        target = files.replace_output_folder(out_dir, COMMAND, fill, protected, shown)
    except OSError as exc:
        raise CorpusError(f"{shown}: cannot write: {exc.strerror or exc}") from None
    order = {piece.shard: number for number, piece in enumerate(plan.pieces)}
    return DaskRun(target, tuple(sorted((s for s in written if s.rows), key=lambda s: order[s.shard])))


def load_registry(location: str | Path) -> RegistrySource:
    """What entities are linked to: a corpus folder, or registry rows in a JSONL file (``registry/entities.jsonl``)
    or a Parquet file (the published ``registry`` config, its ClassLabels decoded)."""
    from nato_corpus.dataset.features import registry_features
    from nato_corpus.dataset.rows import with_label_names

    shown = str(location)
    path = Path(location)
    if path.is_dir():
        return path
    if shown.endswith(".parquet"):
        try:
            rows = pq.read_table(path).to_pylist()
        except (OSError, pa.ArrowException) as exc:
            raise _unreadable(shown, exc) from None
        features = registry_features()
        return [{k: v for k, v in with_label_names(features, row).items() if k != "defined_in"} for row in rows]
    try:
        lines = path.read_text("utf-8").splitlines()
    except (OSError, UnicodeDecodeError) as exc:
        raise _unreadable(shown, exc) from None
    rows: list[Mapping[str, Any]] = []
    for number, line in enumerate(lines, 1):
        if line.strip():
            try:
                rows.append(json.loads(line))
            except ValueError as exc:
                raise InputError(f"{shown}: line {number}: not JSON ({exc})") from None
    return rows


__all__ = ["COMMAND", "DaskRun", "InputError", "Piece", "annotate_on_dask", "annotate_piece", "dask_client",
           "load_registry", "plan_pieces"]
