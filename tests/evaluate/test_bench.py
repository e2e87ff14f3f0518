"""The bench command end to end: baselines, predictions files, errors, adapters, leaderboard."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from nato_corpus.cli import main
from nato_corpus.corpus import CorpusLayout, read_text
from nato_corpus.evaluate.bench import evaluate
from nato_corpus.evaluate.predictions import from_spans, from_token_classification

from conftest import REPO_ROOT, SAMPLE_DOC, require

EXAMPLE = REPO_ROOT / "examples" / "predictions.jsonl"


def test_rules_baseline_prints_the_full_report(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["bench", "--system", "rules", "--bootstrap", "50", "--format", "markdown"]) == 0
    out = capsys.readouterr().out
    for layer in ("entities", "quotes", "dates", "figures"):
        assert f"**{layer}**" in out
    assert "| strict |" in out and "| type |" in out and "speaker_entity" in out and "value_and_unit" in out
    assert main(["bench", "--system", "rules", "--bootstrap", "50"]) == 0  # the terminal table
    out = capsys.readouterr().out
    assert all(f"== {layer} ==" in out for layer in ("entities", "quotes", "dates", "figures"))


def test_example_predictions_file_is_scored_with_one_command(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["bench", "--predictions", str(EXAMPLE), "--format", "json", "--bootstrap", "0", "--split",
                 "test"]) == 0
    report = json.loads(capsys.readouterr().out)
    entities = report["layers"]["entities"]["schemes"]
    assert entities["strict"]["correct"] == 2 and entities["strict"]["incorrect"] == 1
    assert entities["partial"]["partial"] == 1
    assert report["layers"]["dates"]["attributes"]["value"] == 1.0
    assert report["missing_documents"] == []


def _write(tmp_path: Path, record: dict) -> Path:
    path = tmp_path / "predictions.jsonl"
    path.write_text(json.dumps(record) + "\n", encoding="utf-8")
    return path


@pytest.mark.parametrize(("record", "message"), [
    ({"doc_id": "2099-unknown-document", "layer": "entities", "start": 0, "end": 4, "text": "NATO", "label": "ORG"},
     "predictions.jsonl:1: field doc_id: unknown document '2099-unknown-document'"),
    ({"doc_id": SAMPLE_DOC, "layer": "entities", "start": 0, "end": 99999, "text": "NATO", "label": "ORG"},
     "predictions.jsonl:1: field end: span [0, 99999) ends beyond the text"),
    ({"doc_id": SAMPLE_DOC, "layer": "entities", "start": 0, "end": 4, "text": "NATA", "label": "ORG"},
     "predictions.jsonl:1: field text: span text 'NATA' differs from text[0:4] = 'NATO'"),
    ({"doc_id": SAMPLE_DOC, "layer": "entities", "start": 0, "end": 4, "text": "NATO", "label": "ORGANISATION"},
     "predictions.jsonl:1: field label: Input should be"),
])
def test_bad_predictions_are_one_line_errors(tmp_path: Path, capsys: pytest.CaptureFixture[str], record: dict,
                                             message: str) -> None:
    assert main(["bench", "--predictions", str(_write(tmp_path, record)), "--split", "all"]) == 1
    err = capsys.readouterr().err.strip()
    assert len(err.splitlines()) == 1 and message in err


def test_missing_documents_count_as_empty_and_are_reported(capsys: pytest.CaptureFixture[str]) -> None:
    layout = CorpusLayout(REPO_ROOT)
    report = evaluate(layout, {}, layout.doc_ids(), ["figures"], bootstrap=0)
    assert report["missing_documents"] == layout.doc_ids()
    assert report["layers"]["figures"]["schemes"]["strict"]["missed"] == report["layers"]["figures"]["gold"]


def test_token_classification_adapter_maps_conll_labels() -> None:
    text = read_text(CorpusLayout(REPO_ROOT), SAMPLE_DOC)
    start = text.index("Mark Rutte")
    outputs = [{"entity_group": "PER", "start": start, "end": start + 10, "word": "Mark Rutte", "score": 0.99},
               {"entity": "B-ORG", "start": 0, "end": 4, "word": "NATO", "score": 0.9}]
    annotations = from_token_classification(text, outputs, "hf-ner")
    assert [(a.text, a.label) for a in annotations] == [("NATO", "ORG"), ("Mark Rutte", "PERSON")]


def test_span_callable_adapter_maps_ontonotes_labels_and_trims_whitespace() -> None:
    text = "NATO will spend $5 billion on Monday."
    spans = [(0, 4, "ORG"), (16, 27, "MONEY"), (30, 36, "DATE"), (0, 4, "WORK_OF_ART")]
    layers = [(a.layer, a.text) for a in from_spans(text, spans, "toy")]
    assert layers == [("entities", "NATO"), ("figures", "$5 billion"), ("dates", "Monday")]


def test_span_adapter_gives_every_timex_type_a_well_formed_unknown_value() -> None:
    text = "At 9 a.m. on Monday, for two weeks, every day"
    spans = [(3, 9, "TIME"), (13, 19, "DATE")]
    assert [(a.type, a.value) for a in from_spans(text, spans, "toy")] == [("TIME", "XXXX-XX-XXTXX:XX"),
                                                                             ("DATE", "XXXX")]


def test_leaderboard_and_chart_are_written(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    import shutil

    require("matplotlib")
    for folder in ("articles", "registry", "annotations"):
        shutil.copytree(REPO_ROOT / folder, tmp_path / folder)
    assert main(["bench", "--root", str(tmp_path), "--write-leaderboard", "--bootstrap", "50"]) == 0
    table = (tmp_path / "reports" / "leaderboard.md").read_text(encoding="utf-8")
    assert table.splitlines()[0].startswith("| system | text | documents | split | tuned on this text | entities")
    assert "| rules | corpus | 5 | all | yes |" in table  # the rules were refined on the corpus's gold
    assert (tmp_path / "reports" / "leaderboard.png").read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"


def test_parquet_predictions_and_layer_selection(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    import pyarrow as pa
    import pyarrow.parquet as pq

    rows = [json.loads(line) for line in EXAMPLE.read_text(encoding="utf-8").splitlines() if line.strip()]
    rows = [r for r in rows if r["layer"] == "figures"]
    path = tmp_path / "predictions.parquet"
    pq.write_table(pa.Table.from_pylist(rows), path)
    assert main(["bench", "--predictions", str(path), "--layers", "figures", "--format", "json",
                 "--bootstrap", "0"]) == 0
    report = json.loads(capsys.readouterr().out)
    assert list(report["layers"]) == ["figures"]
    assert report["layers"]["figures"]["schemes"]["strict"]["correct"] == 2


def test_unknown_layer_is_a_usage_error(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["bench", "--layers", "entities,events"]) == 2
    assert "unknown layer(s) events" in capsys.readouterr().err


def test_spacy_baseline_end_to_end(capsys: pytest.CaptureFixture[str]) -> None:
    require("spacy")
    assert main(["bench", "--system", "spacy-sm", "--layers", "entities", "--bootstrap", "0"]) == 0
    out = capsys.readouterr().out
    assert out.startswith("spacy-sm on all documents") and "== entities ==" in out


def test_measurement_script_runs_in_one_go() -> None:
    import subprocess
    import sys

    require("spacy")
    result = subprocess.run([sys.executable, "scripts/measure_rules.py", "--repeat", "1"], cwd=REPO_ROOT,
                            capture_output=True, text=True, timeout=600, check=True)
    out = result.stdout
    for needle in ("rules        entities  strict", "spacy-sm     entities", "dateparser   dates",
                   "quantulum3   figures", "throughput   rules", "ratio        rules / spacy-sm"):
        assert needle in out, needle


BLOOMBERG = "2023-06-bloomberg-nato-allies-divided-ukraine-membership"  # train split, ends in boilerplate zones


def test_predictions_in_unannotated_zones_are_dropped_and_counted(capsys: pytest.CaptureFixture[str]) -> None:
    layout = CorpusLayout(REPO_ROOT)
    text = read_text(layout, BLOOMBERG)
    start = text.index("Bloomberg L.P.")  # inside the '©2023 Bloomberg L.P.' boilerplate zone
    in_zone = from_spans(text, [(start, start + 9, "ORG")], "toy")
    empty = evaluate(layout, {BLOOMBERG: []}, [BLOOMBERG], ["entities"], bootstrap=0)
    report = evaluate(layout, {BLOOMBERG: in_zone}, [BLOOMBERG], ["entities"], bootstrap=0)
    assert report["dropped_in_unannotated_zones"] == {"entities": 1}
    assert report["layers"]["entities"]["schemes"] == empty["layers"]["entities"]["schemes"]  # not spurious
    assert report["layers"]["entities"]["predicted"] == 0
    path = REPO_ROOT / "examples" / "predictions.jsonl"  # the CLI prints the count
    assert main(["bench", "--predictions", str(path), "--bootstrap", "0"]) == 0
    assert "dropped in boilerplate" not in capsys.readouterr().out  # the example has no such prediction


def test_report_names_system_split_documents_gold_and_lists_every_error(
        capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["bench", "--predictions", str(EXAMPLE), "--format", "json", "--bootstrap", "0"]) == 0
    report = json.loads(capsys.readouterr().out)
    assert report["system"] == "predictions.jsonl" and report["split"] == "all"
    assert len(report["gold"]["sha256"]) == 64 and report["gold"]["schema_version"] == "1.1"
    entities = report["layers"]["entities"]
    per_doc = entities["per_document"]
    assert set(per_doc) == set(report["documents"])
    assert sum(d["strict"]["correct"] for d in per_doc.values()) == entities["schemes"]["strict"]["correct"]
    kinds = [e["kind"] for e in entities["errors"]]
    strict = entities["schemes"]["strict"]
    # every strict error is listed once: a wrong label or boundary, a miss or a spurious span
    assert kinds.count("missed") == entities["schemes"]["partial"]["missed"]
    assert kinds.count("spurious") == strict["spurious"]
    assert sum(k in ("label", "boundary", "boundary_and_label") for k in kinds) == strict["incorrect"]
    error = next(e for e in entities["errors"] if e["kind"] in ("label", "boundary", "boundary_and_label"))
    assert error["gold"]["start"] < error["predicted"]["end"] and error["predicted"]["start"] < error["gold"]["end"]
    assert (error["gold"]["label"] != error["predicted"]["label"]) == ("label" in error["kind"])


def test_a_system_scored_on_the_texts_it_was_tuned_on_says_so(capsys: pytest.CaptureFixture[str]) -> None:
    """The rules score about 1.000 on the corpus because they were refined on it; the report must not be read as
    a measure of new text, and on the fresh held-out probes no such note is due."""
    assert main(["bench", "--root", str(REPO_ROOT), "--bootstrap", "0", "--layers", "entities"]) == 0
    assert capsys.readouterr().err.splitlines() == [
        "note: rules was tuned on these texts (corpus): the scores are in-sample and say nothing about new text "
        "(the held-out probes do: --root probes/heldout-fresh)"]
    fresh = REPO_ROOT / "probes" / "heldout-fresh"
    assert main(["bench", "--root", str(fresh), "--bootstrap", "0", "--layers", "entities"]) == 0
    assert "in-sample" not in capsys.readouterr().err
