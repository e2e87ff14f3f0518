"""The rule layer on Dask (nato_corpus/distributed.py, `nato-corpus annotate-dask`), on a local cluster of two
worker processes: the published `documents` Parquet and a JSONL of texts give exactly the rows that the
single-process annotator (`datasets.map(annotate_batch)`) gives; bad inputs end in one line naming the file,
row and field, and nothing is written."""

from __future__ import annotations

import json
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from nato_corpus.annotate import BATCH_COLUMNS, annotate_batch, batch_features
from nato_corpus.cli import main
from nato_corpus.corpus import CorpusLayout
from nato_corpus.dataset.build import build_dataset
from nato_corpus.files import OUTPUT_MARKER, OutputRefused
from nato_corpus.rules.entities import registry_index
from nato_corpus.schema import LAYERS

from conftest import REPO_ROOT, make_corpus, require

SPLITS = ("train", "validation", "test")


@pytest.fixture(scope="module")
def client() -> Iterator[Any]:
    """A Dask local cluster of two worker processes with one thread each, as `annotate-dask` starts one."""
    require("distributed")
    from nato_corpus.distributed import dask_client

    with dask_client(workers=2) as client:
        yield client


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> tuple[CorpusLayout, Path]:
    """The fixture corpus and its committed rule layer, built with the package's build: (its layout, the
    dataset folder)."""
    root = tmp_path_factory.mktemp("built") / "corpus"
    layout = make_corpus(root)
    shutil.copy(REPO_ROOT / "LICENSE.md", root / "LICENSE.md")
    shutil.copytree(REPO_ROOT / "annotations" / "rule", root / "annotations" / "rule")  # documents_rule has rows
    build_dataset(layout, root.parent / "hf")
    return layout, root.parent / "hf"


def _shards(folder: Path, prefix: str = "") -> list[Path]:
    return sorted(p for p in folder.rglob("*.parquet") if p.name.startswith(prefix))


def _rows(paths: list[Path]) -> list[dict[str, Any]]:
    return [row for path in paths for row in pq.read_table(path).to_pylist()]


def _single_process(path: Path, registry: Any) -> Any:
    """What one process gives: the file read by `datasets` and mapped with annotate_batch."""
    import datasets

    dataset = datasets.Dataset.from_parquet(str(path), keep_in_memory=True)
    return dataset.map(annotate_batch, batched=True, batch_size=2, features=batch_features(dataset.features),
                       fn_kwargs={"registry": registry}, keep_in_memory=True)


def test_documents_config_on_two_workers(client: Any, built: tuple[CorpusLayout, Path], tmp_path: Path) -> None:
    from datasets import Features

    from nato_corpus.distributed import annotate_on_dask

    layout, hf = built
    assert len(client.scheduler_info()["workers"]) == 2
    documents = hf / "data" / "documents"
    # a copy of train cut into row groups of one row: several pieces per file, rows numbered across them
    table = pq.read_table(documents / "train-00000-of-00001.parquet")
    many = tmp_path / "many" / "train-rowgroups.parquet"
    many.parent.mkdir()
    pq.write_table(table, many, row_group_size=1)
    run = annotate_on_dask([documents, many], tmp_path / "out", client, layout.root, piece_bytes=1)
    out = tmp_path / "out"
    assert run.out_dir == out and run.rows == sum(pq.read_metadata(p).num_rows for p in _shards(documents)) + 2
    assert [s.shard for s in run.shards] == [
        *(f"{split}-00000-of-00001-part00000.parquet" for split in ("test", "train", "validation")),
        "train-rowgroups-part00000.parquet", "train-rowgroups-part00001.parquet"]
    assert json.loads((out / OUTPUT_MARKER).read_text())["command"] == "annotate-dask"
    registry = registry_index(layout.root)
    rule = {row["doc_id"]: row for row in _rows(_shards(hf / "data" / "documents_rule"))}
    for split in SPLITS:
        expected = _single_process(documents / f"{split}-00000-of-00001.parquet", registry)
        shard = out / f"{split}-00000-of-00001-part00000.parquet"
        got = pq.read_table(shard)
        assert Features.from_arrow_schema(got.schema) == expected.features  # the published types, embedded
        assert got.to_pylist() == expected.to_list()
        for row in got.to_pylist():  # and the committed rule layer, as the documents_rule config publishes it
            assert [row[column] for column in BATCH_COLUMNS] == [rule[row["doc_id"]][layer] for layer in LAYERS]
    assert _rows(_shards(out, "train-rowgroups")) == _rows([out / "train-00000-of-00001-part00000.parquet"])
    assert any(row["rule_entities"] and row["rule_entities"][0]["entity_id"] for row in _rows(_shards(out)))

    again = annotate_on_dask([documents], out, client, layout.root)  # its own output is replaced
    assert len(again.shards) == 3 and len(_shards(out)) == 3


def _jsonl_rows() -> list[dict[str, Any]]:
    texts = sorted((REPO_ROOT / "articles").glob("*.txt"))[:2]
    rows = [{"doc_id": path.stem, "text": path.read_text("utf-8"), "published": "2025-06-24"} for path in texts]
    rows += [{"text": "Talks will resume on Friday, ministers said.", "published": "2025-03-12", "url": "x"},
             {"doc_id": "month", "text": "Ministers met on Monday; next month the summit opens.", "anchor": "2025-06"},
             {"doc_id": "none", "text": "No dates or figures here.", "published": "2024-01-01"},
             {"doc_id": "spend", "text": "Allies agreed to spend 5% of GDP by 2035, up from 2% last year.",
              "published": "2025-06-25"}]
    return rows


def _write_jsonl(path: Path, rows: list[dict[str, Any]]) -> Path:
    lines = [json.dumps(row, ensure_ascii=False) for row in rows]
    lines.insert(3, "")  # a blank line is no row
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def test_jsonl_texts_on_two_workers(client: Any, tmp_path: Path) -> None:
    import datasets

    from nato_corpus.distributed import annotate_on_dask, jsonl_features, plan_pieces

    rows = _jsonl_rows()
    (tmp_path / "in").mkdir()
    source = _write_jsonl(tmp_path / "in" / "texts.jsonl", rows)
    run = annotate_on_dask([source], tmp_path / "out", client, piece_bytes=300)  # piece ends fall inside lines
    assert len(run.shards) > 3 and run.rows == len(rows)
    got = _rows([tmp_path / "out" / s.shard for s in run.shards])
    plain = [{"doc_id": r.get("doc_id"), "text": r["text"], "published": r.get("published", r.get("anchor"))}
             for r in rows]
    dataset = datasets.Dataset.from_list(plain, features=jsonl_features())
    expected = dataset.map(annotate_batch, batched=True, features=batch_features(dataset.features))
    assert got == expected.to_list()
    assert [r["text"] for r in got] == [r["text"] for r in rows]  # every line once, in order
    assert {d["value"] for d in got[3]["rule_dates"]} >= {"2025-XX-XX", "2025-07"}  # the month anchor
    assert pq.read_schema(tmp_path / "out" / run.shards[0].shard).names == [*plain[0], *BATCH_COLUMNS]
    # a folder named by URI, as object storage is (s3://bucket/prefix/): read through pyarrow's file systems
    uri = f"file://{source.parent}"
    assert all(piece.location.startswith("file://") for piece in plan_pieces([uri], 300).pieces)
    by_uri = annotate_on_dask([uri], tmp_path / "by_uri", client, piece_bytes=300)
    assert _rows([tmp_path / "by_uri" / s.shard for s in by_uri.shards]) == got


def _bad_parquet(tmp_path: Path, hf: Path) -> Path:
    table = pq.read_table(hf / "data" / "documents" / "train-00000-of-00001.parquet")
    rows = table.to_pylist() + table.to_pylist()  # four rows, two row groups, one bad
    rows[3]["publication"] = {**rows[3]["publication"], "anchor": "2025-02-30"}
    path = tmp_path / "bad" / "docs.parquet"
    path.parent.mkdir()
    pq.write_table(pa.Table.from_pylist(rows, schema=table.schema), path, row_group_size=2)
    return path


def test_bad_inputs_name_file_row_and_field_and_write_nothing(client: Any, built: tuple[CorpusLayout, Path],
                                                              tmp_path: Path) -> None:
    from nato_corpus.distributed import InputError, annotate_on_dask

    _layout, hf = built
    out = tmp_path / "out"
    bad = _bad_parquet(tmp_path, hf)
    doc_id = pq.read_table(bad).column("doc_id")[3].as_py()
    with pytest.raises(InputError, match=rf"^{bad}: row 3 \(doc_id '{doc_id}'\): field publication\.anchor: "
                                         r"'2025-02-30' is not a calendar date$"):
        annotate_on_dask([bad], out, client, piece_bytes=1)
    rows = _jsonl_rows()
    rows[4]["published"] = "2025-13-01"
    source = _write_jsonl(tmp_path / "texts.jsonl", rows)  # line 6: rows[4], after the blank line 4
    with pytest.raises(InputError, match=rf"^{source}: line 6 \(doc_id 'none'\): field published: '2025-13-01' "
                                         "is not a calendar date"):
        annotate_on_dask([source], out, client, piece_bytes=200)
    broken = source.read_text("utf-8").replace("2025-13-01", "2025-12-01").replace('"spend"', '"spend",')
    source.write_text(broken, "utf-8")  # one bad line at a time: which of two failing pieces is named is not fixed
    with pytest.raises(InputError, match=rf"^{source}: line 7: not JSON"):
        annotate_on_dask([source], out, client, piece_bytes=200)
    no_text = tmp_path / "no_text.parquet"
    pq.write_table(pa.table({"doc_id": ["a"], "published": ["2025-01-01"]}), no_text)
    with pytest.raises(InputError, match=rf"^{no_text}: field text: missing column"):
        annotate_on_dask([no_text], out, client)
    garbage = tmp_path / "garbage.parquet"
    garbage.write_bytes(b"not parquet at all")
    with pytest.raises(InputError, match=rf"^{garbage}: cannot read: "):
        annotate_on_dask([garbage], out, client)
    with pytest.raises(InputError, match=rf"^{source.with_suffix('.txt')}: not a \.parquet or \.jsonl file"):
        annotate_on_dask([shutil.copy(source, source.with_suffix(".txt"))], out, client)
    with pytest.raises(InputError, match=rf"^{tmp_path / 'absent.jsonl'}: no such file or folder$"):
        annotate_on_dask([tmp_path / "absent.jsonl"], out, client)
    assert not out.exists() and not list(tmp_path.glob(".out.*"))  # nothing written, no staging left


def test_cli_on_a_running_scheduler(client: Any, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """`--scheduler` (the real-cluster path) writes the shards; a bad row and a foreign output folder are one
    line on stderr with exit 1, no traceback; the output folder is only ever replaced when this command wrote it."""
    address = client.scheduler.address
    source = _write_jsonl(tmp_path / "texts.jsonl", _jsonl_rows()[2:])
    out = tmp_path / "out"
    assert main(["annotate-dask", str(source), "--out", str(out), "--scheduler", address]) == 0
    assert capsys.readouterr().out == f"{out}: 4 rows annotated into 1 Parquet shard\n"
    assert main(["annotate-dask", str(source), "--out", str(out), "--scheduler", address]) == 0
    capsys.readouterr()

    bad = _write_jsonl(tmp_path / "bad.jsonl", [*_jsonl_rows()[2:], {"doc_id": "x", "published": "2025-01-01"}])
    assert main(["annotate-dask", str(bad), "--out", str(out), "--scheduler", address]) == 1
    err = capsys.readouterr().err
    assert err == f"error: {bad}: line 6: field text: missing\n"
    assert len(_shards(out)) == 1  # the earlier output stands

    foreign = tmp_path / "mine"
    foreign.mkdir()
    (foreign / "notes.txt").write_text("keep me")
    assert main(["annotate-dask", str(source), "--out", str(foreign), "--scheduler", address]) == 1
    err = capsys.readouterr().err
    assert err.startswith(f"error: {foreign}: exists and was not written by nato-corpus annotate-dask")
    assert err.count("\n") == 1 and (foreign / "notes.txt").read_text() == "keep me"
    with pytest.raises(OutputRefused):
        from nato_corpus.distributed import annotate_on_dask

        annotate_on_dask([source], foreign, client)


def test_registry_from_a_corpus_its_jsonl_or_the_published_parquet(built: tuple[CorpusLayout, Path]) -> None:
    from nato_corpus.annotate import resolve_registry
    from nato_corpus.distributed import InputError, load_registry

    layout, hf = built
    expected = registry_index(layout.root)
    assert resolve_registry(load_registry(layout.root)) == expected
    assert resolve_registry(load_registry(layout.root / "registry" / "entities.jsonl")) == expected
    published = hf / "data" / "registry" / "train-00000-of-00001.parquet"
    assert set(expected.names) <= set(resolve_registry(load_registry(published)).names)  # with the probes' entries
    main_rows = hf.parent / "main.parquet"  # only the corpus's own registry rows: the same index
    table = pq.read_table(published)
    pq.write_table(table.filter(pa.compute.equal(table["defined_in"], "registry/entities.jsonl")), main_rows)
    assert resolve_registry(load_registry(main_rows)) == expected
    with pytest.raises(InputError, match=r"absent\.jsonl: cannot read"):
        load_registry(hf.parent / "absent.jsonl")


def test_a_worker_that_cannot_see_the_staging_folder_says_so(tmp_path: Path) -> None:
    from nato_corpus.distributed import PieceFailed, annotate_piece, plan_pieces

    plan = plan_pieces([_write_jsonl(tmp_path / "texts.jsonl", _jsonl_rows())])
    result = annotate_piece(plan.pieces[0], str(tmp_path / "elsewhere"), plan.features)
    assert isinstance(result, PieceFailed) and "not visible from this worker" in result.message


def test_two_inputs_that_would_write_one_shard_are_refused(tmp_path: Path) -> None:
    """Shards are named after their inputs: two files of one name in different folders would overwrite each
    other's output, so planning refuses them (checked by one count of the names, not one scan per piece)."""
    from nato_corpus.distributed import InputError, plan_pieces

    for folder in ("a", "b"):
        (tmp_path / folder).mkdir()
    first, second = (_write_jsonl(tmp_path / folder / "texts.jsonl", _jsonl_rows()) for folder in ("a", "b"))
    assert len(plan_pieces([first]).pieces) == 1
    with pytest.raises(InputError, match=r"^two inputs would both write .*texts.*; name inputs with different file "
                                         r"names$"):
        plan_pieces([first, second])
