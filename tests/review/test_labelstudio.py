"""Label Studio: export then import is lossless for the gold layer; bad exports fail cleanly."""

from __future__ import annotations

import json
import os
import shutil
from pathlib import Path

import pytest

from nato_corpus import __version__
from nato_corpus.cli import main
from nato_corpus.corpus import CorpusLayout, read_text, sort_key, write_annotations
from nato_corpus.files import LIMITS
from nato_corpus.review.labelstudio import export_tasks, labeling_config, plan_import
from nato_corpus.schema import QuoteAnnotation
from nato_corpus.validate.documents import read_annotations

from conftest import REPO_ROOT, SAMPLE_DOC


@pytest.fixture
def gold_corpus(tmp_path: Path) -> CorpusLayout:
    for folder in ("articles", "registry", "annotations"):
        shutil.copytree(REPO_ROOT / folder, tmp_path / folder)
    return CorpusLayout(tmp_path)


def test_export_then_import_is_lossless_for_the_gold_layer(gold_corpus: CorpusLayout) -> None:
    plan = plan_import(gold_corpus, json.dumps(export_tasks(gold_corpus, "human")).encode())  # as a file would
    assert plan.files == {} and not [i for i in plan.incidents if i.severity == "error"]
    assert [d.doc_id for d in plan.documents] == gold_corpus.doc_ids()
    for document in plan.documents:
        original = read_annotations(gold_corpus, "human", document.doc_id)
        assert original is not None and not document.written
        assert sorted(document.kept) == sorted(a.id for a in original.annotations)
        assert document.added == document.changed == document.deleted == ()


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


def _import(layout: CorpusLayout, tasks: list[dict], tmp_path: Path, *flags: str) -> int:
    path = tmp_path / "export.json"
    path.write_text(json.dumps(tasks), encoding="utf-8")
    return main(["import-labelstudio", str(path), "--root", str(layout.root), *flags])


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
    assert _import(gold_corpus, tasks, tmp_path) == 1  # the old quote is gone: a deletion
    assert capsys.readouterr().err.strip().endswith(f"would delete 1 gold annotation ({old_id}); nothing imported "
                                                    "(pass --allow-deletions to delete it)")
    assert _import(gold_corpus, tasks, tmp_path, "--allow-deletions") == 0
    out = capsys.readouterr().out
    assert "PASSED" in out and f"{doc_id}: 1 added, 0 changed, " in out and f"  deleted {old_id} (quotes) [" in out
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


# --- an import never loses gold annotations silently ------------------------------------------------------


def _human_files(layout: CorpusLayout) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in layout.annotations_dir("human").glob("*")}


def _sample_task(layout: CorpusLayout, tmp_path: Path) -> dict:
    """The exported task of SAMPLE_DOC (the fixture's only document with a gold file)."""
    return next(t for t in _export(layout, tmp_path) if t["data"]["doc_id"] == SAMPLE_DOC)


def _refused(layout: CorpusLayout, tasks: list[dict], tmp_path: Path, capsys: pytest.CaptureFixture[str],
             *flags: str) -> str:
    """Import `tasks`, expect exit 1 and no file touched; the one line of stderr without its file prefix."""
    before = _human_files(layout)
    capsys.readouterr()
    assert _import(layout, tasks, tmp_path, *flags) == 1
    err = capsys.readouterr().err
    assert _human_files(layout) == before
    assert len(err.splitlines()) == 1, err
    prefix = f"error: {tmp_path / 'export.json'}: "
    assert err.startswith(prefix), err
    return err[len(prefix):].rstrip("\n")


def _gold_ids(layout: CorpusLayout) -> str:
    original = read_annotations(layout, "human", SAMPLE_DOC)
    assert original is not None
    return ", ".join(a.id for a in sorted(original.annotations, key=sort_key))


WHERE = f"task 1 ({SAMPLE_DOC})"
SKIP = "pass --skip-unannotated to leave such documents as they are"


def test_a_cancelled_only_annotation_is_an_error(corpus: CorpusLayout, tmp_path: Path,
                                                 capsys: pytest.CaptureFixture[str]) -> None:
    task = _sample_task(corpus, tmp_path)
    task["annotations"][0]["was_cancelled"] = True
    assert _refused(corpus, [task], tmp_path, capsys) == (
        f"{WHERE}: its only annotation was cancelled; nothing imported ({SKIP})")
    task["annotations"].append({**task["annotations"][0], "id": 8})
    assert _refused(corpus, [task], tmp_path, capsys) == (
        f"{WHERE}: all 2 of its annotations were cancelled; nothing imported ({SKIP})")


def test_a_cancelled_annotation_is_passed_over_for_a_submitted_one(corpus: CorpusLayout, tmp_path: Path,
                                                                   capsys: pytest.CaptureFixture[str]) -> None:
    task = _sample_task(corpus, tmp_path)
    task["annotations"].insert(0, {"id": 7, "was_cancelled": True, "result": []})
    before = _human_files(corpus)
    assert _import(corpus, [task], tmp_path) == 0
    assert f"{SAMPLE_DOC}: 0 added, 0 changed, 5 kept, 0 deleted (unchanged)" in capsys.readouterr().out
    assert _human_files(corpus) == before


def test_a_task_without_annotations_is_an_error_unless_skipped(corpus: CorpusLayout, tmp_path: Path,
                                                               capsys: pytest.CaptureFixture[str]) -> None:
    task = _sample_task(corpus, tmp_path)
    task["annotations"] = []
    assert _refused(corpus, [task], tmp_path, capsys) == f"{WHERE}: it has no annotation; nothing imported ({SKIP})"
    before = _human_files(corpus)
    assert _import(corpus, [task], tmp_path, "--skip-unannotated") == 0
    assert f"{SAMPLE_DOC}: skipped, nothing imported (it has no annotation)" in capsys.readouterr().out
    assert _human_files(corpus) == before


def test_documents_without_gold_export_as_unannotated_tasks(corpus: CorpusLayout, tmp_path: Path,
                                                            capsys: pytest.CaptureFixture[str]) -> None:
    tasks = _export(corpus, tmp_path)
    assert [bool(t["annotations"]) for t in tasks] == [t["data"]["doc_id"] == SAMPLE_DOC for t in tasks]
    first = tasks[0]["data"]["doc_id"]
    assert _refused(corpus, tasks, tmp_path, capsys) == (
        f"task 1 ({first}): it has no annotation; nothing imported ({SKIP})")
    tasks[0]["annotations"] = [{"result": []}]  # submitted empty in Label Studio
    assert _refused(corpus, tasks, tmp_path, capsys) == (
        f"task 1 ({first}): its annotation is empty and the document has no gold file; nothing imported ({SKIP})")
    assert _import(corpus, tasks, tmp_path, "--skip-unannotated") == 0
    assert sorted(_human_files(corpus)) == [f"{SAMPLE_DOC}.jsonl"]


def test_an_empty_annotation_would_delete_the_gold_file(corpus: CorpusLayout, tmp_path: Path,
                                                        capsys: pytest.CaptureFixture[str]) -> None:
    task = _sample_task(corpus, tmp_path)
    task["annotations"][0]["result"] = []
    assert _refused(corpus, [task], tmp_path, capsys, "--skip-unannotated") == (
        f"{WHERE}: its annotation is empty: importing it would delete all 5 gold annotations ({_gold_ids(corpus)}); "
        "nothing imported (pass --allow-deletions to delete them)")


def test_a_repeated_document_is_an_error(corpus: CorpusLayout, tmp_path: Path,
                                         capsys: pytest.CaptureFixture[str]) -> None:
    task = _sample_task(corpus, tmp_path)
    later = {"id": 9, "data": task["data"], "annotations": [{"result": []}]}  # a later, empty copy
    for flags in ((), ("--allow-deletions", "--skip-unannotated", "--annotation-choice", "last")):
        assert _refused(corpus, [task, later], tmp_path, capsys, *flags) == (
            f"task 2 ({SAMPLE_DOC}): the document is also task 1; a document may be one task only, nothing "
            "imported (remove one of them from the export)")


def _two_annotators(task: dict) -> dict:
    """The task as annotated twice: id 11 (the gold, saved later) and id 12 (without e2, saved earlier)."""
    gold = task["annotations"][0]
    other = {"id": 12, "updated_at": "2025-01-02T09:00:00Z",
             "result": [r for r in gold["result"] if r.get("id") != "e2"]}
    task["annotations"] = [{**gold, "id": 11, "updated_at": "2025-01-03T09:00:00.5+00:00"}, other]
    return task


def test_several_annotations_on_one_task_are_an_error(corpus: CorpusLayout, tmp_path: Path,
                                                      capsys: pytest.CaptureFixture[str]) -> None:
    task = _two_annotators(_sample_task(corpus, tmp_path))
    assert _refused(corpus, [task], tmp_path, capsys) == (
        f"{WHERE}: it has 2 submitted annotations (id 11, id 12); nothing imported (pass --annotation-choice "
        "first, last or most-recent to take one)")


@pytest.mark.parametrize(("choice", "deletes"), [("first", False), ("last", True), ("most-recent", False)])
def test_annotation_choice_names_the_annotation_taken(corpus: CorpusLayout, tmp_path: Path,
                                                      capsys: pytest.CaptureFixture[str], choice: str,
                                                      deletes: bool) -> None:
    task = _two_annotators(_sample_task(corpus, tmp_path))
    if deletes:  # the second annotation lacks e2: taking it is a deletion
        assert _refused(corpus, [task], tmp_path, capsys, "--annotation-choice", choice) == (
            f"{WHERE}: importing it would delete 1 gold annotation (e2); nothing imported (pass --allow-deletions "
            "to delete it)")
        return
    before = _human_files(corpus)
    assert _import(corpus, [task], tmp_path, "--annotation-choice", choice) == 0
    assert f"{SAMPLE_DOC}: 0 added, 0 changed, 5 kept, 0 deleted (unchanged)" in capsys.readouterr().out
    assert _human_files(corpus) == before


def test_most_recent_needs_the_times_of_the_annotations(corpus: CorpusLayout, tmp_path: Path,
                                                        capsys: pytest.CaptureFixture[str]) -> None:
    task = _two_annotators(_sample_task(corpus, tmp_path))
    del task["annotations"][1]["updated_at"]
    assert _refused(corpus, [task], tmp_path, capsys, "--annotation-choice", "most-recent") == (
        f"{WHERE}: annotation id 12 has no updated_at or created_at time; nothing imported (pass "
        "--annotation-choice first or last)")


def test_deleting_gold_annotations_needs_allow_deletions_and_lists_them(corpus: CorpusLayout, tmp_path: Path,
                                                                        capsys: pytest.CaptureFixture[str]) -> None:
    task = _sample_task(corpus, tmp_path)
    results = task["annotations"][0]["result"]
    results[:] = [r for r in results if r.get("id") not in ("e2", "f1")]
    assert _refused(corpus, [task], tmp_path, capsys) == (
        f"{WHERE}: importing it would delete 2 gold annotations (e2, f1); nothing imported (pass --allow-deletions "
        "to delete them)")
    assert _import(corpus, [task], tmp_path, "--allow-deletions") == 0
    out = capsys.readouterr().out.splitlines()
    summary = out.index(f"{SAMPLE_DOC}: 0 added, 0 changed, 3 kept, 2 deleted")
    rutte = read_text(corpus, SAMPLE_DOC).index("Rutte")
    assert out[summary + 1] == f"  deleted e2 (entities) [{rutte}, {rutte + 5}) 'Rutte'"
    assert out[summary + 2].startswith("  deleted f1 (figures) [") and out[summary + 2].endswith(") '32'")
    rebuilt = read_annotations(corpus, "human", SAMPLE_DOC)
    assert rebuilt is not None and [a.id for a in rebuilt.annotations] == ["e1", "q1", "d1"]
    assert rebuilt.header.layers == ("entities", "quotes", "dates", "figures")  # figures: annotated, none left


def test_annotator_fills_only_regions_without_one(corpus: CorpusLayout, tmp_path: Path,
                                                  capsys: pytest.CaptureFixture[str]) -> None:
    task = _sample_task(corpus, tmp_path)
    text = task["data"]["text"]
    start = text.index("Ukraine")
    task["annotations"][0]["result"].append(
        {"id": "Xk3_9aB", "from_name": "entities", "to_name": "text", "type": "labels",
         "value": {"start": start, "end": start + 7, "text": "Ukraine", "labels": ["GPE"]}})
    assert _import(corpus, [task], tmp_path, "--annotator", "alice") == 0
    assert f"{SAMPLE_DOC}: 1 added, 0 changed, 5 kept, 0 deleted" in capsys.readouterr().out
    rebuilt = read_annotations(corpus, "human", SAMPLE_DOC)
    assert rebuilt is not None
    assert {a.id: a.annotator for a in rebuilt.annotations} == {"e1": "fixture", "e2": "fixture", "e3": "alice",
                                                                "q1": "fixture", "d1": "fixture", "f1": "fixture"}


def _rule_export(kind: str, gold_corpus: CorpusLayout, tmp_path: Path) -> list[dict]:
    out = tmp_path / "rule.json"
    assert main(["export-labelstudio", "--root", str(gold_corpus.root), "--origin", "rule", "--out", str(out)]) == 0
    tasks = json.loads(out.read_text(encoding="utf-8"))[:1]
    task = tasks[0]
    if kind == "predictions":
        return tasks
    task["annotations"] = task.pop("predictions")  # "copied to an annotation", keeping its model version
    if kind == "annotator":
        del task["annotations"][0]["model_version"]  # the regions still name the rules as their annotator
    elif kind == "origin":  # a human task whose region claims the rule origin
        gold = export_tasks(gold_corpus, "human")[0]
        textarea = next(r for r in gold["annotations"][0]["result"] if r["type"] == "textarea")
        textarea["value"]["text"] = [json.dumps({**json.loads(textarea["value"]["text"][0]), "origin": "rule",
                                                 "annotator_kind": "rule"})]
        return [gold]
    return tasks


@pytest.mark.parametrize(("kind", "reason"), [
    ("predictions", "it holds predictions (pre-annotations, as an export of the rule layer has)"),
    ("model_version", "annotation 1 has model_version 'nato_corpus.rules'"),
    ("annotator", f"region e1 has annotator 'nato_corpus.rules@{__version__}'"),
    ("origin", "region e1 has origin 'rule'"),
])
def test_a_rule_layer_export_is_refused(gold_corpus: CorpusLayout, tmp_path: Path,
                                        capsys: pytest.CaptureFixture[str], kind: str, reason: str) -> None:
    tasks = _rule_export(kind, gold_corpus, tmp_path)
    doc_id = tasks[0]["data"]["doc_id"]
    assert _refused(gold_corpus, tasks, tmp_path, capsys, "--allow-deletions", "--annotation-choice", "last") == (
        f"task 1 ({doc_id}): {reason}: rule-layer output is never imported into the human layer; nothing imported")


def test_an_invalid_second_document_writes_nothing(corpus: CorpusLayout, tmp_path: Path,
                                                   capsys: pytest.CaptureFixture[str]) -> None:
    tasks = _export(corpus, tmp_path)
    sample = next(t for t in tasks if t["data"]["doc_id"] == SAMPLE_DOC)
    other = next(t for t in tasks if t["data"]["doc_id"] != SAMPLE_DOC)
    text = sample["data"]["text"]
    start = text.index("Ukraine")
    sample["annotations"][0]["result"].append(  # a valid new region in the first document
        {"id": "Xk3_9aB", "from_name": "entities", "type": "labels",
         "value": {"start": start, "end": start + 7, "text": "Ukraine", "labels": ["GPE"]}})
    other["annotations"] = [{"result": [  # the second: a span whose text is not the article's
        {"id": "Pq7_Zz1", "from_name": "entities", "type": "labels",
         "value": {"start": 0, "end": 4, "text": "OTAN", "labels": ["ORG"]}}]}]
    assert other["data"]["text"][:4] != "OTAN"
    before = _human_files(corpus)
    assert _import(corpus, [sample, other], tmp_path) == 1
    out, err = capsys.readouterr()
    doc_id = other["data"]["doc_id"]
    assert err.startswith(f"error: {tmp_path / 'export.json'}: task 2 ({doc_id}): the imported annotations do not "
                          f"validate (annotations/human/{doc_id}.jsonl:2: [span-text-mismatch] "), err
    assert err.endswith("; 1 error in all, listed above); nothing imported\n") and len(err.splitlines()) == 1
    assert "[span-text-mismatch]" in out and out.rstrip().endswith("FAILED: 2 files checked, 1 errors, 0 warnings")
    assert _human_files(corpus) == before
    assert sorted(_human_files(corpus)) == [f"{SAMPLE_DOC}.jsonl"]  # the first document was not written either


def test_the_export_is_read_through_the_file_access_layer(corpus: CorpusLayout, tmp_path: Path,
                                                          capsys: pytest.CaptureFixture[str]) -> None:
    fifo = tmp_path / "export.fifo"
    os.mkfifo(fifo)
    before = _human_files(corpus)
    assert main(["import-labelstudio", str(fifo), "--root", str(corpus.root)]) == 1
    assert capsys.readouterr().err == f"error: {fifo}: not a regular file; only regular files are read\n"
    assert _human_files(corpus) == before


def test_a_task_whose_text_is_not_the_article_is_an_error(corpus: CorpusLayout, tmp_path: Path,
                                                          capsys: pytest.CaptureFixture[str]) -> None:
    task = _sample_task(corpus, tmp_path)
    task["data"]["text"] = "Edited. " + task["data"]["text"]
    assert _refused(corpus, [task], tmp_path, capsys) == (
        f"{WHERE}: data.text differs from articles/{SAMPLE_DOC}.txt (the article changed since the export?); "
        "nothing imported")


def _quoted_task(layout: CorpusLayout, tmp_path: Path) -> tuple[dict, dict, dict]:
    """An exported task with a quote that has a speaker: (task, the quote's region, the speaker's region)."""
    for task in _export(layout, tmp_path):
        results = task["annotations"][0]["result"] if task["annotations"] else []
        speakers = {r["id"]: r for r in results if r.get("from_name") == "speaker"}
        for relation in (r for r in results if r["type"] == "relation" and r["to_id"] in speakers):
            quote = next(r for r in results if r.get("id") == relation["from_id"] and r["type"] == "labels")
            return task, quote, speakers[relation["to_id"]]
    raise AssertionError("no exported quote has a speaker")


def test_a_speaker_shared_by_many_quotes_cannot_blow_up_the_gold_file(
        gold_corpus: CorpusLayout, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """The speaker's text is copied into every quote it is related to: a 2 MB export once made a 162 MB gold
    file.  The copies are counted as they are made and the import stops at the annotation file's limit."""
    task, quote, speaker = _quoted_task(gold_corpus, tmp_path)
    text = task["data"]["text"]
    speaker["value"].update(start=0, end=len(text), text=text)
    copies = LIMITS["annotations"] // len(text) + 2
    results = task["annotations"][0]["result"]
    for n in range(copies):
        results += [{**quote, "id": f"Z{n}"}, {"type": "relation", "from_id": f"Z{n}", "to_id": speaker["id"],
                                               "direction": "right", "labels": ["speaker"]}]
    err = _refused(gold_corpus, [task], tmp_path, capsys)
    assert err.startswith(f"task 1 ({task['data']['doc_id']}): region Z") and err.endswith(
        f": the gold file would be over the {LIMITS['annotations']:,}-byte limit of an annotation file; "
        "nothing imported")


def test_a_gold_file_over_the_size_limit_is_never_written(gold_corpus: CorpusLayout, tmp_path: Path,
                                                          capsys: pytest.CaptureFixture[str],
                                                          monkeypatch: pytest.MonkeyPatch) -> None:
    """The validator refuses to read an annotation file over its limit, so an import must not write one."""
    task, _, _ = _quoted_task(gold_corpus, tmp_path)
    path = gold_corpus.annotation_path("human", task["data"]["doc_id"])
    size = len(path.read_bytes())
    path.unlink()
    monkeypatch.setitem(LIMITS, "annotations", size - 1)
    assert _refused(gold_corpus, [task], tmp_path, capsys) == (
        f"task 1 ({task['data']['doc_id']}): the gold file would be {size:,} bytes, over the {size - 1:,}-byte "
        "limit of an annotation file; nothing imported")
    assert not path.exists()


def test_a_relation_that_would_drop_a_gold_speaker_is_refused(gold_corpus: CorpusLayout, tmp_path: Path,
                                                              capsys: pytest.CaptureFixture[str]) -> None:
    """A relation to a region the export does not hold, or between an entity and a quote, used to be ignored:
    the gold quote lost its speaker and the import said '1 changed', exit 0."""
    task, quote, speaker = _quoted_task(gold_corpus, tmp_path)
    results = task["annotations"][0]["result"]
    relation = next(r for r in results if r["type"] == "relation" and r["to_id"] == speaker["id"])
    relation["to_id"] = "gone"
    assert _refused(gold_corpus, [task], tmp_path, capsys).endswith(
        f": relation {quote['id']} -> gone: gone is no labelled region of this annotation; nothing imported")
    entity = next(r for r in results if r.get("from_name") == "entities")
    relation["to_id"] = entity["id"]
    assert _refused(gold_corpus, [task], tmp_path, capsys).endswith(
        f": relation {quote['id']} -> {entity['id']}: relates a quotes region and a entities region; a relation "
        "links a quote to its speaker or cue; nothing imported")


def test_a_gold_region_without_its_attributes_keeps_them(gold_corpus: CorpusLayout, tmp_path: Path,
                                                         capsys: pytest.CaptureFixture[str]) -> None:
    """Without its attributes textarea a gold entity became one 'drawn by a person in Label Studio': registry
    key gone, annotator 'labelstudio', kind human.  It keeps its gold fields instead, so nothing changes."""
    task, _, _ = _quoted_task(gold_corpus, tmp_path)
    before = _human_files(gold_corpus)
    results = task["annotations"][0]["result"]
    entities = {r["id"] for r in results if r.get("from_name") == "entities"}
    results[:] = [r for r in results if not (r["type"] == "textarea" and r["id"] in entities)]
    assert _import(gold_corpus, [task], tmp_path) == 0
    assert _human_files(gold_corpus) == before


def test_a_textarea_without_an_id_is_a_one_line_error(gold_corpus: CorpusLayout, tmp_path: Path,
                                                      capsys: pytest.CaptureFixture[str]) -> None:
    task, _, _ = _quoted_task(gold_corpus, tmp_path)
    task["annotations"][0]["result"].append({"type": "textarea", "from_name": "attributes", "value": {"text": ["[1]"]}})
    assert _refused(gold_corpus, [task], tmp_path, capsys).endswith(
        ": region None: attributes are not a JSON object with a region id")


def test_the_size_limit_stops_the_records_as_they_are_made(gold_corpus: CorpusLayout, tmp_path: Path,
                                                           capsys: pytest.CaptureFixture[str],
                                                           monkeypatch: pytest.MonkeyPatch) -> None:
    """Every record counts towards the limit as it is made (its compact JSON), not only the texts it copies: an
    export of 200,000 one-character regions held 715 MB before the formatted file was measured."""
    task, _, _ = _quoted_task(gold_corpus, tmp_path)
    gold_corpus.annotation_path("human", task["data"]["doc_id"]).unlink()
    monkeypatch.setitem(LIMITS, "annotations", 3000)
    err = _refused(gold_corpus, [task], tmp_path, capsys)
    assert ": region " in err and err.endswith(": the gold file would be over the 3,000-byte limit of an annotation "
                                               "file; nothing imported")


def test_an_export_writes_both_files_or_neither(gold_corpus: CorpusLayout, tmp_path: Path,
                                                capsys: pytest.CaptureFixture[str]) -> None:
    """The tasks were written before the config's place was checked: a folder named like the config left a new
    tasks file (replacing an older one) behind a failed command."""
    out = tmp_path / "tasks.json"
    out.write_text("older\n", encoding="utf-8")
    out.with_suffix(".config.xml").mkdir()
    assert main(["export-labelstudio", "--root", str(gold_corpus.root), "--out", str(out)]) != 0
    assert capsys.readouterr().err == (f"error: {out.with_suffix('.config.xml')}: exists and is not a regular file "
                                       "(a link, folder or special file); it is left as it is\n")
    assert out.read_text(encoding="utf-8") == "older\n"
