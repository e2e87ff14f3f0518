"""The bench on a private corpus with hand-made gold and rule files, independent of the committed annotations.

Two test-split articles get gold annotations written here by searching the text; a third (validation split)
has a gold file that covers entities only, to check that a layer which is not annotated is skipped rather
than scored as empty.  Every expected number below follows from these few annotations by hand.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path
from typing import Any

import pytest

from nato_corpus.cli import main
from nato_corpus.corpus import CorpusLayout, read_text, sha256_bytes, write_annotations
from nato_corpus.evaluate.bench import evaluate, render_table, system_predictions
from nato_corpus.evaluate.predictions import (
    PredictionError,
    from_token_classification,
    load_prediction_set,
    predict_documents,
)
from nato_corpus.schema import (
    AnnotationFileHeader,
    DateAnnotation,
    EntityAnnotation,
    FigureAnnotation,
    QuoteAnnotation,
    SpanRef,
)

from conftest import REPO_ROOT

DEAL = "2025-05-nato-allies-seek-five-percent-deal"  # test split
HAGUE = "2025-06-nato-hague-declaration-omits-ukraine"  # test split
RUTTE = "2024-nato-ministerial-aid-not-membership-rutte"  # validation split
ALL_LAYERS = ("entities", "quotes", "dates", "figures")


def _at(text: str, needle: str, after: int = 0) -> tuple[int, int]:
    start = text.index(needle, after)
    return start, start + len(needle)


def _entity(text: str, needle: str, label: str, entity_id: str | None, origin: str, n: int,
            after: int = 0) -> EntityAnnotation:
    start, end = _at(text, needle, after)
    return EntityAnnotation(id=f"e{n}", start=start, end=end, text=needle, label=label, entity_id=entity_id,
                            origin=origin, annotator="fixture",
                            annotator_kind="human" if origin == "human" else "rule")


def gold_deal(text: str) -> list[Any]:
    """Entities NATO, Bloomberg, US, Trump; one quote; one date; two figures."""
    quote = _at(text, "the US might reassess its commitment to the alliance if they fail to do so")
    speaker = _at(text, "President Trump")
    cue = _at(text, "suggesting")
    common = {"origin": "human", "annotator": "fixture", "annotator_kind": "human"}
    return [
        _entity(text, "NATO", "ORG", "nato", "human", 1),
        _entity(text, "Bloomberg", "ORG", "bloomberg", "human", 2),
        _entity(text, "US", "GPE", "united-states", "human", 3),
        _entity(text, "President Trump", "PERSON", "donald-trump", "human", 4),
        QuoteAnnotation(id="q1", start=quote[0], end=quote[1], text=text[quote[0]:quote[1]], kind="indirect",
                        speaker=SpanRef(start=speaker[0], end=speaker[1], text="President Trump"),
                        speaker_entity_id="donald-trump", cue=SpanRef(start=cue[0], end=cue[1], text="suggesting"),
                        **common),
        DateAnnotation(id="d1", start=_at(text, "next month")[0], end=_at(text, "next month")[1], text="next month",
                       type="DATE", value="2025-06", temporal_function=True, **common),
        FigureAnnotation(id="f1", start=_at(text, "5%")[0], end=_at(text, "5%")[1], text="5%", kind="percent",
                         value="5", unit="percent", **common),
        FigureAnnotation(id="f2", start=_at(text, "32")[0], end=_at(text, "32")[1], text="32", kind="count",
                         value="32", unit="item", **common),
    ]


def gold_hague(text: str) -> list[Any]:
    """Entities Bloomberg, US, NATO alliance; no quotes, dates or figures (annotated, and empty)."""
    return [
        _entity(text, "Bloomberg", "ORG", "bloomberg", "human", 1),
        _entity(text, "US", "GPE", "united-states", "human", 2),
        _entity(text, "NATO", "ORG", "nato", "human", 3),
    ]


def _header(layout: CorpusLayout, doc_id: str, origin: str, layers: tuple[str, ...]) -> AnnotationFileHeader:
    text = read_text(layout, doc_id)
    return AnnotationFileHeader(doc_id=doc_id, origin=origin, text_sha256=sha256_bytes(text.encode("utf-8")),
                                layers=layers)


@pytest.fixture
def layout(tmp_path: Path) -> CorpusLayout:
    """Articles and registry copied, gold written by hand; rule files are a degraded copy of the gold."""
    root = tmp_path / "corpus"
    for folder in ("articles", "registry"):
        shutil.copytree(REPO_ROOT / folder, root / folder)
    layout = CorpusLayout(root)
    deal, hague, rutte = (read_text(layout, d) for d in (DEAL, HAGUE, RUTTE))
    write_annotations(layout, _header(layout, DEAL, "human", ALL_LAYERS), gold_deal(deal))
    write_annotations(layout, _header(layout, HAGUE, "human", ALL_LAYERS), gold_hague(hague))
    write_annotations(layout, _header(layout, RUTTE, "human", ("entities",)),
                      [_entity(rutte, "NATO", "ORG", "nato", "human", 1)])
    # rules: DEAL loses Trump's title (partial), calls Bloomberg a PERSON (label error); HAGUE has no rule file
    rule_deal = [
        _entity(deal, "NATO", "ORG", "nato", "rule", 1),
        _entity(deal, "Bloomberg", "PERSON", None, "rule", 2),
        _entity(deal, "US", "GPE", "united-states", "rule", 3),
        _entity(deal, "Trump", "PERSON", "donald-trump", "rule", 4),
    ]
    write_annotations(layout, _header(layout, DEAL, "rule", ("entities",)), rule_deal)
    return layout


def _jsonl(path: Path, records: list[dict[str, Any]]) -> Path:
    path.write_text("".join(json.dumps(r) + "\n" for r in records), encoding="utf-8")
    return path


def _bench_json(capsys: pytest.CaptureFixture[str], *argv: str) -> dict[str, Any]:
    assert main(["bench", *argv, "--format", "json"]) == 0, capsys.readouterr().err
    return json.loads(capsys.readouterr().out)


def test_rules_system_on_a_private_corpus(layout: CorpusLayout, capsys: pytest.CaptureFixture[str]) -> None:
    report = _bench_json(capsys, "--root", str(layout.root), "--system", "rules", "--layers", "entities",
                         "--bootstrap", "0", "--split", "test")
    assert report["documents"] == [DEAL, HAGUE] and report["missing_documents"] == []
    strict = report["layers"]["entities"]["schemes"]["strict"]
    # DEAL: NATO, US correct; Bloomberg wrong label; "Trump" inside "President Trump" wrong boundaries.
    # HAGUE: no rule file = empty predictions, so its 3 gold entities are missed.
    assert (strict["correct"], strict["incorrect"], strict["partial"], strict["missed"], strict["spurious"]) == (
        2, 2, 0, 3, 0)
    partial = report["layers"]["entities"]["schemes"]["partial"]
    assert (partial["correct"], partial["partial"]) == (3, 1)
    assert partial["precision"] == pytest.approx(3.5 / 4) and partial["recall"] == pytest.approx(3.5 / 7)
    per_label = report["layers"]["entities"]["schemes"]["type"]["per_label"]
    assert per_label["PERSON"]["spurious"] == 1 and per_label["ORG"]["missed"] == 3
    # entity_id on overlap-matched pairs where the rules give one: Bloomberg's null is no guess, so it is not
    # judged (coverage 3 of 4) rather than counted wrong; the other three are right
    assert report["layers"]["entities"]["attributes"]["entity_id"] == 1.0
    assert report["layers"]["entities"]["attribute_coverage"]["entity_id"] == {
        "correct": 3, "judged": 3, "matched": 4, "coverage": 0.75}


def test_missing_is_not_negative_and_none_is_not_zero(layout: CorpusLayout) -> None:
    predictions = {RUTTE: []}
    report = evaluate(layout, predictions, [RUTTE], ALL_LAYERS, bootstrap=0)
    assert report["layers"]["quotes"] is None  # RUTTE's gold file does not cover quotes: nothing scored
    assert report["not_annotated"]["quotes"] == [RUTTE]
    assert report["layers"]["entities"]["schemes"]["strict"]["missed"] == 1
    hague = evaluate(layout, {HAGUE: []}, [HAGUE], ("dates",), bootstrap=50)["layers"]["dates"]
    strict = hague["schemes"]["strict"]  # annotated and empty, nothing predicted: no score at all
    assert (strict["precision"], strict["recall"], strict["f1"], strict["f1_ci95"]) == (None, None, None, None)
    assert set(hague["attributes"]) == {"type", "value", "type_and_value", "mod", "temporal_function"}
    assert all(value is None for value in hague["attributes"].values())


def test_missing_documents_are_counted_in_every_format(layout: CorpusLayout,
                                                       capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    deal = read_text(layout, DEAL)
    start, end = _at(deal, "NATO")
    path = _jsonl(tmp_path / "p.jsonl", [{"doc_id": DEAL, "layer": "entities", "start": start, "end": end,
                                          "text": "NATO", "label": "ORG"}])
    report = _bench_json(capsys, "--root", str(layout.root), "--predictions", str(path), "--bootstrap", "0",
                         "--split", "test")
    assert report["missing_documents"] == [HAGUE]
    assert list(report["layers"]) == ["entities"]  # default: the layers the predictions cover
    for fmt, needle in (("table", "without predictions (scored as empty): 1"),
                        ("markdown", "without predictions (scored as empty): 1")):
        assert main(["bench", "--root", str(layout.root), "--predictions", str(path), "--format", fmt,
                     "--bootstrap", "0", "--split", "test"]) == 0
        assert needle in capsys.readouterr().out
    report = _bench_json(capsys, "--root", str(layout.root), "--predictions", str(path), "--layers",
                         "entities,figures", "--bootstrap", "0", "--split", "test")
    assert report["layers"]["figures"]["schemes"]["strict"]["missed"] == 2
    other_split = _bench_json(capsys, "--root", str(layout.root), "--predictions", str(path), "--split",
                              "validation", "--bootstrap", "0")
    assert other_split["ignored_documents"] == [DEAL] and other_split["missing_documents"] == [RUTTE]


def test_folder_and_single_annotation_file_predictions(layout: CorpusLayout, tmp_path: Path,
                                                       capsys: pytest.CaptureFixture[str]) -> None:
    folder = tmp_path / "system"
    system = CorpusLayout(tmp_path / "unused")
    deal = read_text(layout, DEAL)
    header = _header(layout, DEAL, "rule", ("entities", "figures"))
    as_rule = {"origin": "rule", "annotator_kind": "rule"}
    predicted = [a.model_copy(update=as_rule) for a in gold_deal(deal) if a.layer in ("entities",
                                                                                                  "figures")]
    text = write_annotations(system, header, predicted).read_text(encoding="utf-8")
    folder.mkdir()
    (folder / f"{DEAL}.jsonl").write_text(text, encoding="utf-8")
    report = _bench_json(capsys, "--root", str(layout.root), "--predictions", str(folder), "--bootstrap", "0")
    assert list(report["layers"]) == ["entities", "figures"]  # the header's declared layers
    assert report["layers"]["figures"]["schemes"]["strict"]["f1"] == 1.0
    assert report["layers"]["figures"]["attributes"]["value_and_unit"] == 1.0
    single = _bench_json(capsys, "--root", str(layout.root), "--predictions", str(folder / f"{DEAL}.jsonl"),
                         "--bootstrap", "0")
    assert single["layers"] == report["layers"]


@pytest.mark.parametrize(("case", "message"), [
    ("doc mismatch", "system/2025-05-nato-allies-seek-five-percent-deal.jsonl:1: field doc_id: header names"),
    ("unknown doc", "system/2099-01-no-such-article.jsonl:1: field doc_id: unknown document"),
    ("bad line", "system/2025-05-nato-allies-seek-five-percent-deal.jsonl:4: error [literal_error] annotation e2, "
                 "field label: Input should be"),
])
def test_folder_errors_name_file_line_and_field(layout: CorpusLayout, tmp_path: Path, case: str, message: str,
                                                 capsys: pytest.CaptureFixture[str]) -> None:
    folder = tmp_path / "system"
    folder.mkdir()
    header = _header(layout, DEAL, "rule", ("entities",)).model_dump(mode="json")
    good = {"id": "e1", "layer": "entities", "start": 0, "end": 4, "text": "NATO", "label": "ORG",
            "origin": "rule", "annotator": "x"}
    name = DEAL
    lines = [header, good]
    if case == "doc mismatch":
        header["doc_id"] = HAGUE
    elif case == "unknown doc":
        name = header["doc_id"] = "2099-01-no-such-article"
        lines = [header]
    else:
        lines = [header, good, None, {**good, "id": "e2", "label": "ORGANISATION"}]  # blank line 3
    (folder / f"{name}.jsonl").write_text(
        "\n".join("" if r is None else json.dumps(r) for r in lines) + "\n", encoding="utf-8")
    assert main(["bench", "--root", str(layout.root), "--predictions", str(folder)]) == 1
    err = capsys.readouterr().err.strip()
    assert len(err.splitlines()) == 1 and message in err, err


def test_parquet_out_of_range_names_the_row(layout: CorpusLayout, tmp_path: Path,
                                            capsys: pytest.CaptureFixture[str]) -> None:
    import pyarrow as pa
    import pyarrow.parquet as pq

    rows = [{"doc_id": DEAL, "layer": "entities", "start": 0, "end": 4, "text": "NATO", "label": "ORG"},
            {"doc_id": DEAL, "layer": "entities", "start": 10**6, "end": 10**6 + 4, "text": "NATO", "label": "ORG"}]
    pq.write_table(pa.Table.from_pylist(rows), tmp_path / "p.parquet")
    assert main(["bench", "--root", str(layout.root), "--predictions", str(tmp_path / "p.parquet")]) == 1
    assert "p.parquet: row 2: field end: span [1000000, 1000004) ends beyond the text" in capsys.readouterr().err
    with pytest.raises(PredictionError, match="cannot read Parquet"):
        (tmp_path / "bad.parquet").write_bytes(b"not parquet")
        load_prediction_set(tmp_path / "bad.parquet")


def test_bootstrap_is_seeded_and_too_few_documents_get_a_warning_not_an_interval(
        layout: CorpusLayout, capsys: pytest.CaptureFixture[str]) -> None:
    argv = ("--root", str(layout.root), "--system", "rules", "--split", "all", "--bootstrap", "200")
    first = _bench_json(capsys, *argv, "--seed", "7")
    assert first == _bench_json(capsys, *argv, "--seed", "7")
    entities = first["layers"]["entities"]  # three documents (quotes: two): below the minimum, so no interval anywhere
    for scheme in entities["schemes"].values():
        assert scheme["f1_ci95"] is None and scheme["macro_f1_ci95"] is None
        assert all(label["f1_ci95"] is None for label in scheme["per_label"].values())
    assert first["bootstrap"]["minimum_documents"] == 5 and "no confidence intervals below 5" in first["warnings"][0]
    assert main(["bench", *argv]) == 0
    captured = capsys.readouterr()
    assert "warning: only 2 document(s) scored: no confidence intervals below 5 documents" in captured.err
    assert "WARNING: only 2 document(s) scored" in captured.out


@pytest.mark.parametrize("value", ["-5", "many"])
def test_bootstrap_must_be_a_whole_number(layout: CorpusLayout, capsys: pytest.CaptureFixture[str],
                                          value: str) -> None:
    with pytest.raises(SystemExit) as stopped:
        main(["bench", "--root", str(layout.root), "--bootstrap", value])
    assert stopped.value.code == 2 and "--bootstrap" in capsys.readouterr().err


def test_quote_attributes_and_cue_f1(layout: CorpusLayout) -> None:
    deal = read_text(layout, DEAL)
    gold_quote = next(a for a in gold_deal(deal) if a.layer == "quotes")
    other = _at(deal, "Bloomberg")
    wrong_speaker = gold_quote.model_copy(update={
        "origin": "rule", "annotator_kind": "rule", "start": gold_quote.start + 4,
        "text": deal[gold_quote.start + 4:gold_quote.end],
        "speaker": SpanRef(start=other[0], end=other[1], text="Bloomberg"), "speaker_entity_id": "bloomberg"})
    quotes = evaluate(layout, {DEAL: [wrong_speaker]}, [DEAL], ("quotes",), bootstrap=0)["layers"]["quotes"]
    assert quotes["schemes"]["strict"]["incorrect"] == 1 and quotes["schemes"]["partial"]["partial"] == 1
    assert quotes["attributes"]["kind"] == 1.0
    assert quotes["attributes"]["speaker_span"] == 0.0 and quotes["attributes"]["speaker_entity"] == 0.0
    assert quotes["cue"]["f1"] == 1.0  # same cue span, scored on its own


def test_table_format_is_plain_text(layout: CorpusLayout) -> None:
    report = evaluate(layout, system_predictions(layout, "rules", [DEAL, HAGUE]), [DEAL, HAGUE], ("entities",),
                      bootstrap=20)
    table = render_table(report, "rules")
    assert "|" not in table and "== entities ==" in table
    assert any(line.split()[:1] == ["strict"] for line in table.splitlines())


def test_text_to_spans_callable_adapter(layout: CorpusLayout) -> None:
    def extractor(text: str) -> list[tuple[int, int, str]]:  # finds every "NATO" and "5%"
        found = []
        for needle, label in (("NATO", "ORG"), ("5%", "PERCENT")):
            start = text.find(needle)
            while start >= 0:
                found.append((start, start + len(needle), label))
                start = text.find(needle, start + 1)
        return found

    predictions = predict_documents(layout, [DEAL], extractor, "toy")
    assert {a.layer for a in predictions[DEAL]} == {"entities", "figures"}
    report = evaluate(layout, predictions, [DEAL], ("figures",), bootstrap=0)
    figures = report["layers"]["figures"]
    assert figures["schemes"]["strict"]["correct"] == 1  # the gold 5%; other 5%s are spurious
    # the adapter does not guess values: a null is not judged (neither right nor wrong), and says so
    assert figures["attributes"]["value"] is None
    coverage = figures["attribute_coverage"]["value"]
    assert coverage["judged"] == 0 and coverage["matched"] == 1


def test_token_classification_without_aggregation_merges_word_pieces() -> None:
    text = "Mark Rutte met Zelenskyy in Kyiv."
    tokens = [
        {"entity": "B-PER", "start": 0, "end": 4, "word": "Mark", "score": 0.99},
        {"entity": "I-PER", "start": 5, "end": 10, "word": "Rutte", "score": 0.99},
        {"entity": "PER", "start": 15, "end": 20, "word": "Zelen", "score": 0.9},
        {"entity": "PER", "start": 20, "end": 24, "word": "##skyy", "score": 0.9},
        {"entity": "B-LOC", "start": 28, "end": 32, "word": "Kyiv", "score": 0.95},
        {"entity": "B-MISC", "start": 0, "end": 4, "word": "Mark", "score": 0.1},
    ]
    annotations = from_token_classification(text, tokens, "hf")
    assert [(a.text, a.label) for a in annotations] == [("Mark Rutte", "PERSON"), ("Zelenskyy", "PERSON"),
                                                         ("Kyiv", "GPE")]
    grouped = [{"entity_group": "ORG", "start": 0, "end": 10, "word": "Mark Rutte", "score": 0.5}]
    assert [a.label for a in from_token_classification(text, grouped, "hf")] == ["ORG"]


def test_example_file_is_scored_with_one_command(monkeypatch: pytest.MonkeyPatch,
                                                 capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.chdir(REPO_ROOT)
    if not all((REPO_ROOT / "annotations" / "human" / f"{d}.jsonl").exists() for d in (DEAL, HAGUE)):
        pytest.skip("gold annotations of the test split are not written yet")
    assert main(["bench", "--predictions", "examples/predictions.jsonl"]) == 0
    out = capsys.readouterr().out
    assert out.startswith("predictions.jsonl on all documents") and "== entities ==" in out


def test_spacy_without_spacy_is_a_one_line_install_hint(monkeypatch: pytest.MonkeyPatch, layout: CorpusLayout,
                                                         capsys: pytest.CaptureFixture[str]) -> None:
    import sys

    monkeypatch.setitem(sys.modules, "spacy", None)  # makes `import spacy` raise ImportError
    assert main(["bench", "--root", str(layout.root), "--system", "spacy-sm"]) == 1
    err = capsys.readouterr().err.strip()
    assert err == "error: spaCy is not installed: pip install 'nato-corpus[peers]'"


def test_leaderboard_shows_what_a_system_does_not_predict_as_a_dash(layout: CorpusLayout) -> None:
    from nato_corpus.evaluate.bench import BUILTIN_SYSTEMS, leaderboard

    info = BUILTIN_SYSTEMS["spacy-sm"]
    deal = read_text(layout, DEAL)
    start, end = _at(deal, "NATO")
    predictions = predict_documents(layout, [DEAL], lambda text: [(start, end, "ORG")], "toy")
    report = evaluate(layout, predictions, [DEAL, HAGUE], info.layers, bootstrap=0, attempted=info.attempts)
    assert report["layers"]["entities"]["attributes"]["entity_id"] is None  # not attempted, not 0
    assert report["layers"]["entities"]["attribute_coverage"]["entity_id"] is None
    row = leaderboard([("corpus", {"toy": {"split": "test", "report": report}})]).splitlines()[2]
    cells = [c.strip() for c in row.strip("|").split("|")][5:]
    # after system, text, documents, split, tuned: entities F1, entity_id, quotes F1, speaker_entity, dates F1,
    # type_and_value, ...
    assert cells[1] == "–" and cells[2] == "–" and cells[3] == "–" and cells[5] == "–"
    assert cells[0].startswith("0.")


def test_parquet_with_all_four_layers_scores_like_the_same_jsonl(layout: CorpusLayout, tmp_path: Path) -> None:
    """One table for every layer: each row carries every column, nulls in the fields of other layers."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    from conftest import REPO_ROOT

    jsonl = REPO_ROOT / "examples" / "predictions.jsonl"
    rows = [json.loads(line) for line in jsonl.read_text(encoding="utf-8").splitlines() if line.strip()]
    assert {row["layer"] for row in rows} == {"entities", "quotes", "dates", "figures"}
    columns = sorted({key for row in rows for key in row})
    rows = [{key: row.get(key) for key in columns} for row in rows]  # one table: every row has every column
    pq.write_table(pa.Table.from_pylist(rows), tmp_path / "all.parquet")
    from_parquet = load_prediction_set(tmp_path / "all.parquet")
    from_jsonl = load_prediction_set(jsonl)
    def records(loaded: object) -> dict[str, list[dict]]:  # the annotator defaults to the file's name
        return {d: [a.model_dump(exclude={"annotator"}) for a in items]
                for d, items in loaded.predictions.items()}  # type: ignore[attr-defined]

    assert records(from_parquet) == records(from_jsonl) and from_parquet.layers == from_jsonl.layers
    rows[0]["cue"] = {"start": 0, "end": 4, "text": "NATO"}  # a non-null foreign field is still an error
    pq.write_table(pa.Table.from_pylist(rows), tmp_path / "bad.parquet")
    with pytest.raises(PredictionError, match=r"row 1: .*cue"):
        load_prediction_set(tmp_path / "bad.parquet")
