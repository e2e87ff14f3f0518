"""Label Studio: export then import is lossless for the gold layer; bad exports fail cleanly."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from nato_corpus.cli import main
from nato_corpus.corpus import REPO_ROOT, CorpusLayout, read_annotations
from nato_corpus.review.labelstudio import export_tasks, import_tasks, labeling_config


@pytest.fixture
def gold_corpus(tmp_path: Path) -> CorpusLayout:
    for folder in ("articles", "registry", "annotations"):
        shutil.copytree(REPO_ROOT / folder, tmp_path / folder)
    return CorpusLayout(tmp_path)


def test_export_then_import_is_lossless_for_the_gold_layer(gold_corpus: CorpusLayout) -> None:
    tasks = json.loads(json.dumps(export_tasks(gold_corpus, "human")))  # through JSON, as a file would
    rebuilt = import_tasks(tasks)
    assert sorted(rebuilt) == gold_corpus.doc_ids()
    for doc_id, items in rebuilt.items():
        original = read_annotations(gold_corpus, "human", doc_id)
        assert original is not None
        assert sorted(items, key=lambda a: a.id) == sorted(original.annotations, key=lambda a: a.id)


def test_cli_round_trip_rewrites_identical_files(gold_corpus: CorpusLayout, tmp_path: Path,
                                                 capsys: pytest.CaptureFixture[str]) -> None:
    before = {p.name: p.read_bytes() for p in gold_corpus.annotations_dir("human").glob("*.jsonl")}
    out = tmp_path / "tasks.json"
    assert main(["export-labelstudio", "--root", str(gold_corpus.root), "--out", str(out)]) == 0
    assert "<Relations>" in out.with_suffix(".config.xml").read_text(encoding="utf-8")
    assert main(["import-labelstudio", str(out), "--root", str(gold_corpus.root)]) == 0
    assert "PASSED" in capsys.readouterr().out
    after = {p.name: p.read_bytes() for p in gold_corpus.annotations_dir("human").glob("*.jsonl")}
    assert after == before


def test_quotes_link_speakers_and_cues_by_relations(gold_corpus: CorpusLayout) -> None:
    task = export_tasks(gold_corpus, "human")[0]
    results = task["annotations"][0]["result"]
    relations = [r for r in results if r["type"] == "relation"]
    assert relations and {r["labels"][0] for r in relations} == {"speaker", "cue"}
    region_ids = {r["id"] for r in results if r["type"] == "labels"}
    assert all(r["from_id"] in region_ids and r["to_id"] in region_ids for r in relations)
    assert 'name="attributes"' in labeling_config()


def test_an_edited_region_with_a_bad_label_is_a_clear_error(gold_corpus: CorpusLayout, tmp_path: Path,
                                                            capsys: pytest.CaptureFixture[str]) -> None:
    tasks = export_tasks(gold_corpus, "human")
    region = next(r for r in tasks[0]["annotations"][0]["result"] if r["type"] == "labels")
    region["value"]["labels"] = ["PER"]
    path = tmp_path / "export.json"
    path.write_text(json.dumps(tasks), encoding="utf-8")
    assert main(["import-labelstudio", str(path), "--root", str(gold_corpus.root)]) == 1
    err = capsys.readouterr().err.strip()
    assert err.startswith(f"error: {path}: task 1 (") and "field label: Input should be" in err
