"""Predictions files that explain themselves: every error, plain words, hints and warnings; the writer and the
declaration of attempted attributes, scored by the same rule as the built-in systems."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from nato_corpus.cli import main
from nato_corpus.corpus import CorpusLayout, read_text
from nato_corpus.evaluate.bench import BUILTIN_SYSTEMS, evaluate
from nato_corpus.evaluate.predictions import (
    MAX_REPORTED_ERRORS,
    from_spans,
    load_prediction_set,
    predict_documents,
    predictions_json_schema,
    write_predictions,
)
from nato_corpus.evaluate.scoring import every_attribute
from nato_corpus.validate.documents import read_annotations

from conftest import REPO_ROOT

HAGUE = "2025-06-nato-hague-declaration-omits-ukraine"  # test split; non-ASCII from character 160 on
LAYOUT = CorpusLayout(REPO_ROOT)


def _jsonl(tmp_path: Path, records: list[dict[str, Any]]) -> Path:
    path = tmp_path / "predictions.jsonl"
    path.write_text("".join(json.dumps(r) + "\n" for r in records), encoding="utf-8")
    return path


def _bench(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(["bench", "--root", str(REPO_ROOT), *argv])
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def _gold_entities() -> list[Any]:
    file = read_annotations(LAYOUT, "human", HAGUE)
    assert file is not None
    return [a for a in file.annotations if a.layer == "entities"]


def _entity(start: int, end: int, **extra: Any) -> dict[str, Any]:
    text = read_text(LAYOUT, HAGUE)
    return {"doc_id": HAGUE, "layer": "entities", "start": start, "end": end, "text": text[start:end],
            "label": "ORG", **extra}


def test_every_error_is_reported_up_to_a_cap_with_the_count(tmp_path: Path,
                                                              capsys: pytest.CaptureFixture[str]) -> None:
    bad = [_entity(0, 9, label=f"BAD{i}") for i in range(MAX_REPORTED_ERRORS + 5)]
    code, _, err = _bench(capsys, "--predictions", str(_jsonl(tmp_path, bad)))
    lines = err.splitlines()
    assert code == 1 and len(lines) == MAX_REPORTED_ERRORS + 1
    assert lines[0].startswith("error: ") and "predictions.jsonl:1: field label:" in lines[0]
    assert "predictions.jsonl:20: field label:" in lines[MAX_REPORTED_ERRORS - 1]
    assert lines[-1] == f"error: ... and 5 more errors ({MAX_REPORTED_ERRORS + 5} in all)"


@pytest.mark.parametrize(("record", "message"), [
    ({"doc_id": HAGUE, "start": 0, "end": 9, "text": "Bloomberg", "label": "ORG"},
     "predictions.jsonl:1: field layer: missing: every annotation needs a layer, one of 'entities', 'quotes'"),
    ({"doc_id": HAGUE, "layer": "figures", "start": 0, "end": 9, "text": "Bloomberg", "kind": "percent",
      "unit": "EUR", "value": "1"},
     "predictions.jsonl:1: field unit: unit 'EUR' belongs to kind money, not percent"),
    ({"doc_id": HAGUE, "layer": "quotes", "start": 0, "end": 9, "text": "Bloomberg", "kind": "direct",
      "speaker_entity_id": "bloomberg"},
     "predictions.jsonl:1: field speaker_entity_id: speaker_entity_id is set but speaker is null"),
])
def test_whole_record_checks_name_their_field_in_plain_words(tmp_path: Path, capsys: pytest.CaptureFixture[str],
                                                              record: dict[str, Any], message: str) -> None:
    code, _, err = _bench(capsys, "--predictions", str(_jsonl(tmp_path, [record])))
    assert code == 1 and len(err.splitlines()) == 1 and message in err, err
    assert "discriminator" not in err and "field record" not in err


def test_utf8_byte_offsets_get_a_hint(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    text = read_text(LAYOUT, HAGUE)
    records = []
    for entity in _gold_entities():
        start, end = len(text[:entity.start].encode("utf-8")), len(text[:entity.end].encode("utf-8"))
        records.append({"doc_id": HAGUE, "layer": "entities", "start": start, "end": end, "text": entity.text,
                        "label": entity.label})
    assert any(r["start"] != e.start for r, e in zip(records, _gold_entities(), strict=True))
    code, _, err = _bench(capsys, "--predictions", str(_jsonl(tmp_path, records)))
    assert code == 1 and "fits if its offsets count UTF-8 bytes" in err.splitlines()[0]
    right = [_entity(e.start, e.end, label=e.label) for e in _gold_entities()]
    right[-1]["text"] = "wrong"  # one plain mistake: no hint
    code, _, err = _bench(capsys, "--predictions", str(_jsonl(tmp_path, right)))
    assert code == 1 and "UTF-8" not in err


def test_parquet_without_a_needed_column_says_so_once(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    import pyarrow as pa
    import pyarrow.parquet as pq

    rows = [{k: v for k, v in _entity(0, 9).items() if k != "text"}] * 3
    pq.write_table(pa.Table.from_pylist(rows), tmp_path / "p.parquet")
    code, _, err = _bench(capsys, "--predictions", str(tmp_path / "p.parquet"))
    assert code == 1 and err.splitlines() == [
        f"error: {tmp_path / 'p.parquet'}: Parquet file has no column 'text', which every entities prediction needs"]


def test_duplicates_overlaps_edge_whitespace_and_empty_files_are_warned_about(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    records = [_entity(0, 9), _entity(0, 9), _entity(3, 12), _entity(0, 10)]  # "Bloomberg" then a space
    code, _, err = _bench(capsys, "--predictions", str(_jsonl(tmp_path, records)), "--bootstrap", "0")
    assert code == 0
    assert "warning: predictions.jsonl" not in err  # paths are shown as given
    assert f"{tmp_path / 'predictions.jsonl'}:2: duplicate: the same span is predicted twice" in err
    assert "overlaps" in err and "starts or ends on whitespace" in err
    empty = tmp_path / "empty.jsonl"
    empty.write_text("\n", encoding="utf-8")
    code, _, err = _bench(capsys, "--predictions", str(empty), "--bootstrap", "0")
    assert code == 0 and f"warning: {empty}: holds no predictions: every document is scored as empty" in err


def test_duplicates_are_found_from_one_count_of_the_spans(tmp_path: Path, capsys: pytest.CaptureFixture[str],
                                                          monkeypatch: pytest.MonkeyPatch) -> None:
    """2,000 copies of one span, each an overlap warning: telling a duplicate from an overlap looks each
    prediction up once, not every other prediction per warning (24,000 overlaps took 226 s that way)."""
    from nato_corpus.evaluate import predictions

    keyed = 0
    span_key = predictions._span_key

    def counting(annotation: Any) -> tuple[str, int, int]:
        nonlocal keyed
        keyed += 1
        return span_key(annotation)

    monkeypatch.setattr(predictions, "_span_key", counting)
    code, _, err = _bench(capsys, "--predictions", str(_jsonl(tmp_path, [_entity(0, 9)] * 2000)), "--bootstrap", "0",
                          "--layers", "entities")
    assert code == 0 and err.count("duplicate: the same span is predicted twice") == MAX_REPORTED_ERRORS
    assert err.splitlines()[MAX_REPORTED_ERRORS] == (
        f"warning: ... and {1999 - MAX_REPORTED_ERRORS} more warnings (1999 in all)")
    assert keyed <= 2 * 2000


def _toy(text: str) -> list[tuple[int, int, str]]:
    """An OntoNotes-style system: every 'NATO', every '%' figure and every year, no values."""
    found = []
    for needle, label in (("NATO", "ORG"), ("5%", "PERCENT"), ("2008", "DATE"), ("2014", "DATE")):
        start = text.find(needle)
        while start >= 0:
            found.append((start, start + len(needle), label))
            start = text.find(needle, start + 1)
    return found


def test_a_file_and_a_built_in_system_are_scored_by_the_same_rule(tmp_path: Path,
                                                                   capsys: pytest.CaptureFixture[str]) -> None:
    """The same spans through `predict_documents` with spaCy's declaration and through a written file score the
    same; without a declaration, nulls and placeholders are still not judged (coverage 0, accuracy None)."""
    doc_ids = LAYOUT.doc_ids()
    predictions = predict_documents(LAYOUT, doc_ids, _toy, "toy")
    declared = BUILTIN_SYSTEMS["spacy-sm"].attempts
    layers = ["entities", "dates", "figures"]
    direct = evaluate(LAYOUT, predictions, doc_ids, layers, bootstrap=0, attempted=declared)
    path = tmp_path / "toy.jsonl"
    write_predictions(path, predictions, declared)
    assert json.loads(path.read_text(encoding="utf-8").splitlines()[0]) == {"attempts": ["dates.type"]}
    code, out, _ = _bench(capsys, "--predictions", str(path), "--layers", ",".join(layers), "--format", "json",
                          "--bootstrap", "0")
    through_file = json.loads(out)
    assert code == 0 and through_file["layers"] == direct["layers"]
    assert through_file["layers"]["figures"]["attributes"]["value"] is None
    undeclared = tmp_path / "undeclared.jsonl"
    write_predictions(undeclared, predictions)
    code, out, _ = _bench(capsys, "--predictions", str(undeclared), "--layers", ",".join(layers), "--format",
                          "json", "--bootstrap", "0")
    report = json.loads(out)
    assert report["layers"]["dates"]["matched_pairs"] > 0  # the toy finds years; their values are "XXXX"
    for layer, name in (("entities", "entity_id"), ("dates", "value"), ("figures", "value")):
        assert report["layers"][layer]["attributes"][name] is None, (layer, name)  # a null is no guess
        assert report["layers"][layer]["attribute_coverage"][name]["judged"] == 0
    assert report["layers"]["figures"]["attributes"]["bound"] is None  # a statement needs a declaration


def test_written_predictions_read_back_unchanged(tmp_path: Path) -> None:
    text = read_text(LAYOUT, HAGUE)
    predictions = {HAGUE: from_spans(text, _toy(text), "toy")}
    path = tmp_path / "toy.jsonl"
    write_predictions(path, predictions)
    loaded = load_prediction_set(path)
    assert [a.model_dump(exclude={"annotator", "id"}) for a in loaded.predictions[HAGUE]] == [
        a.model_dump(exclude={"annotator", "id"}) for a in predictions[HAGUE]]
    assert loaded.attempts is None


def test_declared_statements_are_scored_and_the_option_overrides_the_file(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    example = (REPO_ROOT / "examples" / "predictions.jsonl").read_text(encoding="utf-8")
    path = tmp_path / "declared.jsonl"
    path.write_text(json.dumps({"attempts": ["figures.bound", "value"]}) + "\n" + example, encoding="utf-8")
    code, out, _ = _bench(capsys, "--predictions", str(path), "--format", "json", "--bootstrap", "0")
    figures = json.loads(out)["layers"]["figures"]
    assert code == 0 and figures["attributes"]["bound"] is not None and figures["attributes"]["unit"] is None
    assert figures["attribute_coverage"]["bound"]["judged"] == figures["matched_pairs"]  # every matched pair
    code, out, _ = _bench(capsys, "--predictions", str(path), "--attempts", "unit", "--format", "json",
                          "--bootstrap", "0")
    figures = json.loads(out)["layers"]["figures"]
    assert figures["attributes"]["bound"] is None and figures["attributes"]["unit"] is not None
    code, _, err = _bench(capsys, "--predictions", str(path), "--attempts", "figures.colour")
    assert code == 2 and "--attempts: unknown attribute 'figures.colour'; choose from" in err
    path.write_text(example + json.dumps({"attempts": ["unit"]}) + "\n", encoding="utf-8")
    code, _, err = _bench(capsys, "--predictions", str(path))
    assert code == 1 and "field attempts: the declaration must be the first line" in err


def test_the_committed_json_schema_is_the_one_the_models_give() -> None:
    committed = json.loads((REPO_ROOT / "examples" / "predictions.schema.json").read_text(encoding="utf-8"))
    assert committed == predictions_json_schema(), "stale: regenerate it as the README's bench section says"
    entity = committed["$defs"]["EntityAnnotation"]
    assert entity["required"][0] == "doc_id" and "id" not in entity["required"]
    assert "entities.entity_id" in committed["oneOf"][0]["properties"]["attempts"]["items"]["enum"]


def test_every_attribute_given_but_not_scored_is_named(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """Undeclared, the example's statements (mod, bound, base) are not scored; declared, whatever the
    declaration leaves out is not scored either, values included.  Either way the user is told which."""
    example = (REPO_ROOT / "examples" / "predictions.jsonl").read_text(encoding="utf-8")
    code, out, err = _bench(capsys, "--predictions", str(REPO_ROOT / "examples" / "predictions.jsonl"),
                            "--format", "json", "--bootstrap", "0")
    assert code == 0 and json.loads(out)["unscored_attributes"] == ["dates.mod", "figures.base", "figures.bound"]
    assert err.splitlines()[-1] == (
        "warning: predictions.jsonl: dates.mod, figures.base, figures.bound given but not scored (statements are "
        'scored only when declared: a first line {"attempts": [...]} or --attempts)')
    path = tmp_path / "declared.jsonl"
    path.write_text(json.dumps({"attempts": ["figures.bound", "value"]}) + "\n" + example, encoding="utf-8")
    code, out, err = _bench(capsys, "--predictions", str(path), "--format", "json", "--bootstrap", "0")
    assert code == 0 and json.loads(out)["unscored_attributes"] == [
        "entities.entity_id", "quotes.kind", "dates.mod", "dates.type", "figures.base", "figures.unit"]
    assert err.splitlines()[-1].endswith("given but not scored (a declaration lists every attribute scored, values "
                                         "included)")
    everything = [f"{layer}.{name}" for layer, names in every_attribute().items() for name in names]
    path.write_text(json.dumps({"attempts": everything}) + "\n" + example, encoding="utf-8")
    code, out, err = _bench(capsys, "--predictions", str(path), "--format", "json", "--bootstrap", "0")
    assert code == 0 and json.loads(out)["unscored_attributes"] == [] and "not scored" not in err


def test_schema_errors_and_errors_against_the_text_are_reported_together(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """One run lists every error of a file: the records that pass the schema are still checked against the
    texts (before, an unknown document or a span off its text showed only once the schema errors were fixed)."""
    records = [_entity(0, 9, label="COUNTRY"), _entity(0, 9, text="Bloomberx"), {**_entity(0, 9), "doc_id": "nope"}]
    path = _jsonl(tmp_path, records)
    code, _, err = _bench(capsys, "--predictions", str(path))
    lines = err.splitlines()
    assert code == 1 and len(lines) == 3 and all(line.startswith(f"error: {path}:") for line in lines)
    assert lines[0].startswith(f"error: {path}:1: field label: ")
    assert {line.split(": field ", 1)[1].split(":", 1)[0] for line in lines[1:]} == {"text", "doc_id"}


@pytest.mark.parametrize("label, shown", [("COUNTRY", "'COUNTRY'"), (5, "5"), ("5", "'5'")])
def test_a_value_outside_a_closed_set_is_shown_as_given(tmp_path: Path, capsys: pytest.CaptureFixture[str],
                                                        label: object, shown: str) -> None:
    code, _, err = _bench(capsys, "--predictions", str(_jsonl(tmp_path, [_entity(0, 9, label=label)])))
    assert code == 1 and err.splitlines()[0].endswith(f"or 'PRODUCT', not {shown}")
