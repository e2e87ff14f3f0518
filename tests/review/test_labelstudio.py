"""Label Studio: export then import is lossless for the gold layer; bad exports fail cleanly."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from nato_corpus.cli import main
from nato_corpus.corpus import REPO_ROOT, CorpusLayout, read_annotations, write_annotations
from nato_corpus.review.labelstudio import export_tasks, import_tasks, labeling_config
from nato_corpus.schema import QuoteAnnotation


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


def _export(layout: CorpusLayout, tmp_path: Path) -> list[dict]:
    out = tmp_path / "tasks.json"
    assert main(["export-labelstudio", "--root", str(layout.root), "--out", str(out)]) == 0
    return json.loads(out.read_text(encoding="utf-8"))


def _import(layout: CorpusLayout, tasks: list[dict], tmp_path: Path) -> int:
    path = tmp_path / "export.json"
    path.write_text(json.dumps(tasks), encoding="utf-8")
    return main(["import-labelstudio", str(path), "--root", str(layout.root)])


def test_regions_drawn_in_label_studio_get_fresh_ids_and_keep_their_relations(
        gold_corpus: CorpusLayout, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    tasks = _export(gold_corpus, tmp_path)
    task = tasks[0]
    doc_id = task["data"]["doc_id"]
    results = task["annotations"][0]["result"]
    quote = next(r for r in results if r["type"] == "labels" and r["from_name"] == "quotes"
                 and any(x["type"] == "relation" and x["from_id"] == r["id"] for x in results))
    old_id = quote["id"]
    speaker = next(r for r in results if r["id"] == f"{old_id}-speaker")
    # the annotator deletes the quote, then draws it again: Label Studio ids, no attributes, a relation drawn
    # from the speaker to the quote with no label
    results[:] = [r for r in results if old_id not in (r.get("id"), r.get("from_id"))]
    results += [{**quote, "id": "Xk3_9aB"}, {**speaker, "id": "Pq7_Zz1"},
                {"type": "relation", "from_id": "Pq7_Zz1", "to_id": "Xk3_9aB", "direction": "right"}]
    original = read_annotations(gold_corpus, "human", doc_id)
    assert original is not None
    highest = max(int(a.id[1:]) for a in original.annotations if a.layer == "quotes")
    assert _import(gold_corpus, tasks, tmp_path) == 0
    assert "PASSED" in capsys.readouterr().out
    assert main(["validate", "--root", str(gold_corpus.root)]) == 0
    rebuilt = read_annotations(gold_corpus, "human", doc_id)
    assert rebuilt is not None
    new = next(a for a in rebuilt.annotations if a.id == f"q{highest + 1}")  # not the deleted quote's id
    assert isinstance(new, QuoteAnnotation) and new.annotator == "labelstudio"
    assert (new.start, new.end, new.kind) == (quote["value"]["start"], quote["value"]["end"],
                                              quote["value"]["labels"][0])
    assert new.speaker is not None and (new.speaker.start, new.speaker.end) == (speaker["value"]["start"],
                                                                                 speaker["value"]["end"])
    assert old_id not in {a.id for a in rebuilt.annotations}


def test_import_keeps_the_layers_the_gold_file_declares(gold_corpus: CorpusLayout, tmp_path: Path) -> None:
    doc_id = gold_corpus.doc_ids()[0]
    original = read_annotations(gold_corpus, "human", doc_id)
    assert original is not None
    header = original.header.model_copy(update={"layers": ("entities", "quotes")})
    write_annotations(gold_corpus, header, [a for a in original.annotations if a.layer in header.layers])
    assert _import(gold_corpus, _export(gold_corpus, tmp_path), tmp_path) == 0
    rebuilt = read_annotations(gold_corpus, "human", doc_id)
    assert rebuilt is not None and rebuilt.header.layers == ("entities", "quotes")


def test_import_without_a_gold_file_declares_the_layers_the_tasks_have(gold_corpus: CorpusLayout,
                                                                        tmp_path: Path) -> None:
    tasks = _export(gold_corpus, tmp_path)
    doc_id = tasks[0]["data"]["doc_id"]
    results = tasks[0]["annotations"][0]["result"]
    figures = {r["id"] for r in results if r.get("from_name") == "figures"}
    assert figures
    results[:] = [r for r in results if r.get("id") not in figures]
    gold_corpus.annotation_path("human", doc_id).unlink()
    assert _import(gold_corpus, tasks, tmp_path) == 0
    rebuilt = read_annotations(gold_corpus, "human", doc_id)
    assert rebuilt is not None and rebuilt.header.layers == ("entities", "quotes", "dates")


def test_a_region_without_a_span_is_a_clear_error(gold_corpus: CorpusLayout, tmp_path: Path,
                                                  capsys: pytest.CaptureFixture[str]) -> None:
    tasks = _export(gold_corpus, tmp_path)
    tasks[0]["annotations"][0]["result"].append({"id": "Xk3_9aB", "from_name": "entities", "type": "labels",
                                                 "value": {"labels": ["ORG"]}})
    assert _import(gold_corpus, tasks, tmp_path) == 1
    err = capsys.readouterr().err.strip()
    assert len(err.splitlines()) == 1 and "task 1 (" in err and "region Xk3_9aB: not a labelled span" in err


def test_an_import_adding_a_layer_declares_it(gold_corpus: CorpusLayout, tmp_path: Path) -> None:
    doc_id = gold_corpus.doc_ids()[0]
    tasks = _export(gold_corpus, tmp_path)  # all four layers, drawn in Label Studio
    original = read_annotations(gold_corpus, "human", doc_id)
    assert original is not None
    header = original.header.model_copy(update={"layers": ("entities",)})
    write_annotations(gold_corpus, header, [a for a in original.annotations if a.layer == "entities"])
    assert _import(gold_corpus, tasks, tmp_path) == 0  # validated after writing
    rebuilt = read_annotations(gold_corpus, "human", doc_id)
    assert rebuilt is not None and rebuilt.header.layers == ("entities", "quotes", "dates", "figures")


@pytest.mark.parametrize("breakage", ["doc_id", "relation"])
def test_wrongly_typed_export_fields_are_one_line_errors(gold_corpus: CorpusLayout, tmp_path: Path,
                                                         capsys: pytest.CaptureFixture[str], breakage: str) -> None:
    tasks = _export(gold_corpus, tmp_path)
    if breakage == "doc_id":
        tasks[0]["data"]["doc_id"] = ["not", "a", "string"]
    else:
        relation = next(r for r in tasks[0]["annotations"][0]["result"] if r.get("type") == "relation")
        relation["from_id"] = ["x"]
    code = _import(gold_corpus, tasks, tmp_path)
    err = capsys.readouterr().err
    assert code == 1 and "internal error" not in err and len(err.strip().splitlines()) == 1, err
